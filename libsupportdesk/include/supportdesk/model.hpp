#pragma once
/// The desk's records: customers, contacts, requests and their events, and
/// the audit log. Plain values; the rules live in request.hpp and desk.hpp.
#include "supportdesk/catalog.hpp"
#include "supportdesk/incident.hpp"
#include "supportdesk/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sd {

enum class Plan { basic, advanced };
std::string_view to_string(Plan p);
std::optional<Plan> plan_from(std::string_view s);

struct Customer {
  std::int64_t id = 0;
  std::string key;         ///< the Backlog project key: A-Z, 0-9, _
  std::string name;
  Plan plan = Plan::basic;
  std::string tz;          ///< the customer's zone, for messages to them
  Instant created_at{};
  std::string name_en;     ///< the name in English notices; "" to use `name`
};

struct Contact {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::string name;
  std::string phone;
  std::string email;
  std::string role;
  int position = 0;        ///< 1-based place in the call order (§4.2.2)
};

enum class Priority { high, normal, low };
enum class Status { open, in_progress, waiting, resolved, closed };
enum class Via { backlog, phone, email };
std::string_view to_string(Priority p);
std::string_view to_string(Status s);
std::string_view to_string(Via v);
std::optional<Priority> priority_from(std::string_view s);
std::optional<Status> status_from(std::string_view s);
std::optional<Via> via_from(std::string_view s);

/// A span of time the request spent waiting on the customer.
struct Pause {
  Instant from{};
  std::optional<Instant> to;  ///< open while still waiting
};

struct Request {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::string customer;        ///< the customer's key
  std::int64_t number = 0;     ///< ACME-<number>
  std::string type;
  Tier tier = Tier::minor;
  int slo_days = 1;            ///< the SLO it was created under
  std::string title;
  Priority priority = Priority::normal;
  Status status = Status::open;
  std::string assignee = "MSP";
  Via via = Via::backlog;
  std::string caller;
  std::string details;
  Fields fields;
  Instant received_at{};
  /// When the SLO clock started: received_at, or for a low-priority request
  /// the moment it was scheduled; empty while a low one is unscheduled.
  std::optional<Instant> clock_start;
  std::optional<Instant> desired_at;
  /// Cache of compute_due() over the events; empty while unscheduled or
  /// waiting. `sd request recompute` rebuilds it.
  std::optional<Instant> due_at;
  std::optional<Instant> resolved_at;
  std::optional<Instant> closed_at;
  std::string miss_reason;
  /// Where the request was last escalated: "", support-center or aws
  /// (`sd request escalate`; each escalation is an `escalate` event).
  std::string escalated_to;
  /// An urgent request (§3.3.1) runs 24/365: its target in wall-clock
  /// minutes, kept as it was at creation (as slo_days is). Empty: the
  /// business-day SLO.
  std::optional<int> urgent_minutes;
  /// Cache of the due time on the request's own clock (slo_days business
  /// days, or the urgent target), pauses counted; `due_at` is what it is
  /// judged against (compliance.hpp effective_due()).
  std::optional<Instant> slo_due_at;
  /// A desk-approved exemption (§4.1.3, §4.1.4): when, by whom, and why.
  /// An exempt request does not count in attainment.
  std::optional<Instant> exempt_at;
  std::string exempt_by;
  std::string exempt_reason;
  std::vector<Pause> pauses;   ///< derived from the status events
  Instant created_at{};
  Instant updated_at{};
  /// The row's version when it was read: 1 when created, one more with
  /// every change; a save is refused when the row has moved on since.
  std::int64_t version = 1;

  std::string key() const { return customer + "-" + std::to_string(number); }
};

/// One entry of a request's history.
struct RequestEvent {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  Instant at{};
  std::string actor;
  std::string kind;   ///< created, status, comment, assign, edit, schedule, recompute, escalate, exempt
  std::string from;   ///< status before (status events) or old value
  std::string to;     ///< status after, or new value
  std::string note;
  bool internal = false;
};

/// One change as the audit log keeps it: before and after are JSON texts
/// ("" for none).
struct AuditEvent {
  std::int64_t id = 0;
  Instant at{};
  std::string actor;
  std::string entity;   ///< ACME, ACME-12, ACME/contact/3, ci/web01
  std::string action;   ///< customer.add, request.resolve, ...
  std::string before;
  std::string after;
};

struct RequestFilter {
  std::optional<std::string> customer;
  std::optional<std::string> type;
  std::optional<Tier> tier;
  std::vector<Status> statuses;      ///< any of these; empty: all
  std::optional<Priority> priority;
  std::optional<std::string> assignee;
  std::optional<Instant> due_before; ///< due_at < this
  std::optional<Instant> overdue_at; ///< overdue at this instant (request_overdue)
  /// The title, the details or a comment (internal ones too) contains this
  /// text, ASCII letters in either case (text_contains).
  std::optional<std::string> grep;
  std::optional<Instant> received_since;  ///< received_at >= this
  std::optional<Instant> received_until;  ///< received_at < this
  std::size_t limit = 0;             ///< 0: no limit
};

struct IncidentFilter {
  std::optional<std::string> customer;
  std::vector<IncidentStatus> statuses;  ///< any of these; empty: all
  std::optional<Impact> impact;
  std::optional<std::string> assignee;
  /// Those that follow the incident of this number (of the same customer).
  std::optional<std::int64_t> follows;
  /// The title, the details or a comment (internal ones too) contains this
  /// text, ASCII letters in either case (text_contains).
  std::optional<std::string> grep;
  std::optional<Instant> received_since;  ///< received_at >= this
  std::optional<Instant> received_until;  ///< received_at < this
  std::size_t limit = 0;
};

/// An alert as kept with its incident.
struct AlertRecord {
  std::int64_t id = 0;
  std::int64_t incident_id = 0;
  std::string source;
  std::string identity;
  bool firing = true;
  std::optional<Instant> starts_at;
  std::optional<Instant> ends_at;
  Instant received_at{};
  std::string title;
  std::string summary;
  std::string host;
  std::string labels;   ///< JSON object text
  std::string delivery_key;
};

/// A payload sd could not parse or place, kept whole for `sd alert retry`.
struct InboxItem {
  std::int64_t id = 0;
  Instant received_at{};
  std::string actor;
  std::string format;    ///< as asked: auto, alertmanager, ...
  std::string customer;  ///< --customer as given
  std::string reason;
  std::string payload;   ///< the bytes as received
  std::string status = "pending";  ///< pending, placed or dismissed
  std::optional<Instant> placed_at;
  std::string result;    ///< the incident keys it went to, or why it was dismissed
};

struct AuditFilter {
  /// The entity and, unless `exact`, what belongs to it: ACME also matches
  /// ACME/… (contacts, hosts, criteria) and ACME-… (tickets).
  std::optional<std::string> entity;
  /// Only the entity itself (a CI's `ci/NAME`: another CI may be named
  /// NAME-2).
  bool exact = false;
  std::optional<Instant> since;       ///< at >= this
  std::size_t limit = 0;              ///< the newest N; 0: all
  std::optional<Instant> until;       ///< at < this
  std::optional<std::string> actor;   ///< made by exactly this actor
};

}  // namespace sd
