// Changes: the rules table of their lifecycle, the service over the
// in-memory store, SQLite and PostgreSQL (the same story, the same answers), the
// CIs a succeeded change updates, the calendar's overlaps, and what the
// store check reports about changes.
#include "desk_fixture.hpp"
#include "pg_store.hpp"

#include "supportdesk/changes.hpp"
#include "supportdesk/config_items.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

using namespace sd;
using sd::test::Desk;
using sd::test::MemoryStore;
using sd::test::tokyo_at;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// A temporary SQLite store, removed afterwards.
struct SqliteFile {
  std::string path;
  std::unique_ptr<Store> store;
  SqliteFile() {
    path = (std::filesystem::temp_directory_path() / ("sd-changes-" + std::to_string(::getpid()) + ".db")).string();
    std::filesystem::remove(path);
    store = db::open_sqlite(path, true);
  }
  ~SqliteFile() {
    store.reset();
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  }
};

/// ACME with rds01 (version 15.3) and web01, BETA with beta-db, and two
/// requests of ACME: ACME-1 software-update (impacting), ACME-2 backup (minor).
void setup(Desk& d) {
  auto& ctx = d.at("2026-11-01T00:00");
  Customers(ctx).add(NewCustomer{"ACME", "ACME", Plan::basic, "", ""});
  Customers(ctx).add(NewCustomer{"BETA", "BETA", Plan::basic, "", ""});
  ConfigItems cis(d.at("2026-11-01T00:01"));
  NewConfigItem ci;
  ci.name = "rds01";
  ci.customer = "ACME";
  ci.type = "rds";
  ci.version = "15.3";
  cis.add(ci);
  ci.name = "web01";
  ci.type = "ec2";
  ci.version = "";
  cis.add(ci);
  ci.name = "beta-db";
  ci.customer = "BETA";
  ci.type = "rds";
  cis.add(ci);
  NewRequest r;
  r.customer = "ACME";
  r.type = "software-update";
  r.fields = {{"host", "rds01"}, {"target", "postgresql"}};
  Requests(d.at("2026-11-01T10:00")).create(r);
  r.type = "backup";
  r.fields = {{"op", "add"}, {"host", "web01"}};
  Requests(d.at("2026-11-01T10:01")).create(r);
}

NewChange upgrade() {
  NewChange in;
  in.customer = "ACME";
  in.title = "Upgrade rds01";
  in.from = "ACME-1";
  in.cis = {"rds01"};
  in.risk = ChangeRisk::medium;
  in.impact = "failover";
  in.sets = {{"version", "15.4"}};
  in.procedure = "1. snapshot\n2. upgrade\n";
  return in;
}

/// The whole story on one store; what it checks holds on every store.
void story(Store& store) {
  Desk d(store);
  setup(d);
  auto c = Changes(d.at("2026-11-02T10:00")).create(upgrade());
  CHECK(c.key() == "CHG-1");
  CHECK(c.status == ChangeStatus::draft);
  CHECK(c.from_key() == "ACME-1");
  CHECK(c.from_tier == Tier::impacting);
  CHECK(Requests(d.at("2026-11-02T10:00")).view("ACME-1").changes == std::vector<std::string>{"CHG-1"});

  // What new refuses, writing nothing.
  auto bad = upgrade();
  bad.cis = {"beta-db"};
  CHECK(error_of([&] { Changes(d.at("2026-11-02T10:01")).create(bad); }) == "ci: beta-db belongs to BETA, not to ACME");
  bad = upgrade();
  bad.cis = {};
  CHECK(error_of([&] { Changes(d.at("2026-11-02T10:01")).create(bad); }) ==
        "set: a change sets attributes on its CIs; name them with ci");
  bad = upgrade();
  bad.from = "ACME-9";
  CHECK(error_of([&] { Changes(d.at("2026-11-02T10:01")).create(bad); }) == "from: no request ACME-9 (see 'sd request list')");
  CHECK(Changes(d.at("2026-11-02T10:01")).list({}).size() == 1);

  // A minor-tier request is accepted, and says so.
  auto minor = upgrade();
  minor.from = "ACME-2";
  minor.cis = {"web01"};
  minor.sets = {};
  auto c2 = Changes(d.at("2026-11-02T10:02")).create(minor);
  CHECK(c2.key() == "CHG-2");
  CHECK(c2.from_tier == Tier::minor);

  // A context lives until the next d.at(): each call takes its own.
  auto ch = [&] { return Changes(d.at("2026-11-02T11:00")); };
  CHECK(error_of([&] { ch().implement("CHG-1", ""); }) ==
        "implement: CHG-1 is draft; only a change that is scheduled allows it");
  ch().assess("CHG-1", "");
  CHECK(error_of([&] { ch().approve("CHG-1", ""); }).rfind("rollback_plan: CHG-1 has none yet", 0) == 0);
  ch().rollback_plan("CHG-1", "restore the snapshot");
  auto approved = Changes(d.at("2026-11-02T11:10", "alice")).approve("CHG-1", "");
  CHECK(approved.approved_by == "alice");
  CHECK(approved.missing() == std::vector<std::string>{"pretest", "plan_review"});
  CHECK(error_of([&] { ch().schedule("CHG-1", tokyo_at("2026-12-05T04:00"), tokyo_at("2026-12-05T02:00")); })
            .rfind("end: ", 0) == 0);
  ch().schedule("CHG-1", tokyo_at("2026-12-05T02:00"), tokyo_at("2026-12-05T04:00"));
  Changes(d.at("2026-12-05T02:00")).implement("CHG-1", "");
  auto done = Changes(d.at("2026-12-05T03:00")).succeed("CHG-1", "");
  CHECK(done.outcome() == ChangeOutcome::succeeded);
  auto view = ConfigItems(d.at("2026-12-05T03:01")).view("rds01");
  CHECK(view.item.version == "15.4");
  REQUIRE(!view.history.empty());
  CHECK(view.history.back().attribute == "version");
  CHECK(view.history.back().why == "CHG-1");
  CHECK(error_of([&] { Changes(d.at("2026-12-05T03:02")).close("CHG-1", ""); }) ==
        "close: CHG-1 is succeeded; only a change that is reviewed or rejected allows it");
  Changes(d.at("2026-12-05T04:00")).review("CHG-1", true, "fine");
  auto closed = Changes(d.at("2026-12-05T04:01")).close("CHG-1", "");
  CHECK(closed.status == ChangeStatus::closed);
  CHECK(closed.goal_met == true);

  // The store gives it back as it was written.
  auto shown = Changes(d.at("2026-12-05T04:02")).view("CHG-1");
  CHECK(shown.change.procedure == "1. snapshot\n2. upgrade\n");
  CHECK(shown.change.sets == std::vector<std::pair<std::string, std::string>>{{"version", "15.4"}});
  CHECK(shown.change.cis == std::vector<std::string>{"rds01"});
  CHECK(shown.change.customer == "ACME");
  CHECK(shown.events.size() == 9);  // recorded .. closed

  // Filters.
  ChangeFilter f;
  f.ci = "web01";
  auto by_ci = Changes(d.at("2026-12-05T04:03")).list(f);
  REQUIRE(by_ci.size() == 1);
  CHECK(by_ci[0].key() == "CHG-2");
  f = {};
  f.statuses = {ChangeStatus::closed};
  CHECK(Changes(d.at("2026-12-05T04:03")).list(f).size() == 1);
  f = {};
  f.active_from = tokyo_at("2026-12-06T00:00");
  f.active_to = tokyo_at("2026-12-07T00:00");
  CHECK(Changes(d.at("2026-12-05T04:03")).list(f).size() == 1);  // CHG-2: CHG-1 closed before

  // The calendar: windows in start order, overlaps on a CI.
  auto next = upgrade();
  next.from = "";
  auto c3 = Changes(d.at("2026-12-01T00:00")).create(next);
  Changes cal(d.at("2026-12-01T00:10"));
  cal.assess(c3.key(), "");
  cal.rollback_plan(c3.key(), "undo");
  cal.approve(c3.key(), "");
  cal.schedule(c3.key(), tokyo_at("2026-12-05T01:00"), tokyo_at("2026-12-05T02:30"));
  auto calendar = Changes(d.at("2026-12-01T00:20")).calendar(tokyo_at("2026-12-01T00:00"), tokyo_at("2026-12-08T00:00"));
  REQUIRE(calendar.changes.size() == 2);
  CHECK(calendar.changes[0].key() == "CHG-3");
  CHECK(calendar.changes[1].key() == "CHG-1");
  REQUIRE(calendar.overlaps.size() == 1);
  CHECK(calendar.overlaps[0].ci == "rds01");
  CHECK(calendar.overlaps[0].first == "CHG-3");
  CHECK(calendar.overlaps[0].second == "CHG-1");

  // The audit log has every step under CHG-1.
  AuditFilter af;
  af.entity = "CHG-1";
  af.exact = true;
  CHECK(read_transaction(store, [&] { return store.list_audit(af); }).size() == 9);
  CHECK(read_transaction(store, [&] { return store.check_store(StoreLimits{tokyo_at("2000-01-01T00:00"),
                                                                           tokyo_at("2100-01-01T00:00")}); })
            .empty());
}

}  // namespace

TEST_CASE("changes: the rules table covers every action once, in order") {
  const auto& rules = change_rules();
  REQUIRE(rules.size() == 15);
  for (std::size_t k = 0; k < rules.size(); ++k) CHECK(static_cast<std::size_t>(rules[k].action) == k);
  CHECK(change_allows(ChangeAction::comment, ChangeStatus::closed));
  CHECK_FALSE(change_allows(ChangeAction::implement, ChangeStatus::approved));
  CHECK(change_states_text(ChangeAction::review) == "succeeded, failed or rolled-back");
  CHECK(change_rule(ChangeAction::rollback).to == ChangeStatus::rolled_back);
  // Every status but closed leads somewhere; closed leads nowhere.
  for (auto s : change_statuses()) {
    bool moves = false;
    for (const auto& r : rules)
      if (r.to && r.to != s && change_allows(r.action, s)) moves = true;
    CHECK(moves == (s != ChangeStatus::closed));
  }
}

TEST_CASE("changes: keys and overlapping windows") {
  CHECK(parse_change_key("CHG-12") == 12);
  CHECK(is_change_key("CHG-3"));
  CHECK_FALSE(is_change_key("PRB-3"));
  CHECK_THROWS_AS(parse_change_key("CHG-0"), Error);
  CHECK(reserved_customer_key("CHG"));
  auto at = [](const char* t) { return tokyo_at(t); };
  CHECK(windows_overlap(at("2026-12-05T01:00"), at("2026-12-05T03:00"), at("2026-12-05T02:00"), at("2026-12-05T04:00")));
  CHECK_FALSE(windows_overlap(at("2026-12-05T01:00"), at("2026-12-05T02:00"), at("2026-12-05T02:00"), at("2026-12-05T04:00")));
}

TEST_CASE("changes: the story on the in-memory store") {
  MemoryStore store;
  story(store);
}

TEST_CASE("changes: the same story on SQLite") {
  SqliteFile file;
  story(*file.store);
}

TEST_CASE("changes on PostgreSQL: the same story" * doctest::test_suite("pg")) {
  REQUIRE_MESSAGE(!sd::test::pg_conninfo().empty(), "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  auto store = sd::test::fresh_pg_store();
  story(*store);
}

namespace {
/// A change given a CI of another customer: what the store check says.
void check_foreign_ci(Store& store) {
  Desk d(store);
  setup(d);
  auto c = Changes(d.at("2026-11-02T10:00")).create(upgrade());
  auto beta = read_transaction(store, [&] { return *store.find_config_item("beta-db"); });
  write_transaction(store, [&] { store.add_change_ci(c.id, beta.id); });
  auto found = read_transaction(store, [&] {
    return store.check_store(StoreLimits{tokyo_at("2000-01-01T00:00"), tokyo_at("2100-01-01T00:00")});
  });
  REQUIRE(found.size() == 1);
  CHECK(found[0].check == "change");
  CHECK(found[0].detail == "changes CI beta-db of BETA, not of its customer ACME");
}
}  // namespace

TEST_CASE("changes: the store check reports a CI of another customer") {
  MemoryStore store;
  check_foreign_ci(store);
}

TEST_CASE("changes: the SQLite store check reports a CI of another customer") {
  SqliteFile file;
  check_foreign_ci(*file.store);
}

TEST_CASE("changes on PostgreSQL: the store check reports a CI of another customer" * doctest::test_suite("pg")) {
  REQUIRE_MESSAGE(!sd::test::pg_conninfo().empty(), "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  auto store = sd::test::fresh_pg_store();
  check_foreign_ci(*store);
}
