// sd init: create the store, or bring an existing one up to date.
#include "commands.hpp"
#include "context.hpp"
#include "supportdesk/store_address.hpp"

#include <CLI/CLI.hpp>

namespace sd::cli {
namespace {

void run_init(Context& ctx) {
  db::OpenReport report;
  ctx.init_store(report);
  auto path = db::shown_address(ctx.db_path());
  bool migrated = !report.created && report.from_version != report.to_version;
  if (ctx.opts.json) {
    ctx.print_json(Json{{"path", path},
                        {"created", report.created},
                        {"migrated_from", migrated ? Json(report.from_version) : Json(nullptr)},
                        {"schema_version", report.to_version}});
  } else if (report.created) {
    ctx.out << "Created sd store at " << path << " (schema " << report.to_version << ")\n";
  } else if (migrated) {
    ctx.out << "Migrated sd store at " << path << " from schema " << report.from_version
            << " to " << report.to_version << "\n";
  } else {
    ctx.out << "Up to date: sd store at " << path << " (schema " << report.to_version << ")\n";
  }
}

}  // namespace

void register_init(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "Create the store, or migrate it to this sd's schema (idempotent)");
  cmd->callback([&ctx] { run_init(ctx); });
}

}  // namespace sd::cli
