// The desk calendar: per local year from 1955 to 2099, a table of each day's
// opening instant and the business seconds before it, so that business-time
// arithmetic is a look-up and a short search instead of a walk. A year's
// table is built the first time something asks about that year: a command
// pays for the years it touches, not for 145 of them.
#include "supportdesk/calendar.hpp"

#include "supportdesk/error.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

namespace sd {
namespace {

using std::chrono::seconds;

constexpr date::sys_days kFirstDay{date::year{kFirstHolidayYear} / date::January / 1};
/// The day after the table's last day.
constexpr date::sys_days kEndDay{date::year{kLastHolidayYear + 1} / date::January / 1};
constexpr std::int64_t kSecondsPerDay = 86400;
/// Amounts above this are refused: a billion of anything is beyond 2099.
constexpr std::int64_t kMaxAmount = 999'999'999;

std::string range_text() {
  return std::to_string(kFirstHolidayYear) + "-01-01 to " + std::to_string(kLastHolidayYear) +
         "-12-31";
}

/// Converts local times of one zone to UTC. It keeps the offset period of the
/// last conversion, so a run of increasing local times costs one time-zone
/// look-up per period (one in all for a zone without DST, such as Asia/Tokyo).
class LocalToSys {
 public:
  explicit LocalToSys(const Zone* zone) : zone_(zone) {}

  /// `lt` in UTC. A reading that does not exist (clocks jumped forward over
  /// it) is the instant of the jump; one that exists twice (clocks went back)
  /// is resolved by `choice`.
  date::sys_seconds operator()(date::local_seconds lt, Choose choice) {
    if (have_) {
      date::sys_seconds s{lt.time_since_epoch() - info_.offset};
      // More than a day inside the cached period, `lt` has this one reading:
      // offsets differ by less than a day, so no other period can reach it.
      if (s - info_.begin > kMargin && info_.end - s > kMargin) return s;
    }
    auto li = zone_->reading(lt);
    have_ = true;
    switch (li.kind) {
      case LocalReading::unique:
        info_ = li.first;
        return date::sys_seconds{lt.time_since_epoch() - li.first.offset};
      case LocalReading::nonexistent:
        info_ = li.second;
        return li.first.end;
      case LocalReading::ambiguous:
        info_ = choice == Choose::earliest ? li.first : li.second;
        return date::sys_seconds{lt.time_since_epoch() - info_.offset};
    }
    return date::sys_seconds{lt.time_since_epoch() - li.first.offset};
  }

 private:
  static constexpr seconds kMargin{kSecondsPerDay};
  const Zone* zone_;
  ZonePeriod info_{};
  bool have_ = false;
};

/// `month * 100 + day`, to compare dates within a year.
int month_day(date::year_month_day d) {
  return static_cast<int>(static_cast<unsigned>(d.month()) * 100 +
                          static_cast<unsigned>(d.day()));
}

}  // namespace

std::string BusinessDuration::to_string() const {
  const char* suffix = unit == Unit::days ? "bd" : unit == Unit::hours ? "bh" : "bm";
  return std::to_string(amount) + suffix;
}

BusinessDuration parse_business_duration(std::string_view text, std::string_view field) {
  auto bad = [&](const std::string& why) {
    return field_error(field, "'" + std::string(text) + "' " + why +
                      "; use Nbd, Nbh or Nbm (business days, hours or minutes), such as 5bd");
  };
  if (text.size() < 3 || text[text.size() - 2] != 'b')
    throw bad("is not a business duration");
  BusinessDuration d;
  switch (text.back()) {
    case 'd': d.unit = BusinessDuration::Unit::days; break;
    case 'h': d.unit = BusinessDuration::Unit::hours; break;
    case 'm': d.unit = BusinessDuration::Unit::minutes; break;
    default: throw bad("is not a business duration");
  }
  auto digits = text.substr(0, text.size() - 2);
  for (char c : digits)
    if (c < '0' || c > '9') throw bad("is not a business duration");
  if (digits.size() > 9) throw bad("is too large");
  for (char c : digits) d.amount = d.amount * 10 + (c - '0');
  return d;
}

namespace {

/// One local year of the desk's days, built the first time something asks
/// about it: each day's opening instant and the business seconds before it
/// in the year, so business-time arithmetic is a look-up and a short search.
struct YearTable {
  date::sys_days first;               ///< 1 January
  std::size_t days = 0;               ///< 365 or 366
  std::vector<std::int64_t> open;     ///< UTC seconds of each day's opening; days + 1 entries,
                                      ///< the last the opening of the next 1 January
  std::vector<std::int64_t> cum;      ///< business seconds before each day; days + 1 entries
  std::vector<std::uint8_t> flags;    ///< kBusiness | kWorkingDate
  std::vector<std::int32_t> named_at; ///< first entry of `named` on the day, or -1
  std::vector<Holiday> named;         ///< national holidays and closures, by date

  static constexpr std::uint8_t kBusiness = 1;
  static constexpr std::uint8_t kWorkingDate = 2;

  std::int64_t length(std::size_t i) const { return cum[i + 1] - cum[i]; }
  std::int64_t total() const { return cum[days]; }

  /// The last day whose opening is at or before `t`, or -1 when `t` is
  /// before the year's first opening. `t` must be before the next year's.
  std::ptrdiff_t locate(std::int64_t t) const {
    auto n = static_cast<std::ptrdiff_t>(days);
    auto guess = t - open[0];
    std::ptrdiff_t i = guess < 0 ? -1 : static_cast<std::ptrdiff_t>(guess / kSecondsPerDay);
    i = std::min(i, n - 1);
    while (i + 1 < n && open[static_cast<std::size_t>(i + 1)] <= t) ++i;
    while (i >= 0 && open[static_cast<std::size_t>(i)] > t) --i;
    return i;
  }

  /// Business seconds of this year before `t`, with `i` = locate(t).
  std::int64_t position(std::int64_t t, std::ptrdiff_t i) const {
    if (i < 0) return 0;
    auto k = static_cast<std::size_t>(i);
    return cum[k] + std::min(t - open[k], length(k));
  }

  DayStatus status(std::size_t i) const {
    DayStatus st;
    if (flags[i] & kBusiness) return st;
    st.business = false;
    if (named_at[i] >= 0) {
      const auto& h = named[static_cast<std::size_t>(named_at[i])];
      st.reason = (h.kind == DayKind::closure ? "closure: " : "holiday: ") + h.name;
      st.holiday = h;
    } else {
      st.reason = "weekend";
    }
    return st;
  }
};

constexpr std::size_t kYears = kLastHolidayYear - kFirstHolidayYear + 1;

/// A local date as its year's table index: the year's offset from
/// kFirstHolidayYear and the day's within it.
struct DayIndex {
  std::size_t year = 0, day = 0;
};

date::sys_days january_first(int year) {
  return date::sys_days{date::year{year} / date::January / 1};
}

}  // namespace

struct Calendar::Impl {
  CalendarSettings settings;
  const Zone* zone = nullptr;
  seconds day_length{0};
  std::int64_t begin = 0, end = 0;    ///< UTC seconds of the first and past-last local midnight
  /// The opening instant of each 1 January, kFirstHolidayYear to the year
  /// after kLastHolidayYear: which year's table holds an instant.
  std::array<std::int64_t, kYears + 1> first_open{};

  explicit Impl(CalendarSettings s);

  /// The table of year `k` (offset from kFirstHolidayYear), built on first
  /// use. Safe to call from several threads.
  const YearTable& year(std::size_t k) const {
    if (const YearTable* t = tables_[k].load(std::memory_order_acquire)) return *t;
    std::lock_guard<std::mutex> lock(build_mutex_);
    if (!owned_[k]) {
      owned_[k] = std::make_unique<YearTable>(build(k));
      tables_[k].store(owned_[k].get(), std::memory_order_release);
    }
    return *owned_[k];
  }

  DayIndex index(date::year_month_day d) const {
    if (!d.ok()) throw data_error(date::format("%Y-%m-%d", d) + " is not a date");
    auto day = date::sys_days{d};
    if (day < kFirstDay || day >= kEndDay)
      throw data_error(date::format("%Y-%m-%d", d) + " is outside the calendar (" +
                       range_text() + ")");
    auto y = static_cast<int>(d.year());
    return {static_cast<std::size_t>(y - kFirstHolidayYear),
            static_cast<std::size_t>((day - january_first(y)).count())};
  }

  void check(Instant t) const {
    auto s = t.time_since_epoch().count();
    if (s < begin || s > end)
      throw data_error(format_instant(t, zone) + " is outside the calendar (" + range_text() +
                       ")");
  }

  /// The year whose table holds the last opening at or before `t`, or 0
  /// (the first year) when `t` is before every opening.
  std::size_t year_of(std::int64_t t) const {
    auto utc_year = static_cast<int>(
        date::year_month_day{date::sys_days{date::days{
                                 (t >= 0 ? t : t - (kSecondsPerDay - 1)) / kSecondsPerDay}}}
            .year());
    auto k = static_cast<std::size_t>(
        std::clamp(utc_year, kFirstHolidayYear, kLastHolidayYear) - kFirstHolidayYear);
    while (k > 0 && first_open[k] > t) --k;
    while (k + 1 < kYears && first_open[k + 1] <= t) ++k;
    return k;
  }

 private:
  YearTable build(std::size_t k) const;

  mutable std::array<std::atomic<const YearTable*>, kYears> tables_{};
  mutable std::array<std::unique_ptr<YearTable>, kYears> owned_;
  mutable std::mutex build_mutex_;
};

Calendar::Impl::Impl(CalendarSettings s) : settings(std::move(s)) {
  zone = find_zone(settings.zone, "calendar.zone");
  if (settings.open < std::chrono::minutes{0} || settings.close > std::chrono::hours{24} ||
      settings.open >= settings.close)
    throw config_error("calendar.hours: business hours must start before they end, within 00:00-24:00");
  if (std::none_of(settings.workdays.begin(), settings.workdays.end(), [](bool b) { return b; }))
    throw config_error("calendar.workdays: at least one weekday is needed");
  if (settings.holidays != "jp" && settings.holidays != "none")
    throw config_error("calendar.holidays: '" + settings.holidays +
                       "' is not allowed; use jp or none");
  day_length = settings.close - settings.open;

  // The settings are checked here, in full, so that a bad one is refused at
  // once whichever years are used later.
  auto in_range = [](date::year_month_day d) {
    return d.ok() && date::sys_days{d} >= kFirstDay && date::sys_days{d} < kEndDay;
  };
  if (settings.holidays == "jp")
    for (const auto& o : settings.overrides)
      if (!in_range(o.date))
        throw config_error("holiday overrides: " + date::format("%Y-%m-%d", o.date) +
                           " is outside " + range_text());
  for (const auto& c : settings.closures) {
    if (c.recurring) {
      date::year_month_day leap_from{date::year{2000}, c.from.month(), c.from.day()};
      date::year_month_day leap_to{date::year{2000}, c.to.month(), c.to.day()};
      if (!leap_from.ok() || !leap_to.ok())
        throw config_error("calendar.closed: a recurring closure needs valid MM-DD ends");
    } else if (!c.from.ok() || !c.to.ok() || c.to < c.from) {
      throw config_error("calendar.closed: " + date::format("%Y-%m-%d", c.from) + ".." +
                         date::format("%Y-%m-%d", c.to) + " is not a range of dates");
    }
  }
  for (auto d : settings.working_dates)
    if (!in_range(d))
      throw config_error("calendar.open: " + date::format("%Y-%m-%d", d) + " is outside " +
                         range_text());

  // The opening of each 1 January, and the bounds: a zone look-up or two per
  // year, not per day.
  LocalToSys to_sys(zone);
  for (std::size_t k = 0; k <= kYears; ++k) {
    auto midnight = date::local_seconds{date::local_days{
        january_first(kFirstHolidayYear + static_cast<int>(k)).time_since_epoch()}};
    first_open[k] =
        to_sys(midnight + settings.open, Choose::earliest).time_since_epoch().count();
  }
  LocalToSys bounds(zone);
  begin = bounds(date::local_seconds{date::local_days{kFirstDay.time_since_epoch()}},
                 Choose::earliest)
              .time_since_epoch()
              .count();
  end = bounds(date::local_seconds{date::local_days{kEndDay.time_since_epoch()}},
               Choose::earliest)
            .time_since_epoch()
            .count();
}

YearTable Calendar::Impl::build(std::size_t k) const {
  const int y = kFirstHolidayYear + static_cast<int>(k);
  YearTable t;
  t.first = january_first(y);
  t.days = static_cast<std::size_t>((january_first(y + 1) - t.first).count());
  auto in_year = [&](date::year_month_day d) { return d.year() == date::year{y}; };

  // National holidays, then the overrides on top of them.
  if (settings.holidays == "jp") {
    std::map<date::sys_days, Holiday> national;
    for (auto& h : japanese_holidays(y)) {
      auto day = date::sys_days{h.date};
      national.emplace(day, std::move(h));
    }
    for (const auto& o : settings.overrides) {
      if (!in_year(o.date)) continue;
      if (o.cancel) national.erase(date::sys_days{o.date});
      else national[date::sys_days{o.date}] = Holiday{o.date, o.name, o.name_en, o.kind};
    }
    t.named.reserve(national.size());
    for (auto& [day, h] : national) t.named.push_back(std::move(h));
  }

  // Closures, one named day per date they cover.
  auto last_day = t.first + date::days{static_cast<int>(t.days) - 1};
  for (const auto& c : settings.closures) {
    auto closed = [&](date::year_month_day d) {
      t.named.push_back(Holiday{d, c.name, c.name, DayKind::closure});
    };
    if (c.recurring) {
      int f = month_day(date::year_month_day{date::year{2000}, c.from.month(), c.from.day()});
      int to = month_day(date::year_month_day{date::year{2000}, c.to.month(), c.to.day()});
      for (auto day = t.first; day <= last_day; day += date::days{1}) {
        date::year_month_day d{day};
        int md = month_day(d);
        if (f <= to ? (md >= f && md <= to) : (md >= f || md <= to)) closed(d);
      }
    } else {
      auto first = std::max(date::sys_days{c.from}, t.first);
      auto last = std::min(date::sys_days{c.to}, last_day);
      for (auto day = first; day <= last; day += date::days{1}) closed(date::year_month_day{day});
    }
  }
  std::stable_sort(t.named.begin(), t.named.end(), [](const Holiday& a, const Holiday& b) {
    return date::sys_days{a.date} < date::sys_days{b.date};
  });

  t.flags.assign(t.days, 0);
  t.named_at.assign(t.days, -1);
  auto day_of = [&](date::year_month_day d) {
    return static_cast<std::size_t>((date::sys_days{d} - t.first).count());
  };
  for (auto d : settings.working_dates)
    if (in_year(d)) t.flags[day_of(d)] |= YearTable::kWorkingDate;
  for (std::size_t n = t.named.size(); n-- > 0;)
    t.named_at[day_of(t.named[n].date)] = static_cast<std::int32_t>(n);

  // Opening and closing instants. The opening takes the earlier reading of an
  // ambiguous local time and the closing the later one, so that a day counts
  // every instant its wall clock shows business hours, and a DST change inside
  // business hours counts the time that really elapsed.
  LocalToSys to_sys(zone);
  t.open.resize(t.days + 1);
  for (std::size_t i = 0; i < t.days; ++i) {
    auto midnight = date::local_seconds{date::local_days{(t.first + date::days{i}).time_since_epoch()}};
    t.open[i] = to_sys(midnight + settings.open, Choose::earliest).time_since_epoch().count();
  }
  t.open[t.days] = first_open[k + 1];
  t.cum.assign(t.days + 1, 0);
  for (std::size_t i = 0; i < t.days; ++i) {
    auto day = t.first + date::days{i};
    bool workday = settings.workdays[date::weekday{day}.c_encoding()];
    bool business = (t.flags[i] & YearTable::kWorkingDate) || (workday && t.named_at[i] < 0);
    std::int64_t len = 0;
    if (business) {
      t.flags[i] |= YearTable::kBusiness;
      auto midnight = date::local_seconds{date::local_days{day.time_since_epoch()}};
      auto close = to_sys(midnight + settings.close, Choose::latest).time_since_epoch().count();
      // Only 24:00 closing with 00:00 opening at a backward change can overlap the next day.
      len = std::min(close, t.open[i + 1]) - t.open[i];
    }
    t.cum[i + 1] = t.cum[i] + len;
  }
  return t;
}

Calendar::Calendar(CalendarSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}
Calendar::~Calendar() = default;
Calendar::Calendar(Calendar&&) noexcept = default;
Calendar& Calendar::operator=(Calendar&&) noexcept = default;

const CalendarSettings& Calendar::settings() const { return impl_->settings; }
const Zone* Calendar::zone() const { return impl_->zone; }
std::chrono::seconds Calendar::day_length() const { return impl_->day_length; }

std::pair<Instant, Instant> Calendar::range() const {
  return {Instant{seconds{impl_->begin}}, Instant{seconds{impl_->end}}};
}

bool Calendar::is_business_day(date::year_month_day day) const {
  auto at = impl_->index(day);
  return impl_->year(at.year).flags[at.day] & YearTable::kBusiness;
}

DayStatus Calendar::day_status(date::year_month_day day) const {
  auto at = impl_->index(day);
  return impl_->year(at.year).status(at.day);
}

date::year_month_day Calendar::next_business_day(date::year_month_day day) const {
  auto at = impl_->index(day);
  for (auto k = at.year, i = at.day + 1; k < kYears; ++k, i = 0) {
    const auto& t = impl_->year(k);
    for (; i < t.days; ++i)
      if (t.flags[i] & YearTable::kBusiness) return date::year_month_day{t.first + date::days{i}};
  }
  throw data_error("no business day after " + format_date(day) + " within the calendar (" +
                   range_text() + ")");
}

date::year_month_day Calendar::previous_business_day(date::year_month_day day) const {
  auto at = impl_->index(day);
  for (auto k = at.year + 1, i = at.day; k-- > 0;) {
    const auto& t = impl_->year(k);
    while (i-- > 0)
      if (t.flags[i] & YearTable::kBusiness) return date::year_month_day{t.first + date::days{i}};
    if (k > 0) i = impl_->year(k - 1).days;
  }
  throw data_error("no business day before " + format_date(day) + " within the calendar (" +
                   range_text() + ")");
}

std::chrono::seconds Calendar::to_seconds(BusinessDuration d) const {
  if (d.amount < 0 || d.amount > kMaxAmount)
    throw data_error("business duration " + d.to_string() + " is out of range");
  switch (d.unit) {
    case BusinessDuration::Unit::days: return d.amount * impl_->day_length;
    case BusinessDuration::Unit::hours: return std::chrono::hours{d.amount};
    case BusinessDuration::Unit::minutes: return std::chrono::minutes{d.amount};
  }
  return seconds{0};
}

Instant Calendar::add(Instant t, BusinessDuration d) const { return add(t, to_seconds(d)); }

Instant Calendar::add(Instant t, std::chrono::seconds business) const {
  const Impl& m = *impl_;
  if (business < seconds{0}) throw data_error("business time to add must not be negative");
  m.check(t);
  if (business == seconds{0}) return t;
  auto ts = t.time_since_epoch().count();
  auto k = m.year_of(ts);
  const YearTable* y = &m.year(k);
  auto i = y->locate(ts);
  auto target = y->position(ts, i) + business.count();
  // Whole years are passed by their totals; the year that holds the target
  // is searched.
  std::size_t lo = i < 0 ? 0 : static_cast<std::size_t>(i);  // cum[lo] < target
  while (target > y->total()) {
    if (k + 1 == kYears)
      throw data_error("the due time falls after " + std::to_string(kLastHolidayYear) +
                       "-12-31, the end of the calendar");
    target -= y->total();
    y = &m.year(++k);
    lo = 0;
  }
  // The day that holds the target is the last j with cum[j] < target; gallop
  // forward from t's day (due times are usually days away), then bisect.
  std::size_t hi = lo + 1, step = 1;
  while (hi < y->days && y->cum[hi] < target) {
    lo = hi;
    step *= 2;
    hi = std::min(lo + step, y->days);
  }
  auto j = static_cast<std::size_t>(
               std::lower_bound(y->cum.begin() + static_cast<std::ptrdiff_t>(lo) + 1,
                                y->cum.begin() + static_cast<std::ptrdiff_t>(hi) + 1, target) -
               y->cum.begin()) -
           1;
  return Instant{seconds{y->open[j] + (target - y->cum[j])}};
}

std::chrono::seconds Calendar::between(Instant a, Instant b) const {
  const Impl& m = *impl_;
  m.check(a);
  m.check(b);
  if (b <= a) return seconds{0};
  auto as = a.time_since_epoch().count(), bs = b.time_since_epoch().count();
  auto ka = m.year_of(as), kb = m.year_of(bs);
  const auto& ya = m.year(ka);
  std::int64_t sum = -ya.position(as, ya.locate(as));
  for (auto k = ka; k < kb; ++k) sum += m.year(k).total();
  const auto& yb = m.year(kb);
  return seconds{sum + yb.position(bs, yb.locate(bs))};
}

std::vector<WalkDay> Calendar::walk(Instant a, Instant b) const {
  const Impl& m = *impl_;
  m.check(a);
  m.check(b);
  if (b < a) b = a;
  auto first = date::sys_days{local_date(a, m.zone)};
  auto last = b > a ? date::sys_days{local_date(b - seconds{1}, m.zone)} : first;
  std::vector<WalkDay> out;
  for (auto day = first; day <= last; day += date::days{1}) {
    WalkDay w;
    w.date = date::year_month_day{day};
    auto at = m.index(w.date);
    const auto& y = m.year(at.year);
    auto i = at.day;
    Instant opens{seconds{y.open[i]}};
    Instant closes = opens + seconds{y.length(i)};
    auto from = std::max(a, opens), to = std::min(b, closes);
    if (to > from) {
      w.counted = to - from;
      w.from = from;
      w.to = to;
    } else {
      w.from = w.to = std::clamp(opens, a, b);
      if (!(y.flags[i] & YearTable::kBusiness)) w.skipped = y.status(i).reason;
      else if (closes == opens) w.skipped = "no business hours";
      else if (closes <= a) w.skipped = "after business hours";
      else if (opens >= b) w.skipped = "before business hours";
      else w.skipped = "no time elapsed";
    }
    out.push_back(std::move(w));
  }
  return out;
}

Explanation Calendar::explain(Instant t, BusinessDuration d) const {
  Explanation e;
  e.start = t;
  e.duration = d;
  e.business = to_seconds(d);
  e.due = add(t, e.business);
  e.days = walk(t, e.due);
  return e;
}

std::vector<Holiday> Calendar::holidays(date::year_month_day from,
                                        date::year_month_day to) const {
  const Impl& m = *impl_;
  auto first = m.index(from);
  auto last = m.index(to);
  std::vector<Holiday> out;
  auto by_date = [](const Holiday& h, date::sys_days d) { return date::sys_days{h.date} < d; };
  for (auto k = first.year; k <= last.year; ++k) {
    const auto& y = m.year(k);
    for (auto it = std::lower_bound(y.named.begin(), y.named.end(), date::sys_days{from}, by_date);
         it != y.named.end() && date::sys_days{it->date} <= date::sys_days{to}; ++it) {
      auto i = static_cast<std::size_t>((date::sys_days{it->date} - y.first).count());
      if (y.flags[i] & YearTable::kWorkingDate) continue;  // open after all
      out.push_back(*it);
    }
  }
  return out;
}

}  // namespace sd
