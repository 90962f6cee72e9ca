#pragma once
/// Text helpers: UTF-8 validation and terminal display width, so tables stay
/// aligned with Japanese text (full-width characters take two columns).
#include <string>
#include <string_view>

namespace sd {

bool is_valid_utf8(std::string_view s);
/// Throws a data Error naming `field` when `s` is not valid UTF-8 or holds
/// control characters other than tab and newline.
void check_text(std::string_view s, std::string_view field);
/// Columns `s` takes on a terminal (East Asian wide and full-width: 2).
std::size_t display_width(std::string_view s);
/// `s` cut to at most `width` columns, with "…" when cut.
std::string truncate_to_width(std::string_view s, std::size_t width);
/// `s` without leading and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view s);
/// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace sd
