// sd db: the store itself. `sd db check` says whether it is sound, for a
// person after a crash or a restore and for a cron job (Nagios-like).
#include "cli.hpp"
#include "commands.hpp"
#include "supportdesk/checkup.hpp"
#include "supportdesk/store_address.hpp"

namespace sd::cli {
namespace {

void run_check(Context& ctx) {
  ctx.store_as_is();
  auto problems = StoreCheckup(ctx.desk()).run();
  auto path = db::shown_address(ctx.db_path());
  NagiosResult r;
  r.service = "SD DB";
  r.worst = problems.empty() ? Urgency::ok : Urgency::due_soon;
  r.summary = problems.empty() ? path + ": no problems found"
                               : path + ": " + std::to_string(problems.size()) +
                                     (problems.size() == 1 ? " problem" : " problems");
  r.counts = Json{{"store", path}, {"count", problems.size()}};
  r.list_name = "problems";
  for (const auto& p : problems) {
    r.lines.push_back(p.check + (p.where.empty() ? "" : " " + p.where) + ": " + p.detail);
    r.items.push_back(Json{{"check", p.check}, {"where", p.where}, {"detail", p.detail}});
  }
  print_nagios(ctx, r);
}

}  // namespace

void register_db(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", "The store itself: check it");
  db->require_subcommand(1);
  auto* check = db->add_subcommand(
      "check", "Check the store: integrity, foreign keys, ticket numbers, events, instants, text (0 sound, 1 not)");
  check->callback([&ctx] { run_check(ctx); });
}

}  // namespace sd::cli
