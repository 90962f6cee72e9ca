#include "table.hpp"

#include "supportdesk/text.hpp"

#include <algorithm>

namespace sd::cli {

Table::Table(std::vector<std::string> headers)
    : headers_(std::move(headers)), right_(headers_.size(), false) {}

Table& Table::right(std::size_t i) {
  right_.at(i) = true;
  return *this;
}

void Table::add(std::vector<std::string> row) {
  row.resize(headers_.size());
  // A cell may hold text from an alert payload: no control reaches the
  // terminal, and the widths stay true.
  for (auto& cell : row) cell = printable(cell);
  rows_.push_back(std::move(row));
}

void Table::render(std::ostream& os) const {
  std::vector<std::size_t> widths(headers_.size());
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  };
  measure(headers_);
  for (const auto& r : rows_) measure(r);
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string pad(widths[i] - display_width(row[i]), ' ');
      if (i) line += "  ";
      line += right_[i] ? pad + row[i] : row[i] + (i + 1 < row.size() ? pad : "");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    os << line << '\n';
  };
  emit(headers_);
  for (const auto& r : rows_) emit(r);
}

}  // namespace sd::cli
