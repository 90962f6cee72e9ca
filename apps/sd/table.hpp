#pragma once
/// Tables as standard output wants them: on a terminal, aligned columns
/// that stay aligned with Japanese text and fit the terminal's width; else
/// tab-separated lines, whole, for cut(1), awk and sort.
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sd::cli {

/// How a table is written (output.hpp decides it once for the command).
struct TableLayout {
  /// Tab-separated: one header line, then one line a row, cells whole and
  /// unpadded, a cell's tab and newline written `\t` and `\n`.
  bool tsv = false;
  /// Aligned: the columns a line may take (the terminal's); 0 for no limit.
  /// A wider table has its widest free-text column (TITLE, NOTE, REASON,
  /// DESCRIPTION, ENGLISH) cut with "…"; keys, times and statuses never are.
  std::size_t width = 0;
  /// Rows may be coloured (ANSI SGR); colour never changes a column's width.
  bool colour = false;
};

/// What a row's colour says: red for overdue, missed or CRITICAL, yellow
/// for due soon.
enum class Tone { plain, warn, alarm };

/// `text` between the ANSI escapes of `tone` (red, yellow); plain or empty
/// text as it is.
std::string in_tone(Tone tone, const std::string& text);

/// A row of cells and its tone.
struct Row {
  Row(std::vector<std::string> c, Tone t = Tone::plain) : cells(std::move(c)), tone(t) {}  // NOLINT: implicit on purpose
  std::vector<std::string> cells;
  Tone tone = Tone::plain;
};

class Table {
 public:
  explicit Table(std::vector<std::string> headers);
  /// Right-align column `i` (numbers, durations).
  Table& right(std::size_t i);
  void add(std::vector<std::string> cells, Tone tone = Tone::plain);
  bool empty() const { return rows_.empty(); }
  void render(std::ostream& os, const TableLayout& layout) const;

 private:
  std::vector<std::string> headers_;
  std::vector<bool> right_;
  std::vector<Row> rows_;
};

/// A table printed while its rows still come, for lists of any length. A
/// table cannot know its column widths before its last row, so it holds its
/// first `lookahead` rows (only the cells it prints), sizes the columns to
/// them, prints them, and prints every later row at those widths as it
/// comes: a table of up to `lookahead` rows is exactly Table's, and memory
/// stays flat beyond. A later cell wider than its column is printed whole,
/// pushing the rest of its line right, except in the column cut to fit the
/// terminal, where it is cut as the held ones were. Tab-separated, each row
/// is written as it comes.
class StreamTable {
 public:
  /// `emit` receives each finished line, newline included.
  StreamTable(std::vector<std::string> headers, std::vector<std::size_t> right,
              std::function<void(std::string_view)> emit, TableLayout layout = {}, std::size_t lookahead = 1000);
  void add(Row row);
  /// Prints what is held; call once, after the last row.
  void finish();

 private:
  void flush_held();
  std::vector<std::string> headers_;
  std::vector<bool> right_;
  std::function<void(std::string_view)> emit_;
  TableLayout layout_;
  std::size_t lookahead_;
  std::vector<Row> held_;
  std::vector<std::size_t> widths_;
  std::size_t cut_column_ = 0;  ///< the column cut to fit; headers_.size() for none
  bool sized_ = false;
};

}  // namespace sd::cli
