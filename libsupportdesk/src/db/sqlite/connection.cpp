#include "db/sqlite/connection.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <atomic>
#include <charconv>
#include <cstdlib>

namespace sd::db {
namespace {

/// How long a writer waits for another's lock before Exit::busy:
/// $SD_BUSY_TIMEOUT milliseconds (sd(1), ENVIRONMENT), else 30 s.
int busy_timeout_ms() {
  const char* v = std::getenv("SD_BUSY_TIMEOUT");
  if (!v || !*v) return 30000;
  std::string_view text(v);
  int ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec != std::errc() || end != text.data() + text.size() || ms < 0)
    throw config_error("SD_BUSY_TIMEOUT: '" + std::string(text) +
                       "' is not a number of milliseconds");
  return ms;
}

}  // namespace

void throw_sqlite(sqlite3* db, int rc, std::string_view what) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string("store: ") + std::string(what) + ": " +
                    (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + " (SQLite code " +
                    std::to_string(ext) + ")";
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    throw Error(Exit::busy, "store is busy: another sd holds the lock; try again (" + msg + ")");
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    throw Error(Exit::config, msg);
  throw Error(Exit::io, msg);
}

Statement& Statement::bind(int i, std::int64_t v) {
  if (int rc = sqlite3_bind_int64(stmt_, i, v); rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
  if (int rc = sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      rc != SQLITE_OK)
    throw_sqlite(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int i, std::optional<std::int64_t> v) {
  return v ? bind(i, *v) : bind_null(i);
}

Statement& Statement::bind_blob(int i, std::string_view bytes) {
  if (int rc = sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
      rc != SQLITE_OK)
    throw_sqlite(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int i) {
  if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  return *this;
}

namespace {
std::atomic<std::uint64_t> g_statements_run{0};
}

std::uint64_t statements_run() { return g_statements_run.load(); }

bool Statement::step() {
  if (!sqlite3_stmt_busy(stmt_)) g_statements_run.fetch_add(1, std::memory_order_relaxed);
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite(db_, rc, sqlite3_sql(stmt_));
}

void Statement::run() {
  while (step()) {
  }
}

std::string Statement::raw_text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string Statement::text(int col) const {
  auto t = raw_text(col);
  if (!is_valid_utf8(t))
    throw Error(Exit::config, "store: " + column_name(col) +
                                  " holds text that is not valid UTF-8; the store is damaged (see 'sd db check')");
  return t;
}

std::string Statement::column_name(int col) const {
  const char* table = sqlite3_column_table_name(stmt_, col);
  const char* origin = sqlite3_column_origin_name(stmt_, col);
  if (table && origin) return std::string(table) + "." + origin;
  const char* name = sqlite3_column_name(stmt_, col);
  return name ? name : "column " + std::to_string(col);
}

std::string Statement::blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  if (!p) return {};
  return std::string(static_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Connection::Connection(const std::string& path, bool create) {
  const int busy_ms = busy_timeout_ms();
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(Exit::io, "store: cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Writers wait for each other instead of failing: twenty concurrent
  // commands all get their turn.
  sqlite3_busy_timeout(db_, busy_ms);
}

Connection::~Connection() {
  cache_.clear();
  sqlite3_close(db_);
}

void Connection::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    throw_sqlite(db_, rc, sql.substr(0, 60));
  }
}

Borrowed Connection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "prepare");
    it = cache_.emplace(sql, std::make_unique<Statement>(db_, stmt)).first;
  }
  return Borrowed(*it->second);
}

}  // namespace sd::db
