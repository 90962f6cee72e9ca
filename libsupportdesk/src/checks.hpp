#pragma once
// Input checks the desk's operations share (internal to the library).
#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

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

}  // namespace sd
