#include "context.hpp"

#include "supportdesk/catalog.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/service.hpp"
#include "supportdesk/store.hpp"
#include "supportdesk/store_address.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace sd::cli {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

/// An XDG variable when it is an absolute path; a relative one is ignored,
/// as the XDG Base Directory Specification says.
std::string xdg_env(const char* name) {
  std::string v = env(name);
  return !v.empty() && v.front() == '/' ? v : std::string();
}

/// The settings that come from the command line, the environment or the
/// system rather than a config file.
constexpr const char* kOwnKeys[] = {"config", "db", "pg_schema", "actor", "share_dir"};

}  // namespace

Context::Context(std::string share_dir, bool share_from_env)
    : share_dir_(std::move(share_dir)), share_from_env_(share_from_env) {}

const std::string& Context::share_dir() const {
  if (share_dir_.empty())
    throw config_error("sd's data directory (catalog.json, templates) was not found beside the program; "
                       "set SD_SHARE_DIR to it");
  return share_dir_;
}

std::string Context::user_config_path() {
  std::string named = !opts.config.empty() ? opts.config : env("SD_CONFIG");
  auto paths = config_paths(named);
  if (paths.user.empty()) throw config_error("config: set --config, SD_CONFIG, XDG_CONFIG_HOME or HOME");
  return paths.user;
}

std::vector<std::string> setting_keys() {
  std::vector<std::string> keys(std::begin(kOwnKeys), std::end(kOwnKeys));
  for (auto& k : config_keys()) keys.push_back(std::move(k));
  return keys;
}

std::vector<ConfigSetting> Context::settings() {
  // Where a setting given by an option or a variable came from.
  auto own = [&](const char* key, const std::string& flag_value, const char* flag, const char* var,
                 const std::string& fallback) {
    ConfigSetting s;
    s.key = key;
    if (!flag_value.empty()) {
      s.values = {flag_value};
      s.origin = ConfigOrigin::command_line;
      s.where = flag;
    } else if (var && !env(var).empty()) {
      s.values = {env(var)};
      s.origin = ConfigOrigin::environment;
      s.where = var;
    } else {
      s.values = {fallback};
    }
    return s;
  };
  auto quiet = [](auto&& f) {
    try {
      return f();
    } catch (const Error&) {
      return std::string();
    }
  };
  std::vector<ConfigSetting> all;
  all.push_back(own("config", opts.config, "--config", "SD_CONFIG", quiet([&] { return user_config_path(); })));
  all.push_back(own("db", opts.db, "--db", "SD_DB", quiet([&] { return db::shown_address(db_path()); })));
  all.push_back(own("pg_schema", opts.pg_schema, "--pg-schema", "SD_PG_SCHEMA", ""));
  all.push_back(own("actor", opts.actor, "--as", "SD_ACTOR", actor()));
  ConfigSetting share;
  share.key = "share_dir";
  share.values = {share_dir_};
  if (share_from_env_) {
    share.origin = ConfigOrigin::environment;
    share.where = "SD_SHARE_DIR";
  }
  all.push_back(share);
  for (const auto& key : config_keys()) all.push_back(config_setting(config(), key, share_dir_));
  return all;
}

ConfigSetting Context::setting(const std::string& key) {
  for (auto& s : settings())
    if (s.key == key) return s;
  std::string all;
  for (const auto& k : setting_keys()) all += (all.empty() ? "" : ", ") + k;
  throw field_error("key", "'" + key + "' is not a setting; use " + all);
}

Context::~Context() = default;

const Config& Context::config() {
  if (!config_) config_ = load_config(opts.config, share_dir_);
  return *config_;
}

const Calendar& Context::calendar() {
  if (!calendar_) calendar_.emplace(config().calendar);
  return *calendar_;
}

const Catalog& Context::catalog() {
  if (!catalog_) {
    std::string path = config().catalog_path.empty() ? share_dir() + "/catalog.json"
                                                     : config().catalog_path;
    catalog_ = std::make_unique<Catalog>(Catalog::parse(read_file(path, "catalog"), path));
  }
  return *catalog_;
}

const Zone* Context::zone() { return calendar().zone(); }

Instant Context::now() {
  if (!now_) {
    std::string fixed = env("SD_NOW");
    now_ = fixed.empty() ? date::floor<std::chrono::seconds>(std::chrono::system_clock::now())
                         : parse_now(fixed, zone());
  }
  return *now_;
}

std::string Context::actor() {
  if (!opts.actor.empty()) return opts.actor;
  if (auto a = env("SD_ACTOR"); !a.empty()) return a;
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
  if (auto u = env("USER"); !u.empty()) return u;
  return "unknown";
}

std::string Context::db_path() {
  std::string schema = !opts.pg_schema.empty() ? opts.pg_schema : env("SD_PG_SCHEMA");
  if (!opts.db.empty()) return db::with_pg_schema(opts.db, schema);
  if (auto p = env("SD_DB"); !p.empty()) return db::with_pg_schema(p, schema);
  std::string base = xdg_env("XDG_DATA_HOME");
  if (base.empty()) {
    std::string home = env("HOME");
    if (home.empty()) throw config_error("store: set --db, SD_DB, XDG_DATA_HOME or HOME");
    base = home + "/.local/share";
  }
  return db::with_pg_schema(base + "/sd/sd.db", schema);  // a schema on the SQLite default is refused
}

Store& Context::store() {
  if (!store_) store_ = db::open_store(db_path(), false);
  return *store_;
}

Store& Context::store_as_is() {
  if (!store_) store_ = db::open_store_as_is(db_path());
  return *store_;
}

Store& Context::migrate_store(db::OpenReport& report) {
  store_ = db::open_store(db_path(), false, &report);
  return *store_;
}

Store& Context::init_store(db::OpenReport& report) {
  store_ = db::open_store(db_path(), true, &report);
  return *store_;
}

DeskContext& Context::desk() {
  if (!desk_) {
    IncidentPolicy policy;
    policy.refire = config().refire;
    desk_ = std::make_unique<DeskContext>(
        store(), calendar(), [this]() -> const Catalog& { return catalog(); }, policy, now(), actor());
  }
  return *desk_;
}

void Context::print_json(const Json& j) { out << json_text(j, opts.jsonl ? -1 : 2) << '\n'; }

const TableLayout& Context::output() {
  if (!output_) output_ = decide_output(opts.color, OutputEnv::current());
  return *output_;
}

std::string iso(Context& ctx, Instant t) { return format_instant(t, ctx.zone()); }

}  // namespace sd::cli
