// Fuzz target: a config file (sd-config(5)) as parse_config reads it, and
// the calendar its settings make.
// What must hold: bad text is a config error (exit 78) that names the
// file; what is read keeps every setting in its allowed range; and the
// calendar is made from it or refused with a config error.
#include "fuzz.hpp"
#include "supportdesk/calendar.hpp"
#include "supportdesk/config.hpp"
#include "supportdesk/text.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace sd;
using sd::fuzz::expect_code;
using sd::fuzz::only_sd_errors;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Config cfg;
  auto err = only_sd_errors("parse_config", [&] { cfg = parse_config(text, "fuzz.conf"); });
  if (err) {
    expect_code("parse_config", *err, Exit::config);
    SD_FUZZ_CHECK(std::string(err->what()).rfind("fuzz.conf:", 0) == 0,
                  std::string("an error that does not name the file: ") + err->what());
    return 0;
  }
  SD_FUZZ_CHECK(cfg.max_payload_bytes >= 1 && cfg.max_payload_bytes <= 256u * 1024 * 1024,
                "max_payload_bytes " + std::to_string(cfg.max_payload_bytes));
  SD_FUZZ_CHECK(cfg.urgent_target.count() >= 1 && cfg.urgent_target.count() <= 7 * 24 * 60, "urgent_target_minutes");
  SD_FUZZ_CHECK(cfg.unscheduled_warn.count() >= 24 && cfg.unscheduled_warn.count() <= 3660 * 24,
                "unscheduled_warn_days");
  const auto& cal = cfg.calendar;
  SD_FUZZ_CHECK(cal.open < cal.close && cal.open.count() >= 0 && cal.close.count() <= 24 * 60, "hours");
  SD_FUZZ_CHECK(cal.holidays == "jp" || cal.holidays == "none", "holidays " + cal.holidays);
  SD_FUZZ_CHECK(is_valid_utf8(cfg.desk_name), "desk name");
  for (const auto& c : cal.closures) SD_FUZZ_CHECK(c.from.ok() && c.to.ok(), "a closure of days that do not exist");

  // The calendar checks what each line alone cannot (closures within its
  // years, the zone's rules over them).
  err = only_sd_errors("Calendar", [&] {
    Calendar c(cal);
    c.is_business_day(date::year{2026} / 11 / 30);
  });
  if (err) expect_code("Calendar", *err, Exit::config);
  return 0;
}
