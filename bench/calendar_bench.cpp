// calendar_bench: how fast the business-day clock is (bench/README.md,
// "Calendar"). One million Calendar::add(instant, 5bd) on random instants
// from 2000 to 2040 (fixed seed), single thread, for the default desk
// calendar (Asia/Tokyo) and for a DST zone; before them the construction of
// the calendar, its first add (which tables one year) and a between() over
// the whole range (which tables all of them). Target: under 0.5 s for the
// million.
#include "supportdesk/calendar.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Runs `n` adds of 5bd on random instants and prints the time they took.
void bench_add(const sd::Calendar& cal, const char* label, int n) {
  std::mt19937_64 rng(20261130);
  auto lo = date::sys_seconds{date::sys_days{date::year{2000} / 1 / 1}}.time_since_epoch().count();
  auto hi = date::sys_seconds{date::sys_days{date::year{2040} / 1 / 1}}.time_since_epoch().count();
  std::uniform_int_distribution<std::int64_t> when(lo, hi);
  std::vector<sd::Instant> starts;
  starts.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) starts.emplace_back(std::chrono::seconds{when(rng)});

  // Table the years first: the loop measures add() itself, and main()
  // measures what tabling a year costs.
  (void)cal.between(date::sys_seconds{std::chrono::seconds{lo}},
                    date::sys_seconds{std::chrono::seconds{hi}} + date::days{14});
  const sd::BusinessDuration five{5, sd::BusinessDuration::Unit::days};
  std::int64_t checksum = 0;  // keeps the calls from being optimised away
  auto start = Clock::now();
  for (const auto& t : starts) checksum += cal.add(t, five).time_since_epoch().count();
  double ms = ms_since(start);
  std::printf("add 5bd x %d (%s): %.1f ms total, %.0f ns/call  [checksum %lld]\n", n, label, ms,
              ms * 1e6 / n, static_cast<long long>(checksum % 1000003));
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
  if (n <= 0) {
    std::fprintf(stderr, "usage: calendar_bench [CALLS]\n");
    return 64;
  }

  auto start = Clock::now();
  sd::Calendar tokyo;  // the first construction also finds the zone
  std::printf("construct Calendar (Asia/Tokyo, first): %.3f ms\n", ms_since(start));
  start = Clock::now();
  sd::Calendar again;
  std::printf("construct Calendar (Asia/Tokyo): %.3f ms\n", ms_since(start));
  const sd::BusinessDuration five{5, sd::BusinessDuration::Unit::days};
  auto t = date::sys_seconds{date::sys_days{date::year{2026} / 4 / 30}} + std::chrono::hours{7};
  start = Clock::now();
  auto due = again.add(t, five);  // tables 2026, the one year it touches
  std::printf("first add 5bd (tables one year): %.3f ms  [%lld]\n", ms_since(start),
              static_cast<long long>(due.time_since_epoch().count() % 1000));
  start = Clock::now();
  auto [first, last] = again.range();
  auto all = again.between(first, last);  // tables every year
  std::printf("between over 1955-2099 (tables the other 144 years): %.2f ms  [%lld]\n",
              ms_since(start), static_cast<long long>(all.count() % 1000));
  sd::CalendarSettings ny_settings;
  ny_settings.zone = "America/New_York";
  start = Clock::now();
  sd::Calendar new_york(ny_settings);
  std::printf("construct Calendar (America/New_York): %.3f ms\n", ms_since(start));

  bench_add(tokyo, "Asia/Tokyo", n);
  bench_add(new_york, "America/New_York", n);
  return 0;
}
