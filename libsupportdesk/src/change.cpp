// Changes: statuses, the rules table of their lifecycle, their keys, and
// overlapping windows.
#include "supportdesk/change.hpp"

#include "supportdesk/error.hpp"
#include "enum_names.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <tuple>

namespace sd {

namespace {
constexpr std::array<std::string_view, 11> kChangeStatuses{
    "draft",        "assessed",  "approved", "rejected",    "scheduled", "implementing",
    "succeeded",    "failed",    "rolled-back", "reviewed", "closed"};
constexpr std::array<std::string_view, 3> kRisks{"low", "medium", "high"};
constexpr std::array<std::string_view, 4> kOutcomes{"none", "succeeded", "failed", "rolled-back"};

using S = ChangeStatus;
using A = ChangeAction;
}  // namespace

std::string_view to_string(ChangeStatus s) { return kChangeStatuses[static_cast<std::size_t>(s)]; }
std::optional<ChangeStatus> change_status_from(std::string_view s) {
  return enum_from<ChangeStatus>(kChangeStatuses, s);
}
const std::vector<ChangeStatus>& change_statuses() {
  static const std::vector<ChangeStatus> all{S::draft,     S::assessed,     S::approved,  S::rejected,
                                             S::scheduled, S::implementing, S::succeeded, S::failed,
                                             S::rolled_back, S::reviewed,   S::closed};
  return all;
}
std::string_view to_string(ChangeRisk r) { return kRisks[static_cast<std::size_t>(r)]; }
std::optional<ChangeRisk> change_risk_from(std::string_view s) { return enum_from<ChangeRisk>(kRisks, s); }
std::string_view to_string(ChangeOutcome o) { return kOutcomes[static_cast<std::size_t>(o)]; }

const std::vector<ChangeRule>& change_rules() {
  static const std::vector<ChangeRule> rules{
      {A::assess, "assess", {S::draft}, S::assessed},
      {A::rollback_plan, "rollback-plan", {S::draft, S::assessed}, std::nullopt},
      {A::pretest, "pretest", {S::draft, S::assessed, S::approved, S::scheduled}, std::nullopt},
      {A::plan_review, "plan-review", {S::draft, S::assessed, S::approved, S::scheduled}, std::nullopt},
      {A::approve, "approve", {S::assessed}, S::approved},
      {A::reject, "reject", {S::draft, S::assessed}, S::rejected},
      {A::schedule, "schedule", {S::approved, S::scheduled}, S::scheduled},
      {A::implement, "implement", {S::scheduled}, S::implementing},
      {A::succeed, "succeed", {S::implementing}, S::succeeded},
      {A::fail, "fail", {S::implementing}, S::failed},
      {A::rollback, "rollback", {S::failed}, S::rolled_back},
      {A::review, "review", {S::succeeded, S::failed, S::rolled_back}, S::reviewed},
      {A::close, "close", {S::reviewed, S::rejected}, S::closed},
      {A::edit, "edit", {S::draft, S::assessed}, std::nullopt},
      {A::comment, "comment", {}, std::nullopt},
  };
  return rules;
}

const ChangeRule& change_rule(ChangeAction a) { return change_rules()[static_cast<std::size_t>(a)]; }

bool change_allows(ChangeAction a, ChangeStatus s) {
  const auto& from = change_rule(a).from;
  return from.empty() || std::find(from.begin(), from.end(), s) != from.end();
}

std::string change_states_text(ChangeAction a) {
  const auto& from = change_rule(a).from;
  if (from.empty()) return "any";
  std::string out;
  for (std::size_t k = 0; k < from.size(); ++k) {
    if (k) out += k + 1 == from.size() ? " or " : ", ";
    out += to_string(from[k]);
  }
  return out;
}

bool is_change_key(std::string_view key) {
  auto prefix = std::string(kChangePrefix) + "-";
  if (key.size() <= prefix.size() || key.substr(0, prefix.size()) != prefix) return false;
  for (char c : key.substr(prefix.size()))
    if (c < '0' || c > '9') return false;
  return true;
}

std::int64_t parse_change_key(std::string_view key, std::string_view field) {
  std::int64_t n = 0;
  bool ok = is_change_key(key);
  if (ok) {
    auto digits = key.substr(kChangePrefix.size() + 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    ok = ec == std::errc() && p == digits.data() + digits.size() && n > 0;
  }
  if (!ok) throw field_error(field, "'" + std::string(key) + "' is not a change key; use CHG and a number, like CHG-1");
  return n;
}

ChangeOutcome Change::outcome() const {
  if (rolled_back_at) return ChangeOutcome::rolled_back;
  if (failed_at) return ChangeOutcome::failed;
  if (succeeded_at) return ChangeOutcome::succeeded;
  return ChangeOutcome::none;
}

std::vector<std::string> Change::missing() const {
  std::vector<std::string> out;
  if (rollback_plan.empty()) out.push_back("rollback_plan");
  if (pretest.empty()) out.push_back("pretest");
  if (plan_review.empty()) out.push_back("plan_review");
  return out;
}

bool windows_overlap(Instant a_start, Instant a_end, Instant b_start, Instant b_end) {
  return a_start < b_end && b_start < a_end;
}

std::vector<ChangeOverlap> change_overlaps(const std::vector<Change>& changes) {
  std::map<std::string, std::vector<const Change*>> by_ci;
  for (const auto& c : changes)
    if (c.start_at && c.end_at)
      for (const auto& ci : c.cis) by_ci[ci].push_back(&c);
  std::vector<ChangeOverlap> out;
  for (auto& [ci, list] : by_ci) {
    std::sort(list.begin(), list.end(), [](const Change* a, const Change* b) {
      return std::tie(*a->start_at, a->number) < std::tie(*b->start_at, b->number);
    });
    for (std::size_t i = 0; i < list.size(); ++i)
      for (std::size_t j = i + 1; j < list.size(); ++j)
        if (windows_overlap(*list[i]->start_at, *list[i]->end_at, *list[j]->start_at, *list[j]->end_at))
          out.push_back({ci, list[i]->key(), list[j]->key()});
  }
  return out;
}

}  // namespace sd
