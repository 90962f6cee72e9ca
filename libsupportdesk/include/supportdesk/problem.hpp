#pragma once
/// Problems (問題) and known errors (既知の誤り): the causes behind incidents
/// and requests (white paper §5.3.2). A problem is PRB-n, one desk-wide
/// sequence. Plain data and rules: no SQL, no I/O.
#include "supportdesk/model.hpp"
#include "supportdesk/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

/// open → known-error → resolved → closed; resolve also from open.
enum class ProblemStatus { open, known_error, resolved, closed };
std::string_view to_string(ProblemStatus s);  ///< open, known-error, resolved, closed
std::optional<ProblemStatus> problem_status_from(std::string_view s);

/// The stages of problem management the white paper lists (§5.3.2): every
/// event of a problem's history belongs to one.
enum class ProblemStage { identify, record, prioritize, classify, update, escalate, resolve, close };
std::string_view to_string(ProblemStage s);
/// The stage of an event kind (recorded, identified, prioritized, …);
/// update for a kind it does not know.
ProblemStage problem_stage(std::string_view kind);

/// The prefix of problem keys; no customer may have it as its key.
inline constexpr std::string_view kProblemPrefix = "PRB";
/// Customer keys kept for the desk's own records (problems PRB-n, changes
/// CHG-n): `sd customer add` refuses them and `sd db check` reports them.
bool reserved_customer_key(std::string_view key);
/// The number of a problem key PRB-n; a data Error naming `field` otherwise.
std::int64_t parse_problem_key(std::string_view key, std::string_view field = "key");
/// Whether `key` has the shape of a problem key (PRB-digits).
bool is_problem_key(std::string_view key);

struct Problem {
  std::int64_t id = 0;
  std::int64_t number = 0;
  std::string title;
  Priority priority = Priority::normal;
  std::string category;
  ProblemStatus status = ProblemStatus::open;
  std::string details;
  std::string root_cause;
  std::string workaround;
  std::string resolution;
  std::string escalated_to;
  std::optional<Instant> root_cause_at, workaround_at, known_error_at, resolved_at, closed_at;
  Instant created_at{}, updated_at{};
  /// The tickets linked to it (ACME-43), in key order; filled by the store.
  std::vector<std::string> tickets;

  std::string key() const { return std::string(kProblemPrefix) + "-" + std::to_string(number); }
  bool known_error() const { return known_error_at.has_value(); }
};

/// One entry of a problem's history.
struct ProblemEvent {
  std::int64_t id = 0;
  std::int64_t problem_id = 0;
  Instant at{};
  std::string actor;
  std::string kind;  ///< recorded, identified, unlinked, prioritized, classified, ...
  std::string data;  ///< JSON object
  std::string note;
};

struct ProblemFilter {
  std::vector<ProblemStatus> statuses;  ///< empty: any
  std::optional<std::string> customer;  ///< linked to a ticket of this customer
  bool known_error = false;             ///< only known errors
  /// Only those open at some time in [active_from, active_to): recorded
  /// before its end and not closed before its start.
  std::optional<Instant> active_from, active_to;
};

/// What `sd problem trends` groups incidents by; `ci`: the configuration
/// item the incident's host names (ci_for_host()). More groups are added at
/// the end.
enum class TrendGroup { customer, host, kind, ci };
std::string_view to_string(TrendGroup g);

/// Incidents received in [from, to), of one customer or all.
struct TrendQuery {
  Instant from{}, to{};
  std::optional<std::string> customer;
};

/// Incidents of one group value: how many, the first and last received.
/// Incidents without a value for the group (no host; no alert with a
/// check) are not counted in it.
struct TrendCount {
  std::string value;
  std::int64_t incidents = 0;
  Instant first{}, last{};
};

/// The order every store gives trend counts in: most incidents first,
/// then by value.
bool trend_before(const TrendCount& a, const TrendCount& b);

/// Hosts and kinds with at least this many incidents in the window recur.
inline constexpr std::int64_t kRecurrenceMin = 2;

}  // namespace sd
