// Problems: statuses, the stages of their history, their keys.
#include "supportdesk/problem.hpp"

#include "supportdesk/error.hpp"
#include "enum_names.hpp"

#include <array>
#include <charconv>
#include <tuple>

namespace sd {

namespace {
constexpr std::array<std::string_view, 4> kProblemStatuses{"open", "known-error", "resolved", "closed"};
constexpr std::array<std::string_view, 8> kStages{"identify", "record", "prioritize", "classify",
                                                  "update",   "escalate", "resolve", "close"};
constexpr std::array<std::string_view, 4> kTrendGroups{"customer", "host", "kind", "ci"};
}  // namespace

std::string_view to_string(ProblemStatus s) { return kProblemStatuses[static_cast<std::size_t>(s)]; }
std::optional<ProblemStatus> problem_status_from(std::string_view s) {
  return enum_from<ProblemStatus>(kProblemStatuses, s);
}
std::string_view to_string(ProblemStage s) { return kStages[static_cast<std::size_t>(s)]; }
std::string_view to_string(TrendGroup g) { return kTrendGroups[static_cast<std::size_t>(g)]; }

ProblemStage problem_stage(std::string_view kind) {
  if (kind == "identified") return ProblemStage::identify;
  if (kind == "recorded") return ProblemStage::record;
  if (kind == "prioritized") return ProblemStage::prioritize;
  if (kind == "classified") return ProblemStage::classify;
  if (kind == "escalated") return ProblemStage::escalate;
  if (kind == "resolved") return ProblemStage::resolve;
  if (kind == "closed") return ProblemStage::close;
  return ProblemStage::update;  // unlinked, retitled, root-cause, workaround, known-error, comment
}

bool reserved_customer_key(std::string_view key) { return key == "PRB" || key == "CHG"; }

bool is_problem_key(std::string_view key) {
  auto prefix = std::string(kProblemPrefix) + "-";
  if (key.size() <= prefix.size() || key.substr(0, prefix.size()) != prefix) return false;
  for (char c : key.substr(prefix.size()))
    if (c < '0' || c > '9') return false;
  return true;
}

std::int64_t parse_problem_key(std::string_view key, std::string_view field) {
  std::int64_t n = 0;
  bool ok = is_problem_key(key);
  if (ok) {
    auto digits = key.substr(kProblemPrefix.size() + 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    ok = ec == std::errc() && p == digits.data() + digits.size() && n > 0;
  }
  if (!ok) throw field_error(field, "'" + std::string(key) + "' is not a problem key; use PRB and a number, like PRB-1");
  return n;
}

bool trend_before(const TrendCount& a, const TrendCount& b) {
  return std::tie(b.incidents, a.value) < std::tie(a.incidents, b.value);
}

}  // namespace sd
