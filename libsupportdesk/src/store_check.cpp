// The store check's rules that do not depend on the backend.
#include "supportdesk/store.hpp"

#include <algorithm>

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

}  // namespace sd
