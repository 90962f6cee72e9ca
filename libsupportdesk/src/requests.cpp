// Requests: intake, the status machine, edits and the SLO clock.
#include "supportdesk/requests.hpp"

#include "supportdesk/config_items.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/request_moves.hpp"
#include "supportdesk/text.hpp"
#include "checks.hpp"
#include "each_key.hpp"
#include "take_back.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace sd {

namespace {

// The request helpers, free so that act_all() (request_moves.hpp) changes
// each request with the same code as Requests::act(); Requests' private
// members of the same names call them.

Request must_request(DeskContext& ctx, const std::string& key) {
  auto [customer, number] = parse_ticket_key(key);
  auto r = ctx.store.find_request(customer, number);
  if (!r) throw not_found("request: no request " + key + " (see 'sd request list')");
  r->pauses = pauses_from(ctx.store.request_events(r->id));
  return *r;
}

Request must_request_at(DeskContext& ctx, const std::string& key, std::optional<std::int64_t> if_version) {
  auto r = must_request(ctx, key);
  ctx.expect_version(r.key(), "request", r.version, if_version);
  return r;
}

void request_event(DeskContext& ctx, const Request& r, const std::string& kind, const std::string& from,
                   const std::string& to, const std::string& note, bool internal) {
  RequestEvent e;
  e.request_id = r.id;
  e.at = ctx.now;
  e.actor = ctx.actor;
  e.kind = kind;
  e.from = from;
  e.to = to;
  e.note = note;
  e.internal = internal;
  ctx.store.insert_request_event(e);
}

/// Writes the request after refreshing its pauses and cached due time from
/// its events, moving it to its next version (changed_since() when it had
/// moved on).
void store_request(DeskContext& ctx, Request& r) {
  r.pauses = pauses_from(ctx.store.request_events(r.id));
  refresh_due(ctx.calendar, r);
  r.updated_at = ctx.now;
  if (!ctx.store.update_request(r)) throw ctx.changed_since(r.key(), "request");
  ++r.version;
}

void save_request(DeskContext& ctx, Request& r, const Json& before, const std::string& action) {
  store_request(ctx, r);
  ctx.audit(r.key(), action, before, to_json(r, ctx.view()));
}

void check_act_input(Action action, const std::string& note, const std::string& miss_reason) {
  check_text(note, "message");
  check_text(miss_reason, "miss_reason");
  if (!miss_reason.empty() && action != Action::resolve)
    throw field_error("miss_reason", "only 'resolve' takes it");
}

void check_assign_input(const std::string& assignee, const std::string& note) {
  check_required_text(assignee, "assignee");
  check_one_line(assignee, "assignee");
  check_text(note, "message");
}

/// Requests::assign()'s change of one request, in the caller's write
/// transaction.
Request assign_one(DeskContext& ctx, const std::string& key, const std::string& assignee, const std::string& note,
                   std::optional<std::int64_t> if_version) {
  auto r = must_request_at(ctx, key, if_version);
  auto before = to_json(r, ctx.view());
  request_event(ctx, r, "assign", r.assignee, assignee, note, false);
  r.assignee = assignee;
  save_request(ctx, r, before, "request.assign");
  return r;
}

/// Requests::act()'s change of one request, in the caller's write transaction.
Request act_one(DeskContext& ctx, const std::string& key, Action action, const std::string& note,
                const std::string& miss_reason, std::optional<std::int64_t> if_version) {
  auto r = must_request_at(ctx, key, if_version);
  auto before = to_json(r, ctx.view());
  auto from = r.status;
  auto to = transition(from, action, r.key());
  if (action == Action::wait && !r.clock_start)
    throw data_error(r.key() + " has no date yet; its SLO clock is not running (see 'sd request schedule')");
  if (action == Action::resolve) {
    auto c = slo_clock(r, ctx.calendar, ctx.now);
    // Resolving now: late by the one rule (compliance.hpp).
    bool late = standing(c.due, ctx.now, ctx.now) == Standing::missed;
    if (late && miss_reason.find_first_not_of(" \t\n") == std::string::npos)
      throw field_error("miss_reason", r.key() + " is past its due time" +
                       (c.due ? " " + ctx.iso(*c.due) : std::string()) +
                       "; say what the nonconformity was and why (white paper §5.4.8)");
    if (!late && !miss_reason.empty())
      throw field_error("miss_reason", r.key() + " is on time" +
                       (c.due ? " (due " + ctx.iso(*c.due) + ")" : std::string()) +
                       "; leave it out, or use -m for a note");
    r.resolved_at = ctx.now;
    r.miss_reason = miss_reason;
  }
  if (action == Action::close) r.closed_at = ctx.now;
  if (action == Action::reopen) {
    r.resolved_at.reset();
    r.closed_at.reset();
    r.miss_reason.clear();
  }
  r.status = to;
  request_event(ctx, r, "status", std::string(to_string(from)), std::string(to_string(to)),
                action == Action::resolve && !r.miss_reason.empty()
                    ? (note.empty() ? "" : note + "\n") + "miss reason: " + r.miss_reason
                    : note,
                false);
  save_request(ctx, r, before, "request." + std::string(to_string(action)));
  return r;
}

}  // namespace

Request Requests::must(const std::string& key) { return must_request(ctx_, key); }

Request Requests::must_at(const std::string& key, std::optional<std::int64_t> if_version) {
  return must_request_at(ctx_, key, if_version);
}

void Requests::event(const Request& r, const std::string& kind, const std::string& from,
                 const std::string& to, const std::string& note, bool internal) {
  request_event(ctx_, r, kind, from, to, note, internal);
}

void Requests::save(Request& r, const Json& before, const std::string& action) {
  save_request(ctx_, r, before, action);
}

// ---- requests ------------------------------------------------------------------

Request Requests::create(const NewRequest& in) {
  const Catalog& catalog = ctx_.catalog();  // a bad catalog is the first error, as it always was
  check_customer_key(in.customer);
  const auto& type = catalog.at(in.type);
  auto fields = catalog.validate(type, in.fields);
  Request r;
  r.customer = in.customer;
  r.type = type.code;
  r.tier = type.tier;
  r.slo_days = type.slo_days;
  check_one_line(in.title, "title");
  r.title = in.title.empty() ? type.name : in.title;
  r.priority = in.priority;
  r.via = in.via;
  check_one_line(in.caller, "caller");
  if (r.via == Via::phone && in.caller.find_first_not_of(' ') == std::string::npos)
    throw field_error("caller", "a phone request needs the caller's name (white paper §4.1.2)");
  r.caller = in.caller;
  check_required_text(in.assignee, "assignee");
  check_one_line(in.assignee, "assignee");
  r.assignee = in.assignee;
  check_text(in.details, "message");
  r.details = in.details;
  r.fields = std::move(fields);
  r.received_at = in.received_at.value_or(ctx_.now);
  if (r.received_at > ctx_.now)
    throw field_error("received_at", ctx_.iso(r.received_at) + " is in the future");
  if (in.urgent) {
    // An emergency (§3.3.1): worked at once, on the wall clock.
    if (in.priority == Priority::low)
      throw field_error("priority", "an urgent request is worked at once and has no undecided date; "
                        "leave out low (urgent requests are high)");
    if (in.urgent_target.count() <= 0)
      throw field_error("urgent_target", "must be a positive number of minutes");
    r.priority = Priority::high;
    r.urgent_minutes = static_cast<int>(in.urgent_target.count());
  }
  if (r.priority != Priority::low) r.clock_start = r.received_at;
  auto due = clock_due(ctx_.calendar, r);
  r.desired_at = settle_desired(r.priority, in.desired, due, ctx_.calendar);
  refresh_due(ctx_.calendar, r);
  r.created_at = r.updated_at = ctx_.now;
  // What makes a retry the same request: the input as given (an absent
  // receipt time stays absent, not "now").
  Json input{{"customer", in.customer}, {"type", type.code}, {"fields", in.fields}, {"title", in.title},
             {"priority", to_string(in.priority)},
             {"desired", in.desired ? Json(ctx_.iso(*in.desired)) : Json(nullptr)},
             {"assignee", in.assignee}, {"via", to_string(in.via)}, {"caller", in.caller},
             {"received_at", in.received_at ? Json(ctx_.iso(*in.received_at)) : Json(nullptr)},
             {"details", in.details}, {"urgent", in.urgent}};
  return write_transaction(ctx_.store, [&] {
    if (auto earlier = ctx_.replayed(in.idempotency_key, "request.new", input)) return must(*earlier);
    auto cust = ctx_.must_customer(in.customer);
    if (type.tier == Tier::advanced && cust.plan != Plan::advanced)
      throw field_error("type", type.code + " is an advanced-support type and " + cust.key +
                       " is on the basic plan (its plan is changed with 'sd customer edit " + cust.key + "')");
    r.customer_id = cust.id;
    r.number = ctx_.store.take_ticket_number(cust.id);
    r.id = ctx_.store.insert_request(r);
    event(r, "created", "", std::string(to_string(r.status)), r.details);
    // What it was created as: the request itself holds the rest, and each
    // later change's entry holds the values it replaced (DeskContext::audit).
    ctx_.audit(r.key(), "request.new", nullptr,
               Json{{"type", r.type}, {"priority", to_string(r.priority)}, {"status", to_string(r.status)}});
    ctx_.remember(in.idempotency_key, "request.new", input, r.key());
    return r;
  });
}

Request Requests::act(const std::string& key, Action action, const std::string& note,
                  const std::string& miss_reason, std::optional<std::int64_t> if_version) {
  check_act_input(action, note, miss_reason);
  return write_transaction(ctx_.store, [&] { return act_one(ctx_, key, action, note, miss_reason, if_version); });
}

std::vector<Request> act_all(DeskContext& ctx, const std::vector<std::string>& keys, Action action,
                             const std::string& note, const std::string& miss_reason,
                             std::optional<std::int64_t> if_version, bool dry_run) {
  check_act_input(action, note, miss_reason);
  return each_key(ctx.store, keys, if_version, dry_run,
                  [&](const std::string& key) { return act_one(ctx, key, action, note, miss_reason, if_version); });
}

std::vector<Request> assign_all(DeskContext& ctx, const std::vector<std::string>& keys, const std::string& assignee,
                                const std::string& note, std::optional<std::int64_t> if_version, bool dry_run) {
  check_assign_input(assignee, note);
  return each_key(ctx.store, keys, if_version, dry_run,
                  [&](const std::string& key) { return assign_one(ctx, key, assignee, note, if_version); });
}

Request Requests::comment(const std::string& key, const std::string& text, bool internal,
                          const std::string& idempotency_key, std::optional<std::int64_t> if_version) {
  check_required_text(text, "message");
  return write_transaction(ctx_.store, [&] {
    auto r = must(key);
    Json input{{"ticket", r.key()}, {"text", text}, {"internal", internal}};
    if (ctx_.replayed(idempotency_key, "request.comment", input)) return r;
    ctx_.expect_version(r.key(), "request", r.version, if_version);
    auto before = to_json(r, ctx_.view());
    event(r, "comment", "", "", text, internal);
    save(r, before, "request.comment");
    ctx_.remember(idempotency_key, "request.comment", input, r.key());
    return r;
  });
}

Request Requests::assign(const std::string& key, const std::string& assignee, const std::string& note,
                         std::optional<std::int64_t> if_version) {
  check_assign_input(assignee, note);
  return write_transaction(ctx_.store, [&] { return assign_one(ctx_, key, assignee, note, if_version); });
}

Request Requests::edit(const std::string& key, const RequestEdit& e, std::optional<std::int64_t> if_version) {
  if (e.empty())
    throw data_error("request edit: nothing to change");
  if (e.title) check_one_line(*e.title, "title");
  if (e.details) check_text(*e.details, "message");
  auto priority = e.priority;
  if (priority == Priority::low)
    throw field_error("priority", "a request cannot go back to low once made; use normal or high");
  return write_transaction(ctx_.store, [&] {
    auto r = must_at(key, if_version);
    auto before = to_json(r, ctx_.view());
    Fields merged = r.fields;
    for (const auto& name : e.unset) {
      auto it = std::find_if(merged.begin(), merged.end(), [&](auto& f) { return f.first == name; });
      if (it == merged.end()) throw field_error("unset", r.key() + " has no field " + name);
      merged.erase(it);
    }
    std::set<std::string> seen;
    for (const auto& field : e.fields) {
      // Not a structured binding: clang before 16 cannot capture one.
      const std::string& name = field.first;
      if (!seen.insert(name).second) throw field_error("field " + name, "given more than once");
      auto it = std::find_if(merged.begin(), merged.end(), [&](auto& f) { return f.first == name; });
      if (it != merged.end()) merged.erase(it);
      merged.push_back(field);
    }
    if (!e.fields.empty() || !e.unset.empty()) r.fields = ctx_.catalog().validate(ctx_.catalog().at(r.type), merged);
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
      auto due = clock_due(ctx_.calendar, r);
      r.desired_at = settle_desired(r.priority, e.desired ? e.desired : r.desired_at, due,
                                    ctx_.calendar, e.desired ? "desired" : "priority");
      if (e.desired) note_change("desired=" + ctx_.iso(*e.desired));
    }
    event(r, "edit", "", "", changes);
    save(r, before, "request.edit");
    return r;
  });
}

Request Requests::schedule(const std::string& key, Instant when, std::optional<Priority> given,
                           const std::string& note, std::optional<std::int64_t> if_version) {
  if (given == Priority::low) throw field_error("priority", "scheduling sets a date; use normal or high");
  check_text(note, "message");
  return write_transaction(ctx_.store, [&] {
    auto r = must_at(key, if_version);
    if (!is_open(r.status)) throw data_error(r.key() + " is " + std::string(to_string(r.status)) + "; only open requests can be scheduled");
    auto before = to_json(r, ctx_.view());
    if (!r.clock_start) r.clock_start = ctx_.now;
    // A low request becomes normal once it has a date; others keep theirs.
    auto p = given.value_or(r.priority == Priority::low ? Priority::normal : r.priority);
    auto due = clock_due(ctx_.calendar, r);
    r.desired_at = settle_desired(p, when, due, ctx_.calendar, "when");
    r.priority = p;
    event(r, "schedule", before["desired_at"].is_null() ? "" : before["desired_at"].get<std::string>(),
          ctx_.iso(when), note);
    save(r, before, "request.schedule");
    return r;
  });
}

Request Requests::escalate(const std::string& key, EscalationTarget to, const std::string& note,
                           std::optional<std::int64_t> if_version) {
  check_required_text(note, "message");
  return write_transaction(ctx_.store, [&] {
    auto r = must_at(key, if_version);
    if (!is_open(r.status))
      throw data_error(r.key() + " is " + std::string(to_string(r.status)) +
                       "; only an open, in-progress or waiting request is escalated (reopen it first)");
    auto before = to_json(r, ctx_.view());
    event(r, "escalate", r.escalated_to, std::string(to_string(to)), note);
    r.escalated_to = std::string(to_string(to));
    save(r, before, "request.escalate");
    return r;
  });
}

RequestView Requests::view(const std::string& key) {
  return read_transaction(ctx_.store, [&] {
    RequestView v;
    v.request = must(key);
    v.events = ctx_.store.request_events(v.request.id);
    v.clock = slo_clock(v.request, ctx_.calendar, ctx_.now);
    for (const auto& [name, value] : v.request.fields)
      if (name == "host") v.ci = ci_for_host(ctx_.store, value, v.request.customer);
    v.problems = ctx_.store.ticket_problems(v.request.customer_id, v.request.number);
    v.changes = ctx_.store.request_changes(v.request.customer_id, v.request.number);
    return v;
  });
}

void Requests::each(const RequestFilter& filter, bool fields,
                    const std::function<void(const Request&)>& visit) {
  // A filter on a customer that does not exist is an error, as everywhere a
  // customer is named, not an empty list.
  if (filter.customer) check_customer_key(*filter.customer);
  check_search_text(filter.grep, "grep");
  check_range(filter.received_since, filter.received_until, "received_since", "received_until");
  read_transaction(ctx_.store, [&] {
    if (filter.customer) ctx_.must_customer(*filter.customer);
    ctx_.store.each_request(filter, TicketStore::Parts{fields, true},
                            [&](Request& r, std::vector<RequestEvent>& events) {
                              // Pauses derive from the status events.
                              r.pauses = pauses_from(events);
                              visit(r);
                            });
  });
}

std::vector<Request> Requests::list(const RequestFilter& filter) {
  std::vector<Request> out;
  each(filter, true, [&](const Request& r) { out.push_back(r); });
  return out;
}

bool Requests::recompute_one(Request& r) {
  auto events = ctx_.store.request_events(r.id);
  r.pauses = pauses_from(events);
  auto own = clock_due(ctx_.calendar, r);
  auto due = effective_due(r.priority, own, r.desired_at);
  if (due == r.due_at) {
    // Only the cache of the clock's own due time was missing or stale
    // (a store from before it was kept): fill it in quietly.
    if (own != r.slo_due_at) {
      auto full = r;
      full.slo_due_at = own;
      if (!ctx_.store.update_request(full)) throw ctx_.changed_since(r.key(), "request");
      ++r.version;
    }
    return false;
  }
  auto before = to_json(r, ctx_.view());
  event(r, "recompute", r.due_at ? ctx_.iso(*r.due_at) : "", due ? ctx_.iso(*due) : "", "");
  r.due_at = due;
  r.slo_due_at = own;
  r.updated_at = ctx_.now;
  if (!ctx_.store.update_request(r)) throw ctx_.changed_since(r.key(), "request");
  ++r.version;
  ctx_.audit(r.key(), "request.recompute", before, to_json(r, ctx_.view()));
  return true;
}

std::vector<std::string> Requests::recompute(const std::optional<std::string>& key) {
  std::vector<std::string> changed;
  if (key) {
    return write_transaction(ctx_.store, [&] {
      auto r = must(*key);
      if (recompute_one(r)) return std::vector<std::string>{r.key()};
      return std::vector<std::string>{};
    });
  }
  recompute_all(std::nullopt, kRecomputeBatch, [&](const RecomputeBatch& b) {
    changed.insert(changed.end(), b.changed.begin(), b.changed.end());
  });
  return changed;
}

RecomputeSummary Requests::recompute_all(const std::optional<std::string>& after, std::size_t batch,
                                         const std::function<void(const RecomputeBatch&)>& done) {
  if (batch == 0) throw field_error("batch", "must be 1 or more requests");
  std::int64_t from = 0;
  if (after) from = read_transaction(ctx_.store, [&] { return must(*after).id; });
  RecomputeSummary sum;
  for (bool more = true; more;) {
    // The batch is built afresh each time the body runs (a conflict runs it
    // again), and `from` moves on once it has committed.
    RecomputeBatch b;
    std::int64_t next = from;
    write_transaction(ctx_.store, [&] {
      b = RecomputeBatch{};
      auto list = ctx_.store.requests_after(from, batch);
      for (auto& r : list)
        if (recompute_one(r)) b.changed.push_back(r.key());
      b.checked = list.size();
      if (!list.empty()) b.last = list.back().key();
      more = list.size() == batch;
      next = list.empty() ? from : list.back().id;
    });
    from = next;
    if (b.checked == 0) break;
    ++sum.batches;
    sum.checked += b.checked;
    sum.changed += b.changed.size();
    sum.last = b.last;
    done(b);
  }
  return sum;
}

std::vector<RequestCheckItem> Requests::check(std::chrono::seconds warn,
                                              const std::optional<std::string>& customer) {
  if (warn.count() < 0) throw field_error("warn", "must be 0 or more business hours");
  if (customer) check_customer_key(*customer);
  return read_transaction(ctx_.store, [&] {
    if (customer) ctx_.must_customer(*customer);
    RequestFilter f;
    f.customer = customer;
    f.statuses.assign(std::begin(kOpenStatuses), std::end(kOpenStatuses));
    // Only requests due before the warning horizon can be WARNING or worse,
    // and high ones working to an earlier desired time.
    Instant horizon = ctx_.calendar.add(ctx_.now, warn) + std::chrono::seconds{1};
    f.due_before = horizon;
    auto candidates = ctx_.store.list_requests(f);
    f.due_before.reset();
    f.priority = Priority::high;
    for (auto& r : ctx_.store.list_requests(f))
      if (r.due_at && *r.due_at >= horizon && r.desired_at && *r.desired_at < horizon)
        candidates.push_back(std::move(r));
    std::vector<RequestCheckItem> out;
    for (auto& r : candidates) {
      auto target = working_due(r);
      if (!target) continue;
      RequestCheckItem item;
      item.due = *target;
      item.desired = target != r.due_at;
      item.wall = r.urgent_minutes.has_value();
      // Time left on the request's clock: wall time for an urgent one.
      auto between = [&](Instant a, Instant b) {
        return item.wall ? std::chrono::seconds{b - a} : ctx_.calendar.between(a, b);
      };
      item.left = *target >= ctx_.now ? between(ctx_.now, *target) : -between(*target, ctx_.now);
      item.state = standing(target, r.resolved_at, ctx_.now) == Standing::missed ? Urgency::missed
                   : item.left <= warn                                            ? Urgency::due_soon
                                                                                  : Urgency::ok;
      item.request = std::move(r);
      if (item.state != Urgency::ok) out.push_back(std::move(item));
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.due < b.due; });
    return out;
  });
}

Request Requests::exempt(const std::string& key, const std::string& reason,
                         std::optional<std::int64_t> if_version) {
  check_required_text(reason, "message");
  return write_transaction(ctx_.store, [&] {
    auto r = must_at(key, if_version);
    if (r.exempt_at)
      throw data_error(r.key() + " is already exempt (approved by " + r.exempt_by + " at " + ctx_.iso(*r.exempt_at) +
                       ": " + r.exempt_reason + "); an exemption is given once and stands");
    auto before = to_json(r, ctx_.view());
    r.exempt_at = ctx_.now;
    r.exempt_by = ctx_.actor;
    r.exempt_reason = reason;
    event(r, "exempt", "", "", reason);
    save(r, before, "request.exempt");
    return r;
  });
}

std::vector<Request> Requests::unscheduled(std::chrono::seconds older_than, const std::optional<std::string>& customer) {
  if (older_than.count() < 0) throw field_error("unscheduled_age", "must be 0 or more days");
  if (customer) check_customer_key(*customer);
  return read_transaction(ctx_.store, [&] {
    if (customer) ctx_.must_customer(*customer);
    RequestFilter f;
    f.customer = customer;
    f.statuses.assign(std::begin(kOpenStatuses), std::end(kOpenStatuses));
    f.priority = Priority::low;
    std::vector<Request> out;
    for (auto& r : ctx_.store.list_requests(f))
      if (auto age = unscheduled_age(r, ctx_.now); age && *age > older_than) out.push_back(std::move(r));
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.received_at < b.received_at; });
    return out;
  });
}

std::size_t Requests::open_count(const std::optional<std::string>& customer) {
  if (customer) check_customer_key(*customer);
  return read_transaction(ctx_.store, [&] {
    if (customer) ctx_.must_customer(*customer);
    RequestFilter f;
    f.customer = customer;
    f.statuses.assign(std::begin(kOpenStatuses), std::end(kOpenStatuses));
    std::size_t n = 0;
    ctx_.store.each_request(f, TicketStore::Parts{false, false}, [&](Request&, std::vector<RequestEvent>&) { ++n; });
    return n;
  });
}

// ---- sd undo --------------------------------------------------------------------

bool take_back::request_change(DeskContext& ctx, const AuditEvent& e) {
  // Each move after creation writes one event of its kind.
  static const std::map<std::string, std::string, std::less<>> kEventOf = {
      {"request.assign", "assign"},     {"request.edit", "edit"},         {"request.comment", "comment"},
      {"request.schedule", "schedule"}, {"request.escalate", "escalate"}, {"request.start", "status"},
      {"request.wait", "status"},       {"request.resume", "status"},     {"request.resolve", "status"},
      {"request.close", "status"},      {"request.reopen", "status"}};
  // What a move sets; the rest of a request's JSON (due time, pauses, SLO
  // standing, version) is computed from it and its events.
  static const char* const kSet[] = {"title",      "priority",    "status",    "assignee",
                                     "fields",     "details",     "clock_started_at",
                                     "desired_at", "resolved_at", "closed_at", "miss_reason",
                                     "escalated_to"};
  auto kind = kEventOf.find(e.action);
  if (kind == kEventOf.end()) return false;
  auto r = must_request(ctx, e.entity);
  auto before = part(e.before), after = part(e.after);
  const auto now = to_json(r, ctx.view());
  Json left = Json::object();
  for (const char* k : kSet)
    if (after.is_object() && after.contains(k)) left[k] = after[k];
  require_as_left(e, now, left);
  // A field the move removed (before it, not after) must still be absent.
  if (before.contains("fields"))
    for (auto it = before["fields"].begin(); it != before["fields"].end(); ++it)
      if (!left.contains("fields") || !left["fields"].contains(it.key()))
        if (now["fields"].contains(it.key())) throw changed(e, "field " + it.key() + " was set again");
  // The move's event is the request's newest; a later one is a later change.
  auto events = ctx.store.request_events(r.id);
  if (events.empty() || events.back().kind != kind->second || events.back().at != e.at ||
      events.back().actor != e.actor)
    throw changed(e, "it has a later event (see 'sd request show " + r.key() + "')");
  ctx.store.delete_request_event(events.back().id);

  auto instant = [&](const Json& j) -> std::optional<Instant> {
    if (!j.is_string()) return std::nullopt;
    return parse_instant(j.get<std::string>(), ctx.calendar.zone(), ctx.now, "before");
  };
  if (before.contains("title")) r.title = text_of(before["title"]);
  if (before.contains("priority")) r.priority = priority_from(text_of(before["priority"])).value_or(r.priority);
  if (before.contains("status")) r.status = status_from(text_of(before["status"])).value_or(r.status);
  if (before.contains("assignee")) r.assignee = text_of(before["assignee"]);
  if (before.contains("details")) r.details = text_of(before["details"]);
  if (before.contains("clock_started_at")) r.clock_start = instant(before["clock_started_at"]);
  if (before.contains("desired_at")) r.desired_at = instant(before["desired_at"]);
  if (before.contains("resolved_at")) r.resolved_at = instant(before["resolved_at"]);
  if (before.contains("closed_at")) r.closed_at = instant(before["closed_at"]);
  if (before.contains("miss_reason")) r.miss_reason = text_of(before["miss_reason"]);
  if (before.contains("escalated_to")) r.escalated_to = text_of(before["escalated_to"]);
  if (after.contains("fields"))
    for (auto it = after["fields"].begin(); it != after["fields"].end(); ++it)
      if (!before.contains("fields") || !before["fields"].contains(it.key()))
        r.fields.erase(std::remove_if(r.fields.begin(), r.fields.end(),
                                      [&](const auto& f) { return f.first == it.key(); }),
                       r.fields.end());
  if (before.contains("fields"))
    for (auto it = before["fields"].begin(); it != before["fields"].end(); ++it) {
      auto f = std::find_if(r.fields.begin(), r.fields.end(), [&](const auto& x) { return x.first == it.key(); });
      if (f != r.fields.end()) f->second = text_of(*it);
      else r.fields.emplace_back(it.key(), text_of(*it));
    }
  store_request(ctx, r);
  return true;
}

}  // namespace sd
