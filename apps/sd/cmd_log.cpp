// sd log: the append-only audit log of every change.
#include "cli.hpp"
#include "commands.hpp"
#include "list_out.hpp"
#include "util.hpp"

#include "supportdesk/audit.hpp"

namespace sd::cli {
namespace {

struct LogOptions {
  std::string key, since, until;
  std::optional<std::string> actor;
  std::size_t limit = 0;
};

// Written as the entries are read: memory stays flat however long the log.
void run_log(const LogOptions& o, Context& ctx) {
  AuditFilter f;
  if (!o.key.empty()) f.entity = o.key;
  f.since = optional_instant(ctx, o.since, "--since");
  f.until = optional_instant(ctx, o.until, "--until");
  f.actor = o.actor;
  f.limit = o.limit;
  AuditLog audit(ctx.desk());
  ListPrinter out(ctx, {"ID", "AT", "ACTOR", "ENTITY", "ACTION"}, {0});
  auto view = json_view(ctx);
  audit.each(f, [&](const AuditEvent& e) {
    if (out.json()) out.add_written([&](JsonOut& w) { write_json(w, e, view); });
    else out.add(std::vector<std::string>{std::to_string(e.id), short_time(ctx, e.at), e.actor, e.entity, e.action});
  });
  out.finish();
}

}  // namespace

void register_log(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<LogOptions>();
  auto* cmd = app.add_subcommand("log", "The audit log: who changed what, when, before and after");
  cmd->add_option("KEY", o->key, "A customer key (its own changes and its contacts') or a ticket key");
  add_time(cmd, "--since", o->since, "Only changes at or after this time");
  add_time(cmd, "--until", o->until, "Only changes before this time");
  add_optional_text(cmd, "--actor", o->actor, "Only changes made by this actor (the name exactly)")->type_name("NAME");
  add_count(cmd, "--limit", o->limit, 1, "Only the newest N entries (still printed oldest first)");
  cmd->callback([&ctx, o] { run_log(*o, ctx); });
}

}  // namespace sd::cli
