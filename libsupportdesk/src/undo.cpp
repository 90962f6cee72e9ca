// sd undo: the actor's changes as a stack, taken back from the audit log.
#include "supportdesk/undo.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/json.hpp"
#include "take_back.hpp"

#include <set>

namespace sd {

namespace {

/// The audit action of sd undo's own entries.
constexpr std::string_view kUndo = "undo";

/// How many of the actor's newest entries are read first; a longer walk
/// (many changes already taken back) reads eight times more each time.
constexpr std::size_t kFirstWindow = 256;

/// The entry an `undo` entry took back (its after's "entry"); 0 when it
/// names none.
std::int64_t undone_id(const AuditEvent& u) {
  auto after = take_back::part(u.after);
  if (!after.is_object()) return 0;
  auto it = after.find("entry");
  return it != after.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

bool undoable(std::string_view action) {
  static const std::set<std::string_view> known = {
      "customer.edit",   "contact.add",    "contact.edit",     "contact.remove",  "contact.reorder",
      "criteria.add",    "criteria.remove", "host.add",        "host.remove",     "request.assign",
      "request.edit",    "request.comment", "request.schedule", "request.escalate", "request.start",
      "request.wait",    "request.resume",  "request.resolve", "request.close",   "request.reopen"};
  return known.count(action) > 0;
}

std::vector<AuditEvent> Undo::last() {
  return read_transaction(ctx_.store, [&] { return last_in_transaction(); });
}

std::vector<AuditEvent> Undo::last_in_transaction() {
  for (std::size_t window = kFirstWindow;; window *= 8) {
    AuditFilter f;
    f.actor = ctx_.actor;
    f.limit = window;
    auto entries = ctx_.store.list_audit(f);  // oldest first
    std::set<std::int64_t> undone;
    std::vector<AuditEvent> change;
    bool cut = false;  // the change may go on past the oldest entry read
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      if (it->action == kUndo) {
        if (!change.empty()) break;
        undone.insert(undone_id(*it));
        continue;
      }
      if (undone.count(it->id)) {
        if (!change.empty()) break;
        continue;
      }
      if (!change.empty() && (it->at != change.front().at || it->action != change.front().action)) break;
      change.push_back(*it);
      cut = std::next(it) == entries.rend();
    }
    if (entries.size() < window || (!change.empty() && !cut)) return change;
  }
}

std::vector<AuditEvent> Undo::take_back(const std::vector<std::int64_t>& expected, bool dry_run) {
  auto body = [&] {
    auto change = last_in_transaction();
    std::vector<std::int64_t> ids;
    for (const auto& e : change) ids.push_back(e.id);
    if (change.empty())
      throw not_found("undo: " + ctx_.actor + " has no change left to take back");
    if (!expected.empty() && ids != expected)
      throw Error(Exit::busy, "undo: the last change of " + ctx_.actor + " is now entry " +
                                  std::to_string(ids.front()) + " (" + change.front().action + " of " +
                                  change.front().entity + "), not the one shown; nothing was written");
    for (const auto& e : change)
      if (!undoable(e.action))
        throw data_error("undo: entry " + std::to_string(e.id) + " (" + e.action + " of " + e.entity +
                         ") cannot be taken back: sd undo takes back customer edits, contacts, hosts and "
                         "criteria, and a request's moves after its creation; nothing was written");
    for (const auto& e : change) take_back_one(e);
    return change;
  };
  if (dry_run) {
    // The Transaction's destructor rolls back what was never committed.
    Transaction tx(ctx_.store, Transaction::Mode::write);
    return body();
  }
  return write_transaction(ctx_.store, body);
}

void Undo::take_back_one(const AuditEvent& e) {
  bool done = take_back::customer_change(ctx_, e) || take_back::intake_change(ctx_, e) ||
              take_back::request_change(ctx_, e);
  if (!done) throw Error(Exit::software, "undo: no take-back for " + e.action);
  AuditEvent u;
  u.at = ctx_.now;
  u.actor = ctx_.actor;
  u.entity = e.entity;
  u.action = std::string(kUndo);
  Json after = Json::object();
  after["entry"] = e.id;
  after["action"] = e.action;
  after["before"] = take_back::part(e.after);
  after["after"] = take_back::part(e.before);
  u.after = after.dump();
  ctx_.store.append_audit(u);
}

namespace take_back {

Json part(const std::string& text) { return text.empty() ? Json(nullptr) : Json::parse(text); }

std::string text_of(const Json& value) { return value.is_string() ? value.get<std::string>() : std::string(); }

Error changed(const AuditEvent& e, const std::string& what) {
  return data_error("undo: " + e.entity + " has changed since entry " + std::to_string(e.id) + " (" + e.action +
                    "): " + what + "; taking it back would undo that too; nothing was written");
}

namespace {
void require_same(const AuditEvent& e, const Json& now, const Json& after, const std::string& path) {
  for (auto it = after.begin(); it != after.end(); ++it) {
    auto name = path.empty() ? it.key() : path + "." + it.key();
    auto found = now.find(it.key());
    Json is = found == now.end() ? Json(nullptr) : *found;
    if (it->is_object() && is.is_object()) {
      require_same(e, is, *it, name);
    } else if (is != *it) {
      throw changed(e, name + " is " + (is.is_null() ? "empty" : is.dump()) + ", not " +
                           (it->is_null() ? "empty" : it->dump()));
    }
  }
}
}  // namespace

void require_as_left(const AuditEvent& e, const Json& now, const Json& after) {
  if (after.is_object()) require_same(e, now, after, "");
}

}  // namespace take_back

}  // namespace sd
