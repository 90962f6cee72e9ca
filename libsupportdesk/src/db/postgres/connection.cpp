#include "db/postgres/connection.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/store.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace sd::db::pg {
namespace {

// Type OIDs of pg_type.h (stable across releases).
constexpr Oid kInt8 = 20;
constexpr Oid kText = 25;
constexpr Oid kBytea = 17;

/// How long a writer waits for another's row lock before Exit::busy:
/// $SD_BUSY_TIMEOUT milliseconds (sd(1), ENVIRONMENT), else 30 s.
int busy_timeout_ms() {
  const char* v = std::getenv("SD_BUSY_TIMEOUT");
  if (!v || !*v) return 30000;
  std::string_view text(v);
  int ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec != std::errc() || end != text.data() + text.size() || ms < 0)
    throw config_error("SD_BUSY_TIMEOUT: '" + std::string(text) + "' is not a number of milliseconds");
  return ms;
}

std::string one_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (auto& c : s)
    if (c == '\n') c = ' ';
  return s;
}

}  // namespace

std::string translate_params(std::string_view sql, std::vector<bool>& used) {
  std::string out;
  out.reserve(sql.size() + 8);
  used.clear();
  int params = 0;
  bool quoted = false;
  for (std::size_t k = 0; k < sql.size(); ++k) {
    char c = sql[k];
    if (c == '\'') quoted = !quoted;
    if (c != '?' || quoted) {
      out += c;
      continue;
    }
    std::size_t e = k + 1;
    while (e < sql.size() && sql[e] >= '0' && sql[e] <= '9') ++e;
    int n = 0;
    if (e > k + 1) std::from_chars(sql.data() + k + 1, sql.data() + e, n);
    else n = params + 1;
    params = std::max(params, n);
    if (used.size() < static_cast<std::size_t>(n)) used.resize(static_cast<std::size_t>(n));
    used[static_cast<std::size_t>(n - 1)] = true;
    out += '$' + std::to_string(n);
    k = e - 1;
  }
  return out;
}

std::string redact(std::string_view conninfo) {
  std::string s(conninfo);
  // URI: scheme://user:password@host...
  if (auto scheme = s.find("://"); scheme != std::string::npos) {
    auto at = s.find('@', scheme + 3);
    auto colon = s.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at)
      s.replace(colon + 1, at - colon - 1, "***");
  }
  // key=value: password=... (and ?password=... in a URI's query).
  for (std::size_t from = 0;;) {
    auto p = s.find("password=", from);
    if (p == std::string::npos) break;
    auto v = p + 9;
    auto end = v;
    if (end < s.size() && s[end] == '\'') {
      ++end;
      while (end < s.size() && s[end] != '\'') end += (s[end] == '\\' ? 2 : 1);
      if (end < s.size()) ++end;
    } else {
      while (end < s.size() && s[end] != ' ' && s[end] != '&') ++end;
    }
    s.replace(v, std::min(end, s.size()) - v, "***");
    from = v + 3;
  }
  return s;
}

[[noreturn]] void throw_pg(PGconn* conn, const PGresult* res, std::string_view what) {
  std::string msg = res ? libpq().PQresultErrorMessage(res) : (conn ? libpq().PQerrorMessage(conn) : "");
  const char* state = res ? libpq().PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  std::string full = "store: " + std::string(what) + ": " + one_line(msg) +
                     (code.empty() ? "" : " (SQLSTATE " + code + ")");
  // A deadlock or a serialization failure: the transaction was rolled back
  // and may succeed when run again (write_transaction does, a few times).
  if (code == "40P01" || code == "40001")
    throw TransactionConflict("store is busy: " +
                              std::string(code == "40P01" ? "a deadlock" : "a serialization failure") +
                              " with another sd (" + full + ")");
  // A row lock not granted within SD_BUSY_TIMEOUT: another sd holds what
  // this one needs, and the wait has already happened. Not run again.
  if (code == "55P03" || code == "57014")
    throw Error(Exit::busy, "store is busy: another sd holds the lock; try again (" + full + ")");
  throw Error(Exit::io, full);
}

namespace {
/// The tables whose rows have an `id` column that the store reads back
/// after inserting (SQLite's last_insert_rowid()).
bool has_id(std::string_view sql) {
  constexpr std::string_view kInsert = "INSERT INTO ";
  if (!sql.starts_with(kInsert) || sql.find(" RETURNING ") != std::string_view::npos) return false;
  auto rest = sql.substr(kInsert.size());
  auto table = rest.substr(0, rest.find_first_of(" ("));
  for (std::string_view t : {"request_fields", "customer_hosts", "hook_fired", "idempotency_keys",
                             "problem_tickets", "change_cis"})
    if (table == t) return false;
  return true;
}

/// A read-only query, which a cursor can carry: a SELECT, and not one that
/// locks what it reads (FOR UPDATE/SHARE would lock a batch at a time).
bool is_query(std::string_view sql) {
  auto start = sql.find_first_not_of(" \t\n");
  if (start == std::string_view::npos) return false;
  sql = sql.substr(start);
  if (!sql.starts_with("SELECT ") && !sql.starts_with("SELECT\n")) return false;
  return sql.find(" FOR UPDATE") == std::string_view::npos && sql.find(" FOR SHARE") == std::string_view::npos &&
         sql.find(" FOR NO KEY UPDATE") == std::string_view::npos;
}
}  // namespace

Statement::Statement(Connection& conn, std::string sql, std::vector<bool> used)
    : conn_(conn), sql_(std::move(sql)), nparams_(static_cast<int>(used.size())), used_(std::move(used)),
      params_(used_.size()) {
  if (has_id(sql_)) {
    sql_ += " RETURNING id";
    returns_id_ = true;
  }
}

Statement::~Statement() { libpq().PQclear(res_); }

Statement::Param& Statement::param(int i) {
  static Param ignored;
  // A parameter the statement does not use (SQLite ignores it too).
  if (i < 1 || i > nparams_) return ignored = Param{};
  return params_[static_cast<std::size_t>(i - 1)];
}

Statement& Statement::bind(int i, std::int64_t v) {
  param(i) = Param{std::to_string(v), kInt8, 0};
  return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
  param(i) = Param{std::string(v), kText, 0};
  return *this;
}

Statement& Statement::bind(int i, std::optional<std::int64_t> v) {
  if (v) return bind(i, *v);
  param(i) = Param{std::nullopt, kInt8, 0};
  return *this;
}

Statement& Statement::bind_blob(int i, std::string_view bytes) {
  param(i) = Param{std::string(bytes), kBytea, 1};
  return *this;
}

Statement& Statement::bind_null(int i) {
  auto& p = param(i);
  p.value.reset();
  return *this;
}

bool Statement::step() {
  if (!res_) {
    std::vector<const char*> values(params_.size());
    std::vector<int> lengths(params_.size()), formats(params_.size());
    std::vector<Oid> types(params_.size());
    for (std::size_t k = 0; k < params_.size(); ++k) {
      const auto& p = params_[k];
      values[k] = p.value ? p.value->data() : nullptr;
      lengths[k] = p.value ? static_cast<int>(p.value->size()) : 0;
      formats[k] = p.format;
      // A number the statement skips (?1 and ?6, not ?2): PostgreSQL must
      // still know its type.
      // A parameter left unbound or bound to a bare NULL is SQLite's NULL; in
      // `?1 IS NULL OR c.key = ?1` PostgreSQL cannot tell its type, and every
      // such parameter in the store stands for a key or name: text.
      types[k] = !used_[k] ? kInt8 : p.type ? p.type : kText;
      if (!used_[k]) values[k] = nullptr;
    }
    // A cursor lives only inside a transaction block; outside one (a
    // lone statement) the result is small and comes whole.
    bool stream = !returns_id_ && is_query(sql_) && libpq().PQtransactionStatus(conn_.raw()) == PQTRANS_INTRANS;
    if (stream) cursor_ = conn_.next_cursor();
    std::string sql = stream ? "DECLARE " + cursor_ + " NO SCROLL CURSOR FOR " + sql_ : sql_;
    res_ = libpq().PQexecParams(conn_.raw(), sql.c_str(), nparams_, types.data(), values.data(), lengths.data(),
                        formats.data(), 0);
    auto st = libpq().PQresultStatus(res_);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      std::string what = sql_.substr(0, 60);
      throw_pg(conn_.raw(), res_, what);
    }
    row_ = -1;
    if (stream) fetch();
    if (returns_id_ && libpq().PQntuples(res_) == 1) {
      conn_.set_last_insert_id(std::strtoll(libpq().PQgetvalue(res_, 0, 0), nullptr, 10));
      return false;
    }
  }
  ++row_;
  if (row_ < libpq().PQntuples(res_)) return true;
  if (!more_) return false;
  fetch();
  ++row_;
  return row_ < libpq().PQntuples(res_);
}

void Statement::fetch() {
  constexpr int kBatch = 1000;
  libpq().PQclear(res_);
  res_ = libpq().PQexec(conn_.raw(), ("FETCH " + std::to_string(kBatch) + " FROM " + cursor_).c_str());
  if (libpq().PQresultStatus(res_) != PGRES_TUPLES_OK) throw_pg(conn_.raw(), res_, sql_.substr(0, 60));
  more_ = libpq().PQntuples(res_) == kBatch;
  row_ = -1;
}

void Statement::run() {
  if (!res_) step();
}

std::int64_t Statement::changes() const {
  const char* n = res_ ? libpq().PQcmdTuples(res_) : "";
  std::int64_t v = 0;
  std::from_chars(n, n + std::strlen(n), v);
  return v;
}

std::int64_t Statement::int64(int col) const {
  const char* v = libpq().PQgetvalue(res_, row_, col);
  auto len = static_cast<std::size_t>(libpq().PQgetlength(res_, row_, col));
  if (len == 1 && (*v == 't' || *v == 'f')) return *v == 't';  // a boolean, as SQLite's 1 and 0
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v, v + len, n);
  if (ec != std::errc()) {
    // numeric (sum of bigint) or a float: its integer part.
    double d = std::strtod(v, nullptr);
    return static_cast<std::int64_t>(d);
  }
  (void)end;
  return n;
}

bool Statement::is_null(int col) const { return libpq().PQgetisnull(res_, row_, col); }

std::string Statement::text(int col) const {
  return std::string(libpq().PQgetvalue(res_, row_, col), static_cast<std::size_t>(libpq().PQgetlength(res_, row_, col)));
}

/// "table.column" when the result column is a table's column, as SQLite's
/// names it (a question to the catalog, asked only for an error message),
/// else the result column's own name.
std::string Statement::column_name(int col) const {
  const char* name = libpq().PQfname(res_, col);
  std::string shown = name ? name : "column " + std::to_string(col);
  Oid table = libpq().PQftable(res_, col);
  int attnum = libpq().PQftablecol(res_, col);
  if (table == InvalidOid || attnum <= 0) return shown;
  std::string oid = std::to_string(table), num = std::to_string(attnum);
  const char* values[2] = {oid.c_str(), num.c_str()};
  PGresult* r = libpq().PQexecParams(conn_.raw(),
                             "SELECT c.relname || '.' || a.attname FROM pg_class c "
                             "JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.oid = $1::oid AND a.attnum = $2::int2",
                             2, nullptr, values, nullptr, nullptr, 0);
  if (libpq().PQresultStatus(r) == PGRES_TUPLES_OK && libpq().PQntuples(r) == 1) shown = libpq().PQgetvalue(r, 0, 0);
  libpq().PQclear(r);
  return shown;
}

std::string Statement::blob(int col) const {
  if (is_null(col)) return {};
  std::size_t n = 0;
  auto* bytes = libpq().PQunescapeBytea(reinterpret_cast<const unsigned char*>(libpq().PQgetvalue(res_, row_, col)), &n);
  if (!bytes) throw Error(Exit::io, "store: cannot read " + column_name(col));
  std::string out(reinterpret_cast<const char*>(bytes), n);
  libpq().PQfreemem(bytes);
  return out;
}

void Statement::reset() {
  libpq().PQclear(res_);
  res_ = nullptr;
  row_ = -1;
  // A cursor left part read holds its query open until the transaction
  // ends: close it (in a failed transaction there is nothing to close).
  if (!cursor_.empty() && more_ && libpq().PQtransactionStatus(conn_.raw()) == PQTRANS_INTRANS)
    libpq().PQclear(libpq().PQexec(conn_.raw(), ("CLOSE " + cursor_).c_str()));
  cursor_.clear();
  more_ = false;
  for (auto& p : params_) p = Param{};
}

Connection::Connection(const std::string& conninfo) : shown_(redact(conninfo)) {
  const int busy_ms = busy_timeout_ms();
  conn_ = libpq().PQconnectdb(conninfo.c_str());
  if (!conn_ || libpq().PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = conn_ ? one_line(libpq().PQerrorMessage(conn_)) : "out of memory";
    libpq().PQfinish(conn_);
    conn_ = nullptr;
    // libpq's own message may quote the conninfo: hide any password in it.
    throw Error(Exit::io, "store: cannot connect to " + shown_ + ": " + redact(msg));
  }
  // Notices (a table that already exists, ...) are not sd's output.
  libpq().PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  // sd reads its queries to the end, through cursors (Statement): plan them
  // for all their rows, not for the first tenth as PostgreSQL does for a cursor.
  exec("SET client_encoding = 'UTF8'; SET lock_timeout = " + std::to_string(busy_ms) +
       "; SET client_min_messages = warning; SET cursor_tuple_fraction = 1");
}

Connection::~Connection() {
  cache_.clear();
  libpq().PQfinish(conn_);
}

bool Connection::in_transaction() const { return libpq().PQtransactionStatus(conn_) != PQTRANS_IDLE; }

void Connection::exec(const std::string& sql) {
  PGresult* r = libpq().PQexec(conn_, sql.c_str());
  auto st = libpq().PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    std::unique_ptr<PGresult, void (*)(PGresult*)> hold(r, libpq().PQclear);
    throw_pg(conn_, r, sql.substr(0, 60));
  }
  libpq().PQclear(r);
}

Borrowed Connection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    std::vector<bool> used;
    auto text = translate_params(sql, used);
    it = cache_.emplace(sql, std::make_unique<Statement>(*this, std::move(text), std::move(used))).first;
  }
  return Borrowed(*it->second);
}

}  // namespace sd::db::pg
