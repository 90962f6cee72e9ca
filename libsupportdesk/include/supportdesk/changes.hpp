#pragma once
/// Change management (white paper §5.4.7, §5.3.1.1–5.3.1.2): changes to a
/// customer's systems, their assessment, approval with a rollback plan,
/// schedule, implementation, review, and the calendar of their windows.
#include "supportdesk/change.hpp"
#include "supportdesk/json.hpp"
#include "supportdesk/service.hpp"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sd {

struct NewChange {
  std::string customer;  ///< the customer's key
  std::string title;
  /// The request it is made from (ACME-12), "" for none: a request of the
  /// same customer, of any tier (field `from`).
  std::string from;
  std::vector<std::string> cis;  ///< names of the customer's CIs (field `ci`)
  ChangeRisk risk = ChangeRisk::low;
  std::string impact;
  /// Attributes its CIs get when it succeeds (ci_edit_from(), field `set`);
  /// only with at least one CI.
  std::vector<std::pair<std::string, std::string>> sets;
  std::string procedure;
};

/// What `Changes::edit` changes: each set field.
struct ChangeEdit {
  std::optional<std::string> title, impact;
  std::optional<ChangeRisk> risk;
  bool empty() const { return !title && !impact && !risk; }
};

struct ChangeView {
  Change change;
  std::vector<ChangeEvent> events;  ///< oldest first
};

/// The scheduled windows that overlap [from, to), in start order, and the
/// pairs that overlap on a CI.
struct ChangeCalendar {
  Instant from{}, to{};
  std::vector<Change> changes;
  std::vector<ChangeOverlap> overlaps;
};

/// Changes, by the rules table of change.hpp (change_rules()); an action
/// in a state its rule does not allow is a data Error that names the
/// states that allow it. Besides:
///   approve   needs a rollback plan (field `rollback_plan`); records the
///             actor as the approver;
///   schedule  needs the window's end after its start (field `end`);
///   succeed   applies the change's `sets` to each of its CIs
///             (ConfigItems::apply, why = the change's key), in the same
///             transaction;
///   review    records whether it met its goal.
/// Each change is one transaction with one audit entry (entity CHG-n) and
/// one history event.
class Changes {
 public:
  explicit Changes(DeskContext& ctx) : ctx_(ctx) {}

  /// Records a change CHG-n (the next number of the desk), in draft.
  Change create(const NewChange& in);
  Change assess(const std::string& key, const std::string& note);
  Change rollback_plan(const std::string& key, const std::string& text);
  Change pretest(const std::string& key, const std::string& text);
  Change plan_review(const std::string& key, const std::string& text);
  Change approve(const std::string& key, const std::string& note);
  Change reject(const std::string& key, const std::string& reason);
  Change schedule(const std::string& key, Instant start, Instant end);
  Change implement(const std::string& key, const std::string& note);
  Change succeed(const std::string& key, const std::string& note);
  Change fail(const std::string& key, const std::string& what);
  Change rollback(const std::string& key, const std::string& what);
  Change review(const std::string& key, bool goal_met, const std::string& text);
  Change close(const std::string& key, const std::string& note);
  Change edit(const std::string& key, const ChangeEdit& edit);
  Change comment(const std::string& key, const std::string& text);
  ChangeView view(const std::string& key);
  /// Visits the changes that pass the filter, by number, one at a time.
  void each(const ChangeFilter& filter, const std::function<void(const Change&)>& visit);
  std::vector<Change> list(const ChangeFilter& filter);
  /// The windows that overlap [from, to) (from: default now; to: default
  /// 30 days after from), by start; `to` after `from` (field `from`).
  ChangeCalendar calendar(std::optional<Instant> from, std::optional<Instant> to);

 private:
  Change must(const std::string& key);
  /// Runs `action` on a change in a write transaction: checks its rule,
  /// lets `body` check and change it, moves it to the rule's state, records
  /// the event `kind` and saves it with its audit entry.
  template <class F>
  Change step(const std::string& key, ChangeAction action, const std::string& kind, const Json& data,
              const std::string& note, F&& body);
  DeskContext& ctx_;
};

Json to_json(const Change& c, const JsonView& v);
Json to_json(const ChangeEvent& e, const JsonView& v);
Json to_json(const ChangeCalendar& c, const JsonView& v);

}  // namespace sd
