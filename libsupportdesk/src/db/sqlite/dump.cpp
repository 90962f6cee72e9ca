// SQLite: the store as tables (DumpStore), for sd export and sd import, and
// the online backup (sd db backup).
#include "db/dump_tables.hpp"
#include "db/sqlite/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

namespace sd::db {

namespace {

std::string why(int err) { return std::strerror(err); }

}  // namespace

int SqliteStore::dump_schema_version() { return static_cast<int>(pragma_int("user_version")); }

std::vector<DumpTable> SqliteStore::dump_tables() {
  std::vector<DumpTable> out;
  for (const auto& spec : table_specs()) {
    DumpTable t{spec.name, {}};
    auto s = conn_.prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid");
    s->bind(1, spec.name);
    while (s->step()) {
      auto type = s->text(1);
      auto kind = type == "INTEGER" ? DumpValue::Kind::integer
                  : type == "BLOB"  ? DumpValue::Kind::blob
                                    : DumpValue::Kind::text;
      t.columns.push_back(DumpColumn{s->text(0), kind});
    }
    if (t.columns.empty()) throw Error(Exit::config, "store: table " + t.name + " is missing; see 'sd db check'");
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> SqliteStore::undumped_tables() {
  std::set<std::string> listed;
  for (const auto& s : table_specs()) listed.insert(s.name);
  std::vector<std::string> out;
  // SQLite's own tables (sqlite_stat1, written by ANALYZE) are not data.
  auto s = conn_.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  while (s->step()) {
    auto name = s->text(0);
    if (!listed.count(name)) out.push_back(name);
  }
  return out;
}

void SqliteStore::each_dump_row(const DumpTable& table, std::optional<Instant> since,
                                const std::function<void(const std::vector<DumpValue>&)>& visit) {
  const auto& spec = spec_of(table.name);
  std::string cols;
  for (const auto& c : table.columns) cols += (cols.empty() ? "\"" : ", \"") + c.name + "\"";
  auto s = conn_.prepare(dump_select(spec, cols, since.has_value()));
  if (since) s->bind(1, secs(*since));
  std::vector<DumpValue> row(table.columns.size());
  while (s->step()) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      int col = static_cast<int>(i);
      auto& v = row[i];
      v.bytes.clear();
      v.integer = 0;
      // STRICT tables hold each column's declared type, or NULL.
      if (s->is_null(col)) {
        v.kind = DumpValue::Kind::null;
      } else if (table.columns[i].type == DumpValue::Kind::integer) {
        v.kind = DumpValue::Kind::integer;
        v.integer = s->int64(col);
      } else if (table.columns[i].type == DumpValue::Kind::blob) {
        v.kind = DumpValue::Kind::blob;
        v.bytes = s->blob(col);
      } else {
        v.kind = DumpValue::Kind::text;
        v.bytes = s->text(col);
      }
    }
    visit(row);
  }
}

std::optional<std::string> SqliteStore::first_nonempty_table() {
  for (const auto& spec : table_specs()) {
    auto s = conn_.prepare(std::string("SELECT 1 FROM ") + spec.name + " LIMIT 1");
    if (s->step()) return std::string(spec.name);
  }
  return std::nullopt;
}

std::size_t SqliteStore::insert_dump_row(const DumpTable& table, const std::vector<DumpValue>& row) {
  spec_of(table.name);
  std::string cols, marks;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    cols += (i ? ", \"" : "\"") + table.columns[i].name + "\"";
    marks += i ? ", ?" : "?";
  }
  auto s = conn_.prepare("INSERT INTO " + table.name + " (" + cols + ") VALUES (" + marks + ")");
  for (std::size_t i = 0; i < row.size(); ++i) {
    int at = static_cast<int>(i) + 1;
    const auto& v = row[i];
    switch (v.kind) {
      case DumpValue::Kind::null: s->bind_null(at); break;
      case DumpValue::Kind::integer: s->bind(at, v.integer); break;
      case DumpValue::Kind::text: s->bind(at, std::string_view(v.bytes)); break;
      case DumpValue::Kind::blob: s->bind_blob(at, v.bytes); break;
    }
  }
  try {
    s->run();
  } catch (const Error& e) {
    if (e.code() != Exit::io) throw;
    // A constraint the row breaks (NOT NULL, CHECK, UNIQUE, FOREIGN KEY).
    std::string msg = e.what();
    if (msg.rfind("store: ", 0) == 0) msg.erase(0, 7);
    throw DumpRowError(table.name, 0, msg);
  }
  return 0;
}

std::int64_t SqliteStore::backup_to(const std::string& path, bool replace) {
  namespace fs = std::filesystem;
  fs::path target(path);
  auto name = target.filename().string();
  if (name.empty() || name == "." || name == "..") throw Error(Exit::cant_create, path + ": not a file name");
  std::error_code ec;
  if (!replace && fs::symlink_status(target, ec).type() != fs::file_type::not_found)
    throw Error(Exit::cant_create, path + ": exists; give " + mention("force") + " to replace it");
  auto dir = target.parent_path();
  if (dir.empty()) dir = ".";
  // The copy is made in a new private file beside the target, then moved
  // into place whole: never a half-written backup under the target's name.
  std::string templ = (dir / ("." + name + ".tmp.XXXXXX")).string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  int fd = ::mkostemp(buf.data(), O_CLOEXEC);
  if (fd < 0) throw Error(Exit::cant_create, path + ": cannot create a file in " + dir.string() + ": " + why(errno));
  std::string tmp(buf.data());
  struct Cleanup {
    std::string path;
    ~Cleanup() {
      if (path.empty()) return;
      ::unlink(path.c_str());
      ::unlink((path + "-wal").c_str());
      ::unlink((path + "-shm").c_str());
      ::unlink((path + "-journal").c_str());
    }
  } cleanup{tmp};
  int rc_mode = ::fchmod(fd, 0600);
  ::close(fd);
  if (rc_mode != 0) throw Error(Exit::io, path + ": cannot set its mode: " + why(errno));

  sqlite3* dest = nullptr;
  int rc = sqlite3_open_v2(tmp.c_str(), &dest, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc);
    sqlite3_close(dest);
    throw Error(Exit::cant_create, path + ": cannot open the copy: " + msg);
  }
  // One step over every page: the source is read in one snapshot, which in
  // WAL mode never blocks a writer, and the copy is that snapshot whole.
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", conn_.raw(), "main");
  if (!b) {
    std::string msg = sqlite3_errmsg(dest);
    sqlite3_close(dest);
    throw Error(Exit::io, path + ": cannot start the backup: " + msg);
  }
  do {
    rc = sqlite3_backup_step(b, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  std::int64_t pages = sqlite3_backup_pagecount(b);
  sqlite3_backup_finish(b);
  std::string msg = rc == SQLITE_DONE ? "" : sqlite3_errstr(rc);
  if (sqlite3_close(dest) != SQLITE_OK && msg.empty()) msg = "cannot close the copy";
  if (!msg.empty()) throw Error(Exit::io, path + ": backup failed: " + msg);

  // Moved into place: replacing only when asked, else refusing a file that
  // appeared meanwhile (link(2) never replaces).
  if (replace) {
    if (::rename(tmp.c_str(), path.c_str()) != 0) throw Error(Exit::io, path + ": cannot replace it: " + why(errno));
  } else {
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      int err = errno;
      if (err == EEXIST) throw Error(Exit::cant_create, path + ": exists; give " + mention("force") + " to replace it");
      throw Error(Exit::cant_create, path + ": cannot create it: " + why(err));
    }
    ::unlink(tmp.c_str());
  }
  cleanup.path.clear();
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return pages;
}

}  // namespace sd::db
