#include "enum_names.hpp"
#include "supportdesk/incident.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <algorithm>
#include <array>

namespace sd {
namespace {

constexpr std::array<std::string_view, 3> kImpacts{"unjudged", "yes", "no"};
constexpr std::array<std::string_view, 4> kStatuses{"open", "recovered", "confirmed", "closed"};
constexpr std::array<std::string_view, 4> kVias{"monitoring", "backlog", "phone", "email"};
constexpr std::array<std::string_view, 2> kRefireModes{"reopen", "new"};

}  // namespace

std::string_view to_string(Impact i) { return kImpacts[static_cast<std::size_t>(i)]; }
std::string_view to_string(IncidentStatus s) { return kStatuses[static_cast<std::size_t>(s)]; }
std::string_view to_string(IncidentVia v) { return kVias[static_cast<std::size_t>(v)]; }
std::string_view to_string(RefireMode m) { return kRefireModes[static_cast<std::size_t>(m)]; }
std::optional<RefireMode> refire_mode_from(std::string_view s) { return enum_from<RefireMode>(kRefireModes, s); }
std::optional<Impact> impact_from(std::string_view s) {
  auto i = enum_from<Impact>(kImpacts, s);
  return i == Impact::unjudged ? std::nullopt : i;
}
std::optional<IncidentStatus> incident_status_from(std::string_view s) {
  return enum_from<IncidentStatus>(kStatuses, s);
}
std::optional<IncidentVia> incident_via_from(std::string_view s) {
  return enum_from<IncidentVia>(kVias, s);
}

namespace {
/// Bytes in the UTF-8 character that starts at s[i] (1 for a stray byte).
std::size_t char_len(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  return std::min(n, s.size() - i);
}
}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point for '*'; '?' and '*' step
  // over whole UTF-8 characters, so '?' matches one Japanese character.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '?') {
      ++p;
      t += char_len(text, t);
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      mark += char_len(text, mark);
      t = mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const Criterion* judge(const std::vector<Criterion>& rules,
                       const std::map<std::string, std::string>& labels) {
  for (const auto& rule : rules) {
    bool all = !rule.matches.empty();
    for (const auto& [name, pattern] : rule.matches) {
      auto it = labels.find(name);
      if (it == labels.end() || !glob_match(pattern, it->second)) {
        all = false;
        break;
      }
    }
    if (all) return &rule;
  }
  return nullptr;
}

std::pair<std::string, std::string> parse_match(std::string_view text) {
  check_text(text, "match");
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size())
    throw field_error("match", "'" + std::string(text) +
                     "' is not LABEL=PATTERN; use e.g. host=web* or check=url");
  return {std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

}  // namespace sd
