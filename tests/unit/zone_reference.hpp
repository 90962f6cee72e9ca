#pragma once
// What sd::Zone is held to: the date library's zones (its tz database), and
// glibc's localtime_r where the date library is wrong.
//
// Debian's date 3.0.1 (built with USE_OS_TZDB) ignores the footer of a TZif
// file, the POSIX rule for the times after the last listed change: past the
// last change (2037 in Debian's files) it keeps that change's offset for
// ever, so New York would stay on EST all summer from 2038 on. sd::Zone
// follows the footer, as RFC 8536 says and as glibc does; so after the last
// change the reference is glibc's localtime_r (TZ set to the zone's name,
// reading the same file).
#include <date/tz.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <algorithm>
#include <string>

namespace zone_reference {

using std::chrono::seconds;

/// True when `t` lies after the date library's last change in `zone`, where
/// it holds the last offset for ever.
inline bool past_last_change(const date::time_zone* zone, date::sys_seconds t) {
  return zone->get_info(t).end >= date::sys_seconds{date::sys_days{date::year{32767} / 1 / 1}};
}

/// The name TZ is set to, while a TzScope lasts.
inline std::string& current_tz() {
  static std::string name;
  return name;
}

/// Puts TZ back as it was when the scope ends: glibc_offset() sets it.
struct TzScope {
  bool had = false;
  std::string saved;
  TzScope() {
    if (const char* tz = std::getenv("TZ")) had = true, saved = tz;
  }
  ~TzScope() {
    if (had) setenv("TZ", saved.c_str(), 1);
    else unsetenv("TZ");
    tzset();
    current_tz().clear();
  }
  TzScope(const TzScope&) = delete;
  TzScope& operator=(const TzScope&) = delete;
};

/// glibc's offset of zone `name` at `t` (call within a TzScope).
inline seconds glibc_offset(const std::string& name, date::sys_seconds t) {
  if (current_tz() != name) {
    setenv("TZ", name.c_str(), 1);
    tzset();
    current_tz() = name;
  }
  std::time_t tt = static_cast<std::time_t>(t.time_since_epoch().count());
  std::tm tm{};
  localtime_r(&tt, &tm);
  return seconds{tm.tm_gmtoff};
}

/// The offset of `zone` at `t`: the date library's up to its last change,
/// glibc's after.
inline seconds offset(const date::time_zone* zone, date::sys_seconds t) {
  if (past_last_change(zone, t)) return glibc_offset(zone->name(), t);
  return zone->get_info(t).offset;
}

/// `lt` in UTC, the earliest instant with that reading; in a gap, the
/// instant the clocks jumped. Up to the date library's last change (with two
/// days to spare) that is date::zoned_time with choose::earliest; after it,
/// a search over offset() as above.
inline date::sys_seconds to_sys_earliest(const date::time_zone* zone, date::local_seconds lt) {
  date::sys_seconds guess{lt.time_since_epoch()};
  if (!past_last_change(zone, guess - seconds{2 * 86400}))
    return date::zoned_time<seconds>(zone, lt, date::choose::earliest).get_sys_time();
  // The offsets in force a day and a bit either side (a rule changes the
  // offset at most twice a year), then the instants that read `lt` with one
  // of them.
  date::sys_seconds best = date::sys_seconds::max();
  seconds lo = seconds::max(), hi = seconds::min();
  for (auto s : {guess - seconds{30 * 3600}, guess, guess + seconds{30 * 3600}}) {
    auto o = offset(zone, s);
    lo = std::min(lo, o), hi = std::max(hi, o);
    auto cand = date::sys_seconds{lt.time_since_epoch() - o};
    if (offset(zone, cand) == o && cand < best) best = cand;
  }
  if (best != date::sys_seconds::max()) return best;
  // In a gap: the change lies between reading `lt` with the larger offset
  // (before the change) and with the smaller (after it).
  auto a = date::sys_seconds{lt.time_since_epoch() - hi}, b = date::sys_seconds{lt.time_since_epoch() - lo};
  auto before = offset(zone, a);
  while (b - a > seconds{1}) {
    auto m = a + (b - a) / 2;
    (offset(zone, m) == before ? a : b) = m;
  }
  return b;
}

}  // namespace zone_reference
