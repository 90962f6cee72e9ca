#pragma once
/// Completion hints the CLI11 tree cannot carry by itself.
///
/// `sd completion` walks the same CLI11 tree that parses (cmd_completion.cpp),
/// so subcommands, aliases, options, positionals and their descriptions need
/// no declaration, and neither do the values of an option checked with
/// CLI::IsMember: its set is read back from the validator. Hidden options and
/// subcommands (group "") are left out.
///
/// The words of an option with fixed values are declared where it is made,
/// by add_choice() (cli.hpp), from the same table that parses them.
///
/// What the walk guesses by name, when nothing is declared here:
///   - a value named PATH, FILE or DIR, or an option named `output` or
///     `file`, completes file names;
///   - `tz` and `zone` complete time zone names;
///   - `customer` (option, positional or value name) completes customer keys;
///   - `type` completes request types, and so does `code` under `sd catalog`;
///   - `key` completes customer keys under `sd customer` (but not for
///     `sd customer add`, which names a new one), `sd contact` and `sd log`;
///     keys of requests not yet closed under `sd request`, and of incidents
///     not yet closed under `sd incident`.
/// Elsewhere a name may mean something else (`--via` of `sd incident notify`
/// is a channel), so nothing is guessed there.
///
/// Declare the rest where the option is made:
///
///   auto* o = cmd->add_option("--for", opts.customer, "Whose requests");
///   sd::cli::complete_with(o, sd::cli::Complete::customers);
///   auto* s = cmd->add_option("--sort", opts.sort, "Sort order");
///   sd::cli::complete_choices(s, {"due", "key", "priority"});
#include <string>
#include <vector>

namespace CLI {
class Option;
}

namespace sd::cli {

/// How a value completes. All but `nothing` and `files` are asked of sd itself
/// at completion time (`sd completion --values KIND`), so they follow the
/// store and the catalog in use.
enum class Complete {
  nothing,        ///< free text: nothing is offered
  files,          ///< file names
  customers,      ///< customer keys
  request_types,  ///< catalog codes
  requests,       ///< keys of requests that are not closed
  incidents,      ///< keys of incidents that are not closed
  zones,          ///< IANA time zone names
};

/// Declares how the value of `opt` completes, overriding the guess by name.
void complete_with(CLI::Option* opt, Complete what);

/// Declares the fixed set of values `opt` takes, for an option that checks its
/// value itself (to word its own error) rather than with CLI::IsMember. Only
/// completion uses it: it adds no check.
void complete_choices(CLI::Option* opt, std::vector<std::string> values);

}  // namespace sd::cli
