// act_all and assign_all (request_moves.hpp), and the incidents' moves
// (incident_moves.hpp): one change for several tickets in one write
// transaction, all or nothing, and a dry run that writes nothing.
#include "desk_fixture.hpp"
#include "supportdesk/incident_moves.hpp"
#include "supportdesk/request_moves.hpp"

#include <doctest/doctest.h>

using namespace sd;
using sd::test::error_of;

namespace {

struct Fixture : sd::test::AcmeDesk {
  Status status(const std::string& key) { return Requests(desk.at("2026-11-09T12:00")).view(key).request.status; }
};

}  // namespace

TEST_CASE("act_all: several requests move together, an event and an audit entry each") {
  Fixture f;
  auto a = f.backup("2026-11-09T10:00"), b = f.backup("2026-11-09T10:05");
  auto audit_before = f.store.list_audit({}).size();
  auto moved = act_all(f.desk.at("2026-11-09T11:00"), {a, b}, Action::start, "on it", "");
  REQUIRE(moved.size() == 2);
  CHECK(moved[0].key() == a);
  CHECK(moved[1].key() == b);
  CHECK(moved[0].status == Status::in_progress);
  CHECK(moved[1].version == 2);
  CHECK(f.status(a) == Status::in_progress);
  CHECK(f.status(b) == Status::in_progress);
  auto audit = f.store.list_audit({});
  REQUIRE(audit.size() == audit_before + 2);
  CHECK_FALSE(f.store.in_transaction());
  CHECK(act_all(f.desk.at("2026-11-09T11:00"), {}, Action::start, "", "").empty());
}

TEST_CASE("act_all: one refusal among them writes nothing") {
  Fixture f;
  auto a = f.backup("2026-11-09T10:00"), b = f.backup("2026-11-09T10:05");
  Requests(f.desk.at("2026-11-09T10:30")).act(b, Action::start, "", "");
  auto audit_before = f.store.list_audit({}).size();
  auto& ctx = f.desk.at("2026-11-09T11:00");
  // b is in progress already: a's move, made first, is undone with it.
  auto [code, text] = error_of([&] { act_all(ctx, {a, b}, Action::start, "", ""); });
  CHECK(code == Exit::data);
  CHECK(text.find(b + " is in-progress") == 0);
  auto [gone, missing] = error_of([&] { act_all(ctx, {a, "ACME-99"}, Action::start, "", ""); });
  CHECK(gone == Exit::no_input);
  CHECK(missing.find("ACME-99") != std::string::npos);
  auto [twice, dup] = error_of([&] { act_all(ctx, {a, "ACME-1"}, Action::start, "", ""); });
  CHECK(twice == Exit::data);
  CHECK(dup.find("given more than once") != std::string::npos);
  auto [stale, version] = error_of([&] { act_all(ctx, {a, b}, Action::start, "", "", 1); });
  CHECK(stale == Exit::data);
  CHECK(version.rfind("if_version: ", 0) == 0);
  CHECK(f.status(a) == Status::open);
  CHECK(f.store.list_audit({}).size() == audit_before);
  CHECK_FALSE(f.store.in_transaction());
}

TEST_CASE("act_all: a dry run checks, returns the requests as they would be, and writes nothing") {
  Fixture f;
  auto a = f.backup("2026-11-09T10:00"), b = f.backup("2026-11-09T10:05");
  auto audit_before = f.store.list_audit({}).size();
  auto& ctx = f.desk.at("2026-11-09T11:00");
  auto would = act_all(ctx, {a, b}, Action::start, "", "", std::nullopt, true);
  REQUIRE(would.size() == 2);
  CHECK(would[0].status == Status::in_progress);
  CHECK(would[1].version == 2);
  CHECK(f.status(a) == Status::open);
  CHECK(f.status(b) == Status::open);
  CHECK(f.store.list_audit({}).size() == audit_before);
  CHECK_FALSE(f.store.in_transaction());
  // The same refusals as a real run (status() made a new context).
  auto& again = f.desk.at("2026-11-09T11:00");
  auto [code, text] = error_of([&] { act_all(again, {a, b}, Action::close, "", "", std::nullopt, true); });
  CHECK(code == Exit::data);
  CHECK(text.find(a + " is open") == 0);
}

TEST_CASE("assign_all: a shift's queue to the next engineer, as assign() hands over one") {
  Fixture f;
  auto a = f.backup("2026-11-09T10:00"), b = f.backup("2026-11-09T10:05");
  auto audit_before = f.store.list_audit({}).size();
  auto handed = assign_all(f.desk.at("2026-11-09T11:00"), {a, b}, "alice", "end of shift");
  REQUIRE(handed.size() == 2);
  CHECK(handed[0].assignee == "alice");
  CHECK(handed[1].version == 2);
  auto& read = f.desk.at("2026-11-09T12:00");
  for (const auto& key : {a, b}) {
    auto v = Requests(read).view(key);
    CHECK(v.request.assignee == "alice");
    REQUIRE_FALSE(v.events.empty());
    CHECK(v.events.back().kind == "assign");
    CHECK(v.events.back().from == "MSP");
    CHECK(v.events.back().to == "alice");
    CHECK(v.events.back().note == "end of shift");
  }
  auto audit = f.store.list_audit({});
  REQUIRE(audit.size() == audit_before + 2);
  CHECK(audit.back().action == "request.assign");
}

TEST_CASE("assign_all: a refusal or a dry run writes nothing") {
  Fixture f;
  auto a = f.backup("2026-11-09T10:00"), b = f.backup("2026-11-09T10:05");
  auto audit_before = f.store.list_audit({}).size();
  auto [code, text] = error_of([&] { assign_all(f.desk.at("2026-11-09T11:00"), {a, "ACME-99"}, "bob", ""); });
  CHECK(code == Exit::no_input);
  CHECK(text.find("ACME-99") != std::string::npos);
  auto [code2, text2] = error_of([&] { assign_all(f.desk.at("2026-11-09T11:00"), {a, b}, "bob\nsmith", ""); });
  CHECK(code2 == Exit::data);
  CHECK(text2.find("assignee") != std::string::npos);
  auto would = assign_all(f.desk.at("2026-11-09T11:00"), {a, b}, "bob", "", std::nullopt, true);
  REQUIRE(would.size() == 2);
  CHECK(would[1].assignee == "bob");
  CHECK(f.store.list_audit({}).size() == audit_before);
  auto& read = f.desk.at("2026-11-09T12:00");
  CHECK(Requests(read).view(a).request.assignee == "MSP");
  CHECK(Requests(read).view(b).request.assignee == "MSP");
  CHECK_FALSE(f.store.in_transaction());
}

namespace {
std::string outage(Fixture& f, const char* when) {
  NewIncident in;
  in.customer = "ACME";
  in.impact = Impact::no;
  in.title = "片系障害";
  return Incidents(f.desk.at(when)).open(in).key();
}
std::size_t hooks_named(const DeskContext& ctx, const std::string& name) {
  std::size_t n = 0;
  for (const auto& h : ctx.hooks) n += h.name == name;
  return n;
}
}  // namespace

TEST_CASE("incident moves: confirmed and closed together, an event, audit entry and hook each") {
  Fixture f;
  auto a = outage(f, "2026-11-09T10:00"), b = outage(f, "2026-11-09T10:05");
  for (const auto& k : {a, b}) Incidents(f.desk.at("2026-11-09T11:00")).recover(k, std::nullopt, "failover");
  auto audit_before = f.store.list_audit({}).size();
  auto& ctx = f.desk.at("2026-11-09T11:30");
  auto done = confirm_incidents(ctx, {a, b}, "checked");
  REQUIRE(done.size() == 2);
  CHECK(done[0].status == IncidentStatus::confirmed);
  CHECK(done[1].key() == b);
  CHECK(hooks_named(ctx, "incident.confirmed") == 2);
  CHECK(f.store.list_audit({}).size() == audit_before + 2);
  // No recovery notice yet: close refuses both, naming the first.
  auto& refused = f.desk.at("2026-11-09T11:40");
  auto [code, text] = error_of([&] { close_incidents(refused, {a, b}, ""); });
  CHECK(code == Exit::data);
  CHECK(text.find(a + ": the customer has not been told it recovered") == 0);
  CHECK(refused.hooks.empty());
  CHECK(Incidents(f.desk.at("2026-11-09T11:40")).view(b).incident.status == IncidentStatus::confirmed);
  CHECK_FALSE(f.store.in_transaction());
}

TEST_CASE("incident moves: assign hands several over; a dry run fires no hook and writes nothing") {
  Fixture f;
  auto a = outage(f, "2026-11-09T10:00"), b = outage(f, "2026-11-09T10:05");
  auto audit_before = f.store.list_audit({}).size();
  auto& dry = f.desk.at("2026-11-09T11:00");
  auto would = assign_incidents(dry, {a, b}, " alice ", "", std::nullopt, true);
  REQUIRE(would.size() == 2);
  CHECK(would[1].assignee == "alice");
  CHECK(dry.hooks.empty());
  CHECK(f.store.list_audit({}).size() == audit_before);
  auto& real = f.desk.at("2026-11-09T11:00");
  auto handed = assign_incidents(real, {a, b}, "alice", "night shift");
  CHECK(hooks_named(real, "incident.assigned") == 2);
  auto v = Incidents(f.desk.at("2026-11-09T12:00")).view(b);
  CHECK(v.incident.assignee == "alice");
  CHECK(v.incident.version == handed[1].version);
  // One already hers: the whole command refused.
  auto c = outage(f, "2026-11-09T12:10");
  auto [code, text] = error_of([&] { assign_incidents(f.desk.at("2026-11-09T12:20"), {c, a}, "alice", ""); });
  CHECK(code == Exit::data);
  CHECK(text == a + " is already assigned to alice");
  CHECK(Incidents(f.desk.at("2026-11-09T12:30")).view(c).incident.assignee == "MSP");
  CHECK_FALSE(f.store.in_transaction());
}
