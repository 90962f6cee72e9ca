#pragma once
/// Lists written as they are read: standard output written in blocks while
/// the rows come, and one printer for the three shapes of a list (a JSON
/// array, JSON lines, a table).
#include "context.hpp"
#include "table.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd::cli {

/// Standard output, written in blocks of 64 KiB with write(2) as text comes
/// instead of once the command is done; what the command had put in
/// ctx.out goes first. A failed write is an io Error (`stdout: …`).
class StdoutStream {
 public:
  explicit StdoutStream(Context& ctx);
  /// Writes what is still held, ignoring a failure (an Error is already on
  /// its way, or finish() was called).
  ~StdoutStream();
  StdoutStream(const StdoutStream&) = delete;
  StdoutStream& operator=(const StdoutStream&) = delete;
  void write(std::string_view text);
  /// Writes what is held now.
  void flush();

 private:
  std::string buf_;
};

/// Prints one list as its items come: with --json one JSON array (the bytes
/// Context::print_json() would print for the whole array), with --jsonl one
/// compact object a line, else a StreamTable of `headers`.
class ListPrinter {
 public:
  ListPrinter(Context& ctx, std::vector<std::string> headers, std::vector<std::size_t> right = {});
  /// Whether items are wanted as JSON (add(Json)) or as table rows.
  bool json() const { return json_; }
  void add(const Json& item);
  /// An item written by `write` straight into the list's text (json_out.hpp):
  /// the same bytes as add() of the value it writes, without building it.
  template <class W>
  void add_written(W&& write) {
    text_.clear();
    JsonOut out(text_, lines_ ? -1 : 2, lines_ ? 0 : 1);
    write(out);
    put_written();
  }
  void add(Row row);
  void add(std::vector<std::string> cells) { add(Row(std::move(cells))); }
  /// Ends the list (the array's `]`, the table's held rows) and writes it out.
  void finish();

 private:
  void put_written();
  bool json_, lines_;
  std::size_t count_ = 0;
  StdoutStream out_;
  std::optional<StreamTable> table_;
  std::string text_;
};

}  // namespace sd::cli
