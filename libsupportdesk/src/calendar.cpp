// The desk calendar: a table of every local day from 1955 to 2099 with its
// opening instant and the business seconds before it, so that business-time
// arithmetic is a look-up and a short search instead of a walk.
#include "supportdesk/calendar.hpp"

#include "supportdesk/error.hpp"

#include <algorithm>
#include <map>

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
  explicit LocalToSys(const date::time_zone* zone) : zone_(zone) {}

  /// `lt` in UTC. A reading that does not exist (clocks jumped forward over
  /// it) is the instant of the jump; one that exists twice (clocks went back)
  /// is resolved by `choice`.
  date::sys_seconds operator()(date::local_seconds lt, date::choose choice) {
    if (have_) {
      date::sys_seconds s{lt.time_since_epoch() - info_.offset};
      // More than a day inside the cached period, `lt` has this one reading:
      // offsets differ by less than a day, so no other period can reach it.
      if (s - info_.begin > kMargin && info_.end - s > kMargin) return s;
    }
    auto li = zone_->get_info(lt);
    have_ = true;
    switch (li.result) {
      case date::local_info::unique:
        info_ = li.first;
        return date::sys_seconds{lt.time_since_epoch() - li.first.offset};
      case date::local_info::nonexistent:
        info_ = li.second;
        return li.first.end;
      case date::local_info::ambiguous:
        info_ = choice == date::choose::earliest ? li.first : li.second;
        return date::sys_seconds{lt.time_since_epoch() - info_.offset};
    }
    return date::sys_seconds{lt.time_since_epoch() - li.first.offset};
  }

 private:
  static constexpr seconds kMargin{kSecondsPerDay};
  const date::time_zone* zone_;
  date::sys_info info_{};
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

struct Calendar::Impl {
  CalendarSettings settings;
  const date::time_zone* zone = nullptr;
  seconds day_length{0};
  std::size_t days = 0;               ///< local days in the table
  std::vector<std::int64_t> open;     ///< UTC seconds of each day's opening time
  std::vector<std::int64_t> cum;      ///< business seconds before each day; days + 1 entries
  std::vector<std::uint8_t> flags;    ///< kBusiness | kWorkingDate
  std::vector<std::int32_t> named_at; ///< first entry of `named` on the day, or -1
  std::vector<Holiday> named;         ///< national holidays and closures, by date
  std::int64_t begin = 0, end = 0;    ///< UTC seconds of the first and past-last local midnight

  static constexpr std::uint8_t kBusiness = 1;
  static constexpr std::uint8_t kWorkingDate = 2;

  explicit Impl(CalendarSettings s);

  std::int64_t length(std::size_t i) const { return cum[i + 1] - cum[i]; }

  std::size_t index(date::year_month_day d) const {
    if (!d.ok()) throw data_error(date::format("%Y-%m-%d", d) + " is not a date");
    auto day = date::sys_days{d};
    if (day < kFirstDay || day >= kEndDay)
      throw data_error(date::format("%Y-%m-%d", d) + " is outside the calendar (" +
                       range_text() + ")");
    return static_cast<std::size_t>((day - kFirstDay).count());
  }

  void check(Instant t) const {
    auto s = t.time_since_epoch().count();
    if (s < begin || s > end)
      throw data_error(format_instant(t, zone) + " is outside the calendar (" + range_text() +
                       ")");
  }

  /// The last day whose opening time is at or before `t`, or -1.
  std::ptrdiff_t locate(std::int64_t t) const {
    auto n = static_cast<std::ptrdiff_t>(days);
    auto guess = t - open[0];
    std::ptrdiff_t i = guess < 0 ? -1 : static_cast<std::ptrdiff_t>(guess / kSecondsPerDay);
    i = std::min(i, n - 1);
    while (i + 1 < n && open[static_cast<std::size_t>(i + 1)] <= t) ++i;
    while (i >= 0 && open[static_cast<std::size_t>(i)] > t) --i;
    return i;
  }

  /// Business seconds from the table's start to `t`: non-decreasing, and
  /// rising one for one with time inside business hours.
  std::int64_t position(std::int64_t t, std::ptrdiff_t i) const {
    if (i < 0) return 0;
    auto k = static_cast<std::size_t>(i);
    return cum[k] + std::min(t - open[k], length(k));
  }
  std::int64_t position(std::int64_t t) const { return position(t, locate(t)); }

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
  days = static_cast<std::size_t>((kEndDay - kFirstDay).count());

  auto in_range = [](date::year_month_day d) {
    return d.ok() && date::sys_days{d} >= kFirstDay && date::sys_days{d} < kEndDay;
  };

  // National holidays, then the overrides on top of them.
  if (settings.holidays == "jp") {
    std::map<date::sys_days, Holiday> national;
    for (int y = kFirstHolidayYear; y <= kLastHolidayYear; ++y)
      for (auto& h : japanese_holidays(y)) {
        auto day = date::sys_days{h.date};
        national.emplace(day, std::move(h));
      }
    for (const auto& o : settings.overrides) {
      if (!in_range(o.date))
        throw config_error("holiday overrides: " + date::format("%Y-%m-%d", o.date) +
                           " is outside " + range_text());
      if (o.cancel) national.erase(date::sys_days{o.date});
      else national[date::sys_days{o.date}] = Holiday{o.date, o.name, o.name_en, o.kind};
    }
    named.reserve(national.size());
    for (auto& [day, h] : national) named.push_back(std::move(h));
  }

  // Closures, one named day per date they cover.
  for (const auto& c : settings.closures) {
    auto closed = [&](date::year_month_day d) {
      named.push_back(Holiday{d, c.name, c.name, DayKind::closure});
    };
    if (c.recurring) {
      date::year_month_day leap_from{date::year{2000}, c.from.month(), c.from.day()};
      date::year_month_day leap_to{date::year{2000}, c.to.month(), c.to.day()};
      if (!leap_from.ok() || !leap_to.ok())
        throw config_error("calendar.closed: a recurring closure needs valid MM-DD ends");
      int f = month_day(leap_from), t = month_day(leap_to);
      for (auto day = kFirstDay; day < kEndDay; day += date::days{1}) {
        date::year_month_day d{day};
        int md = month_day(d);
        if (f <= t ? (md >= f && md <= t) : (md >= f || md <= t)) closed(d);
      }
    } else {
      if (!c.from.ok() || !c.to.ok() || c.to < c.from)
        throw config_error("calendar.closed: " + date::format("%Y-%m-%d", c.from) + ".." +
                           date::format("%Y-%m-%d", c.to) + " is not a range of dates");
      auto first = std::max(date::sys_days{c.from}, kFirstDay);
      auto last = std::min(date::sys_days{c.to}, kEndDay - date::days{1});
      for (auto day = first; day <= last; day += date::days{1}) closed(date::year_month_day{day});
    }
  }
  std::stable_sort(named.begin(), named.end(), [](const Holiday& a, const Holiday& b) {
    return date::sys_days{a.date} < date::sys_days{b.date};
  });

  flags.assign(days, 0);
  named_at.assign(days, -1);
  for (auto d : settings.working_dates) {
    if (!in_range(d))
      throw config_error("calendar.open: " + date::format("%Y-%m-%d", d) + " is outside " +
                         range_text());
    flags[index(d)] |= kWorkingDate;
  }
  for (std::size_t k = named.size(); k-- > 0;)
    named_at[index(named[k].date)] = static_cast<std::int32_t>(k);

  // Opening and closing instants. The opening takes the earlier reading of an
  // ambiguous local time and the closing the later one, so that a day counts
  // every instant its wall clock shows business hours, and a DST change inside
  // business hours counts the time that really elapsed.
  LocalToSys to_sys(zone);
  open.resize(days + 1);
  for (std::size_t i = 0; i <= days; ++i) {
    auto midnight = date::local_seconds{date::local_days{(kFirstDay + date::days{i}).time_since_epoch()}};
    open[i] = to_sys(midnight + settings.open, date::choose::earliest).time_since_epoch().count();
  }
  cum.assign(days + 1, 0);
  for (std::size_t i = 0; i < days; ++i) {
    auto day = kFirstDay + date::days{i};
    bool workday = settings.workdays[date::weekday{day}.c_encoding()];
    bool business = (flags[i] & kWorkingDate) || (workday && named_at[i] < 0);
    std::int64_t len = 0;
    if (business) {
      flags[i] |= kBusiness;
      auto midnight = date::local_seconds{date::local_days{day.time_since_epoch()}};
      auto close = to_sys(midnight + settings.close, date::choose::latest).time_since_epoch().count();
      // Only 24:00 closing with 00:00 opening at a backward change can overlap the next day.
      len = std::min(close, open[i + 1]) - open[i];
    }
    cum[i + 1] = cum[i] + len;
  }
  open.resize(days);

  LocalToSys bounds(zone);
  begin = bounds(date::local_seconds{date::local_days{kFirstDay.time_since_epoch()}},
                 date::choose::earliest)
              .time_since_epoch()
              .count();
  end = bounds(date::local_seconds{date::local_days{kEndDay.time_since_epoch()}},
               date::choose::earliest)
            .time_since_epoch()
            .count();
}

Calendar::Calendar(CalendarSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}
Calendar::~Calendar() = default;
Calendar::Calendar(Calendar&&) noexcept = default;
Calendar& Calendar::operator=(Calendar&&) noexcept = default;

const CalendarSettings& Calendar::settings() const { return impl_->settings; }
const date::time_zone* Calendar::zone() const { return impl_->zone; }
std::chrono::seconds Calendar::day_length() const { return impl_->day_length; }

std::pair<Instant, Instant> Calendar::range() const {
  return {Instant{seconds{impl_->begin}}, Instant{seconds{impl_->end}}};
}

bool Calendar::is_business_day(date::year_month_day day) const {
  return impl_->flags[impl_->index(day)] & Impl::kBusiness;
}

DayStatus Calendar::day_status(date::year_month_day day) const {
  return impl_->status(impl_->index(day));
}

date::year_month_day Calendar::next_business_day(date::year_month_day day) const {
  for (auto i = impl_->index(day) + 1; i < impl_->days; ++i)
    if (impl_->flags[i] & Impl::kBusiness) return date::year_month_day{kFirstDay + date::days{i}};
  throw data_error("no business day after " + format_date(day) + " within the calendar (" +
                   range_text() + ")");
}

date::year_month_day Calendar::previous_business_day(date::year_month_day day) const {
  for (auto i = impl_->index(day); i-- > 0;)
    if (impl_->flags[i] & Impl::kBusiness) return date::year_month_day{kFirstDay + date::days{i}};
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
  auto i = m.locate(ts);
  auto target = m.position(ts, i) + business.count();
  if (target > m.cum[m.days])
    throw data_error("the due time falls after " + std::to_string(kLastHolidayYear) +
                     "-12-31, the end of the calendar");
  // The day that holds the target is the last k with cum[k] < target; gallop
  // forward from t's day (due times are usually days away), then bisect.
  std::size_t lo = i < 0 ? 0 : static_cast<std::size_t>(i);  // cum[lo] < target
  std::size_t hi = lo + 1, step = 1;
  while (hi < m.days && m.cum[hi] < target) {
    lo = hi;
    step *= 2;
    hi = std::min(lo + step, m.days);
  }
  auto k = static_cast<std::size_t>(
      std::lower_bound(m.cum.begin() + static_cast<std::ptrdiff_t>(lo) + 1,
                       m.cum.begin() + static_cast<std::ptrdiff_t>(hi) + 1, target) -
      m.cum.begin());
  auto j = k - 1;
  return Instant{seconds{m.open[j] + (target - m.cum[j])}};
}

std::chrono::seconds Calendar::between(Instant a, Instant b) const {
  impl_->check(a);
  impl_->check(b);
  if (b <= a) return seconds{0};
  return seconds{impl_->position(b.time_since_epoch().count()) -
                 impl_->position(a.time_since_epoch().count())};
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
    auto i = m.index(w.date);
    Instant opens{seconds{m.open[i]}};
    Instant closes = opens + seconds{m.length(i)};
    auto from = std::max(a, opens), to = std::min(b, closes);
    if (to > from) {
      w.counted = to - from;
      w.from = from;
      w.to = to;
    } else {
      w.from = w.to = std::clamp(opens, a, b);
      if (!(m.flags[i] & Impl::kBusiness)) w.skipped = m.status(i).reason;
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
  m.index(from);
  m.index(to);
  std::vector<Holiday> out;
  auto by_date = [](const Holiday& h, date::sys_days d) { return date::sys_days{h.date} < d; };
  for (auto it = std::lower_bound(m.named.begin(), m.named.end(), date::sys_days{from}, by_date);
       it != m.named.end() && date::sys_days{it->date} <= date::sys_days{to}; ++it) {
    if (m.flags[m.index(it->date)] & Impl::kWorkingDate) continue;  // open after all
    out.push_back(*it);
  }
  return out;
}

}  // namespace sd
