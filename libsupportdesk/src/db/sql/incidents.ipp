#pragma once
// Both stores: incidents, their timelines and fired hooks.
#include "db/rules_sql.hpp"
#include "db/sql/store.hpp"
#include "supportdesk/text.hpp"

#include <functional>

namespace sd::db::sql {

template <class B>
std::int64_t IncidentRole<B>::insert_incident(const Incident& i) {
  auto s = conn_.prepare(
      "INSERT INTO incidents (customer_id, number, title, host, impact, judged_by, judged_at, "
      "received_at, detected_at, via, priority, business_impact, details, status, "
      "first_notified_at, last_notice_at, recovered_at, recovery_action, recovery_notified_at, "
      "confirmed_at, closed_at, escalated_to, created_at, updated_at, assignee, caller, "
      "first_posted_at, first_called_at, reopened_at, reopen_posted_at, reopen_called_at, follows) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
      "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)");
  bind_incident(*s, i);
  s->bind(1, i.customer_id);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
bool IncidentRole<B>::update_incident(const Incident& i) {
  auto s = conn_.prepare(
      "UPDATE incidents SET number = ?2, title = ?3, host = ?4, impact = ?5, judged_by = ?6, "
      "judged_at = ?7, received_at = ?8, detected_at = ?9, via = ?10, priority = ?11, "
      "business_impact = ?12, details = ?13, status = ?14, first_notified_at = ?15, "
      "last_notice_at = ?16, recovered_at = ?17, recovery_action = ?18, "
      "recovery_notified_at = ?19, confirmed_at = ?20, closed_at = ?21, escalated_to = ?22, "
      "created_at = ?23, updated_at = ?24, assignee = ?25, caller = ?26, first_posted_at = ?27, "
      "first_called_at = ?28, reopened_at = ?29, reopen_posted_at = ?30, reopen_called_at = ?31, "
      "follows = ?32, version = version + 1 WHERE id = ?1 AND version = ?33 RETURNING version");
  bind_incident(*s, i);
  s->bind(1, i.id).bind(33, i.version);
  // No row: another writer moved it to another version since it was read.
  return s->step();
}

template <class B>
std::optional<Incident> IncidentRole<B>::find_incident(const std::string& customer_key, std::int64_t number) {
  auto s = conn_.prepare(std::string("SELECT ") + kIncidentColumns +
                         " WHERE c.key = ?1 AND i.number = ?2");
  s->bind(1, customer_key).bind(2, number);
  if (!s->step()) return std::nullopt;
  return read_incident(*s);
}

template <class B>
void IncidentRole<B>::each_incident(const IncidentFilter& f, const std::function<void(Incident&)>& visit) {
  std::string sql = std::string("SELECT ") + kIncidentColumns + " WHERE 1 = 1";
  int n = 0;
  std::vector<std::function<void(Statement&)>> binds;
  auto param = [&](auto value) {
    int k = ++n;
    binds.push_back([k, value](Statement& st) { st.bind(k, value); });
    return "?" + std::to_string(k);
  };
  if (f.customer) sql += " AND c.key = " + param(*f.customer);
  if (f.impact) sql += " AND i.impact = " + param(std::string(to_string(*f.impact)));
  if (f.assignee) sql += " AND i.assignee = " + param(*f.assignee);
  // The second term lets SQLite use the partial index incidents_by_follows.
  if (f.follows) sql += " AND i.follows = " + std::to_string(*f.follows) + " AND i.follows != 0";
  if (f.received_since) sql += " AND i.received_at >= " + param(secs(*f.received_since));
  if (f.received_until) sql += " AND i.received_at < " + param(secs(*f.received_until));
  if (f.grep) {
    auto needle = param(fold_ascii_case(*f.grep));
    sql += " AND " + rules::incident_text_matches([&](const std::string& column) { return D::contains(column, needle); });
  }
  if (!f.statuses.empty()) {
    sql += " AND i.status IN (";
    for (std::size_t k = 0; k < f.statuses.size(); ++k) sql += (k ? ", " : "") + param(std::string(to_string(f.statuses[k])));
    sql += ")";
  }
  sql += " ORDER BY i.received_at, c.key, i.number";
  if (f.limit) sql += " LIMIT " + std::to_string(f.limit);
  auto s = conn_.prepare(sql);
  for (const auto& b : binds) b(*s);
  while (s->step()) {
    auto i = read_incident(*s);
    visit(i);
  }
}

template <class B>
std::int64_t IncidentRole<B>::insert_incident_event(const IncidentEvent& e) {
  auto s = conn_.prepare(
      "INSERT INTO incident_events (incident_id, at, actor, kind, data, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s->bind(1, e.incident_id).bind(2, secs(e.at)).bind(3, e.actor).bind(4, e.kind)
      .bind(5, e.data.empty() ? std::string("{}") : e.data).bind(6, e.note);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
std::vector<IncidentEvent> IncidentRole<B>::incident_events(std::int64_t incident_id) {
  auto s = conn_.prepare(
      "SELECT id, incident_id, at, actor, kind, data, note FROM incident_events "
      "WHERE incident_id = ?1 ORDER BY id");
  s->bind(1, incident_id);
  std::vector<IncidentEvent> out;
  while (s->step()) {
    IncidentEvent e;
    e.id = s->int64(0);
    e.incident_id = s->int64(1);
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
bool IncidentRole<B>::mark_fired(std::int64_t incident_id, const std::string& obligation) {
  auto s = conn_.prepare(
      "INSERT INTO hook_fired (incident_id, obligation) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  s->bind(1, incident_id).bind(2, obligation);
  s->run();
  return s->changes() > 0;
}

}  // namespace sd::db::sql
