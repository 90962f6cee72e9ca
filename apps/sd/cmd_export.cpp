// sd export and sd import: the whole store as JSON Lines, and back into a
// new store (sd-export(1), sd-import(1)).
#include "cli.hpp"
#include "commands.hpp"
#include "file_write.hpp"
#include "list_out.hpp"
#include "util.hpp"

#include "supportdesk/data_export.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace sd::cli {
namespace {

struct ExportOptions {
  std::string since, output;
};

// Written as the rows are read: memory stays flat at any size.
void run_export(const ExportOptions& o, Context& ctx) {
  auto since = optional_instant(ctx, o.since, "--since");
  DataTransfer transfer(ctx.desk());
  if (o.output.empty()) {
    StdoutStream out(ctx);
    transfer.export_lines(since, [&](std::string_view line) { out.write(line); });
    out.flush();
    return;
  }
  // The store's data, customers' included: private to its owner.
  AtomicFile file(o.output, 0600);
  auto counts = transfer.export_lines(since, [&](std::string_view line) { file.write(line); });
  file.commit();
  if (ctx.opts.json)
    ctx.print_json(Json{{"path", o.output}, {"tables", counts.tables}, {"rows", counts.rows}});
  else
    ctx.out << "Exported " << counts.rows << (counts.rows == 1 ? " row" : " rows") << " of " << counts.tables
            << " tables to " << o.output << "\n";
}

struct ImportOptions {
  std::string file;
};

void run_import(const ImportOptions& o, Context& ctx) {
  DataTransfer transfer(ctx.desk());
  ImportResult r;
  if (o.file == "-") {
    r = transfer.import_lines(std::cin, "stdin");
  } else {
    std::ifstream in(o.file, std::ios::binary);
    if (!in) throw Error(Exit::no_input, o.file + ": cannot open: " + std::strerror(errno));
    r = transfer.import_lines(in, o.file);
  }
  ctx.done = "the import was committed";
  if (ctx.opts.json)
    ctx.print_json(Json{{"path", ctx.db_path()}, {"rows", r.rows}, {"schema_version", r.schema_version}});
  else
    ctx.out << "Imported " << r.rows << (r.rows == 1 ? " row" : " rows") << " into " << ctx.db_path() << " (schema "
            << r.schema_version << ")\n";
}

}  // namespace

void register_export(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExportOptions>();
  auto* exp = app.add_subcommand("export", "Write the whole store as JSON Lines (for sd import)");
  add_time(exp, "--since", o->since, "Only the records changed at or after this time (sd-export(1))");
  exp->add_option("-o,--output", o->output, "Write to this file (0600, atomically) instead of stdout");
  exp->callback([&ctx, o] { run_export(*o, ctx); });

  auto i = std::make_shared<ImportOptions>();
  auto* imp = app.add_subcommand("import", "Load an export into a new, empty store: all of it or nothing");
  imp->add_option("FILE", i->file, "The export (JSON Lines); - reads standard input")->required();
  imp->callback([&ctx, i] { run_import(*i, ctx); });
}

}  // namespace sd::cli
