#include "supportdesk/config.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sd {
namespace {

int weekday_index(std::string_view w) {
  static constexpr std::string_view kNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int i = 0; i < 7; ++i)
    if (w == kNames[i]) return i;
  return -1;
}

struct LineError {
  std::string where;
  Error operator()(const std::string& what) const { return config_error(where + ": " + what); }
};

std::array<bool, 7> parse_workdays(std::string_view v, const LineError& err) {
  std::array<bool, 7> days{};
  std::size_t pos = 0;
  bool any = false;
  while (pos <= v.size()) {
    auto comma = v.find(',', pos);
    auto item = trim(v.substr(pos, comma == std::string_view::npos ? v.npos : comma - pos));
    auto dash = item.find('-');
    int a = weekday_index(trim(item.substr(0, dash)));
    int b = dash == std::string_view::npos ? a : weekday_index(trim(item.substr(dash + 1)));
    if (a < 0 || b < 0)
      throw err("workdays: '" + std::string(item) +
                "' is not a weekday; use mon,tue,... or a range such as mon-fri");
    for (int d = a;; d = (d + 1) % 7) {
      days[static_cast<std::size_t>(d)] = true;
      any = true;
      if (d == b) break;
    }
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (!any) throw err("workdays: at least one weekday is needed");
  return days;
}

std::chrono::minutes parse_clock(std::string_view s, const LineError& err) {
  s = trim(s);
  int h = -1, m = -1;
  if (s.size() == 5 && s[2] == ':') {
    h = (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] - '0') * 10 + (s[4] - '0');
  }
  bool digits = s.size() == 5 && std::isdigit(static_cast<unsigned char>(s[0])) &&
                std::isdigit(static_cast<unsigned char>(s[1])) &&
                std::isdigit(static_cast<unsigned char>(s[3])) &&
                std::isdigit(static_cast<unsigned char>(s[4]));
  if (!digits || h > 24 || m > 59 || (h == 24 && m != 0))
    throw err("hours: '" + std::string(s) + "' is not a time of day; use HH:MM");
  return std::chrono::hours{h} + std::chrono::minutes{m};
}

/// `MM-DD` for recurring closures.
std::optional<date::year_month_day> parse_month_day(std::string_view s) {
  if (s.size() != 5 || s[2] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  unsigned m = static_cast<unsigned>((s[0] - '0') * 10 + (s[1] - '0'));
  unsigned d = static_cast<unsigned>((s[3] - '0') * 10 + (s[4] - '0'));
  // A leap year, so that 02-29 is accepted.
  date::year_month_day ymd{date::year{2000}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

Closure parse_closure(std::string_view v, const LineError& err) {
  auto space = v.find_first_of(" \t");
  auto spec = v.substr(0, space);
  Closure c;
  c.name = space == std::string_view::npos ? "" : std::string(trim(v.substr(space)));
  auto dots = spec.find("..");
  auto first = spec.substr(0, dots);
  auto last = dots == std::string_view::npos ? first : spec.substr(dots + 2);
  if (auto a = parse_month_day(first)) {
    auto b = parse_month_day(last);
    if (!b) throw err("closed: '" + std::string(last) + "' is not MM-DD");
    c.recurring = true;
    c.from = *a;
    c.to = *b;
  } else {
    try {
      c.from = parse_date(first, "closed");
      c.to = parse_date(last, "closed");
    } catch (const Error&) {
      throw err("closed: '" + std::string(spec) +
                "' is not a closure; use YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD or MM-DD..MM-DD");
    }
    if (c.to < c.from) throw err("closed: '" + std::string(spec) + "' ends before it starts");
  }
  if (c.name.empty()) c.name = "休業日";
  return c;
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

std::string resolve(const std::string& path, const std::filesystem::path& base) {
  if (path.empty()) return path;
  std::filesystem::path p(path);
  return p.is_absolute() ? path : (base / p).string();
}

/// The most [alerts] max_payload_bytes may be: 256 MiB.
constexpr long kMaxPayloadLimit = 256L * 1024 * 1024;

/// A whole number from 1 to `max` for `key`.
long parse_count(std::string_view key, std::string_view v, long max, const LineError& err) {
  long n = 0;
  bool ok = !v.empty() && v.size() <= 9;
  for (char ch : v) {
    ok = ok && ch >= '0' && ch <= '9';
    if (ok) n = n * 10 + (ch - '0');
  }
  if (!ok || n < 1 || n > max)
    throw err(std::string(key) + ": '" + std::string(v) + "' is not allowed; use a whole number from 1 to " +
              std::to_string(max));
  return n;
}

}  // namespace

Config parse_config(std::string_view text, std::string_view source) {
  if (!is_valid_utf8(text)) throw config_error(std::string(source) + ": not valid UTF-8");
  Config cfg;
  cfg.source = source;
  std::string section;
  std::size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    auto raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    auto line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    LineError err{std::string(source) + ":" + std::to_string(line_no)};
    if (line.front() == '[') {
      if (line.back() != ']') throw err("a section header ends with ']'");
      section = std::string(trim(line.substr(1, line.size() - 2)));
      if (section != "alerts" && section != "calendar" && section != "catalog" && section != "desk" &&
          section != "incident" && section != "report" && section != "requests")
        throw err("unknown section [" + section + "]; allowed: [alerts], [calendar], [catalog], [desk], [incident], "
                  "[report], [requests]");
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string_view::npos) throw err("expected 'key = value'");
    auto key = std::string(trim(line.substr(0, eq)));
    auto value = trim(line.substr(eq + 1));
    auto& cal = cfg.calendar;
    if (section == "alerts") {
      if (key != "max_payload_bytes") throw err("unknown key '" + key + "' in [alerts]; allowed: max_payload_bytes");
      cfg.max_payload_bytes = static_cast<std::size_t>(parse_count(key, value, kMaxPayloadLimit, err));
    } else if (section == "calendar") {
      if (key == "zone") {
        find_zone(value, err.where + ": zone");
        cal.zone = value;
      } else if (key == "workdays") {
        cal.workdays = parse_workdays(value, err);
      } else if (key == "hours") {
        auto dash = value.find('-');
        if (dash == std::string_view::npos) throw err("hours: use HH:MM-HH:MM, such as 10:00-19:00");
        cal.open = parse_clock(value.substr(0, dash), err);
        cal.close = parse_clock(value.substr(dash + 1), err);
        if (cal.close <= cal.open) throw err("hours: the end must come after the start");
      } else if (key == "holidays") {
        if (value != "jp" && value != "none")
          throw err("holidays: '" + std::string(value) + "' is not allowed; use jp or none");
        cal.holidays = value;
      } else if (key == "closed") {
        cal.closures.push_back(parse_closure(value, err));
      } else if (key == "open") {
        try {
          cal.working_dates.push_back(parse_date(value, "open"));
        } catch (const Error& e) {
          throw err(e.what());
        }
      } else if (key == "holiday_overrides") {
        cfg.holiday_overrides_path = value;
      } else {
        throw err("unknown key '" + key +
                  "' in [calendar]; allowed: zone, workdays, hours, holidays, closed, open, "
                  "holiday_overrides");
      }
    } else if (section == "catalog") {
      if (key == "path") cfg.catalog_path = value;
      else throw err("unknown key '" + key + "' in [catalog]; allowed: path");
    } else if (section == "desk") {
      if (key != "name") throw err("unknown key '" + key + "' in [desk]; allowed: name");
      if (value.empty()) throw err("name: give the desk's name, or leave the key out for the default");
      cfg.desk_name = value;
    } else if (section == "incident") {
      if (key != "refire") throw err("unknown key '" + key + "' in [incident]; allowed: refire");
      auto mode = refire_mode_from(value);
      if (!mode) throw err("refire: '" + std::string(value) + "' is not allowed; use reopen or new");
      cfg.refire = *mode;
    } else if (section == "report") {
      if (key != "csv_bom") throw err("unknown key '" + key + "' in [report]; allowed: csv_bom");
      if (value != "true" && value != "false")
        throw err("csv_bom: '" + std::string(value) + "' is not allowed; use true or false");
      cfg.csv_bom = value == "true";
    } else if (section == "requests") {
      if (key == "urgent_target_minutes")
        cfg.urgent_target = std::chrono::minutes{parse_count(key, value, 7 * 24 * 60, err)};
      else if (key == "unscheduled_warn_days")
        cfg.unscheduled_warn = std::chrono::hours{24 * parse_count(key, value, 3660, err)};
      else
        throw err("unknown key '" + key + "' in [requests]; allowed: urgent_target_minutes, unscheduled_warn_days");
    } else {
      throw err("'" + key + "' must be inside a section: [alerts], [calendar], [catalog], [desk], [incident], "
                "[report] or [requests]");
    }
  }
  return cfg;
}

std::string desk_name(const Config& cfg, std::string_view lang) {
  if (!cfg.desk_name.empty()) return cfg.desk_name;
  return lang == "ja" ? "サポートデスク" : "Support Desk";
}

std::string read_file(const std::string& path, std::string_view what) {
  // A directory opens like a file and reads as nothing: refuse it by name.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw config_error(std::string(what) + ": " + path + " is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config_error(std::string(what) + ": cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw config_error(std::string(what) + ": cannot read " + path);
  return ss.str();
}

Config load_config(const std::string& flag, const std::string& share_dir) {
  std::string path = flag.empty() ? env_or("SD_CONFIG", "") : flag;
  bool explicit_path = !path.empty();
  if (!explicit_path) {
    std::string home = env_or("HOME", "");
    std::string base = env_or("XDG_CONFIG_HOME", home.empty() ? "" : home + "/.config");
    if (!base.empty()) path = base + "/sd/config";
  }
  Config cfg;
  std::filesystem::path dir = std::filesystem::path(share_dir);
  if (!path.empty() && (explicit_path || std::filesystem::exists(path))) {
    cfg = parse_config(read_file(path, "config"), path);
    dir = std::filesystem::path(path).parent_path();
    cfg.catalog_path = resolve(cfg.catalog_path, dir);
    cfg.holiday_overrides_path = resolve(cfg.holiday_overrides_path, dir);
  }
  std::string overrides = cfg.holiday_overrides_path.empty()
                              ? share_dir + "/holidays.txt"
                              : cfg.holiday_overrides_path;
  if (cfg.holiday_overrides_path.empty() && !std::filesystem::exists(overrides)) return cfg;
  cfg.calendar.overrides = parse_holiday_overrides(read_file(overrides, "holiday overrides"), overrides);
  return cfg;
}

}  // namespace sd
