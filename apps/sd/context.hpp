#pragma once
/// What every command shares: the global options, lazily loaded config,
/// calendar, catalog and store, the injected clock, and the output buffer.
#include "supportdesk/calendar.hpp"
#include "supportdesk/config.hpp"
#include "supportdesk/json_out.hpp"
#include "supportdesk/time.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace sd {
class Catalog;
class DeskContext;
class Store;
namespace db {
struct OpenReport;
}
}  // namespace sd

namespace sd::cli {

using Json = nlohmann::ordered_json;

struct GlobalOptions {
  std::string db;      ///< --db
  std::string actor;   ///< --as
  std::string config;  ///< --config
  bool json = false;   ///< --json (also set by --jsonl)
  bool jsonl = false;  ///< --jsonl: compact JSON, a list one object a line
};

class Context {
 public:
  explicit Context(std::string share_dir);
  ~Context();

  GlobalOptions opts;
  /// Commands write here; main prints it once the command has succeeded.
  std::ostringstream out;
  /// Exit status for commands that answer with it (predicates, checks).
  int exit_code = 0;
  /// What the command committed, as main says it when the output cannot be
  /// written afterwards ("ACME-12 was created"): a caller must not take the
  /// failed command for one that changed nothing and repeat it.
  std::string done;

  const std::string& share_dir() const { return share_dir_; }
  const Config& config();
  const Calendar& calendar();
  const Catalog& catalog();
  /// The desk's zone: every instant is shown in it.
  const Zone* zone();
  /// $SD_NOW when set (for tests and replays), else the system clock.
  Instant now();
  /// --as, else $SD_ACTOR, else the login name.
  std::string actor();
  /// --db, else $SD_DB, else $XDG_DATA_HOME/sd/sd.db.
  std::string db_path();
  /// The store, opened once; a missing store is an error that says to run
  /// `sd init`.
  Store& store();
  /// The store opened as it is, unchecked and not migrated, for `sd db
  /// check` to report what is wrong with it.
  Store& store_as_is();
  /// Creates the store (and its directory) when missing; migrates it.
  Store& init_store(db::OpenReport& report);
  /// Opens the store as store() does (migrating it), saying what it found.
  Store& migrate_store(db::OpenReport& report);

  /// The desk's services' context: the store, calendar, catalog, policy,
  /// now and actor, made once per command.
  DeskContext& desk();

  void print_json(const Json& j);

 private:
  std::string share_dir_;
  std::optional<Config> config_;
  std::optional<Calendar> calendar_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<Store> store_;
  std::optional<Instant> now_;
  std::unique_ptr<DeskContext> desk_;
};

/// JSON text as sd prints it (supportdesk/json_out.hpp). No newline at the end.
using sd::json_text;

/// Formats an instant in the desk zone with its offset (for JSON and show).
std::string iso(Context& ctx, Instant t);

}  // namespace sd::cli
