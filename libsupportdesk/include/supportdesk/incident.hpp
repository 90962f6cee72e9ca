#pragma once
/// Incidents (障害) (white paper §3.3.3, §3.3.4, §4.2) and the per-customer
/// impact criteria. Plain values; their clock (first notice SLO and SLA,
/// interim reports) is in compliance.hpp.
#include "supportdesk/time.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

/// Service impact as judged; unjudged counts as impacting for deadlines.
enum class Impact { unjudged, yes, no };
enum class IncidentStatus { open, recovered, confirmed, closed };
enum class IncidentVia { monitoring, backlog, phone, email };
/// What a new firing of an alert does to its incident once that incident
/// has recovered (recovered or confirmed, not closed): reopen it, or open a
/// new incident that follows it. A closed incident is never reopened: a new
/// firing always opens a new incident that follows it.
enum class RefireMode { reopen, new_incident };
std::string_view to_string(Impact i);
std::string_view to_string(IncidentStatus s);
std::string_view to_string(IncidentVia v);
std::optional<Impact> impact_from(std::string_view s);  ///< "yes" / "no"
std::optional<IncidentStatus> incident_status_from(std::string_view s);
std::optional<IncidentVia> incident_via_from(std::string_view s);
std::string_view to_string(RefireMode m);              ///< reopen, new
std::optional<RefireMode> refire_mode_from(std::string_view s);

struct Incident {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::string customer;
  std::int64_t number = 0;
  std::string title;
  std::string host;
  Impact impact = Impact::unjudged;
  std::string judged_by;               ///< "" | an actor | "criterion N" (impact criteria)
  std::optional<Instant> judged_at;
  Instant received_at{};               ///< starts the clock
  std::optional<Instant> detected_at;  ///< when the failure began, if known
  IncidentVia via = IncidentVia::monitoring;
  std::string priority = "high";
  std::string business_impact;
  std::string details;
  IncidentStatus status = IncidentStatus::open;
  /// When the first notice counted as given (first_notice_given_at() over
  /// the two parts below; kept for the reports' SQL).
  std::optional<Instant> first_notified_at;
  std::optional<Instant> first_posted_at;    ///< the first written notice (Backlog post or email)
  std::optional<Instant> first_called_at;    ///< the first answered call in the call order
  std::optional<Instant> last_notice_at;     ///< the latest notice or interim report
  std::optional<Instant> recovered_at;
  std::string recovery_action;
  std::optional<Instant> recovery_notified_at;
  std::optional<Instant> confirmed_at;
  std::optional<Instant> closed_at;
  std::string escalated_to;            ///< "", support-center, aws
  std::string assignee = "MSP";        ///< who owns it (MSP: the desk)
  std::string caller;                  ///< who reported it, when a person did
  /// The latest new firing of its alert that reopened it after recovery;
  /// the notice it owes from then has the two parts below.
  std::optional<Instant> reopened_at;
  std::optional<Instant> reopen_posted_at;
  std::optional<Instant> reopen_called_at;
  /// The number of the incident (same customer) this one follows: one whose
  /// alert fired again after it recovered or closed. 0: none.
  std::int64_t follows = 0;
  Instant created_at{};
  Instant updated_at{};
  /// The row's version when it was read (model.hpp Request::version).
  std::int64_t version = 1;

  std::string key() const { return customer + "-" + std::to_string(number); }
  bool impacting() const { return impact != Impact::no; }
};

/// One entry of an incident's timeline. `data` is a JSON object as text.
struct IncidentEvent {
  std::int64_t id = 0;
  std::int64_t incident_id = 0;
  Instant at{};
  std::string actor;
  std::string kind;  ///< opened, judged, notify, update, escalate, recover, confirm, close, alert, alert-cleared,
                     ///< comment (data: internal), edit (data: field -> {from, to}), assign, reopened
  std::string data;
  std::string note;
};

/// A per-customer impact criterion (サービス影響判定基準): every match must
/// hold (label=glob, `*` and `?` wildcards) for the rule to judge.
struct Criterion {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  int position = 0;
  std::vector<std::pair<std::string, std::string>> matches;
  Impact impact = Impact::yes;
  std::string note;
};
bool glob_match(std::string_view pattern, std::string_view text);
/// The first criterion, in order, whose matches all hold for `labels`.
const Criterion* judge(const std::vector<Criterion>& rules,
                       const std::map<std::string, std::string>& labels);
/// Parses `name=glob`; data Error naming --match otherwise.
std::pair<std::string, std::string> parse_match(std::string_view text);

}  // namespace sd
