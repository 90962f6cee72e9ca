// Undo (undo.hpp): the actor's changes as a stack, however deep; a request's
// move taken back with its event; what cannot be taken back.
#include "desk_fixture.hpp"
#include "supportdesk/alerts_intake.hpp"
#include "supportdesk/undo.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace sd;
using sd::test::error_of;

TEST_CASE("undo: a stack deeper than the first read of the log, taken back newest first to the last") {
  sd::test::AcmeDesk f;
  const auto start = sd::test::tokyo_at("2026-11-10T09:00");
  const int n = 300;  // more than the 256 entries Undo reads first
  for (int i = 0; i < n; ++i)
    AlertIntake(f.desk.at(start + std::chrono::seconds(i), "alice")).add_hosts("ACME", {"h" + std::to_string(i)});
  // Another actor's newer change is not alice's to take back: it stays.
  AlertIntake(f.desk.at(start + std::chrono::seconds(n), "bob")).add_hosts("ACME", {"bob01"});
  for (int i = n - 1; i >= 0; --i) {
    Undo undo(f.desk.at(start + std::chrono::seconds(2 * n + i), "alice"));
    auto last = undo.last();
    REQUIRE(last.size() == 1);
    CHECK(last[0].entity == "ACME/host/h" + std::to_string(i));
    auto undone = undo.take_back({last[0].id}, false);
    CHECK(undone[0].id == last[0].id);
  }
  CHECK(Undo(f.desk.at("2026-11-11T09:00", "alice")).last().empty());
  auto hosts = AlertIntake(f.desk.at("2026-11-11T09:00")).hosts(std::string("ACME"));
  REQUIRE(hosts.size() == 1);
  CHECK(hosts[0].second == "bob01");
  auto [code, message] = error_of([&] { Undo(f.desk.at("2026-11-11T09:00", "alice")).take_back({}, false); });
  CHECK(code == Exit::no_input);
  CHECK(message == "undo: alice has no change left to take back");
}

TEST_CASE("undo: a request's wait taken back with its event: pauses and due time as before") {
  sd::test::AcmeDesk f;
  auto key = f.backup("2026-11-10T10:00");
  Requests(f.desk.at("2026-11-10T11:00", "alice")).act(key, Action::start, "", "");
  auto started = Requests(f.desk.at("2026-11-12T12:00")).view(key);
  Requests(f.desk.at("2026-11-10T12:00", "alice")).act(key, Action::wait, "", "");
  auto waiting = Requests(f.desk.at("2026-11-12T12:00")).view(key);
  CHECK(waiting.request.status == Status::waiting);
  CHECK(waiting.request.pauses.size() == 1);
  Undo undo(f.desk.at("2026-11-12T11:00", "alice"));
  auto last = undo.last();
  REQUIRE(last.size() == 1);
  CHECK(last[0].action == "request.wait");
  undo.take_back({last[0].id}, false);
  auto back = Requests(f.desk.at("2026-11-12T12:00")).view(key);
  CHECK(back.request.status == Status::in_progress);
  CHECK(back.request.pauses.empty());
  CHECK(back.request.due_at == started.request.due_at);
  CHECK(back.events.size() == started.events.size());
  CHECK(back.request.version == waiting.request.version + 1);
}

TEST_CASE("undo: the last change changed since, or not undoable, is refused and nothing is written") {
  sd::test::AcmeDesk f;
  auto key = f.backup("2026-11-10T10:00");
  Requests(f.desk.at("2026-11-10T11:00", "alice")).assign(key, "alice", "");
  Requests(f.desk.at("2026-11-10T11:05", "bob")).comment(key, "seen", false);
  auto entries = f.store.list_audit({}).size();
  auto [code, message] = error_of([&] { Undo(f.desk.at("2026-11-10T12:00", "alice")).take_back({}, false); });
  CHECK(code == Exit::data);
  CHECK(message.find("has changed since entry") != std::string::npos);
  CHECK(f.store.list_audit({}).size() == entries);
  // tester's last change is the request's creation: not taken back.
  auto [code2, message2] = error_of([&] { Undo(f.desk.at("2026-11-10T12:00", "tester")).take_back({}, false); });
  CHECK(code2 == Exit::data);
  CHECK(message2.find("(request.new of " + key + ") cannot be taken back") != std::string::npos);
  // A dry run checks and writes nothing.
  Requests(f.desk.at("2026-11-10T12:10", "carol")).assign(key, "carol", "");
  auto dry = Undo(f.desk.at("2026-11-10T12:20", "carol")).take_back({}, true);
  CHECK(dry.size() == 1);
  CHECK(Requests(f.desk.at("2026-11-10T12:30")).view(key).request.assignee == "carol");
}
