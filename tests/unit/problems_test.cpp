// Problems: the rules of their states over the in-memory store, and the
// incident trends the SQLite store aggregates in SQL agreeing with a plain
// count of the generated incidents (and with the in-memory store's).
#include "desk_fixture.hpp"

#include "supportdesk/config_items.hpp"

#include "pg_store.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <random>

using namespace sd;
using sd::test::Desk;
using sd::test::MemoryStore;

namespace {

void add_customers(Desk& d, std::initializer_list<const char*> keys) {
  auto& ctx = d.at("2026-11-01T00:00");
  for (const char* key : keys) Customers(ctx).add(NewCustomer{key, key, Plan::basic, "", ""});
}

}  // namespace

TEST_CASE("problems: the states and what each allows") {
  MemoryStore store;
  Desk d(store);
  add_customers(d, {"ACME"});
  NewIncident in;
  in.customer = "ACME";
  in.host = "db01";
  Incidents(d.at("2026-11-02T10:00")).open(in);
  Incidents(d.at("2026-11-03T10:00")).open(in);

  NewProblem np;
  np.title = "db01 connections";
  np.from = {"ACME-1"};
  np.priority = Priority::high;
  np.category = "database";
  auto p = Problems(d.at("2026-11-04T10:00")).create(np);
  CHECK(p.key() == "PRB-1");
  CHECK(p.tickets == std::vector<std::string>{"ACME-1"});
  CHECK(Problems(d.at("2026-11-04T10:01")).create(NewProblem{"second", {}, Priority::low, "", ""}).key() == "PRB-2");
  CHECK(Incidents(d.at("2026-11-04T10:02")).view("ACME-1").problems == std::vector<std::string>{"PRB-1"});
  CHECK(Incidents(d.at("2026-11-04T10:02")).view("ACME-2").problems.empty());

  // A ticket that does not exist, and the customer keys the desk keeps.
  np.from = {"ACME-9"};
  CHECK_THROWS_WITH_AS(Problems(d.at("2026-11-04T10:03")).create(np), "from: no incident or request ACME-9 (see 'sd incident list', 'sd request list')", Error);
  CHECK(Problems(d.at("2026-11-04T10:03")).list({}).size() == 2);
  CHECK_THROWS_AS(Customers(d.at("2026-11-04T10:03")).add(NewCustomer{"PRB", "x", Plan::basic, "", ""}), Error);

  Problems problems(d.at("2026-11-05T10:00"));
  CHECK_THROWS_WITH_AS(problems.close("PRB-1", ""), "close: PRB-1 is open; only a problem that is resolved allows it", Error);
  CHECK_THROWS_WITH(problems.known_error("PRB-1", ""), doctest::Contains("root_cause: PRB-1 has none yet"));
  problems.root_cause("PRB-1", "max_connections");
  CHECK_THROWS_WITH(problems.known_error("PRB-1", ""), doctest::Contains("workaround: PRB-1 has none yet"));
  problems.workaround("PRB-1", "fewer workers");
  problems.link("PRB-1", {"ACME-2"});
  CHECK_THROWS_WITH(problems.link("PRB-1", {"ACME-2"}), "ticket: ACME-2 is already linked to PRB-1");
  auto ke = problems.known_error("PRB-1", "");
  CHECK(ke.status == ProblemStatus::known_error);
  CHECK(ke.known_error());
  CHECK(problems.list(ProblemFilter{{}, std::nullopt, true, std::nullopt, std::nullopt}).size() == 1);
  problems.resolve("PRB-1", "raised");
  CHECK_THROWS_WITH(problems.workaround("PRB-1", "x"),
                    "workaround: PRB-1 is resolved; only a problem that is open or known-error allows it");
  auto closed = problems.close("PRB-1", "");
  CHECK(closed.status == ProblemStatus::closed);
  CHECK(closed.known_error());
  CHECK_THROWS_WITH(problems.edit("PRB-1", ProblemEdit{std::nullopt, std::nullopt, Priority::low}),
                    "edit: PRB-1 is closed; only a problem that is open, known-error or resolved allows it");
  problems.comment("PRB-1", "done");

  std::vector<std::string> stages;
  for (const auto& e : problems.view("PRB-1").events) stages.emplace_back(to_string(problem_stage(e.kind)));
  CHECK(stages == std::vector<std::string>{"record", "identify", "prioritize", "classify", "update", "update",
                                           "identify", "update", "resolve", "close", "update"});
  std::vector<std::string> actions;
  AuditFilter prb1;
  prb1.entity = "PRB-1";
  for (const auto& e : AuditLog(d.at("2026-11-06T10:00")).log(prb1))
    actions.push_back(e.action);
  CHECK(actions.front() == "problem.new");
  CHECK(actions.size() == 8);
  CHECK_THROWS_AS(Problems(d.at("2026-11-06T10:00")).view("PRB-3"), Error);
  CHECK_THROWS_AS(Problems(d.at("2026-11-06T10:00")).view("ACME-1"), Error);
}

namespace {

struct Stores {
  MemoryStore memory;
  std::string path;
  std::unique_ptr<Store> sqlite;
  /// With `pg`, the SQL store is PostgreSQL's (pg_store.hpp) instead.
  explicit Stores(bool pg = false) {
    if (pg) {
      sqlite = sd::test::fresh_pg_store();
      return;
    }
    path = (std::filesystem::temp_directory_path() / ("sd-trends-" + std::to_string(::getpid()) + ".db")).string();
    std::filesystem::remove(path);
    sqlite = db::open_sqlite(path, true);
  }
  ~Stores() {
    sqlite.reset();
    if (path.empty()) return;
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  }
};

/// What the test generated: one incident.
struct Made {
  std::string customer, host, kind;
  Instant received;
};

/// The CIs of the test: db01 is ACME's and web01 BETA's, so an incident of
/// another customer on that host has no CI.
const std::map<std::string, std::string> kCiOwner{{"db01", "ACME"}, {"web01", "BETA"}};

/// The value `m` is counted under in `group` ("": not counted).
std::string grouped(const Made& m, TrendGroup group) {
  switch (group) {
    case TrendGroup::customer: return m.customer;
    case TrendGroup::host: return m.host;
    case TrendGroup::kind: return m.kind;
    case TrendGroup::ci: {
      auto owner = kCiOwner.find(m.host);
      return owner != kCiOwner.end() && owner->second == m.customer ? m.host : "";
    }
  }
  return "";
}

/// The plain count: incidents of `made` in the query's window, by `group`.
std::vector<TrendCount> count(const std::vector<Made>& made, const TrendQuery& q, TrendGroup group) {
  std::map<std::string, TrendCount> by;
  for (const auto& m : made) {
    if (m.received < q.from || m.received >= q.to || (q.customer && m.customer != *q.customer)) continue;
    const std::string value = grouped(m, group);
    if (value.empty()) continue;
    auto& c = by[value];
    if (c.incidents == 0 || m.received < c.first) c.first = m.received;
    if (c.incidents == 0 || m.received > c.last) c.last = m.received;
    c.value = value;
    ++c.incidents;
  }
  std::vector<TrendCount> out;
  for (auto& [v, c] : by) out.push_back(c);
  std::sort(out.begin(), out.end(), trend_before);
  return out;
}

std::string text(const std::vector<TrendCount>& counts) {
  std::string out;
  for (const auto& c : counts)
    out += c.value + ":" + std::to_string(c.incidents) + ":" + std::to_string(c.first.time_since_epoch().count()) + ":" +
           std::to_string(c.last.time_since_epoch().count()) + " ";
  return out;
}

}  // namespace

namespace {
void check_trends(bool pg) {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    Stores s(pg);
    REQUIRE(s.sqlite);
    Desk a(s.memory), b(*s.sqlite);
    const char* const customers[] = {"ACME", "BETA", "GAMMA"};
    for (Desk* d : {&a, &b}) {
      add_customers(*d, {"ACME", "BETA", "GAMMA"});
      for (const auto& [name, owner] : kCiOwner)
        ConfigItems(d->at("2026-10-01T10:00")).add(NewConfigItem{name, owner, "ec2", CiStatus::active, "", "", "", ""});
    }
    std::mt19937 rnd(seed);
    auto pick = [&](int n) { return static_cast<int>(rnd() % static_cast<unsigned>(n)); };
    const char* const hosts[] = {"db01", "web01", "web02", "app01", ""};
    const char* const checks[] = {"cpu", "disk-full", "mysql-connections", "http-5xx", ""};
    Instant start = sd::test::tokyo_at("2026-11-01T00:00");
    std::vector<Made> made;
    std::vector<std::pair<Instant, int>> times;
    for (int i = 0; i < 150; ++i) times.emplace_back(start + std::chrono::minutes{pick(29 * 24 * 60)}, i);
    std::sort(times.begin(), times.end());
    for (const auto& [at, i] : times) {
      Made m{customers[pick(3)], hosts[pick(5)], "", at};
      if (pick(4) == 0) {
        // Opened by hand: no alert, so no kind.
        NewIncident in;
        in.customer = m.customer;
        in.host = m.host;
        for (Desk* d : {&a, &b}) Incidents(d->at(at)).open(in);
      } else {
        m.kind = checks[pick(5)];
        Json payload{{"id", "alert-" + std::to_string(i)}, {"status", "firing"}, {"title", "alert " + std::to_string(i)}};
        if (!m.host.empty()) payload["host"] = m.host;
        if (!m.kind.empty()) payload["check"] = m.kind;
        for (Desk* d : {&a, &b}) {
          auto r = AlertIntake(d->at(at)).ingest(payload.dump(), AlertFormat::generic, m.customer);
          REQUIRE(r.outcomes.size() == 1);
        }
      }
      made.push_back(m);
    }
    std::vector<TrendQuery> queries{{start, start + std::chrono::days{30}, std::nullopt},
                                    {start + std::chrono::days{10}, start + std::chrono::days{17}, std::nullopt},
                                    {start, start + std::chrono::days{30}, std::string("BETA")},
                                    {start + std::chrono::days{3}, start + std::chrono::days{4}, std::string("ACME")}};
    for (const auto& q : queries) {
      for (auto g : {TrendGroup::customer, TrendGroup::host, TrendGroup::kind, TrendGroup::ci}) {
        CAPTURE(to_string(g));
        auto want = text(count(made, q, g));
        CHECK(text(s.memory.incident_trend(q, g)) == want);
        CHECK(text(read_transaction(*s.sqlite, [&] { return s.sqlite->incident_trend(q, g); })) == want);
      }
    }
  }
}
}  // namespace

TEST_CASE("problems: incident trends in SQL equal a plain count over generated incidents") { check_trends(false); }

TEST_CASE("problems on PostgreSQL: incident trends in SQL equal a plain count" * doctest::test_suite("pg")) {
  REQUIRE_MESSAGE(!sd::test::pg_conninfo().empty(), "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  check_trends(true);
}
