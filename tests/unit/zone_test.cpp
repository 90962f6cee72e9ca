// sd::Zone, sd's own reader of one TZif file, against the date library's
// zones (and glibc's, after the date library's last change: see
// zone_reference.hpp): the offset of random instants and of every change
// give or take a second, local readings turned into UTC (the earliest, and
// the end of a gap) around every change, which names are zones, and the
// footer's rules in every form RFC 8536 allows.
#include "supportdesk/error.hpp"
#include "supportdesk/time.hpp"
#include "supportdesk/zone.hpp"
#include "zone_reference.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

namespace {

using std::chrono::seconds;
namespace fs = std::filesystem;

const char* const kZones[] = {"Asia/Tokyo",          "UTC",             "Etc/UTC",           "America/New_York",
                              "Europe/London",       "Australia/Lord_Howe", "Pacific/Chatham", "America/Sao_Paulo",
                              "Africa/Casablanca",   "Asia/Kolkata",    "Pacific/Apia",      "America/St_Johns"};

const sd::Instant kFirst{seconds{sd::kFirstStoredSecond}};
const sd::Instant kEnd{seconds{sd::kEndStoredSecond}};

/// Every change of offset in [kFirst, kEnd): the date library's, then sd's
/// own after the date library's last (checked against glibc there).
std::vector<sd::Instant> changes(const date::time_zone* ref, const sd::Zone& zone) {
  std::vector<sd::Instant> out;
  auto t = kFirst;
  while (true) {
    auto info = ref->get_info(t);
    if (info.end >= kEnd || zone_reference::past_last_change(ref, t)) break;
    out.push_back(info.end);
    t = info.end;
  }
  while (true) {
    auto end = zone.period(t).end;
    if (end >= kEnd) break;
    out.push_back(end);
    t = end;
  }
  return out;
}

/// Checks zone's offset and abbreviation-free reading of `t`.
bool same_offset(const sd::Zone& zone, const date::time_zone* ref, sd::Instant t) {
  auto want = zone_reference::offset(ref, t);
  auto got = zone.offset(t);
  if (got == want) return true;
  FAIL_CHECK(zone.name() << " offset at " << t.time_since_epoch().count() << ": " << got.count()
                         << " != " << want.count());
  return false;
}

bool same_sys(const sd::Zone& zone, const date::time_zone* ref, date::local_seconds lt) {
  auto want = zone_reference::to_sys_earliest(ref, lt);
  auto got = zone.to_sys(lt, sd::Choose::earliest);
  if (got == want) return true;
  FAIL_CHECK(zone.name() << " local " << lt.time_since_epoch().count() << " to UTC: "
                         << got.time_since_epoch().count() << " != " << want.time_since_epoch().count());
  return false;
}

/// The bytes of a TZif file: `version` 0 (version 1, 32-bit times only) or
/// '2'/'3' (both blocks and the footer).
std::string tzif(char version, const std::vector<std::int64_t>& times, const std::vector<std::uint8_t>& idx,
                 const std::vector<std::pair<std::int32_t, bool>>& types, const std::string& chars,
                 const std::vector<std::uint8_t>& abbr, const std::string& footer) {
  auto put = [](std::string& s, std::uint64_t v, int n) {
    for (int k = n - 1; k >= 0; --k) s += static_cast<char>((v >> (8 * k)) & 0xff);
  };
  auto block = [&](std::string& s, int time_size) {
    s += "TZif";
    s += version;
    s += std::string(15, '\0');
    for (std::size_t c : {std::size_t{0}, std::size_t{0}, std::size_t{0}, times.size(), types.size(), chars.size()})
      put(s, c, 4);
    for (auto t : times) put(s, static_cast<std::uint64_t>(t), time_size);
    for (auto i : idx) s += static_cast<char>(i);
    for (std::size_t k = 0; k < types.size(); ++k) {
      put(s, static_cast<std::uint32_t>(types[k].first), 4);
      s += static_cast<char>(types[k].second);
      s += static_cast<char>(abbr[k]);
    }
    s += chars;
  };
  std::string s;
  block(s, 4);
  if (version != '\0') {
    block(s, 8);
    s += "\n" + footer + "\n";
  }
  return s;
}

/// A zone with no changes listed, only the footer's rule.
sd::Zone rule_only(const std::string& footer, char version = '3') {
  return sd::Zone("Test/Rule", tzif(version, {}, {}, {{0, false}}, std::string("LMT\0", 4), {0}, footer));
}

/// Sets an environment variable for a scope.
struct EnvScope {
  std::string name;
  bool had = false;
  std::string saved;
  EnvScope(std::string n, const std::string& value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) had = true, saved = v;
    setenv(name.c_str(), value.c_str(), 1);
  }
  ~EnvScope() {
    if (had) setenv(name.c_str(), saved.c_str(), 1);
    else unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("zones give the offsets the date library gives, and glibc's after its last change") {
  zone_reference::TzScope tz_scope;
  std::mt19937_64 rng(20261201);
  std::uniform_int_distribution<std::int64_t> any(sd::kFirstStoredSecond, sd::kEndStoredSecond - 1);
  for (const char* name : kZones) {
    CAPTURE(name);
    const auto* zone = sd::find_zone(name, "test");
    const auto* ref = date::locate_zone(name);
    REQUIRE(zone->name() == name);
    std::size_t bad = 0;
    for (int i = 0; i < 40000 && bad < 5; ++i)
      if (!same_offset(*zone, ref, sd::Instant{seconds{any(rng)}})) ++bad;
    auto list = changes(ref, *zone);
    for (auto c : list)
      for (int d : {-1, 0, 1})
        if (bad < 5 && !same_offset(*zone, ref, c + seconds{d})) ++bad;
    // The periods hold their offsets: the period of an instant contains it.
    for (int i = 0; i < 1000; ++i) {
      sd::Instant t{seconds{any(rng)}};
      auto p = zone->period(t);
      CHECK((p.begin <= t && t < p.end));
      CHECK(p.offset == zone->offset(t));
    }
    CHECK(list.empty() == (std::string(name).find("UTC") != std::string::npos));
  }
}

TEST_CASE("local readings become UTC as date::zoned_time makes them with choose::earliest") {
  zone_reference::TzScope tz_scope;
  std::mt19937_64 rng(20261202);
  std::uniform_int_distribution<std::int64_t> any(sd::kFirstStoredSecond + 2 * 86400,
                                                  sd::kEndStoredSecond - 2 * 86400);
  std::size_t gaps = 0, overlaps = 0;
  for (const char* name : kZones) {
    CAPTURE(name);
    const auto* zone = sd::find_zone(name, "test");
    const auto* ref = date::locate_zone(name);
    std::size_t bad = 0;
    for (int i = 0; i < 40000 && bad < 5; ++i)
      if (!same_sys(*zone, ref, date::local_seconds{seconds{any(rng)}})) ++bad;
    // Around every change: the edges and the middle of each gap or overlap,
    // in the readings before and after the change.
    for (auto c : changes(ref, *zone)) {
      auto before = zone->offset(c - seconds{1}), after = zone->offset(c);
      auto r = zone->reading(date::local_seconds{(c + std::min(before, after)).time_since_epoch()});
      if (before < after) gaps += r.kind == sd::LocalReading::nonexistent;
      if (before > after) overlaps += r.kind == sd::LocalReading::ambiguous;
      for (auto o : {before, after, (before + after) / 2})
        for (int d : {-3600, -1, 0, 1, 3600})
          if (bad < 5 && !same_sys(*zone, ref, date::local_seconds{(c + o + seconds{d}).time_since_epoch()}))
            ++bad;
    }
  }
  CHECK(gaps > 100);
  CHECK(overlaps > 100);
  // What the gap and the overlap mean, spelled out in New York.
  const auto* ny = sd::find_zone("America/New_York", "test");
  auto local = [](const char* d, int h, int m) {
    return date::local_days{date::year_month_day{sd::parse_date(d, "d")}} + std::chrono::hours{h} +
           std::chrono::minutes{m};
  };
  auto gap = ny->reading(local("2026-03-08", 2, 30));
  CHECK(gap.kind == sd::LocalReading::nonexistent);
  CHECK(sd::format_instant(ny->to_sys(local("2026-03-08", 2, 30)), ny) == "2026-03-08T03:00:00-04:00");
  CHECK(sd::format_instant(ny->to_sys(local("2026-03-08", 2, 30), sd::Choose::latest), ny) ==
        "2026-03-08T03:00:00-04:00");
  CHECK(ny->reading(local("2026-11-01", 1, 30)).kind == sd::LocalReading::ambiguous);
  CHECK(sd::format_instant(ny->to_sys(local("2026-11-01", 1, 30)), ny) == "2026-11-01T01:30:00-04:00");
  CHECK(sd::format_instant(ny->to_sys(local("2026-11-01", 1, 30), sd::Choose::latest), ny) ==
        "2026-11-01T01:30:00-05:00");
  // After 2037, from the footer's rule: summer time in July 2050.
  CHECK(sd::format_instant(ny->to_sys(local("2050-07-01", 12, 0)), ny) == "2050-07-01T12:00:00-04:00");
  CHECK(ny->period(ny->to_sys(local("2050-07-01", 12, 0))).abbrev == "EDT");
}

TEST_CASE("a zone is loaded once: the same name gives the same zone") {
  const auto* a = sd::find_zone("Asia/Tokyo", "test");
  CHECK(a == sd::find_zone("Asia/Tokyo", "tz"));
  CHECK(a == sd::Zone::find("Asia/Tokyo"));
  CHECK(a != sd::find_zone("Asia/Kolkata", "test"));
  CHECK(a->period(sd::Instant{}).abbrev == "JST");
  CHECK(sd::Zone::utc().name() == "Etc/UTC");
  CHECK(sd::Zone::utc().offset(sd::Instant{seconds{1795000000}}) == seconds{0});
  CHECK(sd::Zone::utc().period(sd::Instant{}).abbrev == "UTC");
}

TEST_CASE("exactly the names the date library knows are zones") {
  // Every file and directory of the tree, posix/ and right/ included.
  std::set<std::string> paths;
  auto dir = sd::Zone::directory();
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
    paths.insert(it->path().lexically_relative(dir).string());
  REQUIRE(paths.size() > 500);
  std::size_t zones = 0;
  for (const auto& p : paths) {
    bool known = true;
    try {
      date::locate_zone(p);
    } catch (const std::exception&) {
      known = false;
    }
    CHECK_MESSAGE((sd::Zone::find(p) != nullptr) == known, p);
    zones += known;
  }
  std::vector<std::string> names;
  for (const auto& z : date::get_tzdb().zones) names.push_back(z.name());
  CHECK(sd::Zone::names() == names);
  CHECK(zones == names.size());
}

TEST_CASE("a bad zone name is refused with the error it always had") {
  auto dir = fs::temp_directory_path() / ("sd-zone-test-" + std::to_string(::getpid()));
  fs::create_directories(dir / "Asia");
  fs::copy_file("/usr/share/zoneinfo/Asia/Tokyo", dir / "Asia" / "Tokyo2");
  { std::ofstream(dir / "Asia" / "Text") << "not a zone\n"; }
  { std::ofstream(dir / "Asia" / "Short") << "TZif2"; }
  auto refused = [](const std::string& name) {
    try {
      sd::find_zone(name, "calendar.zone");
      FAIL_CHECK("found '" << name << "'");
    } catch (const sd::Error& e) {
      CHECK(e.code() == sd::Exit::config);
      CHECK(std::string(e.what()) ==
            "calendar.zone: unknown time zone '" + name + "'; use an IANA name such as Asia/Tokyo");
    }
  };
  for (const char* name : {"Mars/Olympus", "../etc/passwd", "/etc/passwd", "../../../../etc/passwd",
                           "/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo/..", "Asia/Tokyo2", "Asia/Text"})
    refused(name);
  {
    EnvScope tzdir("TZDIR", dir.string());
    CHECK(sd::Zone::directory() == dir.string());
    refused("Asia/Text");   // not TZif
    refused("Asia/Short");  // TZif cut short
    refused("Asia/Kolkata2");
    refused("../Asia/Tokyo2");
    const auto* tokyo = sd::find_zone("Asia/Tokyo2", "test");
    CHECK(tokyo->offset(sd::Instant{seconds{1795000000}}) == std::chrono::hours{9});
    CHECK(sd::Zone::names() == std::vector<std::string>{"Asia/Short", "Asia/Text", "Asia/Tokyo2"});
  }
  fs::remove_all(dir);
}

TEST_CASE("the footer's rules in every form, against glibc reading the same rule") {
  zone_reference::TzScope tz_scope;
  const char* const kRules[] = {
      "EST5EDT,M3.2.0,M11.1.0",            // the US rule
      "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",  // southern, half an hour of DST
      "GMT0BST,M3.5.0/1,M10.5.0",          // last Sunday
      "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",  // negative times (version 3)
      "IST-2IDT,M3.4.4/26,M10.5.0",        // past midnight (version 3)
      "XXX3YYY,J60/2,J300/2",              // Julian days without leap days
      "XXX3YYY,59/2,299/2",                // zero-based days with them
      "<+0545>-5:45",                      // no DST, odd offset
      "ABC-3:30:15DEF-4:30:15,M4.1.6/3:15:30,M9.5.5/23:59:59",  // seconds everywhere
  };
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<std::int64_t> any(0, 4102444800);  // 1970..2100
  for (std::string rule : kRules) {
    CAPTURE(rule);
    auto zone = rule_only(rule);
    std::size_t bad = 0;
    for (int i = 0; i < 5000 && bad < 3; ++i) {
      sd::Instant t{seconds{any(rng)}};
      auto want = zone_reference::glibc_offset(rule, t);
      if (zone.offset(t) != want) {
        FAIL_CHECK(t.time_since_epoch().count() << ": " << zone.offset(t).count() << " != " << want.count());
        ++bad;
      }
    }
  }
  // Daylight time all year (version 3; glibc takes the year of the UTC
  // time, so it has standard time for the first five hours of each).
  auto all_year = rule_only("EST5EDT,0/0,J365/25");
  for (int i = 0; i < 2000; ++i) CHECK(all_year.offset(sd::Instant{seconds{any(rng)}}) == -std::chrono::hours{4});
  // No rule: the US one (glibc would take it from posixrules, with history).
  auto bare = rule_only("EST5EDT"), us = rule_only("EST5EDT,M3.2.0,M11.1.0");
  for (int i = 0; i < 2000; ++i) {
    sd::Instant t{seconds{any(rng)}};
    CHECK(bare.offset(t) == us.offset(t));
  }
  // Abbreviations, quoted or not.
  auto lh = rule_only("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  CHECK(lh.period(sd::Instant{seconds{1783000000}}).abbrev == "+1030");  // July 2026
  CHECK(lh.period(sd::Instant{seconds{1798000000}}).abbrev == "+11");    // January 2027
  // Malformed footers and files are refused.
  for (const char* bad : {"EST", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
                          "EST5EDT,J0,J365", "EST5EDT,M3.2.0/168,M11.1.0", "<E>5", "EST25", "EST5EDT,M3.2.0,M11.1.0x"})
    CHECK_THROWS_AS(rule_only(bad), std::runtime_error);
  CHECK_THROWS_AS(sd::Zone("x", "TZif"), std::runtime_error);
  CHECK_THROWS_AS(sd::Zone("x", ""), std::runtime_error);
  CHECK_THROWS_AS(sd::Zone("x", std::string(200, 'a')), std::runtime_error);
}

TEST_CASE("version 1 files, changes listed, and the time before the first") {
  // Standard time at +1, summer time at +2 from 1000000000 to 1010000000.
  std::string chars("LMT\0STD\0DST\0", 12);
  auto v1 = sd::Zone("Test/V1", tzif('\0', {-2000000000, 1000000000, 1010000000}, {1, 2, 1},
                                     {{1000, false}, {3600, false}, {7200, true}}, chars, {0, 4, 8}, ""));
  CHECK(v1.offset(sd::Instant{seconds{-2100000000}}) == seconds{1000});
  CHECK(v1.period(sd::Instant{seconds{-2100000000}}).abbrev == "LMT");
  CHECK(v1.offset(sd::Instant{seconds{0}}) == seconds{3600});
  CHECK(v1.offset(sd::Instant{seconds{1000000000}}) == seconds{7200});
  CHECK(v1.period(sd::Instant{seconds{1000000000}}).abbrev == "DST");
  CHECK(v1.offset(sd::Instant{seconds{1010000000}}) == seconds{3600});
  CHECK(v1.offset(sd::Instant{seconds{4000000000}}) == seconds{3600});  // the last type for ever
  // Version 2: the 64-bit block, then the footer after the last change.
  auto v2 = sd::Zone("Test/V2", tzif('2', {-3000000000, 1000000000}, {1, 2},
                                     {{1000, false}, {3600, false}, {7200, true}}, chars, {0, 4, 8},
                                     "<+03>-3"));
  CHECK(v2.offset(sd::Instant{seconds{-3100000000}}) == seconds{1000});
  CHECK(v2.offset(sd::Instant{seconds{-2900000000}}) == seconds{3600});
  CHECK(v2.offset(sd::Instant{seconds{1000000000}}) == seconds{10800});  // from the footer
  CHECK(v2.period(sd::Instant{seconds{1000000000}}).abbrev == "+03");
  CHECK(v2.period(sd::Instant{seconds{1500000000}}).begin == sd::Instant{seconds{1000000000}});
  // No changes and no footer: one type for ever.
  auto fixed = sd::Zone("Test/Fixed", tzif('2', {}, {}, {{-36000, false}}, std::string("HST\0", 4), {0}, ""));
  CHECK(fixed.offset(sd::Instant{seconds{1795000000}}) == -std::chrono::hours{10});
}
