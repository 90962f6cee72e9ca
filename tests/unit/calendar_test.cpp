// The desk calendar: business days, closures, overrides, and business-time
// arithmetic (DESIGN.md "The business-day clock"), including DST zones.
#include "supportdesk/calendar.hpp"
#include "supportdesk/error.hpp"

#include <doctest/doctest.h>

#include <random>

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

date::year_month_day ymd(int y, unsigned m, unsigned d) {
  return date::year{y} / date::month{m} / date::day{d};
}

sd::Instant at(const sd::Calendar& cal, const char* text) {
  return sd::parse_instant(text, cal.zone(), sd::Instant{}, "test");
}

std::string iso(const sd::Calendar& cal, sd::Instant t) { return sd::format_instant(t, cal.zone()); }

/// add() as the CLI does it: text in, ISO 8601 out.
std::string add(const sd::Calendar& cal, const char* start, const char* duration) {
  return iso(cal, cal.add(at(cal, start), sd::parse_business_duration(duration, "DURATION")));
}

sd::CalendarSettings every_day(const char* zone) {
  sd::CalendarSettings s;
  s.zone = zone;
  s.workdays.fill(true);
  return s;
}

/// Calls `f` and checks that it throws an sd::Error with `code` whose
/// message contains `needle`.
template <class F>
void check_error(F&& f, sd::Exit code, const std::string& needle) {
  try {
    f();
    FAIL("no error; wanted: " << needle);
  } catch (const sd::Error& e) {
    CHECK(e.code() == code);
    CHECK_MESSAGE(std::string(e.what()).find(needle) != std::string::npos, e.what());
  }
}

/// Business seconds in [a, b) counted minute by minute from the wall clock:
/// a minute counts when its local day is a business day and its local time
/// is within business hours. Independent of the calendar's day table.
std::int64_t brute_between(const sd::Calendar& cal, sd::Instant a, sd::Instant b) {
  std::int64_t total = 0;
  const auto& s = cal.settings();
  for (auto t = a; t < b; t += minutes{1}) {
    auto local = cal.zone()->to_local(t);
    auto day = date::floor<date::days>(local);
    auto tod = local - day;
    if (tod >= s.open && tod < s.close && cal.is_business_day(date::year_month_day{day}))
      total += 60;
  }
  return total;
}

}  // namespace

TEST_CASE("acceptance: due times with the default calendar") {
  sd::Calendar cal;
  CHECK(cal.settings().zone == "Asia/Tokyo");
  CHECK(cal.day_length() == hours{9});
  CHECK(add(cal, "2026-11-30T15:00+09:00", "1bd") == "2026-12-01T15:00:00+09:00");
  // 2026-11-23 勤労感謝の日 is a Monday.
  CHECK(add(cal, "2026-11-20T18:00+09:00", "1bd") == "2026-11-24T18:00:00+09:00");
  // Received on a Saturday: counting starts Tuesday 10:00 and ends at 19:00.
  CHECK(add(cal, "2026-11-21T12:00+09:00", "1bd") == "2026-11-24T19:00:00+09:00");
  // Before opening: counting starts at 10:00 the same day.
  CHECK(add(cal, "2026-11-25T08:00+09:00", "1bd") == "2026-11-25T19:00:00+09:00");
  // Golden Week: 5/3-5/6 closed (5/6 is a 振替休日), plus the weekend.
  CHECK(add(cal, "2026-04-30T16:00+09:00", "5bd") == "2026-05-12T16:00:00+09:00");
  CHECK(!cal.is_business_day(ymd(2025, 11, 24)));
}

TEST_CASE("add: zero, day ends and units") {
  sd::Calendar cal;
  for (const char* t : {"2026-11-21T12:00+09:00", "2026-11-30T15:00+09:00",
                        "2026-11-30T19:00+09:00", "2026-11-30T03:17:41+09:00"}) {
    CAPTURE(t);
    CHECK(cal.add(at(cal, t), seconds{0}) == at(cal, t));
    CHECK(cal.add(at(cal, t), sd::BusinessDuration{0, sd::BusinessDuration::Unit::days}) ==
          at(cal, t));
  }
  // Landing exactly on a day's end is that day's closing time.
  CHECK(add(cal, "2026-11-30T10:00+09:00", "1bd") == "2026-11-30T19:00:00+09:00");
  CHECK(add(cal, "2026-11-30T18:00+09:00", "1bh") == "2026-11-30T19:00:00+09:00");
  CHECK(add(cal, "2026-11-30T18:00+09:00", "60bm") == "2026-11-30T19:00:00+09:00");
  CHECK(add(cal, "2026-11-30T18:00+09:00", "61bm") == "2026-12-01T10:01:00+09:00");
  // Starting at closing time counts from the next opening.
  CHECK(add(cal, "2026-11-30T19:00+09:00", "1bm") == "2026-12-01T10:01:00+09:00");
  CHECK(add(cal, "2026-11-30T15:00+09:00", "3bh") == "2026-11-30T18:00:00+09:00");
  CHECK(add(cal, "2026-11-30T15:00+09:00", "90bm") == "2026-11-30T16:30:00+09:00");
  CHECK(add(cal, "2026-11-30T15:00+09:00", "5bh") == "2026-12-01T11:00:00+09:00");
  CHECK(add(cal, "2026-11-30T15:00:30+09:00", "1bm") == "2026-11-30T15:01:30+09:00");
  // 18 business hours = 2 business days.
  CHECK(add(cal, "2026-11-30T15:00+09:00", "18bh") == add(cal, "2026-11-30T15:00+09:00", "2bd"));
  CHECK(cal.to_seconds(sd::parse_business_duration("5bd", "d")) == hours{45});
  CHECK(cal.to_seconds(sd::parse_business_duration("3bh", "d")) == hours{3});
  CHECK(cal.to_seconds(sd::parse_business_duration("90bm", "d")) == minutes{90});
  check_error([&] { cal.add(at(cal, "2026-11-30T15:00+09:00"), seconds{-1}); }, sd::Exit::data,
              "negative");
}

TEST_CASE("business durations are Nbd, Nbh or Nbm") {
  auto d = sd::parse_business_duration("5bd", "DURATION");
  CHECK(d.amount == 5);
  CHECK(d.unit == sd::BusinessDuration::Unit::days);
  CHECK(d.to_string() == "5bd");
  CHECK(sd::parse_business_duration("3bh", "x").unit == sd::BusinessDuration::Unit::hours);
  CHECK(sd::parse_business_duration("90bm", "x").unit == sd::BusinessDuration::Unit::minutes);
  CHECK(sd::parse_business_duration("90bm", "x").to_string() == "90bm");
  CHECK(sd::parse_business_duration("0bd", "x").amount == 0);
  CHECK(sd::parse_business_duration("999999999bm", "x").amount == 999999999);
  for (const char* bad : {"5xd", "", "bd", "5", "5d", "-1bd", "+1bd", "1.5bd", " 5bd", "5bd ",
                          "5BD", "5bdd", "1234567890bd", "99999999999999999999999bd"}) {
    CAPTURE(bad);
    check_error([&] { sd::parse_business_duration(bad, "DURATION"); }, sd::Exit::data,
                std::string("DURATION: '") + bad + "'");
  }
}

TEST_CASE("between counts business time in [a, b)") {
  sd::Calendar cal;
  auto b = [&](const char* x, const char* y) { return cal.between(at(cal, x), at(cal, y)); };
  CHECK(b("2026-11-30T15:00+09:00", "2026-12-01T15:00+09:00") == hours{9});
  CHECK(b("2026-11-20T18:00+09:00", "2026-11-24T18:00+09:00") == hours{9});
  CHECK(b("2026-11-21T00:00+09:00", "2026-11-24T00:00+09:00") == seconds{0});
  CHECK(b("2026-11-30T09:00+09:00", "2026-11-30T20:00+09:00") == hours{9});
  CHECK(b("2026-11-30T12:00+09:00", "2026-11-30T12:00+09:00") == seconds{0});
  CHECK(b("2026-12-01T12:00+09:00", "2026-11-30T12:00+09:00") == seconds{0});  // reversed
  CHECK(b("2026-11-30T18:30+09:00", "2026-12-01T11:00+09:00") == minutes{90});
  // A whole week with a holiday: four days.
  CHECK(b("2026-11-22T00:00+09:00", "2026-11-29T00:00+09:00") == hours{36});
  // A year: 2026 has 244 business days in Tokyo.
  CHECK(b("2026-01-01T00:00+09:00", "2027-01-01T00:00+09:00") == 244 * hours{9});
}

TEST_CASE("add is the earliest instant at which between reaches the amount") {
  for (const char* zone : {"Asia/Tokyo", "America/New_York", "Europe/London"}) {
    CAPTURE(zone);
    sd::CalendarSettings s;
    s.zone = zone;
    s.closures.push_back({true, ymd(2000, 12, 29), ymd(2000, 1, 3), "年末年始"});
    sd::Calendar cal(s);
    std::mt19937_64 rng(20261130);
    auto lo = at(cal, "2000-01-01T00:00Z").time_since_epoch().count();
    auto hi = at(cal, "2040-01-01T00:00Z").time_since_epoch().count();
    std::uniform_int_distribution<std::int64_t> when(lo, hi), amount(0, 30 * 9 * 3600);
    for (int i = 0; i < 20000; ++i) {
      sd::Instant t{seconds{when(rng)}};
      seconds d{amount(rng)};
      auto due = cal.add(t, d);
      CAPTURE(iso(cal, t));
      CAPTURE(d.count());
      REQUIRE(due >= t);
      REQUIRE(cal.between(t, due) == d);
      if (d > seconds{0}) REQUIRE(cal.between(t, due - seconds{1}) < d);
    }
  }
}

TEST_CASE("between agrees with a minute-by-minute count of the wall clock") {
  sd::CalendarSettings tokyo;
  tokyo.closures.push_back({false, ymd(2026, 8, 13), ymd(2026, 8, 14), "夏季休業"});
  tokyo.working_dates.push_back(ymd(2026, 8, 15));
  sd::CalendarSettings ny = every_day("America/New_York");
  sd::CalendarSettings london;
  london.zone = "Europe/London";
  london.open = minutes{8 * 60 + 30};
  london.close = minutes{17 * 60 + 15};
  for (const auto& s : {tokyo, ny, london}) {
    sd::Calendar cal(s);
    CAPTURE(s.zone);
    std::mt19937_64 rng(7);
    // Intervals around the DST changes and the closures of 2026.
    std::vector<sd::Instant> anchors{at(cal, "2026-03-06T00:00Z"), at(cal, "2026-03-27T00:00Z"),
                                     at(cal, "2026-08-11T00:00Z"), at(cal, "2026-10-23T00:00Z"),
                                     at(cal, "2026-10-30T00:00Z"), at(cal, "2026-11-20T00:00Z")};
    std::uniform_int_distribution<int> offset(0, 4 * 24 * 60), span(0, 5 * 24 * 60);
    for (auto anchor : anchors) {
      for (int i = 0; i < 6; ++i) {
        auto a = anchor + minutes{offset(rng)};
        auto b = a + minutes{span(rng)};
        CAPTURE(iso(cal, a));
        CAPTURE(iso(cal, b));
        CHECK(cal.between(a, b).count() == brute_between(cal, a, b));
      }
    }
  }
}

TEST_CASE("DST: business hours are wall-clock hours in New York") {
  sd::Calendar cal(every_day("America/New_York"));
  // 2026-03-08: clocks go forward at 02:00; 10:00-19:00 is still 9 hours.
  CHECK(cal.between(at(cal, "2026-03-08T00:00"), at(cal, "2026-03-09T00:00")) == hours{9});
  CHECK(add(cal, "2026-03-07T15:00-05:00", "1bd") == "2026-03-08T15:00:00-04:00");
  CHECK(add(cal, "2026-03-08T09:00", "1bh") == "2026-03-08T11:00:00-04:00");
  // 2026-11-01: clocks go back at 02:00.
  CHECK(cal.between(at(cal, "2026-11-01T00:00"), at(cal, "2026-11-02T00:00")) == hours{9});
  CHECK(add(cal, "2026-10-31T15:00-04:00", "1bd") == "2026-11-01T15:00:00-05:00");

  sd::CalendarSettings weekdays;
  weekdays.zone = "America/New_York";
  weekdays.holidays = "none";
  sd::Calendar desk(weekdays);
  CHECK(add(desk, "2026-03-06T15:00-05:00", "1bd") == "2026-03-09T15:00:00-04:00");
  CHECK(add(desk, "2026-10-30T15:00-04:00", "1bd") == "2026-11-02T15:00:00-05:00");
  CHECK(desk.between(at(desk, "2026-03-06T15:00-05:00"), at(desk, "2026-03-09T15:00-04:00")) ==
        hours{9});
}

TEST_CASE("DST inside business hours counts the time that really elapsed") {
  auto s = every_day("America/New_York");
  s.open = hours{1};
  s.close = hours{10};
  sd::Calendar cal(s);
  CHECK(cal.day_length() == hours{9});
  // Spring forward 02:00 -> 03:00: 8 real hours between 01:00 and 10:00.
  CHECK(cal.between(at(cal, "2026-03-08T00:00"), at(cal, "2026-03-09T00:00")) == hours{8});
  CHECK(add(cal, "2026-03-08T01:30-05:00", "1bh") == "2026-03-08T03:30:00-04:00");
  CHECK(add(cal, "2026-03-08T00:00", "8bh") == "2026-03-08T10:00:00-04:00");
  CHECK(add(cal, "2026-03-08T00:00", "9bh") == "2026-03-09T02:00:00-04:00");
  // Fall back 02:00 -> 01:00: the day opens at the first 01:00 and has 10 hours.
  CHECK(cal.between(at(cal, "2026-11-01T00:00"), at(cal, "2026-11-02T00:00")) == hours{10});
  CHECK(add(cal, "2026-11-01T00:00", "1bh") == "2026-11-01T01:00:00-05:00");
  CHECK(add(cal, "2026-11-01T00:00", "10bh") == "2026-11-01T10:00:00-05:00");
}

TEST_CASE("day status: weekends, holidays, closures and working dates") {
  sd::CalendarSettings s;
  s.closures.push_back({false, ymd(2026, 8, 13), ymd(2026, 8, 14), "夏季休業"});
  s.closures.push_back({true, ymd(2000, 12, 29), ymd(2000, 1, 3), "年末年始"});
  s.working_dates = {ymd(2026, 11, 28), ymd(2025, 11, 24)};
  sd::Calendar cal(s);

  auto st = cal.day_status(ymd(2026, 11, 21));
  CHECK(!st.business);
  CHECK(st.reason == "weekend");
  CHECK(!st.holiday);

  st = cal.day_status(ymd(2026, 11, 23));
  CHECK(!st.business);
  CHECK(st.reason == "holiday: 勤労感謝の日");
  REQUIRE(st.holiday);
  CHECK(st.holiday->name_en == "Labour Thanksgiving Day");

  st = cal.day_status(ymd(2026, 8, 13));
  CHECK(st.reason == "closure: 夏季休業");
  CHECK(st.holiday->kind == sd::DayKind::closure);
  CHECK(cal.is_business_day(ymd(2026, 8, 12)));
  CHECK(!cal.is_business_day(ymd(2026, 8, 14)));
  CHECK(cal.is_business_day(ymd(2026, 8, 17)));

  // The recurring closure wraps the new year, every year.
  for (int y : {1955, 2026, 2098}) {
    CAPTURE(y);
    CHECK(cal.is_business_day(ymd(y, 12, 28)) == (date::weekday{ymd(y, 12, 28)} != date::Saturday &&
                                                   date::weekday{ymd(y, 12, 28)} != date::Sunday));
    for (auto d : {ymd(y, 12, 29), ymd(y, 12, 31), ymd(y + 1, 1, 2), ymd(y + 1, 1, 3)})
      CHECK(!cal.is_business_day(d));
  }
  // A holiday that is also closed reads as the holiday.
  CHECK(cal.day_status(ymd(2027, 1, 1)).reason == "holiday: 元日");
  CHECK(cal.day_status(ymd(2026, 12, 30)).reason == "closure: 年末年始");
  CHECK(cal.is_business_day(ymd(2027, 1, 4)));
  CHECK(add(cal, "2026-12-28T18:00+09:00", "1bd") == "2027-01-04T18:00:00+09:00");

  // Working dates open a Saturday and a 振替休日.
  st = cal.day_status(ymd(2026, 11, 28));
  CHECK(st.business);
  CHECK(st.reason.empty());
  CHECK(cal.is_business_day(ymd(2025, 11, 24)));
  CHECK(add(cal, "2026-11-27T18:00+09:00", "1bd") == "2026-11-28T18:00:00+09:00");
}

TEST_CASE("a recurring closure on 02-29 closes leap days only") {
  sd::CalendarSettings s;
  s.workdays.fill(true);
  s.holidays = "none";
  s.closures.push_back({true, ymd(2000, 2, 29), ymd(2000, 2, 29), "閏日"});
  sd::Calendar cal(s);
  CHECK(!cal.is_business_day(ymd(2028, 2, 29)));
  CHECK(cal.is_business_day(ymd(2027, 2, 28)));
  CHECK(cal.is_business_day(ymd(2027, 3, 1)));
  CHECK(cal.holidays(ymd(2000, 1, 1), ymd(2099, 12, 31)).size() == 25);
}

TEST_CASE("holidays lists national holidays and closures by date") {
  sd::CalendarSettings s;
  s.closures.push_back({true, ymd(2000, 12, 29), ymd(2000, 1, 3), "年末年始"});
  s.working_dates = {ymd(2026, 11, 23)};
  sd::Calendar cal(s);
  auto list = cal.holidays(ymd(2026, 11, 1), ymd(2027, 1, 4));
  std::vector<std::string> got;
  for (const auto& h : list)
    got.push_back(date::format("%m-%d ", h.date) + h.name + " " + std::string(sd::to_string(h.kind)));
  // 11-23 is a working date, so not a closed day; 01-01 is both.
  CHECK(got == std::vector<std::string>{
                   "11-03 文化の日 holiday", "12-29 年末年始 closure", "12-30 年末年始 closure",
                   "12-31 年末年始 closure", "01-01 元日 holiday", "01-01 年末年始 closure",
                   "01-02 年末年始 closure", "01-03 年末年始 closure"});
  CHECK(cal.holidays(ymd(2026, 9, 22), ymd(2026, 9, 22)).at(0).kind == sd::DayKind::citizens);
  CHECK(cal.holidays(ymd(2026, 9, 23), ymd(2026, 9, 22)).empty());
  check_error([&] { cal.holidays(ymd(1954, 1, 1), ymd(2026, 1, 1)); }, sd::Exit::data,
              "1954-01-01");
}

TEST_CASE("overrides add and cancel national holidays") {
  sd::CalendarSettings s;
  s.overrides = sd::parse_holiday_overrides(
      "2030-05-01 add 即位の日 | Enthronement Day\n"
      "2030-03-20 cancel\n"
      "2030-11-04 add 文化の日の振替 | Culture Day (substitute) | substitute\n"
      "2030-06-05 cancel\n",  // not a holiday: no effect
      "test");
  sd::Calendar cal(s);
  auto st = cal.day_status(ymd(2030, 5, 1));
  CHECK(!st.business);
  CHECK(st.reason == "holiday: 即位の日");
  CHECK(st.holiday->name_en == "Enthronement Day");
  CHECK(st.holiday->kind == sd::DayKind::special);
  CHECK(cal.is_business_day(ymd(2030, 3, 20)));  // 春分の日 cancelled
  CHECK(sd::Calendar{}.day_status(ymd(2030, 3, 20)).reason == "holiday: 春分の日");
  CHECK(cal.day_status(ymd(2030, 11, 4)).holiday->kind == sd::DayKind::substitute);
  CHECK(cal.is_business_day(ymd(2030, 6, 5)));

  // With holidays = none there are no national holidays, and no overrides.
  s.holidays = "none";
  sd::Calendar plain(s);
  CHECK(plain.is_business_day(ymd(2026, 11, 23)));
  CHECK(plain.is_business_day(ymd(2030, 5, 1)));
  CHECK(plain.holidays(ymd(2026, 1, 1), ymd(2026, 12, 31)).empty());
  CHECK(add(plain, "2026-11-20T18:00+09:00", "1bd") == "2026-11-23T18:00:00+09:00");
}

TEST_CASE("next and previous business days") {
  sd::Calendar cal;
  CHECK(cal.next_business_day(ymd(2026, 11, 20)) == ymd(2026, 11, 24));
  CHECK(cal.next_business_day(ymd(2026, 11, 24)) == ymd(2026, 11, 25));
  CHECK(cal.previous_business_day(ymd(2026, 11, 24)) == ymd(2026, 11, 20));
  CHECK(cal.next_business_day(ymd(2026, 5, 1)) == ymd(2026, 5, 7));
  check_error([&] { cal.next_business_day(ymd(2099, 12, 31)); }, sd::Exit::data, "no business day");
  check_error([&] { cal.previous_business_day(ymd(1955, 1, 1)); }, sd::Exit::data,
              "no business day");
}

TEST_CASE("walk and explain say what counted and why days were skipped") {
  sd::Calendar cal;
  auto e = cal.explain(at(cal, "2026-11-20T18:00+09:00"), sd::parse_business_duration("1bd", "d"));
  CHECK(e.business == hours{9});
  CHECK(iso(cal, e.due) == "2026-11-24T18:00:00+09:00");
  REQUIRE(e.days.size() == 5);
  CHECK(e.days[0].date == ymd(2026, 11, 20));
  CHECK(e.days[0].counted == hours{1});
  CHECK(iso(cal, e.days[0].from) == "2026-11-20T18:00:00+09:00");
  CHECK(iso(cal, e.days[0].to) == "2026-11-20T19:00:00+09:00");
  CHECK(e.days[0].skipped.empty());
  CHECK(e.days[1].skipped == "weekend");
  CHECK(e.days[2].skipped == "weekend");
  CHECK(e.days[3].skipped == "holiday: 勤労感謝の日");
  CHECK(e.days[3].counted == seconds{0});
  CHECK(e.days[4].counted == hours{8});
  CHECK(iso(cal, e.days[4].from) == "2026-11-24T10:00:00+09:00");
  seconds sum{0};
  for (const auto& d : e.days) sum += d.counted;
  CHECK(sum == e.business);

  auto w = cal.walk(at(cal, "2026-11-30T20:00+09:00"), at(cal, "2026-12-02T09:00+09:00"));
  REQUIRE(w.size() == 3);
  CHECK(w[0].skipped == "after business hours");
  CHECK(w[1].counted == hours{9});
  CHECK(w[2].skipped == "before business hours");
  // A walk that ends at midnight does not include the next day.
  CHECK(cal.walk(at(cal, "2026-11-30T12:00+09:00"), at(cal, "2026-12-01T00:00+09:00")).size() == 1);
  auto zero = cal.walk(at(cal, "2026-11-30T12:00+09:00"), at(cal, "2026-11-30T12:00+09:00"));
  REQUIRE(zero.size() == 1);
  CHECK(zero[0].skipped == "no time elapsed");
}

TEST_CASE("the calendar covers 1955-2099 and refuses the rest") {
  sd::Calendar cal;
  CHECK_NOTHROW(cal.day_status(ymd(1955, 1, 1)));
  CHECK_NOTHROW(cal.day_status(ymd(2099, 12, 31)));
  check_error([&] { cal.day_status(ymd(1954, 12, 31)); }, sd::Exit::data, "1954-12-31 is outside");
  check_error([&] { cal.is_business_day(ymd(2100, 1, 1)); }, sd::Exit::data, "outside");
  check_error([&] { cal.add(at(cal, "2100-01-02T10:00+09:00"), seconds{60}); }, sd::Exit::data,
              "outside");
  check_error([&] { cal.between(at(cal, "1954-12-31T10:00+09:00"), at(cal, "2000-01-01")); },
              sd::Exit::data, "outside");
  check_error([&] { cal.add(at(cal, "2099-12-30T10:00+09:00"), hours{100}); }, sd::Exit::data,
              "after 2099-12-31");
  CHECK(add(cal, "2099-12-30T10:00+09:00", "2bd") == "2099-12-31T19:00:00+09:00");
  CHECK(add(cal, "1955-01-01T00:00+09:00", "1bh") == "1955-01-03T11:00:00+09:00");
}

TEST_CASE("settings are validated") {
  auto with = [](auto change) {
    sd::CalendarSettings s;
    change(s);
    return s;
  };
  check_error([&] { sd::Calendar c(with([](auto& s) { s.zone = "Mars/Olympus"; })); },
              sd::Exit::config, "Mars/Olympus");
  check_error([&] { sd::Calendar c(with([](auto& s) { s.close = s.open; })); }, sd::Exit::config,
              "calendar.hours");
  check_error([&] { sd::Calendar c(with([](auto& s) { s.close = hours{25}; })); },
              sd::Exit::config, "calendar.hours");
  check_error([&] { sd::Calendar c(with([](auto& s) { s.workdays.fill(false); })); },
              sd::Exit::config, "calendar.workdays");
  check_error([&] { sd::Calendar c(with([](auto& s) { s.holidays = "us"; })); },
              sd::Exit::config, "calendar.holidays");
  check_error(
      [&] {
        sd::Calendar c(with([](auto& s) {
          s.closures.push_back({false, ymd(2026, 8, 14), ymd(2026, 8, 13), "x"});
        }));
      },
      sd::Exit::config, "calendar.closed");
  check_error([&] { sd::Calendar c(with([](auto& s) { s.working_dates = {ymd(2100, 1, 1)}; })); },
              sd::Exit::config, "calendar.open");

  // A day open around the clock, and a move.
  auto all = with([](auto& s) {
    s.open = hours{0};
    s.close = hours{24};
    s.workdays.fill(true);
    s.holidays = "none";
  });
  sd::Calendar c(all);
  CHECK(c.day_length() == hours{24});
  sd::Calendar moved = std::move(c);
  CHECK(add(moved, "2026-11-21T12:00+09:00", "1bd") == "2026-11-22T12:00:00+09:00");
  CHECK(add(moved, "2026-11-21T00:00+09:00", "1bd") == "2026-11-22T00:00:00+09:00");
}
