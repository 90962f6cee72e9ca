#pragma once
/// The rules of compliance, each written once: which tickets are open, when
/// a request met or missed its due time, when an incident's first notice met
/// its SLO and SLA, which interim reports are owed, and the incident
/// policy's minutes. Every command, report, metric, check and store uses
/// these. A store that aggregates in SQL for speed is tested against them
/// over generated histories (tests/unit/agreement_test.cpp).
#include "supportdesk/incident.hpp"
#include "supportdesk/model.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sd {

// ---- requests ---------------------------------------------------------------

/// The statuses of a request that still has work to do. A request is open
/// exactly while it has no resolution time.
inline constexpr Status kOpenStatuses[] = {Status::open, Status::in_progress, Status::waiting};
constexpr bool is_open(Status s) { return s != Status::resolved && s != Status::closed; }

/// Where a request stands against its due time.
enum class Standing {
  unclocked,  ///< no due time: an unscheduled low-priority request, or one
              ///< waiting on the customer since before it was due
  pending,    ///< open, and its due time has not passed
  met,        ///< resolved at or before its due time
  missed,     ///< resolved after its due time, or open with its due time passed
};
std::string_view to_string(Standing s);

/// The one meaning of met and missed (late): a request is missed when it
/// was resolved after its due time, or, still open, when `now` is after its
/// due time (an open missed request is "overdue"). A due time equal to the
/// instant is not yet missed.
Standing request_standing(const Request& r, Instant now);
/// The same rule over the two instants it reads.
Standing standing(const std::optional<Instant>& due, const std::optional<Instant>& resolved, Instant now);
/// Open and past its due time at `now`.
bool request_overdue(const Request& r, Instant now);
/// Would resolving at `at` be late? (The due time is judged as it stands.)
bool resolved_late(const Request& r, Instant at);
/// How far past its due time: at resolution for a resolved request, at
/// `now` for an open one; zero when not missed.
std::chrono::seconds request_lateness(const Request& r, Instant now);

// ---- request due times: desired time, urgency, exemption ---------------------

/// The default wall-clock target of an urgent request (§3.3.1), used when
/// the config sets none.
inline constexpr std::chrono::minutes kUrgentTarget{240};
/// The default age past which `sd slo check` warns of a low-priority
/// request still waiting for a date.
inline constexpr std::chrono::hours kUnscheduledWarn{14 * 24};

/// The due time a request is judged against (§4.1.1), from the due time on
/// its own clock (`slo_due`: its business days, or an urgent request's
/// wall-clock target, pauses counted) and its desired time: a
/// normal-priority request whose desired time is later than `slo_due` is
/// done in the customer's window and is due at the desired time; any other
/// request is due at `slo_due` (a high request's desired time is the target
/// the desk works to, not its due time). Empty while `slo_due` is.
std::optional<Instant> effective_due(Priority p, const std::optional<Instant>& slo_due,
                                     const std::optional<Instant>& desired);
/// Judged against a desired time: due later than its own clock's due time
/// (a normal request done in the customer's window).
bool judged_by_desired(const Request& r);
/// The time the desk works to: for a high-priority request with a desired
/// time, the earlier of that and the due time; otherwise the due time.
std::optional<Instant> working_due(const Request& r);
/// A high-priority request that missed its desired time: resolved after
/// it, or open at `now` with it passed (the same rule as standing()).
bool desired_missed(const Request& r, Instant now);
/// Counts in attainment (met, missed, open): every request that is not
/// exempt. An exempt request is listed with its reason instead.
inline bool counts_in_attainment(const Request& r) { return !r.exempt_at; }
/// How long an unscheduled low-priority request has waited for a date at
/// `now` (wall clock, from receipt); empty once its clock has started or
/// once it is no longer open.
std::optional<std::chrono::seconds> unscheduled_age(const Request& r, Instant now);
/// Named by the reports besides the counts: exempt, judged against a
/// desired time, or a high request that missed its desired time at `now`.
inline bool noted_in_report(const Request& r, Instant now) {
  return !counts_in_attainment(r) || judged_by_desired(r) || desired_missed(r, now);
}

// ---- incidents --------------------------------------------------------------

/// The contract's numbers (white paper §3.3.3, §4.2.2; DESIGN.md "The
/// incident clock"). The one place they are written.
struct IncidentPolicy {
  std::chrono::minutes first_slo_impacting{15};
  std::chrono::minutes first_sla_impacting{30};
  std::chrono::minutes first_slo_not_impacting{60};
  std::chrono::minutes interim_every{60};
  /// What a new firing does to an incident that has recovered (sd-config(5),
  /// [incident] refire). A closed incident is never reopened.
  RefireMode refire = RefireMode::reopen;
};

/// An incident is open until it is closed (recovered and confirmed ones
/// still owe the customer their notices).
inline constexpr IncidentStatus kOpenIncidentStatuses[] = {
    IncidentStatus::open, IncidentStatus::recovered, IncidentStatus::confirmed};
constexpr bool is_open(IncidentStatus s) { return s != IncidentStatus::closed; }

// ---- notices (white paper §4.2.2) --------------------------------------------

/// The one meaning of "notified". A notice to the customer has two parts: a
/// written one (a Backlog post, or an email) and a phone call that was
/// answered, made in the customer's call order. For an incident that
/// affects service, or is not judged yet, the notice is given when both are
/// done: at the later of the two (§4.2.2: 「直ちに Backlog チケットを発行…
/// するとともに、あらかじめご指定いただいた順位で…電話連絡」). A written
/// notice alone, or a call alone, is not enough. For an incident without
/// service impact either part is enough: the notice is given at the first.
std::optional<Instant> notice_given_at(const std::optional<Instant>& posted,
                                       const std::optional<Instant>& called, bool impacting);
/// The first notice as given: notice_given_at() over first_posted_at and
/// first_called_at. An incident recorded before the parts were kept (neither
/// is set) keeps the first_notified_at it has.
std::optional<Instant> first_notice_given_at(const Incident& inc);
/// The notice owed since the incident was last reopened by a new firing
/// (notice_given_at() over reopen_posted_at and reopen_called_at); none
/// while it was never reopened or that notice is not yet given.
std::optional<Instant> reopen_notice_given_at(const Incident& inc);

/// A call is in the customer's call order when every contact before
/// `position` has already been called (answered or not) for this notice:
/// `called` holds the positions called so far. Calling out of order needs
/// a reason.
bool call_in_order(int position, const std::vector<int>& called);

/// The recovery notice (復旧のご連絡) comes once recovery is confirmed
/// (§4.2.2 step 4: 復旧作業が完了し、復旧確認が完了した場合): not before. It
/// is one written notice or one answered call, whatever the impact.
constexpr bool may_notify_recovery(IncidentStatus s) { return s == IncidentStatus::confirmed; }
/// An incident closes once its recovery is confirmed and the customer has
/// been given the recovery notice; every incident, impacting or not.
bool may_close(const Incident& inc);

/// The first notice's deadlines: the SLO by impact (an unjudged incident
/// counts as impacting), and the SLA for impacting ones only.
struct FirstNoticeDue {
  Instant slo{};
  std::optional<Instant> sla;
};
FirstNoticeDue first_notice_due(const Incident& inc, const IncidentPolicy& p);
/// The deadlines of the notice owed after a reopening: as for the first
/// notice, counted from the new firing (reopened_at). Unset when the
/// incident was never reopened.
std::optional<FirstNoticeDue> reopen_notice_due(const Incident& inc, const IncidentPolicy& p);
/// The first notice missed its SLO: it was given after the deadline, or it
/// has not been given and `now` is after the deadline.
bool first_notice_slo_missed(const Incident& inc, Instant now, const IncidentPolicy& p);
/// Likewise against the SLA; never for an incident without one.
bool first_notice_sla_missed(const Incident& inc, Instant now, const IncidentPolicy& p);

/// A deadline the desk owes the customer.
struct Obligation {
  std::string kind;         ///< first-notification, reopen-notification, interim-report
  std::string target;       ///< slo or sla
  Instant due{};
  std::optional<Instant> done_at;  ///< when it was met (or done late)
  bool met() const { return done_at && *done_at <= due; }
};

/// How an obligation stands at an instant: ok, due within `warn`
/// (warning), or past due (missed) — the Nagios states 0, 1, 2.
enum class Urgency { ok = 0, due_soon = 1, missed = 2 };
Urgency urgency(Instant due, Instant now, std::chrono::seconds warn);

/// How near a due time is "due soon" unless the caller says otherwise: a
/// request within 2 business hours, an incident's obligation within 5
/// minutes. Lists and shows colour by them; `slo check` and
/// `incident check` warn by them by default.
inline constexpr std::chrono::hours kRequestDueSoon{2};
inline constexpr std::chrono::minutes kIncidentDueSoon{5};

/// The clock of an incident: its deadlines and what it still owes. It does
/// not depend on "now": the caller compares the deadlines with its clock.
struct IncidentClock {
  Instant first_slo_due{};
  std::optional<Instant> first_sla_due;  ///< none when not impacting
  std::optional<Instant> first_notified_at;
  std::optional<bool> first_slo_met;     ///< set once notified
  std::optional<bool> first_sla_met;     ///< set once notified, when an SLA applies
  /// Reopened by a new firing: the notice owed since, and when it was given.
  std::optional<Instant> reopened_at;
  std::optional<Instant> reopen_slo_due;
  std::optional<Instant> reopen_sla_due;
  std::optional<Instant> reopen_notified_at;
  std::optional<bool> reopen_slo_met;    ///< set once that notice is given
  std::optional<bool> reopen_sla_met;    ///< likewise, when an SLA applies
  /// Impacting, notified (and, once reopened, notified of the reopening)
  /// and not yet recovered: the next hourly report.
  std::optional<Instant> next_interim_due;
  /// The obligations not yet met, soonest first.
  std::vector<Obligation> pending;
};
IncidentClock incident_clock(const Incident& inc, const IncidentPolicy& p);

/// One hourly interim report of a service-impacting incident: when it was
/// due and when it was posted.
struct InterimReport {
  Instant due{};
  std::optional<Instant> posted_at;  ///< none: not posted (yet, or before recovery)
  /// Late: posted after it was due, or not posted and `now` is after it.
  /// A report posted late stays late.
  bool late(Instant now) const { return posted_at ? *posted_at > due : now > due; }
};

/// A timeline event that is a notice reaching the customer other than the
/// recovery notice, and so restarts the hour: a `notify` that reached them
/// (kind first or interim) or an `update` posted to the ticket.
bool is_interim_notice(const IncidentEvent& e);

/// The interim reports an incident owed, derived from its timeline (events
/// in the order recorded): none unless it is impacting (or unjudged) by its
/// impact now and has a first notification. The first is due an hour (the
/// policy's `interim_every`) after the first notification; each notice
/// after that (is_interim_notice) posts the report then due and the next is
/// due an hour after it. They stop at a `recover` event (when the recovery
/// was recorded); a report due before then and not posted is owed and
/// missing. A `reopened` event (a new firing after recovery) starts them
/// again from the notice of the new firing (reopen_notice_given_at), an
/// hour apart as before. While the incident is still open, the report due next
/// is listed once `now` has reached its due time. Reports listed are those
/// that came due or were posted.
std::vector<InterimReport> interim_reports(const Incident& inc, const std::vector<IncidentEvent>& events,
                                           Instant now, const IncidentPolicy& p);
/// How many of `reports` were late at `now`.
std::int64_t interim_late_count(const std::vector<InterimReport>& reports, Instant now);

/// An incident breached: its first notice (or the notice of a new firing
/// that reopened it) missed the SLO or the SLA, an
/// interim report was late (posted late, or owed and not posted; it stays
/// counted after it is posted), or an obligation it still owes is past due
/// at `now`. `events` is its timeline.
bool incident_breached(const Incident& inc, const std::vector<IncidentEvent>& events, Instant now,
                       const IncidentPolicy& p);

}  // namespace sd
