// Where a message comes from, as git commit takes one: `-m TEXT`, `-m -`
// (standard input), `-F FILE` (`-F -` too), or, when a command needs one and
// none was given on a terminal, the editor ($VISUAL, $EDITOR, else
// sensible-editor). Every command with -m gets the same, from one place.
#include "message_input.hpp"

#include "supportdesk/error.hpp"

#include <CLI/CLI.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

namespace sd::cli {
namespace {

/// Trailing newlines go: `echo` and editors end a text with one.
std::string chomp(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

bool stdin_taken = false;

std::string read_stdin() {
  stdin_taken = true;
  return chomp(std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()));
}

std::string read_message_file(const std::string& path) {
  if (path == "-") return read_stdin();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(Exit::no_input, "message_file", path + " is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Exit::no_input, "message_file", "cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(Exit::io, "message_file", "cannot read " + path);
  return chomp(text.str());
}

void add_to(CLI::App& cmd) {
  for (auto* sub : cmd.get_subcommands({})) add_to(*sub);
  CLI::Option* m = cmd.get_option_no_throw("--message");
  if (!m) return;
  // -m -: the text on standard input.
  m->transform([](std::string value) { return value == "-" ? read_stdin() : value; }, "", "stdin");
  m->type_name("TEXT|-");
  auto* f = cmd.add_option_function<std::string>(
                  "-F,--message-file",
                  [m](const std::string& path) {
                    if (m->count() > 0) throw Error(Exit::usage, "message_file", "-m gives the message already; use one of them");
                    // The file's text becomes -m's: the command reads one
                    // message whichever way it came.
                    m->add_result(read_message_file(path));
                    m->run_callback();
                  },
                  "Read the message (-m) from FILE, or standard input for -")
                 ->type_name("FILE");
  (void)f;
}

}  // namespace

bool message_took_stdin() { return stdin_taken; }

void add_message_inputs(CLI::App& app) { add_to(app); }

std::optional<std::string> message_from_editor(const std::string& command) {
  if (!::isatty(STDIN_FILENO) || !::isatty(STDOUT_FILENO)) return std::nullopt;
  const char* editor = std::getenv("VISUAL");
  if (!editor || !*editor) editor = std::getenv("EDITOR");
  std::string program = editor && *editor ? editor : "sensible-editor";
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/sd-message-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) throw Error(Exit::cant_create, "cannot create a file for the message: " + std::string(std::strerror(errno)));
  std::string intro = "\n# The message for '" + command +
                      "'.\n# Lines starting with '#' are left out; an empty message does nothing.\n";
  bool written = ::write(fd, intro.data(), intro.size()) == static_cast<ssize_t>(intro.size());
  ::close(fd);
  struct Remove {
    std::string p;
    ~Remove() { ::unlink(p.c_str()); }
  } remove{path};
  if (!written) throw Error(Exit::cant_create, "cannot write the message file " + path);
  // The editor may be a command with arguments ("code --wait"), as git allows.
  pid_t pid = ::fork();
  if (pid < 0) throw Error(Exit::software, "cannot start the editor: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", (program + " \"$1\"").c_str(), "sh", path.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Error(Exit::usage, "message", "the editor (" + program + ") failed; nothing was done");
  std::ifstream in(path);
  std::string line, text;
  while (std::getline(in, line))
    if (line.empty() || line.front() != '#') text += line + "\n";
  auto first = text.find_first_not_of(" \t\r\n");
  text = first == std::string::npos ? "" : chomp(text.substr(first));
  if (text.empty()) throw Error(Exit::usage, "message", "empty; nothing was done");
  return text;
}

}  // namespace sd::cli
