#pragma once
// sd undo's take-backs (undo.hpp). Each lives beside the moves it takes back
// (customers.cpp, alerts_intake.cpp, requests.cpp), so that what a change
// wrote and how it is taken back stay in one file; undo.cpp picks one by the
// audit entry's action. Each runs inside the caller's write transaction,
// first checks that the entity is still as the change left it (a later
// change, by anyone, would otherwise be lost), and writes no audit entry:
// undo.cpp writes one `undo` entry for each entry taken back.
#include "supportdesk/json.hpp"
#include "supportdesk/service.hpp"

#include "supportdesk/error.hpp"

#include <string>

namespace sd::take_back {

/// An audit entry's before or after as JSON; null when there is none ("").
Json part(const std::string& text);
/// A text value of an entry's JSON; "" for null (the JSON of an absent text).
std::string text_of(const Json& value);

/// The Error (Exit::data) refusing to take back `e`: its entity is no longer
/// as `e` left it (`what` says how), so taking it back would undo a later
/// change too.
Error changed(const AuditEvent& e, const std::string& what);

/// Each key of `after` (the entry's after: what the change set) has that
/// value in `now` (the entity as it is); objects inside are compared key by
/// key. changed() naming the first key that differs otherwise.
void require_as_left(const AuditEvent& e, const Json& now, const Json& after);

/// customer.edit and contact.add, .edit, .remove and .reorder. False: `e`
/// is none of these.
bool customer_change(DeskContext& ctx, const AuditEvent& e);
/// criteria.add and .remove, host.add and .remove. False: none of these.
bool intake_change(DeskContext& ctx, const AuditEvent& e);
/// A request's moves after its creation: assign, edit, comment, schedule,
/// escalate, and the status moves (start, wait, resume, resolve, close,
/// reopen). The event the move wrote is taken back with it, so the pauses
/// and due time, which are read from the events, are as before the move.
/// False: none of these.
bool request_change(DeskContext& ctx, const AuditEvent& e);

}  // namespace sd::take_back
