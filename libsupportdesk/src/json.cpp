// The JSON forms of the desk's records.
#include "supportdesk/json.hpp"

#include "supportdesk/text.hpp"

namespace sd {

std::string JsonView::iso(Instant t) const { return format_instant(t, calendar->zone()); }
Json JsonView::iso(const std::optional<Instant>& t) const { return t ? Json(iso(*t)) : Json(nullptr); }

Json to_json(const Customer& c, const JsonView& v) {
  return Json{{"key", c.key},
              {"name", c.name},
              {"name_en", c.name_en.empty() ? Json(nullptr) : Json(c.name_en)},
              {"plan", to_string(c.plan)},
              {"tz", c.tz},
              {"created_at", v.iso(c.created_at)}};
}

Json to_json(const Contact& c) {
  return Json{{"order", c.position}, {"name", c.name},   {"phone", c.phone},
              {"email", c.email},    {"role", c.role}};
}

Json to_json(const Request& r, const JsonView& v) {
  Json fields = Json::object();
  for (const auto& [k, val] : r.fields) fields[k] = val;
  auto c = slo_clock(r, *v.calendar, v.now);
  Json j{{"key", r.key()},
         {"customer", r.customer},
         {"number", r.number},
         {"type", r.type},
         {"tier", to_string(r.tier)},
         {"slo_days", r.slo_days},
         {"title", r.title},
         {"priority", to_string(r.priority)},
         {"status", to_string(r.status)},
         {"assignee", r.assignee},
         {"via", to_string(r.via)},
         {"caller", r.caller},
         {"fields", fields},
         {"details", r.details},
         {"received_at", v.iso(r.received_at)},
         {"clock_started_at", v.iso(r.clock_start)},
         {"desired_at", v.iso(r.desired_at)},
         {"due_at", v.iso(r.due_at)},
         {"resolved_at", v.iso(r.resolved_at)},
         {"closed_at", v.iso(r.closed_at)},
         {"miss_reason", r.miss_reason},
         {"escalated_to", r.escalated_to}};
  j["slo"] = Json{{"started", c.started},
                  {"paused", c.paused},
                  {"budget_seconds", c.budget.count()},
                  {"used_seconds", c.used.count()},
                  {"paused_seconds", c.paused_time.count()},
                  {"left_seconds", c.left().count()},
                  {"standing", to_string(c.standing)},
                  {"late", c.late()}};
  Json pauses = Json::array();
  for (const auto& p : r.pauses) pauses.push_back(Json{{"from", v.iso(p.from)}, {"to", v.iso(p.to)}});
  j["pauses"] = pauses;
  // The request's clock and what it is judged against (compliance.hpp).
  auto age = unscheduled_age(r, v.now);
  j["clock"] = r.urgent_minutes ? "wall" : "business";
  j["urgent"] = r.urgent_minutes.has_value();
  j["urgent_target_minutes"] = r.urgent_minutes ? Json(*r.urgent_minutes) : Json(nullptr);
  j["slo_due_at"] = v.iso(r.slo_due_at);
  j["judged_by_desired"] = judged_by_desired(r);
  j["working_due_at"] = v.iso(working_due(r));
  j["desired_missed"] = desired_missed(r, v.now);
  j["unscheduled_seconds"] = age ? Json(age->count()) : Json(nullptr);
  j["exempt"] = r.exempt_at ? Json{{"approved_by", r.exempt_by}, {"approved_at", v.iso(*r.exempt_at)},
                                   {"reason", r.exempt_reason}}
                            : Json(nullptr);
  j["created_at"] = v.iso(r.created_at);
  j["updated_at"] = v.iso(r.updated_at);
  return j;
}

Json to_json(const RequestEvent& e, const JsonView& v) {
  return Json{{"at", v.iso(e.at)}, {"actor", e.actor}, {"kind", e.kind}, {"from", e.from},
              {"to", e.to},        {"note", e.note},   {"internal", e.internal}};
}

Json to_json(const AuditEvent& e, const JsonView& v) {
  auto parse = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json::parse(s); };
  return Json{{"id", e.id},         {"at", v.iso(e.at)},     {"actor", e.actor},
              {"entity", e.entity}, {"action", e.action},    {"before", parse(e.before)},
              {"after", parse(e.after)}};
}

Json to_json(const Incident& i, const JsonView& v) {
  auto optb = [](const std::optional<bool>& b) { return b ? Json(*b) : Json(nullptr); };
  auto c = incident_clock(i, v.policy);
  return Json{{"key", i.key()},
              {"customer", i.customer},
              {"number", i.number},
              {"title", i.title},
              {"host", i.host},
              {"impact", to_string(i.impact)},
              {"judged_by", i.judged_by},
              {"judged_at", v.iso(i.judged_at)},
              {"status", to_string(i.status)},
              {"via", to_string(i.via)},
              {"priority", i.priority},
              {"business_impact", i.business_impact},
              {"details", i.details},
              {"received_at", v.iso(i.received_at)},
              {"detected_at", v.iso(i.detected_at)},
              {"first_notified_at", v.iso(i.first_notified_at)},
              {"first_posted_at", v.iso(i.first_posted_at)},
              {"first_called_at", v.iso(i.first_called_at)},
              {"last_notice_at", v.iso(i.last_notice_at)},
              {"recovered_at", v.iso(i.recovered_at)},
              {"recovery_action", i.recovery_action},
              {"recovery_notified_at", v.iso(i.recovery_notified_at)},
              {"confirmed_at", v.iso(i.confirmed_at)},
              {"closed_at", v.iso(i.closed_at)},
              {"escalated_to", i.escalated_to},
              {"assignee", i.assignee},
              {"caller", i.caller},
              {"reopened_at", v.iso(i.reopened_at)},
              {"reopen_posted_at", v.iso(i.reopen_posted_at)},
              {"reopen_called_at", v.iso(i.reopen_called_at)},
              {"follows", i.follows ? Json(i.customer + "-" + std::to_string(i.follows)) : Json(nullptr)},
              {"clock",
               Json{{"first_slo_due", v.iso(c.first_slo_due)},
                    {"first_sla_due", v.iso(c.first_sla_due)},
                    {"first_slo_met", optb(c.first_slo_met)},
                    {"first_sla_met", optb(c.first_sla_met)},
                    {"reopen_slo_due", v.iso(c.reopen_slo_due)},
                    {"reopen_sla_due", v.iso(c.reopen_sla_due)},
                    {"reopen_notified_at", v.iso(c.reopen_notified_at)},
                    {"reopen_slo_met", optb(c.reopen_slo_met)},
                    {"reopen_sla_met", optb(c.reopen_sla_met)},
                    {"next_interim_due", v.iso(c.next_interim_due)}}},
              {"created_at", v.iso(i.created_at)},
              {"updated_at", v.iso(i.updated_at)}};
}

Json to_json(const IncidentEvent& e, const JsonView& v) {
  Json data = e.data.empty() ? Json::object() : Json::parse(e.data);
  return Json{{"at", v.iso(e.at)}, {"actor", e.actor}, {"kind", e.kind}, {"data", data}, {"note", e.note}};
}

Json to_json(const Criterion& c) {
  Json matches = Json::object();
  for (const auto& [k, val] : c.matches) matches[k] = val;
  return Json{{"id", c.id}, {"order", c.position}, {"match", matches},
              {"impact", to_string(c.impact)}, {"note", c.note}};
}

Json to_json(const AlertRecord& a, const JsonView& v) {
  return Json{{"source", a.source},       {"identity", a.identity},
              {"status", a.firing ? "firing" : "resolved"},
              {"starts_at", v.iso(a.starts_at)}, {"ends_at", v.iso(a.ends_at)},
              {"received_at", v.iso(a.received_at)}, {"title", a.title},
              {"summary", a.summary},     {"host", a.host},
              {"labels", a.labels.empty() ? Json::object() : Json::parse(a.labels)}};
}

Json to_json(const InboxItem& item, const JsonView& v, bool with_payload) {
  Json j{{"id", item.id},
         {"received_at", v.iso(item.received_at)},
         {"actor", item.actor},
         {"format", item.format},
         {"customer", item.customer},
         {"reason", item.reason},
         {"status", item.status},
         {"placed_at", v.iso(item.placed_at)},
         {"result", item.result},
         {"bytes", item.payload.size()}};
  if (with_payload)
    j["payload"] = is_valid_utf8(item.payload) ? item.payload
                                               : "(not UTF-8; 'sd alert show " + std::to_string(item.id) + "' prints it)";
  return j;
}

Json to_json(const Obligation& o, const JsonView& v) {
  auto left = std::chrono::duration_cast<std::chrono::minutes>(o.due - v.now).count();
  Json j{{"kind", o.kind}, {"target", o.target}, {"due", v.iso(o.due)}};
  if (left >= 0) j["minutes_left"] = left;
  else j["minutes_late"] = -left;
  return j;
}

}  // namespace sd
