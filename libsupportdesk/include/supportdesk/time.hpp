#pragma once
/// Instants, and how users write them. Instants are UTC seconds; they are
/// shown in a zone with its offset. Parsing takes "now" as an argument.
#include "supportdesk/zone.hpp"

#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sd {

using Instant = date::sys_seconds;

/// Looks a zone up by IANA name (Zone::find: one file, no walk of the
/// zoneinfo tree); throws a config-coded Error when unknown (`what` names the
/// setting, e.g. "tz" or "calendar.zone").
const Zone* find_zone(std::string_view name, std::string_view what);

/// Parses what a user may write for an instant:
///   `now`; ISO 8601 with an offset (`2026-11-30T15:00+09:00`, `...Z`);
///   a local date-time in `zone` (`2026-11-30T15:00`, `2026-11-30 15:00:00`);
///   a date (`2026-11-30`, the start of that day in `zone`).
/// A fraction of a second follows the seconds, with at least one digit, and
/// is dropped. Throws a data Error naming `field` when it is none of these,
/// or when its year is outside 1900..2200 (a typo, not a date).
Instant parse_instant(std::string_view text, const Zone* zone, Instant now,
                      std::string_view field);

/// Parses `YYYY-MM-DD` strictly (the day must exist, its year within
/// 1900..2200).
date::year_month_day parse_date(std::string_view text, std::string_view field);

/// `2026-12-01T15:00:00+09:00`: the instant in `zone`, with the offset.
std::string format_instant(Instant t, const Zone* zone);
/// `2026-12-01 15:00`: compact local form for tables.
std::string format_local_short(Instant t, const Zone* zone);
/// `2026-12-01`.
std::string format_date(date::year_month_day d);
/// `5d 3h 20m`, `45m`, `0m`: a length of time for tables.
/// Under a minute but not zero is "<1m", so 30 seconds late never reads "0m".
std::string format_duration(std::chrono::seconds s);

/// The instants the store holds: the years parse_instant() accepts.
inline constexpr std::int64_t kFirstStoredSecond = -2208988800;  // 1900-01-01T00:00:00Z
inline constexpr std::int64_t kEndStoredSecond = 7289654400;     // 2201-01-01T00:00:00Z

/// The local calendar date of an instant in a zone.
date::year_month_day local_date(Instant t, const Zone* zone);

/// Reads SD_NOW-style text (any form parse_instant takes except `now`).
Instant parse_now(std::string_view text, const Zone* zone);

}  // namespace sd
