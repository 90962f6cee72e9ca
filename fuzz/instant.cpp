// Fuzz target: an instant as a user writes it (parse_instant, parse_date),
// in one of three zones chosen by the first byte: the desk's Asia/Tokyo,
// UTC, and America/New_York (which has DST gaps and overlaps).
// What must hold: bad text is a data error naming the field; an instant
// read back from how sd shows it is the same instant (the round trip);
// a date read is shown as the same date; and the calendar answers for
// the instant or refuses it with a data error.
#include "fuzz.hpp"
#include "supportdesk/calendar.hpp"
#include "supportdesk/time.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace {

using namespace sd;
using sd::fuzz::expect_code;
using sd::fuzz::only_sd_errors;

const Zone* zone_of(std::uint8_t b) {
  static const Zone* zones[] = {find_zone("Asia/Tokyo", "zone"), find_zone("UTC", "zone"),
                                find_zone("America/New_York", "zone")};
  return zones[b % 3];
}

const Calendar& calendar() {
  static const Calendar cal{CalendarSettings{}};
  return cal;
}

/// "now" for the text `now`: any fixed instant.
const Instant kNow = Instant{std::chrono::seconds{1795000000}};

void check_instant(const std::string& text, const Zone* zone) {
  Instant t{};
  auto err = only_sd_errors("parse_instant", [&] { t = parse_instant(text, zone, kNow, "at"); });
  if (err) {
    expect_code("parse_instant", *err, Exit::data);
    SD_FUZZ_CHECK(err->field() == "at", "an error about '" + err->field() + "', not the field given");
    return;
  }
  auto s = t.time_since_epoch().count();
  // Whatever is read can be stored, and read back from the store.
  SD_FUZZ_CHECK(text == "now" || (s >= kFirstStoredSecond && s < kEndStoredSecond),
                "'" + text + "' read as " + std::to_string(s) + ", outside the instants the store holds");

  // Round trip: what sd shows reads back as the same instant, in any zone.
  for (auto* z : {zone, zone_of(0), zone_of(2)}) {
    std::string shown;
    Instant back{};
    auto e = only_sd_errors("format_instant", [&] {
      shown = format_instant(t, z);
      back = parse_instant(shown, z, Instant{}, "at");
    });
    // An instant within a day of the accepted years may be shown in a
    // year just outside them: then it is refused, as typed text would be.
    if (e) {
      expect_code("parse_instant of format_instant", *e, Exit::data);
      SD_FUZZ_CHECK(shown.rfind("1899-", 0) == 0 || shown.rfind("2201-", 0) == 0,
                    "'" + text + "' shown as '" + shown + "', which does not read back: " + e->what());
      continue;
    }
    SD_FUZZ_CHECK(back == t, "'" + text + "' shown as '" + shown + "' reads back as another instant");
    only_sd_errors("format_local_short", [&] { format_local_short(t, z); });
  }

  // The calendar answers for it or says it is outside its range.
  for (auto step : {std::function<void()>([&] { calendar().add(t, BusinessDuration{1}); }),
                    std::function<void()>([&] { calendar().between(t, t + std::chrono::hours{200}); }),
                    std::function<void()>([&] { calendar().day_status(local_date(t, calendar().zone())); })}) {
    if (auto e = only_sd_errors("calendar", step)) expect_code("calendar", *e, Exit::data);
  }
}

void check_date(const std::string& text) {
  date::year_month_day d{};
  auto err = only_sd_errors("parse_date", [&] { d = parse_date(text, "on"); });
  if (err) {
    expect_code("parse_date", *err, Exit::data);
    return;
  }
  SD_FUZZ_CHECK(d.ok(), "'" + text + "' read as a date that does not exist");
  std::string shown = format_date(d);
  SD_FUZZ_CHECK(shown == text, "'" + text + "' shown as '" + shown + "'");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  check_instant(text, zone_of(data[0]));
  check_date(text);
  return 0;
}
