// Fuzz target: a business duration (`5bd`, `3bh`, `90bm`) as
// parse_business_duration reads it, and the calendar arithmetic it feeds.
// What must hold: bad text is a data error naming the field; a duration
// shown (to_string) reads back as the same duration; and adding it to an
// instant, or explaining the sum day by day, gives an instant no earlier
// than the start with exactly that much business time between them, or a
// data error (past the calendar's range).
#include "fuzz.hpp"
#include "supportdesk/calendar.hpp"
#include "supportdesk/time.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace sd;
using sd::fuzz::expect_code;
using sd::fuzz::only_sd_errors;

const Calendar& calendar() {
  static const Calendar cal{CalendarSettings{}};
  return cal;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  BusinessDuration d;
  auto err = only_sd_errors("parse_business_duration", [&] { d = parse_business_duration(text, "slo"); });
  if (err) {
    expect_code("parse_business_duration", *err, Exit::data);
    SD_FUZZ_CHECK(err->field() == "slo", "an error about '" + err->field() + "', not the field given");
    return 0;
  }
  SD_FUZZ_CHECK(d.amount >= 0, "'" + text + "' read as a negative amount");
  BusinessDuration back;
  std::string shown = d.to_string();
  err = only_sd_errors("parse_business_duration", [&] { back = parse_business_duration(shown, "slo"); });
  SD_FUZZ_CHECK(!err, "'" + text + "' shown as '" + shown + "', which does not read back");
  SD_FUZZ_CHECK(back.amount == d.amount && back.unit == d.unit,
                "'" + text + "' shown as '" + shown + "' reads back as '" + back.to_string() + "'");

  const Calendar& cal = calendar();
  std::chrono::seconds business{};
  err = only_sd_errors("to_seconds", [&] { business = cal.to_seconds(d); });
  if (err) {
    expect_code("to_seconds", *err, Exit::data);
    return 0;
  }
  SD_FUZZ_CHECK(business.count() >= 0, "'" + text + "' is negative business time");
  // Received on a Saturday, during business hours, and just before closing.
  for (const char* start : {"2026-11-28T09:00:00+09:00", "2026-11-30T10:30:00+09:00", "2026-12-25T18:59:59+09:00"}) {
    Instant t = parse_instant(start, cal.zone(), Instant{}, "at");
    Instant due{};
    err = only_sd_errors("add", [&] { due = cal.add(t, d); });
    if (err) {
      expect_code("add", *err, Exit::data);
      continue;
    }
    SD_FUZZ_CHECK(due >= t, "'" + text + "' after " + start + " is due before it");
    std::chrono::seconds counted{};
    err = only_sd_errors("between", [&] { counted = cal.between(t, due); });
    SD_FUZZ_CHECK(!err, std::string("between() refused what add() gave: ") + (err ? err->what() : ""));
    SD_FUZZ_CHECK(counted == business, "'" + text + "' after " + start + ": " + std::to_string(counted.count()) +
                                           " s of business time counted, not " + std::to_string(business.count()));
    // Explaining walks every day between the two: keep it to a year.
    if (due - t > std::chrono::hours{24 * 366}) continue;
    Explanation ex;
    err = only_sd_errors("explain", [&] { ex = cal.explain(t, d); });
    SD_FUZZ_CHECK(!err, std::string("explain() refused what add() gave: ") + (err ? err->what() : ""));
    SD_FUZZ_CHECK(ex.due == due, "'" + text + "': explain() and add() disagree on the due time");
    std::chrono::seconds sum{};
    for (const auto& day : ex.days) sum += day.counted;
    SD_FUZZ_CHECK(sum == business, "'" + text + "': the days of the explanation do not add up to it");
  }
  return 0;
}
