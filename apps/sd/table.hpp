#pragma once
/// Aligned text tables that stay aligned with Japanese text.
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
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

/// A table printed while its rows still come, for lists of any length. A
/// table cannot know its column widths before its last row, so it holds its
/// first `lookahead` rows (only the cells it prints), sizes the columns to
/// them, prints them, and prints every later row at those widths as it
/// comes: a table of up to `lookahead` rows is exactly Table's, and memory
/// stays flat beyond. A later cell wider than its column is printed whole,
/// pushing the rest of its line right (nothing is cut or lost).
class StreamTable {
 public:
  /// `emit` receives each finished line, newline included.
  StreamTable(std::vector<std::string> headers, std::vector<std::size_t> right,
              std::function<void(std::string_view)> emit, std::size_t lookahead = 1000);
  void add(std::vector<std::string> row);
  /// Prints what is held; call once, after the last row.
  void finish();

 private:
  void flush_held();
  std::vector<std::string> headers_;
  std::vector<bool> right_;
  std::function<void(std::string_view)> emit_;
  std::size_t lookahead_;
  std::vector<std::vector<std::string>> held_;
  std::vector<std::size_t> widths_;
  bool sized_ = false;
};

}  // namespace sd::cli
