#include "enum_names.hpp"
#include "supportdesk/model.hpp"

#include <array>

namespace sd {
namespace {

constexpr std::array<std::string_view, 2> kPlans{"basic", "advanced"};
constexpr std::array<std::string_view, 3> kPriorities{"high", "normal", "low"};
constexpr std::array<std::string_view, 5> kStatuses{"open", "in-progress", "waiting", "resolved",
                                                    "closed"};
constexpr std::array<std::string_view, 3> kVias{"backlog", "phone", "email"};

}  // namespace

std::string_view to_string(Plan p) { return kPlans[static_cast<std::size_t>(p)]; }
std::string_view to_string(Priority p) { return kPriorities[static_cast<std::size_t>(p)]; }
std::string_view to_string(Status s) { return kStatuses[static_cast<std::size_t>(s)]; }
std::string_view to_string(Via v) { return kVias[static_cast<std::size_t>(v)]; }
std::optional<Plan> plan_from(std::string_view s) { return enum_from<Plan>(kPlans, s); }
std::optional<Priority> priority_from(std::string_view s) {
  return enum_from<Priority>(kPriorities, s);
}
std::optional<Status> status_from(std::string_view s) { return enum_from<Status>(kStatuses, s); }
std::optional<Via> via_from(std::string_view s) { return enum_from<Via>(kVias, s); }

}  // namespace sd
