#pragma once
/// Optimistic locking on the command line: `--if-version N` on every
/// command that changes a request or an incident (like HTTP's If-Match),
/// and a message written in the editor kept when its ticket changed while
/// the editor was open (as git keeps COMMIT_EDITMSG).
#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace sd {
class Error;
}

namespace sd::cli {

class Context;

/// Gives `cmd` the option `--if-version N`: the change is made only while
/// the ticket is at version N (its `version` in show --json), else it is
/// refused with exit 75 and nothing is written. N must be a whole number,
/// 1 or more (a data Error naming if_version).
void add_if_version(CLI::App* cmd, std::optional<std::int64_t>& into);

/// For a command with --if-version (not given) and a ticket KEY, about to
/// open the editor for its message: the ticket's version now, read before
/// the editor opens, so that the change is made against what was read.
/// nullopt for any other command.
std::optional<std::int64_t> version_before_editor(const CLI::App& cmd, Context& ctx);

/// The same error as `e` with the message written in the editor kept in a
/// file (`$XDG_STATE_HOME/sd/message-KEY.txt`, else under
/// ~/.local/state) and named, for a command on ticket `key` that the store
/// refused (exit 75): the text is not lost.
Error keep_message(const Error& e, const std::string& key, const std::string& text);

/// The KEY positional of `cmd`, when it has one and it was given.
std::optional<std::string> ticket_key_of(const CLI::App& cmd);

}  // namespace sd::cli
