#pragma once
/// One change for several requests at once (sd request close ACME-1
/// ACME-2, sd request assign - alice): all or nothing, in one write
/// transaction.
#include "supportdesk/requests.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sd {

/// The same status change for each request of `keys`, all or nothing: in ONE
/// write transaction each is changed exactly as Requests::act() changes it
/// (the same rule, the same event, the same audit entry), in the order given;
/// the first refusal (an unknown key, a move its status does not allow, a
/// key given twice) ends it and nothing is written. `if_version` goes with
/// one key only. With `dry_run` every check is made and every change
/// computed, the requests are returned as they would be, and the transaction
/// is rolled back. No keys: nothing to do, an empty vector.
std::vector<Request> act_all(DeskContext& ctx, const std::vector<std::string>& keys, Action action,
                             const std::string& note, const std::string& miss_reason,
                             std::optional<std::int64_t> if_version = std::nullopt, bool dry_run = false);

/// The same hand-over for each request of `keys` (a shift's queue to the
/// next engineer), as Requests::assign() makes it for one, all or nothing
/// with act_all()'s rules for keys, `if_version` and `dry_run`.
std::vector<Request> assign_all(DeskContext& ctx, const std::vector<std::string>& keys, const std::string& assignee,
                                const std::string& note, std::optional<std::int64_t> if_version = std::nullopt,
                                bool dry_run = false);

}  // namespace sd
