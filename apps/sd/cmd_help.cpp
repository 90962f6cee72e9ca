// sd help TOPIC: the manual page of a command group or a file format, as
// `git help` opens git's. The page is the installed one beside the shipped
// data, or the source tree's when sd runs from a build tree, else whatever
// man(1) finds on its own path. Every --help also ends with the global
// options, a few examples and where the manual is (add_help_footers).
#include "commands.hpp"
#include "completion.hpp"
#include "context.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sd::cli {
namespace {

namespace fs = std::filesystem;

/// The pages of file formats and conventions (section 5), by topic.
const std::vector<std::string> kFormatTopics = {"config-file", "catalog-file", "holidays", "hooks", "templates",
                                                "alert-formats"};

/// A topic's page: "request" → sd-request(1), "hooks" → sd-hooks(5),
/// "config-file" → sd-config(5), "sd" → sd(1).
struct Page {
  std::string name;  ///< sd-request
  int section = 1;
};

Page page_of(const std::string& topic) {
  if (topic == "sd") return {"sd", 1};
  for (const auto& t : kFormatTopics)
    if (t == topic) {
      // config-file → sd-config(5): the format of what the command manages.
      auto name = topic.size() > 5 && topic.ends_with("-file") ? topic.substr(0, topic.size() - 5) : topic;
      return {"sd-" + name, 5};
    }
  return {"sd-" + topic, 1};
}

/// Every topic: sd, each command group that has a page, then the formats.
std::vector<std::string> topics(const CLI::App& root) {
  std::vector<std::string> out{"sd"};
  for (const auto* sub : root.get_subcommands({}))
    if (sub->get_name() != "help" && sub->get_name() != "completion") out.push_back(sub->get_name());
  out.insert(out.end(), kFormatTopics.begin(), kFormatTopics.end());
  return out;
}

/// The page's file beside the shipped data: PREFIX/share/man/manN/NAME.N[.gz]
/// when installed, SOURCE/man/NAME.N in a source tree; "" when neither.
std::string page_file(const std::string& share_dir, const Page& p) {
  std::error_code ec;
  // A build tree's share directory is a link to the source tree's.
  fs::path share = fs::weakly_canonical(share_dir, ec);
  if (ec) share = share_dir;
  std::string file = p.name + "." + std::to_string(p.section);
  for (const auto& candidate :
       {share.parent_path() / "man" / ("man" + std::to_string(p.section)) / file,
        share.parent_path() / "man" / ("man" + std::to_string(p.section)) / (file + ".gz"),
        share.parent_path().parent_path() / "man" / file})
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  return {};
}

struct HelpOptions {
  std::string topic;
};

void run_help(const HelpOptions& o, Context& ctx, const CLI::App& root) {
  if (o.topic.empty()) {
    // help() would describe the chosen subcommand, help itself.
    ctx.out << root.get_formatter()->make_help(&root, root.get_name(), CLI::AppFormatMode::Normal);
    return;
  }
  auto all = topics(root);
  if (std::find(all.begin(), all.end(), o.topic) == all.end()) {
    std::string best, list;
    std::size_t best_d = 3;
    for (const auto& t : all) {
      list += (list.empty() ? "" : ", ") + t;
      if (auto d = edit_distance(o.topic, t); d < best_d) {
        best_d = d;
        best = t;
      }
    }
    throw Error(Exit::usage, "TOPIC",
                "no help on '" + o.topic + "'" + (best.empty() ? "" : "; did you mean '" + best + "'?") +
                    " (topics: " + list + ")");
  }
  auto page = page_of(o.topic);
  // No data directory (sd-config(1)): man's own path still has the page.
  std::string share;
  try {
    share = ctx.share_dir();
  } catch (const Error&) {
  }
  auto file = share.empty() ? std::string() : page_file(share, page);
  if (ctx.opts.json) {
    ctx.print_json(Json{{"topic", o.topic},
                        {"page", page.name + "(" + std::to_string(page.section) + ")"},
                        {"file", file.empty() ? Json(nullptr) : Json(file)}});
    return;
  }
  // man takes the terminal from here; nothing of sd's is left to print.
  std::string section = std::to_string(page.section);
  std::vector<const char*> argv{"man"};
  if (file.empty()) {
    argv.push_back(section.c_str());
    argv.push_back(page.name.c_str());
  } else {
    argv.push_back("-l");
    argv.push_back(file.c_str());
  }
  argv.push_back(nullptr);
  ::execvp("man", const_cast<char* const*>(argv.data()));
  throw Error(Exit::software, "cannot run man (" + std::string(std::strerror(errno)) + "); the page is " +
                                   (file.empty() ? page.name + "(" + section + ")" : file));
}

/// Two or three examples for each command group's --help.
const std::map<std::string, std::string>& examples() {
  static const std::map<std::string, std::string> table = {
      {"init", "  sd init\n  sd --db /srv/sd/desk.db init"},
      {"customer",
       "  sd customer add ACME --name '株式会社アクメ' --plan advanced\n"
       "  sd customer host add ACME web01 db01\n"
       "  sd customer criteria add ACME --match check=url --impact yes"},
      {"contact",
       "  sd contact add ACME --name '山田 太郎' --phone 03-1234-5678\n"
       "  sd contact reorder ACME '山田 太郎'\n  sd contact list ACME --json"},
      {"catalog", "  sd catalog list\n  sd catalog show backup"},
      {"request",
       "  sd request new --customer ACME --type backup --field op=add --field host=web01\n"
       "  sd request list --open --customer ACME\n"
       "  sd request list --grep web01 --received-since 2026-11-01 --received-until 2026-12-01"},
      {"incident",
       "  sd incident open --customer ACME --title 'web01 down' --impact yes\n"
       "  sd incident notify ACME-13 --via phone --contact 1 --result answered\n  sd incident check --warn 5"},
      {"alert",
       "  sd alert ingest --format alertmanager < payload.json\n  sd alert inbox\n"
       "  sd alert retry 3 --customer ACME"},
      {"ci",
       "  sd ci add rds01 --customer ACME --type rds --version 15.3\n  sd ci link web01 depends-on rds01\n"
       "  sd ci impact rds01"},
      {"problem",
       "  sd problem new --title 'connections exhausted' --from ACME-43\n"
       "  sd problem rca PRB-1 -m 'max_connections too low'\n  sd problem trends --from 2026-11-01"},
      {"slo", "  sd slo report --month 2026-11\n  sd slo check --warn 2\n  sd slo metrics --output /var/lib/node_exporter/sd.prom"},
      {"report", "  sd report service --customer ACME --month 2026-11 --format html > acme-2026-11.html"},
      {"calendar",
       "  sd calendar holidays 2027\n  sd calendar add 2026-12-28T18:00 2bd\n"
       "  sd calendar is-business-day 2027-01-01"},
      {"log", "  sd log ACME-12\n  sd log --since 2026-11-01 --limit 50\n  sd log --actor tanaka --since 2026-11-01 --until 2026-12-01"},
      {"undo", "  sd undo\n  sd undo --dry-run\n  sd undo --yes --json"},
      {"db",
       "  sd db check\n  sd db backup /var/backups/sd/sd-$(date +%F).db\n  sd db migrate\n"
       "  sd db copy --from ~/.local/share/sd/sd.db --to service=desk"},
      {"change",
       "  sd change new --customer ACME --title 'RDS 15.4' --ci rds01 --risk medium --impact '5 min read-only' --set version=15.4\n"
       "  sd change rollback-plan CHG-1 -m 'restore the snapshot'\n"
       "  sd change schedule CHG-1 --start 2026-12-05T02:00 --end 2026-12-05T03:00"},
      {"export", "  sd export -o desk.jsonl\n  sd export --since 2026-11-01 | gzip > recent.jsonl.gz"},
      {"import", "  sd --db new.db init && sd --db new.db import desk.jsonl"},
      {"config", "  sd config show\n  sd config get calendar.zone\n  sd config set calendar.hours 09:00-18:00"},
      {"completion", "  sd completion bash > ~/.local/share/bash-completion/completions/sd"},
      {"help", "  sd help request\n  sd help config-file\n  sd help hooks"},
  };
  return table;
}

void footers(CLI::App& app, const std::string& group) {
  std::string text =
      "\nGlobal options (before or after the command):\n"
      "  --db PATH  --as NAME  --config PATH  --json  --jsonl\n";
  auto it = examples().find(group);
  if (it != examples().end()) text += "\nExamples:\n" + it->second + "\n";
  text += "\nThe manual: sd help " + (group.empty() ? std::string("sd") : group) + "\n";
  app.footer(text);
  for (auto* sub : app.get_subcommands({})) footers(*sub, group);
}

}  // namespace

void register_help(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<HelpOptions>();
  auto* help = app.add_subcommand("help", "Open the manual page of a command or file format, as git help does");
  auto* topic = help->add_option("TOPIC", o->topic,
                                 "A command (request, incident, ...), sd, or a format: config-file, catalog-file, "
                                 "holidays, hooks, templates, alert-formats");
  complete_choices(topic, topics(app));
  const CLI::App* root = &app;
  help->callback([&ctx, o, root] { run_help(*o, ctx, *root); });
}

void add_help_footers(CLI::App& app) {
  for (auto* group : app.get_subcommands({})) footers(*group, group->get_name());
  app.footer("\nExamples:\n  sd init\n  sd request list --open --json | jq -r '.[].key'\n  sd help request\n"
             "\nThe manual: sd help sd\n");
}

}  // namespace sd::cli
