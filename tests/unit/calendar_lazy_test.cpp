// The calendar tables each year the first time it is used. These tests hold
// it to an eager reference: one table of every day of 1955-2099 built up
// front from the settings, the public holiday rules and the zone's own
// to_sys() (no cache), as the calendar was built before. Random instants,
// spans across year boundaries and DST changes, in Asia/Tokyo and DST zones,
// with overrides, closures and working dates; fresh calendars so that years
// are tabled in many orders.
#include "supportdesk/calendar.hpp"
#include "supportdesk/error.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

date::year_month_day ymd(int y, unsigned m, unsigned d) {
  return date::year{y} / date::month{m} / date::day{d};
}

constexpr date::sys_days kFirst{date::year{sd::kFirstHolidayYear} / 1 / 1};
constexpr date::sys_days kEnd{date::year{sd::kLastHolidayYear + 1} / 1 / 1};

/// Every day of the calendar's range in one table, built eagerly.
struct EagerCalendar {
  std::vector<std::int64_t> open, cum;  // days + 1 entries each
  std::vector<bool> business;
  std::vector<std::vector<std::string>> named;  // names of the closed days, in order

  explicit EagerCalendar(const sd::CalendarSettings& s) {
    const auto* zone = sd::find_zone(s.zone, "test");
    auto days = static_cast<std::size_t>((kEnd - kFirst).count());
    named.resize(days);
    auto idx = [](date::sys_days d) { return static_cast<std::size_t>((d - kFirst).count()); };
    auto in_range = [&](date::sys_days d) { return d >= kFirst && d < kEnd; };
    if (s.holidays == "jp") {
      std::map<date::sys_days, std::string> national;
      for (int y = sd::kFirstHolidayYear; y <= sd::kLastHolidayYear; ++y)
        for (const auto& h : sd::japanese_holidays(y)) national[date::sys_days{h.date}] = h.name;
      for (const auto& o : s.overrides) {
        if (o.cancel) national.erase(date::sys_days{o.date});
        else national[date::sys_days{o.date}] = o.name;
      }
      for (const auto& [d, name] : national) named[idx(d)].push_back(name);
    }
    for (const auto& c : s.closures)
      for (auto d = kFirst; d < kEnd; d += date::days{1}) {
        date::year_month_day x{d};
        bool in = false;
        if (c.recurring) {
          auto md = [](date::month m, date::day dd) {
            return static_cast<unsigned>(m) * 100 + static_cast<unsigned>(dd);
          };
          auto f = md(c.from.month(), c.from.day()), t = md(c.to.month(), c.to.day());
          auto m = md(x.month(), x.day());
          in = f <= t ? (m >= f && m <= t) : (m >= f || m <= t);
        } else {
          in = d >= date::sys_days{c.from} && d <= date::sys_days{c.to};
        }
        if (in) named[idx(d)].push_back(c.name);
      }
    std::set<date::sys_days> working;
    for (auto d : s.working_dates) working.insert(date::sys_days{d});
    for (auto d : working)
      if (in_range(d)) named[idx(d)].clear();  // open: its names are not closed days

    open.resize(days + 1);
    for (std::size_t i = 0; i <= days; ++i) {
      auto midnight = date::local_seconds{(kFirst + date::days{i}).time_since_epoch()};
      open[i] = zone->to_sys(midnight + s.open, sd::Choose::earliest).time_since_epoch().count();
    }
    cum.assign(days + 1, 0);
    business.assign(days, false);
    for (std::size_t i = 0; i < days; ++i) {
      auto d = kFirst + date::days{i};
      business[i] = working.count(d) ||
                    (s.workdays[date::weekday{d}.c_encoding()] && named[i].empty());
      std::int64_t len = 0;
      if (business[i]) {
        auto midnight = date::local_seconds{d.time_since_epoch()};
        auto close = zone->to_sys(midnight + s.close, sd::Choose::latest).time_since_epoch().count();
        len = std::min(close, open[i + 1]) - open[i];
      }
      cum[i + 1] = cum[i] + len;
    }
  }

  std::int64_t position(std::int64_t t) const {
    auto it = std::upper_bound(open.begin(), open.end() - 1, t);
    if (it == open.begin()) return 0;
    auto i = static_cast<std::size_t>(it - open.begin() - 1);
    return cum[i] + std::min(t - open[i], cum[i + 1] - cum[i]);
  }
  /// The earliest instant with `b` business seconds since `t`, or nullopt
  /// past the end.
  std::optional<std::int64_t> add(std::int64_t t, std::int64_t b) const {
    if (b == 0) return t;
    auto target = position(t) + b;
    if (target > cum.back()) return std::nullopt;
    auto j = static_cast<std::size_t>(std::lower_bound(cum.begin(), cum.end(), target) - cum.begin()) - 1;
    return open[j] + (target - cum[j]);
  }
  std::int64_t between(std::int64_t a, std::int64_t b) const {
    return b <= a ? 0 : position(b) - position(a);
  }
};

sd::CalendarSettings tokyo() { return sd::CalendarSettings{}; }

/// A DST zone with every kind of setting: overrides, a closure that wraps
/// the new year, a fixed one across a year boundary, a working Saturday.
sd::CalendarSettings new_york() {
  sd::CalendarSettings s;
  s.zone = "America/New_York";
  s.open = hours{8};
  s.close = hours{17} + minutes{30};
  s.overrides.push_back({ymd(2027, 1, 11), true, "", "", sd::DayKind::special});  // 成人の日 cancelled
  s.overrides.push_back({ymd(2031, 6, 13), false, "記念日", "Anniversary", sd::DayKind::special});
  s.closures.push_back({true, ymd(2000, 12, 29), ymd(2000, 1, 3), "年末年始"});
  s.closures.push_back({false, ymd(2030, 12, 24), ymd(2031, 1, 7), "移転"});
  s.closures.push_back({true, ymd(2000, 2, 29), ymd(2000, 2, 29), "閏日"});
  s.working_dates = {ymd(2026, 12, 30), ymd(2027, 1, 2), ymd(2031, 1, 4)};
  return s;
}

/// Around the clock in a zone whose changes happen at 01:00 UTC, no
/// national holidays: days that touch each other at midnight.
sd::CalendarSettings london_all_day() {
  sd::CalendarSettings s;
  s.zone = "Europe/London";
  s.open = hours{0};
  s.close = hours{24};
  s.holidays = "none";
  s.workdays = {false, true, true, true, true, true, true};
  return s;
}

/// Instants that matter most: near local new year, near the zone's changes,
/// and anywhere at all.
std::vector<std::int64_t> sample_instants(const sd::Calendar& cal, std::mt19937_64& rng, int n) {
  auto [lo, hi] = cal.range();
  std::uniform_int_distribution<std::int64_t> any(lo.time_since_epoch().count(),
                                                  hi.time_since_epoch().count());
  std::uniform_int_distribution<int> year(sd::kFirstHolidayYear + 1, sd::kLastHolidayYear);
  std::uniform_int_distribution<std::int64_t> near(-4 * 86400, 4 * 86400);
  std::vector<std::int64_t> out;
  for (int i = 0; i < n; ++i) {
    switch (i % 3) {
      case 0: out.push_back(any(rng)); break;
      case 1: {
        auto jan1 = date::local_seconds{date::local_days{date::year{year(rng)} / 1 / 1}};
        auto t = cal.zone()->to_sys(jan1, sd::Choose::earliest).time_since_epoch().count() + near(rng);
        out.push_back(std::clamp(t, lo.time_since_epoch().count(), hi.time_since_epoch().count()));
        break;
      }
      default: {
        // Next to a change of the zone's offset, if it has any.
        auto info = cal.zone()->period(sd::Instant{seconds{any(rng)}});
        auto t = info.end < hi ? info.end.time_since_epoch().count() + near(rng) / 8 : any(rng);
        out.push_back(std::clamp(t, lo.time_since_epoch().count(), hi.time_since_epoch().count()));
      }
    }
  }
  return out;
}

void compare(const sd::CalendarSettings& settings, std::uint64_t seed) {
  EagerCalendar ref(settings);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> small(0, 20 * 9 * 3600);
  std::uniform_int_distribution<std::int64_t> large(0, 3LL * 365 * 24 * 3600);
  std::uniform_int_distribution<std::int64_t> span(0, 800LL * 86400);
  int adds = 0, betweens = 0;
  for (int round = 0; round < 40; ++round) {
    sd::Calendar cal(settings);  // fresh: its years get tabled in this round's order
    for (auto t : sample_instants(cal, rng, 150)) {
      auto b = (adds % 4 == 0 ? large : small)(rng);
      auto want = ref.add(t, b);
      if (want) {
        auto got = cal.add(sd::Instant{seconds{t}}, seconds{b}).time_since_epoch().count();
        CHECK_MESSAGE(got == *want, settings.zone << " add(" << t << ", " << b << ")");
      } else {
        CHECK_THROWS_AS(cal.add(sd::Instant{seconds{t}}, seconds{b}), sd::Error);
      }
      ++adds;
      auto u = std::min(t + span(rng), cal.range().second.time_since_epoch().count());
      CHECK_MESSAGE(cal.between(sd::Instant{seconds{t}}, sd::Instant{seconds{u}}).count() ==
                        ref.between(t, u),
                    settings.zone << " between(" << t << ", " << u << ")");
      CHECK(cal.between(sd::Instant{seconds{u}}, sd::Instant{seconds{t}}).count() == ref.between(u, t));
      ++betweens;
    }
  }
  CHECK(adds == 6000);
  CHECK(betweens == 6000);

  // The whole range at once, and days one by one.
  sd::Calendar whole(settings);
  auto [lo, hi] = whole.range();
  CHECK(whole.between(lo, hi).count() == ref.between(lo.time_since_epoch().count(), hi.time_since_epoch().count()));
  for (auto d = kFirst; d < kEnd; d += date::days{1}) {
    auto i = static_cast<std::size_t>((d - kFirst).count());
    if (whole.is_business_day(date::year_month_day{d}) != ref.business[i]) {
      FAIL_CHECK(settings.zone << " business day " << sd::format_date(date::year_month_day{d}));
      break;
    }
  }
}

}  // namespace

TEST_CASE("the lazy calendar agrees with an eager table: Asia/Tokyo") { compare(tokyo(), 1); }

TEST_CASE("the lazy calendar agrees with an eager table: America/New_York, closures and overrides") {
  compare(new_york(), 2);
}

TEST_CASE("the lazy calendar agrees with an eager table: Europe/London around the clock") {
  compare(london_all_day(), 3);
}

TEST_CASE("the lazy calendar's days, holidays and walks across year boundaries") {
  for (const auto& settings : {tokyo(), new_york()}) {
    EagerCalendar ref(settings);
    std::mt19937_64 rng(4);
    std::uniform_int_distribution<int> year(sd::kFirstHolidayYear + 1, sd::kLastHolidayYear - 1);
    std::uniform_int_distribution<int> offset(-12, 12);
    for (int n = 0; n < 60; ++n) {
      sd::Calendar cal(settings);
      auto jan1 = date::sys_days{date::year{year(rng)} / 1 / 1};
      auto from = jan1 + date::days{offset(rng)};
      auto to = from + date::days{std::abs(offset(rng)) * 3};
      // Named closed days across the boundary, in the reference's order.
      std::vector<std::string> want, got;
      for (auto d = from; d <= to; d += date::days{1})
        for (const auto& name : ref.named[static_cast<std::size_t>((d - kFirst).count())])
          want.push_back(sd::format_date(date::year_month_day{d}) + " " + name);
      for (const auto& h : cal.holidays(date::year_month_day{from}, date::year_month_day{to}))
        got.push_back(sd::format_date(h.date) + " " + h.name);
      CHECK(got == want);
      // Next and previous business days from each day of the stretch.
      for (auto d = from; d <= to; d += date::days{1}) {
        auto i = static_cast<std::size_t>((d - kFirst).count());
        auto next = i + 1, prev = i;
        while (!ref.business[next]) ++next;
        while (!ref.business[--prev]) {
        }
        CHECK(date::sys_days{cal.next_business_day(date::year_month_day{d})} == kFirst + date::days{next});
        CHECK(date::sys_days{cal.previous_business_day(date::year_month_day{d})} == kFirst + date::days{prev});
        CHECK(cal.day_status(date::year_month_day{d}).business == ref.business[i]);
      }
      // A walk over the stretch counts what between() counts.
      auto a = cal.zone()->to_sys(date::local_seconds{from.time_since_epoch()}, sd::Choose::earliest);
      auto b = cal.zone()->to_sys(date::local_seconds{to.time_since_epoch()}, sd::Choose::earliest);
      seconds counted{0};
      for (const auto& w : cal.walk(a, b)) counted += w.counted;
      CHECK(counted.count() == ref.between(a.time_since_epoch().count(), b.time_since_epoch().count()));
    }
  }
}

TEST_CASE("a lazy calendar refuses bad settings at once, whichever years are used") {
  auto s = tokyo();
  s.overrides.push_back({ymd(2100, 1, 1), false, "x", "x", sd::DayKind::special});
  CHECK_THROWS_AS(sd::Calendar{s}, sd::Error);
  s = tokyo();
  s.closures.push_back({true, ymd(2000, 2, 30), ymd(2000, 3, 1), "x"});
  CHECK_THROWS_AS(sd::Calendar{s}, sd::Error);
  // With holidays off, overrides are not read at all (as before).
  s = tokyo();
  s.holidays = "none";
  s.overrides.push_back({ymd(2100, 1, 1), false, "x", "x", sd::DayKind::special});
  CHECK_NOTHROW(sd::Calendar{s});
}
