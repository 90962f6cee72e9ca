// sd log: the append-only audit log of every change.
#include "cli.hpp"
#include "commands.hpp"
#include "util.hpp"

namespace sd::cli {
namespace {

struct LogOptions {
  std::string key, since;
  std::size_t limit = 0;
};

void run_log(const LogOptions& o, Context& ctx) {
  AuditFilter f;
  if (!o.key.empty()) f.entity = o.key;
  f.since = optional_instant(ctx, o.since, "--since");
  f.limit = o.limit;
  auto events = AuditLog(ctx.desk()).log(f);
  print_list(ctx, events, [&](const AuditEvent& e) { return to_json(e, json_view(ctx)); },
             {"ID", "AT", "ACTOR", "ENTITY", "ACTION"},
             [&](const AuditEvent& e) {
               return std::vector<std::string>{std::to_string(e.id), short_time(ctx, e.at), e.actor, e.entity,
                                               e.action};
             },
             {0});
}

}  // namespace

void register_log(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<LogOptions>();
  auto* cmd = app.add_subcommand("log", "The audit log: who changed what, when, before and after");
  cmd->add_option("KEY", o->key, "A customer key (its own changes and its contacts') or a ticket key");
  add_time(cmd, "--since", o->since, "Only changes at or after this time");
  add_count(cmd, "--limit", o->limit, 1, "Only the newest N entries (still printed oldest first)");
  cmd->callback([&ctx, o] { run_log(*o, ctx); });
}

}  // namespace sd::cli
