// Japan's national holidays by rule (国民の祝日に関する法律 and its
// amendments, the special laws for one-off days and the Olympic moves), and
// the holiday overrides file that patches the rules for days the law has not
// been written for yet (sd-holidays(5)).
#include "supportdesk/calendar.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <cmath>
#include <map>

namespace sd {
namespace {

constexpr date::year_month_day ymd(int y, unsigned m, unsigned d) {
  return date::year{y} / date::month{m} / date::day{d};
}

/// The `n`th Monday of month `m` in year `y` (Happy Monday system).
date::year_month_day nth_monday(int y, unsigned m, unsigned n) {
  return date::year_month_day{date::year{y} / date::month{m} / date::Monday[n]};
}

/// Day of March of 春分の日. The formula is the usual fit of the equinox to
/// the calendar (valid for 1900–2099), with the constants of its two eras.
/// The legal date is announced each February by the Cabinet Office from the
/// National Astronomical Observatory's ephemeris; the fit agrees with every
/// announced date so far and the overrides file corrects any future miss.
unsigned vernal_equinox_day(int y) {
  double c = y < 1980 ? 20.8357 : 20.8431;
  auto years = static_cast<double>(y - 1980);
  return static_cast<unsigned>(std::floor(c + 0.242194 * years - std::floor(years / 4.0)));
}

/// Day of September of 秋分の日; see vernal_equinox_day().
unsigned autumnal_equinox_day(int y) {
  double c = y < 1980 ? 23.2588 : 23.2488;
  auto years = static_cast<double>(y - 1980);
  return static_cast<unsigned>(std::floor(c + 0.242194 * years - std::floor(years / 4.0)));
}

struct Named {
  std::string_view name, name_en;
  DayKind kind;
};

constexpr Named kSubstitute{"振替休日", "Substitute Holiday", DayKind::substitute};
constexpr Named kCitizens{"国民の休日", "Citizens' Holiday", DayKind::citizens};

/// The 国民の祝日 of a year (the days the law names, including one-off days
/// set by special laws), before 振替休日 and 国民の休日 are derived.
std::map<date::sys_days, Named> statutory_holidays(int y) {
  std::map<date::sys_days, Named> days;
  auto put = [&](date::year_month_day d, std::string_view name, std::string_view en,
                 DayKind kind = DayKind::holiday) {
    days[date::sys_days{d}] = Named{name, en, kind};
  };

  put(ymd(y, 1, 1), "元日", "New Year's Day");
  put(y < 2000 ? ymd(y, 1, 15) : nth_monday(y, 1, 2), "成人の日", "Coming of Age Day");
  if (y >= 1967) put(ymd(y, 2, 11), "建国記念の日", "National Foundation Day");
  if (y >= 2020) put(ymd(y, 2, 23), "天皇誕生日", "The Emperor's Birthday");
  put(ymd(y, 3, vernal_equinox_day(y)), "春分の日", "Vernal Equinox Day");
  if (y <= 1988) put(ymd(y, 4, 29), "天皇誕生日", "The Emperor's Birthday");
  else if (y <= 2006) put(ymd(y, 4, 29), "みどりの日", "Greenery Day");
  else put(ymd(y, 4, 29), "昭和の日", "Shōwa Day");
  put(ymd(y, 5, 3), "憲法記念日", "Constitution Memorial Day");
  if (y >= 2007) put(ymd(y, 5, 4), "みどりの日", "Greenery Day");
  put(ymd(y, 5, 5), "こどもの日", "Children's Day");

  // 海の日: 7/20 from 1996, third Monday of July from 2003; moved for the
  // Tokyo Olympics in 2020 and 2021 (special measures law).
  if (y == 2020) put(ymd(y, 7, 23), "海の日", "Marine Day");
  else if (y == 2021) put(ymd(y, 7, 22), "海の日", "Marine Day");
  else if (y >= 2003) put(nth_monday(y, 7, 3), "海の日", "Marine Day");
  else if (y >= 1996) put(ymd(y, 7, 20), "海の日", "Marine Day");

  // 山の日: 8/11 from 2016; Olympic moves as above.
  if (y == 2020) put(ymd(y, 8, 10), "山の日", "Mountain Day");
  else if (y == 2021) put(ymd(y, 8, 8), "山の日", "Mountain Day");
  else if (y >= 2016) put(ymd(y, 8, 11), "山の日", "Mountain Day");

  // 敬老の日: 9/15 from 1966, third Monday of September from 2003.
  if (y >= 2003) put(nth_monday(y, 9, 3), "敬老の日", "Respect for the Aged Day");
  else if (y >= 1966) put(ymd(y, 9, 15), "敬老の日", "Respect for the Aged Day");
  put(ymd(y, 9, autumnal_equinox_day(y)), "秋分の日", "Autumnal Equinox Day");

  // 体育の日: 10/10 from 1966, second Monday of October from 2000; renamed
  // スポーツの日 in 2020 (moved for the Olympics in 2020 and 2021).
  if (y == 2020) put(ymd(y, 7, 24), "スポーツの日", "Sports Day");
  else if (y == 2021) put(ymd(y, 7, 23), "スポーツの日", "Sports Day");
  else if (y >= 2022) put(nth_monday(y, 10, 2), "スポーツの日", "Sports Day");
  else if (y >= 2000) put(nth_monday(y, 10, 2), "体育の日", "Health and Sports Day");
  else if (y >= 1966) put(ymd(y, 10, 10), "体育の日", "Health and Sports Day");

  put(ymd(y, 11, 3), "文化の日", "Culture Day");
  put(ymd(y, 11, 23), "勤労感謝の日", "Labour Thanksgiving Day");
  if (y >= 1989 && y <= 2018) put(ymd(y, 12, 23), "天皇誕生日", "The Emperor's Birthday");

  // One-off days set by special laws.
  switch (y) {
    case 1959:
      put(ymd(y, 4, 10), "皇太子明仁親王の結婚の儀",
          "The Wedding Ceremony of Crown Prince Akihito", DayKind::special);
      break;
    case 1989:
      put(ymd(y, 2, 24), "昭和天皇の大喪の礼", "The Funeral Ceremony of Emperor Shōwa",
          DayKind::special);
      break;
    case 1990:
      put(ymd(y, 11, 12), "即位礼正殿の儀", "The Ceremony of the Enthronement",
          DayKind::special);
      break;
    case 1993:
      put(ymd(y, 6, 9), "皇太子徳仁親王の結婚の儀",
          "The Wedding Ceremony of Crown Prince Naruhito", DayKind::special);
      break;
    case 2019:
      put(ymd(y, 5, 1), "天皇の即位の日", "The Day of the Emperor's Enthronement",
          DayKind::special);
      put(ymd(y, 10, 22), "即位礼正殿の儀", "The Ceremony of the Enthronement",
          DayKind::special);
      break;
    default:
      break;
  }
  return days;
}

/// 振替休日 took effect on 1973-04-12.
constexpr date::sys_days kSubstituteStart{ymd(1973, 4, 12)};
/// From 2007 a 振替休日 is the next day that is not a 国民の祝日; before, it
/// was the Monday after.
constexpr date::sys_days kSubstituteNextFreeDay{ymd(2007, 1, 1)};
/// 国民の休日 took effect on 1985-12-27.
constexpr date::sys_days kCitizensStart{ymd(1985, 12, 27)};

std::optional<DayKind> parse_kind(std::string_view s) {
  for (auto k : {DayKind::holiday, DayKind::substitute, DayKind::citizens, DayKind::special})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(DayKind kind) {
  switch (kind) {
    case DayKind::holiday: return "holiday";
    case DayKind::substitute: return "substitute";
    case DayKind::citizens: return "citizens";
    case DayKind::special: return "special";
    case DayKind::closure: return "closure";
  }
  return "holiday";
}

std::vector<Holiday> japanese_holidays(int year) {
  if (year < kFirstHolidayYear || year > kLastHolidayYear)
    throw data_error("year " + std::to_string(year) + " is outside the holiday rules (" +
                     std::to_string(kFirstHolidayYear) + "–" +
                     std::to_string(kLastHolidayYear) + ")");
  auto days = statutory_holidays(year);
  // A Sunday holiday late in the previous year cannot move into this one
  // (12/23 on a Sunday moves to 12/24; 12/31 is no holiday), so one year's
  // statutory days are enough to derive its 振替休日 and 国民の休日.
  std::map<date::sys_days, Named> derived;

  for (const auto& [day, named] : days) {
    if (date::weekday{day} != date::Sunday || day < kSubstituteStart) continue;
    auto next = day + date::days{1};
    if (day >= kSubstituteNextFreeDay) {
      while (days.count(next)) next += date::days{1};
    } else if (days.count(next)) {
      continue;  // the old law moved it to the Monday only
    }
    derived[next] = kSubstitute;
  }

  // 国民の休日: a day between two 国民の祝日 that is not one itself. Until
  // 2006 the law excluded Sundays and 振替休日.
  for (const auto& [day, named] : days) {
    auto mid = day + date::days{1};
    auto after = day + date::days{2};
    if (mid < kCitizensStart || days.count(mid) || !days.count(after)) continue;
    if (mid < kSubstituteNextFreeDay &&
        (date::weekday{mid} == date::Sunday || derived.count(mid)))
      continue;
    if (date::year_month_day{mid}.year() != date::year{year}) continue;
    derived.emplace(mid, kCitizens);
  }

  for (const auto& [day, named] : derived) days.emplace(day, named);
  std::vector<Holiday> out;
  out.reserve(days.size());
  for (const auto& [day, named] : days) {
    if (date::year_month_day{day}.year() != date::year{year}) continue;
    out.push_back(Holiday{date::year_month_day{day}, std::string(named.name),
                          std::string(named.name_en), named.kind});
  }
  return out;
}

std::vector<HolidayOverride> parse_holiday_overrides(std::string_view text,
                                                     std::string_view source) {
  if (!is_valid_utf8(text)) throw config_error(std::string(source) + ": not valid UTF-8");
  std::vector<HolidayOverride> out;
  std::map<date::sys_days, std::size_t> seen;  // date -> line number
  std::size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    auto raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    auto line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    std::string where = std::string(source) + ":" + std::to_string(line_no);
    auto err = [&](const std::string& what) { return config_error(where + ": " + what); };

    auto sp = line.find_first_of(" \t");
    auto date_text = line.substr(0, sp);
    auto rest = sp == std::string_view::npos ? std::string_view{} : trim(line.substr(sp));
    HolidayOverride o;
    try {
      o.date = parse_date(date_text, "date");
    } catch (const Error& e) {
      throw err(e.what());
    }
    int y = static_cast<int>(o.date.year());
    if (y < kFirstHolidayYear || y > kLastHolidayYear)
      throw err(std::string(date_text) + " is outside " + std::to_string(kFirstHolidayYear) +
                "–" + std::to_string(kLastHolidayYear));

    auto sp2 = rest.find_first_of(" \t");
    auto action = rest.substr(0, sp2);
    auto args = sp2 == std::string_view::npos ? std::string_view{} : trim(rest.substr(sp2));
    if (action == "cancel") {
      if (!args.empty())
        throw err("'cancel' takes nothing after it; put notes on a '#' line above");
      o.cancel = true;
    } else if (action == "add") {
      // NAME | NAME_EN | KIND, the last two optional.
      std::vector<std::string_view> fields;
      std::size_t start = 0;
      for (;;) {
        auto bar = args.find('|', start);
        fields.push_back(trim(args.substr(start, bar == std::string_view::npos ? args.npos
                                                                                : bar - start)));
        if (bar == std::string_view::npos) break;
        start = bar + 1;
      }
      if (fields.size() > 3)
        throw err("too many '|': use 'add NAME | ENGLISH NAME | KIND'");
      if (fields[0].empty()) throw err("'add' needs a name: 'add NAME | ENGLISH NAME'");
      o.name = std::string(fields[0]);
      o.name_en = fields.size() > 1 && !fields[1].empty() ? std::string(fields[1]) : o.name;
      try {
        check_text(o.name, "name");
        check_text(o.name_en, "English name");
      } catch (const Error& e) {
        throw err(e.what());
      }
      if (fields.size() > 2) {
        auto kind = parse_kind(fields[2]);
        if (!kind)
          throw err("kind '" + std::string(fields[2]) +
                    "' is not allowed; use holiday, substitute, citizens or special");
        o.kind = *kind;
      }
    } else {
      throw err(action.empty() ? std::string("expected 'add NAME | ENGLISH NAME' or 'cancel' "
                                             "after the date")
                               : "unknown action '" + std::string(action) +
                                     "'; use 'add' or 'cancel'");
    }
    auto [it, fresh] = seen.emplace(date::sys_days{o.date}, line_no);
    if (!fresh)
      throw err(std::string(date_text) + " is already overridden on line " +
                std::to_string(it->second));
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace sd
