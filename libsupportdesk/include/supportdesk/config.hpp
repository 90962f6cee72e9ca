#pragma once
/// The configuration file: an INI-style text (sd-config(5)). Parsing is pure;
/// load_config() is the one function that reads files.
#include "supportdesk/alert.hpp"
#include "supportdesk/calendar.hpp"
#include "supportdesk/incident.hpp"
#include "supportdesk/compliance.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sd {

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
  std::string source;                 ///< the file read, or "" for defaults
};

/// How notices to customers name the desk ({{desk_name}} in the message
/// templates), in `lang` ("ja" or "en"): `[desk] name` when it is set, the
/// same name in both languages; else サポートデスク in Japanese and
/// Support Desk otherwise.
std::string desk_name(const Config& cfg, std::string_view lang);

/// Parses config text; config Errors name "SOURCE:LINE: key".
Config parse_config(std::string_view text, std::string_view source);

/// Where the config lives: `flag`, else $SD_CONFIG, else
/// $XDG_CONFIG_HOME/sd/config (~/.config/sd/config). A missing default file
/// means defaults; a missing file that was named explicitly is an error.
/// Relative paths inside are taken from the config file's directory. The
/// holiday overrides file is read too (`share_dir`/holidays.txt by default).
Config load_config(const std::string& flag, const std::string& share_dir);

/// Reads a whole file; config Error naming `what` when it cannot.
std::string read_file(const std::string& path, std::string_view what);

}  // namespace sd
