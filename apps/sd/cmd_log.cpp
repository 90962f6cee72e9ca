// sd log: the append-only audit log of every change.
#include "commands.hpp"
#include "table.hpp"
#include "util.hpp"

#include <CLI/CLI.hpp>

namespace sd::cli {

void register_log(CLI::App& app, Context& ctx) {
  struct Opts { std::string key, since; std::size_t limit = 0; };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("log", "The audit log: who changed what, when, before and after");
  cmd->add_option("KEY", o->key, "A customer key (its own changes and its contacts') or a ticket key");
  cmd->add_option("--since", o->since, "Only changes at or after this time");
  cmd->add_option("--limit", o->limit, "Only the newest N entries (still printed oldest first)")
      ->check(CLI::PositiveNumber);
  cmd->callback([&ctx, o] {
    AuditFilter f;
    if (!o->key.empty()) f.entity = o->key;
    f.since = optional_instant(ctx, o->since, "--since");
    f.limit = o->limit;
    auto desk = open_desk(ctx);
    auto events = desk.log(f);
    if (ctx.opts.json) {
      Json out = Json::array();
      for (const auto& e : events) out.push_back(desk.to_json(e));
      ctx.print_json(out);
      return;
    }
    Table t({"ID", "AT", "ACTOR", "ENTITY", "ACTION"});
    t.right(0);
    for (const auto& e : events)
      t.add({std::to_string(e.id), short_time(ctx, e.at), e.actor, e.entity, e.action});
    t.render(ctx.out);
  });
}

}  // namespace sd::cli
