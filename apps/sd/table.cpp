#include "table.hpp"

#include "supportdesk/text.hpp"

#include <algorithm>

namespace sd::cli {
namespace {

/// A cell may hold text from an alert payload: no control reaches the
/// terminal, and the widths stay true.
std::vector<std::string> printable_row(std::vector<std::string> row, std::size_t columns) {
  row.resize(columns);
  for (auto& cell : row) cell = printable(cell);
  return row;
}

void measure(std::vector<std::size_t>& widths, const std::vector<std::string>& row) {
  for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
}

/// One line: each cell padded to its column's width (a wider cell whole),
/// two blanks between columns, no trailing blanks.
std::string line_of(const std::vector<std::string>& row, const std::vector<std::size_t>& widths,
                    const std::vector<bool>& right) {
  std::string line;
  for (std::size_t i = 0; i < row.size(); ++i) {
    auto w = display_width(row[i]);
    std::string pad(widths[i] > w ? widths[i] - w : 0, ' ');
    if (i) line += "  ";
    line += right[i] ? pad + row[i] : row[i] + (i + 1 < row.size() ? pad : "");
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  line += '\n';
  return line;
}

}  // namespace

Table::Table(std::vector<std::string> headers)
    : headers_(std::move(headers)), right_(headers_.size(), false) {}

Table& Table::right(std::size_t i) {
  right_.at(i) = true;
  return *this;
}

void Table::add(std::vector<std::string> row) { rows_.push_back(printable_row(std::move(row), headers_.size())); }

void Table::render(std::ostream& os) const {
  std::vector<std::size_t> widths(headers_.size());
  measure(widths, headers_);
  for (const auto& r : rows_) measure(widths, r);
  os << line_of(headers_, widths, right_);
  for (const auto& r : rows_) os << line_of(r, widths, right_);
}

StreamTable::StreamTable(std::vector<std::string> headers, std::vector<std::size_t> right,
                         std::function<void(std::string_view)> emit, std::size_t lookahead)
    : headers_(std::move(headers)),
      right_(headers_.size(), false),
      emit_(std::move(emit)),
      lookahead_(lookahead),
      widths_(headers_.size()) {
  for (auto i : right) right_.at(i) = true;
}

void StreamTable::add(std::vector<std::string> row) {
  auto cells = printable_row(std::move(row), headers_.size());
  if (sized_) {
    emit_(line_of(cells, widths_, right_));
    return;
  }
  held_.push_back(std::move(cells));
  if (held_.size() >= lookahead_) flush_held();
}

void StreamTable::finish() {
  if (!sized_) flush_held();
}

void StreamTable::flush_held() {
  measure(widths_, headers_);
  for (const auto& r : held_) measure(widths_, r);
  emit_(line_of(headers_, widths_, right_));
  for (const auto& r : held_) emit_(line_of(r, widths_, right_));
  held_.clear();
  held_.shrink_to_fit();
  sized_ = true;
}

}  // namespace sd::cli
