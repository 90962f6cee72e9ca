#pragma once
/// The store's checkup (`sd db check`): whether a store is sound, for a
/// person after a crash or a restore and for a cron job every night.
#include "supportdesk/service.hpp"

#include <vector>

namespace sd {

class StoreCheckup {
 public:
  explicit StoreCheckup(DeskContext& ctx) : ctx_(ctx) {}
  /// Every problem the store has (StoreCheck), in one read transaction;
  /// stored instants must lie in the desk calendar's range.
  std::vector<StoreProblem> run();

 private:
  DeskContext& ctx_;
};

}  // namespace sd
