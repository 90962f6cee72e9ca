#include "supportdesk/time.hpp"

#include "supportdesk/error.hpp"

#include <charconv>
#include <cstdio>

namespace sd {
namespace {

/// A cursor over the text that reads fixed-width digit groups.
struct Scanner {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i == s.size(); }
  bool digits(std::size_t n, int& out) {
    if (i + n > s.size()) return false;
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) {
      char c = s[i + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    out = v;
    i += n;
    return true;
  }
  bool lit(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
};

std::optional<date::year_month_day> scan_date(Scanner& sc) {
  int y, m, d;
  if (!sc.digits(4, y) || !sc.lit('-') || !sc.digits(2, m) || !sc.lit('-') || !sc.digits(2, d))
    return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

/// Years sd accepts in input: anything else is a typo, not a date.
constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2200;

/// Refuses a date outside kFirstYear..kLastYear.
void check_year(date::year_month_day d, std::string_view field, std::string_view text) {
  auto y = static_cast<int>(d.year());
  if (y < kFirstYear || y > kLastYear)
    throw field_error(field, "'" + std::string(text) + "' is outside the years sd accepts (" +
                                 std::to_string(kFirstYear) + " to " + std::to_string(kLastYear) + ")");
}

/// Refuses an instant the store cannot hold: a time in the first or last
/// hours of the accepted years, written with an offset (or in a zone) that
/// takes it past 1900-01-01T00:00Z or 2200-12-31T24:00Z.
Instant in_stored_range(Instant t, std::string_view field, std::string_view text) {
  auto s = t.time_since_epoch().count();
  if (s < kFirstStoredSecond || s >= kEndStoredSecond)
    throw field_error(field, "'" + std::string(text) +
                                 "' is outside the times sd accepts (1900-01-01T00:00:00Z to "
                                 "2200-12-31T23:59:59Z)");
  return t;
}

Error bad_instant(std::string_view field, std::string_view text) {
  return field_error(field, "'" + std::string(text) +
                    "' is not a time; use ISO 8601 (2026-11-30T15:00+09:00), a local "
                    "time (2026-11-30T15:00), a date (2026-11-30) or 'now'");
}

}  // namespace

const Zone* find_zone(std::string_view name, std::string_view what) {
  if (const Zone* zone = Zone::find(name)) return zone;
  throw Error(Exit::config, what, "unknown time zone '" + std::string(name) +
                                      "'; use an IANA name such as Asia/Tokyo");
}

date::year_month_day parse_date(std::string_view text, std::string_view field) {
  Scanner sc{text};
  auto d = scan_date(sc);
  if (!d || !sc.done())
    throw field_error(field, "'" + std::string(text) +
                     "' is not a date; use YYYY-MM-DD with a day that exists");
  check_year(*d, field, text);
  return *d;
}

Instant parse_instant(std::string_view text, const Zone* zone, Instant now,
                      std::string_view field) {
  if (text == "now") return now;
  Scanner sc{text};
  auto d = scan_date(sc);
  if (!d) throw bad_instant(field, text);
  check_year(*d, field, text);
  auto day = date::local_days{*d};
  if (sc.done()) {
    // A date alone: the start of that day in the zone.
    return in_stored_range(zone->to_sys(date::local_seconds{day}, Choose::earliest), field, text);
  }
  if (!sc.lit('T') && !sc.lit(' ')) throw bad_instant(field, text);
  int hh, mm, ss = 0;
  if (!sc.digits(2, hh) || !sc.lit(':') || !sc.digits(2, mm)) throw bad_instant(field, text);
  bool have_seconds = false;
  if (sc.lit(':')) {
    if (!sc.digits(2, ss)) throw bad_instant(field, text);
    have_seconds = true;
  }
  if (sc.lit('.')) {
    // Fractional seconds are accepted and dropped: after the seconds, and
    // at least one digit.
    auto start = sc.i;
    while (!sc.done() && sc.s[sc.i] >= '0' && sc.s[sc.i] <= '9') ++sc.i;
    if (!have_seconds || sc.i == start) throw bad_instant(field, text);
  }
  if (hh > 23 || mm > 59 || ss > 59) throw bad_instant(field, text);
  auto local = date::local_seconds{day} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
               std::chrono::seconds{ss};
  if (sc.done()) {
    // Local time in the zone. In the overlap of a DST change take the first
    // occurrence; a time in the gap means the moment the gap ends.
    return in_stored_range(zone->to_sys(local, Choose::earliest), field, text);
  }
  std::chrono::seconds offset{0};
  if (sc.lit('Z') || sc.lit('z')) {
    // UTC
  } else {
    int sign = 0;
    if (sc.lit('+')) sign = 1;
    else if (sc.lit('-')) sign = -1;
    else throw bad_instant(field, text);
    int oh, om = 0;
    if (!sc.digits(2, oh)) throw bad_instant(field, text);
    if (sc.lit(':')) {
      if (!sc.digits(2, om)) throw bad_instant(field, text);
    } else if (!sc.done() && !sc.digits(2, om)) {
      throw bad_instant(field, text);
    }
    if (oh > 14 || om > 59) throw bad_instant(field, text);
    offset = sign * (std::chrono::hours{oh} + std::chrono::minutes{om});
  }
  if (!sc.done()) throw bad_instant(field, text);
  return in_stored_range(Instant{local.time_since_epoch()} - offset, field, text);
}

Instant parse_now(std::string_view text, const Zone* zone) {
  if (text == "now") throw config_error("SD_NOW: give a time, not 'now'");
  try {
    return parse_instant(text, zone, Instant{}, "SD_NOW");
  } catch (const Error& e) {
    throw config_error(e.what());
  }
}

namespace {

/// The zone's offset from UTC at `t`. The offset period of the last call is
/// kept (per thread), so a run of instants costs one zone look-up per period
/// rather than one per instant.
std::chrono::seconds offset_at(Instant t, const Zone* zone) {
  struct Period {
    const Zone* zone = nullptr;
    Instant begin{}, end{};
    std::chrono::seconds offset{0};
  };
  thread_local Period last;
  if (zone != last.zone || t < last.begin || t >= last.end) {
    auto info = zone->period(t);
    last = Period{zone, info.begin, info.end, info.offset};
  }
  return last.offset;
}

/// Writes `v` as exactly `width` decimal digits at `p`; returns the end.
char* put_digits(char* p, std::int64_t v, int width) {
  for (int i = width; i-- > 0; v /= 10) p[i] = static_cast<char>('0' + v % 10);
  return p + width;
}

/// Writes `YYYY-MM-DD` at `p` (the year must be within 0..9999).
char* put_date(char* p, date::year_month_day d) {
  p = put_digits(p, static_cast<int>(d.year()), 4);
  *p++ = '-';
  p = put_digits(p, static_cast<unsigned>(d.month()), 2);
  *p++ = '-';
  return put_digits(p, static_cast<unsigned>(d.day()), 2);
}

/// A local time split into its date and its seconds since midnight, or
/// nullopt when its year needs more than four digits (or is negative):
/// those are left to date::format.
struct LocalParts {
  date::year_month_day date;
  std::int64_t seconds_of_day;
};
std::optional<LocalParts> split(date::local_seconds local) {
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  auto y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) return std::nullopt;
  return LocalParts{ymd, (local - day).count()};
}

}  // namespace

// These write the fixed formats of date::format("%Y-%m-%dT%H:%M:%S", ...)
// and friends digit by digit: no stream, no locale, one allocation. The
// results are the same byte for byte (time_test.cpp compares them).
std::string format_instant(Instant t, const Zone* zone) {
  auto offset = offset_at(t, zone);
  auto local = date::local_seconds{(t + offset).time_since_epoch()};
  auto off = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  auto parts = split(local);
  if (!parts || off / 60 > 99) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, static_cast<int>(off / 60),
                  static_cast<int>(off % 60));
    return date::format("%Y-%m-%dT%H:%M:%S", local) + buf;
  }
  char buf[25];
  char* p = put_date(buf, parts->date);
  auto sod = parts->seconds_of_day;
  *p++ = 'T';
  p = put_digits(p, sod / 3600, 2);
  *p++ = ':';
  p = put_digits(p, sod / 60 % 60, 2);
  *p++ = ':';
  p = put_digits(p, sod % 60, 2);
  *p++ = sign;
  p = put_digits(p, off / 60, 2);
  *p++ = ':';
  p = put_digits(p, off % 60, 2);
  return std::string(buf, p);
}

std::string format_local_short(Instant t, const Zone* zone) {
  auto local = date::local_seconds{(t + offset_at(t, zone)).time_since_epoch()};
  auto parts = split(local);
  if (!parts) return date::format("%Y-%m-%d %H:%M", date::floor<std::chrono::minutes>(local));
  char buf[16];
  char* p = put_date(buf, parts->date);
  auto sod = parts->seconds_of_day;
  *p++ = ' ';
  p = put_digits(p, sod / 3600, 2);
  *p++ = ':';
  p = put_digits(p, sod / 60 % 60, 2);
  return std::string(buf, p);
}

std::string format_date(date::year_month_day d) {
  auto y = static_cast<int>(d.year());
  if (!d.ok() || y < 0 || y > 9999) return date::format("%Y-%m-%d", d);
  char buf[10];
  return std::string(buf, put_date(buf, d));
}

std::string format_duration(std::chrono::seconds s) {
  // Less than a minute, but not nothing: never "0m" for 30 seconds.
  if (s.count() != 0 && s > -std::chrono::minutes{1} && s < std::chrono::minutes{1}) return "<1m";
  auto total = std::chrono::duration_cast<std::chrono::minutes>(s).count();
  std::string out;
  if (total < 0) {
    out = "-";
    total = -total;
  }
  auto days = total / (24 * 60), hours = (total / 60) % 24, mins = total % 60;
  auto add = [&](long long v, const char* unit) {
    if (!out.empty() && out != "-") out += ' ';
    out += std::to_string(v) + unit;
  };
  if (days) add(days, "d");
  if (hours) add(hours, "h");
  if (mins || (!days && !hours)) add(mins, "m");
  return out;
}

date::year_month_day local_date(Instant t, const Zone* zone) {
  return date::year_month_day{date::floor<date::days>(
      date::local_seconds{(t + offset_at(t, zone)).time_since_epoch()})};
}

}  // namespace sd
