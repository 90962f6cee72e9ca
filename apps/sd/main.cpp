// sd: the support desk on the command line. This file builds the CLI11 tree
// from each command group's register_* function, runs the chosen command and
// maps every failure to one line on stderr and a sysexits status.
#include "commands.hpp"
#include "completion.hpp"
#include "output.hpp"
#include "if_version.hpp"
#include "message_input.hpp"
#include "context.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"
#include "version.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace {

/// Where the shipped data lives: $SD_SHARE_DIR, else beside the program
/// (PREFIX/bin/sd → PREFIX/share/sd, wherever PREFIX is; a build tree has
/// apps/share/sd beside apps/sd/sd), else "" (not found). No path of the
/// machine that built sd is kept in the program.
std::pair<std::string, bool> find_share_dir() {
  if (const char* s = std::getenv("SD_SHARE_DIR"); s && *s) return {s, true};
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto candidate = exe.parent_path().parent_path() / "share" / "sd";
    if (std::filesystem::exists(candidate / "catalog.json", ec)) return {candidate.string(), false};
  }
  return {std::string(), false};
}

/// The innermost subcommand the command line chose.
const CLI::App* deepest(const CLI::App& app) {
  const CLI::App* at = &app;
  for (;;) {
    auto used = at->get_subcommands();
    if (used.empty()) return at;
    at = used.front();
  }
}

/// For an unknown word where a subcommand was expected: the closest name.
std::string did_you_mean(const CLI::App& app, const std::vector<std::string>& extras) {
  if (extras.empty()) return {};
  const CLI::App* deepest = ::deepest(app);
  std::string best;
  std::size_t best_d = 3;
  for (const auto* sub : deepest->get_subcommands({})) {
    auto d = sd::edit_distance(extras.front(), sub->get_name());
    if (d < best_d) {
      best_d = d;
      best = sub->get_name();
    }
  }
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

/// For an unknown option: the closest long option of the chosen command or
/// of the commands it is under (the global options), as typed up to any '='.
std::string did_you_mean_option(const CLI::App& app, std::string typed) {
  if (auto eq = typed.find('='); eq != std::string::npos) typed.resize(eq);
  std::string best;
  std::size_t best_d = 3;
  for (const CLI::App* at = deepest(app); at; at = at->get_parent())
    for (const auto* opt : at->get_options())
      for (const auto& name : opt->get_lnames()) {
        auto d = sd::edit_distance(typed, "--" + name);
        if (d < best_d) {
          best_d = d;
          best = "--" + name;
        }
      }
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

/// How the command line names a field the library's errors name: the
/// chosen command's option for it (`miss_reason` → --miss-reason), a global
/// one, or its positional argument (`key` → KEY); `message` is -m.
std::string flag_for(const CLI::App& app, std::string_view field) {
  if (field.empty() || field.front() == '-') return std::string(field);
  // "field op": the option, then what it is about.
  auto space = field.find(' ');
  std::string head(field.substr(0, space));
  std::string rest = space == std::string_view::npos ? "" : std::string(field.substr(space));
  if (head == "message") return "-m" + rest;
  // Who acts is --as, except where a command filters by actor (sd log --actor).
  if (head == "actor" && !deepest(app)->get_option_no_throw("--actor")) return "--as" + rest;
  std::string dashed = head;
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  std::string upper = head;
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  for (const CLI::App* at = deepest(app); at; at = at->get_parent()) {
    if (at->get_option_no_throw("--" + dashed)) return "--" + dashed + rest;
    if (at->get_option_no_throw(upper)) return upper + rest;
  }
  // A word of a positional list (KEY... ASSIGNEE).
  for (const CLI::Option* o : deepest(app)->get_options([](const CLI::Option* o) { return o->get_positional(); })) {
    std::string words = " " + o->get_type_name() + " ";
    if (words.find(" " + upper + " ") != std::string::npos) return upper + rest;
  }
  return head + rest;
}

/// Writes `text` to standard output and flushes it; 0, or the errno of the
/// failure (write(2) directly, so that the reason is known).
int write_stdout(const std::string& text) {
  std::cout.flush();
  if (!std::cout) return EIO;
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto [share_dir, share_from_env] = find_share_dir();
  sd::cli::Context ctx(share_dir, share_from_env);
  CLI::App app{"sd: the support desk — requests, incidents and their SLOs", "sd"};
  app.set_version_flag("--version", "sd " + std::string(sd::kVersion));
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--db", ctx.opts.db, "The store: a file, or postgresql://... or service=NAME (else $SD_DB, else $XDG_DATA_HOME/sd/sd.db)")
      ->type_name("PATH");
  app.add_option("--pg-schema", ctx.opts.pg_schema,
                 "The PostgreSQL schema the store is in (else $SD_PG_SCHEMA; the address's own search_path)")
      ->type_name("NAME");
  app.add_option("--as", ctx.opts.actor, "Who acts (else $SD_ACTOR, else the login name)")
      ->type_name("NAME");
  app.add_option("--config", ctx.opts.config, "The config file (else $SD_CONFIG, else $XDG_CONFIG_HOME/sd/config)")
      ->type_name("PATH");
  auto* color = app.add_option_function<std::string>(
                      "--color",
                      [&ctx](const std::string& word) { ctx.opts.color = sd::cli::parse_color_mode(word); },
                      "Colour: auto (a terminal, unless $NO_COLOR or TERM=dumb), always or never")
                    ->type_name("WHEN");
  sd::cli::complete_choices(color, {"auto", "always", "never"});
  auto* json = app.add_flag("--json", ctx.opts.json, "Print JSON instead of a table");
  app.add_flag_callback(
         "--jsonl",
         [&ctx] {
           ctx.opts.json = true;
           ctx.opts.jsonl = true;
         },
         "Print JSON lines: a list as one compact object a line, for pipelines")
      ->excludes(json);

  sd::cli::register_init(app, ctx);
  sd::cli::register_customer(app, ctx);
  sd::cli::register_contact(app, ctx);
  sd::cli::register_catalog(app, ctx);
  sd::cli::register_request(app, ctx);
  sd::cli::register_incident(app, ctx);
  sd::cli::register_alert(app, ctx);
  sd::cli::register_ci(app, ctx);
  sd::cli::register_problem(app, ctx);
  sd::cli::register_change(app, ctx);
  sd::cli::register_slo(app, ctx);
  sd::cli::register_report(app, ctx);
  sd::cli::register_calendar(app, ctx);
  sd::cli::register_log(app, ctx);
  sd::cli::register_undo(app, ctx);
  sd::cli::register_db(app, ctx);
  sd::cli::register_export(app, ctx);
  sd::cli::register_config(app, ctx);
  sd::cli::register_completion(app, ctx);
  sd::cli::register_help(app, ctx);
  sd::cli::add_message_inputs(app);
  sd::cli::add_help_footers(app);

  // Checks for cron and monitoring follow the Nagios convention: any error
  // is UNKNOWN (3), with a status line on stdout.
  auto nagios_unknown = [&](const std::string& msg) {
    const CLI::App* at = deepest(app);
    if (at->get_name() != "check" || !at->get_parent()) return false;
    const auto& group = at->get_parent()->get_name();
    if (group != "incident" && group != "slo" && group != "db") return false;
    if (ctx.opts.json)
      std::cout << sd::cli::Json{{"status", "UNKNOWN"}, {"error", msg}}.dump() << '\n';
    else
      std::cout << (group == "slo" ? "SD SLO" : group == "db" ? "SD DB" : "SD INCIDENT") << " UNKNOWN - " << msg
                << '\n';
    std::cerr << "sd: " << msg << '\n';
    return true;
  };
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::RequiredError& e) {
      // A command that needs a message and got none, on a terminal: the
      // editor, as git commit opens it; then the command line again, with it.
      if (std::string(e.what()) != "--message is required") throw;
      std::string command = "sd";
      std::vector<std::string> path;
      for (const CLI::App* a = deepest(app); a && a->get_parent(); a = a->get_parent()) path.insert(path.begin(), a->get_name());
      for (const auto& p : path) command += " " + p;
      // The ticket is read before the editor opens and changed only if it
      // is still as read then (--if-version); otherwise the text is kept.
      const CLI::App& cmd = *deepest(app);
      auto key = sd::cli::ticket_key_of(cmd);
      auto version = sd::cli::version_before_editor(cmd, ctx);
      auto text = sd::cli::message_from_editor(command);
      if (!text) throw sd::usage_error("--message is required: -m TEXT, -m - (standard input) or -F FILE");
      std::vector<std::string> args(argv, argv + argc);
      args.push_back("-m");
      args.push_back(*text);
      if (version) {
        args.push_back("--if-version");
        args.push_back(std::to_string(*version));
      }
      std::vector<char*> again;
      for (auto& a : args) again.push_back(a.data());
      app.clear();
      try {
        app.parse(static_cast<int>(again.size()), again.data());
      } catch (const sd::Error& refused) {
        if (refused.code() != sd::Exit::busy || !key) throw;
        throw sd::cli::keep_message(refused, *key, *text);
      }
    }
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // A word where a subcommand was expected: name it and suggest the closest.
    auto rest = app.remaining();
    std::string msg = e.what();
    // An unknown word or option: name it, suggest the closest, and say where
    // the help is.
    if (!rest.empty() && !rest.front().empty()) {
      const CLI::App* at = deepest(app);
      std::string path;
      for (const CLI::App* a = at; a && a->get_parent(); a = a->get_parent())
        path = a->get_name() + (path.empty() ? "" : " " + path);
      std::string where = path.empty() ? "sd" : "sd " + path;
      const std::string& word = rest.front();
      if (word.rfind("--", 0) == 0 && word.size() > 2)
        msg = "unknown option '" + word + "'" + did_you_mean_option(app, word);
      else if (word.front() == '-')
        msg = "unknown option '" + word + "'";
      else
        msg = at->get_subcommands({}).empty() ? "unexpected argument '" + word + "'"
                                              : "unknown command '" + word + "'" + did_you_mean(app, rest);
      msg += " (see '" + where + " --help')";
    }
    if (nagios_unknown(msg)) return 3;
    std::cerr << "sd: " << msg << '\n';
    return static_cast<int>(sd::Exit::usage);
  } catch (const sd::Error& e) {
    auto msg = e.render([&](std::string_view field) { return flag_for(app, field); });
    if (nagios_unknown(msg)) return 3;
    std::cerr << "sd: " << msg << '\n';
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    if (nagios_unknown(std::string("internal error: ") + e.what())) return 3;
    std::cerr << "sd: internal error: " << e.what() << '\n';
    return static_cast<int>(sd::Exit::software);
  }
  // The command has committed: a failure to print is reported, with what was
  // done, so that a script does not repeat it (sd(1) EXIT STATUS).
  if (int err = write_stdout(ctx.out.str())) {
    std::cerr << "sd: stdout: " << std::strerror(err);
    if (!ctx.done.empty()) std::cerr << "; " << ctx.done;
    std::cerr << '\n';
    return static_cast<int>(sd::Exit::io);
  }
  return ctx.exit_code;
}
