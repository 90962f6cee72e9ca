#pragma once
/// Errors that reach the user. Each carries the process exit status it maps
/// to (sysexits), so that `main` is the one place that prints and exits.
#include <stdexcept>
#include <string>

namespace sd {

enum class Exit : int {
  ok = 0,
  usage = 64,      ///< EX_USAGE: the command line was wrong
  data = 65,       ///< EX_DATAERR: a value was malformed or not allowed
  no_input = 66,   ///< EX_NOINPUT: unknown key or id, missing store
  software = 70,   ///< EX_SOFTWARE: a bug
  io = 74,         ///< EX_IOERR: the store could not be read or written
  busy = 75,       ///< EX_TEMPFAIL: the store stayed locked
  config = 78,     ///< EX_CONFIG: the configuration or store is unusable
};

/// An error with a one-line message and the exit status it maps to.
class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  Exit code() const noexcept { return code_; }

 private:
  Exit code_;
};

inline Error usage_error(const std::string& m) { return Error(Exit::usage, m); }
inline Error data_error(const std::string& m) { return Error(Exit::data, m); }
inline Error not_found(const std::string& m) { return Error(Exit::no_input, m); }
inline Error config_error(const std::string& m) { return Error(Exit::config, m); }

}  // namespace sd
