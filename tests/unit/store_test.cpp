#include "supportdesk/error.hpp"
#include "supportdesk/service.hpp"
#include "supportdesk/store.hpp"

#include "db/migrations.hpp"
#include "pg_store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

using namespace sd;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/sd-store-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

void raw_exec(const std::string& file, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

Exit open_error(const std::string& file, bool create) {
  try {
    db::open_sqlite(file, create);
  } catch (const Error& e) {
    return e.code();
  }
  return Exit::ok;
}

}  // namespace

TEST_CASE("a new store is private, versioned and idempotent to open") {
  TempDir dir;
  auto file = (dir.path / "nested" / "sd.db").string();
  CHECK(open_error(file, false) == Exit::no_input);
  db::OpenReport report;
  db::open_sqlite(file, true, &report);
  CHECK(report.created);
  CHECK(report.to_version == db::kSchemaVersion);
  struct stat st {};
  REQUIRE(stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(stat((dir.path / "nested").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  db::open_sqlite(file, true, &report);
  CHECK_FALSE(report.created);
  CHECK(report.from_version == db::kSchemaVersion);

  // An empty file is not a store: only init sets one up in it.
  auto empty = (dir.path / "empty.db").string();
  { std::FILE* f = std::fopen(empty.c_str(), "w"); std::fclose(f); }
  CHECK(open_error(empty, false) == Exit::no_input);
  CHECK(std::filesystem::file_size(empty) == 0);
  db::open_sqlite(empty, true, &report);
  CHECK(report.created);
}

namespace {

/// Every table of the SQLite database `file` and its columns (name, type,
/// NOT NULL, default, key), one line per column.
std::map<std::string, std::string> columns_of(const std::string& file) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT m.name, p.name, p.type, p.\"notnull\", ifnull(p.dflt_value, ''), p.pk "
                             "FROM sqlite_schema m, pragma_table_info(m.name) p "
                             "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1, p.cid",
                             -1, &s, nullptr) == SQLITE_OK);
  std::map<std::string, std::string> tables;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string line;
    for (int i = 1; i < 6; ++i) line += std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, i))) + " ";
    tables[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] += line + "\n";
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return tables;
}

}  // namespace

TEST_CASE("a store of kSameRowsSince has this sd's tables and columns: its export imports as it is") {
  TempDir dir;
  auto now = (dir.path / "now.db").string();
  db::open_sqlite(now, true);
  auto old = (dir.path / "old.db").string();
  for (int step = 0; step < db::kSameRowsSince; ++step) raw_exec(old, std::string(db::sqlite_migration(step)).c_str());
  auto old_tables = columns_of(old);
  CHECK(old_tables.size() > 20);
  CHECK(old_tables == columns_of(now));
  // The version before it differs: kSameRowsSince is as old as it can be.
  auto older = (dir.path / "older.db").string();
  for (int step = 0; step + 1 < db::kSameRowsSince; ++step)
    raw_exec(older, std::string(db::sqlite_migration(step)).c_str());
  CHECK(columns_of(older) != columns_of(now));
}

TEST_CASE("a store from a newer sd, or a file that is not a store, is refused") {
  TempDir dir;
  auto file = (dir.path / "sd.db").string();
  db::open_sqlite(file, true);
  raw_exec(file, "PRAGMA user_version = 99");
  CHECK(open_error(file, false) == Exit::config);

  auto other = (dir.path / "other.db").string();
  raw_exec(other, "CREATE TABLE t (x)");
  CHECK(open_error(other, false) == Exit::config);
}

namespace {
void check_rollback(const std::unique_ptr<Store>& store) {
  Customer c;
  c.key = "ACME";
  c.name = "Acme";
  c.tz = "Asia/Tokyo";
  CHECK_THROWS(write_transaction(*store, [&] {
    store->insert_customer(c);
    throw data_error("no");
  }));
  CHECK(store->list_customers().empty());
  write_transaction(*store, [&] { store->insert_customer(c); });
  auto id = store->list_customers().at(0).id;
  CHECK(write_transaction(*store, [&] { return store->take_ticket_number(id); }) == 1);
  CHECK(write_transaction(*store, [&] { return store->take_ticket_number(id); }) == 2);
  // A number taken in a transaction that rolls back is given back: no gap.
  CHECK_THROWS(write_transaction(*store, [&] {
    store->take_ticket_number(id);
    throw data_error("no");
  }));
  CHECK(write_transaction(*store, [&] { return store->take_ticket_number(id); }) == 3);
}

void check_idempotency_keys(const std::unique_ptr<Store>& store) {
  Instant t{std::chrono::seconds{1'800'000'000}};
  CHECK_FALSE(store->find_idempotency_key("k").has_value());
  store->begin_write();
  store->insert_idempotency_key(IdempotencyKey{"k", "ACME-1", "request.new", "0123456789abcdef", t});
  store->rollback();
  CHECK_FALSE(store->find_idempotency_key("k").has_value());
  store->begin_write();
  store->insert_idempotency_key(IdempotencyKey{"k", "ACME-1", "request.new", "0123456789abcdef", t});
  store->commit();
  auto k = store->find_idempotency_key("k");
  REQUIRE(k.has_value());
  CHECK(k->entity == "ACME-1");
  CHECK(k->action == "request.new");
  CHECK(k->digest == "0123456789abcdef");
  CHECK(k->created_at == t);
  store->begin_write();
  CHECK_THROWS(store->insert_idempotency_key(IdempotencyKey{"k", "ACME-2", "request.new", "x", t}));
  store->rollback();
}
}  // namespace

TEST_CASE("a write transaction rolls back when its body throws") {
  TempDir dir;
  check_rollback(db::open_sqlite((dir.path / "sd.db").string(), true));
}

TEST_CASE("idempotency keys: kept with their transaction, one row per key") {
  TempDir dir;
  check_idempotency_keys(db::open_sqlite((dir.path / "sd.db").string(), true));
}

TEST_CASE("the address chooses the store, and no error shows a password") {
  CHECK(db::is_postgres_address("postgresql://desk@db.example/sd"));
  CHECK(db::is_postgres_address("postgres://db.example/sd"));
  CHECK(db::is_postgres_address("service=desk"));
  CHECK_FALSE(db::is_postgres_address("/var/lib/sd/sd.db"));
  CHECK_FALSE(db::is_postgres_address("postgresql.db"));
  CHECK(db::shown_address("postgresql://desk:s3cret@db.example/sd") == "postgresql://desk:***@db.example/sd");
  CHECK(db::shown_address("postgresql://db.example/sd?password=s3cret&sslmode=require") ==
        "postgresql://db.example/sd?password=***&sslmode=require");
  CHECK(db::shown_address("service=desk password=s3cret") == "service=desk password=***");
  try {
    db::open_store("postgresql://desk:s3cret@/sd?host=/nonexistent-sd-socket-dir", false);
    FAIL("connected to nothing");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
    CHECK(std::string(e.what()).find("desk:***@") != std::string::npos);
  }
}

TEST_CASE("PostgreSQL: transactions, ticket numbers and idempotency keys" * doctest::test_suite("pg")) {
  auto a = test::fresh_pg_store();
  REQUIRE_MESSAGE(a, "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  check_rollback(a);
  check_idempotency_keys(test::fresh_pg_store());
}

TEST_CASE("PostgreSQL: init sets up only an empty schema, and opens its own idempotently" * doctest::test_suite("pg")) {
  REQUIRE_MESSAGE(!test::pg_conninfo().empty(), "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  auto schema = "sdtest_init_" + std::to_string(::getpid());
  auto uri = test::pg_uri(test::pg_conninfo(), schema);
  // Nothing there yet: only init sets a store up.
  CHECK_THROWS_AS(db::open_store(uri, false), Error);
  db::OpenReport report;
  db::open_store(uri, true, &report);
  CHECK(report.created);
  CHECK(report.to_version == db::kSchemaVersion);
  db::open_store(uri, true, &report);
  CHECK_FALSE(report.created);
  CHECK(report.from_version == db::kSchemaVersion);
  auto store = db::open_store(uri, false);
  CHECK(store->list_customers().empty());
  CHECK(store->check_store(StoreLimits{}).empty());
}
