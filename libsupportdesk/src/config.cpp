#include "supportdesk/config.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace sd {
namespace {

int weekday_index(std::string_view w) {
  static constexpr std::string_view kNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int i = 0; i < 7; ++i)
    if (w == kNames[i]) return i;
  return -1;
}

/// An error about one line of a file ("FILE:LINE: what", exit 78), or,
/// with no `where`, about a value given alone (`what`, exit 65).
struct LineError {
  std::string where;
  Error operator()(const std::string& what) const {
    return where.empty() ? data_error(what) : config_error(where + ": " + what);
  }
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

namespace {

constexpr std::string_view kSections[] = {"alerts", "calendar", "catalog", "desk", "incident", "report", "requests"};

/// Sets one key of `section` in `cfg` from its text; `err` makes the error.
void apply_value(Config& cfg, const std::string& section, const std::string& key, std::string_view value,
                 const LineError& err) {
  auto& cal = cfg.calendar;
  if (section == "alerts") {
    if (key != "max_payload_bytes") throw err("unknown key '" + key + "' in [alerts]; allowed: max_payload_bytes");
    cfg.max_payload_bytes = static_cast<std::size_t>(parse_count(key, value, kMaxPayloadLimit, err));
  } else if (section == "calendar") {
    if (key == "zone") {
      find_zone(value, err.where.empty() ? "zone" : err.where + ": zone");
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

bool is_list_key(std::string_view key) { return key == "calendar.closed" || key == "calendar.open"; }

/// Empties a list key's values before a file gives it again: the last
/// file that names a key decides it.
void clear_list(Config& cfg, std::string_view key) {
  if (key == "calendar.closed") cfg.calendar.closures.clear();
  if (key == "calendar.open") cfg.calendar.working_dates.clear();
}

/// Reads one file's text over `cfg`: each key it gives replaces the value
/// an earlier file gave (a list key's lines together replace the earlier
/// list).
void apply_text(Config& cfg, std::string_view text, std::string_view source, ConfigOrigin origin) {
  if (!is_valid_utf8(text)) throw config_error(std::string(source) + ": not valid UTF-8");
  std::set<std::string, std::less<>> seen;
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
      if (std::find(std::begin(kSections), std::end(kSections), section) == std::end(kSections))
        throw err("unknown section [" + section + "]; allowed: [alerts], [calendar], [catalog], [desk], [incident], "
                  "[report], [requests]");
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string_view::npos) throw err("expected 'key = value'");
    auto key = std::string(trim(line.substr(0, eq)));
    auto value = trim(line.substr(eq + 1));
    std::string full = section + "." + key;
    bool first = seen.insert(full).second;
    if (first && is_list_key(full)) clear_list(cfg, full);
    apply_value(cfg, section, key, value, err);
    auto& entry = cfg.settings[full];
    if (first || !is_list_key(full)) entry.values.clear();
    entry.values.emplace_back(value);
    entry.origin = origin;
    entry.where = err.where;
  }
}

}  // namespace

Config parse_config(std::string_view text, std::string_view source) {
  Config cfg;
  cfg.source = source;
  apply_text(cfg, text, source, ConfigOrigin::user);
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

namespace {

/// An XDG variable's value when it is an absolute path; a relative one is
/// ignored, as the XDG Base Directory Specification says.
std::string xdg_dir(const char* name) {
  std::string v = env_or(name, "");
  return !v.empty() && v.front() == '/' ? v : std::string();
}

/// The keys of the file, with the text of their defaults.
struct KeyInfo {
  std::string_view key;
  std::string (*fallback)(const std::string& share_dir);
};

const std::vector<KeyInfo>& key_table() {
  static const std::vector<KeyInfo> keys = {
      {"alerts.max_payload_bytes", [](const std::string&) { return std::to_string(kMaxPayloadBytes); }},
      {"calendar.zone", [](const std::string&) { return CalendarSettings{}.zone; }},
      {"calendar.workdays", [](const std::string&) { return std::string("mon-fri"); }},
      {"calendar.hours", [](const std::string&) { return std::string("10:00-19:00"); }},
      {"calendar.holidays", [](const std::string&) { return CalendarSettings{}.holidays; }},
      {"calendar.closed", nullptr},
      {"calendar.open", nullptr},
      {"calendar.holiday_overrides",
       [](const std::string& share) { return share.empty() ? std::string() : share + "/holidays.txt"; }},
      {"catalog.path", [](const std::string& share) { return share.empty() ? std::string() : share + "/catalog.json"; }},
      {"desk.name", [](const std::string&) { return std::string(); }},
      {"incident.refire", [](const std::string&) { return std::string(to_string(RefireMode::reopen)); }},
      {"report.csv_bom", [](const std::string&) { return std::string("false"); }},
      {"requests.urgent_target_minutes", [](const std::string&) { return std::to_string(kUrgentTarget.count()); }},
      {"requests.unscheduled_warn_days",
       [](const std::string&) { return std::to_string(kUnscheduledWarn.count() / 24); }},
  };
  return keys;
}

const KeyInfo* find_key(std::string_view key) {
  for (const auto& k : key_table())
    if (k.key == key) return &k;
  return nullptr;
}

std::string all_keys() {
  std::string out;
  for (const auto& k : key_table()) out += (out.empty() ? "" : ", ") + std::string(k.key);
  return out;
}

}  // namespace

std::string user_config_dir() {
  std::string base = xdg_dir("XDG_CONFIG_HOME");
  if (base.empty()) {
    std::string home = env_or("HOME", "");
    if (home.empty()) return {};
    base = home + "/.config";
  }
  return base + "/sd";
}

ConfigPaths config_paths(const std::string& named) {
  ConfigPaths p;
  std::string dirs = env_or("XDG_CONFIG_DIRS", "/etc/xdg");
  std::vector<std::string> listed;
  std::size_t at = 0;
  while (at <= dirs.size()) {
    auto colon = dirs.find(':', at);
    if (colon == std::string::npos) colon = dirs.size();
    auto dir = dirs.substr(at, colon - at);
    if (!dir.empty() && dir.front() == '/') listed.push_back(dir + "/sd/config");
    at = colon + 1;
  }
  // The first directory is the most important: it is read last.
  p.system.assign(listed.rbegin(), listed.rend());
  if (!named.empty()) {
    p.user = named;
    p.user_named = true;
  } else if (auto d = user_config_dir(); !d.empty()) {
    p.user = d + "/config";
  }
  return p;
}

Config load_config(const ConfigPaths& paths, const std::string& share_dir) {
  Config cfg;
  auto read_one = [&](const std::string& path, ConfigOrigin origin) {
    apply_text(cfg, read_file(path, "config"), path, origin);
    cfg.source = path;
    auto dir = std::filesystem::path(path).parent_path();
    // A relative path is taken from the directory of the file that gave it.
    if (auto it = cfg.settings.find("catalog.path"); it != cfg.settings.end() && it->second.where.rfind(path + ":", 0) == 0)
      cfg.catalog_path = resolve(cfg.catalog_path, dir);
    if (auto it = cfg.settings.find("calendar.holiday_overrides");
        it != cfg.settings.end() && it->second.where.rfind(path + ":", 0) == 0)
      cfg.holiday_overrides_path = resolve(cfg.holiday_overrides_path, dir);
  };
  std::error_code ec;
  for (const auto& path : paths.system)
    if (std::filesystem::exists(path, ec)) read_one(path, ConfigOrigin::system);
  if (!paths.user.empty() && (paths.user_named || std::filesystem::exists(paths.user, ec)))
    read_one(paths.user, ConfigOrigin::user);
  std::string overrides = cfg.holiday_overrides_path;
  if (overrides.empty()) {
    if (share_dir.empty()) return cfg;
    overrides = share_dir + "/holidays.txt";
    if (!std::filesystem::exists(overrides, ec)) return cfg;
  }
  cfg.calendar.overrides = parse_holiday_overrides(read_file(overrides, "holiday overrides"), overrides);
  return cfg;
}

Config load_config(const std::string& flag, const std::string& share_dir) {
  return load_config(config_paths(flag.empty() ? env_or("SD_CONFIG", "") : flag), share_dir);
}

std::vector<std::string> config_keys() {
  std::vector<std::string> out;
  for (const auto& k : key_table()) out.emplace_back(k.key);
  return out;
}

bool is_config_key(std::string_view key) { return find_key(key) != nullptr; }

bool is_list_config_key(std::string_view key) { return is_list_key(key); }

ConfigSetting config_setting(const Config& cfg, std::string_view key, const std::string& share_dir) {
  const KeyInfo* info = find_key(key);
  if (!info) throw field_error("key", "'" + std::string(key) + "' is not a setting; use " + all_keys());
  ConfigSetting s;
  s.key = info->key;
  if (auto it = cfg.settings.find(key); it != cfg.settings.end()) {
    s.values = it->second.values;
    s.origin = it->second.origin;
    s.where = it->second.where;
    // Paths as sd uses them: from the directory of the file that gave them.
    if (key == "catalog.path" && !cfg.catalog_path.empty()) s.values = {cfg.catalog_path};
    if (key == "calendar.holiday_overrides" && !cfg.holiday_overrides_path.empty())
      s.values = {cfg.holiday_overrides_path};
  } else if (info->fallback) {
    s.values = {info->fallback(share_dir)};
  }
  return s;
}

void check_config_value(std::string_view key, std::string_view value) {
  const KeyInfo* info = find_key(key);
  if (!info) throw field_error("key", "'" + std::string(key) + "' is not a setting; use " + all_keys());
  if (value.find_first_of("\r\n") != std::string_view::npos)
    throw field_error("value", std::string(key) + ": a value is one line");
  auto dot = key.find('.');
  std::string section(key.substr(0, dot)), name(key.substr(dot + 1));
  Config scratch;
  try {
    apply_value(scratch, section, name, trim(value), LineError{});
  } catch (const Error& e) {
    // "hours: ..." → "calendar.hours: ...", a value not allowed (65).
    std::string what = e.what();
    if (what.rfind(name + ": ", 0) == 0) what = what.substr(name.size() + 2);
    throw data_error(std::string(key) + ": " + what);
  }
}

std::string set_config_text(std::string_view text, std::string_view key, std::string_view value) {
  check_config_value(key, value);
  auto dot = key.find('.');
  std::string section(key.substr(0, dot)), name(key.substr(dot + 1));
  std::string line = name + " = " + std::string(trim(value));
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.emplace_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  // The lines of the key in its section, and where the section's last block ends.
  std::vector<std::size_t> found;
  std::optional<std::size_t> section_end;  // after the last key line of the section's last block
  std::string at;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto l = trim(lines[i]);
    if (l.empty() || l.front() == '#' || l.front() == ';') continue;
    if (l.front() == '[' && l.back() == ']') {
      at = std::string(trim(l.substr(1, l.size() - 2)));
      if (at == section) section_end = i + 1;
      continue;
    }
    if (at != section) continue;
    section_end = i + 1;
    auto eq = l.find('=');
    if (eq != std::string_view::npos && trim(l.substr(0, eq)) == name) found.push_back(i);
  }
  if (!found.empty()) {
    // A single key: its last line, which is the one that counts. A list
    // key: all its lines become the one.
    std::size_t keep = is_list_key(key) ? found.front() : found.back();
    lines[keep] = line;
    if (is_list_key(key))
      for (auto it = found.rbegin(); it != found.rend(); ++it)
        if (*it != keep) lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(*it));
  } else if (section_end) {
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(*section_end), line);
  } else {
    if (!lines.empty() && !trim(lines.back()).empty()) lines.emplace_back();
    lines.push_back("[" + section + "]");
    lines.push_back(line);
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace sd
