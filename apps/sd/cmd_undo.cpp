// sd undo: takes back the current actor's last change, after asking.
#include "cli.hpp"
#include "commands.hpp"
#include "util.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/json.hpp"
#include "supportdesk/undo.hpp"

#include <unistd.h>

#include <iostream>
#include <string>

namespace sd::cli {
namespace {

struct UndoOptions {
  bool yes = false;
  bool dry_run = false;
};

void print_entry(Context& ctx, std::ostream& out, const AuditEvent& e) {
  out << "  " << e.id << "  " << short_time(ctx, e.at) << "  " << e.action << "  " << e.entity << "\n";
}

/// Asks on the terminal whether to take `change` back: true for y or yes.
bool confirmed(Context& ctx, const std::vector<AuditEvent>& change) {
  std::cerr << "The last change of " << ctx.desk().actor << ":\n";
  for (const auto& e : change) print_entry(ctx, std::cerr, e);
  std::cerr << "Undo " << (change.size() == 1 ? "it" : "these " + std::to_string(change.size())) << "? [y/N] "
            << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES" || answer == "Yes";
}

void run_undo(const UndoOptions& o, Context& ctx) {
  Undo undo(ctx.desk());
  auto change = undo.last();
  if (change.empty())
    throw not_found("undo: " + ctx.desk().actor + " has no change left to take back (see 'sd log --actor " +
                    ctx.desk().actor + "')");
  if (!o.yes && !o.dry_run) {
    if (!::isatty(STDIN_FILENO))
      throw usage_error("undo: standard input is not a terminal to ask on; give --yes to take the last change back "
                        "(or --dry-run to see it); nothing was written");
    if (!confirmed(ctx, change)) {
      std::cerr << "sd: undo: not confirmed; nothing was written\n";
      ctx.exit_code = 1;
      return;
    }
  }
  std::vector<std::int64_t> ids;
  for (const auto& e : change) ids.push_back(e.id);
  auto undone = undo.take_back(ids, o.dry_run);
  if (!o.dry_run) ctx.done = "the last change (entry " + std::to_string(undone.front().id) + ") was taken back";
  if (ctx.opts.json) {
    Json all = Json::array();
    for (const auto& e : undone) all.push_back(to_json(e, json_view(ctx)));
    ctx.print_json(Json{{"dry_run", o.dry_run}, {"undone", all}});
    return;
  }
  ctx.out << (o.dry_run ? "would undo:\n" : "undone:\n");
  for (const auto& e : undone) print_entry(ctx, ctx.out, e);
  if (o.dry_run) ctx.out << "dry run: nothing was written\n";
}

}  // namespace

void register_undo(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<UndoOptions>();
  auto* cmd = app.add_subcommand("undo", "Take back your last change (asks first), as the audit log has it");
  cmd->add_flag("-y,--yes", o->yes, "Do not ask: take it back (needed when standard input is not a terminal)");
  cmd->add_flag("--dry-run", o->dry_run, "Check and print what would be taken back; write nothing");
  cmd->callback([&ctx, o] { run_undo(*o, ctx); });
}

}  // namespace sd::cli
