#pragma once
/// Changes (変更要求): changes to a customer's systems made under control
/// (white paper §5.4.7, §5.3.1.1–5.3.1.2): assessed, approved with a
/// rollback plan prepared in advance, scheduled in a window, implemented,
/// and reviewed afterwards. A change is CHG-n, one desk-wide sequence.
/// Plain data and rules: no SQL, no I/O.
#include "supportdesk/model.hpp"
#include "supportdesk/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sd {

/// draft → assessed → approved | rejected; approved → scheduled →
/// implementing → succeeded | failed; failed → rolled-back; succeeded,
/// failed or rolled-back → reviewed → closed; rejected → closed.
enum class ChangeStatus {
  draft,
  assessed,
  approved,
  rejected,
  scheduled,
  implementing,
  succeeded,
  failed,
  rolled_back,
  reviewed,
  closed
};
std::string_view to_string(ChangeStatus s);  ///< draft, …, rolled-back, reviewed, closed
std::optional<ChangeStatus> change_status_from(std::string_view s);
/// Every status, in lifecycle order.
const std::vector<ChangeStatus>& change_statuses();

enum class ChangeRisk { low, medium, high };
std::string_view to_string(ChangeRisk r);
std::optional<ChangeRisk> change_risk_from(std::string_view s);

/// What can be done to a change. Each has one rule (change_rule()).
enum class ChangeAction {
  assess,
  rollback_plan,
  pretest,
  plan_review,
  approve,
  reject,
  schedule,
  implement,
  succeed,
  fail,
  rollback,
  review,
  close,
  edit,
  comment
};

/// The rule of one action: the states that allow it and the state it
/// leads to (none: the status stays).
struct ChangeRule {
  ChangeAction action;
  std::string_view name;  ///< as errors and the audit log name it: "approve", "rollback-plan"
  std::vector<ChangeStatus> from;  ///< empty: any state
  std::optional<ChangeStatus> to;
};

/// The rules table, one row per action, in ChangeAction order:
///   assess         draft → assessed
///   rollback-plan  draft, assessed (the status stays)
///   pretest        draft, assessed, approved, scheduled (stays)
///   plan-review    draft, assessed, approved, scheduled (stays)
///   approve        assessed → approved, and only with a rollback plan
///   reject         draft, assessed → rejected
///   schedule       approved, scheduled → scheduled (a new window replaces the old)
///   implement      scheduled → implementing
///   succeed        implementing → succeeded
///   fail           implementing → failed
///   rollback       failed → rolled-back
///   review         succeeded, failed, rolled-back → reviewed
///   close          reviewed, rejected → closed
///   edit           draft, assessed (stays)
///   comment        any state (stays)
const std::vector<ChangeRule>& change_rules();
const ChangeRule& change_rule(ChangeAction a);
/// Whether the rule of `a` allows it in state `s`.
bool change_allows(ChangeAction a, ChangeStatus s);
/// The states that allow `a`, as words: "succeeded, failed or rolled-back".
std::string change_states_text(ChangeAction a);

/// The prefix of change keys; no customer may have it as its key
/// (reserved_customer_key()).
inline constexpr std::string_view kChangePrefix = "CHG";
/// The number of a change key CHG-n; a data Error naming `field` otherwise.
std::int64_t parse_change_key(std::string_view key, std::string_view field = "key");
/// Whether `key` has the shape of a change key (CHG-digits).
bool is_change_key(std::string_view key);

/// How a change ended: the last of succeeded, failed, rolled back; none
/// while it has not been implemented (or was rejected).
enum class ChangeOutcome { none, succeeded, failed, rolled_back };
std::string_view to_string(ChangeOutcome o);  ///< none, succeeded, failed, rolled-back

struct Change {
  std::int64_t id = 0;
  std::int64_t number = 0;
  std::int64_t customer_id = 0;
  std::string customer;  ///< the customer's key
  std::string title;
  ChangeRisk risk = ChangeRisk::low;
  std::string impact;  ///< what the change affects while it is made
  ChangeStatus status = ChangeStatus::draft;
  /// The request it was made from (a number of the customer's), its type
  /// and tier as they were when the change was recorded.
  std::optional<std::int64_t> from_number;
  std::string from_type;
  std::optional<Tier> from_tier;
  /// The attributes its CIs get when it succeeds (attribute, value), in the
  /// order given.
  std::vector<std::pair<std::string, std::string>> sets;
  std::string procedure;      ///< design and steps (§5.3.1.1), "" for none
  std::string rollback_plan;  ///< "" until recorded
  std::string pretest;        ///< the test done beforehand (§5.3.1.2)
  std::string plan_review;    ///< the review of its plan
  std::string approved_by;    ///< who approved it
  std::string rejection, failure, rollback_note, review;
  std::optional<bool> goal_met;  ///< set by the review after implementation
  std::optional<Instant> start_at, end_at;  ///< the scheduled window [start, end)
  std::optional<Instant> assessed_at, approved_at, rejected_at, scheduled_at, started_at, succeeded_at, failed_at,
      rolled_back_at, reviewed_at, closed_at;
  Instant created_at{}, updated_at{};
  /// The CIs it changes, by name; filled by the store.
  std::vector<std::string> cis;

  std::string key() const { return std::string(kChangePrefix) + "-" + std::to_string(number); }
  /// The ticket key of the request it was made from (ACME-12), "" for none.
  std::string from_key() const { return from_number ? customer + "-" + std::to_string(*from_number) : ""; }
  ChangeOutcome outcome() const;
  /// What §5.3.1.1–5.3.1.2 asks for before approval that it lacks, among
  /// rollback_plan (required to approve), pretest and plan_review.
  std::vector<std::string> missing() const;
};

/// One entry of a change's history.
struct ChangeEvent {
  std::int64_t id = 0;
  std::int64_t change_id = 0;
  Instant at{};
  std::string actor;
  std::string kind;  ///< recorded, assessed, approved, scheduled, ..., comment
  std::string data;  ///< JSON object
  std::string note;
};

struct ChangeFilter {
  std::vector<ChangeStatus> statuses;   ///< empty: any
  std::optional<std::string> customer;  ///< the customer's key
  std::optional<std::string> ci;        ///< only those that change this CI
  /// Only those open at some time in [active_from, active_to): recorded
  /// before its end and not closed before its start.
  std::optional<Instant> active_from, active_to;
  /// Only those whose scheduled window overlaps [window_from, window_to).
  std::optional<Instant> window_from, window_to;
};

/// Two changes whose windows overlap on the same CI.
struct ChangeOverlap {
  std::string ci;
  std::string first, second;  ///< keys, the one that starts first (then the lower number) first
};

/// Whether two windows [a_start, a_end) and [b_start, b_end) overlap.
bool windows_overlap(Instant a_start, Instant a_end, Instant b_start, Instant b_end);
/// Every pair of the scheduled changes that share a CI and whose windows
/// overlap, by CI name, then by the first change's start, then the second's.
/// Changes without a window are left out.
std::vector<ChangeOverlap> change_overlaps(const std::vector<Change>& changes);

}  // namespace sd
