// Optimistic locking: every store saves a request or an incident only
// against the version it was read at, and the services refuse a change
// made against a version the ticket has moved on from, writing nothing.
#include "desk_fixture.hpp"
#include "pg_store.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

using namespace sd;
using sd::test::Desk;
using sd::test::MemoryStore;

namespace {

/// The store's check: a save against the version read moves the row on by
/// one; a second save against the same read is refused and writes nothing.
void check_store_versions(Store& store) {
  Customer c;
  c.key = "ACME";
  c.name = "Acme";
  c.tz = "Asia/Tokyo";
  Instant t{std::chrono::seconds{1'800'000'000}};
  auto customer_id = write_transaction(store, [&] { return store.insert_customer(c); });
  Request r;
  r.customer_id = customer_id;
  r.customer = "ACME";
  r.type = "backup";
  r.title = "backup";
  r.received_at = r.created_at = r.updated_at = t;
  r.clock_start = t;
  Incident i;
  i.customer_id = customer_id;
  i.customer = "ACME";
  i.title = "down";
  i.host = "web01";
  i.received_at = i.created_at = i.updated_at = t;
  write_transaction(store, [&] {
    r.number = store.take_ticket_number(customer_id);
    r.id = store.insert_request(r);
    i.number = store.take_ticket_number(customer_id);
    i.id = store.insert_incident(i);
  });

  auto read_r = store.find_request("ACME", r.number);
  auto read_i = store.find_incident("ACME", i.number);
  REQUIRE(read_r);
  REQUIRE(read_i);
  CHECK(read_r->version == 1);
  CHECK(read_i->version == 1);

  // The first writer saves against what it read: the row moves to 2.
  auto first = *read_r;
  first.title = "first";
  CHECK(write_transaction(store, [&] { return store.update_request(first); }));
  CHECK(store.find_request("ACME", r.number)->version == 2);
  // The second read the same version 1: refused, nothing written.
  auto second = *read_r;
  second.title = "second";
  CHECK_FALSE(write_transaction(store, [&] { return store.update_request(second); }));
  auto now_r = store.find_request("ACME", r.number);
  CHECK(now_r->title == "first");
  CHECK(now_r->version == 2);
  // Read again, it saves.
  second.version = now_r->version;
  CHECK(write_transaction(store, [&] { return store.update_request(second); }));
  CHECK(store.find_request("ACME", r.number)->version == 3);

  auto inc_first = *read_i;
  inc_first.title = "first";
  CHECK(write_transaction(store, [&] { return store.update_incident(inc_first); }));
  auto inc_second = *read_i;
  inc_second.title = "second";
  CHECK_FALSE(write_transaction(store, [&] { return store.update_incident(inc_second); }));
  auto now_i = store.find_incident("ACME", i.number);
  CHECK(now_i->title == "first");
  CHECK(now_i->version == 2);
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/sd-version-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("store versions: the in-memory store") {
  MemoryStore store;
  check_store_versions(store);
}

TEST_CASE("store versions: SQLite") {
  TempDir dir;
  auto store = db::open_sqlite((dir.path / "sd.db").string(), true);
  check_store_versions(*store);
}

TEST_CASE("store versions: PostgreSQL" * doctest::test_suite("pg")) {
  auto store = test::fresh_pg_store();
  REQUIRE_MESSAGE(store, "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  check_store_versions(*store);
}

TEST_CASE("a change against a version the ticket has moved on from is refused, naming who moved it") {
  MemoryStore store;
  Desk desk{store};
  Customers(desk.at("2026-11-30T09:00")).add(NewCustomer{"ACME", "Acme", Plan::basic, "", ""});
  NewRequest in;
  in.customer = "ACME";
  in.type = "backup";
  in.fields = {{"op", "add"}, {"host", "web01"}};
  auto key = Requests(desk.at("2026-11-30T09:00")).create(in).key();

  // tanaka reads it at version 1; suzuki comments meanwhile.
  auto read = Requests(desk.at("2026-11-30T10:00", "tanaka")).view(key).request.version;
  CHECK(read == 1);
  auto by_suzuki = Requests(desk.at("2026-11-30T10:03", "suzuki")).comment(key, "called back", false);
  CHECK(by_suzuki.version == 2);
  auto events = store.request_events(by_suzuki.id).size();
  auto audit = store.list_audit(AuditFilter{}).size();

  Requests tanaka(desk.at("2026-11-30T10:05", "tanaka"));
  try {
    tanaka.comment(key, "moved the window", false, {}, read);
    FAIL("a stale comment was written");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::busy);
    CHECK(std::string(e.what()) ==
          key + " was changed by suzuki at 2026-11-30T10:03:00+09:00 since you read it; nothing was written "
                "(read it again with 'sd request show " + key + "')");
  }
  CHECK_THROWS_AS(tanaka.act(key, Action::start, "", "", read), Error);
  CHECK(store.request_events(by_suzuki.id).size() == events);
  CHECK(store.list_audit(AuditFilter{}).size() == audit);
  CHECK(store.find_request("ACME", by_suzuki.number)->version == 2);

  // Ahead of the ticket: refused too; below 1: a data error on if_version.
  try {
    tanaka.comment(key, "x", false, {}, 7);
    FAIL("a comment at a version not yet reached was written");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::busy);
    CHECK(std::string(e.what()).find("is at version 2, not 7") != std::string::npos);
  }
  try {
    tanaka.comment(key, "x", false, {}, 0);
    FAIL("version 0 was taken");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::data);
    CHECK(e.field() == "if_version");
  }

  // At the version it is at: written, and the version moves on.
  auto done = tanaka.comment(key, "moved the window", false, {}, 2);
  CHECK(done.version == 3);
  CHECK(store.find_request("ACME", done.number)->version == 3);
}

TEST_CASE("an incident change against a stale version is refused; a right one moves it on") {
  MemoryStore store;
  Desk desk{store};
  Customers(desk.at("2026-11-30T09:00")).add(NewCustomer{"ACME", "Acme", Plan::basic, "", ""});
  NewIncident in;
  in.customer = "ACME";
  in.host = "web01";
  in.title = "down";
  auto inc = Incidents(desk.at("2026-11-30T09:00")).open(in);
  CHECK(inc.version == 1);
  auto judged = Incidents(desk.at("2026-11-30T09:05", "suzuki")).judge(inc.key(), Impact::yes, "", 1);
  CHECK(judged.version == 2);
  auto timeline = store.incident_events(inc.id).size();
  Incidents tanaka(desk.at("2026-11-30T09:06", "tanaka"));
  try {
    tanaka.comment(inc.key(), "stale", false, {}, 1);
    FAIL("a stale comment was written");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::busy);
    CHECK(std::string(e.what()).find("was changed by suzuki") != std::string::npos);
  }
  CHECK(store.incident_events(inc.id).size() == timeline);
  IncidentEdit edit;
  edit.title = "web01 down";
  CHECK(tanaka.edit(inc.key(), edit, 2).version == 3);
}
