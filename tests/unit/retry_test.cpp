// A write transaction that the store aborts with a conflict (a deadlock or a
// serialization failure) is run again, body and all, a bounded number of
// times; what it leaves is what one clean run leaves: one ticket, one number,
// one audit entry, one of each hook. After the last attempt the command gives
// up with Exit::busy, saying how many attempts it made, and nothing is
// written. On PostgreSQL, two writers that lock two customers' counters in
// opposite orders deadlock for real, and both still commit.
#include "desk_fixture.hpp"
#include "pg_store.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <thread>

using namespace sd;
using sd::test::Desk;
using sd::test::MemoryStore;

namespace {

struct Fixture : sd::test::AcmeDesk {
  Fixture() : AcmeDesk(Plan::basic, "Acme") {}
};

std::size_t count_hooks(const DeskContext& ctx, const std::string& name) {
  return static_cast<std::size_t>(
      std::count_if(ctx.hooks.begin(), ctx.hooks.end(), [&](const HookEvent& h) { return h.name == name; }));
}

NewIncident acme_incident() {
  NewIncident in;
  in.customer = "ACME";
  in.title = "db01 down";
  return in;
}

}  // namespace

TEST_CASE("retry: a conflicted write runs again and leaves what one run leaves") {
  Fixture f;
  auto audit = f.store.list_audit({}).size();
  f.store.conflict_on_commit(kWriteAttempts - 1);
  auto& ctx = f.desk.at("2026-11-09T10:00");
  auto inc = Incidents(ctx).open(acme_incident());
  CHECK(f.store.conflicts_thrown() == kWriteAttempts - 1);
  CHECK(inc.key() == "ACME-1");
  CHECK(f.store.list_incidents({}).size() == 1);
  CHECK(f.store.list_audit({}).size() == audit + 1);
  CHECK(count_hooks(ctx, "incident.opened") == 1);
  CHECK_FALSE(f.store.in_transaction());
  // The number a conflicted attempt took was given back: the next is 2.
  f.store.conflict_on_commit(1);
  NewRequest r;
  r.customer = "ACME";
  r.type = "backup";
  r.fields = {{"op", "add"}, {"host", "web01"}};
  CHECK(Requests(f.desk.at("2026-11-09T10:05")).create(r).key() == "ACME-2");
}

TEST_CASE("retry: after the last attempt, busy, saying how many, and nothing written") {
  Fixture f;
  auto audit = f.store.list_audit({}).size();
  f.store.conflict_on_commit(kWriteAttempts);
  auto& ctx = f.desk.at("2026-11-09T10:00");
  try {
    Incidents(ctx).open(acme_incident());
    FAIL("a conflict at every attempt was not refused");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::busy);
    CHECK(std::string(e.what()).find("gave up after " + std::to_string(kWriteAttempts) + " attempts") !=
          std::string::npos);
    CHECK(std::string(e.what()).starts_with("store is busy: "));
  }
  CHECK(f.store.conflicts_thrown() == kWriteAttempts);
  CHECK(f.store.list_incidents({}).empty());
  CHECK(f.store.list_audit({}).size() == audit);
  CHECK(ctx.hooks.empty());
  CHECK_FALSE(f.store.in_transaction());
}

TEST_CASE("retry: hooks and kept payloads of an alert intake are not doubled") {
  // One alert ACME owns, one nobody does: the incident and the inbox item
  // commit together, and a rerun stages its hooks afresh.
  std::string payload = R"([{"id":"cpu-db01","status":"firing","host":"db01","customer":"ACME","title":"CPU"},)"
                        R"({"id":"disk-db09","status":"firing","host":"db09","customer":"NOSUCH","title":"Disk"}])";
  Fixture clean;
  auto& clean_ctx = clean.desk.at("2026-11-09T10:00");
  AlertIntake(clean_ctx).ingest(payload, AlertFormat::generic, "");
  Fixture f;
  f.store.conflict_on_commit(2);
  auto& ctx = f.desk.at("2026-11-09T10:00");
  auto result = AlertIntake(ctx).ingest(payload, AlertFormat::generic, "");
  CHECK(f.store.conflicts_thrown() == 2);
  REQUIRE(result.outcomes.size() == 1);
  CHECK(result.outcomes[0].key == "ACME-1");
  CHECK(result.inbox_id);
  CHECK(f.store.list_incidents({}).size() == 1);
  CHECK(f.store.list_inbox(true).size() == 1);
  CHECK(count_hooks(ctx, "incident.opened") == 1);
  CHECK(count_hooks(ctx, "alert.inboxed") == 1);
  REQUIRE(ctx.hooks.size() == clean_ctx.hooks.size());
  for (std::size_t k = 0; k < ctx.hooks.size(); ++k) CHECK(ctx.hooks[k].name == clean_ctx.hooks[k].name);
}

TEST_CASE("retry: reads and write_transaction_once run once") {
  MemoryStore store;
  int runs = 0;
  auto conflict = [&] {
    ++runs;
    throw TransactionConflict("store is busy: a deadlock with another sd (test)");
  };
  CHECK_THROWS_AS(read_transaction(store, conflict), TransactionConflict);
  CHECK(runs == 1);
  CHECK_THROWS_AS(write_transaction_once(store, conflict), TransactionConflict);
  CHECK(runs == 2);
  // A plain busy error (a lock not granted in time) is not run again either.
  runs = 0;
  CHECK_THROWS_AS(write_transaction(store, [&] {
                    ++runs;
                    throw Error(Exit::busy, "store is busy: another sd holds the lock");
                  }),
                  Error);
  CHECK(runs == 1);
  CHECK_FALSE(store.in_transaction());
}

TEST_CASE("PostgreSQL: two writers that deadlock both commit, one of them on a second attempt" *
          doctest::test_suite("pg")) {
  REQUIRE_MESSAGE(!test::pg_conninfo().empty(), "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  auto uri = test::pg_uri(test::pg_conninfo(), "sdtest_deadlock_" + std::to_string(::getpid()));
  auto a = db::open_store(uri, true);
  auto b = db::open_store(uri, false);
  std::int64_t x = 0, y = 0;
  write_transaction(*a, [&] {
    Customer c;
    c.key = "XRAY";
    c.name = "X";
    x = a->insert_customer(c);
    c.key = "YANKEE";
    c.name = "Y";
    y = a->insert_customer(c);
  });
  // Each writer takes one customer's next ticket number, waits until the
  // other has taken its own, then takes the other's: a deadlock, which
  // PostgreSQL breaks by aborting one of them. Only the first attempts wait.
  std::latch both_hold(2);
  std::atomic<int> attempts{0};
  auto writer = [&](Store& store, std::int64_t first, std::int64_t second) {
    int mine = 0;
    return write_transaction(store, [&] {
      ++attempts;
      auto n1 = store.take_ticket_number(first);
      if (++mine == 1) both_hold.arrive_and_wait();
      auto n2 = store.take_ticket_number(second);
      return std::pair{n1, n2};
    });
  };
  std::pair<std::int64_t, std::int64_t> got_a, got_b;
  std::string error_a, error_b;
  std::thread ta([&] {
    try {
      got_a = writer(*a, x, y);
    } catch (const std::exception& e) {
      error_a = e.what();
    }
  });
  std::thread tb([&] {
    try {
      got_b = writer(*b, y, x);
    } catch (const std::exception& e) {
      error_b = e.what();
    }
  });
  ta.join();
  tb.join();
  CHECK(error_a == "");
  CHECK(error_b == "");
  CHECK(attempts.load() == 3);
  // Each customer's numbers 1 and 2, once each: the aborted attempt's were
  // given back.
  std::vector<std::int64_t> xs{got_a.first, got_b.second}, ys{got_a.second, got_b.first};
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  CHECK(xs == std::vector<std::int64_t>{1, 2});
  CHECK(ys == std::vector<std::int64_t>{1, 2});
  CHECK(write_transaction(*a, [&] { return a->take_ticket_number(x); }) == 3);
}
