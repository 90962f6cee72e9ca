#pragma once
// Rows to records and back, for both stores (SQLite and PostgreSQL): the
// readers and binders are templates over the connection's Statement, whose
// interface the two share. Instants are stored as UTC seconds in both, so
// that the rules' SQL (db/rules_sql.hpp) serves both.
#include "supportdesk/error.hpp"
#include "supportdesk/store.hpp"
#include "supportdesk/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sd::db {

/// Instants are stored as UTC seconds.
inline std::int64_t secs(Instant t) { return t.time_since_epoch().count(); }
inline Instant instant(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }
inline std::optional<std::int64_t> secs(const std::optional<Instant>& t) {
  return t ? std::optional<std::int64_t>(secs(*t)) : std::nullopt;
}
/// A stored instant. One outside the years sd stores (time.hpp) means the
/// store is damaged: a config Error naming the column, never a date
/// computed from it.
template <class Stmt>
Instant read_instant(const Stmt& s, int col) {
  auto v = s.int64(col);
  if (v < kFirstStoredSecond || v >= kEndStoredSecond)
    throw Error(Exit::config, "store: " + s.column_name(col) + " holds " + std::to_string(v) +
                                  ", not an instant between 1900 and 2200; the store is damaged (see 'sd db check')");
  return instant(v);
}
template <class Stmt>
std::optional<Instant> opt_instant(const Stmt& s, int col) {
  return s.is_null(col) ? std::nullopt : std::optional<Instant>(read_instant(s, col));
}

/// A stored enum value; an unknown one means the store is damaged.
template <class E>
E parse_enum(std::optional<E> v, std::string_view column) {
  if (!v) throw Error(Exit::config, "store: unreadable value in column " + std::string(column));
  return *v;
}

/// The columns read_request() and read_incident() expect, with their FROM.
inline constexpr const char* kRequestColumns =
    "r.id, r.customer_id, c.key, r.number, r.type, r.tier, r.slo_days, r.title, r.priority, "
    "r.status, r.assignee, r.via, r.caller, r.details, r.received_at, r.clock_start, "
    "r.desired_at, r.due_at, r.resolved_at, r.closed_at, r.miss_reason, r.created_at, "
    "r.updated_at, r.escalated_to, r.urgent_minutes, r.slo_due_at, r.exempt_at, r.exempt_by, "
    "r.exempt_reason, r.version FROM requests r JOIN customers c ON c.id = r.customer_id";

inline constexpr const char* kIncidentColumns =
    "i.id, i.customer_id, c.key, i.number, i.title, i.host, i.impact, i.judged_by, i.judged_at, "
    "i.received_at, i.detected_at, i.via, i.priority, i.business_impact, i.details, i.status, "
    "i.first_notified_at, i.last_notice_at, i.recovered_at, i.recovery_action, "
    "i.recovery_notified_at, i.confirmed_at, i.closed_at, i.escalated_to, i.created_at, "
    "i.updated_at, i.assignee, i.caller, i.first_posted_at, i.first_called_at, i.reopened_at, "
    "i.reopen_posted_at, i.reopen_called_at, i.follows, i.version FROM incidents i JOIN customers c ON c.id = "
    "i.customer_id";

template <class Stmt>
Incident read_incident(const Stmt& s) {
  Incident i;
  i.id = s.int64(0);
  i.customer_id = s.int64(1);
  i.customer = s.text(2);
  i.number = s.int64(3);
  i.title = s.text(4);
  i.host = s.text(5);
  auto impact = s.text(6);
  i.impact = impact == "unjudged" ? Impact::unjudged : parse_enum(impact_from(impact), "incidents.impact");
  i.judged_by = s.text(7);
  i.judged_at = opt_instant(s, 8);
  i.received_at = read_instant(s, 9);
  i.detected_at = opt_instant(s, 10);
  i.via = parse_enum(incident_via_from(s.text(11)), "incidents.via");
  i.priority = s.text(12);
  i.business_impact = s.text(13);
  i.details = s.text(14);
  i.status = parse_enum(incident_status_from(s.text(15)), "incidents.status");
  i.first_notified_at = opt_instant(s, 16);
  i.last_notice_at = opt_instant(s, 17);
  i.recovered_at = opt_instant(s, 18);
  i.recovery_action = s.text(19);
  i.recovery_notified_at = opt_instant(s, 20);
  i.confirmed_at = opt_instant(s, 21);
  i.closed_at = opt_instant(s, 22);
  i.escalated_to = s.text(23);
  i.created_at = read_instant(s, 24);
  i.updated_at = read_instant(s, 25);
  i.assignee = s.text(26);
  i.caller = s.text(27);
  i.first_posted_at = opt_instant(s, 28);
  i.first_called_at = opt_instant(s, 29);
  i.reopened_at = opt_instant(s, 30);
  i.reopen_posted_at = opt_instant(s, 31);
  i.reopen_called_at = opt_instant(s, 32);
  i.follows = s.int64(33);
  i.version = s.int64(34);
  return i;
}

/// Binds ?2..?32 of the incident insert and update statements.
template <class Stmt>
void bind_incident(Stmt& s, const Incident& i) {
  s.bind(2, i.number).bind(3, i.title).bind(4, i.host).bind(5, to_string(i.impact))
      .bind(6, i.judged_by).bind(7, secs(i.judged_at)).bind(8, secs(i.received_at))
      .bind(9, secs(i.detected_at)).bind(10, to_string(i.via)).bind(11, i.priority)
      .bind(12, i.business_impact).bind(13, i.details).bind(14, to_string(i.status))
      .bind(15, secs(i.first_notified_at)).bind(16, secs(i.last_notice_at))
      .bind(17, secs(i.recovered_at)).bind(18, i.recovery_action)
      .bind(19, secs(i.recovery_notified_at)).bind(20, secs(i.confirmed_at))
      .bind(21, secs(i.closed_at)).bind(22, i.escalated_to).bind(23, secs(i.created_at))
      .bind(24, secs(i.updated_at)).bind(25, i.assignee).bind(26, i.caller)
      .bind(27, secs(i.first_posted_at)).bind(28, secs(i.first_called_at))
      .bind(29, secs(i.reopened_at)).bind(30, secs(i.reopen_posted_at))
      .bind(31, secs(i.reopen_called_at)).bind(32, i.follows);
}

inline constexpr const char* kInboxColumns =
    "SELECT id, received_at, actor, format, customer, reason, payload, status, placed_at, "
    "result FROM inbox";

template <class Stmt>
InboxItem read_inbox(const Stmt& s) {
  InboxItem item;
  item.id = s.int64(0);
  item.received_at = read_instant(s, 1);
  item.actor = s.text(2);
  item.format = s.text(3);
  item.customer = s.text(4);
  item.reason = s.text(5);
  item.payload = s.blob(6);
  item.status = s.text(7);
  item.placed_at = opt_instant(s, 8);
  item.result = s.text(9);
  return item;
}

template <class Stmt>
Request read_request(const Stmt& s) {
  Request r;
  r.id = s.int64(0);
  r.customer_id = s.int64(1);
  r.customer = s.text(2);
  r.number = s.int64(3);
  r.type = s.text(4);
  r.tier = parse_enum(tier_from(s.text(5)), "requests.tier");
  r.slo_days = s.int32(6);
  r.title = s.text(7);
  r.priority = parse_enum(priority_from(s.text(8)), "requests.priority");
  r.status = parse_enum(status_from(s.text(9)), "requests.status");
  r.assignee = s.text(10);
  r.via = parse_enum(via_from(s.text(11)), "requests.via");
  r.caller = s.text(12);
  r.details = s.text(13);
  r.received_at = read_instant(s, 14);
  r.clock_start = opt_instant(s, 15);
  r.desired_at = opt_instant(s, 16);
  r.due_at = opt_instant(s, 17);
  r.resolved_at = opt_instant(s, 18);
  r.closed_at = opt_instant(s, 19);
  r.miss_reason = s.text(20);
  r.created_at = read_instant(s, 21);
  r.updated_at = read_instant(s, 22);
  r.escalated_to = s.text(23);
  if (!s.is_null(24)) r.urgent_minutes = s.int32(24);
  r.slo_due_at = opt_instant(s, 25);
  r.exempt_at = opt_instant(s, 26);
  r.exempt_by = s.text(27);
  r.exempt_reason = s.text(28);
  r.version = s.int64(29);
  return r;
}

template <class Stmt>
RequestEvent read_event(const Stmt& s) {
  RequestEvent e;
  e.id = s.int64(0);
  e.request_id = s.int64(1);
  e.at = read_instant(s, 2);
  e.actor = s.text(3);
  e.kind = s.text(4);
  e.from = s.text(5);
  e.to = s.text(6);
  e.note = s.text(7);
  e.internal = s.int64(8) != 0;
  return e;
}

template <class Stmt>
Customer read_customer(const Stmt& s) {
  Customer c;
  c.id = s.int64(0);
  c.key = s.text(1);
  c.name = s.text(2);
  c.plan = parse_enum(plan_from(s.text(3)), "customers.plan");
  c.tz = s.text(4);
  c.created_at = read_instant(s, 5);
  c.name_en = s.text(6);
  return c;
}

/// Binds ?3..?27 of the request insert and update statements.
template <class Stmt>
void bind_request(Stmt& s, const Request& r) {
  s.bind(3, r.type).bind(4, to_string(r.tier)).bind(5, r.slo_days).bind(6, r.title)
      .bind(7, to_string(r.priority)).bind(8, to_string(r.status)).bind(9, r.assignee)
      .bind(10, to_string(r.via)).bind(11, r.caller).bind(12, r.details)
      .bind(13, secs(r.received_at)).bind(14, secs(r.clock_start)).bind(15, secs(r.desired_at))
      .bind(16, secs(r.due_at)).bind(17, secs(r.resolved_at)).bind(18, secs(r.closed_at))
      .bind(19, r.miss_reason).bind(20, secs(r.created_at)).bind(21, secs(r.updated_at))
      .bind(22, r.escalated_to)
      .bind(23, r.urgent_minutes ? std::optional<std::int64_t>(*r.urgent_minutes) : std::nullopt)
      .bind(24, secs(r.slo_due_at)).bind(25, secs(r.exempt_at)).bind(26, r.exempt_by)
      .bind(27, r.exempt_reason);
}

}  // namespace sd::db
