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
///
/// Shaped by the command's ListShape (sd(1), OUTPUT, Lists): `--fields` keeps only
/// the named keys of each object, or the named columns of the table (by
/// heading, in any case, a blank written _); `--sort` holds every item and
/// prints them ordered by the named JSON keys, nulls last. A name that the
/// table has no column for, or that the first item has no key for, is a
/// usage error (exit 64) before anything is printed.
class ListPrinter {
 public:
  ListPrinter(Context& ctx, std::vector<std::string> headers, std::vector<std::size_t> right = {});
  /// Whether items are wanted as JSON (add(Json)) or as table rows.
  bool json() const { return json_; }
  /// Whether a table row needs its item's JSON beside it (add(row, item)),
  /// for --sort.
  bool sorting() const { return !sort_.empty(); }
  void add(const Json& item);
  /// An item written by `write` straight into the list's text (json_out.hpp):
  /// the same bytes as add() of the value it writes, without building it.
  template <class W>
  void add_written(W&& write) {
    text_.clear();
    JsonOut out(text_, lines_ || shaped() ? -1 : 2, lines_ || shaped() ? 0 : 1);
    write(out);
    if (shaped()) add(Json::parse(text_));
    else put_written();
  }
  void add(Row row);
  void add(std::vector<std::string> cells) { add(Row(std::move(cells))); }
  /// A table row with its item's JSON, which --sort orders it by.
  void add(Row row, const Json& item);
  /// Ends the list (the array's `]`, the table's held rows) and writes it out.
  void finish();

 private:
  /// A --sort key: a path of JSON keys, and the direction.
  struct SortKey {
    std::string name;
    std::vector<std::string> path;
    bool descending = false;
  };
  /// An item held for --sort: its keys' values, and its row or its text
  /// in the list (element()).
  struct Held {
    std::vector<Json> keys;
    std::optional<Row> row;
    std::string text;
  };
  bool shaped() const { return !fields_.empty() || !sort_.empty(); }
  /// An item's text in the list, with only the --fields keys.
  std::string element(const Json& item) const;
  /// Writes an element(), after the separator before it.
  void put_text(std::string_view text);
  void put_written();
  /// The names of the first item checked against it (fields, sort keys).
  void check_names(const Json& item);
  std::vector<Json> sort_values(const Json& item) const;
  Row pick(Row row) const;
  bool json_, lines_;
  std::size_t count_ = 0;
  StdoutStream out_;
  std::optional<StreamTable> table_;
  std::string text_;
  std::vector<std::string> fields_;  ///< JSON keys to keep (JSON output)
  std::vector<std::size_t> columns_;  ///< columns to keep (a table); empty: all
  std::vector<SortKey> sort_;
  std::size_t limit_;  ///< with sort_: at most this many (0: all)
  bool checked_ = false;
  std::vector<Held> held_;
};

}  // namespace sd::cli
