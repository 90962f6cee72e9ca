#pragma once
/// What every command shares: the global options, lazily loaded config,
/// calendar, catalog and store, the injected clock, and the output buffer.
#include "output.hpp"
#include "supportdesk/calendar.hpp"
#include "supportdesk/config.hpp"
#include "supportdesk/json_out.hpp"
#include "supportdesk/time.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

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

/// How a list command shapes its list (sd(1), OUTPUT, Lists): what `--fields` and
/// `--sort` gave, on the commands that take them (add_list_options()).
struct ListShape {
  std::vector<std::string> fields;  ///< JSON keys, or a table's headings (any case)
  std::vector<std::string> sort;    ///< JSON keys (a.b inside an object); -KEY: descending
  /// With `sort`, at most this many once sorted (0: all): a command's
  /// --limit, which then reads the whole list instead of its first rows.
  std::size_t limit = 0;
};

struct GlobalOptions {
  std::string db;      ///< --db
  std::string pg_schema;  ///< --pg-schema
  std::string actor;   ///< --as
  std::string config;  ///< --config
  bool json = false;   ///< --json (also set by --jsonl)
  bool jsonl = false;  ///< --jsonl: compact JSON, a list one object a line
  ColorMode color = ColorMode::auto_mode;  ///< --color
  ListShape shape;                         ///< --fields, --sort of a list command
};

class Context {
 public:
  /// `share_dir`: where the shipped data is, "" when it was not found;
  /// `share_from_env`: named by $SD_SHARE_DIR.
  Context(std::string share_dir, bool share_from_env);
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

  /// The shipped data's directory (catalog, templates); a config Error
  /// naming SD_SHARE_DIR when it was not found. Only what needs the data
  /// asks for it.
  const std::string& share_dir() const;
  const Config& config();
  const Calendar& calendar();
  const Catalog& catalog();
  /// The desk's zone: every instant is shown in it.
  const Zone* zone();
  /// $SD_NOW when set (for tests and replays), else the system clock.
  Instant now();
  /// --as, else $SD_ACTOR, else the login name.
  std::string actor();
  /// --db, else $SD_DB, else $XDG_DATA_HOME/sd/sd.db (an absolute
  /// $XDG_DATA_HOME; else ~/.local/share).
  std::string db_path();
  /// The user's config file: --config, else $SD_CONFIG, else
  /// $XDG_CONFIG_HOME/sd/config; a config Error when there is no home.
  std::string user_config_path();
  /// Every effective setting and where it came from: the command line's and
  /// environment's (config, db, actor, share_dir), then each key of the
  /// config files.
  std::vector<ConfigSetting> settings();
  /// One of settings(); an unknown key is a `key` field Error naming them.
  ConfigSetting setting(const std::string& key);
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
  /// How tables and colour go to standard output (output.hpp): decided once,
  /// from --color and the environment, when first asked.
  const TableLayout& output();

 private:
  std::string share_dir_;
  bool share_from_env_ = false;
  std::optional<Config> config_;
  std::optional<Calendar> calendar_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<Store> store_;
  std::optional<Instant> now_;
  std::unique_ptr<DeskContext> desk_;
  std::optional<TableLayout> output_;
};

/// JSON text as sd prints it (supportdesk/json_out.hpp). No newline at the end.
using sd::json_text;

/// The keys settings() shows, in order.
std::vector<std::string> setting_keys();

/// Formats an instant in the desk zone with its offset (for JSON and show).
std::string iso(Context& ctx, Instant t);

}  // namespace sd::cli
