// The JSON forms of the desk's records.
#include "supportdesk/json.hpp"

#include "supportdesk/text.hpp"

namespace sd {

std::string JsonView::iso(Instant t) const { return format_instant(t, calendar->zone()); }
Json JsonView::iso(const std::optional<Instant>& t) const { return t ? Json(iso(*t)) : Json(nullptr); }

Json text_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json to_json(const Customer& c, const JsonView& v) {
  return Json{{"key", c.key},
              {"name", c.name},
              {"name_en", c.name_en.empty() ? Json(nullptr) : Json(c.name_en)},
              {"plan", to_string(c.plan)},
              {"tz", c.tz},
              {"created_at", v.iso(c.created_at)}};
}

Json to_json(const Contact& c) {
  return Json{{"order", c.position},
              {"name", c.name},
              {"phone", text_or_null(c.phone)},
              {"email", text_or_null(c.email)},
              {"role", text_or_null(c.role)}};
}

namespace {

/// A request's JSON form, written into either sink (json_out.hpp).
template <class Out>
void request_json(Out& o, const Request& r, const JsonView& v) {
  auto iso = [&](const char* k, const std::optional<Instant>& t) {
    o.key(k);
    if (t) o.value(v.iso(*t));
    else o.value(nullptr);
  };
  auto text = [&](const char* k, const std::string& s) {
    o.key(k);
    if (s.empty()) o.value(nullptr);
    else o.value(s);
  };
  auto c = slo_clock(r, *v.calendar, v.now);
  o.begin_object();
  o.field("key", r.key());
  o.field("customer", r.customer);
  o.field("number", r.number);
  o.field("type", r.type);
  o.field("tier", to_string(r.tier));
  o.field("slo_days", r.slo_days);
  o.field("title", r.title);
  o.field("priority", to_string(r.priority));
  o.field("status", to_string(r.status));
  text("assignee", r.assignee);
  o.field("via", to_string(r.via));
  text("caller", r.caller);
  o.key("fields");
  o.begin_object();
  for (const auto& [k, val] : r.fields) o.field(k, val);
  o.end_object();
  text("details", r.details);
  iso("received_at", r.received_at);
  iso("clock_started_at", r.clock_start);
  iso("desired_at", r.desired_at);
  iso("due_at", r.due_at);
  iso("resolved_at", r.resolved_at);
  iso("closed_at", r.closed_at);
  text("miss_reason", r.miss_reason);
  text("escalated_to", r.escalated_to);
  o.key("slo");
  o.begin_object();
  o.field("started", c.started);
  o.field("paused", c.paused);
  o.field("budget_seconds", c.budget.count());
  o.field("used_seconds", c.used.count());
  o.field("paused_seconds", c.paused_time.count());
  o.field("left_seconds", c.left().count());
  o.field("standing", to_string(c.standing));
  o.field("late", c.late());
  o.end_object();
  o.key("pauses");
  o.begin_array();
  for (const auto& p : r.pauses) {
    o.begin_object();
    iso("paused_at", p.from);
    iso("resumed_at", p.to);
    o.end_object();
  }
  o.end_array();
  // The request's clock and what it is judged against (compliance.hpp).
  auto age = unscheduled_age(r, v.now);
  o.field("clock", r.urgent_minutes ? "wall" : "business");
  o.field("urgent", r.urgent_minutes.has_value());
  o.key("urgent_target_seconds");
  if (r.urgent_minutes) o.value(std::int64_t{*r.urgent_minutes} * 60);
  else o.value(nullptr);
  iso("slo_due_at", r.slo_due_at);
  o.field("judged_by_desired", judged_by_desired(r));
  iso("working_due_at", working_due(r));
  o.field("desired_missed", desired_missed(r, v.now));
  o.key("unscheduled_seconds");
  if (age) o.value(age->count());
  else o.value(nullptr);
  o.key("exempt");
  if (r.exempt_at) {
    o.begin_object();
    text("approved_by", r.exempt_by);
    iso("approved_at", r.exempt_at);
    text("reason", r.exempt_reason);
    o.end_object();
  } else {
    o.value(nullptr);
  }
  iso("created_at", r.created_at);
  iso("updated_at", r.updated_at);
  o.field("version", r.version);
  o.end_object();
}

}  // namespace

Json to_json(const Request& r, const JsonView& v) {
  JsonBuild b;
  request_json(b, r, v);
  return b.take();
}

void write_json(JsonOut& out, const Request& r, const JsonView& v) { request_json(out, r, v); }

Json to_json(const RequestEvent& e, const JsonView& v) {
  return Json{{"at", v.iso(e.at)},         {"actor", e.actor},         {"kind", e.kind},
              {"from", text_or_null(e.from)}, {"to", text_or_null(e.to)}, {"note", text_or_null(e.note)},
              {"internal", e.internal}};
}

namespace {

/// An audit entry's JSON form, written into either sink (json_out.hpp).
template <class Out>
void audit_json(Out& o, const AuditEvent& e, const JsonView& v) {
  auto stored = [&](const char* k, const std::string& s) {
    o.key(k);
    if (s.empty()) o.value(nullptr);
    else o.value(Json::parse(s));
  };
  o.begin_object();
  o.field("id", e.id);
  o.field("at", v.iso(e.at));
  o.field("actor", e.actor);
  o.field("entity", e.entity);
  o.field("action", e.action);
  stored("before", e.before);
  stored("after", e.after);
  o.end_object();
}

/// An incident's JSON form, written into either sink (json_out.hpp).
template <class Out>
void incident_json(Out& o, const Incident& i, const JsonView& v) {
  auto iso = [&](const char* k, const std::optional<Instant>& t) {
    o.key(k);
    if (t) o.value(v.iso(*t));
    else o.value(nullptr);
  };
  auto text = [&](const char* k, const std::string& s) {
    o.key(k);
    if (s.empty()) o.value(nullptr);
    else o.value(s);
  };
  auto c = incident_clock(i, v.policy);
  o.begin_object();
  o.field("key", i.key());
  o.field("customer", i.customer);
  o.field("number", i.number);
  o.field("title", i.title);
  text("host", i.host);
  o.field("impact", to_string(i.impact));
  text("judged_by", i.judged_by);
  iso("judged_at", i.judged_at);
  o.field("status", to_string(i.status));
  o.field("via", to_string(i.via));
  o.field("priority", i.priority);
  text("business_impact", i.business_impact);
  text("details", i.details);
  iso("received_at", i.received_at);
  iso("detected_at", i.detected_at);
  iso("first_notified_at", i.first_notified_at);
  iso("first_posted_at", i.first_posted_at);
  iso("first_called_at", i.first_called_at);
  iso("last_notice_at", i.last_notice_at);
  iso("recovered_at", i.recovered_at);
  text("recovery_action", i.recovery_action);
  iso("recovery_notified_at", i.recovery_notified_at);
  iso("confirmed_at", i.confirmed_at);
  iso("closed_at", i.closed_at);
  text("escalated_to", i.escalated_to);
  text("assignee", i.assignee);
  text("caller", i.caller);
  iso("reopened_at", i.reopened_at);
  iso("reopen_posted_at", i.reopen_posted_at);
  iso("reopen_called_at", i.reopen_called_at);
  o.key("follows");
  if (i.follows) o.value(i.customer + "-" + std::to_string(i.follows));
  else o.value(nullptr);
  o.key("clock");
  o.begin_object();
  iso("first_slo_due_at", c.first_slo_due);
  iso("first_sla_due_at", c.first_sla_due);
  o.field("first_slo_met", c.first_slo_met);
  o.field("first_sla_met", c.first_sla_met);
  iso("reopen_slo_due_at", c.reopen_slo_due);
  iso("reopen_sla_due_at", c.reopen_sla_due);
  iso("reopen_notified_at", c.reopen_notified_at);
  o.field("reopen_slo_met", c.reopen_slo_met);
  o.field("reopen_sla_met", c.reopen_sla_met);
  iso("next_interim_due_at", c.next_interim_due);
  o.end_object();
  iso("created_at", i.created_at);
  iso("updated_at", i.updated_at);
  o.field("version", i.version);
  o.end_object();
}

}  // namespace

Json to_json(const AuditEvent& e, const JsonView& v) {
  JsonBuild b;
  audit_json(b, e, v);
  return b.take();
}

void write_json(JsonOut& out, const AuditEvent& e, const JsonView& v) { audit_json(out, e, v); }

Json to_json(const Incident& i, const JsonView& v) {
  JsonBuild b;
  incident_json(b, i, v);
  return b.take();
}

void write_json(JsonOut& out, const Incident& i, const JsonView& v) { incident_json(out, i, v); }

Json to_json(const IncidentEvent& e, const JsonView& v) {
  Json data = e.data.empty() ? Json::object() : Json::parse(e.data);
  return Json{{"at", v.iso(e.at)}, {"actor", e.actor}, {"kind", e.kind}, {"data", data}, {"note", text_or_null(e.note)}};
}

Json to_json(const Criterion& c) {
  Json matches = Json::object();
  for (const auto& [k, val] : c.matches) matches[k] = val;
  return Json{{"id", c.id}, {"order", c.position}, {"match", matches},
              {"impact", to_string(c.impact)}, {"note", text_or_null(c.note)}};
}

Json to_json(const AlertRecord& a, const JsonView& v) {
  return Json{{"source", a.source},       {"identity", a.identity},
              {"status", a.firing ? "firing" : "resolved"},
              {"starts_at", v.iso(a.starts_at)}, {"ends_at", v.iso(a.ends_at)},
              {"received_at", v.iso(a.received_at)}, {"title", text_or_null(a.title)},
              {"summary", text_or_null(a.summary)},     {"host", text_or_null(a.host)},
              {"labels", a.labels.empty() ? Json::object() : Json::parse(a.labels)}};
}

Json to_json(const InboxItem& item, const JsonView& v, bool with_payload) {
  Json j{{"id", item.id},
         {"received_at", v.iso(item.received_at)},
         {"actor", item.actor},
         {"format", item.format},
         {"customer", text_or_null(item.customer)},
         {"reason", text_or_null(item.reason)},
         {"status", item.status},
         {"placed_at", v.iso(item.placed_at)},
         {"result", text_or_null(item.result)},
         {"bytes", item.payload.size()}};
  if (with_payload)
    j["payload"] = is_valid_utf8(item.payload) ? item.payload
                                               : "(not UTF-8; 'sd alert show " + std::to_string(item.id) + "' prints it)";
  return j;
}

Json to_json(const Obligation& o, const JsonView& v) {
  auto left = std::chrono::duration_cast<std::chrono::seconds>(o.due - v.now).count();
  Json j{{"kind", o.kind}, {"target", o.target}, {"due_at", v.iso(o.due)}};
  if (left >= 0) j["left_seconds"] = left;
  else j["late_seconds"] = -left;
  return j;
}

}  // namespace sd
