#pragma once
/// Text helpers: UTF-8 validation and terminal display width, so tables stay
/// aligned with Japanese text (full-width characters take two columns).
#include <string>
#include <string_view>

namespace sd {

bool is_valid_utf8(std::string_view s);
/// The length in bytes of the well-formed UTF-8 sequence that starts at
/// s[i] (1 for ASCII), or 0 if it is malformed: is_valid_utf8()'s rule.
std::size_t utf8_length(std::string_view s, std::size_t i);
/// Throws a data Error naming `field` when `s` is not valid UTF-8 or holds
/// control characters other than tab and newline.
void check_text(std::string_view s, std::string_view field);
/// Whether `c` must never reach a terminal from untrusted text: C0 controls,
/// DEL, the C1 controls U+0080-U+009F (which terminals also obey), and the
/// bidirectional embeddings, overrides and isolates U+202A-U+202E and
/// U+2066-U+2069 (which reorder what is shown).
bool is_unsafe_char(char32_t c);
/// `s` safe to print: every unsafe character (is_unsafe_char) becomes a
/// space, except newline and tab when `multi_line`; a byte that is not
/// UTF-8 becomes U+FFFD.
std::string printable(std::string_view s, bool multi_line = false);
/// Columns `s` takes on a terminal (East Asian wide and full-width: 2).
std::size_t display_width(std::string_view s);
/// `s` cut to at most `width` columns, with "…" when cut.
std::string truncate_to_width(std::string_view s, std::size_t width);
/// `s` without leading and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view s);
/// `s` with the width variants Japanese input methods produce folded as
/// Unicode NFKC folds them, for the ranges that matter to names and phone
/// numbers: full-width ASCII (U+FF01-FF5E) becomes ASCII, the ideographic
/// space (U+3000) a space, half-width katakana (U+FF61-FF9F) full-width,
/// with a voiced or semi-voiced mark joined to the kana before it (ｶﾞ -> ガ,
/// as NFC composes カ + U+3099). Everything else is kept as it is.
std::string fold_width(std::string_view s);
/// The form in which names are compared: fold_width() without any spaces
/// or tabs, so "山田 太郎", "山田　太郎" and "山田太郎" are the same name.
std::string name_key(std::string_view s);
/// `s` with the ASCII letters A-Z in lower case; every other byte as it is
/// (so the same in every store: SQLite's lower() and PostgreSQL's translate()
/// of these 26 letters do just this).
std::string fold_ascii_case(std::string_view s);
/// Whether `text` contains `needle`, ASCII letters in either case and every
/// other character exactly as written (full-width Ａ is not A, É is not é):
/// the match of `--grep`.
bool text_contains(std::string_view text, std::string_view needle);
/// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace sd
