#pragma once
/// A thin RAII layer over libpq with the interface of the SQLite one
/// (db/sqlite/connection.hpp), so that the store's role files read alike:
/// statements are written with SQLite's `?N` parameters and translated to
/// PostgreSQL's `$N` once, bound by index, and read row by row.
/// Errors become sd::Error: a lock not granted in time, a deadlock or a
/// serialization failure map to Exit::busy, the rest to Exit::io, with the
/// SQLSTATE in the message. No message ever shows a password.
#include "db/postgres/libpq.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd::db::pg {

/// `sql` with `?N` (and bare `?`) parameters rewritten as `$N`, outside
/// quoted strings; `used` receives, for each parameter up to the highest
/// number, whether the statement names it.
std::string translate_params(std::string_view sql, std::vector<bool>& used);
/// A conninfo string or URI with any password replaced by `***`, for
/// messages.
std::string redact(std::string_view conninfo);

[[noreturn]] void throw_pg(PGconn* conn, const PGresult* res, std::string_view what);

class Connection;

class Statement {
 public:
  Statement(Connection& conn, std::string sql, std::vector<bool> used);
  ~Statement();
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
  /// Binds bytes as bytea (kept exactly, whatever the encoding).
  Statement& bind_blob(int i, std::string_view bytes);
  /// Runs the statement on the first call; true when a row is ready to read.
  bool step();
  /// Runs to completion (for writes).
  void run();
  /// Rows a write changed.
  std::int64_t changes() const;
  std::int64_t int64(int col) const;
  int int32(int col) const { return static_cast<int>(int64(col)); }
  bool is_null(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::int64_t>(int64(col));
  }
  /// Text (PostgreSQL keeps only valid UTF-8 in a UTF-8 database).
  std::string text(int col) const;
  std::string raw_text(int col) const { return text(col); }
  std::string column_name(int col) const;
  std::string blob(int col) const;
  /// Drops the result and the bindings so the cached statement can be reused.
  void reset();

 private:
  struct Param {
    std::optional<std::string> value;
    Oid type = 0;
    int format = 0;
  };
  Param& param(int i);
  /// The next batch of a cursor's rows into res_.
  void fetch();
  Connection& conn_;
  std::string sql_;
  int nparams_;
  std::vector<bool> used_;
  bool returns_id_ = false;
  std::vector<Param> params_;
  PGresult* res_ = nullptr;
  int row_ = -1;
  /// A query inside a transaction is read through a cursor, a batch at a
  /// time, so that a list of a million rows is never held whole (libpq
  /// would hold every row of a plain result): its name, and whether a
  /// batch came back full (more may follow).
  std::string cursor_;
  bool more_ = false;
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
  /// Connects to `conninfo` (a URI or key=value string; libpq reads the
  /// password from ~/.pgpass, PGPASSWORD or a service file).
  explicit Connection(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs SQL with no results and no parameters (one or more statements).
  void exec(const std::string& sql);
  /// A statement for `sql` (SQLite's parameter style), translated once.
  Borrowed prepare(const std::string& sql);
  PGconn* raw() const { return conn_; }
  /// The id of the row the last INSERT into a table with an `id` column
  /// made (each such INSERT returns it: see Statement).
  std::int64_t last_insert_id() const { return last_id_; }
  void set_last_insert_id(std::int64_t id) { last_id_ = id; }
  /// The address as given, its password hidden.
  const std::string& address() const { return shown_; }
  bool in_transaction() const;
  /// A cursor name not yet used on this connection.
  std::string next_cursor() { return "sd_rows_" + std::to_string(++cursors_); }

 private:
  PGconn* conn_ = nullptr;
  std::string shown_;
  std::int64_t last_id_ = 0;
  std::uint64_t cursors_ = 0;
  std::map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace sd::db::pg
