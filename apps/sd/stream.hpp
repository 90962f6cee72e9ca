#pragma once
/// Output written as the rows are read, so that memory stays flat whatever
/// the size of a list: a JSON array (byte for byte what print_json prints
/// for the whole array), JSON lines, and an aligned table whose widths were
/// measured in a first pass over the same rows.
#include "context.hpp"

#include <string>
#include <vector>

namespace sd::cli {

/// `[`, the items, `]`: print_json's layout (two-space indent), item by item.
class JsonArrayStream {
 public:
  explicit JsonArrayStream(Context& ctx) : ctx_(ctx) {}
  void add(const Json& item);
  /// Closes the array (`[]` when there was no item) and flushes.
  void finish();

 private:
  Context& ctx_;
  bool any_ = false;
};

/// One compact JSON object per line (--jsonl), for pipelines.
void print_json_line(Context& ctx, const Json& item);

/// A table printed row by row: measure() every row first, then header()
/// and row() each again. The same layout as Table.
class StreamTable {
 public:
  StreamTable(std::vector<std::string> headers, std::vector<std::size_t> right);
  void measure(const std::vector<std::string>& row);
  void header(Context& ctx) const;
  void row(Context& ctx, const std::vector<std::string>& row) const;

 private:
  void emit(Context& ctx, const std::vector<std::string>& cells) const;
  std::vector<std::string> headers_;
  std::vector<bool> right_;
  std::vector<std::size_t> widths_;
};

}  // namespace sd::cli
