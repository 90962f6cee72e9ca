// The store check's rules that do not depend on the backend.
#include "supportdesk/store.hpp"

#include <algorithm>
#include <map>

namespace sd {

std::vector<StoreProblem> ticket_number_problems(const std::string& customer_key,
                                                 std::vector<std::int64_t> numbers,
                                                 std::int64_t next_number) {
  std::vector<StoreProblem> out;
  auto key = [&](std::int64_t n) { return customer_key + "-" + std::to_string(n); };
  std::sort(numbers.begin(), numbers.end());
  std::int64_t expected = 1;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    auto n = numbers[i];
    if (i > 0 && n == numbers[i - 1]) {
      // Report each repeated number once.
      if (i == 1 || numbers[i - 2] != n)
        out.push_back({"ticket_number", customer_key, key(n) + " is used by more than one ticket"});
      continue;
    }
    if (n < 1) {
      out.push_back({"ticket_number", customer_key, "ticket number " + std::to_string(n) + " is below 1"});
      continue;
    }
    if (n > expected) {
      out.push_back({"ticket_number", customer_key,
                     n == expected + 1 ? key(expected) + " is missing"
                                       : key(expected) + " to " + key(n - 1) + " are missing"});
    }
    expected = n + 1;
  }
  if (next_number != expected)
    out.push_back({"ticket_number", customer_key,
                   "next ticket number is " + std::to_string(next_number) + ", expected " +
                       std::to_string(expected)});
  return out;
}

std::vector<StoreProblem> config_item_problems(const std::vector<ConfigItem>& items,
                                               const std::vector<CiLink>& links) {
  std::vector<StoreProblem> out;
  const auto& types = ci_types();
  for (const auto& ci : items)
    if (std::find(types.begin(), types.end(), ci.type) == types.end())
      out.push_back({"config_item", "config_items row " + std::to_string(ci.id),
                     ci.name + " has type '" + ci.type + "', which is not a CI type"});
  std::vector<CiLink> before;
  for (const auto& l : links) {
    auto where = "ci_links row " + std::to_string(l.id);
    auto text = l.from + " " + std::string(to_string(l.relation)) + " " + l.to;
    std::vector<std::string> cycle;
    if (l.from_id == l.to_id) {
      out.push_back({"config_item", where, text + " links a CI to itself"});
      continue;
    }
    if (l.from_customer != l.to_customer)
      out.push_back({"config_item", where,
                     text + " joins CIs of two customers (" + l.from_customer + " and " + l.to_customer + ")"});
    if (closes_cycle(l.from, l.to, before, &cycle)) {
      std::string path;
      for (const auto& n : cycle) path += (path.empty() ? "" : " → ") + n;
      out.push_back({"config_item", where, text + " closes a cycle (" + path + ")"});
      continue;
    }
    before.push_back(l);
  }
  return out;
}

}  // namespace sd
