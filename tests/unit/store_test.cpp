#include "supportdesk/error.hpp"
#include "supportdesk/service.hpp"
#include "supportdesk/store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>

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

TEST_CASE("a write transaction rolls back when its body throws") {
  TempDir dir;
  auto store = db::open_sqlite((dir.path / "sd.db").string(), true);
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
}

TEST_CASE("idempotency keys: kept with their transaction, one row per key") {
  TempDir dir;
  auto file = (dir.path / "sd.db").string();
  auto store = db::open_sqlite(file, true);
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
