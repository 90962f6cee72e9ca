// Incidents: intake, judgement, notifications and the call tree, escalation,
// recovery, and the checks for cron.
#include "supportdesk/incidents.hpp"
#include "supportdesk/incident_moves.hpp"

#include "supportdesk/config_items.hpp"
#include "supportdesk/customers.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"
#include "checks.hpp"
#include "each_key.hpp"
#include "enum_names.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace sd {

namespace {
constexpr std::array<std::string_view, 3> kNoticeVias{"phone", "backlog", "email"};
constexpr std::array<std::string_view, 3> kCallResults{"answered", "no-answer", "voicemail"};
constexpr std::array<std::string_view, 3> kNoticeKinds{"first", "interim", "recovery"};
constexpr std::array<std::string_view, 2> kEscalationTargets{"support-center", "aws"};
}  // namespace

std::string_view to_string(NoticeVia v) { return kNoticeVias[static_cast<std::size_t>(v)]; }
std::string_view to_string(CallResult r) { return kCallResults[static_cast<std::size_t>(r)]; }
std::string_view to_string(NoticeKind k) { return kNoticeKinds[static_cast<std::size_t>(k)]; }
std::string_view to_string(EscalationTarget t) { return kEscalationTargets[static_cast<std::size_t>(t)]; }
std::optional<NoticeVia> notice_via_from(std::string_view s) { return enum_from<NoticeVia>(kNoticeVias, s); }
std::optional<CallResult> call_result_from(std::string_view s) { return enum_from<CallResult>(kCallResults, s); }
std::optional<NoticeKind> notice_kind_from(std::string_view s) { return enum_from<NoticeKind>(kNoticeKinds, s); }
std::optional<EscalationTarget> escalation_target_from(std::string_view s) {
  return enum_from<EscalationTarget>(kEscalationTargets, s);
}

// ---- helpers -------------------------------------------------------------------

namespace {
Incident must_incident(DeskContext& ctx, const std::string& key) {
  auto [customer, number] = parse_ticket_key(key);
  auto inc = ctx.store.find_incident(customer, number);
  if (!inc) {
    bool is_request = ctx.store.find_request(customer, number).has_value();
    throw not_found("incident: no incident " + key +
                    (is_request ? " (it is a request: see 'sd request show " + key + "')"
                                : " (see 'sd incident list')"));
  }
  return *inc;
}

Incident must_incident_at(DeskContext& ctx, const std::string& key, std::optional<std::int64_t> if_version) {
  auto inc = must_incident(ctx, key);
  ctx.expect_version(inc.key(), "incident", inc.version, if_version);
  return inc;
}
}  // namespace

Incident Incidents::must(const std::string& key) { return must_incident(ctx_, key); }

Incident Incidents::must_at(const std::string& key, std::optional<std::int64_t> if_version) {
  return must_incident_at(ctx_, key, if_version);
}

namespace incident_log {

void save(DeskContext& ctx, Incident& inc, const Json& before, const std::string& action) {
  inc.updated_at = ctx.now;
  if (!ctx.store.update_incident(inc)) throw ctx.changed_since(inc.key(), "incident");
  ++inc.version;
  ctx.audit(inc.key(), action, before, to_json(inc, ctx.view()));
}

void event(DeskContext& ctx, const Incident& inc, const std::string& kind, const Json& data,
           const std::string& note) {
  IncidentEvent e;
  e.incident_id = inc.id;
  e.at = ctx.now;
  e.actor = ctx.actor;
  e.kind = kind;
  e.data = data.dump();
  e.note = note;
  ctx.store.insert_incident_event(e);
}

void hook(DeskContext& ctx, std::vector<HookEvent>& staged, const std::string& name, const Incident& inc,
          Json extra) {
  Json j{{"event", name}, {"at", ctx.iso(ctx.now)}, {"actor", ctx.actor}, {"incident", to_json(inc, ctx.view())}};
  for (auto& [k, v] : extra.items()) j[k] = v;
  staged.push_back(HookEvent{name, j.dump()});
}

void notice_reached(DeskContext& ctx, Incident& inc, bool written) {
  // A store kept before the parts were recorded has incidents notified
  // without them: their first notice stays as it was.
  bool legacy = inc.first_notified_at && !inc.first_posted_at && !inc.first_called_at;
  auto& first = written ? inc.first_posted_at : inc.first_called_at;
  if (!legacy && !first) first = ctx.now;
  auto& again = written ? inc.reopen_posted_at : inc.reopen_called_at;
  if (inc.reopened_at && !again) again = ctx.now;
  inc.first_notified_at = first_notice_given_at(inc);
  inc.last_notice_at = ctx.now;
}

}  // namespace incident_log

std::vector<int> positions_called(const Incident& inc, const std::vector<IncidentEvent>& events,
                                  const std::vector<Contact>& contacts) {
  std::vector<int> out;
  for (const auto& e : events) {
    if (e.kind != "notify" || (inc.reopened_at && e.at < *inc.reopened_at)) continue;
    auto data = Json::parse(e.data);
    if (data.value("via", "") != "phone") continue;
    auto name = data.value("contact", std::string());
    for (const auto& c : contacts)
      if (c.name == name) out.push_back(c.position);
  }
  return out;
}

// ---- incidents -----------------------------------------------------------------

Incident Incidents::open(const NewIncident& in) {
  check_customer_key(in.customer);
  Incident inc;
  inc.customer = in.customer;
  check_one_line(in.host, "host");
  inc.host = in.host;
  if (in.impact) inc.impact = *in.impact;
  inc.via = in.via;
  inc.priority = std::string(to_string(in.priority));
  check_text(in.business_impact, "business_impact");
  inc.business_impact = in.business_impact;
  check_one_line(in.title, "title");
  check_one_line(in.caller, "caller");
  inc.caller = std::string(trim(in.caller));
  check_text(in.details, "message");
  inc.details = in.details;
  inc.received_at = in.received_at.value_or(ctx_.now);
  if (inc.received_at > ctx_.now) throw field_error("received_at", ctx_.iso(inc.received_at) + " is in the future");
  inc.detected_at = in.detected_at;
  if (inc.detected_at && *inc.detected_at > inc.received_at)
    throw field_error("detected_at", ctx_.iso(*inc.detected_at) + " is after the report was received");
  inc.title = in.title.empty() ? (inc.host.empty() ? "障害" : inc.host + " の障害") : in.title;
  if (inc.impact != Impact::unjudged) {
    inc.judged_by = ctx_.actor;
    inc.judged_at = ctx_.now;
  }
  inc.created_at = inc.updated_at = ctx_.now;
  // What makes a retry the same incident: the input as given.
  auto at = [&](const std::optional<Instant>& t) { return t ? Json(ctx_.iso(*t)) : Json(nullptr); };
  Json input{{"customer", in.customer}, {"host", in.host},
             {"impact", in.impact ? Json(to_string(*in.impact)) : Json(nullptr)},
             {"received_at", at(in.received_at)}, {"detected_at", at(in.detected_at)},
             {"via", to_string(in.via)}, {"caller", in.caller}, {"priority", to_string(in.priority)},
             {"business_impact", in.business_impact}, {"title", in.title}, {"details", in.details}};
  std::vector<HookEvent> staged;
  auto out = write_transaction(ctx_.store, [&] {
    staged.clear();  // a conflict runs the body again
    if (auto earlier = ctx_.replayed(in.idempotency_key, "incident.open", input)) return must(*earlier);
    auto cust = ctx_.must_customer(in.customer);
    inc.customer_id = cust.id;
    inc.number = ctx_.store.take_ticket_number(cust.id);
    inc.id = ctx_.store.insert_incident(inc);
    incident_log::event(ctx_, inc, "opened", Json{{"via", to_string(inc.via)}, {"impact", to_string(inc.impact)}}, inc.details);
    ctx_.audit(inc.key(), "incident.open", nullptr, to_json(inc, ctx_.view()));
    ctx_.remember(in.idempotency_key, "incident.open", input, inc.key());
    incident_log::hook(ctx_, staged, "incident.opened", inc);
    if (inc.impact != Impact::unjudged) incident_log::hook(ctx_, staged, "incident.judged", inc);
    return inc;
  });
  ctx_.hooks.insert(ctx_.hooks.end(), staged.begin(), staged.end());
  return out;
}

namespace {
/// One change to an incident inside the caller's write transaction: `body`
/// checks, records its timeline event and changes the incident; then it is
/// saved with its audit entry and its hook is staged in `staged`.
template <class F>
Incident change_one(DeskContext& ctx, const std::string& key, std::optional<std::int64_t> if_version,
                    const std::string& action, const std::string& hook_name, F& body, std::vector<HookEvent>& staged) {
  auto inc = must_incident_at(ctx, key, if_version);
  auto before = to_json(inc, ctx.view());
  Json extra = Json::object();
  body(inc, extra);
  incident_log::save(ctx, inc, before, action);
  incident_log::hook(ctx, staged, hook_name, inc, extra);
  return inc;
}

/// change_one() for each of `keys`, all or nothing (each_key.hpp). Hooks
/// reach ctx.hooks only once the transaction has committed, and never from
/// a dry run.
template <class F>
std::vector<Incident> change_all(DeskContext& ctx, const std::vector<std::string>& keys,
                                 std::optional<std::int64_t> if_version, bool dry_run, const std::string& action,
                                 const std::string& hook_name, F body) {
  std::vector<HookEvent> staged;
  auto out = each_key(ctx.store, keys, if_version, dry_run, [&](const std::string& key) {
    if (key == keys.front()) staged.clear();  // a conflict runs them all again, from the first
    return change_one(ctx, key, if_version, action, hook_name, body, staged);
  });
  if (!dry_run) ctx.hooks.insert(ctx.hooks.end(), staged.begin(), staged.end());
  return out;
}

void must_not_be_closed(const Incident& inc) {
  if (inc.status == IncidentStatus::closed) throw data_error(inc.key() + " is closed");
}

// The rules of the changes that also go to several incidents at once: one
// body each, for Incidents' change of one and for incident_moves.hpp.

void check_assign_input(const std::string& who, const std::string& note) {
  check_required_text(who, "assignee");
  check_one_line(who, "assignee");
  check_text(note, "message");
}

auto assign_rule(DeskContext& ctx, const std::string& name, const std::string& note) {
  return [&ctx, &name, &note](Incident& inc, Json&) {
    must_not_be_closed(inc);
    if (inc.assignee == name) throw data_error(inc.key() + " is already assigned to " + name);
    incident_log::event(ctx, inc, "assign", Json{{"from", inc.assignee}, {"to", name}}, note);
    inc.assignee = name;
  };
}

auto confirm_rule(DeskContext& ctx, const std::string& note) {
  return [&ctx, &note](Incident& inc, Json&) {
    if (inc.status != IncidentStatus::recovered)
      throw data_error(inc.key() + " is " + std::string(to_string(inc.status)) +
                       "; 'confirm' needs an incident that is recovered");
    incident_log::event(ctx, inc, "confirm", Json::object(), note);
    inc.status = IncidentStatus::confirmed;
    inc.confirmed_at = ctx.now;
  };
}

auto close_rule(DeskContext& ctx, const std::string& note) {
  return [&ctx, &note](Incident& inc, Json&) {
    if (inc.status != IncidentStatus::confirmed)
      throw data_error(inc.key() + " is " + std::string(to_string(inc.status)) +
                       "; 'close' needs an incident whose recovery is confirmed");
    if (!may_close(inc))
      throw data_error(inc.key() + ": the customer has not been told it recovered, and every incident gets its "
                       "recovery notice before it closes; send it first with 'sd incident notify " + inc.key() + "'");
    incident_log::event(ctx, inc, "close", Json::object(), note);
    inc.status = IncidentStatus::closed;
    inc.closed_at = ctx.now;
  };
}
}  // namespace

/// Runs one change to an incident in a write transaction (change_one()).
/// Hooks reach ctx_.hooks only once the transaction has committed.
template <class F>
Incident Incidents::change(const std::string& key, std::optional<std::int64_t> if_version,
                           const std::string& action, const std::string& hook_name, F&& body) {
  std::vector<HookEvent> staged;
  auto out = write_transaction(ctx_.store, [&] {
    staged.clear();  // a conflict runs the body again
    return change_one(ctx_, key, if_version, action, hook_name, body, staged);
  });
  ctx_.hooks.insert(ctx_.hooks.end(), staged.begin(), staged.end());
  return out;
}

Incident Incidents::judge(const std::string& key, Impact i, const std::string& note, std::optional<std::int64_t> if_version) {
  check_text(note, "message");
  return change(key, if_version, "incident.judge", "incident.judged",
                [&](Incident& inc, Json&) { apply_judgement(inc, i, note); });
}

void Incidents::apply_judgement(Incident& inc, Impact i, const std::string& note) {
  must_not_be_closed(inc);
  incident_log::event(ctx_, inc, "judged", Json{{"from", to_string(inc.impact)}, {"to", to_string(i)}}, note);
  inc.impact = i;
  inc.judged_by = ctx_.actor;
  inc.judged_at = ctx_.now;
  // What counts as notified depends on the impact (compliance.hpp).
  inc.first_notified_at = first_notice_given_at(inc);
}

Incident Incidents::notify(const std::string& key, const NotifyInput& in, std::optional<std::int64_t> if_version) {
  if (in.via == NoticeVia::phone) {
    if (in.contact.empty()) throw field_error("contact", "a phone notification names who was called");
    if (!in.result) throw field_error("result", "required for a call; use answered, no-answer or voicemail");
  } else if (in.result) {
    throw field_error("result", "only a phone call has one (" + mention("via") + " phone)");
  } else if (in.out_of_order) {
    throw field_error("out_of_order", "only a call has a call order (" + mention("via") + " phone)");
  }
  check_text(in.text, "message");
  if (in.out_of_order && in.text.find_first_not_of(" \t\n") == std::string::npos)
    throw field_error("message", "say why the call is out of the customer's call order");
  return change(key, if_version, "incident.notify", "incident.notified", [&](Incident& inc, Json& extra) {
    must_not_be_closed(inc);
    NoticeKind kind = in.kind ? *in.kind
                      : may_notify_recovery(inc.status) ? NoticeKind::recovery
                      : inc.first_notified_at ? NoticeKind::interim
                                              : NoticeKind::first;
    if (kind == NoticeKind::recovery && !may_notify_recovery(inc.status))
      throw field_error("kind", inc.status == IncidentStatus::recovered
                                    ? inc.key() + " is recovered but the recovery is not confirmed; the recovery "
                                      "notice comes after 'sd incident confirm " + inc.key() + "'"
                                    : inc.key() + " has not recovered; record it first with 'sd incident recover'");
    Json data{{"via", to_string(in.via)}, {"kind", to_string(kind)}};
    if (!in.contact.empty()) {
      auto list = ctx_.store.list_contacts(inc.customer_id);
      auto it = find_contact(list, in.contact, inc.customer);
      data["contact"] = it->name;
      data["phone"] = it->phone;
      data["order"] = it->position;
      if (in.via == NoticeVia::phone) {
        auto called = positions_called(inc, ctx_.store.incident_events(inc.id), list);
        bool in_order = call_in_order(it->position, called);
        if (!in_order && !in.out_of_order) {
          std::string skipped;
          for (const auto& c : list)
            if (c.position < it->position && std::find(called.begin(), called.end(), c.position) == called.end())
              skipped += (skipped.empty() ? "" : ", ") + c.name + " (" + std::to_string(c.position) + ")";
          throw field_error("out_of_order", it->name + " is number " + std::to_string(it->position) + " in " +
                                                inc.customer + "'s call order, and not yet called for this notice: " +
                                                skipped + "; call in order, or on purpose with " +
                                                mention("out_of_order") + " " + mention("message") + " REASON");
        }
        if (!in_order) data["out_of_order"] = true;
      }
    }
    if (in.result) data["result"] = to_string(*in.result);
    // A post or an email reaches the customer; a call only when answered.
    bool reached = in.via != NoticeVia::phone || in.result == CallResult::answered;
    data["reached"] = reached;
    incident_log::event(ctx_, inc, "notify", data, in.text);
    if (reached) {
      if (kind == NoticeKind::recovery) {
        if (!inc.recovery_notified_at) inc.recovery_notified_at = ctx_.now;
      } else {
        incident_log::notice_reached(ctx_, inc, in.via != NoticeVia::phone);
      }
    }
    extra["notification"] = data;
  });
}

Incident Incidents::update(const std::string& key, const std::string& text, std::optional<std::int64_t> if_version) {
  check_required_text(text, "message");
  return change(key, if_version, "incident.update", "incident.updated", [&](Incident& inc, Json& extra) {
    must_not_be_closed(inc);
    incident_log::event(ctx_, inc, "update", Json{{"via", "backlog"}}, text);
    // An interim report is posted to the customer: a written notice.
    incident_log::notice_reached(ctx_, inc, true);
    extra["text"] = text;
  });
}

Incident Incidents::comment(const std::string& key, const std::string& text, bool internal,
                            const std::string& idempotency_key, std::optional<std::int64_t> if_version) {
  check_required_text(text, "message");
  auto input = [&](const Incident& inc) { return Json{{"ticket", inc.key()}, {"text", text}, {"internal", internal}}; };
  // A repeat is answered first; a second caller racing with the same new key
  // fails on the key's uniqueness when it commits, adding nothing.
  if (!idempotency_key.empty()) {
    auto earlier = write_transaction(ctx_.store, [&]() -> std::optional<Incident> {
      auto inc = must(key);
      if (ctx_.replayed(idempotency_key, "incident.comment", input(inc))) return inc;
      return std::nullopt;
    });
    if (earlier) return *earlier;
  }
  return change(key, if_version, "incident.comment", "incident.commented", [&](Incident& inc, Json& extra) {
    incident_log::event(ctx_, inc, "comment", Json{{"internal", internal}}, text);
    extra["comment"] = Json{{"internal", internal}, {"text", text}};
    ctx_.remember(idempotency_key, "incident.comment", input(inc), inc.key());
  });
}

Incident Incidents::edit(const std::string& key, const IncidentEdit& e, std::optional<std::int64_t> if_version) {
  if (e.empty()) throw data_error("incident edit: nothing to change");
  if (e.title) {
    check_required_text(*e.title, "title");
    check_one_line(*e.title, "title");
  }
  if (e.host) check_one_line(*e.host, "host");
  if (e.details) check_text(*e.details, "message");
  if (e.business_impact) check_text(*e.business_impact, "business_impact");
  std::vector<HookEvent> staged;
  auto out = write_transaction(ctx_.store, [&] {
    staged.clear();  // a conflict runs the body again
    auto inc = must_at(key, if_version);
    auto before = to_json(inc, ctx_.view());
    Json changes = Json::object();
    auto set = [&](const char* field, std::string& value, const std::optional<std::string>& to) {
      if (!to || *to == value) return;
      changes[field] = Json{{"from", value}, {"to", *to}};
      value = *to;
    };
    set("title", inc.title, e.title);
    set("host", inc.host, e.host);
    set("details", inc.details, e.details);
    set("business_impact", inc.business_impact, e.business_impact);
    if (e.priority) set("priority", inc.priority, std::string(to_string(*e.priority)));
    bool judged = e.impact && *e.impact != inc.impact;
    if (changes.empty() && !judged)
      throw data_error("incident edit: " + inc.key() + " already has the values given");
    if (!changes.empty()) incident_log::event(ctx_, inc, "edit", changes, "");
    // Impact goes through the rule of `judge`: who judged it and when.
    if (judged) apply_judgement(inc, *e.impact, "");
    incident_log::save(ctx_, inc, before, "incident.edit");
    if (!changes.empty()) incident_log::hook(ctx_, staged, "incident.edited", inc, Json{{"changes", changes}});
    if (judged) incident_log::hook(ctx_, staged, "incident.judged", inc);
    return inc;
  });
  ctx_.hooks.insert(ctx_.hooks.end(), staged.begin(), staged.end());
  return out;
}

Incident Incidents::assign(const std::string& key, const std::string& who, const std::string& note,
                           std::optional<std::int64_t> if_version) {
  check_assign_input(who, note);
  auto name = std::string(trim(who));
  return change(key, if_version, "incident.assign", "incident.assigned", assign_rule(ctx_, name, note));
}

Incident Incidents::escalate(const std::string& key, EscalationTarget to, const std::string& case_id,
                             const std::string& note, std::optional<std::int64_t> if_version) {
  check_one_line(case_id, "case");
  check_text(note, "message");
  return change(key, if_version, "incident.escalate", "incident.escalated", [&](Incident& inc, Json& extra) {
    must_not_be_closed(inc);
    Json data{{"to", to_string(to)}};
    if (!case_id.empty()) data["case"] = case_id;
    incident_log::event(ctx_, inc, "escalate", data, note);
    inc.escalated_to = std::string(to_string(to));
    extra["escalation"] = data;
  });
}

Incident Incidents::recover(const std::string& key, std::optional<Instant> at, const std::string& action,
                            std::optional<std::int64_t> if_version) {
  check_required_text(action, "message");
  Instant when = at.value_or(ctx_.now);
  if (when > ctx_.now) throw field_error("at", ctx_.iso(when) + " is in the future");
  return change(key, if_version, "incident.recover", "incident.recovered", [&](Incident& inc, Json&) {
    if (inc.status != IncidentStatus::open)
      throw data_error(inc.key() + " is " + std::string(to_string(inc.status)) + "; only an open incident recovers");
    if (when < inc.received_at)
      throw field_error("at", ctx_.iso(when) + " is before the incident was received (" + ctx_.iso(inc.received_at) + ")");
    incident_log::event(ctx_, inc, "recover", Json{{"at", ctx_.iso(when)}}, action);
    inc.status = IncidentStatus::recovered;
    inc.recovered_at = when;
    inc.recovery_action = action;
  });
}

Incident Incidents::confirm(const std::string& key, const std::string& note, std::optional<std::int64_t> if_version) {
  check_text(note, "message");
  return change(key, if_version, "incident.confirm", "incident.confirmed", confirm_rule(ctx_, note));
}

Incident Incidents::close(const std::string& key, const std::string& note, std::optional<std::int64_t> if_version) {
  check_text(note, "message");
  return change(key, if_version, "incident.close", "incident.closed", close_rule(ctx_, note));
}

std::vector<Incident> assign_incidents(DeskContext& ctx, const std::vector<std::string>& keys, const std::string& who,
                                       const std::string& note, std::optional<std::int64_t> if_version, bool dry_run) {
  check_assign_input(who, note);
  auto name = std::string(trim(who));
  return change_all(ctx, keys, if_version, dry_run, "incident.assign", "incident.assigned",
                    assign_rule(ctx, name, note));
}

std::vector<Incident> confirm_incidents(DeskContext& ctx, const std::vector<std::string>& keys,
                                        const std::string& note, std::optional<std::int64_t> if_version,
                                        bool dry_run) {
  check_text(note, "message");
  return change_all(ctx, keys, if_version, dry_run, "incident.confirm", "incident.confirmed", confirm_rule(ctx, note));
}

std::vector<Incident> close_incidents(DeskContext& ctx, const std::vector<std::string>& keys,
                                      const std::string& note, std::optional<std::int64_t> if_version, bool dry_run) {
  check_text(note, "message");
  return change_all(ctx, keys, if_version, dry_run, "incident.close", "incident.closed", close_rule(ctx, note));
}

IncidentView Incidents::view(const std::string& key) {
  return read_transaction(ctx_.store, [&] {
    IncidentView v;
    v.incident = must(key);
    v.events = ctx_.store.incident_events(v.incident.id);
    v.alerts = ctx_.store.incident_alerts(v.incident.id);
    v.clock = incident_clock(v.incident, ctx_.policy);
    v.interim = interim_reports(v.incident, v.events, ctx_.now, ctx_.policy);
    IncidentFilter same;
    same.customer = v.incident.customer;
    same.follows = v.incident.number;
    for (const auto& other : ctx_.store.list_incidents(same)) v.followed_by.push_back(other.key());
    v.ci = ci_for_host(ctx_.store, v.incident.host, v.incident.customer);
    v.problems = ctx_.store.ticket_problems(v.incident.customer_id, v.incident.number);
    return v;
  });
}

namespace {
void check_list_filter(const IncidentFilter& f) {
  if (f.customer) check_customer_key(*f.customer);
  check_search_text(f.grep, "grep");
  check_range(f.received_since, f.received_until, "received_since", "received_until");
}
}  // namespace

void Incidents::each(const IncidentFilter& filter, const std::function<void(const Incident&)>& visit) {
  check_list_filter(filter);
  read_transaction(ctx_.store, [&] {
    // A customer that does not exist is an error, not an empty list.
    if (filter.customer) ctx_.must_customer(*filter.customer);
    ctx_.store.each_incident(filter, [&](Incident& i) { visit(i); });
  });
}

void Incidents::each_breached(const IncidentFilter& filter, const std::function<void(const Incident&)>& visit) {
  check_list_filter(filter);
  read_transaction(ctx_.store, [&] {
    if (filter.customer) ctx_.must_customer(*filter.customer);
    auto all = filter;
    all.limit = 0;  // the limit counts breached incidents
    std::size_t shown = 0;
    // The incident's events are read once the incident's row is: the list's
    // statement stays open while they are.
    ctx_.store.each_incident(all, [&](Incident& inc) {
      if (filter.limit && shown >= filter.limit) return;
      if (!incident_breached(inc, ctx_.store.incident_events(inc.id), ctx_.now, ctx_.policy)) return;
      ++shown;
      visit(inc);
    });
  });
}

std::vector<Incident> Incidents::list(const IncidentFilter& filter) {
  std::vector<Incident> out;
  each(filter, [&](const Incident& i) { out.push_back(i); });
  return out;
}

std::vector<Incident> Incidents::breached(const IncidentFilter& filter) {
  std::vector<Incident> out;
  each_breached(filter, [&](const Incident& i) { out.push_back(i); });
  return out;
}

std::vector<CallEntry> Incidents::calls(const std::string& key) {
  return read_transaction(ctx_.store, [&] {
    auto inc = must(key);
    auto events = ctx_.store.incident_events(inc.id);
    std::vector<CallEntry> out;
    for (auto& c : ctx_.store.list_contacts(inc.customer_id)) {
      CallEntry entry{c, {}};
      for (const auto& e : events) {
        if (e.kind != "notify") continue;
        auto data = Json::parse(e.data);
        if (data.value("via", "") == "phone" && data.value("contact", "") == c.name)
          entry.calls.push_back(e);
      }
      out.push_back(std::move(entry));
    }
    return out;
  });
}

std::vector<CheckItem> Incidents::check(std::chrono::minutes warn, const std::optional<std::string>& customer) {
  if (warn.count() < 0) throw field_error("warn", "must be 0 or more minutes");
  if (customer) check_customer_key(*customer);
  std::vector<HookEvent> staged;
  auto out = write_transaction(ctx_.store, [&] {
    staged.clear();  // a conflict runs the body again
    if (customer) ctx_.must_customer(*customer);
    IncidentFilter f;
    f.customer = customer;
    f.statuses.assign(std::begin(kOpenIncidentStatuses), std::end(kOpenIncidentStatuses));
    std::vector<CheckItem> items;
    for (const auto& inc : ctx_.store.list_incidents(f)) {
      for (const auto& o : incident_clock(inc, ctx_.policy).pending) {
        CheckItem item{inc, o, urgency(o.due, ctx_.now, warn)};
        if (item.state != Urgency::ok) {
          // Each obligation's hook fires once per state it reaches.
          auto name = std::string(item.state == Urgency::missed ? "obligation.missed" : "obligation.due-soon");
          auto id = name + ":" + o.kind + ":" + o.target + ":" + std::to_string(o.due.time_since_epoch().count());
          // A reopened incident owes its obligations afresh: their hooks fire again.
          if (inc.reopened_at) id += ":reopened:" + std::to_string(inc.reopened_at->time_since_epoch().count());
          if (ctx_.store.mark_fired(inc.id, id)) incident_log::hook(ctx_, staged, name, inc, Json{{"obligation", to_json(o, ctx_.view())}});
        }
        items.push_back(std::move(item));
      }
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const CheckItem& a, const CheckItem& b) { return a.obligation.due < b.obligation.due; });
    return items;
  });
  ctx_.hooks.insert(ctx_.hooks.end(), staged.begin(), staged.end());
  return out;
}

}  // namespace sd
