#include "util.hpp"

#include "supportdesk/catalog.hpp"
#include "supportdesk/hooks.hpp"
#include "supportdesk/store.hpp"

#include <cstdlib>
#include <iostream>

namespace sd::cli {

JsonView json_view(Context& ctx) { return ctx.desk().view(); }

Instant instant_arg(Context& ctx, const std::string& text, std::string_view field) {
  return parse_instant(text, ctx.zone(), ctx.now(), field);
}

std::optional<Instant> optional_instant(Context& ctx, const std::string& text, std::string_view field) {
  if (text.empty()) return std::nullopt;
  return instant_arg(ctx, text, field);
}

std::string format_business(std::chrono::seconds s, std::chrono::seconds day) {
  if (s.count() != 0 && s > -std::chrono::minutes{1} && s < std::chrono::minutes{1}) return "<1m";
  bool negative = s.count() < 0;
  auto total = negative ? -s.count() : s.count();
  auto d = day.count() > 0 ? total / day.count() : 0;
  auto rest = total - d * day.count();
  auto h = rest / 3600, m = (rest % 3600) / 60;
  std::string out;
  auto add = [&](long long v, const char* unit) {
    if (!out.empty()) out += ' ';
    out += std::to_string(v) + unit;
  };
  if (d) add(d, "bd");
  if (h) add(h, "h");
  if (m || (!d && !h)) add(m, "m");
  return negative ? "-" + out : out;
}

std::string late_text(std::chrono::seconds business, std::chrono::seconds wall, std::chrono::seconds day) {
  if (business.count() > 0) return "late " + format_business(business, day);
  return "late " + format_duration(wall) + " after hours";
}

std::string config_dir() {
  auto dir = user_config_dir();
  return dir.empty() ? "/.config/sd" : dir;
}

void fire_hooks(Context& ctx) {
  const auto& events = ctx.desk().hooks;
  if (events.empty()) return;
  HookRunner runner(config_dir() + "/hooks");
  for (const auto& e : events)
    for (const auto& r : runner.run(e.name, e.json))
      if (r.skipped) std::cerr << "sd: warning: hook " << r.path << " for " << e.name << " skipped: " << r.error << '\n';
      else if (!r.ok()) std::cerr << "sd: warning: hook " << r.path << " for " << e.name << " failed: " << r.error << '\n';
}

std::string indented(const std::string& text, const std::string& indent) {
  std::string out;
  std::size_t end = text.find_last_not_of("\r\n");
  if (end == std::string::npos) return out;
  std::size_t at = 0;
  while (at <= end) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos || nl > end) nl = end + 1;
    auto line = text.substr(at, nl - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out += indent + line;
    out += "\n";
    at = nl + 1;
  }
  return out;
}

std::string short_time(Context& ctx, const std::optional<Instant>& t) {
  return t ? format_local_short(*t, ctx.zone()) : "-";
}

std::string join_keys(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

}  // namespace sd::cli
