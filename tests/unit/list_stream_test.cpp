// The streaming reads of the SQLite store: each_request() reads the
// fields and pause events of a whole list with one query each, merged with
// the requests in the list's order, never one query per request; what it
// visits is what the per-request reads give.
#ifdef SD_WITH_POSTGRES
#include "db/postgres/connection.hpp"
#endif
#include "db/sqlite/connection.hpp"
#include "memory_store.hpp"
#include "pg_store.hpp"
#include "supportdesk/service.hpp"
#include "supportdesk/store.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

using namespace sd;

namespace {

struct TempStore {
  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  TempStore() {
    char tmpl[] = "/tmp/sd-stream-test-XXXXXX";
    dir = mkdtemp(tmpl);
    store = db::open_sqlite((dir / "sd.db").string(), true);
  }
  ~TempStore() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

Instant at(std::int64_t hours) { return Instant{std::chrono::hours{490'000 + hours}}; }

/// `n` requests over two customers: every third without fields, every
/// fourth waited on the customer (a pause, closed or still open), due
/// times shuffled and some unset, so the list's order is not the ids'.
void fill(Store& s, TicketStore& t, int n) {
  write_transaction(s, [&] {
    std::int64_t ids[2];
    for (int c = 0; c < 2; ++c) {
      Customer cu;
      cu.key = c ? "BETA" : "ACME";
      cu.name = cu.key;
      cu.tz = "Asia/Tokyo";
      cu.created_at = at(0);
      ids[c] = s.insert_customer(cu);
    }
    for (int i = 0; i < n; ++i) {
      Request r;
      r.customer_id = ids[i % 2];
      r.customer = i % 2 ? "BETA" : "ACME";
      r.number = t.take_ticket_number(r.customer_id);
      r.type = "backup";
      r.title = "request " + std::to_string(i);
      r.received_at = r.created_at = r.updated_at = at(i);
      r.clock_start = r.received_at;
      if (i % 7 != 3) r.due_at = at((i * 37) % 101);
      if (i % 3) r.fields = {{"op", "add"}, {"host", "web" + std::to_string(i)}};
      r.id = t.insert_request(r);
      auto status = [&](const char* from, const char* to, std::int64_t h) {
        RequestEvent e;
        e.request_id = r.id;
        e.at = at(i + h);
        e.kind = "status";
        e.from = from;
        e.to = to;
        t.insert_request_event(e);
      };
      RequestEvent made;
      made.request_id = r.id;
      made.at = r.received_at;
      made.kind = "created";
      t.insert_request_event(made);
      status("open", "in-progress", 1);
      if (i % 4 == 0) {
        status("in-progress", "waiting", 2);
        if (i % 8 == 0) status("waiting", "in-progress", 3);
      }
    }
  });
}

struct Visited {
  std::vector<std::string> keys;
  std::vector<Fields> fields;
  std::vector<std::vector<std::int64_t>> events;
};

Visited visit_all(Store& s, const RequestFilter& f, TicketStore::Parts parts) {
  Visited v;
  read_transaction(s, [&] {
    s.each_request(f, parts, [&](Request& r, std::vector<RequestEvent>& events) {
      v.keys.push_back(r.key());
      v.fields.push_back(r.fields);
      std::vector<std::int64_t> ids;
      for (const auto& e : events) ids.push_back(e.id);
      v.events.push_back(ids);
    });
  });
  return v;
}

/// The same, the slow way: the list, then each request's own reads.
Visited one_by_one(Store& s, const RequestFilter& f) {
  Visited v;
  read_transaction(s, [&] {
    for (auto& r : s.list_requests(f)) {
      v.keys.push_back(r.key());
      v.fields.push_back(s.find_request(r.customer, r.number)->fields);
      std::vector<std::int64_t> ids;
      for (const auto& e : s.request_events(r.id))
        if (e.kind == "status" && (e.from == "waiting" || e.to == "waiting")) ids.push_back(e.id);
      v.events.push_back(ids);
    }
  });
  return v;
}

}  // namespace

TEST_CASE("each_request reads a list's fields and events with one query each") {
  TempStore small, large;
  fill(*small.store, *small.store, 10);
  fill(*large.store, *large.store, 200);
  auto statements = [](Store& s, const RequestFilter& f, TicketStore::Parts parts) {
    auto before = db::statements_run();
    visit_all(s, f, parts);
    return db::statements_run() - before;
  };
  RequestFilter all;
  // The list, its fields, its events: as many for 200 requests as for 10.
  auto few = statements(*small.store, all, {true, true});
  CHECK(few == 3);
  CHECK(statements(*large.store, all, {true, true}) == few);
  CHECK(statements(*large.store, all, {false, true}) == few - 1);
  CHECK(statements(*large.store, all, {false, false}) == few - 2);
  RequestFilter some;
  some.customer = "BETA";
  some.limit = 17;
  CHECK(statements(*large.store, some, {true, true}) == few);
}

TEST_CASE("each_request gives what the per-request reads give, in the list's order") {
  TempStore t;
  fill(*t.store, *t.store, 120);
  std::vector<RequestFilter> filters(4);
  filters[1].customer = "ACME";
  filters[2].limit = 13;
  filters[3].customer = "BETA";
  filters[3].due_before = at(50);
  filters[3].limit = 5;
  for (const auto& f : filters) {
    auto fast = visit_all(*t.store, f, {true, true});
    auto slow = one_by_one(*t.store, f);
    CHECK(fast.keys == slow.keys);
    CHECK(fast.fields == slow.fields);
    CHECK(fast.events == slow.events);
    CHECK_FALSE(fast.keys.empty());
  }
  // Without the parts, none is read.
  auto bare = visit_all(*t.store, RequestFilter{}, {false, false});
  CHECK(bare.keys.size() == 120);
  for (const auto& f : bare.fields) CHECK(f.empty());
  for (const auto& e : bare.events) CHECK(e.empty());
}

TEST_CASE("the in-memory store visits the same requests, fields and pauses") {
  TempStore t;
  test::MemoryStore m;
  fill(*t.store, *t.store, 60);
  fill(m, m, 60);
  for (auto parts : {TicketStore::Parts{true, true}, TicketStore::Parts{false, true}, TicketStore::Parts{true, false}}) {
    auto a = visit_all(*t.store, RequestFilter{}, parts);
    auto b = visit_all(m, RequestFilter{}, parts);
    CHECK(a.keys == b.keys);
    CHECK(a.fields == b.fields);
    CHECK(a.events.size() == b.events.size());
    for (std::size_t i = 0; i < a.events.size() && i < b.events.size(); ++i)
      CHECK(a.events[i].size() == b.events[i].size());
  }
}

// On PostgreSQL a query inside a transaction is read through a cursor, a
// batch of 1,000 rows at a time, so a long list is never held whole: the
// list, its fields and its events are three cursors read side by side,
// each across several batches here.
TEST_CASE("PostgreSQL: a list longer than a batch reads whole, in order, with its parts" *
          doctest::test_suite("pg")) {
  auto pg = test::fresh_pg_store();
  REQUIRE_MESSAGE(pg, "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  TempStore file;
  fill(*pg, *pg, 2600);
  fill(*file.store, *file.store, 2600);
  RequestFilter acme;
  acme.customer = "ACME";
  for (const auto& f : {RequestFilter{}, acme}) {
    auto fast = visit_all(*pg, f, {true, true});
    CHECK(fast.keys.size() == (f.customer ? 1300u : 2600u));
    auto on_file = visit_all(*file.store, f, {true, true});
    CHECK(fast.keys == on_file.keys);
    CHECK(fast.fields == on_file.fields);
    auto slow = one_by_one(*pg, f);
    CHECK(fast.keys == slow.keys);
    CHECK(fast.fields == slow.fields);
    CHECK(fast.events == slow.events);
  }
}

#ifdef SD_WITH_POSTGRES
TEST_CASE("PostgreSQL: a cursor left part read is closed, and the statement reads whole again" *
          doctest::test_suite("pg")) {
  REQUIRE_MESSAGE(!test::pg_conninfo().empty(), "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  db::pg::Connection c(test::pg_conninfo());
  const std::string sql = "SELECT n FROM generate_series(1, 2500) AS n ORDER BY n";
  auto count = [&](int stop_after) {
    auto s = c.prepare(sql);
    int n = 0;
    while ((stop_after == 0 || n < stop_after) && s->step()) {
      ++n;
      CHECK(s->int64(0) == n);
    }
    return n;
  };
  c.exec("BEGIN");
  CHECK(count(1500) == 1500);  // a batch and a half, then let go
  CHECK(count(0) == 2500);
  CHECK(count(10) == 10);
  CHECK(count(0) == 2500);
  c.exec("COMMIT");
  // Outside a transaction there is no cursor: the result comes whole.
  CHECK(count(0) == 2500);
}
#endif
