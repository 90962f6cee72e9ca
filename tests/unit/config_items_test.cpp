// Configuration items over the in-memory store and SQLite: the impact rule
// and cycles (config_item.hpp), what the service records and refuses, the
// history read from the audit log, and apply() as a change uses it.
#include "desk_fixture.hpp"

#include "supportdesk/config_items.hpp"
#include "supportdesk/customers.hpp"

#include "pg_store.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include <unistd.h>

using namespace sd;
using sd::test::Desk;
using sd::test::MemoryStore;

namespace {

CiLink link(const char* from, CiRelation r, const char* to) {
  CiLink l;
  l.from = from;
  l.to = to;
  l.relation = r;
  return l;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// ACME and BETA, and ACME's tree elb → web01, web02 → rds01.
void tree(Store& store) {
  Desk desk(store);
  auto& ctx = desk.at("2026-11-09T09:00");
  Customers c(ctx);
  c.add(NewCustomer{"ACME", "Acme", Plan::basic, "", ""});
  c.add(NewCustomer{"BETA", "Beta", Plan::basic, "", ""});
  ConfigItems cis(ctx);
  cis.add(NewConfigItem{"rds01", "ACME", "rds", CiStatus::active, "", "15.3", "", ""});
  cis.add(NewConfigItem{"web01", "ACME", "ec2", CiStatus::active, "", "", "", ""});
  cis.add(NewConfigItem{"web02", "ACME", "ec2", CiStatus::active, "", "", "", ""});
  cis.add(NewConfigItem{"elb", "ACME", "alb", CiStatus::active, "", "", "", ""});
  cis.add(NewConfigItem{"beta-db", "BETA", "rds", CiStatus::active, "", "", "", ""});
  cis.link("elb", CiRelation::depends_on, "web01");
  cis.link("elb", CiRelation::depends_on, "web02");
  cis.link("web01", CiRelation::depends_on, "rds01");
  cis.link("web02", CiRelation::runs_on, "rds01");
}

/// What the service does, the same over any store.
void service_checks(Store& store) {
  tree(store);
  Desk desk(store);
  auto& ctx = desk.at("2026-11-10T09:00");
  ConfigItems cis(ctx);
  auto impact = cis.impact("rds01");
  REQUIRE(impact.size() == 3);
  CHECK(impact[0].item.name == "web01");
  CHECK(impact[1].item.name == "web02");
  CHECK(impact[2].item.name == "elb");
  CHECK(impact[2].how.depth == 2);
  CHECK(impact[2].how.path == std::vector<std::string>{"elb", "web01", "rds01"});

  auto audit_before = store.list_audit({}).size();
  CHECK(error_of([&] { cis.link("rds01", CiRelation::part_of, "elb"); }).find("would close a cycle") !=
        std::string::npos);
  CHECK(error_of([&] { cis.link("web01", CiRelation::depends_on, "beta-db"); }).find("one customer") !=
        std::string::npos);
  CHECK(error_of([&] { cis.link("web01", CiRelation::depends_on, "web01"); }).find("itself") != std::string::npos);
  CHECK(error_of([&] { cis.link("elb", CiRelation::depends_on, "web01"); }).find("already recorded") !=
        std::string::npos);
  CHECK(error_of([&] { cis.add(NewConfigItem{"rds01", "BETA", "rds", CiStatus::active, "", "", "", ""}); })
            .find("already exists") != std::string::npos);
  CHECK(error_of([&] { cis.add(NewConfigItem{"x y", "ACME", "rds", CiStatus::active, "", "", "", ""}); })
            .rfind("name:", 0) == 0);
  CHECK(error_of([&] { cis.add(NewConfigItem{"x1", "ACME", "vax", CiStatus::active, "", "", "", ""}); })
            .rfind("type:", 0) == 0);
  CHECK(store.list_audit({}).size() == audit_before);

  // A change applies attributes in its own transaction, by its own actor.
  auto at = sd::test::tokyo_at("2026-11-12T15:00");
  write_transaction(store, [&] {
    cis.apply("rds01", {{"version", "15.4"}, {"status", "maintenance"}}, "sato", at, "CHG-1");
  });
  auto v = cis.view("rds01");
  CHECK(v.item.version == "15.4");
  CHECK(v.item.status == CiStatus::maintenance);
  CHECK(v.links_in.size() == 2);
  std::vector<std::string> versions;
  for (const auto& h : v.history)
    if (h.attribute == "version")
      versions.push_back(h.before.is_null() ? "-" : h.before.get<std::string>() + "→" + h.after.get<std::string>());
  CHECK(versions == std::vector<std::string>{"-", "15.3→15.4"});
  CHECK(v.history.back().actor == "sato");
  CHECK(v.history.back().why == "CHG-1");
  CHECK(v.history.back().at == at);
  CHECK(error_of([&] { write_transaction(store, [&] { cis.apply("rds01", {{"colour", "red"}}, "sato", at, ""); }); })
            .find("not a CI attribute") != std::string::npos);

  // A CI's log is its own: not web01-old's.
  cis.add(NewConfigItem{"web01-old", "ACME", "ec2", CiStatus::retired, "", "", "", ""});
  AuditFilter f;
  f.entity = "web01";
  auto log = AuditLog(ctx).log(f);
  REQUIRE(log.size() == 2);
  CHECK(log[0].action == "ci.add");
  CHECK(log[1].action == "ci.link");
  StoreLimits limits{Instant{std::chrono::seconds{kFirstStoredSecond}},
                     Instant{std::chrono::seconds{kEndStoredSecond - 1}}};
  auto problems = read_transaction(store, [&] { return store.check_store(limits); });
  for (const auto& p : problems) FAIL_CHECK(std::string(p.check + " " + p.where + ": " + p.detail));
}

}  // namespace

TEST_CASE("impact: every CI with a path to the failed one, nearest first, by its shortest path") {
  std::vector<CiLink> links{link("elb", CiRelation::depends_on, "web01"), link("elb", CiRelation::depends_on, "web02"),
                            link("web01", CiRelation::depends_on, "rds01"), link("web02", CiRelation::runs_on, "rds01"),
                            link("app", CiRelation::part_of, "elb"), link("elb", CiRelation::depends_on, "rds01")};
  auto out = impact_of("rds01", links);
  REQUIRE(out.size() == 4);
  CHECK(out[0].name == "elb");  // depth 1 through its own link
  CHECK(out[0].depth == 1);
  CHECK(out[1].name == "web01");
  CHECK(out[2].name == "web02");
  CHECK(out[2].relations == std::vector<CiRelation>{CiRelation::runs_on});
  CHECK(out[3].name == "app");
  CHECK(out[3].path == std::vector<std::string>{"app", "elb", "rds01"});
  CHECK(impact_of("app", links).empty());
}

TEST_CASE("a link that lets a CI reach itself closes a cycle") {
  std::vector<CiLink> links{link("a", CiRelation::depends_on, "b"), link("b", CiRelation::runs_on, "c")};
  std::vector<std::string> cycle;
  CHECK(closes_cycle("c", "a", links, &cycle));
  CHECK(cycle == std::vector<std::string>{"c", "a", "b", "c"});
  CHECK(closes_cycle("a", "a", links));
  CHECK_FALSE(closes_cycle("a", "c", links));
  CHECK_FALSE(closes_cycle("d", "a", links));
}

TEST_CASE("names, types and locations") {
  CHECK_NOTHROW(check_ci_name("web01.prod-ap1_x"));
  CHECK_THROWS(check_ci_name(""));
  CHECK_THROWS(check_ci_name("-web"));
  CHECK_THROWS(check_ci_name("web 01"));
  CHECK_THROWS(check_ci_name(std::string(254, 'a')));
  CHECK_NOTHROW(check_ci_type("elasticache"));
  CHECK_THROWS(check_ci_type("EC2"));
  CHECK_NOTHROW(check_ci_location("ap-northeast-1"));
  CHECK_NOTHROW(check_ci_location("ap-northeast-1/ap-northeast-1a"));
  CHECK_NOTHROW(check_ci_location("us-gov-west-1/us-gov-west-1b"));
  CHECK_THROWS(check_ci_location("tokyo"));
  CHECK_THROWS(check_ci_location("ap-northeast-1/us-east-1a"));
  CHECK_THROWS(check_ci_location("ap-northeast-1/"));
}

TEST_CASE("the DOT graph quotes every name") {
  ConfigItem a, b;
  a.name = "web01";
  a.customer = "ACME";
  a.type = "ec2";
  b.name = "rds.01";
  b.customer = "ACME";
  b.type = "rds";
  b.status = CiStatus::retired;
  auto dot = to_dot({a, b}, {link("web01", CiRelation::depends_on, "rds.01")});
  CHECK(dot.find("subgraph \"cluster_ACME\"") != std::string::npos);
  CHECK(dot.find("\"web01\" -> \"rds.01\" [label=\"depends-on\"];") != std::string::npos);
  CHECK(dot.find("\"rds.01\" [label=\"rds.01\\nrds\", style=dashed") != std::string::npos);
}

TEST_CASE("configuration items over the in-memory store") {
  MemoryStore store;
  service_checks(store);
}

TEST_CASE("configuration items over SQLite") {
  auto path = std::filesystem::temp_directory_path() / ("sd-ci-test-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto store = db::open_sqlite(path.string(), true);
    service_checks(*store);
  }
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + ext);
}

TEST_CASE("configuration items over PostgreSQL" * doctest::test_suite("pg")) {
  auto store = sd::test::fresh_pg_store();
  REQUIRE_MESSAGE(store, "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  service_checks(*store);
}
