// sd alert: alert intake from monitoring systems, and the inbox of payloads
// that could not be parsed or placed (nothing is ever dropped).
#include "cli.hpp"
#include "commands.hpp"
#include "util.hpp"

#include <iostream>

namespace sd::cli {
namespace {

void print_result(Context& ctx, const IngestResult& r) {
  if (ctx.opts.json) {
    Json out = Json::array();
    for (const auto& o : r.outcomes)
      out.push_back(Json{{"identity", o.identity}, {"action", o.action}, {"key", text_or_null(o.key)}});
    Json j{{"alerts", out}};
    j["inbox_id"] = r.inbox_id ? Json(*r.inbox_id) : Json(nullptr);
    j["reason"] = text_or_null(r.reason);
    ctx.print_json(j);
  } else {
    for (const auto& o : r.outcomes)
      ctx.out << o.action << " " << (o.key.empty() ? "-" : o.key) << " " << printable(o.identity) << "\n";
  }
}

/// After printing what was placed: a kept payload is exit 65 with the reason.
void fail_if_kept(const IngestResult& r) {
  if (r.inbox_id)
    throw data_error("alert: kept in the inbox as #" + std::to_string(*r.inbox_id) + ": " + r.reason +
                     " (see 'sd alert inbox', then 'sd alert retry " + std::to_string(*r.inbox_id) + "')");
}

/// "auto" (detect) or a format.
const Choices<std::optional<AlertFormat>> kFormats = {
    {"auto", std::nullopt},
    {"alertmanager", AlertFormat::alertmanager},
    {"cloudwatch", AlertFormat::cloudwatch},
    {"datadog", AlertFormat::datadog},
    {"pagerduty", AlertFormat::pagerduty},
    {"generic", AlertFormat::generic}};

/// Prints what was placed, runs the hooks, and fails (exit 65) when the
/// payload was kept in the inbox: what was placed is committed, so it is
/// printed before the error.
void finish_intake(Context& ctx, const IngestResult& result) {
  print_result(ctx, result);
  fire_hooks(ctx);
  if (result.inbox_id) {
    std::cout << ctx.out.str();
    ctx.out.str("");
  }
  fail_if_kept(result);
}

struct IngestOptions {
  std::optional<AlertFormat> format;
  std::string customer;
};
void run_ingest(const IngestOptions& o, Context& ctx) {
  // Read whole and kept whole, whatever its size: only the text is held
  // here; whether it is parsed at all is decided by its size.
  std::string payload;
  char buf[1 << 16];
  while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0)
    payload.append(buf, static_cast<std::size_t>(std::cin.gcount()));
  finish_intake(ctx, AlertIntake(ctx.desk(), ctx.config().max_payload_bytes).ingest(payload, o.format, o.customer));
}

struct InboxOptions {
  bool all = false;
};
void run_inbox(const InboxOptions& o, Context& ctx) {
  AlertIntake intake(ctx.desk());
  stream_list(ctx, [&](auto&& visit) { intake.each_inbox(o.all, visit); },
              [&](const InboxItem& i) { return to_json(i, json_view(ctx), true); },
              {"ID", "RECEIVED", "STATUS", "FORMAT", "BYTES", "REASON"},
              [&](const InboxItem& i) {
                return std::vector<std::string>{std::to_string(i.id), short_time(ctx, i.received_at), i.status, i.format,
                                                std::to_string(i.payload.size()),
                                                i.status == "pending" ? i.reason : i.result};
              },
              {0, 4});
}

struct IdOptions {
  std::int64_t id = 0;
};
void run_show(const IdOptions& o, Context& ctx) {
  auto item = AlertIntake(ctx.desk()).inbox_item(o.id);
  if (ctx.opts.json) ctx.print_json(to_json(item, json_view(ctx), true));
  else ctx.out << item.payload;
}

struct DismissOptions {
  std::int64_t id = 0;
  std::string why;
};
void run_dismiss(const DismissOptions& o, Context& ctx) {
  auto item = AlertIntake(ctx.desk()).dismiss(o.id, o.why);
  if (ctx.opts.json) ctx.print_json(to_json(item, json_view(ctx), false));
  else ctx.out << "dismissed " << item.id << "\n";
}

struct RetryOptions {
  std::int64_t id = 0;
  std::optional<std::optional<AlertFormat>> format;  ///< unset: the one kept with it
  std::string customer;
};
void run_retry(const RetryOptions& o, Context& ctx) {
  finish_intake(ctx, AlertIntake(ctx.desk(), ctx.config().max_payload_bytes).retry(o.id, o.format, o.customer));
}

}  // namespace

void register_alert(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("alert", "Alert intake: Alertmanager, CloudWatch, Datadog, PagerDuty, generic JSON");
  grp->require_subcommand(1);

  auto in = std::make_shared<IngestOptions>();
  auto* ingest = grp->add_subcommand("ingest", "Read a payload on stdin; open, update or clear incidents");
  add_choice(ingest, "--format", in->format, kFormats,
             "auto (default), alertmanager, cloudwatch, datadog, pagerduty or generic");
  ingest->add_option("--customer", in->customer, "The customer, when the payload does not say");
  ingest->callback([&ctx, in] { run_ingest(*in, ctx); });

  auto ib = std::make_shared<InboxOptions>();
  auto* inbox = grp->add_subcommand("inbox", "Payloads kept because they could not be parsed or placed");
  add_list_options(inbox, ctx);
  inbox->add_flag("--all", ib->all, "Placed and dismissed ones too");
  inbox->callback([&ctx, ib] { run_inbox(*ib, ctx); });

  auto s = std::make_shared<IdOptions>();
  auto* show = grp->add_subcommand("show", "Print an inbox payload exactly as it was received");
  show->add_option("ID", s->id, "Inbox id")->required();
  show->callback([&ctx, s] { run_show(*s, ctx); });

  auto d = std::make_shared<DismissOptions>();
  auto* dismiss = grp->add_subcommand("dismiss", "Mark an inbox payload dealt with by hand (it is kept)");
  dismiss->add_option("ID", d->id, "Inbox id")->required();
  dismiss->add_option("-m,--message", d->why, "Why, e.g. 'SNS subscription confirmed by hand'")->required();
  dismiss->callback([&ctx, d] { run_dismiss(*d, ctx); });

  auto r = std::make_shared<RetryOptions>();
  auto* retry = grp->add_subcommand("retry", "Process an inbox payload again (after adding the customer or host)");
  retry->add_option("ID", r->id, "Inbox id")->required();
  add_choice(retry, "--format", r->format, kFormats,
             "Override the format kept with it: auto, alertmanager, cloudwatch, datadog, pagerduty, generic");
  retry->add_option("--customer", r->customer, "The customer, when the payload does not say");
  retry->callback([&ctx, r] { run_retry(*r, ctx); });
}

}  // namespace sd::cli
