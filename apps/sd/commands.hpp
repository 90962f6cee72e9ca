#pragma once
/// One register_* per command group; each adds its subcommands to the root
/// and binds them to run functions that use the Context.
namespace CLI {
class App;
}

namespace sd::cli {
class Context;

void register_init(CLI::App& app, Context& ctx);
void register_calendar(CLI::App& app, Context& ctx);
void register_catalog(CLI::App& app, Context& ctx);
void register_customer(CLI::App& app, Context& ctx);
void register_contact(CLI::App& app, Context& ctx);
void register_request(CLI::App& app, Context& ctx);
void register_log(CLI::App& app, Context& ctx);
void register_undo(CLI::App& app, Context& ctx);
void register_db(CLI::App& app, Context& ctx);
void register_export(CLI::App& app, Context& ctx);
void register_config(CLI::App& app, Context& ctx);
void register_incident(CLI::App& app, Context& ctx);
void register_alert(CLI::App& app, Context& ctx);
void register_ci(CLI::App& app, Context& ctx);
void register_problem(CLI::App& app, Context& ctx);
void register_change(CLI::App& app, Context& ctx);
void register_slo(CLI::App& app, Context& ctx);
void register_report(CLI::App& app, Context& ctx);
void register_completion(CLI::App& app, Context& ctx);
/// Registered last: its topics are the groups registered before it.
void register_help(CLI::App& app, Context& ctx);
/// Ends every command's --help with the global options, examples and the
/// manual to read; after every group is registered.
void add_help_footers(CLI::App& app);

}  // namespace sd::cli
