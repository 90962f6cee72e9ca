// sd config: the effective settings and where each came from; get one; set
// one in the user's config file.
#include "cli.hpp"
#include "commands.hpp"
#include "file_write.hpp"
#include "list_out.hpp"

#include "supportdesk/config.hpp"

#include <sys/stat.h>

#include <filesystem>

namespace sd::cli {
namespace {

struct ConfigKeyOptions {
  std::string key, value;
};

/// The word an origin is printed as (sd-config(1)).
const char* origin_word(ConfigOrigin o) {
  switch (o) {
    case ConfigOrigin::default_value: return "default";
    case ConfigOrigin::system: return "system";
    case ConfigOrigin::user: return "user";
    case ConfigOrigin::environment: return "env";
    case ConfigOrigin::command_line: return "flag";
  }
  return "default";
}

Json setting_json(const ConfigSetting& s) {
  Json value = nullptr;
  if (is_list_config_key(s.key)) value = s.values;
  else if (!s.values.empty() && !s.values.front().empty()) value = s.values.front();
  return Json{{"key", s.key},
              {"value", value},
              {"origin", origin_word(s.origin)},
              {"where", s.where.empty() ? Json(nullptr) : Json(s.where)}};
}

/// "default", "user PATH:LINE", "env SD_DB", "flag --db".
std::string from_text(const ConfigSetting& s) {
  return s.where.empty() ? origin_word(s.origin) : std::string(origin_word(s.origin)) + " " + s.where;
}

void run_show(Context& ctx) {
  ListPrinter out(ctx, {"KEY", "VALUE", "FROM"});
  for (const auto& s : ctx.settings()) {
    if (out.json()) {
      out.add(setting_json(s));
      continue;
    }
    if (s.values.empty()) out.add(std::vector<std::string>{s.key, "-", from_text(s)});
    for (const auto& v : s.values) out.add(std::vector<std::string>{s.key, v.empty() ? "-" : v, from_text(s)});
  }
  out.finish();
}

void run_get(const ConfigKeyOptions& o, Context& ctx) {
  auto s = ctx.setting(o.key);
  if (ctx.opts.json) return ctx.print_json(setting_json(s));
  for (const auto& v : s.values)
    if (!v.empty()) ctx.out << v << "\n";
}

void run_set(const ConfigKeyOptions& o, Context& ctx) {
  if (!is_config_key(o.key)) {
    ctx.setting(o.key);  // an unknown key: the keys there are
    const char* how = o.key == "db"      ? "--db or SD_DB"
                      : o.key == "pg_schema" ? "--pg-schema or SD_PG_SCHEMA"
                      : o.key == "actor" ? "--as or SD_ACTOR"
                      : o.key == "config" ? "--config or SD_CONFIG"
                                          : "SD_SHARE_DIR";
    throw field_error("key", "'" + o.key + "' is not kept in the config file; set it with " + how);
  }
  check_config_value(o.key, o.value);
  std::string path = ctx.user_config_path();
  namespace fs = std::filesystem;
  std::error_code ec;
  // A link (a config kept with one's dotfiles) is followed: its file is edited.
  if (fs::is_symlink(path, ec)) path = fs::weakly_canonical(path, ec).string();
  std::string text;
  mode_t mode = 0644;
  if (fs::exists(path, ec)) {
    text = read_file(path, "config");
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) mode = st.st_mode & 07777;
  }
  // The whole file must read as before with the new line: a broken file is
  // refused, never made worse.
  parse_config(text, path);
  std::string edited = set_config_text(text, o.key, o.value);
  auto cfg = parse_config(edited, path);
  auto dir = fs::path(path).parent_path();
  if (!dir.empty()) fs::create_directories(dir, ec);
  write_file_atomically(path, edited, mode);
  ctx.done = o.key + " was set in " + path;
  auto s = config_setting(cfg, o.key, "");
  if (ctx.opts.json) return ctx.print_json(setting_json(s));
  ctx.out << "Set " << o.key << " = " << (s.values.empty() ? "" : s.values.back()) << " in " << s.where << "\n";
}

}  // namespace

void register_config(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("config", "The effective settings and where each came from; get or set one");
  group->require_subcommand(1);
  auto* show = group->add_subcommand("show", "Every effective setting, its value and where it came from");
  show->callback([&ctx] { run_show(ctx); });

  auto get_o = std::make_shared<ConfigKeyOptions>();
  auto* get = group->add_subcommand("get", "Print one setting's effective value");
  complete_choices(get->add_option("KEY", get_o->key, "The setting, as sd config show names it")->required(),
                   setting_keys());
  get->callback([&ctx, get_o] { run_get(*get_o, ctx); });

  auto set_o = std::make_shared<ConfigKeyOptions>();
  auto* set = group->add_subcommand("set", "Set a key in the user's config file, keeping every other line");
  complete_choices(set->add_option("KEY", set_o->key, "The key, section.name as sd config show names it")->required(),
                   config_keys());
  set->add_option("VALUE", set_o->value, "Its value, as sd-config(5) allows it")->required();
  set->callback([&ctx, set_o] { run_set(*set_o, ctx); });
}

}  // namespace sd::cli
