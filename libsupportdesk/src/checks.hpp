#pragma once
// Input checks the desk's operations share (internal to the library).
#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"
#include "supportdesk/time.hpp"

#include <optional>

#include <string>
#include <string_view>

namespace sd {

/// Valid text that is not blank.
inline void check_required_text(const std::string& s, std::string_view field) {
  check_text(s, field);
  if (s.find_first_not_of(" \t\n") == std::string::npos)
    throw field_error(field, "must not be empty");
}

/// Valid text on one line.
inline void check_one_line(const std::string& s, std::string_view field) {
  check_text(s, field);
  if (s.find('\n') != std::string::npos)
    throw field_error(field, "must be one line");
}

/// A text to search for (--grep): valid text, not empty.
inline void check_search_text(const std::optional<std::string>& s, std::string_view field) {
  if (!s) return;
  check_text(*s, field);
  if (s->empty()) throw field_error(field, "must not be empty: give the text to search for");
}

/// A range of instants, `since` inclusive and `until` exclusive: since must
/// not be after until (equal ones make an empty range).
inline void check_range(const std::optional<Instant>& since, const std::optional<Instant>& until,
                        std::string_view since_field, std::string_view until_field) {
  if (since && until && *since > *until)
    throw field_error(since_field, "must not be after " + mention(until_field) +
                                       " (the range includes its start and excludes its end)");
}

}  // namespace sd
