#include "stream.hpp"

#include "supportdesk/text.hpp"

#include <algorithm>

namespace sd::cli {

void JsonArrayStream::add(const Json& item) {
  // Inside the array every line of the item is indented by two more spaces;
  // a newline occurs in a dump only between its lines (strings escape theirs).
  std::string text = ctx_.json_text(item);
  std::string out = any_ ? ",\n  " : "[\n  ";
  out.reserve(out.size() + text.size() + text.size() / 16);
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  ctx_.out << out;
  any_ = true;
  ctx_.flush_out(false);
}

void JsonArrayStream::finish() {
  ctx_.out << (any_ ? "\n]\n" : "[]\n");
  ctx_.flush_out(true);
}

void print_json_line(Context& ctx, const Json& item) {
  ctx.out << ctx.json_text(item, -1) << '\n';
  ctx.flush_out(false);
}

StreamTable::StreamTable(std::vector<std::string> headers, std::vector<std::size_t> right)
    : headers_(std::move(headers)), right_(headers_.size(), false), widths_(headers_.size(), 0) {
  for (auto i : right) right_.at(i) = true;
  measure(headers_);
}

void StreamTable::measure(const std::vector<std::string>& row) {
  for (std::size_t i = 0; i < row.size() && i < widths_.size(); ++i)
    widths_[i] = std::max(widths_[i], display_width(printable(row[i])));
}

void StreamTable::header(Context& ctx) const { emit(ctx, headers_); }

void StreamTable::row(Context& ctx, const std::vector<std::string>& row) const {
  std::vector<std::string> cells(headers_.size());
  for (std::size_t i = 0; i < row.size() && i < cells.size(); ++i) cells[i] = printable(row[i]);
  emit(ctx, cells);
  ctx.flush_out(false);
}

void StreamTable::emit(Context& ctx, const std::vector<std::string>& cells) const {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string pad(widths_[i] - std::min(widths_[i], display_width(cells[i])), ' ');
    if (i) line += "  ";
    line += right_[i] ? pad + cells[i] : cells[i] + (i + 1 < cells.size() ? pad : "");
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  ctx.out << line << '\n';
}

}  // namespace sd::cli
