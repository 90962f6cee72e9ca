#pragma once
/// Messages as git commit takes them: -m TEXT, -m - (standard input),
/// -F FILE, or the editor when a command needs one and none was given.
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace sd::cli {

/// Gives every command that has -m,--message the forms `-m -` and
/// `-F,--message-file FILE|-`; after every command is registered.
void add_message_inputs(CLI::App& app);

/// When standard input and output are a terminal: the text written in
/// $VISUAL, $EDITOR or sensible-editor, lines starting with '#' left out;
/// an empty text is an error. Not a terminal: nullopt.
std::optional<std::string> message_from_editor(const std::string& command);

/// True once a message has been read from standard input (`-m -`, `-F -`):
/// nothing else may read it then.
bool message_took_stdin();

}  // namespace sd::cli
