#pragma once
// The rules of compliance.hpp as SQL, for the queries that aggregate for
// speed. Each is written here once, over the aliases `r` (requests) and `i`
// (incidents), and the agreement test (tests/unit/agreement_test.cpp) holds
// the counts they give to the C++ rules over generated histories.
#include "supportdesk/compliance.hpp"

#include <string>

namespace sd::db::rules {

/// `r.status IN (...)`, from kOpenStatuses.
inline std::string request_open() {
  std::string in;
  for (auto s : kOpenStatuses) in += (in.empty() ? "'" : ", '") + std::string(to_string(s)) + "'";
  return "r.status IN (" + in + ")";
}
/// Standing::met: resolved at or before the due time.
inline std::string request_met() { return "(r.resolved_at IS NOT NULL AND r.resolved_at <= r.due_at)"; }
/// Standing::missed at `now` (an SQL expression: a parameter).
inline std::string request_missed(const std::string& now) {
  return "(r.resolved_at > r.due_at OR (r.resolved_at IS NULL AND r.due_at < " + now + "))";
}
/// Missed and resolved: resolved after the due time.
inline std::string request_resolved_late() { return "(r.resolved_at > r.due_at)"; }
/// Open and past the due time at `now`.
inline std::string request_overdue(const std::string& now) {
  return "(r.resolved_at IS NULL AND r.due_at < " + now + ")";
}
/// Standing::pending at `now`.
inline std::string request_pending(const std::string& now) {
  return "(r.resolved_at IS NULL AND r.due_at >= " + now + ")";
}

/// counts_in_attainment(): not exempt.
inline std::string request_counted() { return "(r.exempt_at IS NULL)"; }
/// judged_by_desired(): due later than the request's own clock's due time.
inline std::string request_judged_by_desired() { return "(r.due_at > r.slo_due_at)"; }
/// desired_missed() at `now`: a high request resolved after its desired
/// time, or open with it passed.
inline std::string request_desired_missed(const std::string& now) {
  return "(r.priority = '" + std::string(to_string(Priority::high)) + "' AND (r.resolved_at > r.desired_at OR "
         "(r.resolved_at IS NULL AND r.desired_at < " + now + ")))";
}
/// noted_in_report() at `now`.
inline std::string request_noted(const std::string& now) {
  return "(NOT " + request_counted() + " OR " + request_judged_by_desired() + " OR " +
         request_desired_missed(now) + ")";
}

/// `i.status IN (...)`, from kOpenIncidentStatuses.
inline std::string incident_open() {
  std::string in;
  for (auto s : kOpenIncidentStatuses) in += (in.empty() ? "'" : ", '") + std::string(to_string(s)) + "'";
  return "i.status IN (" + in + ")";
}
/// The first notice's SLO deadline: `impacting` and `not_impacting` are the
/// policy's minutes in seconds (parameters); unjudged counts as impacting.
inline std::string first_slo_due(const std::string& impacting, const std::string& not_impacting) {
  return "(i.received_at + CASE WHEN i.impact = '" + std::string(to_string(Impact::no)) + "' THEN " +
         not_impacting + " ELSE " + impacting + " END)";
}
namespace detail {
inline std::string missed(const std::string& due, const std::string& now) {
  return "(i.first_notified_at > " + due + " OR (i.first_notified_at IS NULL AND " + due + " < " + now + "))";
}
}  // namespace detail
/// first_notice_slo_missed().
inline std::string first_slo_missed(const std::string& now, const std::string& impacting,
                                    const std::string& not_impacting) {
  return detail::missed(first_slo_due(impacting, not_impacting), now);
}
/// first_notice_sla_missed(): `sla` is the SLA in seconds (a parameter).
inline std::string first_sla_missed(const std::string& now, const std::string& sla) {
  return "(i.impact <> '" + std::string(to_string(Impact::no)) + "' AND " +
         detail::missed("(i.received_at + " + sla + ")", now) + ")";
}

/// RequestFilter::grep over alias `r`: its title, its details or the text of
/// one of its comments (internal ones too). `contains(column)`: the store's
/// SQL for text_contains() of the column and the needle (fold_ascii_case()
/// of the column in its own SQL, the needle bound already folded).
template <class Contains>
std::string request_text_matches(Contains contains) {
  return "(" + contains("r.title") + " OR " + contains("r.details") +
         " OR EXISTS (SELECT 1 FROM request_events ce WHERE ce.request_id = r.id AND ce.kind = 'comment' AND " +
         contains("ce.note") + "))";
}
/// IncidentFilter::grep over alias `i`: its title, its details or the text
/// of one of its comments (internal ones too).
template <class Contains>
std::string incident_text_matches(Contains contains) {
  return "(" + contains("i.title") + " OR " + contains("i.details") +
         " OR EXISTS (SELECT 1 FROM incident_events ce WHERE ce.incident_id = i.id AND ce.kind = 'comment' AND " +
         contains("ce.note") + "))";
}

}  // namespace sd::db::rules
