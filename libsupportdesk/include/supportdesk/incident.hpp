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
std::string_view to_string(Impact i);
std::string_view to_string(IncidentStatus s);
std::string_view to_string(IncidentVia v);
std::optional<Impact> impact_from(std::string_view s);  ///< "yes" / "no"
std::optional<IncidentStatus> incident_status_from(std::string_view s);
std::optional<IncidentVia> incident_via_from(std::string_view s);

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
  std::optional<Instant> first_notified_at;  ///< the first notice that reached the customer
  std::optional<Instant> last_notice_at;     ///< the latest notice or interim report
  std::optional<Instant> recovered_at;
  std::string recovery_action;
  std::optional<Instant> recovery_notified_at;
  std::optional<Instant> confirmed_at;
  std::optional<Instant> closed_at;
  std::string escalated_to;            ///< "", support-center, aws
  std::string assignee = "MSP";        ///< who owns it (MSP: the desk)
  std::string caller;                  ///< who reported it, when a person did
  Instant created_at{};
  Instant updated_at{};

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
                     ///< comment (data: internal), edit (data: field -> {from, to}), assign
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
