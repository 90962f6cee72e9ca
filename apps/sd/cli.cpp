#include "cli.hpp"

#include "supportdesk/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace sd::cli {

std::string words_or(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return out;
}

std::string flag_name(const std::string& names) {
  std::string best;
  std::size_t at = 0;
  while (at <= names.size()) {
    auto comma = names.find(',', at);
    if (comma == std::string::npos) comma = names.size();
    auto name = names.substr(at, comma - at);
    if (name.rfind("--", 0) == 0 || best.empty()) best = name;
    at = comma + 1;
  }
  return best;
}

void add_list_options(CLI::App* list, Context& ctx) {
  list->add_option("--fields", ctx.opts.shape.fields,
                   "Only these, in this order: JSON keys with --json or --jsonl, else column headings (any case)")
      ->delimiter(',')
      ->type_name("NAME,...");
  list->add_option("--sort", ctx.opts.shape.sort,
                   "Sort by these JSON keys (a.b inside an object; -KEY descending), nulls last")
      ->delimiter(',')
      ->type_name("KEY,...");
}

CLI::Option* add_count(CLI::App* app, const std::string& names, std::size_t& target, std::size_t least,
                       const std::string& description) {
  std::string flag = flag_name(names);
  // Read as a signed number, so that a negative one is refused here rather
  // than wrapped round into a huge count.
  auto* opt = app->add_option_function<long long>(
      names,
      [&target, least, flag](const long long& n) {
        if (n < 0 || static_cast<unsigned long long>(n) < least)
          throw data_error(flag + ": '" + std::to_string(n) + "' is not allowed; use a whole number, " +
                           std::to_string(least) + " or more");
        target = static_cast<std::size_t>(n);
      },
      description);
  opt->type_name("N");
  return opt;
}

CLI::Option* add_optional_text(CLI::App* app, const std::string& name, std::optional<std::string>& target,
                               const std::string& description) {
  return app->add_option_function<std::string>(name, [&target](const std::string& v) { target = v; }, description);
}

CLI::Option* add_time(CLI::App* app, const std::string& name, std::string& target, const std::string& description) {
  auto* opt = app->add_option(name, target, description);
  opt->check(CLI::Validator(
      [name](std::string& text) -> std::string {
        if (text.empty())
          throw data_error(name + ": an empty time is not allowed; use ISO 8601 (2026-11-30T15:00+09:00), a local "
                                  "time (2026-11-30T15:00), a date (2026-11-30) or 'now'");
        return {};
      },
      ""));
  return opt;
}

CLI::Validator finite_number(double most) {
  return CLI::Validator(
      [most](std::string& text) -> std::string {
        std::string_view t = text;
        if (!t.empty() && (t.front() == '-' || t.front() == '+')) t.remove_prefix(1);
        bool digits = !t.empty() && std::all_of(t.begin(), t.end(), [](char ch) {
          return (ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == 'E' || ch == '-' || ch == '+';
        });
        char* end = nullptr;
        double v = digits ? std::strtod(text.c_str(), &end) : 0;
        if (!digits || end != text.c_str() + text.size() || !std::isfinite(v) || v > most)
          return "'" + text + "' is not allowed; use a number up to " + std::to_string(static_cast<long long>(most));
        return {};
      },
      "");
}

Urgency request_urgency(Context& ctx, const Request& r, const SloClock& c) {
  if (c.late()) return Urgency::missed;
  if (!is_open(r.status) || !c.started || c.paused || !c.due) return Urgency::ok;
  return urgency(*c.due, ctx.now(), kRequestDueSoon);
}

Urgency incident_urgency(const IncidentClock& c, Instant now) {
  if (c.first_slo_met == false || c.reopen_slo_met == false) return Urgency::missed;
  if (c.pending.empty()) return Urgency::ok;
  return urgency(c.pending.front().due, now, kIncidentDueSoon);
}

std::string paint(Context& ctx, Tone tone, const std::string& text) {
  return ctx.output().colour ? in_tone(tone, text) : text;
}

const char* nagios_word(Urgency u) {
  switch (u) {
    case Urgency::ok: return "OK";
    case Urgency::due_soon: return "WARNING";
    case Urgency::missed: return "CRITICAL";
  }
  return "UNKNOWN";
}

void print_nagios(Context& ctx, const NagiosResult& r) {
  if (ctx.opts.json) {
    Json j{{"status", nagios_word(r.worst)}};
    for (auto& [k, v] : r.counts.items()) j[k] = v;
    j[r.list_name] = r.items;
    ctx.print_json(j);
  } else {
    std::ostringstream status;
    status << r.service << " " << nagios_word(r.worst) << " - " << r.summary;
    // Nagios plugin performance data: label=value;warn;crit;min
    for (std::size_t i = 0; i < r.perf.size(); ++i) {
      const auto& p = r.perf[i];
      status << (i == 0 ? " | " : " ") << p.label << "=" << p.value << ";"
             << (p.warn ? std::to_string(*p.warn) : "") << ";" << (p.crit ? std::to_string(*p.crit) : "") << ";0";
    }
    // CRITICAL red, WARNING yellow, on a terminal (sd(1) OUTPUT).
    ctx.out << paint(ctx, tone_of(r.worst), status.str()) << "\n";
    // A line may quote an incident's title, which may come from a payload.
    for (const auto& line : r.lines) ctx.out << printable(line) << "\n";
  }
  ctx.exit_code = static_cast<int>(r.worst);
}

}  // namespace sd::cli
