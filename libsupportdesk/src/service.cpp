#include "supportdesk/service.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/request.hpp"
#include "checks.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace sd {

namespace {

/// What differs between objects `from` and `to`: each key whose value
/// changed, its old value into `was` and its new one into `is`; a key on one
/// side only goes to that side. Objects inside are compared the same way.
void changed_parts(const Json& from, const Json& to, Json& was, Json& is) {
  for (auto it = from.begin(); it != from.end(); ++it) {
    auto other = to.find(it.key());
    if (other == to.end()) {
      was[it.key()] = *it;
    } else if (*it != *other) {
      if (it->is_object() && other->is_object()) {
        Json w = Json::object(), i = Json::object();
        changed_parts(*it, *other, w, i);
        was[it.key()] = std::move(w);
        is[it.key()] = std::move(i);
      } else {
        was[it.key()] = *it;
        is[it.key()] = *other;
      }
    }
  }
  for (auto it = to.begin(); it != to.end(); ++it)
    if (!from.contains(it.key())) is[it.key()] = *it;
}

}  // namespace

DeskContext::DeskContext(Store& s, const Calendar& cal, const Catalog& cat, IncidentPolicy p,
                         Instant n, std::string a)
    : store(s), calendar(cal), policy(p), now(n), actor(std::move(a)), catalog_(&cat) {
  check_one_line(actor, "actor");
}

DeskContext::DeskContext(Store& s, const Calendar& cal, std::function<const Catalog&()> load,
                         IncidentPolicy p, Instant n, std::string a)
    : store(s), calendar(cal), policy(p), now(n), actor(std::move(a)), load_catalog_(std::move(load)) {
  check_one_line(actor, "actor");
}

const Catalog& DeskContext::catalog() const {
  if (!catalog_) catalog_ = &load_catalog_();
  return *catalog_;
}

std::string DeskContext::iso(Instant t) const { return format_instant(t, calendar.zone()); }

void DeskContext::audit(const std::string& entity, const std::string& action, const Json& before,
                        const Json& after) {
  AuditEvent e;
  e.at = now;
  e.actor = actor;
  e.entity = entity;
  e.action = action;
  if (before.is_object() && after.is_object()) {
    Json b = Json::object(), a = Json::object();
    changed_parts(before, after, b, a);
    e.before = b.dump();
    e.after = a.dump();
  } else {
    e.before = before.is_null() ? "" : before.dump();
    e.after = after.is_null() ? "" : after.dump();
  }
  store.append_audit(e);
}

namespace {

/// FNV-1a, 64 bits, as 16 hex digits, of the input's JSON (its keys in the
/// order the service wrote them): stable across runs and platforms.
std::string digest_of(const Json& input) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : input.dump()) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static const char* const hex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = hex[h & 0xf];
  return out;
}

}  // namespace

std::optional<std::string> DeskContext::replayed(const std::string& key, const std::string& action,
                                                 const Json& input) {
  if (key.empty()) return std::nullopt;
  check_one_line(key, "idempotency_key");
  if (key.size() > 200) throw field_error("idempotency_key", "is longer than 200 bytes");
  auto earlier = store.find_idempotency_key(key);
  if (!earlier) return std::nullopt;
  if (earlier->action != action || earlier->digest != digest_of(input))
    throw field_error("idempotency_key", "'" + key + "' was already used for " + earlier->action + " of " +
                                             earlier->entity + " with other input; use a new key");
  return earlier->entity;
}

void DeskContext::remember(const std::string& key, const std::string& action, const Json& input,
                           const std::string& entity) {
  if (key.empty()) return;
  store.insert_idempotency_key(IdempotencyKey{key, entity, action, digest_of(input), now});
}

void DeskContext::expect_version(const std::string& key, std::string_view kind, std::int64_t version,
                                 std::optional<std::int64_t> expected) {
  if (!expected || *expected == version) return;
  if (*expected < 1) throw field_error("if_version", "must be a version, 1 or more; got " + std::to_string(*expected));
  if (*expected < version) throw changed_since(key, kind);
  throw Error(Exit::busy, key + " is at version " + std::to_string(version) + ", not " +
                              std::to_string(*expected) + "; nothing was written (read it again with 'sd " +
                              std::string(kind) + " show " + key + "')");
}

Error DeskContext::changed_since(const std::string& key, std::string_view kind) {
  AuditFilter f;
  f.entity = key;
  f.exact = true;
  f.limit = 1;
  auto last = store.list_audit(f);
  std::string who = last.empty() ? "" : " by " + last.back().actor + " at " + iso(last.back().at);
  return Error(Exit::busy, key + " was changed" + who + " since you read it; nothing was written (read it again with 'sd " +
                               std::string(kind) + " show " + key + "')");
}

Customer DeskContext::must_customer(const std::string& key) {
  check_customer_key(key);
  auto c = store.find_customer(key);
  if (!c) throw not_found("customer: no customer " + key + " (see 'sd customer list')");
  return *c;
}

namespace detail {

void conflict_back_off(int attempt) {
  thread_local std::minstd_rand random{std::random_device{}()};
  const int ceiling_us = 10000 << std::min(attempt - 1, 6);
  std::uniform_int_distribution<int> wait(ceiling_us / 4, ceiling_us);
  std::this_thread::sleep_for(std::chrono::microseconds(wait(random)));
}

Error conflict_gave_up(const TransactionConflict& last, int attempts) {
  return Error(Exit::busy, std::string(last.what()) + "; gave up after " + std::to_string(attempts) + " attempts");
}

}  // namespace detail

}  // namespace sd
