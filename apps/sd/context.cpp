#include "context.hpp"

#include "supportdesk/catalog.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/service.hpp"
#include "supportdesk/store.hpp"

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

}  // namespace

Context::Context(std::string share_dir) : share_dir_(std::move(share_dir)) {}
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
    std::string path = config().catalog_path.empty() ? share_dir_ + "/catalog.json"
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
  if (!opts.db.empty()) return opts.db;
  if (auto p = env("SD_DB"); !p.empty()) return p;
  std::string base = env("XDG_DATA_HOME");
  if (base.empty()) {
    std::string home = env("HOME");
    if (home.empty()) throw config_error("store: set --db, SD_DB, XDG_DATA_HOME or HOME");
    base = home + "/.local/share";
  }
  return base + "/sd/sd.db";
}

Store& Context::store() {
  if (!store_) store_ = db::open_sqlite(db_path(), false);
  return *store_;
}

Store& Context::store_as_is() {
  if (!store_) store_ = db::open_sqlite_as_is(db_path());
  return *store_;
}

Store& Context::migrate_store(db::OpenReport& report) {
  store_ = db::open_sqlite(db_path(), false, &report);
  return *store_;
}

Store& Context::init_store(db::OpenReport& report) {
  store_ = db::open_sqlite(db_path(), true, &report);
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

std::string iso(Context& ctx, Instant t) { return format_instant(t, ctx.zone()); }

}  // namespace sd::cli
