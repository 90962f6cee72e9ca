// The SQLite store's queries use the indexes built for them (EXPLAIN QUERY
// PLAN, read through SQLite directly), and a recompute of every request
// commits in batches with the same result as one pass.
#include "desk_fixture.hpp"
#include "supportdesk/error.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace sd;
using sd::test::Desk;

namespace {

struct TempStore {
  std::string path;
  std::unique_ptr<Store> store;
  explicit TempStore(const char* name) {
    path = (std::filesystem::temp_directory_path() /
            ("sd-" + std::string(name) + "-" + std::to_string(::getpid()) + ".db")).string();
    remove_files();
    store = db::open_sqlite(path, true);
  }
  ~TempStore() {
    store.reset();
    remove_files();
  }
  void remove_files() {
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  }
};

/// A second connection to the store's file, as another process would open it.
struct Raw {
  sqlite3* db = nullptr;
  explicit Raw(const std::string& path) { REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK); }
  ~Raw() { sqlite3_close(db); }
  int exec(const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }
  /// EXPLAIN QUERY PLAN of `sql`: its steps' details, one per line.
  std::string plan(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::string out;
    while (sqlite3_step(s) == SQLITE_ROW) out += std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 3))) + "\n";
    sqlite3_finalize(s);
    return out;
  }
};

/// Customers ACME and BETA with `n` requests each, some of them resolved.
void fill(Desk& d, int n) {
  Customers(d.at("2026-11-02T10:00")).add(NewCustomer{"ACME", "Acme", Plan::basic, "", ""});
  Customers(d.at("2026-11-02T10:00")).add(NewCustomer{"BETA", "Beta", Plan::basic, "", ""});
  for (int i = 0; i < n; ++i)
    for (const char* c : {"ACME", "BETA"}) {
      NewRequest in;
      in.customer = c;
      in.type = "backup";
      in.fields = {{"op", "add"}, {"host", "web01"}};
      auto r = Requests(d.at("2026-11-02T11:00")).create(in);
      if (i % 3 == 0) Requests(d.at("2026-11-02T12:00")).act(r.key(), Action::resolve, "done", "");
    }
}

// The queries as the store runs them (audit.cpp each_audit, tickets.cpp
// list_requests), their values left as parameters.
const char* const kLogOfKey =
    "SELECT id, at, actor, entity, action, before, after FROM audit WHERE 1 = 1 AND (entity = ?1 OR "
    "(entity >= ?2 AND entity < ?3) OR (entity >= ?4 AND entity < ?5)) ORDER BY id";
// `sd log --actor A --limit N` and `sd undo`'s read of the actor's newest
// entries.
const char* const kLogOfActor =
    "SELECT * FROM (SELECT id, at, actor, entity, action, before, after FROM audit WHERE 1 = 1 AND actor = ?9 "
    "ORDER BY id DESC LIMIT ?7) AS newest ORDER BY id";
const char* const kRequestSelect =
    "SELECT r.id, r.customer_id, c.key, r.number, r.type, r.tier, r.slo_days, r.title, r.priority, r.status, "
    "r.due_at FROM requests r JOIN customers c ON c.id = r.customer_id WHERE 1 = 1";
const char* const kOpen = " AND r.status IN (?2, ?3, ?4)";
const char* const kOrder = " ORDER BY r.due_at IS NULL, r.due_at, c.key, r.number";

void check_plans(Raw& raw) {
  auto log = raw.plan(kLogOfKey);
  INFO("sd log KEY: " << log);
  CHECK(log.find("audit_by_entity") != std::string::npos);
  CHECK(log.find("SCAN audit") == std::string::npos);

  auto actor = raw.plan(kLogOfActor);
  INFO("sd log --actor A --limit N, sd undo: " << actor);
  CHECK(actor.find("audit_by_actor (actor=?)") != std::string::npos);
  CHECK(actor.find("SCAN audit") == std::string::npos);

  auto customer_open = raw.plan(std::string(kRequestSelect) + " AND c.key = ?1" + kOpen + kOrder);
  INFO("request list --customer X --open: " << customer_open);
  CHECK(customer_open.find("requests_by_customer_status_due (customer_id=? AND status=?)") != std::string::npos);
  CHECK(customer_open.find("SCAN r") == std::string::npos);

  auto open = raw.plan(std::string(kRequestSelect) + kOpen + kOrder);
  INFO("request list --open: " << open);
  // By status over the desk, or (with few customers, as here once
  // analyzed) customer by customer and status: either way only open rows.
  CHECK((open.find("requests_by_status_due (status=?)") != std::string::npos ||
         open.find("requests_by_customer_status_due (customer_id=? AND status=?)") != std::string::npos));
  CHECK(open.find("SCAN r") == std::string::npos);
}

}  // namespace

TEST_CASE("sd log KEY and the open lists use their indexes, with and without statistics") {
  TempStore t("plan");
  Desk d(*t.store);
  fill(d, 150);
  Raw raw(t.path);
  SUBCASE("as created (sd init analyzed empty tables: the planner's defaults)") { check_plans(raw); }
  SUBCASE("after ANALYZE of the rows (a migrated store)") {
    REQUIRE(raw.exec("ANALYZE") == SQLITE_OK);
    check_plans(raw);
  }
}

TEST_CASE("a new store has been analyzed and keeps request fields without a rowid") {
  TempStore t("schema");
  Raw raw(t.path);
  auto count = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw.db, sql, -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    auto n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
  };
  CHECK(count("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'") == 1);
  CHECK(count("SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%request_fields%WITHOUT ROWID%'") == 1);
  CHECK(count("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'request_fields'") == 0);
  CHECK(count("SELECT count(*) FROM sqlite_schema WHERE name IN ('audit_by_at', 'requests_by_customer_due')") == 0);
}

namespace {

/// `n` requests of ACME whose cached due times are wrong (received plus one
/// wall-clock hour), written straight to the store in one transaction, as
/// a store from before a calendar change would hold them.
void stale_requests(Store& store, int n) {
  Desk d(store);
  Customers(d.at("2026-11-02T10:00")).add(NewCustomer{"ACME", "Acme", Plan::basic, "", ""});
  Transaction tx(store, Transaction::Mode::write);
  auto acme = store.find_customer("ACME");
  REQUIRE(acme);
  for (int i = 0; i < n; ++i) {
    Request r;
    r.customer_id = acme->id;
    r.customer = "ACME";
    r.number = store.take_ticket_number(acme->id);
    r.type = "backup";
    r.title = "バックアップ作業";
    r.fields = {{"op", "add"}, {"host", "web01"}};
    r.received_at = sd::test::tokyo_at("2026-11-02T10:00") + std::chrono::minutes(i);
    r.clock_start = r.received_at;
    r.due_at = r.received_at + std::chrono::hours(1);
    r.created_at = r.updated_at = r.received_at;
    r.id = store.insert_request(r);
    RequestEvent e;
    e.request_id = r.id;
    e.at = r.received_at;
    e.actor = "tester";
    e.kind = "created";
    e.to = "open";
    store.insert_request_event(e);
  }
  tx.commit();
}

/// Everything a recompute writes: each request's due times and events, and the audit log.
std::string outcome(Store& store) {
  std::string out;
  Transaction tx(store, Transaction::Mode::read);
  for (const auto& r : store.requests_after(0, 1'000'000)) {
    out += r.key() + " " + std::to_string(r.due_at->time_since_epoch().count()) + " " +
           std::to_string(r.slo_due_at ? r.slo_due_at->time_since_epoch().count() : 0) + "\n";
    for (const auto& e : store.request_events(r.id)) out += "  " + e.kind + " " + e.from + " " + e.to + "\n";
  }
  for (const auto& e : store.list_audit({})) out += e.entity + " " + e.action + " " + e.before + " " + e.after + "\n";
  tx.commit();
  return out;
}

}  // namespace

TEST_CASE("recompute of every request commits in batches, resumes, and ends as one pass would") {
  const int n = 2'500;
  TempStore one("recompute-one"), batched("recompute-batched"), resumed("recompute-resumed");
  for (auto* t : {&one, &batched, &resumed}) stale_requests(*t->store, n);

  Desk d1(*one.store);
  auto whole = Requests(d1.at("2026-11-30T10:00")).recompute_all(std::nullopt, 1'000'000, [](const RecomputeBatch&) {});
  CHECK(whole.batches == 1);
  CHECK(whole.checked == static_cast<std::size_t>(n));
  CHECK(whole.changed == static_cast<std::size_t>(n));

  // Between batches the write lock is free: another connection writes at
  // once (no busy wait), and its row is there at the end.
  Desk d2(*batched.store);
  Raw other(batched.path);
  std::vector<std::size_t> sizes;
  int writes = 0;
  auto sum = Requests(d2.at("2026-11-30T10:00")).recompute_all(std::nullopt, 1'000, [&](const RecomputeBatch& b) {
    sizes.push_back(b.checked);
    if (other.exec("BEGIN IMMEDIATE; UPDATE customers SET name = 'Acme " + std::to_string(++writes) +
                   "' WHERE key = 'ACME'; COMMIT") != SQLITE_OK)
      other.exec("ROLLBACK");
  });
  CHECK(sum.batches == 3);
  CHECK(sizes == std::vector<std::size_t>{1'000, 1'000, 500});
  CHECK(sum.last == "ACME-2500");
  {
    Transaction tx(*batched.store, Transaction::Mode::read);
    CHECK(batched.store->find_customer("ACME")->name == "Acme 3");
    tx.commit();
  }

  // Stopped after its first batch, then resumed after that batch's last request.
  Desk d3(*resumed.store);
  std::string last;
  struct Stop {};
  CHECK_THROWS_AS(Requests(d3.at("2026-11-30T10:00")).recompute_all(std::nullopt, 1'000, [&](const RecomputeBatch& b) {
    last = b.last;
    throw Stop{};
  }), Stop);
  CHECK(last == "ACME-1000");
  auto rest = Requests(d3.at("2026-11-30T10:00")).recompute_all(last, 1'000, [](const RecomputeBatch&) {});
  CHECK(rest.checked == static_cast<std::size_t>(n - 1000));

  auto expected = outcome(*one.store);
  CHECK(outcome(*batched.store) == expected);
  CHECK(outcome(*resumed.store) == expected);
  CHECK_THROWS_AS(Requests(d1.at("2026-11-30T10:00")).recompute_all(std::nullopt, 0, [](const RecomputeBatch&) {}),
                  Error);
}
