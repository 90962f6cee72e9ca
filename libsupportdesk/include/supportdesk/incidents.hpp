#pragma once
/// Incidents (障害): intake by phone or report, judgement, notifications and
/// the call tree, escalation, recovery, and the checks for cron (white paper
/// §3.3.3, §3.3.4, §4.2). Alert intake is in alerts.hpp.
#include "supportdesk/service.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sd {

struct NewIncident {
  std::string customer;
  std::string host;
  std::optional<Impact> impact;  ///< unset: not yet judged
  std::optional<Instant> received_at;
  std::optional<Instant> detected_at;
  IncidentVia via = IncidentVia::backlog;
  std::string caller;  ///< who reported it (a phone call, an email), if a person did
  Priority priority = Priority::high;
  std::string business_impact;
  std::string title;
  std::string details;
  /// When given, a second open with the same key and input returns the
  /// incident the first opened and changes nothing; with other input it is
  /// a data Error naming idempotency_key (DeskContext::replayed()).
  std::string idempotency_key;
};

/// How a notice reached (or tried to reach) the customer.
enum class NoticeVia { phone, backlog, email };
enum class CallResult { answered, no_answer, voicemail };
enum class NoticeKind { first, interim, recovery };
enum class EscalationTarget { support_center, aws };
std::string_view to_string(NoticeVia v);
std::string_view to_string(CallResult r);
std::string_view to_string(NoticeKind k);
std::string_view to_string(EscalationTarget t);
std::optional<NoticeVia> notice_via_from(std::string_view s);
std::optional<CallResult> call_result_from(std::string_view s);
std::optional<NoticeKind> notice_kind_from(std::string_view s);
std::optional<EscalationTarget> escalation_target_from(std::string_view s);

struct NotifyInput {
  NoticeVia via = NoticeVia::backlog;
  std::string contact;  ///< a contact's name or place in the call order
  std::optional<CallResult> result;  ///< phone only, and required there
  std::optional<NoticeKind> kind;    ///< unset: chosen by the incident's state
  std::string text;                  ///< what was said; for a call out of order, why
  /// A call out of the customer's call order, made on purpose: `text` says why.
  bool out_of_order = false;
};

/// What `Incidents::edit` changes: each set field, with one audit entry
/// (before and after) and one timeline event naming each change. Impact is
/// judged by the same rule as `Incidents::judge`.
struct IncidentEdit {
  std::optional<std::string> title, host, details, business_impact;
  std::optional<Impact> impact;
  std::optional<Priority> priority;
  bool empty() const { return !title && !host && !details && !business_impact && !impact && !priority; }
};

struct IncidentView {
  Incident incident;
  std::vector<IncidentEvent> events;
  std::vector<AlertRecord> alerts;
  IncidentClock clock;
  /// The interim reports owed so far, with when each was posted.
  std::vector<InterimReport> interim;
  std::vector<std::string> followed_by;  ///< the incidents that follow this one
  /// The configuration item its host names, when one of that name belongs
  /// to the incident's customer (ci_for_host()).
  std::optional<ConfigItem> ci;
  std::vector<std::string> problems;     ///< the problems it is linked to (PRB-n)
};

/// A contact in call order with the calls made to them so far.
struct CallEntry {
  Contact contact;
  std::vector<IncidentEvent> calls;  ///< notify events by phone to this contact
};

/// The places in the call order of the contacts already called for the
/// notice now owed: calls since the incident was last reopened (all of them
/// when it never was). `events` is the incident's timeline.
std::vector<int> positions_called(const Incident& inc, const std::vector<IncidentEvent>& events,
                                  const std::vector<Contact>& contacts);

/// One obligation as `sd incident check` sees it.
struct CheckItem {
  Incident incident;
  Obligation obligation;
  Urgency state = Urgency::ok;
};

class Incidents {
 public:
  explicit Incidents(DeskContext& ctx) : ctx_(ctx) {}

  Incident open(const NewIncident& in);
  // Every change below takes `if_version`, the version the caller read the
  // incident at (Incident::version), as Requests' changes do: when given and
  // the incident is at another, the change is refused (Exit::busy) and
  // nothing is written.
  Incident judge(const std::string& key, Impact impact, const std::string& note, std::optional<std::int64_t> if_version = std::nullopt);
  Incident notify(const std::string& key, const NotifyInput& in, std::optional<std::int64_t> if_version = std::nullopt);
  Incident update(const std::string& key, const std::string& text, std::optional<std::int64_t> if_version = std::nullopt);
  /// A note on the timeline. It is not a notice: it reaches nobody and
  /// moves no deadline. An internal one is for the desk only (the
  /// timeline marks it; hooks say so).
  /// With `idempotency_key`, a repeat with the same key, incident, text and
  /// `internal` returns the incident and adds nothing.
  Incident comment(const std::string& key, const std::string& text, bool internal,
                   const std::string& idempotency_key = {}, std::optional<std::int64_t> if_version = std::nullopt);
  Incident edit(const std::string& key, const IncidentEdit& edit, std::optional<std::int64_t> if_version = std::nullopt);
  /// Sets who owns the incident (MSP: the desk).
  Incident assign(const std::string& key, const std::string& who, const std::string& note,
                  std::optional<std::int64_t> if_version = std::nullopt);
  Incident escalate(const std::string& key, EscalationTarget to, const std::string& case_id,
                    const std::string& note, std::optional<std::int64_t> if_version = std::nullopt);
  Incident recover(const std::string& key, std::optional<Instant> at, const std::string& action,
                   std::optional<std::int64_t> if_version = std::nullopt);
  Incident confirm(const std::string& key, const std::string& note, std::optional<std::int64_t> if_version = std::nullopt);
  Incident close(const std::string& key, const std::string& note, std::optional<std::int64_t> if_version = std::nullopt);
  IncidentView view(const std::string& key);
  /// Visits the incidents that pass the filter, oldest received first, one
  /// at a time as the store reads them (memory stays flat).
  void each(const IncidentFilter& filter, const std::function<void(const Incident&)>& visit);
  /// Visits those of each(filter) that incident_breached() says breached at
  /// now; the filter's limit counts breached incidents.
  void each_breached(const IncidentFilter& filter, const std::function<void(const Incident&)>& visit);
  std::vector<Incident> list(const IncidentFilter& filter);
  /// Those of list(filter) that incident_breached() says breached at now.
  std::vector<Incident> breached(const IncidentFilter& filter);
  std::vector<CallEntry> calls(const std::string& key);
  /// Obligations of incidents not closed, soonest first; fires the hooks of
  /// obligations newly due soon or missed (once each).
  std::vector<CheckItem> check(std::chrono::minutes warn, const std::optional<std::string>& customer);
  IncidentClock clock(const Incident& inc) const { return incident_clock(inc, ctx_.policy); }

 private:
  Incident must(const std::string& key);
  /// must(), refused unless at `if_version` (when given).
  Incident must_at(const std::string& key, std::optional<std::int64_t> if_version);
  /// Records a judgement on `inc` (the rule `judge` and `edit` share).
  void apply_judgement(Incident& inc, Impact impact, const std::string& note);
  template <class F>
  Incident change(const std::string& key, std::optional<std::int64_t> if_version, const std::string& action,
                  const std::string& hook_name, F&& body);
  DeskContext& ctx_;
};

/// What every incident change records, shared by incidents and alert intake
/// (internal helpers over the context; each runs inside the caller's
/// transaction).
namespace incident_log {
/// Saves the incident with an audit entry, moving it to its next version
/// (DeskContext::changed_since() when it had moved on since it was read).
void save(DeskContext& ctx, Incident& inc, const Json& before, const std::string& action);
void event(DeskContext& ctx, const Incident& inc, const std::string& kind, const Json& data,
           const std::string& note);
/// Stages a hook event (the caller hands `staged` to ctx.hooks after commit).
void hook(DeskContext& ctx, std::vector<HookEvent>& staged, const std::string& name,
          const Incident& inc, Json extra = Json::object());
/// Records a notice that reached the customer at ctx.now: a written one
/// (`written`) or an answered call, as a part of the first notice and of
/// the notice owed since a reopening, and as the latest notice; then sets
/// first_notified_at by the rule (compliance.hpp, notice_given_at()).
void notice_reached(DeskContext& ctx, Incident& inc, bool written);
}  // namespace incident_log

}  // namespace sd
