#include "supportdesk/desk.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"
#include "checks.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace sd {
namespace {

template <class E>
E parse_choice(std::optional<E> v, std::string_view flag, std::string_view given,
               std::string_view allowed) {
  if (!v)
    throw data_error(std::string(flag) + ": '" + std::string(given) + "' is not allowed; use " +
                     std::string(allowed));
  return *v;
}

Plan parse_plan(const std::string& s) {
  return parse_choice(plan_from(s), "--plan", s, "basic or advanced");
}
Priority parse_priority(const std::string& s) {
  return parse_choice(priority_from(s), "--priority", s, "high, normal or low");
}
Via parse_via(const std::string& s) {
  return parse_choice(via_from(s), "--via", s, "backlog, phone or email");
}

/// Contacts are named by name or by place in the call order, so a name may
/// not be all digits.
void check_contact_name(const std::string& name) {
  check_required_text(name, "--name");
  check_one_line(name, "--name");
  if (std::all_of(name.begin(), name.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    throw data_error("--name: a contact's name cannot be a number (numbers name places in the call order)");
}

void check_phone(const std::string& s) {
  int digits = 0;
  bool ok = !s.empty();
  for (char c : s) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c != '+' && c != '-' && c != ' ' && c != '(' && c != ')') ok = false;
  }
  if (!ok || digits < 2)
    throw data_error("--phone: '" + s + "' is not a phone number; use digits with + - ( ) or spaces");
}

/// A zone the user typed: unknown is bad data (65), not bad config.
void check_zone(const std::string& tz) {
  try {
    find_zone(tz, "--tz");
  } catch (const Error& e) {
    throw data_error(e.what());
  }
}

void check_email(const std::string& s) {
  auto at = s.find('@');
  if (s.empty()) return;
  if (at == std::string::npos || at == 0 || at + 1 >= s.size() ||
      s.find_first_of(" \t\n,;<>") != std::string::npos)
    throw data_error("--email: '" + s + "' is not an email address");
}

}  // namespace

Desk::Desk(Store& store, const Calendar& calendar, const Catalog& catalog, Instant now,
           std::string actor)
    : store_(store), calendar_(calendar), catalog_(catalog), now_(now), actor_(std::move(actor)) {
  check_one_line(actor_, "--as");
}

std::string Desk::iso(Instant t) const { return format_instant(t, calendar_.zone()); }

// ---- JSON ----------------------------------------------------------------

Json Desk::to_json(const Customer& c) const {
  return Json{{"key", c.key},
              {"name", c.name},
              {"plan", to_string(c.plan)},
              {"tz", c.tz},
              {"created_at", iso(c.created_at)}};
}

Json Desk::to_json(const Contact& c) const {
  return Json{{"order", c.position}, {"name", c.name},   {"phone", c.phone},
              {"email", c.email},    {"role", c.role}};
}

Json Desk::to_json(const Request& r) const {
  auto opt = [&](const std::optional<Instant>& t) { return t ? Json(iso(*t)) : Json(nullptr); };
  Json fields = Json::object();
  for (const auto& [k, v] : r.fields) fields[k] = v;
  auto c = slo_clock(r, calendar_, now_);
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
         {"received_at", iso(r.received_at)},
         {"clock_started_at", opt(r.clock_start)},
         {"desired_at", opt(r.desired_at)},
         {"due_at", opt(r.due_at)},
         {"resolved_at", opt(r.resolved_at)},
         {"closed_at", opt(r.closed_at)},
         {"miss_reason", r.miss_reason}};
  j["slo"] = Json{{"started", c.started},
                  {"paused", c.paused},
                  {"budget_seconds", c.budget.count()},
                  {"used_seconds", c.used.count()},
                  {"paused_seconds", c.paused_time.count()},
                  {"left_seconds", c.left().count()},
                  {"late", c.late()}};
  Json pauses = Json::array();
  for (const auto& p : r.pauses) pauses.push_back(Json{{"from", iso(p.from)}, {"to", opt(p.to)}});
  j["pauses"] = pauses;
  j["created_at"] = iso(r.created_at);
  j["updated_at"] = iso(r.updated_at);
  return j;
}

Json Desk::to_json(const RequestEvent& e) const {
  return Json{{"at", iso(e.at)}, {"actor", e.actor}, {"kind", e.kind}, {"from", e.from},
              {"to", e.to},      {"note", e.note},   {"internal", e.internal}};
}

Json Desk::to_json(const AuditEvent& e) const {
  auto parse = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json::parse(s); };
  return Json{{"id", e.id},         {"at", iso(e.at)},       {"actor", e.actor},
              {"entity", e.entity}, {"action", e.action},    {"before", parse(e.before)},
              {"after", parse(e.after)}};
}

// ---- helpers ---------------------------------------------------------------

void Desk::audit(const std::string& entity, const std::string& action, const Json& before,
                 const Json& after) {
  AuditEvent e;
  e.at = now_;
  e.actor = actor_;
  e.entity = entity;
  e.action = action;
  e.before = before.is_null() ? "" : before.dump();
  e.after = after.is_null() ? "" : after.dump();
  store_.append_audit(e);
}

Customer Desk::must_customer(const std::string& key) {
  check_customer_key(key);
  auto c = store_.find_customer(key);
  if (!c) throw not_found("customer: no customer " + key + " (see 'sd customer list')");
  return *c;
}

Request Desk::must_request(const std::string& key) {
  auto [customer, number] = parse_ticket_key(key);
  auto r = store_.find_request(customer, number);
  if (!r) throw not_found("request: no request " + key + " (see 'sd request list')");
  r->pauses = pauses_from(store_.request_events(r->id));
  return *r;
}

void Desk::event(const Request& r, const std::string& kind, const std::string& from,
                 const std::string& to, const std::string& note, bool internal) {
  RequestEvent e;
  e.request_id = r.id;
  e.at = now_;
  e.actor = actor_;
  e.kind = kind;
  e.from = from;
  e.to = to;
  e.note = note;
  e.internal = internal;
  store_.insert_request_event(e);
}

void Desk::save(Request& r, const Json& before, const std::string& action) {
  r.pauses = pauses_from(store_.request_events(r.id));
  r.due_at = r.clock_start ? compute_due(calendar_, *r.clock_start, r.slo_days, r.pauses)
                           : std::nullopt;
  r.updated_at = now_;
  store_.update_request(r);
  audit(r.key(), action, before, to_json(r));
}

// ---- customers ---------------------------------------------------------------

Customer Desk::add_customer(const std::string& key, const std::string& name,
                            const std::string& plan, const std::string& tz) {
  check_customer_key(key);
  check_required_text(name, "--name");
  check_one_line(name, "--name");
  Customer c;
  c.key = key;
  c.name = name;
  c.plan = parse_plan(plan);
  c.tz = tz.empty() ? calendar_.settings().zone : tz;
  check_zone(c.tz);
  c.created_at = now_;
  return write_transaction(store_, [&] {
    if (store_.find_customer(key)) throw data_error("customer: " + key + " already exists");
    c.id = store_.insert_customer(c);
    audit(key, "customer.add", nullptr, to_json(c));
    return c;
  });
}

Customer Desk::edit_customer(const std::string& key, const CustomerEdit& edit) {
  if (!edit.name && !edit.plan && !edit.tz)
    throw usage_error("customer edit: nothing to change; give --name, --plan or --tz");
  if (edit.name) {
    check_required_text(*edit.name, "--name");
    check_one_line(*edit.name, "--name");
  }
  std::optional<Plan> plan;
  if (edit.plan) plan = parse_plan(*edit.plan);
  if (edit.tz) check_zone(*edit.tz);
  return write_transaction(store_, [&] {
    auto c = must_customer(key);
    auto before = to_json(c);
    if (edit.name) c.name = *edit.name;
    if (plan) c.plan = *plan;
    if (edit.tz) c.tz = *edit.tz;
    store_.update_customer(c);
    audit(key, "customer.edit", before, to_json(c));
    return c;
  });
}

Customer Desk::customer(const std::string& key) {
  return read_transaction(store_, [&] { return must_customer(key); });
}

std::vector<Customer> Desk::customers() {
  return read_transaction(store_, [&] { return store_.list_customers(); });
}

// ---- contacts ------------------------------------------------------------------

std::vector<Contact>::const_iterator Desk::find_contact(const std::vector<Contact>& list,
                                                        const std::string& who,
                                                        const std::string& key) const {
  bool numeric = !who.empty() && std::all_of(who.begin(), who.end(),
                                              [](char ch) { return ch >= '0' && ch <= '9'; });
  auto it = std::find_if(list.begin(), list.end(), [&](const Contact& c) {
    return numeric ? std::to_string(c.position) == who : c.name == who;
  });
  if (it == list.end())
    throw not_found("contact: " + key + " has no contact " + (numeric ? "at position " : "named ") +
                    who + " (see 'sd contact list " + key + "')");
  return it;
}

void Desk::renumber(std::vector<Contact>& list) {
  // Positions are unique per customer only by convention, so moves are safe
  // in any order within the transaction.
  int pos = 0;
  for (auto& c : list) {
    if (c.position != ++pos) {
      c.position = pos;
      store_.update_contact(c);
    }
  }
}

Contact Desk::add_contact(const std::string& key, const ContactInput& in) {
  check_phone(in.phone);
  check_email(in.email);
  check_one_line(in.role, "--role");
  check_contact_name(in.name);
  return write_transaction(store_, [&] {
    auto cust = must_customer(key);
    auto list = store_.list_contacts(cust.id);
    for (const auto& c : list)
      if (c.name == in.name) throw data_error("--name: " + key + " already has a contact named " + in.name);
    int last = static_cast<int>(list.size()) + 1;
    int order = in.order.value_or(last);
    if (order < 1 || order > last)
      throw data_error("--order: " + std::to_string(order) + " is out of range; use 1 to " +
                       std::to_string(last));
    Contact c;
    c.customer_id = cust.id;
    c.name = in.name;
    c.phone = in.phone;
    c.email = in.email;
    c.role = in.role;
    c.position = last;
    c.id = store_.insert_contact(c);
    list.insert(list.begin() + (order - 1), c);
    renumber(list);
    auto& added = list[static_cast<std::size_t>(order - 1)];
    audit(key + "/contact/" + std::to_string(added.id), "contact.add", nullptr, to_json(added));
    return added;
  });
}

Contact Desk::edit_contact(const std::string& key, const std::string& who, const ContactEdit& edit) {
  if (!edit.name && !edit.phone && !edit.email && !edit.role)
    throw usage_error("contact edit: nothing to change; give --name, --phone, --email or --role");
  if (edit.name) check_contact_name(*edit.name);
  if (edit.phone) check_phone(*edit.phone);
  if (edit.email) check_email(*edit.email);
  if (edit.role) check_one_line(*edit.role, "--role");
  return write_transaction(store_, [&] {
    auto cust = must_customer(key);
    auto list = store_.list_contacts(cust.id);
    auto c = *find_contact(list, who, key);
    auto before = to_json(c);
    if (edit.name && *edit.name != c.name)
      for (const auto& o : list)
        if (o.name == *edit.name) throw data_error("--name: " + key + " already has a contact named " + o.name);
    if (edit.name) c.name = *edit.name;
    if (edit.phone) c.phone = *edit.phone;
    if (edit.email) c.email = *edit.email;
    if (edit.role) c.role = *edit.role;
    store_.update_contact(c);
    audit(key + "/contact/" + std::to_string(c.id), "contact.edit", before, to_json(c));
    return c;
  });
}

std::vector<Contact> Desk::contacts(const std::string& key) {
  return read_transaction(store_, [&] { return store_.list_contacts(must_customer(key).id); });
}

Contact Desk::remove_contact(const std::string& key, const std::string& who) {
  return write_transaction(store_, [&] {
    auto cust = must_customer(key);
    auto list = store_.list_contacts(cust.id);
    auto it = find_contact(list, who, key);
    Contact gone = *it;
    store_.delete_contact(gone.id);
    list.erase(it);
    renumber(list);
    audit(key + "/contact/" + std::to_string(gone.id), "contact.remove", to_json(gone), nullptr);
    return gone;
  });
}

std::vector<Contact> Desk::reorder_contacts(const std::string& key, const std::vector<std::string>& who) {
  if (who.empty()) throw usage_error("contact reorder: name the contacts in their new order");
  return write_transaction(store_, [&] {
    auto cust = must_customer(key);
    auto list = store_.list_contacts(cust.id);
    Json before = Json::array();
    for (const auto& c : list) before.push_back(to_json(c));
    std::vector<Contact> ordered;
    std::set<std::int64_t> taken;
    for (const auto& w : who) {
      auto it = find_contact(list, w, key);
      if (!taken.insert(it->id).second) throw data_error("contact reorder: " + w + " is named twice");
      ordered.push_back(*it);
    }
    for (const auto& c : list)
      if (!taken.count(c.id)) ordered.push_back(c);
    renumber(ordered);
    Json after = Json::array();
    for (const auto& c : ordered) after.push_back(to_json(c));
    audit(key + "/contacts", "contact.reorder", before, after);
    return ordered;
  });
}

// ---- requests ------------------------------------------------------------------

Request Desk::new_request(const NewRequest& in) {
  check_customer_key(in.customer);
  const auto& type = catalog_.at(in.type);
  auto fields = catalog_.validate(type, in.fields);
  Request r;
  r.customer = in.customer;
  r.type = type.code;
  r.tier = type.tier;
  r.slo_days = type.slo_days;
  check_one_line(in.title, "--title");
  r.title = in.title.empty() ? type.name : in.title;
  r.priority = parse_priority(in.priority);
  r.via = parse_via(in.via);
  check_one_line(in.caller, "--caller");
  if (r.via == Via::phone && in.caller.find_first_not_of(' ') == std::string::npos)
    throw data_error("--caller: a phone request needs the caller's name (white paper §4.1.2)");
  r.caller = in.caller;
  check_required_text(in.assignee, "--assignee");
  check_one_line(in.assignee, "--assignee");
  r.assignee = in.assignee;
  check_text(in.details, "-m");
  r.details = in.details;
  r.fields = std::move(fields);
  r.received_at = in.received_at.value_or(now_);
  if (r.received_at > now_)
    throw data_error("--received-at: " + iso(r.received_at) + " is in the future");
  if (r.priority != Priority::low) r.clock_start = r.received_at;
  std::optional<Instant> due;
  if (r.clock_start) due = slo_due(calendar_, *r.clock_start, r.slo_days);
  r.desired_at = settle_desired(r.priority, in.desired, due, calendar_.zone());
  r.due_at = due;
  r.created_at = r.updated_at = now_;
  return write_transaction(store_, [&] {
    auto cust = must_customer(in.customer);
    if (type.tier == Tier::advanced && cust.plan != Plan::advanced)
      throw data_error("--type: " + type.code + " is an advanced-support type and " + cust.key +
                       " is on the basic plan (see 'sd customer edit " + cust.key +
                       " --plan advanced')");
    r.customer_id = cust.id;
    r.number = store_.take_ticket_number(cust.id);
    r.id = store_.insert_request(r);
    event(r, "created", "", std::string(to_string(r.status)), r.details);
    audit(r.key(), "request.new", nullptr, to_json(r));
    return r;
  });
}

Request Desk::act(const std::string& key, Action action, const std::string& note,
                  const std::string& miss_reason) {
  check_text(note, "-m");
  check_text(miss_reason, "--miss-reason");
  if (!miss_reason.empty() && action != Action::resolve)
    throw usage_error("--miss-reason: only 'resolve' takes it");
  return write_transaction(store_, [&] {
    auto r = must_request(key);
    auto before = to_json(r);
    auto from = r.status;
    auto to = transition(from, action, r.key());
    if (action == Action::wait && !r.clock_start)
      throw data_error(r.key() + " has no date yet; its SLO clock is not running (see 'sd request schedule')");
    if (action == Action::resolve) {
      auto c = slo_clock(r, calendar_, now_);
      bool late = c.started && (c.used > c.budget || (c.due && now_ > *c.due));
      if (late && miss_reason.find_first_not_of(" \t\n") == std::string::npos)
        throw data_error("--miss-reason: " + r.key() + " is past its due time" +
                         (c.due ? " " + iso(*c.due) : std::string()) +
                         "; say what the nonconformity was and why (white paper §5.4.8)");
      if (!late && !miss_reason.empty())
        throw data_error("--miss-reason: " + r.key() + " is on time" +
                         (c.due ? " (due " + iso(*c.due) + ")" : std::string()) +
                         "; leave it out, or use -m for a note");
      r.resolved_at = now_;
      r.miss_reason = miss_reason;
    }
    if (action == Action::close) r.closed_at = now_;
    if (action == Action::reopen) {
      r.resolved_at.reset();
      r.closed_at.reset();
      r.miss_reason.clear();
    }
    r.status = to;
    event(r, "status", std::string(to_string(from)), std::string(to_string(to)),
          action == Action::resolve && !r.miss_reason.empty()
              ? (note.empty() ? "" : note + "\n") + "miss reason: " + r.miss_reason
              : note);
    save(r, before, "request." + std::string(to_string(action)));
    return r;
  });
}

Request Desk::comment(const std::string& key, const std::string& text, bool internal) {
  check_required_text(text, "-m");
  return write_transaction(store_, [&] {
    auto r = must_request(key);
    auto before = to_json(r);
    event(r, "comment", "", "", text, internal);
    save(r, before, "request.comment");
    return r;
  });
}

Request Desk::assign(const std::string& key, const std::string& assignee, const std::string& note) {
  check_required_text(assignee, "ASSIGNEE");
  check_one_line(assignee, "ASSIGNEE");
  check_text(note, "-m");
  return write_transaction(store_, [&] {
    auto r = must_request(key);
    auto before = to_json(r);
    event(r, "assign", r.assignee, assignee, note);
    r.assignee = assignee;
    save(r, before, "request.assign");
    return r;
  });
}

Request Desk::edit(const std::string& key, const RequestEdit& e) {
  if (e.fields.empty() && e.unset.empty() && !e.title && !e.details && !e.priority && !e.desired)
    throw usage_error("request edit: nothing to change; give --field, --unset, --title, -m, --priority or --desired");
  if (e.title) check_one_line(*e.title, "--title");
  if (e.details) check_text(*e.details, "-m");
  std::optional<Priority> priority;
  if (e.priority) priority = parse_priority(*e.priority);
  if (priority == Priority::low)
    throw data_error("--priority: a request cannot go back to low once made; use normal or high");
  return write_transaction(store_, [&] {
    auto r = must_request(key);
    auto before = to_json(r);
    Fields merged = r.fields;
    for (const auto& name : e.unset) {
      auto it = std::find_if(merged.begin(), merged.end(), [&](auto& f) { return f.first == name; });
      if (it == merged.end()) throw data_error("--unset: " + r.key() + " has no field " + name);
      merged.erase(it);
    }
    std::set<std::string> seen;
    for (const auto& [name, value] : e.fields) {
      if (!seen.insert(name).second) throw data_error("--field " + name + ": given more than once");
      auto it = std::find_if(merged.begin(), merged.end(), [&](auto& f) { return f.first == name; });
      if (it != merged.end()) merged.erase(it);
      merged.emplace_back(name, value);
    }
    if (!e.fields.empty() || !e.unset.empty()) r.fields = catalog_.validate(catalog_.at(r.type), merged);
    std::string changes;
    auto note_change = [&](const std::string& what) { changes += (changes.empty() ? "" : ", ") + what; };
    for (const auto& [name, value] : e.fields) note_change(name + "=" + value);
    for (const auto& name : e.unset) note_change("-" + name);
    if (e.title) { r.title = *e.title; note_change("title"); }
    if (e.details) { r.details = *e.details; note_change("details"); }
    if (priority || e.desired) {
      if (!r.clock_start)
        throw data_error(r.key() + " has no date yet; set one with 'sd request schedule'");
      if (priority) { r.priority = *priority; note_change("priority=" + std::string(to_string(*priority))); }
      auto due = compute_due(calendar_, *r.clock_start, r.slo_days, r.pauses);
      r.desired_at = settle_desired(r.priority, e.desired ? e.desired : r.desired_at, due,
                                    calendar_.zone(), e.desired ? "--desired" : "--priority");
      if (e.desired) note_change("desired=" + iso(*e.desired));
    }
    event(r, "edit", "", "", changes);
    save(r, before, "request.edit");
    return r;
  });
}

Request Desk::schedule(const std::string& key, Instant when, const std::string& priority,
                       const std::string& note) {
  std::optional<Priority> given;
  if (!priority.empty()) given = parse_priority(priority);
  if (given == Priority::low) throw data_error("--priority: scheduling sets a date; use normal or high");
  check_text(note, "-m");
  return write_transaction(store_, [&] {
    auto r = must_request(key);
    if (!is_open(r.status)) throw data_error(r.key() + " is " + std::string(to_string(r.status)) + "; only open requests can be scheduled");
    auto before = to_json(r);
    if (!r.clock_start) r.clock_start = now_;
    // A low request becomes normal once it has a date; others keep theirs.
    auto p = given.value_or(r.priority == Priority::low ? Priority::normal : r.priority);
    auto due = compute_due(calendar_, *r.clock_start, r.slo_days, r.pauses);
    r.desired_at = settle_desired(p, when, due, calendar_.zone(), "WHEN");
    r.priority = p;
    event(r, "schedule", before["desired_at"].is_null() ? "" : before["desired_at"].get<std::string>(),
          iso(when), note);
    save(r, before, "request.schedule");
    return r;
  });
}

RequestView Desk::view(const std::string& key) {
  return read_transaction(store_, [&] {
    RequestView v;
    v.request = must_request(key);
    v.events = store_.request_events(v.request.id);
    v.clock = slo_clock(v.request, calendar_, now_);
    return v;
  });
}

std::vector<Request> Desk::list(const RequestFilter& filter) {
  return read_transaction(store_, [&] {
    auto list = store_.list_requests(filter);
    // Pauses derive from the status events.
    std::vector<std::int64_t> ids;
    for (const auto& r : list) ids.push_back(r.id);
    auto events = store_.status_events(ids);
    std::map<std::int64_t, std::vector<RequestEvent>> by_request;
    for (auto& e : events) by_request[e.request_id].push_back(std::move(e));
    for (auto& r : list)
      if (auto it = by_request.find(r.id); it != by_request.end()) r.pauses = pauses_from(it->second);
    return list;
  });
}

std::vector<std::string> Desk::recompute(const std::optional<std::string>& key) {
  return write_transaction(store_, [&] {
    std::vector<Request> all;
    if (key) all.push_back(must_request(*key));
    else all = store_.list_requests(RequestFilter{});
    std::vector<std::string> changed;
    for (auto& r : all) {
      auto events = store_.request_events(r.id);
      r.pauses = pauses_from(events);
      auto due = r.clock_start ? compute_due(calendar_, *r.clock_start, r.slo_days, r.pauses)
                               : std::nullopt;
      if (due == r.due_at) continue;
      auto full = store_.find_request(r.customer, r.number);
      full->pauses = r.pauses;
      auto before = to_json(*full);
      event(*full, "recompute", r.due_at ? iso(*r.due_at) : "", due ? iso(*due) : "", "");
      full->due_at = due;
      full->updated_at = now_;
      store_.update_request(*full);
      audit(full->key(), "request.recompute", before, to_json(*full));
      changed.push_back(full->key());
    }
    return changed;
  });
}

std::vector<AuditEvent> Desk::log(const AuditFilter& filter) {
  return read_transaction(store_, [&] {
    if (filter.entity) {
      // ACME, ACME-12 or an entity the log shows (ACME/contact/3): the
      // customer or ticket (a request or an incident) must exist.
      const auto& e = *filter.entity;
      check_text(e, "KEY");
      auto slash = e.find('/');
      if (slash != std::string::npos) {
        must_customer(e.substr(0, slash));
      } else if (e.find('-') != std::string::npos) {
        auto [customer, number] = parse_ticket_key(e);
        if (!store_.find_request(customer, number) && !store_.find_incident(customer, number))
          throw not_found("ticket: no request " + e + ", and no incident by that key (see 'sd request list', "
                          "'sd incident list')");
      } else {
        must_customer(e);
      }
    }
    return store_.list_audit(filter);
  });
}

}  // namespace sd
