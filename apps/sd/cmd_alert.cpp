// sd alert: alert intake from monitoring systems, and the inbox of payloads
// that could not be parsed or placed (nothing is ever dropped).
#include "commands.hpp"
#include "completion.hpp"
#include "table.hpp"
#include "util.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <iterator>

namespace sd::cli {
namespace {

void print_result(Context& ctx, const IngestResult& r) {
  if (ctx.opts.json) {
    Json out = Json::array();
    for (const auto& o : r.outcomes)
      out.push_back(Json{{"identity", o.identity}, {"action", o.action}, {"key", o.key}});
    Json j{{"alerts", out}};
    j["inbox_id"] = r.inbox_id ? Json(*r.inbox_id) : Json(nullptr);
    j["reason"] = r.reason;
    ctx.print_json(j);
  } else {
    for (const auto& o : r.outcomes)
      ctx.out << o.action << " " << (o.key.empty() ? "-" : o.key) << " " << o.identity << "\n";
  }
}

/// After printing what was placed: a kept payload is exit 65 with the reason.
void fail_if_kept(const IngestResult& r) {
  if (r.inbox_id)
    throw data_error("alert: kept in the inbox as #" + std::to_string(*r.inbox_id) + ": " + r.reason +
                     " (see 'sd alert inbox', then 'sd alert retry " + std::to_string(*r.inbox_id) + "')");
}

}  // namespace

void register_alert(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("alert", "Alert intake: Alertmanager, CloudWatch, Datadog, PagerDuty, generic JSON");
  grp->require_subcommand(1);

  struct IngestOpts { std::string format = "auto", customer; };
  auto in = std::make_shared<IngestOpts>();
  auto* ingest = grp->add_subcommand("ingest", "Read a payload on stdin; open, update or clear incidents");
  ingest->add_option("--format", in->format, "auto (default), alertmanager, cloudwatch, datadog, pagerduty or generic");
  ingest->add_option("--customer", in->customer, "The customer, when the payload does not say");
  ingest->callback([&ctx, in] {
    std::string payload((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    auto desk = open_desk(ctx);
    auto result = desk.ingest(payload, in->format == "auto" ? "" : in->format, in->customer);
    print_result(ctx, result);
    fire_hooks(desk);
    if (result.inbox_id) {
      // What was placed is committed; print it before failing.
      std::cout << ctx.out.str();
      ctx.out.str("");
    }
    fail_if_kept(result);
  });

  auto all = std::make_shared<bool>(false);
  auto* inbox = grp->add_subcommand("inbox", "Payloads kept because they could not be parsed or placed");
  inbox->add_flag("--all", *all, "Placed and dismissed ones too");
  inbox->callback([&ctx, all] {
    auto desk = open_desk(ctx);
    auto items = desk.inbox(*all);
    if (ctx.opts.json) {
      Json out = Json::array();
      for (const auto& i : items) out.push_back(desk.to_json(i, true));
      ctx.print_json(out);
      return;
    }
    Table t({"ID", "RECEIVED", "STATUS", "FORMAT", "BYTES", "REASON"});
    t.right(0).right(4);
    for (const auto& i : items)
      t.add({std::to_string(i.id), short_time(ctx, i.received_at), i.status, i.format,
             std::to_string(i.payload.size()), truncate_to_width(i.status == "pending" ? i.reason : i.result, 60)});
    t.render(ctx.out);
  });

  auto show_id = std::make_shared<std::int64_t>(0);
  auto* show = grp->add_subcommand("show", "Print an inbox payload exactly as it was received");
  show->add_option("ID", *show_id, "Inbox id")->required();
  show->callback([&ctx, show_id] {
    auto desk = open_desk(ctx);
    auto item = desk.inbox_item(*show_id);
    if (ctx.opts.json) ctx.print_json(desk.to_json(item, true));
    else ctx.out << item.payload;
  });

  struct DismissOpts { std::int64_t id = 0; std::string why; };
  auto d = std::make_shared<DismissOpts>();
  auto* dismiss = grp->add_subcommand("dismiss", "Mark an inbox payload dealt with by hand (it is kept)");
  dismiss->add_option("ID", d->id, "Inbox id")->required();
  dismiss->add_option("-m,--message", d->why, "Why, e.g. 'SNS subscription confirmed by hand'")->required();
  dismiss->callback([&ctx, d] {
    auto desk = open_desk(ctx);
    auto item = desk.dismiss(d->id, d->why);
    if (ctx.opts.json) ctx.print_json(desk.to_json(item, false));
    else ctx.out << "dismissed " << item.id << "\n";
  });

  struct RetryOpts { std::int64_t id = 0; std::string format, customer; };
  auto r = std::make_shared<RetryOpts>();
  auto* retry = grp->add_subcommand("retry", "Process an inbox payload again (after adding the customer or host)");
  retry->add_option("ID", r->id, "Inbox id")->required();
  complete_choices(retry->add_option("--format", r->format, "Override the format kept with it: auto, alertmanager, cloudwatch, datadog, pagerduty, generic"),
                   {"auto", "alertmanager", "cloudwatch", "datadog", "pagerduty", "generic"});
  retry->add_option("--customer", r->customer, "The customer, when the payload does not say");
  retry->callback([&ctx, r] {
    auto desk = open_desk(ctx);
    auto result = desk.retry(r->id, r->format, r->customer);
    print_result(ctx, result);
    fire_hooks(desk);
    if (result.inbox_id) {
      std::cout << ctx.out.str();
      ctx.out.str("");
    }
    fail_if_kept(result);
  });
}

}  // namespace sd::cli
