// --if-version and the message kept when a ticket changed under the editor.
#include "if_version.hpp"

#include "context.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/incidents.hpp"
#include "supportdesk/requests.hpp"

#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sd::cli {
namespace {

std::int64_t parse_version(const std::string& given) {
  std::int64_t v = 0;
  const char* end = given.data() + given.size();
  auto [p, ec] = std::from_chars(given.data(), end, v);
  if (given.empty() || ec != std::errc() || p != end || v < 1)
    throw field_error("if_version", "must be a version, a whole number 1 or more (the ticket's version in show "
                                    "--json); got '" + given + "'");
  return v;
}

/// $XDG_STATE_HOME/sd (an absolute one), else ~/.local/state/sd; empty
/// when there is no home.
std::string state_dir() {
  const char* xdg = std::getenv("XDG_STATE_HOME");
  if (xdg && xdg[0] == '/') return std::string(xdg) + "/sd";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.local/state/sd";
  return {};
}

}  // namespace

void add_if_version(CLI::App* cmd, std::optional<std::int64_t>& into) {
  cmd->add_option_function<std::string>(
         "--if-version", [&into](const std::string& given) { into = parse_version(given); },
         "Change it only if it is still at version N (its version in show --json); else exit 75, nothing written")
      ->type_name("N");
}

std::optional<std::string> ticket_key_of(const CLI::App& cmd) {
  const CLI::Option* key = cmd.get_option_no_throw("KEY");
  if (!key || key->count() == 0) return std::nullopt;
  return key->as<std::string>();
}

std::optional<std::int64_t> version_before_editor(const CLI::App& cmd, Context& ctx) {
  const CLI::Option* given = cmd.get_option_no_throw("--if-version");
  if (!given || given->count() > 0 || !cmd.get_parent()) return std::nullopt;
  auto key = ticket_key_of(cmd);
  if (!key) return std::nullopt;
  const auto& group = cmd.get_parent()->get_name();
  if (group == "request") return Requests(ctx.desk()).view(*key).request.version;
  if (group == "incident") return Incidents(ctx.desk()).view(*key).incident.version;
  return std::nullopt;
}

Error keep_message(const Error& e, const std::string& key, const std::string& text) {
  std::string dir = state_dir();
  std::string why;
  if (dir.empty()) {
    why = "no home directory";
  } else {
    std::string name = key;
    for (char& c : name)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    std::string path = dir + "/message-" + name + ".txt";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (!ec) ::chmod(dir.c_str(), 0700);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (out) {
      ::chmod(path.c_str(), 0600);
      out << text << "\n";
      out.close();
    }
    if (out) return Error(e.code(), e.detail() + "; your message is kept in " + path);
    why = "cannot write " + path + ": " + std::strerror(errno);
  }
  // Never lost: when no file can take it, the message goes with the error.
  return Error(e.code(), e.detail() + "; your message could not be kept (" + why + "), here it is:\n" + text);
}

}  // namespace sd::cli
