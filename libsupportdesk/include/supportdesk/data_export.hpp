#pragma once
/// Data that can leave and come back (sd-export(1), sd-import(1), sd-db(1)):
/// the whole store as JSON Lines, loaded again into an empty store, and a
/// copy of the store file taken while others write.
///
/// Export speaks in the store's tables and rows, not in records: every
/// column of every table comes out as stored, so that export, import and
/// export again give the same bytes, and a column added by a migration is
/// carried without a change here.
#include "supportdesk/error.hpp"
#include "supportdesk/service.hpp"
#include "supportdesk/time.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sd {

/// One stored value, typed as the store types it.
struct DumpValue {
  enum class Kind { null, integer, text, blob };
  Kind kind = Kind::null;
  std::int64_t integer = 0;
  std::string bytes;  ///< text (valid UTF-8) or a blob's bytes
};

struct DumpColumn {
  std::string name;
  DumpValue::Kind type = DumpValue::Kind::text;  ///< integer, text or blob
  bool operator==(const DumpColumn&) const = default;
};

/// A table export writes, with its columns in the store's order.
struct DumpTable {
  std::string name;
  std::vector<DumpColumn> columns;
  bool operator==(const DumpTable&) const = default;
};

/// A row insert_dump_row() or end_dump_import() could not insert: the
/// `held`-th (from 0) of the rows of `table` held when it was thrown.
class DumpRowError : public Error {
 public:
  DumpRowError(std::string table_name, std::size_t held_index, const std::string& message)
      : Error(Exit::data, message), table(std::move(table_name)), held(held_index) {}
  std::string table;
  std::size_t held;
};

/// The store as tables: what export reads and import writes. A backend
/// implements it beside Store (SQLite does); it is not one of Store's roles,
/// since it speaks in the backend's tables rather than in records.
class DumpStore {
 public:
  virtual ~DumpStore() = default;
  /// The schema version of the store's tables.
  virtual int dump_schema_version() = 0;
  /// Every table, in the order export writes them: a row's parents come
  /// before it, so import can load them in the same order.
  virtual std::vector<DumpTable> dump_tables() = 0;
  /// The store's tables that dump_tables() leaves out (none, unless a
  /// table was added to the schema and not to the list).
  virtual std::vector<std::string> undumped_tables() = 0;
  /// Visits the rows of `table` in primary key order, inside the caller's
  /// read transaction; with `since`, only those changed at or after it (as
  /// sd-export(1) says, table by table).
  virtual void each_dump_row(const DumpTable& table, std::optional<Instant> since,
                             const std::function<void(const std::vector<DumpValue>&)>& visit) = 0;
  /// The first table that holds a row, or nothing when the store is empty.
  virtual std::optional<std::string> first_nonempty_table() = 0;
  /// Inserts one row as it is (ids included), inside the caller's write
  /// transaction. A backend may hold rows back to insert them together
  /// (PostgreSQL does, a table at a time): it returns how many rows it
  /// holds now, this one included (0: every row is in). A constraint a row
  /// breaks is a DumpRowError saying which of the rows held broke it.
  virtual std::size_t insert_dump_row(const DumpTable& table, const std::vector<DumpValue>& row) = 0;
  /// Inserts the rows still held, and readies the store for new records
  /// after rows were loaded with their ids (PostgreSQL sets each identity
  /// past the highest id). Called once at the end of an import, inside its
  /// transaction; a broken constraint is a DumpRowError as above.
  virtual void end_dump_import() = 0;
  /// Copies the whole store to a new file at `path` with SQLite's online
  /// backup, a step at a time, so that writers are not kept waiting; the
  /// copy is one consistent state. The file is created 0600; an existing
  /// `path` is replaced only with `replace`, else a cant_create Error.
  /// Returns the pages copied. A store that is not a file refuses (config).
  virtual std::int64_t backup_to(const std::string& path, bool replace) = 0;
};

/// What sd export writes first.
inline constexpr std::string_view kExportFormat = "sd-export";
inline constexpr int kExportFormatVersion = 1;

struct ExportCounts {
  std::int64_t tables = 0;
  std::int64_t rows = 0;
};

struct ImportResult {
  std::int64_t lines = 0;  ///< the header included
  std::int64_t rows = 0;
  int schema_version = 0;
};

/// Export, import and backup over the desk's store.
class DataTransfer {
 public:
  explicit DataTransfer(DeskContext& ctx);
  /// Writes the store as JSON Lines, a line at a time to `write` (each
  /// piece ends with a newline): the header, then each table's rows, in one
  /// read transaction.
  ExportCounts export_lines(std::optional<Instant> since, const std::function<void(std::string_view)>& write);
  /// Loads JSON Lines written by export into the store, which must be
  /// empty: all of it in one write transaction, or nothing. `source` names
  /// the input in errors ("FILE: line N: TABLE.COLUMN: …").
  ImportResult import_lines(std::istream& in, const std::string& source);
  /// The store's tables that export does not cover.
  std::vector<std::string> uncovered_tables();
  /// sd db backup.
  std::int64_t backup(const std::string& path, bool replace);

 private:
  DumpStore& dump_;
  DeskContext& ctx_;
};

/// What sd db copy copied.
struct CopyResult {
  std::string from, to;  ///< the addresses, passwords hidden
  std::int64_t tables = 0;
  std::int64_t rows = 0;
  int schema_version = 0;
};

/// sd db copy: every row of every table of the store at `from` into the
/// store at `to`, which must be new (it is set up as 'sd init' would) or
/// empty; streamed, row by row, in one read transaction on `from` and one
/// write transaction on `to`, so that `to` gets all of it or nothing. Both
/// stores are brought to this sd's schema first (as every command does),
/// so they agree on every table. Errors name the field `from` or `to`.
CopyResult copy_store(const std::string& from, const std::string& to);

/// Base64 (RFC 4648, with padding), for blobs in JSON.
std::string base64_encode(std::string_view bytes);
/// Decodes base64; nothing when `text` is not base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace sd
