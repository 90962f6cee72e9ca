#pragma once
/// Hooks: on each event sd runs every executable in
/// `<dir>/<event>.d/` (dir is $XDG_CONFIG_HOME/sd/hooks), in name order, with
/// the event as JSON on standard input. This is how a desk wires sd to chat,
/// paging or a phone system. Hooks run after the change is committed: a
/// failing hook is reported, and the change is never lost.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

struct HookResult {
  std::string path;     ///< the executable run
  int exit_code = 0;    ///< its exit status; -1 when it could not start, -2 when killed on timeout,
                        ///< -3 when skipped
  std::string error;    ///< one line saying what went wrong; empty on success
  /// Not run: it is owned by neither the user running sd nor root, or is
  /// writable by its group or others (error says which).
  bool skipped = false;
  bool ok() const { return error.empty(); }
};

class HookRunner {
 public:
  /// `dir` may not exist: then there are no hooks.
  explicit HookRunner(std::string dir, std::chrono::seconds timeout = std::chrono::seconds{10});
  /// Runs the hooks of `event` (e.g. "incident.opened") with `json` on
  /// stdin and SD_EVENT=event in the environment, each only when it is owned
  /// by the user running sd or by root and not writable by group or others
  /// (else skipped, with a result saying why); their stdout and stderr
  /// go to sd's stderr. Returns one result per hook found.
  std::vector<HookResult> run(std::string_view event, const std::string& json) const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::chrono::seconds timeout_;
};

/// Fills `{{name}}` placeholders from `vars`. `{{#name}}...{{/name}}` keeps
/// its inside only when `name` is set and not empty. An unknown name is a
/// config Error naming `source` and the placeholder.
std::string render_template(std::string_view text,
                            const std::vector<std::pair<std::string, std::string>>& vars,
                            std::string_view source);

}  // namespace sd
