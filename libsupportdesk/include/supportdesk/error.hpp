#pragma once
/// Errors that reach the user. Each carries the process exit status it maps
/// to (sysexits), so that `main` is the one place that prints and exits.
/// The library names what was wrong in its own words (a field such as
/// `miss_reason`), and a message may name other fields with mention(); the
/// command line maps each field to the flag that sets it (render()).
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sd {

enum class Exit : int {
  ok = 0,
  usage = 64,      ///< EX_USAGE: the command line was wrong
  data = 65,       ///< EX_DATAERR: a value was malformed or not allowed
  no_input = 66,   ///< EX_NOINPUT: unknown key or id, missing store
  software = 70,   ///< EX_SOFTWARE: a bug
  cant_create = 73, ///< EX_CANTCREAT: an output file could not be created
  io = 74,         ///< EX_IOERR: the store could not be read or written
  busy = 75,       ///< EX_TEMPFAIL: the store stayed locked
  config = 78,     ///< EX_CONFIG: the configuration or store is unusable
};

/// An error with a one-line message and the exit status it maps to.
class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message)
      : std::runtime_error(plain(message)), code_(code), detail_(message) {}
  /// An error about one input field: the message reads "FIELD: DETAIL".
  Error(Exit code, std::string_view field, const std::string& detail)
      : std::runtime_error(std::string(field) + ": " + plain(detail)),
        code_(code), field_(field), detail_(detail) {}
  Exit code() const noexcept { return code_; }
  /// The input the error is about ("" when none): a domain field name such
  /// as `miss_reason`, or, from the command line itself, a flag.
  const std::string& field() const noexcept { return field_; }
  /// The message without the field, with its mentions marked.
  const std::string& detail() const noexcept { return detail_; }
  /// The message with every field (the error's own and each one mentioned)
  /// named as `name_of` says.
  std::string render(const std::function<std::string(std::string_view)>& name_of) const;
  /// `text` with its mentions replaced by `name_of(field)`; plain(): by the
  /// bare field name.
  static std::string marks(std::string_view text,
                           const std::function<std::string(std::string_view)>& name_of);
  static std::string plain(std::string_view text);

 private:
  Exit code_;
  std::string field_;
  std::string detail_;
};

/// The command line was wrong. Only the command line throws these.
inline Error usage_error(const std::string& m) { return Error(Exit::usage, m); }
inline Error data_error(const std::string& m) { return Error(Exit::data, m); }
inline Error not_found(const std::string& m) { return Error(Exit::no_input, m); }
inline Error config_error(const std::string& m) { return Error(Exit::config, m); }
/// Names another input field inside a message ("use " + mention("priority")
/// + " high"): shown as the flag on the command line, as the bare name
/// elsewhere.
inline std::string mention(std::string_view field) { return "\x1e" + std::string(field) + "\x1f"; }

/// A value of `field` was malformed or is not allowed (exit 65).
inline Error field_error(std::string_view field, const std::string& detail) {
  return Error(Exit::data, field, detail);
}

}  // namespace sd
