// sd calendar: the desk's business-day calendar — holidays and closures,
// whether a day is a business day, due times and business time between two
// instants, a month at a glance, and the day-by-day walk behind a due time.
#include "cli.hpp"
#include "commands.hpp"
#include "completion.hpp"
#include "supportdesk/error.hpp"
#include "table.hpp"
#include "util.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace sd::cli {
namespace {

using std::chrono::seconds;

std::string weekday_name(date::year_month_day d) {
  static constexpr const char* kNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return kNames[date::weekday{d}.c_encoding()];
}

/// What every subcommand shares: `--tz` evaluates the desk's calendar in
/// another zone (same days, hours and closures, read on that zone's clock).
struct CalendarOpts {
  std::string tz;
  std::optional<Calendar> own;  ///< the calendar built for --tz

  const Calendar& calendar(Context& ctx) {
    if (tz.empty()) return ctx.calendar();
    if (!own) {
      // An unknown zone typed on the command line is bad data (65), as in
      // `sd customer add --tz`; find_zone calls it bad config (78).
      try {
        find_zone(tz, "--tz");
      } catch (const Error& e) {
        throw data_error(e.what());
      }
      auto settings = ctx.calendar().settings();
      settings.zone = tz;
      own.emplace(std::move(settings));
    }
    return *own;
  }
};

void add_tz_option(CLI::App* cmd, CalendarOpts& opts) {
  auto* o = cmd->add_option("--tz", opts.tz,
                            "Read the calendar on ZONE's clock instead of calendar.zone")
                ->type_name("ZONE");
  complete_with(o, Complete::zones);
}

/// Parses an instant argument; data Error naming `field` when it is not one
/// or falls outside the calendar's years.
Instant instant_in(Context& ctx, const Calendar& cal, const std::string& text,
                   std::string_view field) {
  auto t = parse_instant(text, cal.zone(), ctx.now(), field);
  int y = static_cast<int>(local_date(t, cal.zone()).year());
  if (y < kFirstHolidayYear || y > kLastHolidayYear)
    throw data_error(std::string(field) + ": " + text + " is outside the calendar (" +
                     std::to_string(kFirstHolidayYear) + "–" + std::to_string(kLastHolidayYear) +
                     ")");
  return t;
}

/// `11h 30m`: business time in hours and minutes (seconds dropped).
std::string hours_text(seconds s) { return format_business(s, seconds{0}); }

/// `11h 30m (1bd 2h 30m)`: the hours, and in business days when a day or more.
std::string business_text(seconds s, seconds day) {
  auto text = hours_text(s);
  if (day.count() > 0 && s >= day) text += " (" + format_business(s, day) + ")";
  return text;
}

/// `18:00`, or `18:00:30` when the seconds matter; a span ending at the next
/// midnight reads `24:00`.
std::string clock_text(Instant t, const Zone* zone, date::year_month_day day) {
  auto local = zone->to_local(t);
  auto since = local - date::local_seconds{date::local_days{day}};
  auto total = static_cast<long long>(since.count());
  long long h = total / 3600, m = (total % 3600) / 60, sec = total % 60;
  char buf[64];
  if (sec) std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", h, m, sec);
  else std::snprintf(buf, sizeof buf, "%02lld:%02lld", h, m);
  return buf;
}

Json holiday_json(const Holiday& h) {
  return Json{{"date", format_date(h.date)},
              {"name", h.name},
              {"name_en", h.name_en},
              {"kind", std::string(to_string(h.kind))}};
}

Json walk_json(const WalkDay& w, const Zone* zone) {
  Json j{{"date", format_date(w.date)}, {"weekday", weekday_name(w.date)}};
  j["counted_seconds"] = w.counted.count();
  j["counted"] = hours_text(w.counted);
  if (w.skipped.empty()) {
    j["from_at"] = format_instant(w.from, zone);
    j["to_at"] = format_instant(w.to, zone);
    j["skipped"] = nullptr;
  } else {
    j["from_at"] = nullptr;
    j["to_at"] = nullptr;
    j["skipped"] = w.skipped;
  }
  return j;
}

// --- holidays ----------------------------------------------------------------

/// A bound of `holidays`: `YYYY` (a whole year) or `YYYY-MM-DD`.
date::year_month_day range_bound(const std::string& text, bool end, std::string_view field) {
  bool year = text.size() == 4 && std::all_of(text.begin(), text.end(), [](char c) {
                return c >= '0' && c <= '9';
              });
  date::year_month_day d;
  if (year) {
    int y = std::stoi(text);
    d = end ? date::year{y} / date::December / 31 : date::year{y} / date::January / 1;
  } else {
    try {
      d = parse_date(text, field);
    } catch (const Error&) {
      throw data_error(std::string(field) + ": '" + text +
                       "' is not a year (YYYY) or a date (YYYY-MM-DD, a day that exists)");
    }
  }
  int y = static_cast<int>(d.year());
  if (y < kFirstHolidayYear || y > kLastHolidayYear)
    throw data_error(std::string(field) + ": " + text + " is outside the calendar (" +
                     std::to_string(kFirstHolidayYear) + "–" + std::to_string(kLastHolidayYear) +
                     ")");
  return d;
}

struct HolidaysOpts {
  CalendarOpts cal;
  std::string from, to;
};

void run_holidays(HolidaysOpts& o, Context& ctx) {
  const auto& cal = o.cal.calendar(ctx);
  date::year_month_day first, last;
  if (o.from.empty()) {
    auto y = local_date(ctx.now(), cal.zone()).year();
    first = y / date::January / 1;
    last = y / date::December / 31;
  } else {
    first = range_bound(o.from, false, "FROM");
    // One bound alone is that year, or that day.
    last = range_bound(o.to.empty() ? o.from : o.to, true, o.to.empty() ? "FROM" : "TO");
    if (date::sys_days{last} < date::sys_days{first})
      throw data_error("FROM " + o.from + " is after TO " + o.to);
  }
  auto list = cal.holidays(first, last);
  print_list(ctx, list, [](const Holiday& h) { return holiday_json(h); }, {"DATE", "DAY", "NAME", "ENGLISH"},
             [](const Holiday& h) {
               return std::vector<std::string>{format_date(h.date), weekday_name(h.date), h.name, h.name_en};
             });
}

// --- is-business-day ---------------------------------------------------------

struct IsBusinessDayOpts {
  CalendarOpts cal;
  std::string day;
  bool verbose = false;
};

void run_is_business_day(IsBusinessDayOpts& o, Context& ctx) {
  const auto& cal = o.cal.calendar(ctx);
  Instant t = o.day.empty() || o.day == "today" ? ctx.now() : instant_in(ctx, cal, o.day, "DATE");
  auto day = local_date(t, cal.zone());
  auto status = cal.day_status(day);
  ctx.exit_code = status.business ? 0 : 1;
  if (ctx.opts.json) {
    Json j{{"date", format_date(day)}, {"business_day", status.business}};
    j["reason"] = status.business ? Json(nullptr) : Json(status.reason);
    ctx.print_json(j);
    return;
  }
  if (!o.verbose) return;
  ctx.out << format_date(day) << " " << weekday_name(day) << ": ";
  if (!status.business) {
    ctx.out << "not a business day (" << status.reason << ")\n";
    return;
  }
  const auto& working = cal.settings().working_dates;
  bool extra = std::find(working.begin(), working.end(), day) != working.end();
  ctx.out << "business day" << (extra ? " (a configured working date)" : "") << "\n";
}

// --- add and explain ---------------------------------------------------------

struct AddOpts {
  CalendarOpts cal;
  std::string start, duration;
};

void run_add(AddOpts& o, Context& ctx) {
  const auto& cal = o.cal.calendar(ctx);
  auto start = instant_in(ctx, cal, o.start, "INSTANT");
  auto d = parse_business_duration(o.duration, "DURATION");
  auto business = cal.to_seconds(d);
  auto due = cal.add(start, business);
  if (!ctx.opts.json) {
    ctx.out << format_instant(due, cal.zone()) << "\n";
    return;
  }
  Json skipped = Json::array();
  for (const auto& w : cal.walk(start, due))
    if (!w.skipped.empty())
      skipped.push_back(Json{{"date", format_date(w.date)},
                             {"weekday", weekday_name(w.date)},
                             {"reason", w.skipped}});
  ctx.print_json(Json{{"start_at", format_instant(start, cal.zone())},
                      {"duration", d.to_string()},
                      {"business_seconds", business.count()},
                      {"business_time", business_text(business, cal.day_length())},
                      {"due_at", format_instant(due, cal.zone())},
                      {"skipped", skipped}});
}

void run_explain(AddOpts& o, Context& ctx) {
  const auto& cal = o.cal.calendar(ctx);
  auto start = instant_in(ctx, cal, o.start, "INSTANT");
  auto e = cal.explain(start, parse_business_duration(o.duration, "DURATION"));
  const auto* zone = cal.zone();
  if (ctx.opts.json) {
    Json days = Json::array();
    for (const auto& w : e.days) days.push_back(walk_json(w, zone));
    ctx.print_json(Json{{"start_at", format_instant(e.start, zone)},
                        {"duration", e.duration.to_string()},
                        {"business_seconds", e.business.count()},
                        {"business_time", business_text(e.business, cal.day_length())},
                        {"due_at", format_instant(e.due, zone)},
                        {"days", days}});
    return;
  }
  const auto& s = cal.settings();
  auto hh_mm = [](std::chrono::minutes m) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m.count() / 60),
                  static_cast<int>(m.count() % 60));
    return std::string(buf);
  };
  ctx.out << "start  " << format_instant(e.start, zone) << "\n"
          << "count  " << e.duration.to_string() << " = " << hours_text(e.business)
          << " of business time (" << hh_mm(s.open) << "-" << hh_mm(s.close) << " "
          << cal.settings().zone << ")\n\n";
  Table t({"DATE", "DAY", "COUNTED", "SPAN", "NOTE"});
  t.right(2);
  for (const auto& w : e.days) {
    if (w.skipped.empty())
      t.add({format_date(w.date), weekday_name(w.date), hours_text(w.counted),
             clock_text(w.from, zone, w.date) + "-" + clock_text(w.to, zone, w.date), ""});
    else
      t.add({format_date(w.date), weekday_name(w.date), "-", "", w.skipped});
  }
  t.add({"", "", hours_text(e.business), "", "total"});
  t.render(ctx.out, ctx.output());
  ctx.out << "\ndue    " << format_instant(e.due, zone) << "\n";
}

// --- between -----------------------------------------------------------------

struct BetweenOpts {
  CalendarOpts cal;
  std::string from, to;
};

void run_between(BetweenOpts& o, Context& ctx) {
  const auto& cal = o.cal.calendar(ctx);
  auto a = instant_in(ctx, cal, o.from, "FROM");
  auto b = instant_in(ctx, cal, o.to, "TO");
  if (b < a)
    throw data_error("TO " + format_instant(b, cal.zone()) + " is before FROM " +
                     format_instant(a, cal.zone()));
  auto s = cal.between(a, b);
  auto text = business_text(s, cal.day_length());
  if (!ctx.opts.json) {
    ctx.out << text << "\n";
    return;
  }
  double days = static_cast<double>(s.count()) / static_cast<double>(cal.day_length().count());
  ctx.print_json(Json{{"from_at", format_instant(a, cal.zone())},
                      {"to_at", format_instant(b, cal.zone())},
                      {"business_seconds", s.count()},
                      {"business_days", std::round(days * 10000.0) / 10000.0},
                      {"text", text}});
}

// --- show --------------------------------------------------------------------

struct ShowOpts {
  CalendarOpts cal;
  std::string month;
};

date::year_month parse_month(const std::string& text) {
  auto bad = [&] {
    return data_error("MONTH: '" + text + "' is not a month; use YYYY-MM (" +
                      std::to_string(kFirstHolidayYear) + "-01 to " +
                      std::to_string(kLastHolidayYear) + "-12)");
  };
  if (text.size() != 7 || text[4] != '-') throw bad();
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
    if (text[i] < '0' || text[i] > '9') throw bad();
  int y = std::stoi(text.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  date::year_month ym{date::year{y}, date::month{m}};
  if (!ym.ok() || y < kFirstHolidayYear || y > kLastHolidayYear) throw bad();
  return ym;
}

void run_show(ShowOpts& o, Context& ctx) {
  const auto& cal = o.cal.calendar(ctx);
  date::year_month ym;
  if (o.month.empty()) {
    auto today = local_date(ctx.now(), cal.zone());
    ym = today.year() / today.month();
  } else {
    ym = parse_month(o.month);
  }
  date::year_month_day first = ym / 1;
  date::year_month_day last = ym / date::last;
  const auto& working = cal.settings().working_dates;
  auto is_working_date = [&](date::year_month_day d) {
    return std::find(working.begin(), working.end(), d) != working.end();
  };
  auto named = cal.holidays(first, last);

  if (ctx.opts.json) {
    Json days = Json::array();
    for (auto d = date::sys_days{first}; d <= date::sys_days{last}; d += date::days{1}) {
      date::year_month_day day{d};
      auto st = cal.day_status(day);
      Json j{{"date", format_date(day)}, {"weekday", weekday_name(day)},
             {"business_day", st.business}};
      j["reason"] = st.business ? Json(nullptr) : Json(st.reason);
      j["working_date"] = is_working_date(day);
      days.push_back(j);
    }
    Json holidays = Json::array();
    for (const auto& h : named) holidays.push_back(holiday_json(h));
    ctx.print_json(Json{{"month", date::format("%Y-%m", ym / 1)},
                        {"days", days},
                        {"holidays", holidays}});
    return;
  }

  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};
  std::string title = std::string(kMonths[static_cast<unsigned>(ym.month()) - 1]) + " " +
                      std::to_string(static_cast<int>(ym.year()));
  constexpr std::size_t kWidth = 27;  // seven 4-column cells, less the last marker
  ctx.out << std::string((kWidth - std::min(kWidth, title.size())) / 2, ' ') << title << "\n";
  ctx.out << " Su  Mo  Tu  We  Th  Fr  Sa\n";
  bool colour = ctx.output().colour;
  std::string line(4 * date::weekday{first}.c_encoding(), ' ');
  for (auto d = date::sys_days{first}; d <= date::sys_days{last}; d += date::days{1}) {
    date::year_month_day day{d};
    auto st = cal.day_status(day);
    char marker = st.holiday ? '*' : is_working_date(day) ? '+' : ' ';
    char num[4];
    std::snprintf(num, sizeof num, "%3u", static_cast<unsigned>(day.day()));
    if (colour && !st.business) line += std::string("\x1b[31m") + num + "\x1b[0m";
    else line += num;
    line += marker;
    if (date::weekday{d} == date::Saturday || d == date::sys_days{last}) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      ctx.out << line << "\n";
      line.clear();
    }
  }
  bool any_working = false;
  for (auto d : working)
    any_working = any_working || (date::sys_days{d} >= date::sys_days{first} &&
                                  date::sys_days{d} <= date::sys_days{last});
  if (named.empty() && !any_working) return;
  ctx.out << "\n";
  if (!named.empty()) {
    Table t({"DATE", "DAY", "NAME", "ENGLISH"});
    for (const auto& h : named)
      t.add({format_date(h.date), weekday_name(h.date), h.name, h.name_en});
    t.render(ctx.out, ctx.output());
  }
  ctx.out << "\n* holiday or closure" << (any_working ? "   + working date" : "") << "\n";
}

}  // namespace

void register_calendar(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand(
      "calendar", "The business-day calendar: holidays, business days and due times");
  grp->require_subcommand(1);

  auto hol = std::make_shared<HolidaysOpts>();
  auto* holidays = grp->add_subcommand(
      "holidays", "List holidays and closures of a year (default: this year) or a range");
  holidays->add_option("FROM", hol->from, "A year (YYYY) or a date (YYYY-MM-DD)");
  holidays->add_option("TO", hol->to, "The last year or date of the range (default: FROM)");
  add_tz_option(holidays, hol->cal);
  add_list_options(holidays, ctx);
  holidays->callback([&ctx, hol] { run_holidays(*hol, ctx); });

  auto ibd = std::make_shared<IsBusinessDayOpts>();
  auto* is_bd = grp->add_subcommand(
      "is-business-day", "Exit 0 if DATE (default: today) is a business day, 1 if not");
  is_bd->add_option("DATE", ibd->day, "A date (YYYY-MM-DD), 'today', or an instant");
  is_bd->add_flag("-v,--verbose", ibd->verbose, "Say why it is or is not a business day");
  add_tz_option(is_bd, ibd->cal);
  is_bd->callback([&ctx, ibd] { run_is_business_day(*ibd, ctx); });

  auto add_opts = std::make_shared<AddOpts>();
  auto* add = grp->add_subcommand("add", "The due time: INSTANT plus DURATION of business time");
  add->add_option("INSTANT", add_opts->start,
                  "Start: ISO 8601, a local time, a date, or 'now'")
      ->required();
  add->add_option("DURATION", add_opts->duration, "Business time: Nbd, Nbh or Nbm (5bd, 3bh, 90bm)")
      ->required();
  add_tz_option(add, add_opts->cal);
  add->callback([&ctx, add_opts] { run_add(*add_opts, ctx); });

  auto between_opts = std::make_shared<BetweenOpts>();
  auto* between = grp->add_subcommand("between", "Business time from FROM to TO");
  between->add_option("FROM", between_opts->from,
                      "Start: ISO 8601, a local time, a date, or 'now'")
      ->required();
  between->add_option("TO", between_opts->to, "End, not before FROM")->required();
  add_tz_option(between, between_opts->cal);
  between->callback([&ctx, between_opts] { run_between(*between_opts, ctx); });

  auto show_opts = std::make_shared<ShowOpts>();
  auto* show = grp->add_subcommand(
      "show", "A month's grid with holidays and closures marked (default: this month)");
  show->add_option("MONTH", show_opts->month, "The month: YYYY-MM");
  add_tz_option(show, show_opts->cal);
  show->callback([&ctx, show_opts] { run_show(*show_opts, ctx); });

  auto explain_opts = std::make_shared<AddOpts>();
  auto* explain = grp->add_subcommand(
      "explain", "How INSTANT plus DURATION reaches its due time, day by day");
  explain->add_option("INSTANT", explain_opts->start,
                      "Start: ISO 8601, a local time, a date, or 'now'")
      ->required();
  explain->add_option("DURATION", explain_opts->duration,
                      "Business time: Nbd, Nbh or Nbm (5bd, 3bh, 90bm)")
      ->required();
  add_tz_option(explain, explain_opts->cal);
  explain->callback([&ctx, explain_opts] { run_explain(*explain_opts, ctx); });
}

}  // namespace sd::cli
