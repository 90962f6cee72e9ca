#pragma once
/// What every service shares: the store, calendar, catalog and policy,
/// "now" and the actor (injected), and the hook events of committed
/// changes. One per command; services are cheap views over it.
#include "supportdesk/calendar.hpp"
#include "supportdesk/catalog.hpp"
#include "supportdesk/compliance.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/json.hpp"
#include "supportdesk/model.hpp"
#include "supportdesk/store.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sd {

/// An event for the hooks, fired by the caller once the change is committed.
struct HookEvent {
  std::string name;
  std::string json;
};

class DeskContext {
 public:
  /// `actor` must be one line of valid text (a data Error naming `actor`).
  DeskContext(Store& store, const Calendar& calendar, const Catalog& catalog, IncidentPolicy policy,
              Instant now, std::string actor);
  /// As above, with the catalog read by `load_catalog` the first time a
  /// service needs it: most commands never do, and a bad catalog fails only
  /// those that do, with the loader's error.
  DeskContext(Store& store, const Calendar& calendar,
              std::function<const Catalog&()> load_catalog, IncidentPolicy policy, Instant now,
              std::string actor);

  Store& store;
  const Calendar& calendar;
  const IncidentPolicy policy;
  const Instant now;
  const std::string actor;
  /// Hook events of the changes committed so far, in order.
  std::vector<HookEvent> hooks;

  /// The request catalog, loaded on first use.
  const Catalog& catalog() const;
  /// How JSON shows this desk's records (its zone, its now, its policy).
  JsonView view() const { return JsonView{&calendar, now, policy}; }
  /// An instant in the desk's zone with its offset.
  std::string iso(Instant t) const;
  /// Appends an audit event (inside the caller's transaction). A change of
  /// one object into another keeps only what differs: each key whose value
  /// changed, with its value before and after (objects inside compared key
  /// by key the same way); the rest is the record itself, unchanged. A
  /// record added or removed (null on one side) is kept as given.
  void audit(const std::string& entity, const std::string& action, const Json& before,
             const Json& after);
  /// An idempotency key's earlier use, read inside the caller's write
  /// transaction: the ticket the first call with `key` made or changed, or
  /// nullopt when `key` is new or empty (no key). The same key used for
  /// another action or another `input` is a data Error naming
  /// idempotency_key; a key must be one line of at most 200 bytes.
  std::optional<std::string> replayed(const std::string& key, const std::string& action, const Json& input);
  /// Keeps `key` (unless empty) for `entity`, in the same transaction as the
  /// change it made.
  void remember(const std::string& key, const std::string& action, const Json& input,
                const std::string& entity);
  /// The customer; not_found naming it otherwise.
  Customer must_customer(const std::string& key);
  /// Optimistic locking: refuses a change to the ticket `key` (a `kind`:
  /// request or incident), whose row is at `version`, when the caller read
  /// it at another version (`expected`; nullopt: the caller expects none).
  /// Behind it the version is 1 or more (a data Error naming `if_version`);
  /// ahead or past it, the Error of changed_since().
  void expect_version(const std::string& key, std::string_view kind, std::int64_t version,
                      std::optional<std::int64_t> expected);
  /// The Error (Exit::busy) for a change refused because the ticket `key`
  /// was changed since its writer read it: who changed it last and when
  /// (its newest audit entry), that nothing was written, and how to read it
  /// again. Read inside the caller's transaction, which then rolls back.
  Error changed_since(const std::string& key, std::string_view kind);

 private:
  std::function<const Catalog&()> load_catalog_;
  mutable const Catalog* catalog_ = nullptr;
};

/// How many times a write transaction is run when the store reports a
/// conflict (TransactionConflict: a deadlock or a serialization failure)
/// before the command gives up with Exit::busy.
inline constexpr int kWriteAttempts = 5;

namespace detail {
/// Waits before attempt `attempt` + 1: a random time, up to 10 ms doubled
/// with each attempt, so that writers that collided do not collide again.
void conflict_back_off(int attempt);
/// The error that ends the last attempt: busy, saying how many were made.
Error conflict_gave_up(const TransactionConflict& last, int attempts);

template <class F>
auto run_once(Transactional& store, Transaction::Mode mode, F& body) {
  Transaction tx(store, mode);
  if constexpr (std::is_void_v<decltype(body())>) {
    body();
    tx.commit();
  } else {
    auto result = body();
    tx.commit();
    return result;
  }
}
}  // namespace detail

/// Runs `body` in one transaction: committed when it returns, rolled back
/// (by the Transaction's destructor) when it throws. A write transaction the
/// store aborts with a conflict is run again, body and all, in a new
/// transaction, up to kWriteAttempts times in all; so a write body must have
/// no effect outside the store before it returns: whatever it hands out
/// (hooks to fire, keys, lists) it builds afresh each time it runs, or
/// returns. A body that cannot be run twice (it reads a stream) uses
/// write_transaction_once. A read transaction is run once: it takes no row
/// locks and writes nothing, so no store aborts it with a conflict, and its
/// body may write rows out as it reads them (stream_list).
template <class F>
auto in_transaction(Transactional& store, Transaction::Mode mode, F&& body) {
  if (mode == Transaction::Mode::read) return detail::run_once(store, mode, body);
  for (int attempt = 1;; ++attempt) {
    try {
      return detail::run_once(store, mode, body);
    } catch (const TransactionConflict& e) {
      if (attempt >= kWriteAttempts) throw detail::conflict_gave_up(e, attempt);
    }
    detail::conflict_back_off(attempt);
  }
}
template <class F>
auto write_transaction(Transactional& store, F&& body) {
  return in_transaction(store, Transaction::Mode::write, std::forward<F>(body));
}
/// A write transaction run once: a conflict is Exit::busy at once. For a
/// body with effects outside the store that cannot be repeated.
template <class F>
auto write_transaction_once(Transactional& store, F&& body) {
  return detail::run_once(store, Transaction::Mode::write, body);
}
template <class F>
auto read_transaction(Transactional& store, F&& body) {
  return in_transaction(store, Transaction::Mode::read, std::forward<F>(body));
}

}  // namespace sd
