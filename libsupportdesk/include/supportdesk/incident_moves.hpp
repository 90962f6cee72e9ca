#pragma once
/// One change for several incidents at once (sd incident close INC-1 INC-2,
/// sd incident assign - alice): all or nothing, in one write transaction,
/// as request_moves.hpp does for requests.
#include "supportdesk/incidents.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sd {

// Each changes every incident of `keys` exactly as Incidents' change of one
// does (the same rule, timeline event, audit entry and hook), in the order
// given, in ONE write transaction; the first refusal (an unknown key, a
// change its status does not allow, a key given twice) ends it and nothing
// is written. `if_version` goes with one key only. With `dry_run` every
// check is made and every change computed, the incidents are returned as
// they would be, the transaction is rolled back and no hook fires. Hooks of
// a real run fire once it has committed. No keys: an empty vector.

/// Incidents::assign() for each: a shift's incidents to the next engineer.
std::vector<Incident> assign_incidents(DeskContext& ctx, const std::vector<std::string>& keys, const std::string& who,
                                       const std::string& note, std::optional<std::int64_t> if_version = std::nullopt,
                                       bool dry_run = false);
/// Incidents::confirm() for each: the recoveries of one outage confirmed.
std::vector<Incident> confirm_incidents(DeskContext& ctx, const std::vector<std::string>& keys,
                                        const std::string& note, std::optional<std::int64_t> if_version = std::nullopt,
                                        bool dry_run = false);
/// Incidents::close() for each.
std::vector<Incident> close_incidents(DeskContext& ctx, const std::vector<std::string>& keys, const std::string& note,
                                      std::optional<std::int64_t> if_version = std::nullopt, bool dry_run = false);

}  // namespace sd
