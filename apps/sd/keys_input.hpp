#pragma once
/// Several ticket keys for one command: KEY... on the command line, or a lone
/// `-` and the keys on standard input, one a line.
#include "context.hpp"
#include "supportdesk/error.hpp"
#include "util.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace sd::cli {

/// The keys as given on the command line; `-` among other keys is refused
/// (it stands alone, for the keys on standard input).
std::vector<std::string> command_line_keys(const std::vector<std::string>& given);

/// The keys in `in`, one a line: surrounding spaces and blank lines are
/// ignored; each line is checked as it is read, and a line that is not a
/// ticket key is a data error naming its line number. Nothing is cut short:
/// every line is read.
std::vector<std::string> keys_from(std::istream& in);
/// keys_from(std::cin).
std::vector<std::string> keys_from_stdin();

/// Whether `given` is a lone `-`: the keys are on standard input.
inline bool keys_on_stdin(const std::vector<std::string>& given) { return given.size() == 1 && given.front() == "-"; }
/// The keys a command was given as KEY... or a lone `-`: keys_from_stdin()
/// for `-` (a usage Error when `-m -` or `-F -` already read standard
/// input), else command_line_keys().
std::vector<std::string> given_keys(const std::vector<std::string>& given);

/// "ACME-1, ACME-2" for what a command did, from the objects it changed.
template <class T>
std::string join_ticket_keys(const std::vector<T>& changed) {
  std::string out;
  for (const auto& c : changed) out += (out.empty() ? "" : ", ") + c.key();
  return out;
}

/// What a change of KEY... or `-` changed (or, with `dry_run`, would
/// change): `line(ctx, item)` each; in JSON an array when `several` (more
/// than one key, or `-`), else the one object as a change of one always
/// printed it; with --jsonl one object a line.
template <class T, class Line>
void print_changed(Context& ctx, const std::vector<T>& changed, bool several, bool dry_run, Line&& line) {
  if (ctx.opts.jsonl && several) {
    for (const auto& c : changed) ctx.print_json(to_json(c, json_view(ctx)));
    return;
  }
  if (ctx.opts.json && several) {
    Json all = Json::array();
    for (const auto& c : changed) all.push_back(to_json(c, json_view(ctx)));
    ctx.print_json(all);
    return;
  }
  for (const auto& c : changed) line(ctx, c);
  if (dry_run && !ctx.opts.json) ctx.out << "dry run: nothing was written\n";
}

/// `assign KEY... ASSIGNEE` for requests and incidents: the words as the
/// parser gives them (one list, as a list of keys followed by one more word
/// is not something it splits), the note, --if-version and --dry-run.
struct AssignOptions {
  std::vector<std::string> words;  ///< KEY... ASSIGNEE; a lone "-" key: one a line on standard input
  std::string note;
  std::optional<std::int64_t> if_version;  ///< --if-version
  bool dry_run = false;
};
/// Gives `assign` its KEY... ASSIGNEE list (`keys_help` says what it takes),
/// -m (`note_help`), --if-version and --dry-run.
void add_assign_options(CLI::App& assign, AssignOptions& o, const std::string& keys_help,
                        const std::string& note_help);
/// Splits the words, hands the keys and the assignee to `assign(keys, who,
/// note, if_version, dry_run)`, records what it did and prints it with
/// print_changed().
template <class Assign, class Line>
void run_assign_keys(AssignOptions o, Context& ctx, Assign&& assign, Line&& line) {
  if (o.words.size() < 2) throw usage_error("ASSIGNEE is required: give the keys, then who takes them");
  std::string who = o.words.back();
  o.words.pop_back();
  auto changed = assign(given_keys(o.words), who, o.note, o.if_version, o.dry_run);
  if (!changed.empty() && !o.dry_run)
    ctx.done = join_ticket_keys(changed) + (changed.size() == 1 ? " is" : " are") + " now assigned to " + who;
  print_changed(ctx, changed, keys_on_stdin(o.words) || o.words.size() > 1, o.dry_run, line);
}

}  // namespace sd::cli
