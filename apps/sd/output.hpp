#pragma once
/// Where standard output goes, decided once for the command: a terminal
/// (aligned tables fitted to its width) or not (tab-separated), and whether
/// it is coloured (sd(1) OUTPUT).
#include "table.hpp"

#include <string>

namespace sd::cli {

/// --color: auto (the default), always or never.
enum class ColorMode { auto_mode, always, never };

/// The words of --color; another word is a usage Error naming --color and
/// the words allowed.
ColorMode parse_color_mode(const std::string& word);
/// "auto, always or never".
const char* color_words();

/// What the environment says about standard output.
struct OutputEnv {
  bool terminal = false;        ///< isatty(1)
  std::size_t tty_columns = 0;  ///< TIOCGWINSZ; 0 when unknown
  const char* columns = nullptr;         ///< $COLUMNS
  const char* no_color = nullptr;        ///< $NO_COLOR
  const char* clicolor_force = nullptr;  ///< $CLICOLOR_FORCE
  const char* term = nullptr;            ///< $TERM
  /// The process's own standard output and environment.
  static OutputEnv current();
};

/// The one rule. Tables: tab-separated unless standard output is a
/// terminal; on one, at most its width (TIOCGWINSZ, else $COLUMNS, else 80).
/// Colour: `always` and `never` win; `auto` colours a terminal, never when
/// $NO_COLOR is set and not empty or $TERM is `dumb`, and always when
/// $CLICOLOR_FORCE is set and not `0`.
TableLayout decide_output(ColorMode mode, const OutputEnv& env);

}  // namespace sd::cli
