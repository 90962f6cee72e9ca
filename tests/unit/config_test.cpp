#include "supportdesk/config.hpp"
#include "supportdesk/error.hpp"

#include <doctest/doctest.h>

using namespace sd;

TEST_CASE("the config file sets the desk calendar and the catalog") {
  auto cfg = parse_config(R"(# desk
[calendar]
zone = America/New_York
workdays = mon-thu, sat
hours = 09:00-17:30
holidays = none
closed = 12-29..01-03 年末年始
closed = 2026-08-13..2026-08-14 夏季休業
open = 2026-12-26
[catalog]
path = my-catalog.json
)", "test.conf");
  CHECK(cfg.calendar.zone == "America/New_York");
  CHECK(cfg.calendar.workdays == std::array<bool, 7>{false, true, true, true, true, false, true});
  CHECK(cfg.calendar.open == std::chrono::minutes{9 * 60});
  CHECK(cfg.calendar.close == std::chrono::minutes{17 * 60 + 30});
  CHECK(cfg.calendar.holidays == "none");
  REQUIRE(cfg.calendar.closures.size() == 2);
  CHECK(cfg.calendar.closures[0].recurring);
  CHECK(cfg.calendar.closures[0].name == "年末年始");
  CHECK_FALSE(cfg.calendar.closures[1].recurring);
  CHECK(cfg.calendar.working_dates.size() == 1);
  CHECK(cfg.catalog_path == "my-catalog.json");
}

TEST_CASE("an empty config means the defaults") {
  auto cfg = parse_config("", "empty");
  CHECK(cfg.calendar.zone == "Asia/Tokyo");
  CHECK(cfg.calendar.open == std::chrono::minutes{600});
  CHECK(cfg.calendar.close == std::chrono::minutes{1140});
  CHECK(cfg.calendar.holidays == "jp");
}

TEST_CASE("config errors name the file, the line and what is allowed") {
  auto fails = [](const char* text, const char* message) {
    CAPTURE(text);
    try {
      parse_config(text, "c");
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::config);
      CHECK(std::string(e.what()) == message);
    }
  };
  fails("[calendar]\nzone = Mars/Olympus", "c:2: zone: unknown time zone 'Mars/Olympus'; use an IANA name such as Asia/Tokyo");
  fails("[calendar]\nhours = 19:00-10:00", "c:2: hours: the end must come after the start");
  fails("[calendar]\nholidays = us", "c:2: holidays: 'us' is not allowed; use jp or none");
  fails("[calendar]\nworkdays = funday", "c:2: workdays: 'funday' is not a weekday; use mon,tue,... or a range such as mon-fri");
  fails("[calendar]\nclosed = 2026-02-30", "c:2: closed: '2026-02-30' is not a closure; use YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD or MM-DD..MM-DD");
  fails("[calendar]\ncolour = blue", "c:2: unknown key 'colour' in [calendar]; allowed: zone, workdays, hours, holidays, closed, open, holiday_overrides");
  fails("zone = Asia/Tokyo",
        "c:1: 'zone' must be inside a section: [alerts], [calendar], [catalog], [desk], [incident], [report] or [requests]");
  fails("[printer]", "c:1: unknown section [printer]; allowed: [alerts], [calendar], [catalog], [desk], [incident], [report], [requests]");
  fails("[desk]\ncolour = blue", "c:2: unknown key 'colour' in [desk]; allowed: name");
  fails("[desk]\nname =", "c:2: name: give the desk's name, or leave the key out for the default");
  fails("[incident]\nrefire = twice", "c:2: refire: 'twice' is not allowed; use reopen or new");
  fails("[incident]\ncolour = blue", "c:2: unknown key 'colour' in [incident]; allowed: refire");
}

TEST_CASE("a new firing after recovery reopens by default; [incident] refire = new opens a new incident") {
  CHECK(parse_config("", "empty").refire == RefireMode::reopen);
  CHECK(parse_config("[incident]\nrefire = new\n", "c").refire == RefireMode::new_incident);
  CHECK(parse_config("[incident]\nrefire = reopen\n", "c").refire == RefireMode::reopen);
}

TEST_CASE("[requests]: the urgent target and the unscheduled age, with their defaults") {
  auto defaults = parse_config("", "empty");
  CHECK(defaults.urgent_target == std::chrono::minutes{240});
  CHECK(defaults.unscheduled_warn == std::chrono::hours{14 * 24});
  auto set = parse_config("[requests]\nurgent_target_minutes = 90\nunscheduled_warn_days = 30\n", "r.conf");
  CHECK(set.urgent_target == std::chrono::minutes{90});
  CHECK(set.unscheduled_warn == std::chrono::hours{30 * 24});
  auto fails = [](const std::string& text, const std::string& message) {
    try {
      parse_config(text, "c");
      FAIL("accepted: " << text);
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == message);
    }
  };
  fails("[requests]\nurgent_target_minutes = 0",
        "c:2: urgent_target_minutes: '0' is not allowed; use a whole number from 1 to 10080");
  fails("[requests]\nunscheduled_warn_days = 2w",
        "c:2: unscheduled_warn_days: '2w' is not allowed; use a whole number from 1 to 3660");
  fails("[requests]\ncolour = blue",
        "c:2: unknown key 'colour' in [requests]; allowed: urgent_target_minutes, unscheduled_warn_days");
}

TEST_CASE("the desk's name in notices: one configured name, else a neutral default per language") {
  auto defaults = parse_config("", "empty");
  CHECK(defaults.desk_name.empty());
  CHECK(desk_name(defaults, "ja") == "サポートデスク");
  CHECK(desk_name(defaults, "en") == "Support Desk");
  auto named = parse_config("[desk]\nname =  ACME ヘルプデスク  \n", "desk.conf");
  CHECK(named.desk_name == "ACME ヘルプデスク");
  CHECK(desk_name(named, "ja") == "ACME ヘルプデスク");
  CHECK(desk_name(named, "en") == "ACME ヘルプデスク");
}

TEST_CASE("config: [alerts] max_payload_bytes") {
  CHECK(parse_config("", "c").max_payload_bytes == kMaxPayloadBytes);
  CHECK(parse_config("[alerts]\nmax_payload_bytes = 1000\n", "c").max_payload_bytes == 1000);
  auto fails = [](const char* text, const std::string& message) {
    try {
      parse_config(text, "c");
      FAIL("accepted: " << text);
    } catch (const Error& e) {
      CHECK(e.code() == Exit::config);
      CHECK(std::string(e.what()) == message);
    }
  };
  fails("[alerts]\nmax_payload_bytes = 0", "c:2: max_payload_bytes: '0' is not allowed; use a whole number from 1 to 268435456");
  fails("[alerts]\nmax_payload_bytes = 268435457",
        "c:2: max_payload_bytes: '268435457' is not allowed; use a whole number from 1 to 268435456");
  fails("[alerts]\nmax_payload_bytes = 4MB", "c:2: max_payload_bytes: '4MB' is not allowed; use a whole number from 1 to 268435456");
  fails("[alerts]\nsize = 1", "c:2: unknown key 'size' in [alerts]; allowed: max_payload_bytes");
}
