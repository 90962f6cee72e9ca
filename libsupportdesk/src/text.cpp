#include "supportdesk/text.hpp"

#include "supportdesk/error.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>
#include <optional>

namespace sd {
namespace {

/// Decodes one code point at s[i], advancing i; nullopt when malformed
/// (overlong forms, surrogates and values past U+10FFFF included).
std::optional<char32_t> decode(std::string_view s, std::size_t& i) {
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int n;
  char32_t cp;
  if ((b0 & 0xE0) == 0xC0) { n = 1; cp = b0 & 0x1Fu; }
  else if ((b0 & 0xF0) == 0xE0) { n = 2; cp = b0 & 0x0Fu; }
  else if ((b0 & 0xF8) == 0xF0) { n = 3; cp = b0 & 0x07u; }
  else return std::nullopt;
  if (i + static_cast<std::size_t>(n) >= s.size()) return std::nullopt;
  for (int k = 1; k <= n; ++k) {
    auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  i += static_cast<std::size_t>(n) + 1;
  return cp;
}

/// East Asian Wide and Fullwidth ranges (Unicode 15, condensed), and the
/// emoji blocks terminals draw two columns wide.
bool is_wide(char32_t c) {
  struct Range { char32_t lo, hi; };
  static constexpr Range kWide[] = {
      {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
      {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
      {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
      {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
      {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
      {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
      {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
      {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
      {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
      {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
      {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
      {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
      {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
      {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
      {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
  };
  if (c < 0x1100) return false;
  std::size_t lo = 0, hi = std::size(kWide);
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    if (c > kWide[mid].hi) lo = mid + 1;
    else if (c < kWide[mid].lo) hi = mid;
    else return true;
  }
  return false;
}

bool is_zero_width(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0xFE00 && c <= 0xFE0F) || c == 0x3099 || c == 0x309A;
}

std::size_t width_of(char32_t c) {
  if (is_zero_width(c)) return 0;
  return is_wide(c) ? 2 : 1;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

/// Half-width katakana and punctuation U+FF61-FF9F as NFKC maps them
/// (U+FF9E and U+FF9F become the combining marks U+3099 and U+309A).
constexpr char16_t kHalfwidthKana[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x3099, 0x309A};
static_assert(std::size(kHalfwidthKana) == 0xFF9F - 0xFF61 + 1);

/// The kana `base` joined with the combining mark `mark` (U+3099 voiced,
/// U+309A semi-voiced) as NFC composes them; 0 when they do not compose.
char32_t compose_kana(char32_t base, char32_t mark) {
  // か..ぢ and カ..ヂ alternate plain, voiced; つ..ど and ツ..ド likewise.
  auto ka_to_do = [](char32_t c, char32_t first) {
    return (c >= first && c <= first + 0x16 && (c - first) % 2 == 0) ||
           (c >= first + 0x19 && c <= first + 0x1D && (c - first - 0x19) % 2 == 0);
  };
  // は..ぽ and ハ..ポ come in threes: plain, voiced, semi-voiced.
  auto ha_row = [](char32_t c, char32_t first) { return c >= first && c <= first + 0x0C && (c - first) % 3 == 0; };
  for (char32_t first : {char32_t{0x304B}, char32_t{0x30AB}}) {  // か, カ
    char32_t ha = first + 0x24;                                   // は, ハ
    if (mark == 0x3099 && (ka_to_do(base, first) || ha_row(base, ha))) return base + 1;
    if (mark == 0x309A && ha_row(base, ha)) return base + 2;
  }
  if (mark == 0x3099) {
    if (base == 0x3046) return 0x3094;  // う -> ゔ
    if (base == 0x30A6) return 0x30F4;  // ウ -> ヴ
    if (base >= 0x30EF && base <= 0x30F2) return base + 8;  // ワヰヱヲ -> ヷヸヹヺ
    if (base == 0x309D || base == 0x30FD) return base + 1;  // ゝ ヽ -> ゞ ヾ
  }
  return 0;
}

}  // namespace

std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char32_t last = 0;             // the code point last appended
  std::size_t last_at = 0;       // where its bytes start in `out`
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    auto cp = decode(s, i);
    if (!cp) {  // not UTF-8: kept byte for byte
      i = start + 1;
      out += s[start];
      last = 0;
      continue;
    }
    char32_t c = *cp;
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
    else if (c == 0x3000) c = 0x20;
    else if (c >= 0xFF61 && c <= 0xFF9F) c = kHalfwidthKana[c - 0xFF61];
    if ((c == 0x3099 || c == 0x309A) && last != 0) {
      if (char32_t composed = compose_kana(last, c)) {
        out.resize(last_at);
        append_utf8(out, composed);
        last = composed;
        continue;
      }
    }
    last_at = out.size();
    append_utf8(out, c);
    last = c;
  }
  return out;
}

std::string name_key(std::string_view s) {
  auto folded = fold_width(s);
  std::string out;
  for (char c : folded)
    if (c != ' ' && c != '\t') out += c;
  return out;
}

std::size_t utf8_length(std::string_view s, std::size_t i) {
  std::size_t at = i;
  return decode(s, at) ? at - i : 0;
}

bool is_valid_utf8(std::string_view s) {
  // Every stored text is checked as it is read: runs of ASCII, the most of
  // it, are passed over eight bytes at a time.
  std::size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    if (!decode(s, i)) return false;
  }
  return true;
}

void check_text(std::string_view s, std::string_view field) {
  if (!is_valid_utf8(s)) throw field_error(field, "not valid UTF-8");
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7F)
      throw field_error(field, "control characters are not allowed");
  }
}

bool is_unsafe_char(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::string printable(std::string_view s, bool multi_line) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    auto cp = decode(s, i);
    if (!cp) {
      i = start + 1;
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else if (multi_line && (*cp == '\n' || *cp == '\t')) {
      out += static_cast<char>(*cp);
    } else if (is_unsafe_char(*cp)) {
      out += ' ';
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto cp = decode(s, i);
    if (!cp) {
      ++i;
      ++w;
      continue;
    }
    w += width_of(*cp);
  }
  return w;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  std::string out;
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    auto cp = decode(s, i);
    std::size_t cw = cp ? width_of(*cp) : 1;
    if (!cp) i = start + 1;
    if (w + cw > width - 1) break;
    out.append(s.substr(start, i - start));
    w += cw;
  }
  return out + "…";
}

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string fold_ascii_case(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool text_contains(std::string_view text, std::string_view needle) {
  return fold_ascii_case(text).find(fold_ascii_case(needle)) != std::string::npos;
}

}  // namespace sd
