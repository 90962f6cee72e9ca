// Ticket keys for commands that change several tickets at once.
#include "keys_input.hpp"

#include "if_version.hpp"
#include "message_input.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/request.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace sd::cli {

std::vector<std::string> command_line_keys(const std::vector<std::string>& given) {
  if (given.size() > 1)
    for (const auto& k : given)
      if (k == "-")
        throw usage_error("KEY: '-' reads the keys from standard input and stands alone; give keys, or '-' only");
  return given;
}

std::vector<std::string> keys_from(std::istream& in) {
  std::vector<std::string> keys;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    auto last = line.find_last_not_of(" \t\r");
    std::string key = line.substr(first, last - first + 1);
    try {
      parse_ticket_key(key);
    } catch (const Error&) {
      throw data_error("standard input, line " + std::to_string(n) + ": '" + key +
                       "' is not a ticket key; give one key a line, like ACME-12");
    }
    keys.push_back(std::move(key));
  }
  if (in.bad()) throw Error(Exit::io, "cannot read the keys on standard input");
  return keys;
}

std::vector<std::string> keys_from_stdin() { return keys_from(std::cin); }

std::vector<std::string> given_keys(const std::vector<std::string>& given) {
  if (!keys_on_stdin(given)) return command_line_keys(given);
  if (message_took_stdin())
    throw usage_error("KEY - and the message both read standard input; give the message with -m TEXT or -F FILE");
  return keys_from_stdin();
}

void add_assign_options(CLI::App& assign, AssignOptions& o, const std::string& keys_help,
                        const std::string& note_help) {
  assign.add_option("KEY", o.words, keys_help)->required()->type_name("KEY... ASSIGNEE");
  assign.add_option("-m,--message", o.note, note_help);
  add_if_version(&assign, o.if_version);
  assign.add_flag("--dry-run", o.dry_run, "Check and print what would change; write nothing");
}

}  // namespace sd::cli
