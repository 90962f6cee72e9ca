#pragma once
/// Aligned text tables that stay aligned with Japanese text.
#include <ostream>
#include <string>
#include <vector>

namespace sd::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> headers);
  /// Right-align column `i` (numbers, durations).
  Table& right(std::size_t i);
  void add(std::vector<std::string> row);
  bool empty() const { return rows_.empty(); }
  void render(std::ostream& os) const;

 private:
  std::vector<std::string> headers_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace sd::cli
