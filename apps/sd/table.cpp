#include "table.hpp"

#include "supportdesk/text.hpp"

#include <algorithm>
#include <array>

namespace sd::cli {
namespace {

/// A cell may hold text from an alert payload: no control reaches the
/// terminal, and the widths stay true. Tab-separated, a tab or a newline
/// is written as `\t` or `\n`, so that a row stays one line of its cells.
std::vector<std::string> printable_row(std::vector<std::string> row, std::size_t columns, bool tsv) {
  row.resize(columns);
  for (auto& cell : row) {
    if (!tsv) {
      cell = printable(cell);
      continue;
    }
    std::string out;
    for (char ch : printable(cell, true)) {
      if (ch == '\t') out += "\\t";
      else if (ch == '\n') out += "\\n";
      else out += ch;
    }
    cell = std::move(out);
  }
  return row;
}

Row printable_row(Row row, std::size_t columns, bool tsv) {
  row.cells = printable_row(std::move(row.cells), columns, tsv);
  return row;
}

void measure(std::vector<std::size_t>& widths, const std::vector<std::string>& row) {
  for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
}

/// Columns of free text, which may be cut to fit a terminal: nothing a
/// reader matches on (a key, a time, a status) is ever cut.
bool free_text(std::string_view header) {
  static constexpr std::array<std::string_view, 5> kFree{"TITLE", "NOTE", "REASON", "DESCRIPTION", "ENGLISH"};
  return std::find(kFree.begin(), kFree.end(), header) != kFree.end();
}

/// Narrows the widest free-text column so that a line fits `limit`
/// columns (not below its header, nor below four columns); the column
/// narrowed, or headers.size() when none was (it fits, there is no limit,
/// or no free-text column).
std::size_t fit(std::vector<std::size_t>& widths, const std::vector<std::string>& headers, std::size_t limit) {
  std::size_t none = headers.size();
  if (limit == 0 || widths.empty()) return none;
  std::size_t total = 2 * (widths.size() - 1);
  for (auto w : widths) total += w;
  if (total <= limit) return none;
  std::size_t cut = none;
  for (std::size_t i = 0; i < headers.size(); ++i)
    if (free_text(headers[i]) && (cut == none || widths[i] > widths[cut])) cut = i;
  if (cut == none) return none;
  std::size_t floor = std::max<std::size_t>(display_width(headers[cut]), 4);
  if (widths[cut] <= floor) return none;
  std::size_t excess = total - limit;
  widths[cut] = widths[cut] > floor + excess ? widths[cut] - excess : floor;
  return cut;
}

/// The line's text in its tone's colour: the escapes go round the text,
/// after the columns were measured and padded.
std::string coloured(const std::string& line, Tone tone, bool colour) {
  return (colour ? in_tone(tone, line) : line) + '\n';
}

/// One line: each cell padded to its column's width (a wider cell whole,
/// except in column `cut`, where it is cut to the width with "…"), two
/// blanks between columns, no trailing blanks.
std::string line_of(const Row& row, const std::vector<std::size_t>& widths, const std::vector<bool>& right,
                    std::size_t cut, bool colour) {
  std::string line;
  const auto& cells = row.cells;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string cell = i == cut ? truncate_to_width(cells[i], widths[i]) : cells[i];
    auto w = display_width(cell);
    std::string pad(widths[i] > w ? widths[i] - w : 0, ' ');
    if (i) line += "  ";
    line += right[i] ? pad + cell : cell + (i + 1 < cells.size() ? pad : "");
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return coloured(line, row.tone, colour);
}

/// One tab-separated line.
std::string tsv_line_of(const Row& row, bool colour) {
  std::string line;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    if (i) line += '\t';
    line += row.cells[i];
  }
  return coloured(line, row.tone, colour);
}

}  // namespace

std::string in_tone(Tone tone, const std::string& text) {
  if (tone == Tone::plain || text.empty()) return text;
  return (tone == Tone::alarm ? "\x1b[31m" : "\x1b[33m") + text + "\x1b[0m";
}

Table::Table(std::vector<std::string> headers)
    : headers_(std::move(headers)), right_(headers_.size(), false) {}

Table& Table::right(std::size_t i) {
  right_.at(i) = true;
  return *this;
}

void Table::add(std::vector<std::string> cells, Tone tone) { rows_.emplace_back(std::move(cells), tone); }

void Table::render(std::ostream& os, const TableLayout& layout) const {
  Row header(printable_row(headers_, headers_.size(), layout.tsv));
  std::vector<Row> rows;
  rows.reserve(rows_.size());
  for (const auto& r : rows_) rows.push_back(printable_row(r, headers_.size(), layout.tsv));
  if (layout.tsv) {
    os << tsv_line_of(header, false);
    for (const auto& r : rows) os << tsv_line_of(r, layout.colour);
    return;
  }
  std::vector<std::size_t> widths(headers_.size());
  measure(widths, header.cells);
  for (const auto& r : rows) measure(widths, r.cells);
  auto cut = fit(widths, headers_, layout.width);
  os << line_of(header, widths, right_, cut, false);
  for (const auto& r : rows) os << line_of(r, widths, right_, cut, layout.colour);
}

StreamTable::StreamTable(std::vector<std::string> headers, std::vector<std::size_t> right,
                         std::function<void(std::string_view)> emit, TableLayout layout, std::size_t lookahead)
    : headers_(std::move(headers)),
      right_(headers_.size(), false),
      emit_(std::move(emit)),
      layout_(layout),
      lookahead_(lookahead),
      widths_(headers_.size()),
      cut_column_(headers_.size()) {
  for (auto i : right) right_.at(i) = true;
}

void StreamTable::add(Row row) {
  auto cells = printable_row(std::move(row), headers_.size(), layout_.tsv);
  if (layout_.tsv) {
    if (!sized_) flush_held();
    emit_(tsv_line_of(cells, layout_.colour));
    return;
  }
  if (sized_) {
    emit_(line_of(cells, widths_, right_, cut_column_, layout_.colour));
    return;
  }
  held_.push_back(std::move(cells));
  if (held_.size() >= lookahead_) flush_held();
}

void StreamTable::finish() {
  if (!sized_) flush_held();
}

/// Nothing is written before the first row or finish(): a command that fails
/// before its list (an unknown customer) prints no header.
void StreamTable::flush_held() {
  sized_ = true;
  if (layout_.tsv) {
    emit_(tsv_line_of(printable_row(Row(headers_), headers_.size(), true), false));
    return;
  }
  Row header(printable_row(headers_, headers_.size(), false));
  measure(widths_, header.cells);
  for (const auto& r : held_) measure(widths_, r.cells);
  cut_column_ = fit(widths_, headers_, layout_.width);
  emit_(line_of(header, widths_, right_, cut_column_, false));
  for (const auto& r : held_) emit_(line_of(r, widths_, right_, cut_column_, layout_.colour));
  held_.clear();
  held_.shrink_to_fit();
}

}  // namespace sd::cli
