#pragma once
/// sd undo: takes back the current actor's last change, read from the audit
/// log's before and after, and audits that it did.
#include "supportdesk/service.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace sd {

/// Whether sd undo can take back a change of this audit action: customer
/// edits; contacts, hosts and impact criteria added, edited, removed or
/// reordered; a request's moves after its creation (take_back.hpp).
bool undoable(std::string_view action);

/// The actor's changes form a stack, as in Taskwarrior: `sd undo` takes
/// back the newest change not yet taken back, and the one before it the
/// next time. A change is what one command wrote: the actor's newest audit
/// entries of one second and one action (a command writes all of its
/// entries at its one `now`, and every command undo takes back writes one
/// action; two commands of the same actor, second and action count as one).
/// Each entry taken back gets an `undo` audit entry of its own, on the same
/// entity, whose after names it: {"entry", "action", "before", "after"},
/// before and after being what the entity was and is again.
class Undo {
 public:
  explicit Undo(DeskContext& ctx) : ctx_(ctx) {}
  /// The current actor's last change not yet taken back, newest entry first
  /// (the order they are taken back in); empty when there is none.
  std::vector<AuditEvent> last();
  /// Takes back the last change, all or nothing, in one write transaction.
  /// `expected`: the ids of the entries the caller showed and had confirmed;
  /// when the last change is by then another, an Exit::busy Error and
  /// nothing is written. An entry whose action is not undoable(), or whose
  /// entity has changed since, is a data Error and nothing is written.
  /// With `dry_run` every check is made and the transaction is rolled back.
  /// Returns the entries taken back.
  std::vector<AuditEvent> take_back(const std::vector<std::int64_t>& expected, bool dry_run);

 private:
  std::vector<AuditEvent> last_in_transaction();
  void take_back_one(const AuditEvent& e);
  DeskContext& ctx_;
};

}  // namespace sd
