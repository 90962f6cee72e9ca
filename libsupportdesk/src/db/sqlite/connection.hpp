#pragma once
/// A thin RAII layer over the SQLite C API: a connection with a cache of
/// prepared statements, and statements with typed binding and reading.
/// Errors become sd::Error: SQLITE_BUSY maps to Exit::busy, the rest to
/// Exit::io, with SQLite's extended error code in the message.
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sd::db {

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view what);

/// Statements run so far by every connection of the process (each first
/// step after a prepare or a reset counts once): lets a test see that a
/// read is set-based, a bounded number of statements whatever the rows.
std::uint64_t statements_run();

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  /// Binds by 1-based index.
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, std::optional<std::int64_t> v);
  Statement& bind_null(int i);
  /// Binds bytes as a BLOB (kept exactly, whatever the encoding).
  Statement& bind_blob(int i, std::string_view bytes);
  /// Steps once: true when a row is ready to read.
  bool step();
  /// Steps to completion (for writes).
  void run();
  /// Rows the last INSERT, UPDATE or DELETE run on the connection changed.
  std::int64_t changes() const { return sqlite3_changes(db_); }
  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  int int32(int col) const { return sqlite3_column_int(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> opt_int64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::int64_t>(int64(col));
  }
  /// Text; text that is not valid UTF-8 means the store is damaged (a
  /// config Error naming the column).
  std::string text(int col) const;
  /// Text as stored, whatever its bytes (for checking the store).
  std::string raw_text(int col) const;
  /// `table.column` the result column comes from, else its name.
  std::string column_name(int col) const;
  std::string blob(int col) const;
  /// Resets bindings and state so the cached statement can be reused.
  void reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

/// A statement borrowed from the connection's cache; reset when released.
class Borrowed {
 public:
  explicit Borrowed(Statement& s) : s_(&s) {}
  ~Borrowed() {
    if (s_) s_->reset();
  }
  Borrowed(Borrowed&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  Borrowed(const Borrowed&) = delete;
  Borrowed& operator=(const Borrowed&) = delete;
  Statement* operator->() { return s_; }
  Statement& operator*() { return *s_; }

 private:
  Statement* s_;
};

class Connection {
 public:
  /// Opens an existing file (create=false) or creates it.
  Connection(const std::string& path, bool create);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs SQL with no results (one or more statements).
  void exec(const std::string& sql);
  /// A prepared statement for `sql`, prepared once per connection.
  Borrowed prepare(const std::string& sql);
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* raw() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace sd::db
