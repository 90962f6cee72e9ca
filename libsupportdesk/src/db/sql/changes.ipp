#pragma once
// Both stores: changes, the CIs each changes, and their history.
#include "db/sql/store.hpp"

#include <nlohmann/json.hpp>

#include <functional>

namespace sd::db::sql {

namespace detail {

/// A change's own columns (?2.. in bind_change's order), then its
/// customer's key and its CIs' names (joined by spaces, in name order: one
/// correlated read with the row, not a query per change).
inline constexpr const char* kOwnColumns =
    "number, customer_id, title, risk, impact, status, from_number, from_type, from_tier, sets, procedure_text, "
    "rollback_plan, pretest, plan_review, approved_by, rejection, failure, rollback_note, review, goal_met, "
    "start_at, end_at, assessed_at, approved_at, rejected_at, scheduled_at, started_at, succeeded_at, failed_at, "
    "rolled_back_at, reviewed_at, closed_at, created_at, updated_at";
constexpr int kOwnCount = 34;

template <class D>
std::string select_changes() {
  std::string cols;
  std::string own = kOwnColumns;
  std::size_t at = 0;
  while (at < own.size()) {
    auto comma = own.find(',', at);
    if (comma == std::string::npos) comma = own.size();
    auto name = own.substr(at, comma - at);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    cols += "ch." + name + ", ";
    at = comma + 1;
  }
  return "SELECT ch.id, " + cols +
         "c.key, " +
         D::joined("ci.name", "change_cis x JOIN config_items ci ON ci.id = x.ci_id WHERE x.change_id = ch.id",
                   "ci.name") +
         " FROM changes ch JOIN customers c ON c.id = ch.customer_id";
}

inline std::vector<std::pair<std::string, std::string>> parse_sets(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) throw Error(Exit::data, "changes.sets: '" + text + "' is not a JSON array");
  for (const auto& pair : j) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
      throw Error(Exit::data, "changes.sets: '" + text + "' is not a list of [attribute, value] pairs");
    out.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return out;
}

inline std::string sets_text(const std::vector<std::pair<std::string, std::string>>& sets) {
  auto j = nlohmann::json::array();
  for (const auto& [attr, value] : sets) j.push_back({attr, value});
  return j.dump();
}

template <class Stmt>
Change read_change(const Stmt& s) {
  Change c;
  int k = 0;
  c.id = s.int64(k++);
  c.number = s.int64(k++);
  c.customer_id = s.int64(k++);
  c.title = s.text(k++);
  c.risk = parse_enum(change_risk_from(s.text(k++)), "changes.risk");
  c.impact = s.text(k++);
  c.status = parse_enum(change_status_from(s.text(k++)), "changes.status");
  c.from_number = s.opt_int64(k++);
  c.from_type = s.text(k++);
  if (!s.is_null(k)) c.from_tier = parse_enum(tier_from(s.text(k)), "changes.from_tier");
  ++k;
  c.sets = parse_sets(s.text(k++));
  c.procedure = s.text(k++);
  c.rollback_plan = s.text(k++);
  c.pretest = s.text(k++);
  c.plan_review = s.text(k++);
  c.approved_by = s.text(k++);
  c.rejection = s.text(k++);
  c.failure = s.text(k++);
  c.rollback_note = s.text(k++);
  c.review = s.text(k++);
  if (!s.is_null(k)) c.goal_met = s.int64(k) != 0;
  ++k;
  for (auto* t : {&c.start_at, &c.end_at, &c.assessed_at, &c.approved_at, &c.rejected_at, &c.scheduled_at,
                  &c.started_at, &c.succeeded_at, &c.failed_at, &c.rolled_back_at, &c.reviewed_at, &c.closed_at})
    *t = opt_instant(s, k++);
  c.created_at = read_instant(s, k++);
  c.updated_at = read_instant(s, k++);
  c.customer = s.text(k++);
  if (!s.is_null(k)) {
    auto names = s.text(k);
    std::size_t at = 0;
    while (at < names.size()) {
      auto space = names.find(' ', at);
      if (space == std::string::npos) space = names.size();
      if (space > at) c.cis.push_back(names.substr(at, space - at));
      at = space + 1;
    }
  }
  return c;
}

/// Binds ?2.. of a change's own columns, in kOwnColumns' order.
template <class Stmt>
void bind_change(Stmt& s, const Change& c) {
  int k = 2;
  auto text = [&](std::string_view v) { s.bind(k++, v); };
  auto number = [&](std::optional<std::int64_t> v) { s.bind(k++, v); };
  number(c.number);
  number(c.customer_id);
  text(c.title);
  text(to_string(c.risk));
  text(c.impact);
  text(to_string(c.status));
  number(c.from_number);
  text(c.from_type);
  if (c.from_tier) text(to_string(*c.from_tier));
  else number(std::nullopt);
  text(sets_text(c.sets));
  for (const auto* t : {&c.procedure, &c.rollback_plan, &c.pretest, &c.plan_review, &c.approved_by, &c.rejection,
                        &c.failure, &c.rollback_note, &c.review})
    text(*t);
  number(c.goal_met ? std::optional<std::int64_t>(*c.goal_met ? 1 : 0) : std::nullopt);
  for (const auto* t : {&c.start_at, &c.end_at, &c.assessed_at, &c.approved_at, &c.rejected_at, &c.scheduled_at,
                        &c.started_at, &c.succeeded_at, &c.failed_at, &c.rolled_back_at, &c.reviewed_at,
                        &c.closed_at})
    number(secs(*t));
  number(secs(c.created_at));
  number(secs(c.updated_at));
}

inline std::string placeholders() {
  std::string out;
  for (int k = 2; k < 2 + kOwnCount; ++k) out += (k > 2 ? ", ?" : "?") + std::to_string(k);
  return out;
}

inline std::string assignments() {
  std::string own = kOwnColumns, out;
  std::size_t at = 0;
  int k = 2;
  while (at < own.size()) {
    auto comma = own.find(',', at);
    if (comma == std::string::npos) comma = own.size();
    auto name = own.substr(at, comma - at);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    out += (k > 2 ? ", " : "") + name + " = ?" + std::to_string(k);
    ++k;
    at = comma + 1;
  }
  return out;
}

}  // namespace detail

template <class B>
std::int64_t ChangeRole<B>::next_change_number() {
  // One sequence for the desk: writers that number changes take turns (see
  // the dialect's sequence_lock()), so none takes a number twice.
  if (auto lock = D::sequence_lock("sd.changes"); !lock.empty()) conn_.exec(lock);
  auto s = conn_.prepare("SELECT coalesce(max(number), 0) + 1 FROM changes");
  s->step();
  return s->int64(0);
}

template <class B>
std::int64_t ChangeRole<B>::insert_change(const Change& c) {
  auto s = conn_.prepare(std::string("INSERT INTO changes (") + detail::kOwnColumns + ") VALUES (" + detail::placeholders() + ")");
  detail::bind_change(*s, c);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
void ChangeRole<B>::update_change(const Change& c) {
  auto s = conn_.prepare("UPDATE changes SET " + detail::assignments() + " WHERE id = ?1");
  detail::bind_change(*s, c);
  s->bind(1, c.id);
  s->run();
}

template <class B>
void ChangeRole<B>::add_change_ci(std::int64_t change_id, std::int64_t ci_id) {
  auto s = conn_.prepare("INSERT INTO change_cis (change_id, ci_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  s->bind(1, change_id).bind(2, ci_id);
  s->run();
}

template <class B>
std::optional<Change> ChangeRole<B>::find_change(std::int64_t number) {
  auto s = conn_.prepare(detail::select_changes<D>() + " WHERE ch.number = ?1");
  s->bind(1, number);
  if (!s->step()) return std::nullopt;
  return detail::read_change(*s);
}

template <class B>
void ChangeRole<B>::each_change(const ChangeFilter& f, const std::function<void(Change&)>& visit) {
  std::string sql = detail::select_changes<D>() + " WHERE 1 = 1";
  if (!f.statuses.empty()) {
    sql += " AND ch.status IN (";
    for (std::size_t k = 0; k < f.statuses.size(); ++k)
      sql += (k ? ", '" : "'") + std::string(to_string(f.statuses[k])) + "'";
    sql += ")";
  }
  if (f.customer) sql += " AND c.key = ?1";
  if (f.ci)
    sql += " AND EXISTS (SELECT 1 FROM change_cis x JOIN config_items ci ON ci.id = x.ci_id "
           "WHERE x.change_id = ch.id AND ci.name = ?2)";
  if (f.active_to) sql += " AND ch.created_at < ?3";
  if (f.active_from) sql += " AND (ch.closed_at IS NULL OR ch.closed_at >= ?4)";
  // windows_overlap(): start before the range's end, end after its start.
  if (f.window_from || f.window_to) sql += " AND ch.start_at IS NOT NULL";
  if (f.window_to) sql += " AND ch.start_at < ?5";
  if (f.window_from) sql += " AND ch.end_at > ?6";
  sql += " ORDER BY ch.number";
  auto s = conn_.prepare(sql);
  if (f.customer) s->bind(1, *f.customer);
  if (f.ci) s->bind(2, *f.ci);
  if (f.active_to) s->bind(3, secs(*f.active_to));
  if (f.active_from) s->bind(4, secs(*f.active_from));
  if (f.window_to) s->bind(5, secs(*f.window_to));
  if (f.window_from) s->bind(6, secs(*f.window_from));
  while (s->step()) {
    auto c = detail::read_change(*s);
    visit(c);
  }
}

template <class B>
std::vector<std::string> ChangeRole<B>::request_changes(std::int64_t customer_id, std::int64_t number) {
  auto s = conn_.prepare(
      "SELECT number FROM changes WHERE customer_id = ?1 AND from_number = ?2 ORDER BY number");
  s->bind(1, customer_id).bind(2, number);
  std::vector<std::string> out;
  while (s->step()) out.push_back(std::string(kChangePrefix) + "-" + std::to_string(s->int64(0)));
  return out;
}

template <class B>
std::int64_t ChangeRole<B>::insert_change_event(const ChangeEvent& e) {
  auto s = conn_.prepare(
      "INSERT INTO change_events (change_id, at, actor, kind, data, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s->bind(1, e.change_id).bind(2, secs(e.at)).bind(3, e.actor).bind(4, e.kind)
      .bind(5, e.data.empty() ? std::string("{}") : e.data).bind(6, e.note);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
std::vector<ChangeEvent> ChangeRole<B>::change_events(std::int64_t change_id) {
  auto s = conn_.prepare(
      "SELECT id, change_id, at, actor, kind, data, note FROM change_events WHERE change_id = ?1 ORDER BY id");
  s->bind(1, change_id);
  std::vector<ChangeEvent> out;
  while (s->step()) {
    ChangeEvent e;
    e.id = s->int64(0);
    e.change_id = s->int64(1);
    e.at = read_instant(*s, 2);
    e.actor = s->text(3);
    e.kind = s->text(4);
    e.data = s->text(5);
    e.note = s->text(6);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sd::db::sql
