// The store's checkup.
#include "supportdesk/checkup.hpp"

namespace sd {

std::vector<StoreProblem> StoreCheckup::run() {
  auto [first, last] = ctx_.calendar.range();
  StoreLimits limits{first, last};
  return read_transaction(ctx_.store, [&] { return ctx_.store.check_store(limits); });
}

}  // namespace sd
