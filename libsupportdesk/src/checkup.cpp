// The store's checkup.
#include "supportdesk/checkup.hpp"

#include "supportdesk/time.hpp"

namespace sd {

std::vector<StoreProblem> StoreCheckup::run() {
  // What the store may hold is what sd reads back (time.hpp), not the
  // calendar's narrower range: a desired time in 2150 is a valid record.
  StoreLimits limits{Instant{std::chrono::seconds{kFirstStoredSecond}}, Instant{std::chrono::seconds{kEndStoredSecond - 1}}};
  return read_transaction(ctx_.store, [&] { return ctx_.store.check_store(limits); });
}

}  // namespace sd
