// Export covers the whole store: every table SQLite holds is in the one
// list of exported tables (src/db/dump_tables.hpp), so a table added to the
// schema fails here until export carries it; and blobs travel as base64.
#include "supportdesk/data_export.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/store.hpp"

#include "pg_store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

using namespace sd;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/sd-dump-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

/// The tables of the store file, read by SQLite itself (its own excepted).
std::set<std::string> schema_tables(const std::string& file) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &s, nullptr) ==
          SQLITE_OK);
  std::set<std::string> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string name = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    if (name.rfind("sqlite_", 0) != 0) out.insert(name);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

void raw_exec(const std::string& file, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("export covers every table of the schema") {
  TempDir dir;
  auto file = (dir.path / "sd.db").string();
  auto store = db::open_sqlite(file, true);
  auto* dump = dynamic_cast<DumpStore*>(store.get());
  REQUIRE(dump != nullptr);
  CHECK(dump->dump_schema_version() == db::kSchemaVersion);

  std::set<std::string> exported;
  for (const auto& t : dump->dump_tables()) {
    CHECK_MESSAGE(!t.columns.empty(), t.name);
    CHECK_MESSAGE(exported.insert(t.name).second, "listed twice: " << t.name);
  }
  // Every table SQLite has is exported, and nothing else is.
  for (const auto& name : schema_tables(file))
    CHECK_MESSAGE(exported.count(name) == 1, "the table " << name << " is not exported (add it to db/dump_tables.hpp)");
  CHECK(exported == schema_tables(file));
  CHECK(dump->undumped_tables().empty());
  CHECK_FALSE(dump->first_nonempty_table().has_value());
}

TEST_CASE("a table the export list lacks is named") {
  TempDir dir;
  auto file = (dir.path / "sd.db").string();
  db::open_sqlite(file, true);
  raw_exec(file, "CREATE TABLE unlisted_table (id INTEGER PRIMARY KEY) STRICT");
  auto store = db::open_sqlite(file, false);
  auto* dump = dynamic_cast<DumpStore*>(store.get());
  REQUIRE(dump != nullptr);
  CHECK(dump->undumped_tables() == std::vector<std::string>{"unlisted_table"});
}

TEST_CASE("PostgreSQL exports the tables and columns SQLite does, typed alike" * doctest::test_suite("pg")) {
  REQUIRE_MESSAGE(!sd::test::pg_conninfo().empty(), "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  TempDir dir;
  auto lite = db::open_sqlite((dir.path / "sd.db").string(), true);
  auto pg = sd::test::fresh_pg_store();
  auto* lite_dump = dynamic_cast<DumpStore*>(lite.get());
  auto* pg_dump = dynamic_cast<DumpStore*>(pg.get());
  REQUIRE(lite_dump != nullptr);
  REQUIRE(pg_dump != nullptr);
  CHECK(pg_dump->dump_schema_version() == db::kSchemaVersion);
  auto want = lite_dump->dump_tables();
  auto got = pg_dump->dump_tables();
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CHECK(got[i].name == want[i].name);
    REQUIRE_MESSAGE(got[i].columns.size() == want[i].columns.size(), want[i].name);
    for (std::size_t c = 0; c < want[i].columns.size(); ++c) {
      CHECK_MESSAGE(got[i].columns[c].name == want[i].columns[c].name, want[i].name);
      CHECK_MESSAGE(got[i].columns[c].type == want[i].columns[c].type, want[i].name << "." << want[i].columns[c].name);
    }
  }
  CHECK(pg_dump->undumped_tables().empty());
  CHECK_FALSE(pg_dump->first_nonempty_table().has_value());
}

TEST_CASE("base64 round trips bytes and refuses what is not its canonical form") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    auto part = all.substr(0, n);
    CHECK(base64_decode(base64_encode(part)) == part);
  }
  CHECK(base64_decode("Zg=") == std::nullopt);
  CHECK(base64_decode("Zg==Zg==") == std::nullopt);
  CHECK(base64_decode("Z===") == std::nullopt);
  CHECK(base64_decode("Zh==") == std::nullopt);  // not canonical: stray bits
  CHECK(base64_decode("Zm9v!A==") == std::nullopt);
  CHECK(base64_decode("Zm9v") == std::string("foo"));
}
