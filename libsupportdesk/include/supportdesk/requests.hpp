#pragma once
/// Service requests (ご依頼) from intake to closure, with the SLO clock of
/// each (white paper §4.1).
#include "supportdesk/incidents.hpp"  // EscalationTarget
#include "supportdesk/service.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sd {

struct NewRequest {
  std::string customer;
  std::string type;
  Fields fields;
  std::string title;
  Priority priority = Priority::normal;
  std::optional<Instant> desired;
  std::string assignee = "MSP";
  Via via = Via::backlog;
  std::string caller;
  std::optional<Instant> received_at;
  std::string details;
  /// An emergency (§3.3.1): high priority, due `urgent_target` of wall
  /// time after receipt (24/365, no business calendar); the target is kept
  /// on the request.
  bool urgent = false;
  std::chrono::minutes urgent_target = kUrgentTarget;
  /// When given, a second create with the same key and input returns the
  /// request the first made and changes nothing; with other input it is a
  /// data Error naming idempotency_key (DeskContext::replayed()).
  std::string idempotency_key;
};

struct RequestEdit {
  Fields fields;  ///< fields to set (merged into the current ones, then rechecked)
  std::vector<std::string> unset;  ///< optional fields to remove
  std::optional<std::string> title;
  std::optional<std::string> details;
  std::optional<Priority> priority;
  std::optional<Instant> desired;
  bool empty() const {
    return fields.empty() && unset.empty() && !title && !details && !priority && !desired;
  }
};

/// A request with its history, for show and explain.
struct RequestView {
  Request request;
  std::vector<RequestEvent> events;
  SloClock clock;
  /// The configuration item its `host` field names, when one of that name
  /// belongs to the request's customer (ci_for_host()).
  std::optional<ConfigItem> ci;
  std::vector<std::string> problems;  ///< the problems it is linked to (PRB-n)
  std::vector<std::string> changes;   ///< the changes made from it (CHG-n), any tier
};

/// One open request as `sd slo check` sees it.
struct RequestCheckItem {
  Request request;
  /// The time checked: the due time, or a high request's earlier desired
  /// time (working_due()).
  Instant due{};
  bool desired = false;          ///< `due` is the desired time
  bool wall = false;             ///< an urgent request: `left` is wall time
  std::chrono::seconds left{0};  ///< business time to `due` (wall time when `wall`); negative when past
  Urgency state = Urgency::ok;
};

/// Requests per transaction of a recompute: at a million requests a batch
/// holds the write lock for tens of milliseconds, not the whole run.
inline constexpr std::size_t kRecomputeBatch = 1000;

/// One committed batch of Requests::recompute_all().
struct RecomputeBatch {
  std::vector<std::string> changed;  ///< keys whose due time changed
  std::size_t checked = 0;           ///< requests looked at
  std::string last;                  ///< the batch's last request: resume after it
};

/// A whole recompute_all(): its totals.
struct RecomputeSummary {
  std::size_t checked = 0, changed = 0, batches = 0;
  std::string last;  ///< the last request looked at; empty when there was none
};

class Requests {
 public:
  explicit Requests(DeskContext& ctx) : ctx_(ctx) {}

  Request create(const NewRequest& in);
  // Every change below takes `if_version`, the version the caller read the
  // request at (Request::version): when given and the request is at
  // another, the change is refused with an Exit::busy Error naming who
  // changed it last (DeskContext::expect_version()) and nothing is written.
  // Without it, the version read inside the change's own transaction is
  // the one saved against (a writer that slipped in between is refused
  // the same way).
  /// A status change. `miss_reason` goes with resolve only: required when the
  /// request is resolved late (compliance.hpp), refused when on time.
  Request act(const std::string& key, Action action, const std::string& note,
              const std::string& miss_reason, std::optional<std::int64_t> if_version = std::nullopt);
  /// With `idempotency_key`, a repeat with the same key, request, text and
  /// `internal` returns the request and adds nothing.
  Request comment(const std::string& key, const std::string& text, bool internal,
                  const std::string& idempotency_key = {}, std::optional<std::int64_t> if_version = std::nullopt);
  Request assign(const std::string& key, const std::string& assignee, const std::string& note,
                 std::optional<std::int64_t> if_version = std::nullopt);
  /// Changes what `edit` sets; an empty edit is a data Error.
  Request edit(const std::string& key, const RequestEdit& edit, std::optional<std::int64_t> if_version = std::nullopt);
  /// Sets the date of a low-priority request (or moves a scheduled one): the
  /// SLO clock starts now if it had not.
  Request schedule(const std::string& key, Instant when, std::optional<Priority> priority,
                   const std::string& note, std::optional<std::int64_t> if_version = std::nullopt);
  /// Hands the request on (white paper §3.2: monitoring center → support
  /// center → AWS support): an `escalate` event (from the previous target
  /// to `to`, with `note`) and a request.escalate audit entry. `note` is
  /// required; a resolved or closed request is refused (reopen it first).
  Request escalate(const std::string& key, EscalationTarget to, const std::string& note,
                   std::optional<std::int64_t> if_version = std::nullopt);
  RequestView view(const std::string& key);
  /// Visits the requests that pass the filter, in list order, one at a time
  /// as the store reads them, each with its pauses: memory stays flat
  /// whatever their number. Without `fields` their catalog fields are not
  /// read (for a view that does not show them).
  void each(const RequestFilter& filter, bool fields, const std::function<void(const Request&)>& visit);
  /// The requests of each(), with their fields, in one vector.
  std::vector<Request> list(const RequestFilter& filter);
  /// Recomputes cached due times from the events with the current calendar;
  /// returns the keys whose due time changed (all requests, or just `key`).
  std::vector<std::string> recompute(const std::optional<std::string>& key);
  /// Recomputes every request in the order they were taken, starting after
  /// `after` when given, in batches of `batch` requests (1 or more): each
  /// batch is its own write transaction, so writers wait for one batch at
  /// most, and a recompute that stopped resumes after the last request of
  /// its last batch. `done` is called after each batch has committed.
  RecomputeSummary recompute_all(const std::optional<std::string>& after, std::size_t batch,
                                 const std::function<void(const RecomputeBatch&)>& done);
  /// Open requests due within `warn` business time or overdue, soonest
  /// first; a high request is checked against its working_due() (its
  /// desired time when earlier), an urgent one on the wall clock.
  std::vector<RequestCheckItem> check(std::chrono::seconds warn, const std::optional<std::string>& customer);
  /// Records a desk-approved exemption (§4.1.3, §4.1.4): the actor approved
  /// it for `reason`; the request no longer counts in attainment. A second
  /// exemption of the same request is a data Error (an exemption stands).
  Request exempt(const std::string& key, const std::string& reason,
                 std::optional<std::int64_t> if_version = std::nullopt);
  /// Open low-priority requests that have waited for a date longer than
  /// `older_than` (unscheduled_age()), oldest first.
  std::vector<Request> unscheduled(std::chrono::seconds older_than, const std::optional<std::string>& customer);
  /// How many requests are open (kOpenStatuses), of one customer or all.
  std::size_t open_count(const std::optional<std::string>& customer);
  SloClock clock(const Request& r) const { return slo_clock(r, ctx_.calendar, ctx_.now); }

 private:
  Request must(const std::string& key);
  /// must(), refused unless at `if_version` (when given).
  Request must_at(const std::string& key, std::optional<std::int64_t> if_version);
  void event(const Request& r, const std::string& kind, const std::string& from,
             const std::string& to, const std::string& note, bool internal = false);
  /// Recomputes one request's due time (in the caller's transaction): true
  /// when it changed, with its event and audit entry.
  bool recompute_one(Request& r);
  /// Saves the request after refreshing its pauses and cached due time,
  /// moving it to its next version (changed_since() when it had moved on).
  void save(Request& r, const Json& before, const std::string& action);
  DeskContext& ctx_;
};

}  // namespace sd
