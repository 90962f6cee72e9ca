// sd db: the store itself. `sd db check` says whether it is sound, for a
// person after a crash or a restore and for a cron job (Nagios-like);
// `sd db backup` copies it while others write; `sd db migrate` brings its
// schema up to date and says from which version to which; `sd db copy`
// moves a whole desk from one store to another (SQLite to PostgreSQL, or
// back).
#include "cli.hpp"
#include "commands.hpp"
#include "supportdesk/checkup.hpp"
#include "supportdesk/data_export.hpp"
#include "supportdesk/store.hpp"
#include "supportdesk/store_address.hpp"

#include <sys/stat.h>

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

struct BackupOptions {
  std::string file;
  bool force = false;
};

void run_backup(const BackupOptions& o, Context& ctx) {
  auto pages = DataTransfer(ctx.desk()).backup(o.file, o.force);
  struct stat st {};
  std::int64_t bytes = ::stat(o.file.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
  if (ctx.opts.json)
    ctx.print_json(Json{{"store", ctx.db_path()}, {"path", o.file}, {"pages", pages}, {"bytes", bytes}});
  else
    ctx.out << "Backed up " << ctx.db_path() << " to " << o.file << " (" << bytes << " bytes)\n";
}

// Every command migrates the store it opens; this one does only that, and
// says so.
void run_migrate(Context& ctx) {
  db::OpenReport report;
  ctx.migrate_store(report);
  auto path = db::shown_address(ctx.db_path());
  bool migrated = report.from_version != report.to_version;
  if (ctx.opts.json)
    ctx.print_json(Json{{"path", path},
                        {"migrated", migrated},
                        {"from_version", report.from_version},
                        {"to_version", report.to_version}});
  else if (migrated)
    ctx.out << "Migrated sd store at " << path << " from schema " << report.from_version << " to "
            << report.to_version << "\n";
  else
    ctx.out << "Already at schema " << report.to_version << ": sd store at " << path << "\n";
}

struct CopyOptions {
  std::string from, to;
};

void run_copy(const CopyOptions& o, Context& ctx) {
  auto r = copy_store(o.from, o.to);
  ctx.done = "the copy was committed";
  if (ctx.opts.json)
    ctx.print_json(Json{{"from", r.from}, {"to", r.to}, {"tables", r.tables}, {"rows", r.rows}});
  else
    ctx.out << "Copied " << r.rows << (r.rows == 1 ? " row" : " rows") << " of " << r.tables << " tables from "
            << r.from << " to " << r.to << " (schema " << r.schema_version << ")\n";
}

}  // namespace

void register_db(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", "The store itself: check, back up, migrate or copy it");
  db->require_subcommand(1);
  auto* check = db->add_subcommand(
      "check", "Check the store: integrity, foreign keys, ticket numbers, events, instants, text (0 sound, 1 not)");
  check->callback([&ctx] { run_check(ctx); });

  auto b = std::make_shared<BackupOptions>();
  auto* backup = db->add_subcommand(
      "backup", "Copy the store to FILE (0600) with SQLite's online backup, safe while others write");
  backup->add_option("FILE", b->file, "The copy to write; an existing file only with --force")->required();
  backup->add_flag("--force", b->force, "Replace FILE if it exists");
  backup->callback([&ctx, b] { run_backup(*b, ctx); });

  auto* migrate = db->add_subcommand(
      "migrate", "Bring the store's schema up to this sd's version and say from which to which");
  migrate->callback([&ctx] { run_migrate(ctx); });

  auto c = std::make_shared<CopyOptions>();
  auto* copy = db->add_subcommand(
      "copy", "Copy a whole store (keys, events, audit) into a new or empty one: SQLite to PostgreSQL or back");
  copy->add_option("--from", c->from, "The store to copy: a file or a postgresql:// address")->required();
  copy->add_option("--to", c->to, "The new or empty store to fill, set up as 'sd init' would")->required();
  copy->callback([&ctx, c] { run_copy(*c, ctx); });
}

}  // namespace sd::cli
