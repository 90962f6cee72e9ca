#pragma once
/// The request lifecycle and its SLO clock: which status changes are
/// allowed, the priority and desired-time rules of white paper §4.1.1, and
/// the due time derived from the events and the calendar.
#include "supportdesk/calendar.hpp"
#include "supportdesk/compliance.hpp"
#include "supportdesk/model.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace sd {

enum class Action { start, wait, resume, resolve, close, reopen };
std::string_view to_string(Action a);

/// The status `action` leads to from `from`; a data Error saying which
/// statuses allow it when `from` does not.
Status transition(Status from, Action action, std::string_view key);


/// The spans spent waiting, from the status events (a `status` event into
/// `waiting` opens one; the next status event closes it).
std::vector<Pause> pauses_from(const std::vector<RequestEvent>& events);

/// The due time: the earliest instant at which `slo_days` business days of
/// business time have elapsed since `start`, not counting paused spans.
/// Empty when a pause that began before that instant is still open.
std::optional<Instant> compute_due(const Calendar& cal, Instant start, int slo_days,
                                   const std::vector<Pause>& pauses);

/// The same over the wall clock, 24/365: `target` of wall time since
/// `start`, not counting paused spans (an urgent request, §3.3.1).
std::optional<Instant> compute_due_wall(Instant start, std::chrono::minutes target,
                                        const std::vector<Pause>& pauses);
/// The due time on the request's own clock from its clock start and pauses:
/// compute_due() over its business days, or compute_due_wall() over its
/// urgent target. Empty while unscheduled.
std::optional<Instant> clock_due(const Calendar& cal, const Request& r);
/// Sets `r.slo_due_at` (clock_due) and `r.due_at` (effective_due(): the
/// desired time of a normal request done in the customer's window).
void refresh_due(const Calendar& cal, Request& r);

/// The SLO clock of a request at an instant.
struct SloClock {
  bool started = false;              ///< false for an unscheduled low-priority request
  bool paused = false;               ///< waiting on the customer now
  std::optional<Instant> due;
  std::chrono::seconds budget{0};    ///< the SLO as business time
  std::chrono::seconds used{0};      ///< business time consumed, pauses excluded
  std::chrono::seconds paused_time{0};  ///< business time spent waiting
  /// The clock counts wall time, 24/365 (an urgent request): budget, used
  /// and paused_time are wall time.
  bool wall = false;
  /// Due at a desired time later than its own clock's due time (a normal
  /// request in the customer's window): budget is the clock's time from its
  /// start to that desired time, pauses excluded.
  bool window = false;
  Standing standing = Standing::unclocked;  ///< met or missed: compliance.hpp
  /// budget - used, in business time; measured at resolution for resolved
  /// ones. Negative once the budget is spent; whether the request is late is
  /// `standing` (a request resolved after hours can be late with none spent).
  std::chrono::seconds left() const { return budget - used; }
  bool late() const { return standing == Standing::missed; }
};
SloClock slo_clock(const Request& r, const Calendar& cal, Instant now);

/// A stretch of a request's clock: counted, or paused (waiting on the customer).
struct ClockSegment {
  Instant from{}, to{};
  bool paused = false;
};
/// The stretches from the clock's start to the due time, or to `now` while
/// the due time is not known (waiting since before it was due); none for an
/// unscheduled request. `sd request explain` walks them day by day.
std::vector<ClockSegment> clock_segments(const Request& r, Instant now);

/// The SLO due time a new request would get when received at `start`.
Instant slo_due(const Calendar& cal, Instant start, int slo_days);

/// Checks the desired time against the priority (§4.1.1): normal may not be
/// earlier than the SLO due time (the error says to use high); low takes
/// none (it is set later by schedule). Returns the desired time to keep:
/// for normal without one, the SLO due time. A desired time outside the
/// calendar's range is refused: every due time must be one the business
/// clock can measure to.
/// `field` names the option in errors.
std::optional<Instant> settle_desired(Priority p, std::optional<Instant> desired,
                                      std::optional<Instant> due, const Calendar& cal,
                                      std::string_view field = "desired");

/// Splits `ACME-12`; data Error naming the key otherwise.
std::pair<std::string, std::int64_t> parse_ticket_key(std::string_view key);
/// Checks a customer key: upper-case letters, digits and '_', starting with a letter.
void check_customer_key(std::string_view key);

}  // namespace sd
