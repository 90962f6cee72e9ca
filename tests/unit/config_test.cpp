#include "supportdesk/config.hpp"
#include "supportdesk/error.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

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

TEST_CASE("config layers: a later file's key replaces an earlier one's, each remembers where it came from") {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / ("sd-config-layers-" + std::to_string(::getpid()));
  fs::create_directories(dir / "sys");
  {
    std::ofstream(dir / "sys" / "config") << "[calendar]\nzone = Europe/Paris\nclosed = 12-25 Noël\n"
                                             "[catalog]\npath = cat.json\n";
    std::ofstream(dir / "user") << "# mine\n[calendar]\nclosed = 08-15\nclosed = 01-01\n[desk]\nname = ACME\n";
  }
  ConfigPaths paths;
  paths.system = {(dir / "missing").string(), (dir / "sys" / "config").string()};
  paths.user = (dir / "user").string();
  auto cfg = load_config(paths, "");
  CHECK(cfg.calendar.zone == "Europe/Paris");
  CHECK(cfg.desk_name == "ACME");
  // The user's closures replace the system's, both lines of them.
  REQUIRE(cfg.calendar.closures.size() == 2);
  CHECK(cfg.catalog_path == (dir / "sys" / "cat.json").string());

  auto zone = config_setting(cfg, "calendar.zone", "/share");
  CHECK(zone.origin == ConfigOrigin::system);
  CHECK(zone.where == (dir / "sys" / "config").string() + ":2");
  auto closed = config_setting(cfg, "calendar.closed", "/share");
  CHECK(closed.origin == ConfigOrigin::user);
  CHECK(closed.values == std::vector<std::string>{"08-15", "01-01"});
  auto hours = config_setting(cfg, "calendar.hours", "/share");
  CHECK(hours.origin == ConfigOrigin::default_value);
  CHECK(hours.values == std::vector<std::string>{"10:00-19:00"});
  CHECK(hours.where.empty());
  CHECK(config_setting(cfg, "calendar.holiday_overrides", "/share").values ==
        std::vector<std::string>{"/share/holidays.txt"});
  CHECK(config_setting(cfg, "catalog.path", "/share").values ==
        std::vector<std::string>{(dir / "sys" / "cat.json").string()});
  CHECK(config_keys().size() == 14);
  CHECK_THROWS_AS(config_setting(cfg, "calendar.colour", ""), Error);

  // A named file must exist; a missing default one is skipped.
  ConfigPaths named;
  named.user = (dir / "nope").string();
  named.user_named = true;
  CHECK_THROWS_AS(load_config(named, ""), Error);
  named.user_named = false;
  CHECK(load_config(named, "").settings.empty());
  fs::remove_all(dir);
}

TEST_CASE("config paths: XDG_CONFIG_DIRS, the first directory wins; relative XDG paths are ignored") {
  struct Env {
    std::string name;
    std::optional<std::string> saved;
    Env(std::string n, const char* v) : name(std::move(n)) {
      if (const char* old = std::getenv(name.c_str())) saved = old;
      if (v) ::setenv(name.c_str(), v, 1);
      else ::unsetenv(name.c_str());
    }
    ~Env() {
      if (saved) ::setenv(name.c_str(), saved->c_str(), 1);
      else ::unsetenv(name.c_str());
    }
  };
  {
    Env dirs("XDG_CONFIG_DIRS", "/site:relative/dir:/etc/xdg");
    Env home("HOME", "/home/u");
    Env xdg("XDG_CONFIG_HOME", "not/absolute");
    auto p = config_paths("");
    CHECK(p.system == std::vector<std::string>{"/etc/xdg/sd/config", "/site/sd/config"});
    CHECK(p.user == "/home/u/.config/sd/config");
    CHECK_FALSE(p.user_named);
    CHECK(user_config_dir() == "/home/u/.config/sd");
    auto named = config_paths("/tmp/c");
    CHECK(named.user == "/tmp/c");
    CHECK(named.user_named);
  }
  {
    Env dirs("XDG_CONFIG_DIRS", nullptr);
    Env xdg("XDG_CONFIG_HOME", "/cfg");
    CHECK(config_paths("").system == std::vector<std::string>{"/etc/xdg/sd/config"});
    CHECK(config_paths("").user == "/cfg/sd/config");
  }
}

TEST_CASE("config set: the key's line is replaced or added, every other line kept") {
  std::string text = "# my desk\n[calendar]\n; the zone\nzone = Asia/Tokyo\n\n[desk]\nname = A\n";
  CHECK(set_config_text(text, "calendar.zone", "Europe/Paris") ==
        "# my desk\n[calendar]\n; the zone\nzone = Europe/Paris\n\n[desk]\nname = A\n");
  CHECK(set_config_text(text, "calendar.hours", "09:00-17:00") ==
        "# my desk\n[calendar]\n; the zone\nzone = Asia/Tokyo\nhours = 09:00-17:00\n\n[desk]\nname = A\n");
  CHECK(set_config_text(text, "report.csv_bom", "true") == text + "\n[report]\ncsv_bom = true\n");
  CHECK(set_config_text("", "desk.name", " B ") == "[desk]\nname = B\n");
  // A list key's lines become the one given.
  CHECK(set_config_text("[calendar]\nclosed = 01-01\n# keep\nclosed = 08-15\n", "calendar.closed", "12-25") ==
        "[calendar]\nclosed = 12-25\n# keep\n");
  auto fails = [](std::string_view key, std::string_view value, Exit code, const std::string& message) {
    try {
      set_config_text("", key, value);
      FAIL("accepted: " << key << " = " << value);
    } catch (const Error& e) {
      CHECK(e.code() == code);
      CHECK(std::string(e.what()) == message);
    }
  };
  fails("calendar.hours", "19:00-10:00", Exit::data, "calendar.hours: the end must come after the start");
  fails("calendar.zone", "Mars/Olympus", Exit::data,
        "calendar.zone: unknown time zone 'Mars/Olympus'; use an IANA name such as Asia/Tokyo");
  fails("report.csv_bom", "yes", Exit::data, "report.csv_bom: 'yes' is not allowed; use true or false");
  fails("desk.name", "a\nb", Exit::data, "value: desk.name: a value is one line");
  fails("desk.colour", "x", Exit::data,
        "key: 'desk.colour' is not a setting; use alerts.max_payload_bytes, calendar.zone, calendar.workdays, "
        "calendar.hours, calendar.holidays, calendar.closed, calendar.open, calendar.holiday_overrides, "
        "catalog.path, desk.name, incident.refire, report.csv_bom, requests.urgent_target_minutes, "
        "requests.unscheduled_warn_days");
}
