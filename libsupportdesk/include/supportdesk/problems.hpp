#pragma once
/// Problem management (white paper §5.3.2): problems found behind incidents
/// and requests, their root cause, workaround and known-error record, the
/// stages of their handling, and the incident trends the desk analyses to
/// find root causes.
#include "supportdesk/json.hpp"
#include "supportdesk/problem.hpp"
#include "supportdesk/service.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sd {

struct NewProblem {
  std::string title;
  /// The incidents or requests it was identified from (ACME-43).
  std::vector<std::string> from;
  Priority priority = Priority::normal;
  std::string category;
  std::string details;
};

/// What `Problems::edit` changes: each set field.
struct ProblemEdit {
  std::optional<std::string> title, category;
  std::optional<Priority> priority;
  bool empty() const { return !title && !category && !priority; }
};

struct ProblemView {
  Problem problem;
  std::vector<ProblemEvent> events;  ///< oldest first, each in a stage (problem_stage())
};

/// Incident counts by group over a window, and what recurs.
struct TrendReport {
  TrendQuery query;
  /// Every group, in TrendGroup order, each in trend_before() order.
  std::vector<std::pair<TrendGroup, std::vector<TrendCount>>> groups;
  /// Host and kind values with kRecurrenceMin incidents or more, host first.
  struct Recurrence {
    TrendGroup group;
    TrendCount count;
  };
  std::vector<Recurrence> recurrence;
};

/// Problems and known errors. The rules of their states:
///   root cause, workaround  while open or a known error;
///   known-error             from open, once both a root cause and a
///                           workaround are recorded;
///   resolve                 from open or known-error;
///   close                   from resolved;
///   edit, link, unlink      unless closed; escalate while open or a known error;
///   comment                 always.
/// Each change is one transaction with one audit entry (entity PRB-n) and
/// one or more history events.
class Problems {
 public:
  explicit Problems(DeskContext& ctx) : ctx_(ctx) {}

  /// Records a problem PRB-n (the next number of the desk), linked to the
  /// tickets in `from`, each of which must exist (field `from`).
  Problem create(const NewProblem& in);
  /// Links tickets (field `ticket`); a ticket already linked is an error.
  Problem link(const std::string& key, const std::vector<std::string>& tickets);
  /// Unlinks tickets (field `ticket`); a ticket not linked is an error.
  Problem unlink(const std::string& key, const std::vector<std::string>& tickets);
  Problem root_cause(const std::string& key, const std::string& text);
  Problem workaround(const std::string& key, const std::string& text);
  Problem known_error(const std::string& key, const std::string& note);
  Problem resolve(const std::string& key, const std::string& note);
  Problem close(const std::string& key, const std::string& note);
  Problem edit(const std::string& key, const ProblemEdit& edit);
  /// To a team or person (one line, field `to`).
  Problem escalate(const std::string& key, const std::string& to, const std::string& note);
  Problem comment(const std::string& key, const std::string& text);
  ProblemView view(const std::string& key);
  /// Visits the problems that pass the filter, by number, one at a time.
  void each(const ProblemFilter& filter, const std::function<void(const Problem&)>& visit);
  std::vector<Problem> list(const ProblemFilter& filter);
  /// Incidents received in [from, to) (default: the 30 days up to now) by
  /// customer, host and kind, and the hosts and kinds that recur. `to`
  /// after `from` (field `from`).
  TrendReport trends(std::optional<Instant> from, std::optional<Instant> to,
                     const std::optional<std::string>& customer);

 private:
  Problem must(const std::string& key);
  template <class F>
  Problem change(const std::string& key, const std::string& action, F&& body);
  void event(const Problem& p, const std::string& kind, const Json& data, const std::string& note);
  /// Links one ticket, checking it exists; false when it already was.
  bool link_one(Problem& p, const std::string& ticket, std::string_view field);
  DeskContext& ctx_;
};

Json to_json(const Problem& p, const JsonView& v);
/// An event with its stage.
Json to_json(const ProblemEvent& e, const JsonView& v);
Json to_json(const TrendReport& r, const JsonView& v);

}  // namespace sd
