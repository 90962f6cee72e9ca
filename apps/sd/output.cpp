#include "output.hpp"

#include "supportdesk/error.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace sd::cli {

const char* color_words() { return "auto, always or never"; }

ColorMode parse_color_mode(const std::string& word) {
  if (word == "auto") return ColorMode::auto_mode;
  if (word == "always") return ColorMode::always;
  if (word == "never") return ColorMode::never;
  throw usage_error("--color: '" + word + "' is not allowed; use " + color_words());
}

OutputEnv OutputEnv::current() {
  OutputEnv env;
  env.terminal = ::isatty(STDOUT_FILENO) != 0;
  struct winsize ws {};
  if (env.terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) env.tty_columns = ws.ws_col;
  env.columns = std::getenv("COLUMNS");
  env.no_color = std::getenv("NO_COLOR");
  env.clicolor_force = std::getenv("CLICOLOR_FORCE");
  env.term = std::getenv("TERM");
  return env;
}

namespace {
bool set(const char* v) { return v && *v; }

std::size_t columns_of(const OutputEnv& env) {
  if (env.tty_columns > 0) return env.tty_columns;
  if (set(env.columns)) {
    char* end = nullptr;
    long n = std::strtol(env.columns, &end, 10);
    if (*end == '\0' && n > 0 && n < 100000) return static_cast<std::size_t>(n);
  }
  return 80;
}
}  // namespace

TableLayout decide_output(ColorMode mode, const OutputEnv& env) {
  TableLayout out;
  out.tsv = !env.terminal;
  out.width = env.terminal ? columns_of(env) : 0;
  switch (mode) {
    case ColorMode::always: out.colour = true; break;
    case ColorMode::never: out.colour = false; break;
    case ColorMode::auto_mode:
      if (set(env.no_color) || (env.term && std::strcmp(env.term, "dumb") == 0)) out.colour = false;
      else if (env.clicolor_force && std::strcmp(env.clicolor_force, "0") != 0) out.colour = true;
      else out.colour = env.terminal;
      break;
  }
  return out;
}

}  // namespace sd::cli
