#pragma once
// Both stores: report figures, aggregated in SQL. The rules of compliance.hpp
// are written once as SQL in rules_sql.hpp and held to the C++ by the
// agreement test.
#include "db/rules_sql.hpp"
#include "db/sql/store.hpp"

#include <algorithm>
#include <cmath>

namespace sd::db::sql {

template <class B>
std::vector<TypeCompliance> ReportRole<B>::request_compliance(const ReportQuery& q) {
  auto s = conn_.prepare(for_customer(q,
      "SELECT r.type, count(*), "
      "sum(CASE WHEN " + rules::request_met() + " THEN 1 ELSE 0 END), "
      "sum(CASE WHEN " + rules::request_missed("?3") + " THEN 1 ELSE 0 END), "
      "sum(CASE WHEN " + rules::request_overdue("?3") + " THEN 1 ELSE 0 END), "
      "sum(CASE WHEN " + rules::request_pending("?3") + " THEN 1 ELSE 0 END) "
      "FROM requests r JOIN customers c ON c.id = r.customer_id "
      "WHERE r.due_at >= ?1 AND r.due_at < ?2 AND {customer} AND " + rules::request_counted() + " "
      "GROUP BY r.type"));
  bind_query(*s, q);
  std::vector<TypeCompliance> out;
  while (s->step()) {
    TypeCompliance t;
    t.type = s->text(0);
    t.due = s->int64(1);
    t.met = s->int64(2);
    t.missed = s->int64(3);
    t.open_overdue = s->int64(4);
    t.open = s->int64(5);
    out.push_back(std::move(t));
  }
  return out;
}

template <class B>
std::vector<IncidentCompliance> ReportRole<B>::incident_compliance(const ReportQuery& q, const IncidentPolicy& p) {
  auto slo_imp = std::chrono::seconds(p.first_slo_impacting).count();
  auto slo_not = std::chrono::seconds(p.first_slo_not_impacting).count();
  auto sla = std::chrono::seconds(p.first_sla_impacting).count();
  // ?5 .. ?7: the deadlines in seconds after receipt.
  auto s = conn_.prepare(for_customer(q,
      "SELECT i.impact, count(*), sum(CASE WHEN i.first_notified_at IS NULL THEN 0 ELSE 1 END), "
      "sum(CASE WHEN " + rules::first_slo_missed("?3", "?5", "?6") + " THEN 1 ELSE 0 END), "
      "sum(CASE WHEN " + rules::first_sla_missed("?3", "?7") + " THEN 1 ELSE 0 END) "
      "FROM incidents i JOIN customers c ON c.id = i.customer_id "
      "WHERE i.received_at >= ?1 AND i.received_at < ?2 AND {customer} "
      "GROUP BY i.impact"));
  bind_query(*s, q);
  s->bind(5, slo_imp).bind(6, slo_not).bind(7, sla);
  std::vector<IncidentCompliance> out;
  while (s->step()) {
    IncidentCompliance c;
    c.impact = s->text(0);
    c.count = s->int64(1);
    c.notified = s->int64(2);
    c.slo_missed = s->int64(3);
    c.sla_missed = s->int64(4);
    out.push_back(std::move(c));
  }
  // Nearest-rank percentiles of the time to first notice, in SQL.
  auto pick = conn_.prepare(for_customer(q,
      "SELECT i.first_notified_at - i.received_at AS d FROM incidents i "
      "JOIN customers c ON c.id = i.customer_id WHERE i.received_at >= ?1 AND i.received_at < ?2 "
      "AND {customer} AND i.impact = ?5 AND i.first_notified_at IS NOT NULL "
      "ORDER BY d LIMIT 1 OFFSET ?6"));
  for (auto& c : out) {
    if (c.notified == 0) continue;
    auto rank = [&](double fraction) {
      auto k = static_cast<std::int64_t>(std::ceil(fraction * static_cast<double>(c.notified)));
      pick->reset();
      bind_query(*pick, q);
      pick->bind(5, c.impact).bind(6, std::max<std::int64_t>(k, 1) - 1);
      return pick->step() ? std::optional<std::int64_t>(pick->int64(0)) : std::nullopt;
    };
    c.median_seconds = rank(0.5);
    c.p95_seconds = rank(0.95);
  }
  return out;
}

template <class B>
std::vector<std::pair<std::string, std::int64_t>> ReportRole<B>::requests_received_by_type(const ReportQuery& q) {
  auto s = conn_.prepare(for_customer(q,
      "SELECT r.type, count(*) FROM requests r JOIN customers c ON c.id = r.customer_id "
      "WHERE r.received_at >= ?1 AND r.received_at < ?2 AND {customer} "
      "AND ?3 = ?3 GROUP BY r.type ORDER BY count(*) DESC, r.type"));
  bind_query(*s, q);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (s->step()) out.emplace_back(s->text(0), s->int64(1));
  return out;
}

template <class B>
std::vector<Instant> ReportRole<B>::request_receipts(const ReportQuery& q) {
  auto s = conn_.prepare(for_customer(q,
      "SELECT r.received_at FROM requests r JOIN customers c ON c.id = r.customer_id "
      "WHERE r.received_at >= ?1 AND r.received_at < ?2 AND {customer} AND ?3 = ?3"));
  bind_query(*s, q);
  std::vector<Instant> out;
  while (s->step()) out.push_back(read_instant(*s, 0));
  return out;
}

template <class B>
std::vector<Request> ReportRole<B>::requests_received(const ReportQuery& q, const std::vector<Tier>& tiers) {
  std::string in;
  for (std::size_t k = 0; k < tiers.size(); ++k) in += (k ? ", ?" : "?") + std::to_string(5 + k);
  auto s = conn_.prepare(for_customer(q, std::string("SELECT ") + kRequestColumns +
                         " WHERE r.received_at >= ?1 AND r.received_at < ?2 AND {customer} AND ?3 = ?3 AND r.tier IN (" + (in.empty() ? "NULL" : in) +
                         ") ORDER BY r.received_at, r.number"));
  bind_query(*s, q);
  for (std::size_t k = 0; k < tiers.size(); ++k)
    s->bind(static_cast<int>(5 + k), std::string(to_string(tiers[k])));
  std::vector<Request> out;
  while (s->step()) out.push_back(read_request(*s));
  return out;
}

template <class B>
std::vector<Request> ReportRole<B>::escalated_requests(const ReportQuery& q) {
  auto s = conn_.prepare(for_customer(q, std::string("SELECT ") + kRequestColumns +
                         " WHERE r.received_at >= ?1 AND r.received_at < ?2 AND {customer} AND ?3 = ?3 "
                         "AND r.escalated_to != '' ORDER BY r.received_at, r.number"));
  bind_query(*s, q);
  std::vector<Request> out;
  while (s->step()) out.push_back(read_request(*s));
  return out;
}

template <class B>
std::vector<Request> ReportRole<B>::missed_requests(const ReportQuery& q) {
  auto s = conn_.prepare(for_customer(q, std::string("SELECT ") + kRequestColumns +
                         " WHERE r.due_at >= ?1 AND r.due_at < ?2 AND {customer} "
                         "AND " + rules::request_missed("?3") + " AND " + rules::request_counted() + " "
                         "ORDER BY r.due_at, r.number"));
  bind_query(*s, q);
  std::vector<Request> out;
  while (s->step()) out.push_back(read_request(*s));
  return out;
}

template <class B>
std::vector<Request> ReportRole<B>::noted_requests(const ReportQuery& q) {
  auto s = conn_.prepare(for_customer(q, std::string("SELECT ") + kRequestColumns +
                         " WHERE r.due_at >= ?1 AND r.due_at < ?2 AND {customer} "
                         "AND " + rules::request_noted("?3") + " "
                         "ORDER BY r.due_at, r.number"));
  bind_query(*s, q);
  std::vector<Request> out;
  while (s->step()) out.push_back(read_request(*s));
  return out;
}

template <class B>
std::vector<Incident> ReportRole<B>::incidents_received(const ReportQuery& q, const std::string& impact) {
  auto s = conn_.prepare(for_customer(q, std::string("SELECT ") + kIncidentColumns +
                         " WHERE i.received_at >= ?1 AND i.received_at < ?2 AND {customer} AND ?3 = ?3 AND (?5 = '' OR i.impact = ?5) "
                         "ORDER BY i.received_at, i.number"));
  bind_query(*s, q);
  s->bind(5, impact);
  std::vector<Incident> out;
  while (s->step()) out.push_back(read_incident(*s));
  return out;
}

template <class B>
std::vector<RequestMetric> ReportRole<B>::request_metrics(Instant now) {
  auto s = conn_.prepare(
      "SELECT c.key, r.tier, r.type, "
      "sum(CASE WHEN " + rules::request_open() + " THEN 1 ELSE 0 END), "
      "sum(CASE WHEN " + rules::request_overdue("?1") + " THEN 1 ELSE 0 END), "
      "sum(CASE WHEN " + rules::request_met() + " AND " + rules::request_counted() + " THEN 1 ELSE 0 END), "
      "sum(CASE WHEN " + rules::request_resolved_late() + " AND " + rules::request_counted() + " THEN 1 ELSE 0 END) "
      "FROM requests r JOIN customers c ON c.id = r.customer_id "
      "GROUP BY r.customer_id, c.key, r.tier, r.type ORDER BY c.key, r.tier, r.type");
  s->bind(1, secs(now));
  std::vector<RequestMetric> out;
  while (s->step())
    out.push_back(RequestMetric{s->text(0), s->text(1), s->text(2), s->int64(3), s->int64(4),
                                s->int64(5), s->int64(6)});
  return out;
}

template <class B>
std::vector<IncidentMetric> ReportRole<B>::incident_metrics(Instant now, const IncidentPolicy& p) {
  auto s = conn_.prepare(
      "SELECT c.key, i.impact, sum(CASE WHEN " + rules::incident_open() + " THEN 1 ELSE 0 END), count(*), "
      "sum(CASE WHEN " + rules::first_slo_missed("?1", "?2", "?3") + " THEN 1 ELSE 0 END), "
      "sum(CASE WHEN " + rules::first_sla_missed("?1", "?4") + " THEN 1 ELSE 0 END) "
      "FROM incidents i JOIN customers c ON c.id = i.customer_id "
      "GROUP BY c.key, i.impact ORDER BY c.key, i.impact");
  s->bind(1, secs(now)).bind(2, std::chrono::seconds(p.first_slo_impacting).count())
      .bind(3, std::chrono::seconds(p.first_slo_not_impacting).count())
      .bind(4, std::chrono::seconds(p.first_sla_impacting).count());
  std::vector<IncidentMetric> out;
  while (s->step())
    out.push_back(IncidentMetric{s->text(0), s->text(1), s->int64(2), s->int64(3), s->int64(4), s->int64(5)});
  return out;
}

template <class B>
std::string ReportRole<B>::for_customer(const ReportQuery& q, std::string sql) {
  auto at = sql.find("{customer}");
  sql.replace(at, 10, q.customer ? "c.key = ?4" : "?4 IS NULL");
  return sql;
}

template <class B>
void ReportRole<B>::bind_query(Statement& s, const ReportQuery& q) {
  s.bind(1, secs(q.from)).bind(2, secs(q.to)).bind(3, secs(q.now));
  if (q.customer) s.bind(4, *q.customer);
  else s.bind_null(4);
}

}  // namespace sd::db::sql
