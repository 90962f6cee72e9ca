#pragma once
// Both stores: requests, their fields and events, and ticket numbers.
#include "db/rules_sql.hpp"
#include "supportdesk/text.hpp"
#include "db/sql/store.hpp"

#include <functional>

namespace sd::db::sql {

template <class B>
std::int64_t TicketRole<B>::insert_request(const Request& r) {
  auto s = conn_.prepare(
      "INSERT INTO requests (customer_id, number, type, tier, slo_days, title, priority, "
      "status, assignee, via, caller, details, received_at, clock_start, desired_at, due_at, "
      "resolved_at, closed_at, miss_reason, created_at, updated_at, escalated_to, urgent_minutes, "
      "slo_due_at, exempt_at, exempt_by, exempt_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
      "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)");
  bind_request(*s, r);
  s->bind(1, r.customer_id).bind(2, r.number);
  s->run();
  auto id = conn_.last_insert_id();
  write_fields(id, r.fields);
  return id;
}

template <class B>
bool TicketRole<B>::update_request(const Request& r) {
  auto s = conn_.prepare(
      "UPDATE requests SET type = ?3, tier = ?4, slo_days = ?5, title = ?6, priority = ?7, "
      "status = ?8, assignee = ?9, via = ?10, caller = ?11, details = ?12, received_at = ?13, "
      "clock_start = ?14, desired_at = ?15, due_at = ?16, resolved_at = ?17, closed_at = ?18, "
      "miss_reason = ?19, created_at = ?20, updated_at = ?21, escalated_to = ?22, "
      "urgent_minutes = ?23, slo_due_at = ?24, exempt_at = ?25, exempt_by = ?26, exempt_reason = ?27, "
      "version = version + 1 WHERE id = ?1 AND version = ?28 RETURNING version");
  bind_request(*s, r);
  s->bind(1, r.id).bind(2, r.number).bind(28, r.version);
  // No row: another writer moved it to another version since it was read.
  if (!s->step()) return false;
  auto d = conn_.prepare("DELETE FROM request_fields WHERE request_id = ?1");
  d->bind(1, r.id);
  d->run();
  write_fields(r.id, r.fields);
  return true;
}

template <class B>
std::optional<Request> TicketRole<B>::find_request(const std::string& customer_key, std::int64_t number) {
  std::optional<Request> r;
  {
    auto s = conn_.prepare(std::string("SELECT ") + kRequestColumns +
                           " WHERE c.key = ?1 AND r.number = ?2");
    s->bind(1, customer_key).bind(2, number);
    if (!s->step()) return std::nullopt;
    r = read_request(*s);
  }
  load_fields(*r);
  return r;
}

namespace detail {

/// The rows of a request list: the conditions and order its queries share,
/// and the values to bind. Built from fixed fragments; every value is bound,
/// never spliced.
template <class Stmt>
struct RequestListSql {
  std::string where;  ///< " AND …" over requests r and customers c
  std::string order;  ///< a total order: key and number are unique
  std::vector<std::function<void(Stmt&)>> binds;
  std::string limit;  ///< the parameter of the limit, or empty
  void bind(Stmt& s) const {
    for (const auto& b : binds) b(s);
  }
};

template <class D, class Stmt>
RequestListSql<Stmt> request_list_sql(const RequestFilter& f) {
  RequestListSql<Stmt> q;
  int n = 0;
  auto param = [&](auto value) {
    int i = ++n;
    q.binds.push_back([i, value](Stmt& s) { s.bind(i, value); });
    return "?" + std::to_string(i);
  };
  std::string& sql = q.where;
  if (f.customer) sql += " AND c.key = " + param(*f.customer);
  if (f.type) sql += " AND r.type = " + param(*f.type);
  if (f.tier) sql += " AND r.tier = " + param(std::string(to_string(*f.tier)));
  if (f.priority) sql += " AND r.priority = " + param(std::string(to_string(*f.priority)));
  if (f.assignee) sql += " AND r.assignee = " + param(*f.assignee);
  if (f.due_before) sql += " AND r.due_at < " + param(secs(*f.due_before));
  if (f.overdue_at) sql += " AND " + rules::request_overdue(param(secs(*f.overdue_at)));
  if (f.received_since) sql += " AND r.received_at >= " + param(secs(*f.received_since));
  if (f.received_until) sql += " AND r.received_at < " + param(secs(*f.received_until));
  if (f.grep) {
    auto needle = param(fold_ascii_case(*f.grep));
    sql += " AND " + rules::request_text_matches([&](const std::string& column) { return D::contains(column, needle); });
  }
  if (!f.statuses.empty()) {
    sql += " AND r.status IN (";
    for (std::size_t i = 0; i < f.statuses.size(); ++i)
      sql += (i ? ", " : "") + param(std::string(to_string(f.statuses[i])));
    sql += ")";
  }
  q.order = "r.due_at IS NULL, r.due_at, c.key, r.number";
  if (f.limit) q.limit = param(static_cast<std::int64_t>(f.limit));
  return q;
}

/// The part rows (fields or events) of the listed requests, in the list's
/// order, each with its request's id. With a limit, only those of the
/// requests the list keeps.
template <class Stmt>
std::string parts_sql(const RequestListSql<Stmt>& q, const std::string& columns, const std::string& join,
                      const std::string& where, const std::string& then_by) {
  const std::string from = " FROM requests r JOIN customers c ON c.id = r.customer_id";
  std::string sql = "SELECT " + columns + from + " " + join + " WHERE 1 = 1" + q.where + where;
  if (!q.limit.empty())
    sql += " AND r.id IN (SELECT r.id" + from + " WHERE 1 = 1" + q.where + " ORDER BY " + q.order + " LIMIT " +
           q.limit + ")";
  return sql + " ORDER BY " + q.order + ", " + then_by;
}

}  // namespace detail

template <class B>
void TicketRole<B>::each_request(const RequestFilter& f, TicketStore::Parts parts,
                              const TicketStore::RequestVisitor& visit) {
  auto q = detail::request_list_sql<D, Statement>(f);
  auto rows = conn_.prepare(std::string("SELECT ") + kRequestColumns + " WHERE 1 = 1" + q.where + " ORDER BY " +
                            q.order + (q.limit.empty() ? "" : " LIMIT " + q.limit));
  q.bind(*rows);
  // Each part's rows come in the list's order: a request's rows are the
  // next ones, read as its row is. The pause events are the status events
  // into or out of `waiting`: all pauses_from() uses.
  std::optional<Borrowed> fields, events;
  bool fields_row = false, events_row = false;
  if (parts.fields) {
    fields.emplace(conn_.prepare(detail::parts_sql(q, "fv.request_id, fv.name, fv.value",
                                           "JOIN request_fields fv ON fv.request_id = r.id", "", "fv.position")));
    q.bind(**fields);
    fields_row = (*fields)->step();
  }
  if (parts.pause_events) {
    events.emplace(conn_.prepare(detail::parts_sql(
        q, "e.id, e.request_id, e.at, e.actor, e.kind, e.from_value, e.to_value, e.note, e.internal",
        "JOIN request_events e ON e.request_id = r.id",
        " AND e.kind = 'status' AND (e.from_value = 'waiting' OR e.to_value = 'waiting')", "e.id")));
    q.bind(**events);
    events_row = (*events)->step();
  }
  std::vector<RequestEvent> pause_events;
  while (rows->step()) {
    auto r = read_request(*rows);
    while (fields_row && (*fields)->int64(0) == r.id) {
      r.fields.emplace_back((*fields)->text(1), (*fields)->text(2));
      fields_row = (*fields)->step();
    }
    pause_events.clear();
    while (events_row && (*events)->int64(1) == r.id) {
      pause_events.push_back(read_event(**events));
      events_row = (*events)->step();
    }
    visit(r, pause_events);
  }
}

template <class B>
std::int64_t TicketRole<B>::insert_request_event(const RequestEvent& e) {
  auto s = conn_.prepare(
      "INSERT INTO request_events (request_id, at, actor, kind, from_value, to_value, note, "
      "internal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  s->bind(1, e.request_id).bind(2, secs(e.at)).bind(3, e.actor).bind(4, e.kind).bind(5, e.from)
      .bind(6, e.to).bind(7, e.note).bind(8, e.internal ? 1 : 0);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
std::vector<RequestEvent> TicketRole<B>::request_events(std::int64_t request_id) {
  auto s = conn_.prepare(
      "SELECT id, request_id, at, actor, kind, from_value, to_value, note, internal "
      "FROM request_events WHERE request_id = ?1 ORDER BY id");
  s->bind(1, request_id);
  std::vector<RequestEvent> out;
  while (s->step()) out.push_back(read_event(*s));
  return out;
}

template <class B>
void TicketRole<B>::delete_request_event(std::int64_t id) {
  auto s = conn_.prepare("DELETE FROM request_events WHERE id = ?1");
  s->bind(1, id);
  s->run();
}

template <class B>
void TicketRole<B>::load_fields(Request& r) {
  auto s = conn_.prepare(
      "SELECT name, value FROM request_fields WHERE request_id = ?1 ORDER BY position");
  s->bind(1, r.id);
  while (s->step()) r.fields.emplace_back(s->text(0), s->text(1));
}

template <class B>
void TicketRole<B>::write_fields(std::int64_t request_id, const Fields& fields) {
  auto s = conn_.prepare(
      "INSERT INTO request_fields (request_id, position, name, value) VALUES (?1, ?2, ?3, ?4)");
  int pos = 0;
  for (const auto& [name, value] : fields) {
    s->bind(1, request_id).bind(2, ++pos).bind(3, name).bind(4, value);
    s->run();
    s->reset();
  }
}

template <class B>
std::vector<Request> TicketRole<B>::requests_after(std::int64_t after_id, std::size_t limit) {
  std::vector<Request> out;
  {
    auto s = conn_.prepare(std::string("SELECT ") + kRequestColumns + " WHERE r.id > ?1 ORDER BY r.id LIMIT ?2");
    s->bind(1, after_id).bind(2, static_cast<std::int64_t>(limit));
    while (s->step()) out.push_back(read_request(*s));
  }
  for (auto& r : out) load_fields(r);
  return out;
}

}  // namespace sd::db::sql
