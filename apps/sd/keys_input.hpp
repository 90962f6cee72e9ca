#pragma once
/// Several ticket keys for one command: KEY... on the command line, or a lone
/// `-` and the keys on standard input, one a line.
#include <iosfwd>
#include <string>
#include <vector>

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

}  // namespace sd::cli
