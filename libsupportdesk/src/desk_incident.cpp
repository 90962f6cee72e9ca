// The desk's incident operations: intake, judgement, notifications and the
// call tree, recovery, the checks for cron, impact criteria, hosts and alert
// intake with its inbox.
#include "checks.hpp"
#include "supportdesk/desk.hpp"
#include "supportdesk/error.hpp"

#include <algorithm>
#include <set>

namespace sd {
namespace {

Impact parse_impact(const std::string& s, std::string_view flag) {
  auto i = impact_from(s);
  if (!i) throw data_error(std::string(flag) + ": '" + s + "' is not allowed; use yes or no");
  return *i;
}

}  // namespace

// ---- JSON ------------------------------------------------------------------

Json Desk::to_json(const Incident& i) const {
  auto opt = [&](const std::optional<Instant>& t) { return t ? Json(iso(*t)) : Json(nullptr); };
  auto optb = [](const std::optional<bool>& b) { return b ? Json(*b) : Json(nullptr); };
  auto c = incident_clock(i);
  return Json{{"key", i.key()},
              {"customer", i.customer},
              {"number", i.number},
              {"title", i.title},
              {"host", i.host},
              {"impact", to_string(i.impact)},
              {"judged_by", i.judged_by},
              {"judged_at", opt(i.judged_at)},
              {"status", to_string(i.status)},
              {"via", to_string(i.via)},
              {"priority", i.priority},
              {"business_impact", i.business_impact},
              {"details", i.details},
              {"received_at", iso(i.received_at)},
              {"detected_at", opt(i.detected_at)},
              {"first_notified_at", opt(i.first_notified_at)},
              {"last_notice_at", opt(i.last_notice_at)},
              {"recovered_at", opt(i.recovered_at)},
              {"recovery_action", i.recovery_action},
              {"recovery_notified_at", opt(i.recovery_notified_at)},
              {"confirmed_at", opt(i.confirmed_at)},
              {"closed_at", opt(i.closed_at)},
              {"escalated_to", i.escalated_to},
              {"clock",
               Json{{"first_slo_due", iso(c.first_slo_due)},
                    {"first_sla_due", opt(c.first_sla_due)},
                    {"first_slo_met", optb(c.first_slo_met)},
                    {"first_sla_met", optb(c.first_sla_met)},
                    {"next_interim_due", opt(c.next_interim_due)}}},
              {"created_at", iso(i.created_at)},
              {"updated_at", iso(i.updated_at)}};
}

Json Desk::to_json(const IncidentEvent& e) const {
  Json data = e.data.empty() ? Json::object() : Json::parse(e.data);
  return Json{{"at", iso(e.at)}, {"actor", e.actor}, {"kind", e.kind}, {"data", data}, {"note", e.note}};
}

Json Desk::to_json(const Criterion& c) const {
  Json matches = Json::object();
  for (const auto& [k, v] : c.matches) matches[k] = v;
  return Json{{"id", c.id}, {"order", c.position}, {"match", matches},
              {"impact", to_string(c.impact)}, {"note", c.note}};
}

Json Desk::to_json(const AlertRecord& a) const {
  auto opt = [&](const std::optional<Instant>& t) { return t ? Json(iso(*t)) : Json(nullptr); };
  return Json{{"source", a.source},       {"identity", a.identity},
              {"status", a.firing ? "firing" : "resolved"},
              {"starts_at", opt(a.starts_at)}, {"ends_at", opt(a.ends_at)},
              {"received_at", iso(a.received_at)}, {"title", a.title},
              {"summary", a.summary},     {"host", a.host},
              {"labels", a.labels.empty() ? Json::object() : Json::parse(a.labels)}};
}

Json Desk::to_json(const InboxItem& item, bool with_payload) const {
  Json j{{"id", item.id},
         {"received_at", iso(item.received_at)},
         {"actor", item.actor},
         {"format", item.format},
         {"customer", item.customer},
         {"reason", item.reason},
         {"status", item.status},
         {"placed_at", item.placed_at ? Json(iso(*item.placed_at)) : Json(nullptr)},
         {"result", item.result},
         {"bytes", item.payload.size()}};
  if (with_payload)
    j["payload"] = is_valid_utf8(item.payload) ? item.payload
                                               : "(not UTF-8; 'sd alert show " + std::to_string(item.id) + "' prints it)";
  return j;
}

Json Desk::to_json(const Obligation& o) const {
  auto left = std::chrono::duration_cast<std::chrono::minutes>(o.due - now_).count();
  Json j{{"kind", o.kind}, {"target", o.target}, {"due", iso(o.due)}};
  if (left >= 0) j["minutes_left"] = left;
  else j["minutes_late"] = -left;
  return j;
}

// ---- helpers -------------------------------------------------------------------

Incident Desk::must_incident(const std::string& key) {
  auto [customer, number] = parse_ticket_key(key);
  auto inc = store_.find_incident(customer, number);
  if (!inc) {
    bool is_request = store_.find_request(customer, number).has_value();
    throw not_found("incident: no incident " + key +
                    (is_request ? " (it is a request: see 'sd request show " + key + "')"
                                : " (see 'sd incident list')"));
  }
  return *inc;
}

void Desk::save(Incident& inc, const Json& before, const std::string& action) {
  inc.updated_at = now_;
  store_.update_incident(inc);
  audit(inc.key(), action, before, to_json(inc));
}

void Desk::incident_event(const Incident& inc, const std::string& kind, const Json& data,
                          const std::string& note) {
  IncidentEvent e;
  e.incident_id = inc.id;
  e.at = now_;
  e.actor = actor_;
  e.kind = kind;
  e.data = data.dump();
  e.note = note;
  store_.insert_incident_event(e);
}

void Desk::hook(std::vector<HookEvent>& staged, const std::string& name, const Incident& inc,
                Json extra) {
  Json j{{"event", name}, {"at", iso(now_)}, {"actor", actor_}, {"incident", to_json(inc)}};
  for (auto& [k, v] : extra.items()) j[k] = v;
  staged.push_back(HookEvent{name, j.dump()});
}

// ---- incidents -----------------------------------------------------------------

Incident Desk::open_incident(const NewIncident& in) {
  check_customer_key(in.customer);
  Incident inc;
  inc.customer = in.customer;
  check_one_line(in.host, "--host");
  inc.host = in.host;
  if (!in.impact.empty()) inc.impact = parse_impact(in.impact, "--impact");
  auto via = incident_via_from(in.via);
  if (!via) throw data_error("--via: '" + in.via + "' is not allowed; use monitoring, backlog or phone");
  inc.via = *via;
  if (!priority_from(in.priority))
    throw data_error("--priority: '" + in.priority + "' is not allowed; use high, normal or low");
  inc.priority = in.priority;
  check_text(in.business_impact, "--business-impact");
  inc.business_impact = in.business_impact;
  check_one_line(in.title, "--title");
  check_text(in.details, "-m");
  inc.details = in.details;
  inc.received_at = in.received_at.value_or(now_);
  if (inc.received_at > now_) throw data_error("--received-at: " + iso(inc.received_at) + " is in the future");
  inc.detected_at = in.detected_at;
  if (inc.detected_at && *inc.detected_at > inc.received_at)
    throw data_error("--detected-at: " + iso(*inc.detected_at) + " is after the report was received");
  inc.title = in.title.empty() ? (inc.host.empty() ? "障害" : inc.host + " の障害") : in.title;
  if (inc.impact != Impact::unjudged) {
    inc.judged_by = actor_;
    inc.judged_at = now_;
  }
  inc.created_at = inc.updated_at = now_;
  std::vector<HookEvent> staged;
  auto out = write_transaction(store_, [&] {
    auto cust = must_customer(in.customer);
    inc.customer_id = cust.id;
    inc.number = store_.take_ticket_number(cust.id);
    inc.id = store_.insert_incident(inc);
    incident_event(inc, "opened", Json{{"via", to_string(inc.via)}, {"impact", to_string(inc.impact)}}, inc.details);
    audit(inc.key(), "incident.open", nullptr, to_json(inc));
    hook(staged, "incident.opened", inc);
    if (inc.impact != Impact::unjudged) hook(staged, "incident.judged", inc);
    return inc;
  });
  hooks_.insert(hooks_.end(), staged.begin(), staged.end());
  return out;
}

/// Runs one change to an incident in a write transaction: `body` checks,
/// records its timeline event and changes the incident; then it is saved
/// with its audit entry and its hook is staged. Hooks reach hooks_ only
/// once the transaction has committed.
template <class F>
Incident Desk::change_incident(const std::string& key, const std::string& action,
                               const std::string& hook_name, F&& body) {
  std::vector<HookEvent> staged;
  auto out = write_transaction(store_, [&] {
    auto inc = must_incident(key);
    auto before = to_json(inc);
    Json extra = Json::object();
    body(inc, extra);
    save(inc, before, action);
    hook(staged, hook_name, inc, extra);
    return inc;
  });
  hooks_.insert(hooks_.end(), staged.begin(), staged.end());
  return out;
}

namespace {
void must_not_be_closed(const Incident& inc) {
  if (inc.status == IncidentStatus::closed) throw data_error(inc.key() + " is closed");
}
}  // namespace

Incident Desk::judge_incident(const std::string& key, const std::string& impact, const std::string& note) {
  auto i = parse_impact(impact, "--impact");
  check_text(note, "-m");
  return change_incident(key, "incident.judge", "incident.judged", [&](Incident& inc, Json&) {
    must_not_be_closed(inc);
    incident_event(inc, "judged", Json{{"from", to_string(inc.impact)}, {"to", to_string(i)}}, note);
    inc.impact = i;
    inc.judged_by = actor_;
    inc.judged_at = now_;
  });
}

Incident Desk::notify(const std::string& key, const NotifyInput& in) {
  if (in.via != "phone" && in.via != "backlog" && in.via != "email")
    throw data_error("--via: '" + in.via + "' is not allowed; use phone, backlog or email");
  if (in.via == "phone") {
    if (in.contact.empty()) throw data_error("--contact: a phone notification names who was called");
    if (in.result != "answered" && in.result != "no-answer" && in.result != "voicemail")
      throw data_error("--result: " + (in.result.empty() ? std::string("required for a call") : "'" + in.result + "' is not allowed") +
                       "; use answered, no-answer or voicemail");
  } else if (!in.result.empty()) {
    throw data_error("--result: only a phone call has one (--via phone)");
  }
  if (!in.kind.empty() && in.kind != "first" && in.kind != "interim" && in.kind != "recovery")
    throw data_error("--kind: '" + in.kind + "' is not allowed; use first, interim or recovery");
  check_text(in.text, "-m");
  return change_incident(key, "incident.notify", "incident.notified", [&](Incident& inc, Json& extra) {
    must_not_be_closed(inc);
    std::string kind = in.kind;
    bool recovered = inc.status == IncidentStatus::recovered || inc.status == IncidentStatus::confirmed;
    if (kind.empty()) kind = recovered ? "recovery" : inc.first_notified_at ? "interim" : "first";
    if (kind == "recovery" && !recovered)
      throw data_error("--kind: " + inc.key() + " has not recovered; record it first with 'sd incident recover'");
    Json data{{"via", in.via}, {"kind", kind}};
    if (!in.contact.empty()) {
      auto list = store_.list_contacts(inc.customer_id);
      auto it = find_contact(list, in.contact, inc.customer);
      data["contact"] = it->name;
      data["phone"] = it->phone;
      data["order"] = it->position;
    }
    if (!in.result.empty()) data["result"] = in.result;
    // A post or an email reaches the customer; a call only when answered.
    bool reached = in.via != "phone" || in.result == "answered";
    data["reached"] = reached;
    incident_event(inc, "notify", data, in.text);
    if (reached) {
      if (kind == "recovery") {
        if (!inc.recovery_notified_at) inc.recovery_notified_at = now_;
      } else {
        if (!inc.first_notified_at) inc.first_notified_at = now_;
        inc.last_notice_at = now_;
      }
    }
    extra["notification"] = data;
  });
}

Incident Desk::update_incident(const std::string& key, const std::string& text) {
  check_required_text(text, "-m");
  return change_incident(key, "incident.update", "incident.updated", [&](Incident& inc, Json& extra) {
    must_not_be_closed(inc);
    incident_event(inc, "update", Json{{"via", "backlog"}}, text);
    // An interim report is posted to the customer: it reaches them.
    if (!inc.first_notified_at) inc.first_notified_at = now_;
    inc.last_notice_at = now_;
    extra["text"] = text;
  });
}

Incident Desk::escalate(const std::string& key, const std::string& to, const std::string& case_id,
                        const std::string& note) {
  if (to != "support-center" && to != "aws")
    throw data_error("--to: '" + to + "' is not allowed; use support-center or aws");
  check_one_line(case_id, "--case");
  check_text(note, "-m");
  return change_incident(key, "incident.escalate", "incident.escalated", [&](Incident& inc, Json& extra) {
    must_not_be_closed(inc);
    Json data{{"to", to}};
    if (!case_id.empty()) data["case"] = case_id;
    incident_event(inc, "escalate", data, note);
    inc.escalated_to = to;
    extra["escalation"] = data;
  });
}

Incident Desk::recover(const std::string& key, std::optional<Instant> at, const std::string& action) {
  check_required_text(action, "-m");
  Instant when = at.value_or(now_);
  if (when > now_) throw data_error("--at: " + iso(when) + " is in the future");
  return change_incident(key, "incident.recover", "incident.recovered", [&](Incident& inc, Json&) {
    if (inc.status != IncidentStatus::open)
      throw data_error(inc.key() + " is " + std::string(to_string(inc.status)) + "; only an open incident recovers");
    if (when < inc.received_at)
      throw data_error("--at: " + iso(when) + " is before the incident was received (" + iso(inc.received_at) + ")");
    incident_event(inc, "recover", Json{{"at", iso(when)}}, action);
    inc.status = IncidentStatus::recovered;
    inc.recovered_at = when;
    inc.recovery_action = action;
  });
}

Incident Desk::confirm(const std::string& key, const std::string& note) {
  check_text(note, "-m");
  return change_incident(key, "incident.confirm", "incident.confirmed", [&](Incident& inc, Json&) {
    if (inc.status != IncidentStatus::recovered)
      throw data_error(inc.key() + " is " + std::string(to_string(inc.status)) +
                       "; 'confirm' needs an incident that is recovered");
    incident_event(inc, "confirm", Json::object(), note);
    inc.status = IncidentStatus::confirmed;
    inc.confirmed_at = now_;
  });
}

Incident Desk::close_incident(const std::string& key, const std::string& note) {
  check_text(note, "-m");
  return change_incident(key, "incident.close", "incident.closed", [&](Incident& inc, Json&) {
    if (inc.status != IncidentStatus::confirmed)
      throw data_error(inc.key() + " is " + std::string(to_string(inc.status)) +
                       "; 'close' needs an incident whose recovery is confirmed");
    if (inc.impacting() && !inc.recovery_notified_at)
      throw data_error(inc.key() + " affects service and the customer has not been told it recovered; "
                       "send the notice first (sd incident notify " + inc.key() + " --kind recovery ...)");
    incident_event(inc, "close", Json::object(), note);
    inc.status = IncidentStatus::closed;
    inc.closed_at = now_;
  });
}

IncidentView Desk::incident_view(const std::string& key) {
  return read_transaction(store_, [&] {
    IncidentView v;
    v.incident = must_incident(key);
    v.events = store_.incident_events(v.incident.id);
    v.alerts = store_.incident_alerts(v.incident.id);
    v.clock = incident_clock(v.incident);
    return v;
  });
}

std::vector<Incident> Desk::incidents(const IncidentFilter& filter) {
  return read_transaction(store_, [&] { return store_.list_incidents(filter); });
}

std::vector<CallEntry> Desk::calls(const std::string& key) {
  return read_transaction(store_, [&] {
    auto inc = must_incident(key);
    auto events = store_.incident_events(inc.id);
    std::vector<CallEntry> out;
    for (auto& c : store_.list_contacts(inc.customer_id)) {
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

std::vector<CheckItem> Desk::check(std::chrono::minutes warn, const std::optional<std::string>& customer) {
  if (warn.count() < 0) throw data_error("--warn: must be 0 or more minutes");
  if (customer) check_customer_key(*customer);
  std::vector<HookEvent> staged;
  auto out = write_transaction(store_, [&] {
    if (customer) must_customer(*customer);
    IncidentFilter f;
    f.customer = customer;
    f.statuses = {"open", "recovered", "confirmed"};
    std::vector<CheckItem> items;
    for (const auto& inc : store_.list_incidents(f)) {
      for (const auto& o : incident_clock(inc).pending) {
        CheckItem item{inc, o, 0};
        if (now_ > o.due) item.state = 2;
        else if (o.due - now_ <= warn) item.state = 1;
        if (item.state) {
          // Each obligation's hook fires once per state it reaches.
          auto name = std::string(item.state == 2 ? "obligation.missed" : "obligation.due-soon");
          auto id = name + ":" + o.kind + ":" + o.target + ":" + std::to_string(o.due.time_since_epoch().count());
          if (store_.mark_fired(inc.id, id)) hook(staged, name, inc, Json{{"obligation", to_json(o)}});
        }
        items.push_back(std::move(item));
      }
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const CheckItem& a, const CheckItem& b) { return a.obligation.due < b.obligation.due; });
    return items;
  });
  hooks_.insert(hooks_.end(), staged.begin(), staged.end());
  return out;
}

// ---- criteria and hosts -------------------------------------------------------

Criterion Desk::add_criterion(const std::string& key, const std::vector<std::string>& matches,
                              const std::string& impact, const std::string& note) {
  if (matches.empty()) throw usage_error("--match: give at least one LABEL=PATTERN");
  Criterion c;
  std::set<std::string> seen;
  for (const auto& m : matches) {
    auto pair = parse_match(m);
    if (pair.first.find('\n') != std::string::npos || pair.second.find('\n') != std::string::npos)
      throw data_error("--match: must be one line");
    if (!seen.insert(pair.first).second) throw data_error("--match: " + pair.first + " is given twice");
    c.matches.push_back(pair);
  }
  c.impact = parse_impact(impact, "--impact");
  check_one_line(note, "-m");
  c.note = note;
  return write_transaction(store_, [&] {
    auto cust = must_customer(key);
    c.customer_id = cust.id;
    c.id = store_.insert_criterion(c);
    auto all = store_.list_criteria(cust.id);
    c.position = static_cast<int>(all.size());
    audit(key + "/criteria/" + std::to_string(c.id), "criteria.add", nullptr, to_json(c));
    return c;
  });
}

std::vector<Criterion> Desk::criteria(const std::string& key) {
  return read_transaction(store_, [&] { return store_.list_criteria(must_customer(key).id); });
}

Criterion Desk::remove_criterion(const std::string& key, std::int64_t id) {
  return write_transaction(store_, [&] {
    auto cust = must_customer(key);
    auto all = store_.list_criteria(cust.id);
    auto it = std::find_if(all.begin(), all.end(), [&](const Criterion& c) { return c.id == id; });
    if (it == all.end())
      throw not_found("criteria: " + key + " has no criterion " + std::to_string(id) +
                      " (see 'sd customer criteria list " + key + "')");
    store_.delete_criterion(id);
    audit(key + "/criteria/" + std::to_string(id), "criteria.remove", to_json(*it), nullptr);
    return *it;
  });
}

std::vector<std::string> Desk::add_hosts(const std::string& key, const std::vector<std::string>& hosts) {
  for (const auto& h : hosts) {
    check_required_text(h, "HOST");
    if (h.find_first_of(" \t\n") != std::string::npos) throw data_error("HOST: '" + h + "' has spaces");
  }
  return write_transaction(store_, [&] {
    auto cust = must_customer(key);
    for (const auto& h : hosts) {
      if (auto owner = store_.host_owner(h))
        throw data_error("HOST: " + h + " already belongs to " + *owner);
      store_.insert_host(cust.id, h);
      audit(key + "/host/" + h, "host.add", nullptr, Json{{"customer", key}, {"host", h}});
    }
    return hosts;
  });
}

std::vector<std::string> Desk::remove_hosts(const std::string& key, const std::vector<std::string>& hosts) {
  return write_transaction(store_, [&] {
    auto cust = must_customer(key);
    for (const auto& h : hosts) {
      if (store_.host_owner(h) != key) throw not_found("HOST: " + key + " has no host " + h);
      store_.delete_host(cust.id, h);
      audit(key + "/host/" + h, "host.remove", Json{{"customer", key}, {"host", h}}, nullptr);
    }
    return hosts;
  });
}

std::vector<std::pair<std::string, std::string>> Desk::hosts(const std::optional<std::string>& key) {
  return read_transaction(store_, [&] {
    if (key) must_customer(*key);
    return store_.list_hosts(key);
  });
}

// ---- alerts -------------------------------------------------------------------

std::vector<IngestOutcome> Desk::place(const std::vector<Alert>& alerts, const std::string& customer,
                                       std::vector<std::string>& unplaced,
                                       std::vector<HookEvent>& staged) {
  std::vector<IngestOutcome> out;
  for (const auto& a : alerts) {
    Json labels = Json::object();
    for (const auto& [k, v] : a.labels) labels[k] = v;
    Json alert_json{{"source", to_string(a.source)}, {"identity", a.identity},
                    {"status", a.firing ? "firing" : "resolved"}, {"host", a.host},
                    {"check", a.check}, {"severity", a.severity}, {"title", a.title},
                    {"summary", a.summary},
                    {"starts_at", a.starts_at ? Json(iso(*a.starts_at)) : Json(nullptr)},
                    {"labels", labels}};
    AlertRecord rec;
    rec.source = std::string(to_string(a.source));
    rec.identity = a.identity;
    rec.firing = a.firing;
    rec.starts_at = a.starts_at;
    rec.ends_at = a.ends_at;
    rec.received_at = now_;
    rec.title = a.title;
    rec.summary = a.summary;
    rec.host = a.host;
    rec.labels = labels.dump();
    rec.delivery_key = rec.source + "|" + a.delivery_key;
    auto existing = store_.incident_for_alert(rec.source, a.identity);
    if (store_.has_alert_delivery(rec.delivery_key)) {
      out.push_back({a.identity, "duplicate", existing ? existing->first + "-" + std::to_string(existing->second) : ""});
      continue;
    }
    if (existing) {
      auto inc = *store_.find_incident(existing->first, existing->second);
      rec.incident_id = inc.id;
      store_.insert_alert(rec);
      incident_event(inc, a.firing ? "alert" : "alert-cleared", alert_json, a.summary);
      auto before = to_json(inc);
      save(inc, before, a.firing ? "incident.alert" : "incident.alert-cleared");
      hook(staged, a.firing ? "alert.received" : "alert.cleared", inc, Json{{"alert", alert_json}});
      out.push_back({a.identity, a.firing ? "attached" : "cleared", inc.key()});
      continue;
    }
    if (!a.firing) {
      unplaced.push_back(a.identity + ": resolved, and no open incident holds this alert");
      continue;
    }
    // A new incident: whose is it?
    std::string key = customer;
    if (key.empty()) key = a.customer;
    if (key.empty() && !a.host.empty()) key = store_.host_owner(a.host).value_or("");
    if (key.empty()) {
      unplaced.push_back(a.identity + ": no customer (no --customer, no customer label, and host '" +
                         a.host + "' belongs to no customer)");
      continue;
    }
    std::optional<Customer> cust;
    try {
      check_customer_key(key);
      cust = store_.find_customer(key);
    } catch (const Error&) {
    }
    if (!cust) {
      unplaced.push_back(a.identity + ": no customer " + key);
      continue;
    }
    Incident inc;
    inc.customer = cust->key;
    inc.customer_id = cust->id;
    inc.host = a.host;
    inc.title = a.title.empty() ? a.identity : a.title;
    inc.details = a.summary;
    inc.via = IncidentVia::monitoring;
    inc.received_at = now_;
    inc.detected_at = a.starts_at && *a.starts_at <= now_ ? a.starts_at : std::nullopt;
    inc.created_at = inc.updated_at = now_;
    auto rules = store_.list_criteria(cust->id);
    const Criterion* rule = judge(rules, a.labels);
    if (rule) {
      inc.impact = rule->impact;
      inc.judged_by = "criterion " + std::to_string(rule->id);
      inc.judged_at = now_;
    }
    inc.number = store_.take_ticket_number(cust->id);
    inc.id = store_.insert_incident(inc);
    rec.incident_id = inc.id;
    store_.insert_alert(rec);
    Json opened{{"via", "monitoring"}, {"impact", to_string(inc.impact)}};
    if (rule) opened["criterion"] = to_json(*rule);
    incident_event(inc, "opened", opened, "");
    incident_event(inc, "alert", alert_json, a.summary);
    audit(inc.key(), "incident.open", nullptr, to_json(inc));
    hook(staged, "incident.opened", inc, Json{{"alert", alert_json}});
    if (rule) hook(staged, "incident.judged", inc, Json{{"criterion", to_json(*rule)}});
    out.push_back({a.identity, "opened", inc.key()});
  }
  return out;
}

IngestResult Desk::ingest(const std::string& payload, const std::string& format,
                          const std::string& customer) {
  // "" or auto: detect; an unknown name is a usage error.
  std::optional<AlertFormat> fmt = format.empty() ? std::nullopt : alert_format_from(format);
  if (!customer.empty()) check_customer_key(customer);
  IngestResult result;
  std::vector<HookEvent> staged;
  std::string reason;
  try {
    auto alerts = parse_alerts(payload, fmt);
    std::vector<std::string> unplaced;
    result.outcomes = write_transaction(store_, [&] {
      if (!customer.empty()) must_customer(customer);
      return place(alerts, customer, unplaced, staged);
    });
    hooks_.insert(hooks_.end(), staged.begin(), staged.end());
    for (const auto& u : unplaced) reason += (reason.empty() ? "" : "; ") + u;
  } catch (const Error& e) {
    if (e.code() != Exit::data && e.code() != Exit::no_input) throw;
    reason = e.what();
  }
  if (reason.empty()) return result;
  // Never drop what a monitoring system sent: keep it whole.
  InboxItem item;
  item.received_at = now_;
  item.actor = actor_;
  item.format = format.empty() ? "auto" : format;
  item.customer = customer;
  item.reason = reason;
  item.payload = payload;
  staged.clear();
  result.inbox_id = write_transaction(store_, [&] {
    auto id = store_.insert_inbox(item);
    audit("inbox/" + std::to_string(id), "alert.inbox", nullptr, Json{{"reason", reason}, {"bytes", payload.size()}});
    return id;
  });
  result.reason = reason;
  Json j{{"event", "alert.inboxed"}, {"at", iso(now_)}, {"actor", actor_},
         {"inbox_id", *result.inbox_id}, {"reason", reason}};
  hooks_.push_back(HookEvent{"alert.inboxed", j.dump()});
  return result;
}

IngestResult Desk::retry(std::int64_t inbox_id, const std::string& format, const std::string& customer) {
  auto item = inbox_item(inbox_id);
  if (item.status == "placed")
    throw data_error("inbox: item " + std::to_string(inbox_id) + " was placed already (" + item.result + ")");
  if (item.status == "dismissed")
    throw data_error("inbox: item " + std::to_string(inbox_id) + " was dismissed (" + item.result + ")");
  std::string fmt = format.empty() ? item.format : format;
  std::string cust = customer.empty() ? item.customer : customer;
  std::optional<AlertFormat> parsed_format = fmt.empty() ? std::nullopt : alert_format_from(fmt);
  if (!cust.empty()) check_customer_key(cust);
  IngestResult result;
  std::vector<HookEvent> staged;
  std::string reason;
  try {
    auto alerts = parse_alerts(item.payload, parsed_format);
    std::vector<std::string> unplaced;
    result.outcomes = write_transaction(store_, [&] {
      if (!cust.empty()) must_customer(cust);
      auto placed = place(alerts, cust, unplaced, staged);
      auto before = to_json(item, false);
      if (unplaced.empty()) {
        item.status = "placed";
        item.placed_at = now_;
        std::string keys;
        for (const auto& o : placed)
          if (!o.key.empty() && keys.find(o.key) == std::string::npos) keys += (keys.empty() ? "" : " ") + o.key;
        item.result = keys;
      } else {
        std::string r;
        for (const auto& u : unplaced) r += (r.empty() ? "" : "; ") + u;
        item.reason = r;
      }
      store_.update_inbox(item);
      audit("inbox/" + std::to_string(item.id), "alert.retry", before, to_json(item, false));
      return placed;
    });
    hooks_.insert(hooks_.end(), staged.begin(), staged.end());
    for (const auto& u : unplaced) reason += (reason.empty() ? "" : "; ") + u;
  } catch (const Error& e) {
    if (e.code() != Exit::data && e.code() != Exit::no_input) throw;
    reason = e.what();
  }
  if (!reason.empty()) {
    result.inbox_id = inbox_id;
    result.reason = reason;
  }
  return result;
}

InboxItem Desk::dismiss(std::int64_t inbox_id, const std::string& why) {
  check_required_text(why, "-m");
  check_one_line(why, "-m");
  return write_transaction(store_, [&] {
    auto item = store_.find_inbox(inbox_id);
    if (!item) throw not_found("inbox: no item " + std::to_string(inbox_id) + " (see 'sd alert inbox')");
    if (item->status != "pending")
      throw data_error("inbox: item " + std::to_string(inbox_id) + " is " + item->status + " already");
    auto before = to_json(*item, false);
    item->status = "dismissed";
    item->placed_at = now_;
    item->result = why;
    store_.update_inbox(*item);
    audit("inbox/" + std::to_string(item->id), "alert.dismiss", before, to_json(*item, false));
    return *item;
  });
}

InboxItem Desk::inbox_item(std::int64_t inbox_id) {
  auto item = read_transaction(store_, [&] { return store_.find_inbox(inbox_id); });
  if (!item) throw not_found("inbox: no item " + std::to_string(inbox_id) + " (see 'sd alert inbox --all')");
  return *item;
}

std::vector<InboxItem> Desk::inbox(bool all) {
  return read_transaction(store_, [&] { return store_.list_inbox(all); });
}

}  // namespace sd
