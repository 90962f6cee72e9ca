#pragma once
// Both stores: problems, their links to tickets, their history, and the
// incident trends problem management reads.
#include "db/sql/store.hpp"

#include <functional>

namespace sd::db::sql {

namespace detail {

/// A problem's columns, its tickets last (keys joined by spaces, in key
/// order: one correlated read with the row, not a query per problem).
template <class D>
std::string problem_columns() {
  return "p.id, p.number, p.title, p.priority, p.category, p.status, p.details, p.root_cause, p.workaround, "
         "p.resolution, p.escalated_to, p.root_cause_at, p.workaround_at, p.known_error_at, p.resolved_at, "
         "p.closed_at, p.created_at, p.updated_at, " +
         D::joined("c.key || '-' || t.number",
                   "problem_tickets t JOIN customers c ON c.id = t.customer_id WHERE t.problem_id = p.id",
                   "c.key, t.number") +
         " FROM problems p";
}

template <class Stmt>
Problem read_problem(const Stmt& s) {
  Problem p;
  p.id = s.int64(0);
  p.number = s.int64(1);
  p.title = s.text(2);
  p.priority = parse_enum(priority_from(s.text(3)), "problems.priority");
  p.category = s.text(4);
  p.status = parse_enum(problem_status_from(s.text(5)), "problems.status");
  p.details = s.text(6);
  p.root_cause = s.text(7);
  p.workaround = s.text(8);
  p.resolution = s.text(9);
  p.escalated_to = s.text(10);
  p.root_cause_at = opt_instant(s, 11);
  p.workaround_at = opt_instant(s, 12);
  p.known_error_at = opt_instant(s, 13);
  p.resolved_at = opt_instant(s, 14);
  p.closed_at = opt_instant(s, 15);
  p.created_at = read_instant(s, 16);
  p.updated_at = read_instant(s, 17);
  if (!s.is_null(18)) {
    auto keys = s.text(18);
    std::size_t at = 0;
    while (at < keys.size()) {
      auto space = keys.find(' ', at);
      if (space == std::string::npos) space = keys.size();
      if (space > at) p.tickets.push_back(keys.substr(at, space - at));
      at = space + 1;
    }
  }
  return p;
}

/// Binds ?2.. of a problem's own columns.
template <class Stmt>
void bind_problem(Stmt& s, const Problem& p) {
  s.bind(2, p.number).bind(3, p.title).bind(4, to_string(p.priority)).bind(5, p.category)
      .bind(6, to_string(p.status)).bind(7, p.details).bind(8, p.root_cause).bind(9, p.workaround)
      .bind(10, p.resolution).bind(11, p.escalated_to).bind(12, secs(p.root_cause_at))
      .bind(13, secs(p.workaround_at)).bind(14, secs(p.known_error_at)).bind(15, secs(p.resolved_at))
      .bind(16, secs(p.closed_at)).bind(17, secs(p.created_at)).bind(18, secs(p.updated_at));
}

}  // namespace detail

template <class B>
std::int64_t ProblemRole<B>::next_problem_number() {
  // One sequence for the desk: writers that number problems take turns (see
  // the dialect's sequence_lock()), so none takes a number twice.
  if (auto lock = D::sequence_lock("sd.problems"); !lock.empty()) conn_.exec(lock);
  auto s = conn_.prepare("SELECT coalesce(max(number), 0) + 1 FROM problems");
  s->step();
  return s->int64(0);
}

template <class B>
std::int64_t ProblemRole<B>::insert_problem(const Problem& p) {
  auto s = conn_.prepare(
      "INSERT INTO problems (number, title, priority, category, status, details, root_cause, workaround, "
      "resolution, escalated_to, root_cause_at, workaround_at, known_error_at, resolved_at, closed_at, "
      "created_at, updated_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
      "?17, ?18)");
  detail::bind_problem(*s, p);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
void ProblemRole<B>::update_problem(const Problem& p) {
  auto s = conn_.prepare(
      "UPDATE problems SET number = ?2, title = ?3, priority = ?4, category = ?5, status = ?6, details = ?7, "
      "root_cause = ?8, workaround = ?9, resolution = ?10, escalated_to = ?11, root_cause_at = ?12, "
      "workaround_at = ?13, known_error_at = ?14, resolved_at = ?15, closed_at = ?16, created_at = ?17, "
      "updated_at = ?18 WHERE id = ?1");
  detail::bind_problem(*s, p);
  s->bind(1, p.id);
  s->run();
}

template <class B>
std::optional<Problem> ProblemRole<B>::find_problem(std::int64_t number) {
  auto s = conn_.prepare("SELECT " + detail::problem_columns<D>() + " WHERE p.number = ?1");
  s->bind(1, number);
  if (!s->step()) return std::nullopt;
  return detail::read_problem(*s);
}

template <class B>
void ProblemRole<B>::each_problem(const ProblemFilter& f, const std::function<void(Problem&)>& visit) {
  std::string sql = "SELECT " + detail::problem_columns<D>() + " WHERE 1 = 1";
  if (!f.statuses.empty()) {
    sql += " AND p.status IN (";
    for (std::size_t k = 0; k < f.statuses.size(); ++k)
      sql += (k ? ", '" : "'") + std::string(to_string(f.statuses[k])) + "'";
    sql += ")";
  }
  if (f.known_error) sql += " AND p.known_error_at IS NOT NULL";
  if (f.customer)
    sql += " AND EXISTS (SELECT 1 FROM problem_tickets t JOIN customers c ON c.id = t.customer_id "
           "WHERE t.problem_id = p.id AND c.key = ?1)";
  if (f.active_to) sql += " AND p.created_at < ?2";
  if (f.active_from) sql += " AND (p.closed_at IS NULL OR p.closed_at >= ?3)";
  sql += " ORDER BY p.number";
  auto s = conn_.prepare(sql);
  if (f.customer) s->bind(1, *f.customer);
  if (f.active_to) s->bind(2, secs(*f.active_to));
  if (f.active_from) s->bind(3, secs(*f.active_from));
  while (s->step()) {
    auto p = detail::read_problem(*s);
    visit(p);
  }
}

template <class B>
bool ProblemRole<B>::link_ticket(std::int64_t problem_id, std::int64_t customer_id, std::int64_t number) {
  auto s = conn_.prepare(
      "INSERT INTO problem_tickets (problem_id, customer_id, number) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
  s->bind(1, problem_id).bind(2, customer_id).bind(3, number);
  s->run();
  return s->changes() > 0;
}

template <class B>
bool ProblemRole<B>::unlink_ticket(std::int64_t problem_id, std::int64_t customer_id, std::int64_t number) {
  auto s = conn_.prepare("DELETE FROM problem_tickets WHERE problem_id = ?1 AND customer_id = ?2 AND number = ?3");
  s->bind(1, problem_id).bind(2, customer_id).bind(3, number);
  s->run();
  return s->changes() > 0;
}

template <class B>
std::vector<std::string> ProblemRole<B>::ticket_problems(std::int64_t customer_id, std::int64_t number) {
  auto s = conn_.prepare(
      "SELECT p.number FROM problem_tickets t JOIN problems p ON p.id = t.problem_id "
      "WHERE t.customer_id = ?1 AND t.number = ?2 ORDER BY p.number");
  s->bind(1, customer_id).bind(2, number);
  std::vector<std::string> out;
  while (s->step()) out.push_back(std::string(kProblemPrefix) + "-" + std::to_string(s->int64(0)));
  return out;
}

template <class B>
std::int64_t ProblemRole<B>::insert_problem_event(const ProblemEvent& e) {
  auto s = conn_.prepare(
      "INSERT INTO problem_events (problem_id, at, actor, kind, data, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s->bind(1, e.problem_id).bind(2, secs(e.at)).bind(3, e.actor).bind(4, e.kind)
      .bind(5, e.data.empty() ? std::string("{}") : e.data).bind(6, e.note);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
std::vector<ProblemEvent> ProblemRole<B>::problem_events(std::int64_t problem_id) {
  auto s = conn_.prepare(
      "SELECT id, problem_id, at, actor, kind, data, note FROM problem_events WHERE problem_id = ?1 ORDER BY id");
  s->bind(1, problem_id);
  std::vector<ProblemEvent> out;
  while (s->step()) {
    ProblemEvent e;
    e.id = s->int64(0);
    e.problem_id = s->int64(1);
    e.at = read_instant(*s, 2);
    e.actor = s->text(3);
    e.kind = s->text(4);
    e.data = s->text(5);
    e.note = s->text(6);
    out.push_back(std::move(e));
  }
  return out;
}

template <class B>
std::vector<TrendCount> ProblemRole<B>::incident_trend(const TrendQuery& q, TrendGroup group) {
  // The value each incident is counted under; NULL or '': not counted.
  std::string value;
  switch (group) {
    case TrendGroup::customer: value = "c.key"; break;
    case TrendGroup::host: value = "i.host"; break;
    case TrendGroup::kind:
      // The check (alert name, metric) of the incident's first alert.
      value = "(SELECT " + D::json_field("a.labels", "check") +
              " FROM alerts a WHERE a.incident_id = i.id ORDER BY a.id LIMIT 1)";
      break;
    case TrendGroup::ci:
      // ci_for_host(): the CI its host names, when it is the customer's.
      value = "(SELECT ci.name FROM config_items ci WHERE ci.name = i.host AND ci.customer_id = i.customer_id)";
      break;
  }
  std::string sql = "SELECT value, count(*), min(received_at), max(received_at) FROM (SELECT " + value +
                    " AS value, i.received_at AS received_at FROM incidents i JOIN customers c ON c.id = "
                    "i.customer_id WHERE i.received_at >= ?1 AND i.received_at < ?2" +
                    (q.customer ? " AND c.key = ?3" : "") +
                    ") AS v WHERE value IS NOT NULL AND value != '' GROUP BY value ORDER BY count(*) DESC, value";
  auto s = conn_.prepare(sql);
  s->bind(1, secs(q.from)).bind(2, secs(q.to));
  if (q.customer) s->bind(3, *q.customer);
  std::vector<TrendCount> out;
  while (s->step()) {
    TrendCount t;
    t.value = s->text(0);
    t.incidents = s->int64(1);
    t.first = read_instant(*s, 2);
    t.last = read_instant(*s, 3);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace sd::db::sql
