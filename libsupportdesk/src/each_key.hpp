#pragma once
// One change for several tickets at once (sd request close ACME-1 ACME-2,
// sd incident assign - alice): the frame every such command shares. The
// change of each ticket is the caller's, exactly as for one key.
#include "supportdesk/error.hpp"
#include "supportdesk/request.hpp"
#include "supportdesk/service.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sd {

/// `one(key)` for each key, in the order given, in ONE write transaction:
/// all or nothing. Refused before anything is read: `if_version` with more
/// than one key, and a key given twice (its second change would be judged
/// against its first). The first refusal of `one` ends it and nothing is
/// written. With `dry_run` every check and change is made, their results
/// returned, and the transaction rolled back. No keys: an empty vector.
template <class S, class One>
auto each_key(S& store, const std::vector<std::string>& keys, std::optional<std::int64_t> if_version,
              bool dry_run, One&& one) -> std::vector<decltype(one(keys.front()))> {
  using T = decltype(one(keys.front()));
  if (if_version && keys.size() > 1)
    throw field_error("if_version", "goes with one key; " + std::to_string(keys.size()) +
                                        " were given (leave it out, or change them one at a time)");
  std::set<std::pair<std::string, std::int64_t>> seen;
  for (const auto& key : keys)
    if (!seen.insert(parse_ticket_key(key)).second)
      throw field_error("key", key + " is given more than once; give each ticket once");
  if (keys.empty()) return {};
  auto body = [&] {
    std::vector<T> out;
    out.reserve(keys.size());
    for (const auto& key : keys) out.push_back(one(key));
    return out;
  };
  if (dry_run) {
    // The Transaction's destructor rolls back what was never committed.
    Transaction tx(store, Transaction::Mode::write);
    return body();
  }
  return write_transaction(store, body);
}

}  // namespace sd
