#include "supportdesk/hooks.hpp"

#include "supportdesk/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

namespace sd {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

/// Ignores SIGPIPE for its lifetime, so that a hook that exits without
/// reading its standard input makes write() fail with EPIPE instead of
/// killing sd; the previous disposition is restored afterwards.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    saved_ = ::sigaction(SIGPIPE, &ignore, &old_) == 0;
  }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;
  ~IgnoreSigpipe() {
    if (saved_) ::sigaction(SIGPIPE, &old_, nullptr);
  }

 private:
  struct sigaction old_ {};
  bool saved_ = false;
};

bool make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  read_end.reset(fds[0]);
  write_end.reset(fds[1]);
  return true;
}

void sleep_for(std::chrono::milliseconds ms) {
  struct timespec ts {};
  ts.tv_sec = static_cast<time_t>(ms.count() / 1000);
  ts.tv_nsec = static_cast<long>((ms.count() % 1000) * 1000000);
  while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

pid_t wait_blocking(pid_t pid, int& status) {
  pid_t r;
  do {
    r = ::waitpid(pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  return r;
}

/// The hooks of one event: regular executable files in `dir`, in byte order
/// of their names; dotfiles and editor backups (`name~`) are skipped.
/// nullopt when the directory does not exist.
std::optional<std::vector<std::string>> list_hooks(const fs::path& dir, std::string& error) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory)
      return std::vector<std::string>{};
    error = "could not list: " + ec.message();
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.' || name.back() == '~') continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;  // follows symlinks
    if (::access(it->path().c_str(), X_OK) != 0) continue;
    names.push_back(std::move(name));
  }
  if (ec) {
    error = "could not list: " + ec.message();
    return std::nullopt;
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// Why a hook must not run, or "" when it may: like git's safe.directory,
/// only a file owned by the user running sd or by root, and writable by
/// neither its group nor others, is trusted to run with the user's rights.
std::string untrusted(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::string("cannot stat: ") + std::strerror(errno);
  if (st.st_uid != ::geteuid() && st.st_uid != 0)
    return "owned by uid " + std::to_string(st.st_uid) + ", neither you (uid " + std::to_string(::geteuid()) +
           ") nor root";
  if (st.st_mode & (S_IWGRP | S_IWOTH)) return "writable by group or others (chmod go-w to run it)";
  return {};
}

/// Runs one hook to completion or timeout.
HookResult run_one(const std::string& path, char* const envp[], const std::string& json,
                   std::chrono::seconds timeout) {
  HookResult result;
  result.path = path;
  auto fail_to_start = [&](int err) {
    result.exit_code = -1;
    result.error = std::string("could not start: ") + std::strerror(err);
    return result;
  };

  Fd in_r, in_w, err_r, err_w;  // the hook's stdin; exec's errno back to sd
  if (!make_pipe(in_r, in_w) || !make_pipe(err_r, err_w)) return fail_to_start(errno);
  std::string argv0 = path;
  char* const argv[] = {argv0.data(), nullptr};

  pid_t pid = ::fork();
  if (pid < 0) return fail_to_start(errno);
  if (pid == 0) {
    // The child: only async-signal-safe calls from here to execve.
    ::setpgid(0, 0);
    if (in_r.get() == STDIN_FILENO) ::fcntl(STDIN_FILENO, F_SETFD, 0);
    else ::dup2(in_r.get(), STDIN_FILENO);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(SIGPIPE, &dfl, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(path.c_str(), argv, envp);
    int err = errno;
    ssize_t ignored = ::write(err_w.get(), &err, sizeof err);
    (void)ignored;
    ::_exit(127);
  }

  ::setpgid(pid, pid);  // also in the child: whichever runs first wins the race
  in_r.reset();
  err_w.reset();
  int status = 0;
  {
    int err = 0;
    ssize_t n;
    do {
      n = ::read(err_r.get(), &err, sizeof err);
    } while (n < 0 && errno == EINTR);
    if (n == static_cast<ssize_t>(sizeof err)) {
      wait_blocking(pid, status);
      return fail_to_start(err);
    }
  }

  // Feed stdin without ever blocking, so that a hook that neither reads nor
  // exits still meets its timeout; reap as soon as the hook exits.
  if (json.empty()) in_w.reset();
  else ::fcntl(in_w.get(), F_SETFL, O_NONBLOCK);
  std::size_t written = 0;
  const auto deadline = Clock::now() + timeout;
  auto nap = std::chrono::milliseconds{1};
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) {
      result.exit_code = -1;
      result.error = std::string("could not wait: ") + std::strerror(errno);
      return result;
    }
    auto now = Clock::now();
    if (now >= deadline) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      wait_blocking(pid, status);
      result.exit_code = -2;
      result.error = "timed out after " + std::to_string(timeout.count()) + "s";
      return result;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
                std::chrono::milliseconds{1};
    auto wait = std::min(nap, left);
    if (in_w.open()) {
      struct pollfd p {};
      p.fd = in_w.get();
      p.events = POLLOUT;
      int ready = ::poll(&p, 1, static_cast<int>(wait.count()));
      if (ready > 0) {
        std::size_t chunk = std::min<std::size_t>(json.size() - written, 1 << 16);
        ssize_t n = ::write(in_w.get(), json.data() + written, chunk);
        if (n > 0) {
          written += static_cast<std::size_t>(n);
          if (written == json.size()) in_w.reset();
          nap = std::chrono::milliseconds{1};
          continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
          in_w.reset();  // EPIPE: the hook closed its stdin; that is its right
      }
    } else {
      sleep_for(wait);
    }
    nap = std::min(nap * 2, std::chrono::milliseconds{25});
  }

  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
    if (result.exit_code != 0) result.error = "exited " + std::to_string(result.exit_code);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
    result.error = "killed by signal " + std::to_string(WTERMSIG(status));
  }
  return result;
}

}  // namespace

HookRunner::HookRunner(std::string dir, std::chrono::seconds timeout)
    : dir_(std::move(dir)), timeout_(timeout) {}

std::vector<HookResult> HookRunner::run(std::string_view event, const std::string& json) const {
  std::vector<HookResult> results;
  if (dir_.empty() || event.empty()) return results;
  const fs::path event_dir = fs::path(dir_) / (std::string(event) + ".d");
  std::string list_error;
  auto names = list_hooks(event_dir, list_error);
  if (!names) {
    results.push_back(HookResult{event_dir.string(), -1, list_error});
    return results;
  }
  if (names->empty()) return results;

  // The environment: sd's own, with SD_EVENT replaced. Built before fork.
  std::string sd_event = "SD_EVENT=" + std::string(event);
  std::vector<char*> envp;
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "SD_EVENT=", 9) != 0) envp.push_back(*e);
  envp.push_back(sd_event.data());
  envp.push_back(nullptr);

  IgnoreSigpipe guard;
  for (const auto& name : *names) {
    auto path = (event_dir / name).string();
    if (auto why = untrusted(path); !why.empty()) {
      results.push_back(HookResult{path, -3, why, true});
      continue;
    }
    results.push_back(run_one(path, envp.data(), json, timeout_));
  }
  return results;
}

// ---------------------------------------------------------------------------
// Templates

namespace {

struct Token {
  enum Kind { text, var, open, open_inverted, close } kind = text;
  std::string value;  ///< the text, or the name
  int line = 1;       ///< where the tag starts
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && (is_blank(s.front()) || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string tag_text(const Token& t) {
  switch (t.kind) {
    case Token::open: return "{{#" + t.value + "}}";
    case Token::open_inverted: return "{{^" + t.value + "}}";
    case Token::close: return "{{/" + t.value + "}}";
    default: return "{{" + t.value + "}}";
  }
}

/// Splits a template into text and tags. A section tag alone on its line
/// (blanks aside) takes the whole line with it, so that sections can sit on
/// lines of their own without leaving blank lines behind.
std::vector<Token> tokenize(std::string_view text, std::string_view source) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  int line = 1;
  auto count_lines = [](std::string_view s) {
    return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
  };
  while (pos < text.size()) {
    std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      tokens.push_back({Token::text, std::string(text.substr(pos)), line});
      break;
    }
    std::string_view before = text.substr(pos, open - pos);
    int tag_line = line + count_lines(before);
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos)
      throw config_error(std::string(source) + ":" + std::to_string(tag_line) +
                         ": unclosed {{ (no matching }})");
    std::string_view inner = trim_space(text.substr(open + 2, close - open - 2));
    Token tag;
    tag.line = tag_line;
    if (!inner.empty() && (inner.front() == '#' || inner.front() == '^' || inner.front() == '/')) {
      tag.kind = inner.front() == '#'   ? Token::open
                 : inner.front() == '^' ? Token::open_inverted
                                        : Token::close;
      inner = trim_space(inner.substr(1));
    } else {
      tag.kind = Token::var;
    }
    tag.value = std::string(inner);
    bool bad = tag.value.empty() || tag.value.find_first_of(" \t\r\n{}") != std::string::npos;
    if (bad)
      throw config_error(std::string(source) + ":" + std::to_string(tag_line) +
                         ": malformed placeholder {{" +
                         std::string(text.substr(open + 2, close - open - 2)) + "}}");
    std::size_t end = close + 2;

    if (tag.kind != Token::var) {
      // Standalone: only blanks between the line start and the tag, and
      // between the tag and the line end.
      std::size_t line_start = before.find_last_of('\n');
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      bool blank_before = std::all_of(before.begin() + static_cast<std::ptrdiff_t>(line_start),
                                      before.end(), is_blank);
      bool at_line_start = line_start > 0 || pos == 0 || text[pos - 1] == '\n';
      std::size_t after = end;
      while (after < text.size() && is_blank(text[after])) ++after;
      bool blank_after = after == text.size() || text[after] == '\n';
      if (blank_before && at_line_start && blank_after) {
        before = before.substr(0, line_start);
        end = after < text.size() ? after + 1 : after;
      }
    }
    if (!before.empty()) tokens.push_back({Token::text, std::string(before), line});
    tokens.push_back(tag);
    line += count_lines(text.substr(pos, end - pos));
    pos = end;
  }
  return tokens;
}

using Vars = std::vector<std::pair<std::string, std::string>>;

const std::string* lookup(const Vars& vars, const std::string& name) {
  for (const auto& [k, v] : vars)
    if (k == name) return &v;
  return nullptr;
}

/// Checks every name and the nesting of sections before anything renders,
/// so an error shows whatever the values are.
void validate(const std::vector<Token>& tokens, const Vars& vars, std::string_view source) {
  std::vector<const Token*> open;
  for (const auto& t : tokens) {
    if (t.kind == Token::text) continue;
    if (!lookup(vars, t.value)) {
      std::string known;
      std::vector<std::string_view> seen;
      for (const auto& [k, v] : vars) {
        if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
        seen.push_back(k);
        known += (known.empty() ? "" : ", ") + k;
      }
      throw config_error(std::string(source) + ": unknown placeholder {{" + t.value +
                         "}}; known: " + (known.empty() ? "(none)" : known));
    }
    if (t.kind == Token::open || t.kind == Token::open_inverted) {
      open.push_back(&t);
    } else if (t.kind == Token::close) {
      if (open.empty())
        throw config_error(std::string(source) + ":" + std::to_string(t.line) + ": " +
                           tag_text(t) + " closes no section");
      if (open.back()->value != t.value)
        throw config_error(std::string(source) + ":" + std::to_string(t.line) + ": " +
                           tag_text(t) + " closes " + tag_text(*open.back()) +
                           " (opened on line " + std::to_string(open.back()->line) + ")");
      open.pop_back();
    }
  }
  if (!open.empty())
    throw config_error(std::string(source) + ":" + std::to_string(open.back()->line) +
                       ": unclosed section " + tag_text(*open.back()) + "; end it with {{/" +
                       open.back()->value + "}}");
}

/// Renders tokens[i, end) into out; sections were checked by validate().
void render(const std::vector<Token>& tokens, std::size_t i, std::size_t end, const Vars& vars,
            std::string& out) {
  while (i < end) {
    const Token& t = tokens[i];
    switch (t.kind) {
      case Token::text: out += t.value; ++i; break;
      case Token::var: out += *lookup(vars, t.value); ++i; break;
      case Token::close: ++i; break;  // not reached: sections are skipped whole
      case Token::open:
      case Token::open_inverted: {
        std::size_t depth = 0, j = i + 1;
        for (; j < end; ++j) {
          if (tokens[j].kind == Token::close && depth == 0) break;
          if (tokens[j].kind == Token::open || tokens[j].kind == Token::open_inverted) ++depth;
          if (tokens[j].kind == Token::close) --depth;
        }
        bool set = !lookup(vars, t.value)->empty();
        if (set == (t.kind == Token::open)) render(tokens, i + 1, j, vars, out);
        i = j + 1;
        break;
      }
    }
  }
}

}  // namespace

std::string render_template(std::string_view text, const Vars& vars, std::string_view source) {
  auto tokens = tokenize(text, source);
  validate(tokens, vars, source);
  std::string out;
  out.reserve(text.size());
  render(tokens, 0, tokens.size(), vars, out);
  return out;
}

}  // namespace sd
