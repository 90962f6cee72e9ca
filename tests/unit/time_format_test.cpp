// Instants are written digit by digit, without date::format's stream and
// locale. These tests hold them to the date library: the same bytes as
// date::format for every format sd prints (random instants, DST changes,
// year boundaries, leap days, in zones with odd offsets). The offsets are
// the date library's, and glibc's after its last change (zone_reference.hpp).
#include "supportdesk/error.hpp"
#include "supportdesk/time.hpp"
#include "zone_reference.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <random>

namespace {

using std::chrono::seconds;

const char* const kZones[] = {"Asia/Tokyo",      "America/New_York", "Europe/London",
                              "Australia/Lord_Howe", "Asia/Kolkata",  "America/St_Johns",
                              "Pacific/Chatham", "Pacific/Kiritimati", "America/Sao_Paulo",
                              "UTC",             "Africa/Casablanca"};

// The formats as date::format wrote them, the reference.
std::string ref_instant(sd::Instant t, const date::time_zone* zone) {
  auto offset = zone_reference::offset(zone, t);
  auto local = date::local_seconds{(t + offset).time_since_epoch()};
  auto off = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, static_cast<int>(off / 60),
                static_cast<int>(off % 60));
  return date::format("%Y-%m-%dT%H:%M:%S", local) + buf;
}
std::string ref_short(sd::Instant t, const date::time_zone* zone) {
  auto local = date::local_seconds{(t + zone_reference::offset(zone, t)).time_since_epoch()};
  return date::format("%Y-%m-%d %H:%M", date::floor<std::chrono::minutes>(local));
}

/// Instants worth checking in `zone`: random ones over the stored years,
/// each side of its offset changes, local new years and leap days.
std::vector<sd::Instant> instants(const date::time_zone* zone, std::mt19937_64& rng) {
  std::vector<sd::Instant> out;
  std::uniform_int_distribution<std::int64_t> any(sd::kFirstStoredSecond, sd::kEndStoredSecond - 1);
  for (int i = 0; i < 3000; ++i) out.emplace_back(seconds{any(rng)});
  auto t = sd::Instant{seconds{sd::kFirstStoredSecond}};
  for (int n = 0; n < 400; ++n) {
    auto info = zone->get_info(t);
    if (info.end >= sd::Instant{seconds{sd::kEndStoredSecond}}) break;
    for (int d : {-3601, -1, 0, 1, 59, 3600}) out.push_back(info.end + seconds{d});
    t = info.end;
  }
  // The changes after the date library's last, from the TZif footer's rule.
  const auto* own = sd::find_zone(zone->name(), "test");
  for (int n = 0; n < 800 && t < sd::Instant{seconds{sd::kEndStoredSecond}}; ++n) {
    auto end = own->period(t).end;
    if (end >= sd::Instant{seconds{sd::kEndStoredSecond}}) break;
    for (int d : {-3601, -1, 0, 1, 59, 3600}) out.push_back(end + seconds{d});
    t = end;
  }
  for (int y = 1900; y <= 2200; y += 7) {
    for (auto day : {date::local_days{date::year{y} / 1 / 1}, date::local_days{date::year{y} / 3 / 1}}) {
      auto s = zone->to_sys(date::local_seconds{day}, date::choose::earliest);
      for (int d : {-86400, -61, -1, 0, 1, 60}) out.push_back(s + seconds{d});
    }
  }
  for (int y : {1904, 1996, 2000, 2024, 2096, 2104, 2196}) {
    auto s = zone->to_sys(date::local_seconds{date::local_days{date::year{y} / 2 / 29}} + seconds{43200});
    out.push_back(s);
  }
  // Years that need more or fewer than four digits fall back to date::format.
  out.emplace_back(seconds{-62198755200});  // year -1
  out.emplace_back(seconds{253402300800});  // year 10000
  return out;
}

}  // namespace

TEST_CASE("instants are written byte for byte as date::format writes them") {
  zone_reference::TzScope tz_scope;
  std::mt19937_64 rng(20261201);
  std::size_t checked = 0;
  for (const char* name : kZones) {
    const auto* zone = sd::find_zone(name, "test");
    const auto* ref = date::locate_zone(name);
    for (auto t : instants(ref, rng)) {
      auto want = ref_instant(t, ref);
      if (sd::format_instant(t, zone) != want) {
        FAIL_CHECK(name << " " << t.time_since_epoch().count() << ": " << sd::format_instant(t, zone)
                        << " != " << want);
        break;
      }
      CHECK(sd::format_local_short(t, zone) == ref_short(t, ref));
      auto local = date::local_seconds{(t + zone_reference::offset(ref, t)).time_since_epoch()};
      CHECK(sd::local_date(t, zone) == date::year_month_day{date::floor<date::days>(local)});
      ++checked;
    }
  }
  CHECK(checked > 40000);
  // Alternating zones and going back in time do not reuse the wrong offset.
  const auto* tokyo = sd::find_zone("Asia/Tokyo", "test");
  const auto* ny = sd::find_zone("America/New_York", "test");
  std::uniform_int_distribution<std::int64_t> any(sd::kFirstStoredSecond, sd::kEndStoredSecond - 1);
  for (int i = 0; i < 2000; ++i) {
    sd::Instant t{seconds{any(rng)}};
    const auto* zone = i % 2 ? tokyo : ny;
    CHECK(sd::format_instant(t, zone) == ref_instant(t, date::locate_zone(zone->name())));
  }
}

TEST_CASE("dates are written as date::format writes them") {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> days(-30000, 120000);
  for (int i = 0; i < 5000; ++i) {
    date::year_month_day d{date::sys_days{date::days{days(rng)}}};
    CHECK(sd::format_date(d) == date::format("%Y-%m-%d", d));
  }
  for (auto d : {date::year{2024} / 2 / 29, date::year{2023} / 2 / 29, date::year{2026} / 13 / 1,
                 date::year{0} / 1 / 1, date::year{9999} / 12 / 31, date::year{10000} / 1 / 1,
                 date::year{-5} / 6 / 1}) {
    std::string want;
    try {
      want = date::format("%Y-%m-%d", d);
    } catch (const std::exception&) {
      CHECK_THROWS(sd::format_date(d));  // what date::format refuses, so does format_date
      continue;
    }
    CHECK(sd::format_date(d) == want);
  }
}

TEST_CASE("a name that is not a zone is refused as before") {
  for (const char* name :
       {"", "Mars/Olympus", "Asia", "Asia/", "/Asia/Tokyo", "Asia//Tokyo", "./UTC", "Asia/./Tokyo",
        "Asia/../Asia/Tokyo", "../zoneinfo/UTC", "../../etc/passwd", "asia/tokyo", "posixrules",
        "posix/Asia/Tokyo", "right/UTC", "zone.tab", "zone1970.tab", "tzdata.zi", "Factory",
        "leapseconds", "Asia/Tokyo/", "Asia/Tokyo\n", " UTC", "Etc"}) {
    CHECK_THROWS(date::locate_zone(name));
    try {
      sd::find_zone(name, "calendar.zone");
      FAIL_CHECK("found '" << name << "'");
    } catch (const sd::Error& e) {
      CHECK(e.code() == sd::Exit::config);
      CHECK(std::string(e.what()) == "calendar.zone: unknown time zone '" + std::string(name) +
                                         "'; use an IANA name such as Asia/Tokyo");
    }
  }
}
