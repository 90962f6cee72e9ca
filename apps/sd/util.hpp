#pragma once
/// Small helpers the command files share.
#include "context.hpp"
#include "supportdesk/desk.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sd::cli {

/// How JSON shows records: the desk's zone, now and policy (the desk's own).
JsonView json_view(Context& ctx);
/// Parses an instant option as the user wrote it (see sd(1) TIME INPUT).
Instant instant_arg(Context& ctx, const std::string& text, std::string_view field);
std::optional<Instant> optional_instant(Context& ctx, const std::string& text, std::string_view field);
/// Business time as `2bd 3h 20m` (a business day is the desk's day length).
std::string format_business(std::chrono::seconds s, std::chrono::seconds day);
/// How late a request is, for people: `late 3bd 1h`, the business time
/// past its due time (the SLO's own measure); when no business time has
/// passed since (the due time passed after hours), the wall-clock time past
/// it: `late 30m after hours`. Less than a minute is `<1m`, never `0m`.
std::string late_text(std::chrono::seconds business, std::chrono::seconds wall, std::chrono::seconds day);
/// Runs the hooks of the events the desk recorded (after its commits);
/// a failing hook is reported on stderr and changes nothing else.
void fire_hooks(Context& ctx);
/// $XDG_CONFIG_HOME/sd (~/.config/sd): hooks/ and templates/ live there.
std::string config_dir();

/// Each line of `text` after `indent` (an empty line stays empty), ending in a
/// newline: a note or details of several lines keep their shape under a label.
std::string indented(const std::string& text, const std::string& indent);

/// Keys as one line: "PRB-1, PRB-4".
std::string join_keys(const std::vector<std::string>& keys);

/// `-` for an absent instant, else the short local form.
std::string short_time(Context& ctx, const std::optional<Instant>& t);

}  // namespace sd::cli
