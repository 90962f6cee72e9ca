#pragma once
/// The configuration file: an INI-style text (sd-config(5)). Parsing is pure;
/// load_config() is the one function that reads files.
#include "supportdesk/alert.hpp"
#include "supportdesk/calendar.hpp"
#include "supportdesk/incident.hpp"
#include "supportdesk/compliance.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

/// Where a setting's value came from. The files are the library's own
/// business; the environment and the command line are the caller's, which
/// names the variable or option in `where`.
enum class ConfigOrigin { default_value, system, user, environment, command_line };

/// A key a config file gave: its text (every line of a list key such as
/// `calendar.closed`), from which file and line ("PATH:LINE").
struct ConfigSource {
  std::vector<std::string> values;
  ConfigOrigin origin = ConfigOrigin::user;
  std::string where;
};

struct Config {
  CalendarSettings calendar;
  std::string catalog_path;           ///< empty: the shipped catalog
  std::string holiday_overrides_path; ///< empty: the shipped overrides file
  std::string desk_name;              ///< [desk] name; empty: the neutral default
  bool csv_bom = false;               ///< [report] csv_bom: CSV reports start with a UTF-8 BOM
  RefireMode refire = RefireMode::reopen;  ///< [incident] refire
  /// [requests] urgent_target_minutes: the wall-clock target of an urgent
  /// request, stored on each one at creation.
  std::chrono::minutes urgent_target = kUrgentTarget;
  /// [requests] unscheduled_warn_days: `sd slo check` warns of a low request
  /// that has waited longer than this for a date.
  std::chrono::hours unscheduled_warn = kUnscheduledWarn;
  /// [alerts] max_payload_bytes: a larger alert payload is kept in the
  /// inbox without being read.
  std::size_t max_payload_bytes = kMaxPayloadBytes;
  std::string source;                 ///< the last file read, or "" for defaults
  /// The keys the files gave ("calendar.zone"), and where each came from.
  std::map<std::string, ConfigSource, std::less<>> settings;
};

/// The files a config is read from, in order: every system-wide file
/// (`DIR/sd/config` for each absolute DIR of $XDG_CONFIG_DIRS, default
/// /etc/xdg, the first DIR read last so that it wins), then the user's.
struct ConfigPaths {
  std::vector<std::string> system;
  std::string user;          ///< "" when there is no home to find it in
  bool user_named = false;   ///< named by the caller: it must exist
};

/// $XDG_CONFIG_HOME/sd (when absolute), else ~/.config/sd; "" with neither.
std::string user_config_dir();

/// The config files: `named` (the caller's choice, else $SD_CONFIG's) as
/// the user's file, else user_config_dir()/config. Relative $XDG_* paths
/// are ignored, as the XDG Base Directory Specification says.
ConfigPaths config_paths(const std::string& named);

/// How notices to customers name the desk ({{desk_name}} in the message
/// templates), in `lang` ("ja" or "en"): `[desk] name` when it is set, the
/// same name in both languages; else サポートデスク in Japanese and
/// Support Desk otherwise.
std::string desk_name(const Config& cfg, std::string_view lang);

/// Parses config text; config Errors name "SOURCE:LINE: key".
Config parse_config(std::string_view text, std::string_view source);

/// Reads the files of `paths` in order over the defaults: a key a later file
/// gives replaces what an earlier one gave (the lines of a list key, such as
/// `calendar.closed`, together replace the earlier list). A missing default
/// file is skipped; a missing file that was named is an error. Relative
/// paths inside a file are taken from its directory. The holiday overrides
/// file is read too (`share_dir`/holidays.txt by default; none when
/// `share_dir` is "" and no file names one).
Config load_config(const ConfigPaths& paths, const std::string& share_dir);
/// load_config(config_paths(`named`, else $SD_CONFIG), share_dir).
Config load_config(const std::string& named, const std::string& share_dir);

/// One setting as `sd config show` prints it: its effective text (several
/// for a list key; none for an empty list or an unset name) and where it
/// came from.
struct ConfigSetting {
  std::string key;
  std::vector<std::string> values;
  ConfigOrigin origin = ConfigOrigin::default_value;
  std::string where;  ///< "PATH:LINE"; "" for a default
};

/// Every key of the file ("section.key"), in the order they are shown.
std::vector<std::string> config_keys();
bool is_config_key(std::string_view key);
/// A key whose lines add up (`calendar.closed`, `calendar.open`).
bool is_list_config_key(std::string_view key);
/// The setting of `key` in `cfg`; a default path is under `share_dir`. An
/// unknown key is a `key` field Error naming the keys allowed.
ConfigSetting config_setting(const Config& cfg, std::string_view key, const std::string& share_dir);
/// Checks `value` for `key` as a file line would be: an unknown key is a
/// `key` field Error, a value not allowed a data Error "KEY: what is allowed".
void check_config_value(std::string_view key, std::string_view value);
/// `text` (a config file) with `key` set to `value`: the key's last line in
/// its section is replaced (every line of a list key becomes this one), or
/// the line is added to the end of its section, or a new section at the end.
/// Every other line, comments and blank lines included, stays as it was.
std::string set_config_text(std::string_view text, std::string_view key, std::string_view value);

/// Reads a whole file; config Error naming `what` when it cannot.
std::string read_file(const std::string& path, std::string_view what);

}  // namespace sd
