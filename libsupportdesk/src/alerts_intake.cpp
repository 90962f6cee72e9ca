// Alert intake, its inbox, and the impact criteria and hosts it uses.
#include "supportdesk/alerts_intake.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"
#include "checks.hpp"
#include "take_back.hpp"

#include <algorithm>
#include <set>

namespace sd {

// ---- criteria and hosts -------------------------------------------------------

Criterion AlertIntake::add_criterion(const std::string& key, const std::vector<std::string>& matches,
                                     Impact impact, const std::string& note) {
  if (matches.empty()) throw field_error("match", "give at least one LABEL=PATTERN");
  Criterion c;
  std::set<std::string> seen;
  for (const auto& m : matches) {
    auto pair = parse_match(m);
    if (pair.first.find('\n') != std::string::npos || pair.second.find('\n') != std::string::npos)
      throw field_error("match", "must be one line");
    if (!seen.insert(pair.first).second) throw field_error("match", pair.first + " is given twice");
    c.matches.push_back(pair);
  }
  c.impact = impact;
  check_one_line(note, "message");
  c.note = note;
  return write_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(key);
    c.customer_id = cust.id;
    c.id = ctx_.store.insert_criterion(c);
    auto all = ctx_.store.list_criteria(cust.id);
    c.position = static_cast<int>(all.size());
    ctx_.audit(key + "/criteria/" + std::to_string(c.id), "criteria.add", nullptr, to_json(c));
    return c;
  });
}

std::vector<Criterion> AlertIntake::criteria(const std::string& key) {
  return read_transaction(ctx_.store, [&] { return ctx_.store.list_criteria(ctx_.must_customer(key).id); });
}

Criterion AlertIntake::remove_criterion(const std::string& key, std::int64_t id) {
  return write_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(key);
    auto all = ctx_.store.list_criteria(cust.id);
    auto it = std::find_if(all.begin(), all.end(), [&](const Criterion& c) { return c.id == id; });
    if (it == all.end())
      throw not_found("criteria: " + key + " has no criterion " + std::to_string(id) +
                      " (see 'sd customer criteria list " + key + "')");
    ctx_.store.delete_criterion(id);
    ctx_.audit(key + "/criteria/" + std::to_string(id), "criteria.remove", to_json(*it), nullptr);
    return *it;
  });
}

std::vector<std::string> AlertIntake::add_hosts(const std::string& key, const std::vector<std::string>& hosts) {
  for (const auto& h : hosts) {
    check_required_text(h, "host");
    if (h.find_first_of(" \t\n") != std::string::npos) throw field_error("host", "'" + h + "' has spaces");
  }
  return write_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(key);
    for (const auto& h : hosts) {
      if (auto owner = ctx_.store.host_owner(h))
        throw field_error("host", h + " already belongs to " + *owner);
      ctx_.store.insert_host(cust.id, h);
      ctx_.audit(key + "/host/" + h, "host.add", nullptr, Json{{"customer", key}, {"host", h}});
    }
    return hosts;
  });
}

std::vector<std::string> AlertIntake::remove_hosts(const std::string& key, const std::vector<std::string>& hosts) {
  return write_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(key);
    for (const auto& h : hosts) {
      if (ctx_.store.host_owner(h) != key) throw Error(Exit::no_input, "host", key + " has no host " + h);
      ctx_.store.delete_host(cust.id, h);
      ctx_.audit(key + "/host/" + h, "host.remove", Json{{"customer", key}, {"host", h}}, nullptr);
    }
    return hosts;
  });
}

std::vector<std::pair<std::string, std::string>> AlertIntake::hosts(const std::optional<std::string>& key) {
  return read_transaction(ctx_.store, [&] {
    if (key) ctx_.must_customer(*key);
    return ctx_.store.list_hosts(key);
  });
}

// ---- sd undo: criteria and hosts ------------------------------------------------

bool take_back::intake_change(DeskContext& ctx, const AuditEvent& e) {
  auto before = part(e.before);
  const auto key = e.entity.substr(0, e.entity.find('/'));
  const auto name = e.entity.substr(e.entity.rfind('/') + 1);
  if (e.action == "criteria.add" || e.action == "criteria.remove") {
    auto cust = ctx.must_customer(key);
    auto all = ctx.store.list_criteria(cust.id);
    if (e.action == "criteria.add") {
      auto id = std::stoll(name);
      auto it = std::find_if(all.begin(), all.end(), [&](const Criterion& c) { return c.id == id; });
      if (it == all.end()) throw changed(e, "criterion " + name + " is no longer there");
      ctx.store.delete_criterion(id);
      return true;
    }
    // Criteria are judged in order, the first that matches deciding, and
    // one added again goes last: only the last one comes back in its place.
    if (before.value("order", 0) != static_cast<int>(all.size()) + 1)
      throw changed(e, "criterion " + name + " was not the last, and added again it would be; "
                       "add it where it belongs with 'sd customer criteria add'");
    Criterion c;
    c.customer_id = cust.id;
    for (auto it = before["match"].begin(); it != before["match"].end(); ++it)
      c.matches.emplace_back(it.key(), it->get<std::string>());
    c.impact = impact_from(text_of(before["impact"])).value_or(Impact::yes);
    c.note = text_of(before["note"]);
    ctx.store.insert_criterion(c);
    return true;
  }
  if (e.action == "host.add") {
    if (ctx.store.host_owner(name) != key) throw changed(e, "host " + name + " is no longer " + key + "'s");
    ctx.store.delete_host(ctx.must_customer(key).id, name);
    return true;
  }
  if (e.action == "host.remove") {
    if (auto owner = ctx.store.host_owner(name)) throw changed(e, "host " + name + " now belongs to " + *owner);
    ctx.store.insert_host(ctx.must_customer(key).id, name);
    return true;
  }
  return false;
}

// ---- alerts -------------------------------------------------------------------

namespace {
/// A new firing of an alert an incident holds: the incident has recovered
/// (recovered or confirmed), and the alert's latest record there says it
/// was resolved, or started at another time.
bool is_new_firing(const Incident& inc, const AlertRecord& rec, const std::vector<AlertRecord>& held) {
  if (inc.status != IncidentStatus::recovered && inc.status != IncidentStatus::confirmed) return false;
  const AlertRecord* last = nullptr;
  for (const auto& h : held)
    if (h.source == rec.source && h.identity == rec.identity) last = &h;
  return !last || !last->firing || last->starts_at != rec.starts_at;
}
}  // namespace

std::vector<IngestOutcome> AlertIntake::place(const std::vector<Alert>& alerts, const std::string& customer,
                                              Instant received,
                                       std::vector<std::string>& unplaced,
                                       std::vector<HookEvent>& staged) {
  std::vector<IngestOutcome> out;
  for (const auto& a : alerts) {
    Json labels = Json::object();
    for (const auto& [k, v] : a.labels) labels[k] = v;
    Json alert_json{{"source", to_string(a.source)}, {"identity", a.identity},
                    {"status", a.firing ? "firing" : "resolved"}, {"host", text_or_null(a.host)},
                    {"check", text_or_null(a.check)}, {"severity", text_or_null(a.severity)},
                    {"title", text_or_null(a.title)}, {"summary", text_or_null(a.summary)},
                    {"starts_at", a.starts_at ? Json(ctx_.iso(*a.starts_at)) : Json(nullptr)},
                    {"labels", labels}};
    AlertRecord rec;
    rec.source = std::string(to_string(a.source));
    rec.identity = a.identity;
    rec.firing = a.firing;
    rec.starts_at = a.starts_at;
    rec.ends_at = a.ends_at;
    rec.received_at = received;
    rec.title = a.title;
    rec.summary = a.summary;
    rec.host = a.host;
    rec.labels = labels.dump();
    rec.delivery_key = rec.source + "|" + a.delivery_key;
    auto existing = ctx_.store.incident_for_alert(rec.source, a.identity);
    std::optional<Incident> held;
    if (existing) held = ctx_.store.find_incident(existing->first, existing->second);
    if (ctx_.store.has_alert_delivery(rec.delivery_key)) {
      out.push_back({a.identity, "duplicate", held && is_open(held->status) ? held->key() : ""});
      continue;
    }
    if (held && a.firing && held->status == IncidentStatus::closed) {
      // A closed incident is never reopened: its new firing is a new incident that follows it.
      out.push_back(open_incident(a, rec, alert_json, ctx_.must_customer(held->customer), received, held->number, staged));
      continue;
    }
    if (held && a.firing && is_new_firing(*held, rec, ctx_.store.incident_alerts(held->id))) {
      if (ctx_.policy.refire == RefireMode::reopen) out.push_back(reopen(*held, a, rec, alert_json, received, staged));
      else out.push_back(open_incident(a, rec, alert_json, ctx_.must_customer(held->customer), received, held->number, staged));
      continue;
    }
    if (held && held->status != IncidentStatus::closed) {
      auto inc = *held;
      rec.incident_id = inc.id;
      ctx_.store.insert_alert(rec);
      incident_log::event(ctx_, inc, a.firing ? "alert" : "alert-cleared", alert_json, a.summary);
      auto before = to_json(inc, ctx_.view());
      incident_log::save(ctx_, inc, before, a.firing ? "incident.alert" : "incident.alert-cleared");
      incident_log::hook(ctx_, staged, a.firing ? "alert.received" : "alert.cleared", inc, Json{{"alert", alert_json}});
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
    // The host's owner: a registered host first (the desk said where its
    // alerts go), then a CI of that name (what the desk records it as).
    if (key.empty() && !a.host.empty()) key = ctx_.store.host_owner(a.host).value_or("");
    if (key.empty() && !a.host.empty())
      if (auto ci = ctx_.store.find_config_item(a.host)) key = ci->customer;
    if (key.empty()) {
      unplaced.push_back(a.identity + ": no customer (none named with the payload, no customer label, and host '" +
                         a.host + "' belongs to no customer and is no CI)");
      continue;
    }
    std::optional<Customer> cust;
    try {
      check_customer_key(key);
      cust = ctx_.store.find_customer(key);
    } catch (const Error&) {
    }
    if (!cust) {
      unplaced.push_back(a.identity + ": no customer " + key);
      continue;
    }
    out.push_back(open_incident(a, rec, alert_json, *cust, received, 0, staged));
  }
  return out;
}

IngestOutcome AlertIntake::open_incident(const Alert& a, AlertRecord& rec, const Json& alert_json,
                                         const Customer& cust, Instant received, std::int64_t follows,
                                         std::vector<HookEvent>& staged) {
  Incident inc;
  inc.customer = cust.key;
  inc.customer_id = cust.id;
  inc.host = a.host;
  inc.title = a.title.empty() ? a.identity : a.title;
  inc.details = a.summary;
  inc.via = IncidentVia::monitoring;
  inc.received_at = received;
  inc.detected_at = a.starts_at && *a.starts_at <= received ? a.starts_at : std::nullopt;
  inc.follows = follows;
  inc.created_at = inc.updated_at = ctx_.now;
  auto rules = ctx_.store.list_criteria(cust.id);
  const Criterion* rule = judge(rules, a.labels);
  if (rule) {
    inc.impact = rule->impact;
    inc.judged_by = "criterion " + std::to_string(rule->id);
    inc.judged_at = ctx_.now;
  }
  inc.number = ctx_.store.take_ticket_number(cust.id);
  inc.id = ctx_.store.insert_incident(inc);
  rec.incident_id = inc.id;
  ctx_.store.insert_alert(rec);
  Json opened{{"via", "monitoring"}, {"impact", to_string(inc.impact)}};
  if (rule) opened["criterion"] = to_json(*rule);
  if (follows) {
    auto before = ctx_.store.find_incident(cust.key, follows);
    opened["follows"] = before->key();
    // The incident it follows keeps a note of the new firing in its timeline.
    incident_log::event(ctx_, *before, "followed", Json{{"by", inc.key()}, {"alert", alert_json}}, a.summary);
  }
  incident_log::event(ctx_, inc, "opened", opened, "");
  incident_log::event(ctx_, inc, "alert", alert_json, a.summary);
  ctx_.audit(inc.key(), "incident.open", nullptr, to_json(inc, ctx_.view()));
  incident_log::hook(ctx_, staged, "incident.opened", inc, Json{{"alert", alert_json}});
  if (rule) incident_log::hook(ctx_, staged, "incident.judged", inc, Json{{"criterion", to_json(*rule)}});
  return {a.identity, "opened", inc.key()};
}

IngestOutcome AlertIntake::reopen(Incident inc, const Alert& a, AlertRecord& rec, const Json& alert_json,
                                  Instant received, std::vector<HookEvent>& staged) {
  rec.incident_id = inc.id;
  ctx_.store.insert_alert(rec);
  auto before = to_json(inc, ctx_.view());
  incident_log::event(ctx_, inc, "alert", alert_json, a.summary);
  Json data{{"from", to_string(inc.status)}, {"at", ctx_.iso(received)},
            {"recovered_at", inc.recovered_at ? Json(ctx_.iso(*inc.recovered_at)) : Json(nullptr)},
            {"recovery_action", inc.recovery_action}, {"alert", alert_json}};
  incident_log::event(ctx_, inc, "reopened", data, a.summary);
  // The recovery did not hold: the incident is open again and owes a new
  // notice from the new firing, then its interim reports.
  inc.status = IncidentStatus::open;
  inc.reopened_at = received;
  inc.reopen_posted_at = inc.reopen_called_at = std::nullopt;
  inc.recovered_at = inc.recovery_notified_at = inc.confirmed_at = std::nullopt;
  inc.recovery_action.clear();
  incident_log::save(ctx_, inc, before, "incident.reopen");
  incident_log::hook(ctx_, staged, "alert.received", inc, Json{{"alert", alert_json}});
  incident_log::hook(ctx_, staged, "incident.reopened", inc, Json{{"alert", alert_json}});
  return {a.identity, "reopened", inc.key()};
}

IngestResult AlertIntake::ingest(const std::string& payload, std::optional<AlertFormat> fmt,
                                 const std::string& customer) {
  if (!customer.empty()) check_customer_key(customer);
  IngestResult result;
  std::vector<HookEvent> staged;
  // Never drop what a monitoring system sent: what cannot be placed is kept
  // whole in the inbox.
  InboxItem item;
  item.received_at = ctx_.now;
  item.actor = ctx_.actor;
  item.format = fmt ? std::string(to_string(*fmt)) : "auto";
  item.customer = customer;
  item.payload = payload;
  auto keep = [&](const std::string& reason) {
    item.reason = printable(reason);
    auto id = ctx_.store.insert_inbox(item);
    ctx_.audit("inbox/" + std::to_string(id), "alert.inbox", nullptr,
               Json{{"reason", item.reason}, {"bytes", payload.size()}});
    return id;
  };
  try {
    auto alerts = parse_alerts(payload, fmt, max_payload_bytes_);
    result.outcomes = write_transaction(ctx_.store, [&] {
      staged.clear();  // a conflict runs the body again
      result.inbox_id.reset();
      if (!customer.empty()) ctx_.must_customer(customer);
      std::vector<std::string> unplaced;
      auto outcomes = place(alerts, customer, ctx_.now, unplaced, staged);
      // The alerts placed and the payload kept for the rest commit together:
      // a busy store or a crash leaves all of it or none, never placed
      // alerts whose unplaced companions were lost.
      if (!unplaced.empty()) {
        std::string reason;
        for (const auto& u : unplaced) reason += (reason.empty() ? "" : "; ") + u;
        result.inbox_id = keep(reason);
      }
      return outcomes;
    });
    ctx_.hooks.insert(ctx_.hooks.end(), staged.begin(), staged.end());
  } catch (const Error& e) {
    if (e.code() != Exit::data && e.code() != Exit::no_input) throw;
    // Nothing was placed (the transaction, if any, rolled back): keep it all.
    result.outcomes.clear();
    result.inbox_id = write_transaction(ctx_.store, [&] { return keep(e.what()); });
  }
  if (!result.inbox_id) return result;
  result.reason = item.reason;
  Json j{{"event", "alert.inboxed"}, {"at", ctx_.iso(ctx_.now)}, {"actor", ctx_.actor},
         {"inbox_id", *result.inbox_id}, {"reason", item.reason}};
  ctx_.hooks.push_back(HookEvent{"alert.inboxed", j.dump()});
  return result;
}

IngestResult AlertIntake::retry(std::int64_t inbox_id, std::optional<std::optional<AlertFormat>> format,
                                const std::string& customer) {
  auto item = inbox_item(inbox_id);
  if (item.status == "placed")
    throw data_error("inbox: item " + std::to_string(inbox_id) + " was placed already (" + item.result + ")");
  if (item.status == "dismissed")
    throw data_error("inbox: item " + std::to_string(inbox_id) + " was dismissed (" + item.result + ")");
  std::string cust = customer.empty() ? item.customer : customer;
  // The format kept with it ("auto": detect) unless one is given now.
  std::optional<AlertFormat> parsed_format = format ? *format : alert_format_from(item.format);
  if (!cust.empty()) check_customer_key(cust);
  IngestResult result;
  std::vector<HookEvent> staged;
  std::string reason;
  const InboxItem as_read = item;
  try {
    auto alerts = parse_alerts(item.payload, parsed_format, max_payload_bytes_);
    std::vector<std::string> unplaced;
    result.outcomes = write_transaction(ctx_.store, [&] {
      // A conflict runs the body again, from the item as read.
      staged.clear();
      unplaced.clear();
      item = as_read;
      if (!cust.empty()) ctx_.must_customer(cust);
      auto placed = place(alerts, cust, item.received_at, unplaced, staged);
      auto before = to_json(item, ctx_.view(), false);
      if (unplaced.empty()) {
        item.status = "placed";
        item.placed_at = ctx_.now;
        std::string keys;
        for (const auto& o : placed)
          if (!o.key.empty() && keys.find(o.key) == std::string::npos) keys += (keys.empty() ? "" : " ") + o.key;
        item.result = keys;
      } else {
        std::string r;
        for (const auto& u : unplaced) r += (r.empty() ? "" : "; ") + u;
        item.reason = r;
      }
      ctx_.store.update_inbox(item);
      ctx_.audit("inbox/" + std::to_string(item.id), "alert.retry", before, to_json(item, ctx_.view(), false));
      return placed;
    });
    ctx_.hooks.insert(ctx_.hooks.end(), staged.begin(), staged.end());
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

InboxItem AlertIntake::dismiss(std::int64_t inbox_id, const std::string& why) {
  check_required_text(why, "message");
  check_one_line(why, "message");
  return write_transaction(ctx_.store, [&] {
    auto item = ctx_.store.find_inbox(inbox_id);
    if (!item) throw not_found("inbox: no item " + std::to_string(inbox_id) + " (see 'sd alert inbox')");
    if (item->status != "pending")
      throw data_error("inbox: item " + std::to_string(inbox_id) + " is " + item->status + " already");
    auto before = to_json(*item, ctx_.view(), false);
    item->status = "dismissed";
    item->placed_at = ctx_.now;
    item->result = why;
    ctx_.store.update_inbox(*item);
    ctx_.audit("inbox/" + std::to_string(item->id), "alert.dismiss", before, to_json(*item, ctx_.view(), false));
    return *item;
  });
}

InboxItem AlertIntake::inbox_item(std::int64_t inbox_id) {
  auto item = read_transaction(ctx_.store, [&] { return ctx_.store.find_inbox(inbox_id); });
  if (!item) throw not_found("inbox: no item " + std::to_string(inbox_id) + " (see 'sd alert inbox', which lists placed and dismissed items too when asked for all)");
  return *item;
}

std::vector<UnplacedAlert> AlertIntake::unplaced(std::chrono::seconds warn) {
  auto pending = read_transaction(ctx_.store, [&] { return ctx_.store.list_inbox(false); });
  std::vector<UnplacedAlert> out;
  for (auto& item : pending) {
    bool firing = true;  // unreadable: it may hold a firing alert
    try {
      auto alerts = parse_alerts(item.payload, alert_format_from(item.format), max_payload_bytes_);
      firing = std::any_of(alerts.begin(), alerts.end(), [](const Alert& a) { return a.firing; });
    } catch (const Error&) {
    }
    if (!firing) continue;
    // Unjudged: the deadline of an impacting incident.
    Incident as_if;
    as_if.received_at = item.received_at;
    auto due = first_notice_due(as_if, ctx_.policy).slo;
    auto state = urgency(due, ctx_.now, warn);
    if (state == Urgency::ok) state = Urgency::due_soon;
    out.push_back(UnplacedAlert{std::move(item), Obligation{"first-notification", "slo", due, std::nullopt}, state});
  }
  return out;
}

std::vector<InboxItem> AlertIntake::inbox(bool all) {
  return read_transaction(ctx_.store, [&] { return ctx_.store.list_inbox(all); });
}

void AlertIntake::each_inbox(bool all, const std::function<void(const InboxItem&)>& visit) {
  read_transaction(ctx_.store, [&] { ctx_.store.each_inbox(all, [&](InboxItem& i) { visit(i); }); });
}

}  // namespace sd
