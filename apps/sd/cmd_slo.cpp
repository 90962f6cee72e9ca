// sd slo: compliance with the targets (white paper appendix 5) for people
// and cron, Prometheus metrics, and the Nagios check of open requests.
#include "cli.hpp"
#include "commands.hpp"
#include "file_write.hpp"
#include "util.hpp"

#include <algorithm>

namespace sd::cli {
namespace {

/// The period from --from/--to, --month or --year (default: this month).
Period choose_period(Context& ctx, Reports& desk, const std::string& from, const std::string& to,
                     const std::string& month, const std::string& year) {
  int given = (!from.empty() || !to.empty()) + !month.empty() + !year.empty();
  if (given > 1) throw usage_error("give one of --from/--to, --month or --year");
  if (!from.empty() || !to.empty()) {
    if (from.empty() || to.empty()) throw usage_error("--from and --to go together");
    return desk.range_period(parse_date(from, "--from"), parse_date(to, "--to"));
  }
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  if (!year.empty()) {
    if (year.size() != 4 || !digits(year)) throw data_error("--year: '" + year + "' is not a year; use YYYY");
    return desk.year_period(std::stoi(year));
  }
  if (!month.empty()) {
    std::string_view mv = month;
    if (mv.size() != 7 || mv[4] != '-' || !digits(mv.substr(0, 4)) || !digits(mv.substr(5)))
      throw data_error("--month: '" + month + "' is not a month; use YYYY-MM");
    auto m = static_cast<unsigned>(std::stoi(month.substr(5)));
    if (m < 1 || m > 12) throw data_error("--month: '" + month + "' is not a month; use YYYY-MM");
    return desk.month_period(std::stoi(month.substr(0, 4)), m);
  }
  auto today = local_date(ctx.now(), ctx.zone());
  return desk.month_period(static_cast<int>(today.year()), static_cast<unsigned>(today.month()));
}

enum class SloFormat { table, json, csv, markdown, html };
const Choices<SloFormat> kSloFormats = {{"table", SloFormat::table},
                                        {"json", SloFormat::json},
                                        {"csv", SloFormat::csv},
                                        {"markdown", SloFormat::markdown},
                                        {"html", SloFormat::html}};
const Choices<SloFormat> kServiceFormats = {
    {"markdown", SloFormat::markdown}, {"html", SloFormat::html}, {"json", SloFormat::json}};

struct ReportOptions {
  std::string from, to, month, year, customer;
  SloFormat format = SloFormat::table;
  bool fail_on_breach = false;
  std::optional<bool> bom;  ///< --bom / --no-bom; unset: [report] csv_bom
};
void run_report(const ReportOptions& o, Context& ctx) {
  auto format = ctx.opts.json ? SloFormat::json : o.format;
  if (o.bom && format != SloFormat::csv) throw usage_error(std::string(*o.bom ? "--bom" : "--no-bom") + " goes with --format csv");
  Reports reports(ctx.desk());
  auto period = choose_period(ctx, reports, o.from, o.to, o.month, o.year);
  auto r = reports.slo_report(period, given(o.customer));
  if (format == SloFormat::json) {
    ctx.print_json(to_json(r, ctx.zone()));
  } else {
    auto doc = slo_document(r, ctx.zone());
    switch (format) {
      case SloFormat::csv:
        // A byte order mark lets Excel on Japanese Windows read the file as UTF-8.
        if (o.bom.value_or(ctx.config().csv_bom)) ctx.out << kUtf8Bom;
        ctx.out << render_csv(doc);
        break;
      case SloFormat::markdown: ctx.out << render_markdown(doc); break;
      case SloFormat::html: ctx.out << render_html(doc); break;
      default: ctx.out << render_text(doc); break;
    }
  }
  if (o.fail_on_breach && r.any_missed()) ctx.exit_code = 1;
}

struct MetricsOptions {
  std::string output;
};
void run_metrics(const MetricsOptions& o, Context& ctx) {
  auto text = Reports(ctx.desk()).metrics();
  if (o.output.empty()) ctx.out << text;
  else write_file_atomically(o.output, text, 0644);
}

/// The largest --warn (business hours) and --unscheduled-age (days): past
/// any due time the calendar holds, and small enough to count in seconds.
constexpr double kMaxWarnHours = 1'000'000;
constexpr double kMaxAgeDays = 100'000;

struct CheckOptions {
  double warn = static_cast<double>(kRequestDueSoon.count());  ///< at most kMaxWarnHours
  std::string customer;
  std::optional<double> unscheduled_age;  ///< days; else the config's
};
void run_check(const CheckOptions& o, Context& ctx) {
  if (o.warn < 0) throw data_error("--warn: must be 0 or more business hours");
  auto warn = std::chrono::seconds{static_cast<std::int64_t>(o.warn * 3600)};
  auto age_days = o.unscheduled_age.value_or(
      static_cast<double>(ctx.config().unscheduled_warn.count()) / 24.0);
  if (age_days < 0) throw data_error("--unscheduled-age: must be 0 or more days");
  auto age = std::chrono::seconds{static_cast<std::int64_t>(age_days * 86400)};
  Requests requests(ctx.desk());
  auto items = requests.check(warn, given(o.customer));
  auto waiting = requests.unscheduled(age, given(o.customer));
  NagiosResult r;
  r.service = "SD SLO";
  auto t = tally(items);
  r.worst = t.worst;
  if (!waiting.empty() && r.worst == Urgency::ok) r.worst = Urgency::due_soon;
  int soon = t.due_soon, overdue = t.missed, unscheduled = static_cast<int>(waiting.size());
  std::ostringstream warn_text, age_text;
  warn_text << o.warn;
  age_text << age_days;
  r.summary = std::to_string(overdue) + " request" + (overdue == 1 ? "" : "s") + " overdue, " + std::to_string(soon) +
              " due within " + warn_text.str() + " business hours";
  if (unscheduled)
    r.summary += ", " + std::to_string(unscheduled) + " without a date for more than " + age_text.str() + " days";
  auto open = static_cast<std::int64_t>(requests.open_count(given(o.customer)));
  r.counts = Json{{"overdue", overdue}, {"due_soon", soon}, {"unscheduled", unscheduled}, {"open", open}};
  r.perf = {{"overdue", overdue, std::nullopt, 1},
            {"due_soon", soon, 1, std::nullopt},
            {"unscheduled", unscheduled, 1, std::nullopt},
            {"open", open, std::nullopt, std::nullopt}};
  r.list_name = "requests";
  auto day = ctx.calendar().day_length();
  for (const auto& it : items) {
    // Business time, or wall time for an urgent request.
    auto span = [&](std::chrono::seconds s) { return it.wall ? format_duration(s) : format_business(s, day); };
    std::string target = it.desired ? "desired " : "due ";
    r.items.push_back(Json{{"key", it.request.key()}, {"state", nagios_word(it.state)},
                           {"due_at", iso(ctx, *it.request.due_at)}, {"left_seconds", it.left.count()},
                           {"title", it.request.title},
                           {"target", it.desired ? "desired" : "due"}, {"target_at", iso(ctx, it.due)},
                           {"clock", it.wall ? "wall" : "business"}, {"unscheduled_seconds", nullptr}});
    r.lines.push_back(std::string(nagios_word(it.state)) + " " + it.request.key() + " " + target +
                      iso(ctx, it.due) + ", " +
                      (it.state == Urgency::missed
                           ? (it.wall ? "late " + format_duration(-it.left)
                                      : late_text(-it.left,
                                                  std::chrono::duration_cast<std::chrono::seconds>(ctx.now() - it.due),
                                                  day))
                           : span(it.left) + " left") +
                      "  " + it.request.title);
  }
  for (const auto& w : waiting) {
    auto waited = unscheduled_age(w, ctx.now()).value_or(std::chrono::seconds{0});
    r.items.push_back(Json{{"key", w.key()}, {"state", nagios_word(Urgency::due_soon)}, {"due_at", nullptr},
                           {"left_seconds", nullptr}, {"title", w.title}, {"target", "date"},
                           {"target_at", nullptr}, {"clock", nullptr}, {"unscheduled_seconds", waited.count()}});
    r.lines.push_back(std::string(nagios_word(Urgency::due_soon)) + " " + w.key() + " without a date for " +
                      format_duration(waited) + " (received " + iso(ctx, w.received_at) + ")  " + w.title);
  }
  print_nagios(ctx, r);
}

struct ServiceOptions {
  std::string customer, month;
  SloFormat format = SloFormat::markdown;
};
void run_service(const ServiceOptions& o, Context& ctx) {
  auto format = ctx.opts.json ? SloFormat::json : o.format;
  Reports reports(ctx.desk());
  auto period = choose_period(ctx, reports, "", "", o.month, "");
  auto ymd = local_date(period.from, ctx.zone());
  auto r = reports.service_report(o.customer, static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
  if (format == SloFormat::json) ctx.print_json(to_json(r, ctx.zone()));
  else if (format == SloFormat::html) ctx.out << render_html(service_document(r, ctx.zone()));
  else ctx.out << render_markdown(service_document(r, ctx.zone()));
}

}  // namespace

void register_slo(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("slo", "SLO/SLA compliance: reports, Prometheus metrics, the request check");
  grp->require_subcommand(1);

  auto o = std::make_shared<ReportOptions>();
  auto* report = grp->add_subcommand("report", "Appendix 5: every type's target and whether it was kept, and incidents");
  report->add_option("--from", o->from, "First day of the period (YYYY-MM-DD), with --to");
  report->add_option("--to", o->to, "Last day of the period (YYYY-MM-DD), included");
  report->add_option("--month", o->month, "A month: YYYY-MM (default: this month)");
  report->add_option("--year", o->year, "A year: YYYY");
  report->add_option("--customer", o->customer, "Only this customer's");
  add_choice(report, "--format", o->format, kSloFormats, "table (default), json, csv, markdown or html");
  report->add_flag("--fail-on-breach", o->fail_on_breach, "Exit 1 when any target was missed");
  report->add_flag_function(
      "--bom,!--no-bom", [o](std::int64_t n) { o->bom = n > 0; },
      "CSV: start with a UTF-8 byte order mark, for Excel (default: [report] csv_bom in the config)");
  report->callback([&ctx, o] { run_report(*o, ctx); });

  auto m = std::make_shared<MetricsOptions>();
  auto* metrics = grp->add_subcommand("metrics", "Prometheus textfile metrics (node_exporter), written atomically");
  metrics->add_option("--output", m->output, "Write to this file (atomically) instead of stdout");
  metrics->callback([&ctx, m] { run_metrics(*m, ctx); });

  auto c = std::make_shared<CheckOptions>();
  auto* check = grp->add_subcommand("check", "For cron and monitoring (Nagios): open requests near or past their due time");
  check->add_option("--warn", c->warn, "WARNING within this many business hours of the due time (default 2)")
      ->check(finite_number(kMaxWarnHours));
  check->add_option("--customer", c->customer, "Only this customer's requests");
  check->add_option("--unscheduled-age", c->unscheduled_age,
                    "WARNING for a low request without a date for more than this many days "
                    "(default: the config's, 14)")
      ->check(finite_number(kMaxAgeDays));
  check->callback([&ctx, c] { run_check(*c, ctx); });
}

void register_report(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("report", "Reports for customers: the monthly service report");
  grp->require_subcommand(1);
  auto o = std::make_shared<ServiceOptions>();
  auto* service = grp->add_subcommand("service", "The monthly service report (§5.3.3) for one customer");
  service->add_option("--customer", o->customer, "Customer key")->required();
  service->add_option("--month", o->month, "The month: YYYY-MM")->required();
  add_choice(service, "--format", o->format, kServiceFormats,
             "markdown (default; pastes into a Backlog wiki), html or json");
  service->callback([&ctx, o] { run_service(*o, ctx); });
}

}  // namespace sd::cli
