// sd init: create the store, or bring an existing one up to date.
#include "commands.hpp"
#include "context.hpp"
#include "supportdesk/store.hpp"

#include <CLI/CLI.hpp>

namespace sd::cli {

void register_init(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "Create the store, or migrate it to this sd's schema (idempotent)");
  cmd->callback([&ctx] {
    bool created = false;
    ctx.init_store(created);
    auto path = ctx.db_path();
    if (ctx.opts.json) {
      ctx.print_json(Json{{"path", path}, {"created", created}, {"schema_version", db::kSchemaVersion}});
    } else {
      ctx.out << (created ? "Created" : "Up to date:") << " sd store at " << path
              << " (schema " << db::kSchemaVersion << ")\n";
    }
  });
}

}  // namespace sd::cli
