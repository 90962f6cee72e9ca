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

namespace {
/// JSON text with the characters nlohmann writes as they are but a terminal
/// obeys (DEL, the C1 controls, bidi overrides and isolates) written as
/// \u escapes; it writes C0 controls as escapes itself. They occur only
/// inside strings, so the JSON means the same.
std::string escape_unsafe(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [&](unsigned cp) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", cp);
    out += buf;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    if (b(0) == 0x7F) {
      hex(0x7F);
    } else if (b(0) == 0xC2 && b(1) >= 0x80 && b(1) <= 0x9F) {
      hex(b(1));
      ++i;
    } else if (b(0) == 0xE2 && ((b(1) == 0x80 && b(2) >= 0xAA && b(2) <= 0xAE) ||
                                (b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9))) {
      hex(0x2000u | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}
}  // namespace

std::string json_text(const Json& j, int indent) {
  return escape_unsafe(j.dump(indent, ' ', false, Json::error_handler_t::strict));
}

void Context::print_json(const Json& j) { out << json_text(j, opts.jsonl ? -1 : 2) << '\n'; }

std::string iso(Context& ctx, Instant t) { return format_instant(t, ctx.zone()); }

}  // namespace sd::cli
