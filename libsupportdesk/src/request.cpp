#include "supportdesk/request.hpp"

#include "supportdesk/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace sd {
namespace {

struct Rule {
  Action action;
  std::vector<Status> from;
  Status to;
};

const std::array<Rule, 6>& rules() {
  static const std::array<Rule, 6> kRules{{
      {Action::start, {Status::open}, Status::in_progress},
      {Action::wait, {Status::open, Status::in_progress}, Status::waiting},
      {Action::resume, {Status::waiting}, Status::in_progress},
      {Action::resolve, {Status::open, Status::in_progress, Status::waiting}, Status::resolved},
      {Action::close, {Status::resolved}, Status::closed},
      {Action::reopen, {Status::resolved, Status::closed}, Status::in_progress},
  }};
  return kRules;
}

}  // namespace

std::string_view to_string(Action a) {
  static constexpr std::array<std::string_view, 6> kNames{"start", "wait", "resume",
                                                          "resolve", "close", "reopen"};
  return kNames[static_cast<std::size_t>(a)];
}

Status transition(Status from, Action action, std::string_view key) {
  const auto& rule = rules()[static_cast<std::size_t>(action)];
  if (std::find(rule.from.begin(), rule.from.end(), from) != rule.from.end()) return rule.to;
  std::string allowed;
  for (auto s : rule.from) allowed += (allowed.empty() ? "" : " or ") + std::string(to_string(s));
  throw data_error(std::string(key) + " is " + std::string(to_string(from)) + "; '" +
                   std::string(to_string(action)) + "' needs a request that is " + allowed);
}

std::vector<Pause> pauses_from(const std::vector<RequestEvent>& events) {
  std::vector<Pause> out;
  for (const auto& e : events) {
    if (e.kind != "status") continue;
    if (!out.empty() && !out.back().to) out.back().to = e.at;
    if (e.to == to_string(Status::waiting)) out.push_back(Pause{e.at, std::nullopt});
  }
  return out;
}

namespace {

/// The earliest instant at which `remaining` of counted time has elapsed
/// since `start`, not counting paused spans; `add` and `between` are the
/// clock (business time or wall time).
template <class Add, class Between>
std::optional<Instant> due_over(Instant start, std::chrono::seconds remaining, const std::vector<Pause>& pauses,
                                Add add, Between between) {
  Instant cursor = start;
  for (const auto& p : pauses) {
    auto pause_end = p.to;
    if (pause_end && *pause_end <= cursor) continue;
    Instant from = std::max(p.from, cursor);
    Instant candidate = add(cursor, remaining);
    if (candidate <= from) return candidate;
    remaining -= between(cursor, from);
    if (!pause_end) return std::nullopt;
    cursor = *pause_end;
  }
  return add(cursor, remaining);
}

}  // namespace

std::optional<Instant> compute_due(const Calendar& cal, Instant start, int slo_days,
                                   const std::vector<Pause>& pauses) {
  return due_over(start, cal.to_seconds(BusinessDuration{slo_days, BusinessDuration::Unit::days}), pauses,
                  [&](Instant t, std::chrono::seconds d) { return cal.add(t, d); },
                  [&](Instant a, Instant b) { return cal.between(a, b); });
}

std::optional<Instant> compute_due_wall(Instant start, std::chrono::minutes target,
                                        const std::vector<Pause>& pauses) {
  return due_over(start, std::chrono::seconds{target}, pauses,
                  [](Instant t, std::chrono::seconds d) { return t + d; },
                  [](Instant a, Instant b) { return std::chrono::seconds{b - a}; });
}

std::optional<Instant> clock_due(const Calendar& cal, const Request& r) {
  if (!r.clock_start) return std::nullopt;
  if (r.urgent_minutes) return compute_due_wall(*r.clock_start, std::chrono::minutes{*r.urgent_minutes}, r.pauses);
  return compute_due(cal, *r.clock_start, r.slo_days, r.pauses);
}

void refresh_due(const Calendar& cal, Request& r) {
  r.slo_due_at = clock_due(cal, r);
  r.due_at = effective_due(r.priority, r.slo_due_at, r.desired_at);
}

Instant slo_due(const Calendar& cal, Instant start, int slo_days) {
  return cal.add(start, BusinessDuration{slo_days, BusinessDuration::Unit::days});
}

SloClock slo_clock(const Request& r, const Calendar& cal, Instant now) {
  SloClock c;
  c.wall = r.urgent_minutes.has_value();
  // Business time, or wall time for an urgent request.
  auto between = [&](Instant a, Instant b) {
    return c.wall ? std::chrono::seconds{b - a} : cal.between(a, b);
  };
  c.budget = c.wall ? std::chrono::seconds{std::chrono::minutes{*r.urgent_minutes}}
                    : cal.to_seconds(BusinessDuration{r.slo_days, BusinessDuration::Unit::days});
  if (!r.clock_start) return c;
  c.started = true;
  Instant start = *r.clock_start;
  Instant end = !is_open(r.status) && r.resolved_at ? *r.resolved_at : now;
  if (end < start) end = start;
  c.used = between(start, end);
  for (const auto& p : r.pauses) {
    Instant from = std::max(p.from, start);
    Instant to = std::min(p.to.value_or(end), end);
    if (to > from) c.paused_time += between(from, to);
    if (!p.to && is_open(r.status)) c.paused = true;
  }
  c.used -= c.paused_time;
  auto own = clock_due(cal, r);
  c.due = effective_due(r.priority, own, r.desired_at);
  if (c.due && own && *c.due > *own) {
    // In the customer's window: the budget runs to the desired time.
    c.window = true;
    c.budget = between(start, *c.due);
    for (const auto& p : r.pauses) {
      Instant from = std::max(p.from, start);
      Instant to = std::min(p.to.value_or(*c.due), *c.due);
      if (to > from) c.budget -= between(from, to);
    }
  }
  c.standing = standing(c.due, r.resolved_at, now);
  return c;
}

std::vector<ClockSegment> clock_segments(const Request& r, Instant now) {
  std::vector<ClockSegment> out;
  if (!r.clock_start) return out;
  Instant stop = r.due_at.value_or(now);
  Instant cursor = *r.clock_start;
  for (const auto& p : r.pauses) {
    if (p.from >= stop) break;
    Instant pf = std::max(p.from, cursor);
    if (pf > cursor) out.push_back({cursor, pf, false});
    Instant pt = p.to.value_or(now);
    if (pt > pf) out.push_back({pf, pt, true});
    cursor = std::max(cursor, pt);
  }
  if (stop > cursor) out.push_back({cursor, stop, false});
  return out;
}

std::optional<Instant> settle_desired(Priority p, std::optional<Instant> desired,
                                      std::optional<Instant> due, const Calendar& cal,
                                      std::string_view field) {
  const auto* zone = cal.zone();
  if (desired) {
    auto [first, last] = cal.range();
    if (*desired < first || *desired > last)
      throw field_error(field, format_instant(*desired, zone) + " is outside the business calendar (" +
                                   format_date(local_date(first, zone)) + " to " +
                                   format_date(local_date(last - std::chrono::seconds{1}, zone)) + ")");
  }
  switch (p) {
    case Priority::low:
      if (desired)
        throw field_error(field,
            "a low-priority request has no date yet; leave it out and set one "
            "later with 'sd request schedule'");
      return std::nullopt;
    case Priority::normal:
      if (!desired) return due;
      if (due && *desired < *due)
        throw field_error(field, format_instant(*desired, zone) +
                         " is earlier than the SLO due time " + format_instant(*due, zone) +
                         "; use " + mention("priority") + " high to ask for it sooner");
      return desired;
    case Priority::high:
      return desired;
  }
  return desired;
}

void check_customer_key(std::string_view key) {
  bool ok = !key.empty() && key.size() <= 25 && key[0] >= 'A' && key[0] <= 'Z';
  for (char c : key)
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
  if (!ok)
    throw data_error("customer key: '" + std::string(key) +
                     "' is not allowed; use upper-case letters, digits and _, starting with a "
                     "letter (at most 25), like a Backlog project key");
}

std::pair<std::string, std::int64_t> parse_ticket_key(std::string_view key) {
  auto dash = key.rfind('-');
  std::int64_t n = 0;
  bool ok = dash != std::string_view::npos && dash > 0 && dash + 1 < key.size();
  if (ok) {
    auto digits = key.substr(dash + 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    ok = ec == std::errc() && p == digits.data() + digits.size() && n > 0;
  }
  if (ok) {
    try {
      check_customer_key(key.substr(0, dash));
    } catch (const Error&) {
      ok = false;
    }
  }
  if (!ok)
    throw field_error("key", "'" + std::string(key) +
                     "' is not a ticket key; use the customer key and a number, like ACME-12");
  return {std::string(key.substr(0, dash)), n};
}

}  // namespace sd
