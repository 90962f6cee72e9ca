#pragma once
/// The desk's business-day calendar: Japanese national holidays computed by
/// rule, the desk's working days, hours and closures, and business-time
/// arithmetic over them. No SQL, no I/O: settings come in as values.
#include "supportdesk/time.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <utility>

namespace sd {

/// Why a named day is closed. `closure` is a desk closure from the config.
enum class DayKind { holiday, substitute, citizens, special, closure };
std::string_view to_string(DayKind kind);

/// A named closed day: a national holiday or a configured closure.
struct Holiday {
  date::year_month_day date;
  std::string name;     ///< Japanese name (closures: the configured name)
  std::string name_en;  ///< English name
  DayKind kind = DayKind::holiday;
};

/// First and last year for which national holidays are computed.
inline constexpr int kFirstHolidayYear = 1955;
inline constexpr int kLastHolidayYear = 2099;

/// Japan's national holidays of `year` by rule (holidays, 振替休日, 国民の休日
/// and one-off days), sorted by date. `year` must be within
/// kFirstHolidayYear..kLastHolidayYear (else a data Error).
std::vector<Holiday> japanese_holidays(int year);

/// One line of a holiday overrides file: add a named day, or cancel one.
struct HolidayOverride {
  date::year_month_day date;
  bool cancel = false;
  std::string name, name_en;
  DayKind kind = DayKind::special;
};
/// Parses a holiday overrides file (format in sd-holidays(5)). `source`
/// names the file in errors ("FILE:LINE: ..."); errors are config Errors.
std::vector<HolidayOverride> parse_holiday_overrides(std::string_view text,
                                                     std::string_view source);

/// A configured closure: either fixed dates (`2026-08-13..2026-08-14`) or a
/// range recurring every year (`12-29..01-03`, which may wrap the new year).
struct Closure {
  bool recurring = false;
  date::year_month_day from, to;  ///< for recurring ones only month and day count
  std::string name;               ///< shown as the name of the closed day
};

/// Everything that defines the desk's calendar. Every field has a default.
struct CalendarSettings {
  std::string zone = "Asia/Tokyo";
  /// Working weekdays, indexed by date::weekday::c_encoding() (0 = Sunday).
  std::array<bool, 7> workdays{false, true, true, true, true, true, false};
  std::chrono::minutes open{10 * 60};   ///< business hours start, local time
  std::chrono::minutes close{19 * 60};  ///< business hours end, local time
  std::string holidays = "jp";          ///< "jp" or "none"
  std::vector<HolidayOverride> overrides;
  std::vector<Closure> closures;
  std::vector<date::year_month_day> working_dates;  ///< open although closed otherwise
};

/// An amount of business time: `5bd`, `3bh`, `90bm`.
struct BusinessDuration {
  enum class Unit { days, hours, minutes };
  std::int64_t amount = 0;
  Unit unit = Unit::days;
  std::string to_string() const;
};
/// Parses `Nbd`, `Nbh` or `Nbm` (N a whole number >= 0); data Error naming
/// `field` otherwise.
BusinessDuration parse_business_duration(std::string_view text, std::string_view field);

/// Whether a local date is a business day, and if not, why.
struct DayStatus {
  bool business = true;
  std::string reason;               ///< "weekend", "holiday: 勤労感謝の日", "closure: ..."; empty when business
  std::optional<Holiday> holiday;   ///< the holiday or closure that closes it
};

/// One local day of a walk between two instants.
struct WalkDay {
  date::year_month_day date;
  std::chrono::seconds counted{0};  ///< business time counted on this day
  Instant from{}, to{};             ///< the counted span (equal when nothing counted)
  std::string skipped;              ///< why nothing counted; empty when something did
};

/// How a due time was reached.
struct Explanation {
  Instant start{};
  BusinessDuration duration;
  std::chrono::seconds business{0};  ///< the business time the duration stands for
  Instant due{};
  std::vector<WalkDay> days;         ///< from start's day to due's day
};

/// The desk calendar. Construction validates the settings (unknown zone,
/// hours out of order...: config Errors); each year of
/// kFirstHolidayYear..kLastHolidayYear is tabled (its closed days, opening
/// instants and business seconds) the first time a query touches it, so a
/// command pays for the years it uses and queries are table look-ups. A
/// Calendar may be queried from several threads at once. Instants or dates
/// outside that range are data Errors.
class Calendar {
 public:
  explicit Calendar(CalendarSettings settings = {});
  ~Calendar();
  Calendar(Calendar&&) noexcept;
  Calendar& operator=(Calendar&&) noexcept;

  const CalendarSettings& settings() const;
  const Zone* zone() const;
  /// The length of one business day (9 h by default).
  std::chrono::seconds day_length() const;
  /// The first and last instants the calendar answers for: the local
  /// midnights that begin kFirstHolidayYear and end kLastHolidayYear.
  std::pair<Instant, Instant> range() const;

  bool is_business_day(date::year_month_day day) const;
  DayStatus day_status(date::year_month_day day) const;
  /// The first business day strictly after / before `day`.
  date::year_month_day next_business_day(date::year_month_day day) const;
  date::year_month_day previous_business_day(date::year_month_day day) const;

  std::chrono::seconds to_seconds(BusinessDuration d) const;
  /// The earliest instant at which `d` of business time has elapsed since `t`.
  Instant add(Instant t, BusinessDuration d) const;
  Instant add(Instant t, std::chrono::seconds business) const;
  /// Business time in [a, b); zero when b <= a.
  std::chrono::seconds between(Instant a, Instant b) const;
  /// The local days from `a` to `b` with what each counted or why it was skipped.
  std::vector<WalkDay> walk(Instant a, Instant b) const;
  /// add(), with the day-by-day walk that produced the result.
  Explanation explain(Instant t, BusinessDuration d) const;

  /// Named closed days (national holidays after overrides, and configured
  /// closures) from `from` to `to` inclusive, sorted by date.
  std::vector<Holiday> holidays(date::year_month_day from, date::year_month_day to) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sd
