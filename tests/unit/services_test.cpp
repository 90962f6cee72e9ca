// The services over the in-memory store: what each operation records, what
// it refuses, and that a refused operation changes nothing.
#include "desk_fixture.hpp"

#include <doctest/doctest.h>

using namespace sd;
using sd::test::tokyo_at;

namespace {

/// A desk with customer ACME (advanced plan) and two contacts.
struct Fixture : sd::test::AcmeDesk {
  Fixture() {
    Customers c(desk.at("2026-11-09T09:00"));
    c.add_contact("ACME", ContactInput{"田中", "03-1111-1111", "", "", std::nullopt});
    c.add_contact("ACME", ContactInput{"鈴木", "03-2222-2222", "", "", std::nullopt});
  }
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("customers: add, contacts in call order, and refusals that change nothing") {
  Fixture f;
  auto& ctx = f.desk.at("2026-11-09T10:00");
  Customers c(ctx);
  CHECK(c.get("ACME").name == "Acme 株式会社");
  CHECK(c.get("ACME").tz == "Asia/Tokyo");
  auto list = c.contacts("ACME");
  REQUIRE(list.size() == 2);
  CHECK(list[0].name == "田中");
  CHECK(list[1].position == 2);

  auto moved = c.reorder_contacts("ACME", {"鈴木"});
  CHECK(moved[0].name == "鈴木");
  CHECK(moved[1].name == "田中");

  auto audit_before = f.store.list_audit({}).size();
  CHECK(error_of([&] { c.add(NewCustomer{"ACME", "again", Plan::basic, "", ""}); }) == "customer: ACME already exists");
  CHECK(error_of([&] { c.add_contact("ACME", ContactInput{"佐藤", "not a phone", "", "", std::nullopt}); })
            .rfind("phone: 'not a phone' is not a phone number", 0) == 0);
  CHECK(error_of([&] { c.add(NewCustomer{"MARS", "x", Plan::basic, "Mars/Base", ""}); })
            .rfind("tz: unknown time zone 'Mars/Base'", 0) == 0);
  CHECK(error_of([&] { c.edit("ACME", CustomerEdit{}); }) == "customer edit: nothing to change");
  CHECK(f.store.list_audit({}).size() == audit_before);
  CHECK_FALSE(f.store.in_transaction());
}

TEST_CASE("requests: resolved after the due time is missed, even when no business time was left") {
  Fixture f;
  // Received Monday 2026-11-09 11:00: 1 business day is due Tuesday 11:00.
  auto key = f.backup("2026-11-09T11:00");
  Requests at_due(f.desk.at("2026-11-10T11:00"));
  CHECK(f.desk.ctx->iso(*at_due.view(key).request.due_at) == "2026-11-10T11:00:00+09:00");

  // A second one due at 19:00, resolved at 19:30: outside business hours no
  // business time is spent, but the due time has passed: late.
  auto evening = f.backup("2026-11-09T19:00");
  Requests after(f.desk.at("2026-11-10T19:30"));
  auto v = after.view(evening);
  CHECK(f.desk.ctx->iso(*v.request.due_at) == "2026-11-10T19:00:00+09:00");
  CHECK(v.clock.left().count() == 0);
  CHECK(v.clock.late());
  CHECK(error_of([&] { after.act(evening, Action::resolve, "", ""); })
            .rfind("miss_reason: " + evening + " is past its due time", 0) == 0);
  auto r = after.act(evening, Action::resolve, "", "夜間対応");
  CHECK(request_standing(r, tokyo_at("2026-11-30T00:00")) == Standing::missed);
  CHECK(after.clock(r).standing == Standing::missed);

  // On time: a miss reason is refused.
  Requests early(f.desk.at("2026-11-10T10:59"));
  CHECK(error_of([&] { early.act(key, Action::resolve, "", "why"); }).rfind("miss_reason: " + key + " is on time", 0) == 0);
  CHECK(early.act(key, Action::resolve, "", "").status == Status::resolved);
}

TEST_CASE("requests: waiting moves the due time by the business time waited") {
  Fixture f;
  auto key = f.backup("2026-11-09T11:00");
  Requests(f.desk.at("2026-11-09T12:00")).act(key, Action::wait, "確認待ち", "");
  auto waiting = Requests(f.desk.at("2026-11-09T13:00")).view(key);
  CHECK(waiting.clock.paused);
  CHECK_FALSE(waiting.request.due_at);  // unknown while waiting
  CHECK(request_standing(waiting.request, tokyo_at("2026-11-10T00:00")) == Standing::unclocked);
  auto resumed = Requests(f.desk.at("2026-11-09T15:00")).act(key, Action::resume, "", "");
  CHECK(f.desk.ctx->iso(*resumed.due_at) == "2026-11-10T14:00:00+09:00");
}

TEST_CASE("requests: the check warns on business time left and is critical past due") {
  Fixture f;
  auto a = f.backup("2026-11-09T11:00");  // due 11-03 11:00
  auto b = f.backup("2026-11-09T17:00");  // due 11-03 17:00
  auto items = Requests(f.desk.at("2026-11-10T12:00")).check(std::chrono::hours{2}, std::nullopt);
  REQUIRE(items.size() == 1);
  CHECK(items[0].request.key() == a);
  CHECK(items[0].state == Urgency::missed);
  items = Requests(f.desk.at("2026-11-10T15:30")).check(std::chrono::hours{2}, std::nullopt);
  REQUIRE(items.size() == 2);
  CHECK(items[1].request.key() == b);
  CHECK(items[1].state == Urgency::due_soon);
}

TEST_CASE("incidents: first notice by SLO and SLA, interim reports, hooks fire once") {
  Fixture f;
  NewIncident in;
  in.customer = "ACME";
  in.host = "web01";
  in.impact = Impact::yes;
  auto inc = Incidents(f.desk.at("2026-11-09T03:00")).open(in);
  CHECK(f.desk.ctx->hooks.size() == 2);  // opened, judged

  auto clock = Incidents(f.desk.at("2026-11-09T03:05")).clock(inc);
  CHECK(clock.first_slo_due == tokyo_at("2026-11-09T03:15"));
  CHECK(*clock.first_sla_due == tokyo_at("2026-11-09T03:30"));

  // 03:20: the SLO deadline has passed, the SLA's has not.
  Incidents late(f.desk.at("2026-11-09T03:20"));
  auto items = late.check(std::chrono::minutes{5}, std::nullopt);
  REQUIRE(items.size() == 2);
  CHECK(items[0].state == Urgency::missed);
  CHECK(items[1].state == Urgency::ok);
  CHECK(f.desk.ctx->hooks.size() == 1);  // obligation.missed, once
  Incidents(f.desk.at("2026-11-09T03:21")).check(std::chrono::minutes{5}, std::nullopt);
  CHECK(f.desk.ctx->hooks.empty());

  // 03:22 a Backlog post alone is not a notice while it affects service;
  // the answered call at 03:25 completes it (white paper §4.2.2).
  NotifyInput first_post;
  first_post.via = NoticeVia::backlog;
  CHECK_FALSE(Incidents(f.desk.at("2026-11-09T03:22")).notify(inc.key(), first_post).first_notified_at);
  NotifyInput call;
  call.via = NoticeVia::phone;
  call.contact = "1";
  call.result = CallResult::answered;
  auto notified = Incidents(f.desk.at("2026-11-09T03:25")).notify(inc.key(), call);
  CHECK(*notified.first_notified_at == tokyo_at("2026-11-09T03:25"));
  CHECK(first_notice_slo_missed(notified, tokyo_at("2026-11-09T04:00"), f.desk.policy));
  CHECK_FALSE(first_notice_sla_missed(notified, tokyo_at("2026-11-09T04:00"), f.desk.policy));
  CHECK(incident_breached(notified, f.store.incident_events(inc.id), tokyo_at("2026-11-09T03:26"), f.desk.policy));
  CHECK(*Incidents(*f.desk.ctx).clock(notified).next_interim_due == tokyo_at("2026-11-09T04:25"));

  // A phone notice needs its result; nothing is recorded when refused.
  auto events = f.store.incident_events(inc.id).size();
  call.result.reset();
  CHECK(error_of([&] { Incidents(f.desk.at("2026-11-09T03:30")).notify(inc.key(), call); })
            .rfind("result: required for a call", 0) == 0);
  CHECK(f.store.incident_events(inc.id).size() == events);
}

TEST_CASE("incidents: calls follow the customer's call order unless a reason is given") {
  Fixture f;
  NewIncident in;
  in.customer = "ACME";
  auto key = Incidents(f.desk.at("2026-11-09T03:00")).open(in).key();
  NotifyInput call;
  call.via = NoticeVia::phone;
  call.contact = "鈴木";
  call.result = CallResult::answered;
  auto events = f.store.incident_events(1).size();
  CHECK(error_of([&] { Incidents(f.desk.at("2026-11-09T03:05")).notify(key, call); })
            .rfind("out_of_order: 鈴木 is number 2 in ACME's call order, and not yet called for this notice: 田中 (1)", 0) == 0);
  CHECK(f.store.incident_events(1).size() == events);
  call.out_of_order = true;
  CHECK(error_of([&] { Incidents(f.desk.at("2026-11-09T03:05")).notify(key, call); })
            .rfind("message: say why", 0) == 0);
  call.text = "田中様は休暇中と伺っている";
  auto inc = Incidents(f.desk.at("2026-11-09T03:05")).notify(key, call);
  CHECK(*inc.first_called_at == tokyo_at("2026-11-09T03:05"));
  CHECK(Json::parse(f.store.incident_events(inc.id).back().data).value("out_of_order", false));
}

TEST_CASE("incidents: a new firing after recovery reopens the incident, or opens one that follows it") {
  Fixture f;
  AlertIntake(f.desk.at("2026-11-09T02:00")).add_hosts("ACME", {"db01"});
  auto fire = [](const char* starts) {
    return std::string(R"({"id":"cpu-db01","status":"firing","host":"db01","title":"CPU","starts_at":")") + starts + "\"}";
  };
  auto opened = AlertIntake(f.desk.at("2026-11-09T03:00")).ingest(fire("2026-11-09T02:58:00Z"), AlertFormat::generic, "");
  auto key = opened.outcomes.at(0).key;
  Incidents(f.desk.at("2026-11-09T03:40")).recover(key, std::nullopt, "再起動");
  // The same firing sent again is not new.
  auto same = AlertIntake(f.desk.at("2026-11-09T03:45")).ingest(fire("2026-11-09T02:58:00Z"), AlertFormat::generic, "");
  CHECK(same.outcomes.at(0).action == "duplicate");
  auto again = AlertIntake(f.desk.at("2026-11-09T04:00")).ingest(fire("2026-11-09T03:59:00Z"), AlertFormat::generic, "");
  CHECK(again.outcomes.at(0).action == "reopened");
  auto inc = Incidents(f.desk.at("2026-11-09T04:00")).view(key);
  CHECK(inc.incident.status == IncidentStatus::open);
  CHECK_FALSE(inc.incident.recovered_at);
  REQUIRE(inc.clock.reopen_slo_due);
  CHECK(*inc.clock.reopen_slo_due == tokyo_at("2026-11-09T04:15"));
  // Never notified: the first notice is still owed, and the new firing's too.
  CHECK(inc.clock.pending.front().kind == "first-notification");
  CHECK(inc.clock.pending.back().kind == "reopen-notification");

  // A desk that opens a new incident instead; a closed one always does.
  f.desk.policy.refire = RefireMode::new_incident;
  Incidents(f.desk.at("2026-11-09T04:30")).recover(key, std::nullopt, "再起動");
  auto other = AlertIntake(f.desk.at("2026-11-09T05:00")).ingest(fire("2026-11-09T04:59:00Z"), AlertFormat::generic, "");
  CHECK(other.outcomes.at(0).action == "opened");
  auto follower = Incidents(f.desk.at("2026-11-09T05:00")).view(other.outcomes.at(0).key);
  CHECK(follower.incident.key() == key.substr(0, 5) + std::to_string(follower.incident.number));
  CHECK(follower.incident.customer + "-" + std::to_string(follower.incident.follows) == key);
  CHECK(Incidents(f.desk.at("2026-11-09T05:00")).view(key).followed_by == std::vector<std::string>{follower.incident.key()});
}

TEST_CASE("incidents: close needs confirmation and the recovery notice, impacting or not") {
  Fixture f;
  NewIncident in;
  in.customer = "ACME";
  in.impact = Impact::yes;
  auto key = Incidents(f.desk.at("2026-11-09T03:00")).open(in).key();
  Incidents(f.desk.at("2026-11-09T04:00")).recover(key, std::nullopt, "再起動");
  CHECK(error_of([&] { Incidents(f.desk.at("2026-11-09T04:10")).close(key, ""); })
            .find("'close' needs an incident whose recovery is confirmed") != std::string::npos);
  Incidents(f.desk.at("2026-11-09T04:20")).confirm(key, "");
  CHECK(error_of([&] { Incidents(f.desk.at("2026-11-09T04:30")).close(key, ""); })
            .find("has not been told it recovered") != std::string::npos);
  NotifyInput post;
  post.via = NoticeVia::backlog;
  post.kind = NoticeKind::recovery;
  Incidents(f.desk.at("2026-11-09T04:40")).notify(key, post);
  CHECK(Incidents(f.desk.at("2026-11-09T04:50")).close(key, "").status == IncidentStatus::closed);

  // Without service impact too; and the recovery notice waits for confirmation.
  in.impact = Impact::no;
  auto calm = Incidents(f.desk.at("2026-11-09T05:00")).open(in).key();
  Incidents(f.desk.at("2026-11-09T05:10")).recover(calm, std::nullopt, "切り戻し");
  CHECK(error_of([&] { Incidents(f.desk.at("2026-11-09T05:15")).notify(calm, post); })
            .find("the recovery is not confirmed") != std::string::npos);
  Incidents(f.desk.at("2026-11-09T05:20")).confirm(calm, "");
  CHECK(error_of([&] { Incidents(f.desk.at("2026-11-09T05:25")).close(calm, ""); })
            .find("has not been told it recovered") != std::string::npos);
  post.kind.reset();  // confirmed: a post is the recovery notice
  CHECK(Incidents(f.desk.at("2026-11-09T05:30")).notify(calm, post).recovery_notified_at);
  CHECK(Incidents(f.desk.at("2026-11-09T05:35")).close(calm, "").status == IncidentStatus::closed);
}

TEST_CASE("alert intake: an alert no customer owns is kept in the inbox, then placed by retry") {
  Fixture f;
  std::string payload = R"({"id":"cpu-db01","status":"firing","host":"db01","title":"CPU"})";
  auto result = AlertIntake(f.desk.at("2026-11-09T03:00")).ingest(payload, AlertFormat::generic, "");
  REQUIRE(result.inbox_id);
  CHECK(result.reason.find("no customer") != std::string::npos);
  CHECK(f.store.list_inbox(false).size() == 1);

  AlertIntake(f.desk.at("2026-11-09T03:10")).add_hosts("ACME", {"db01"});
  auto placed = AlertIntake(f.desk.at("2026-11-09T03:20")).retry(*result.inbox_id, std::nullopt, "");
  CHECK_FALSE(placed.inbox_id);
  REQUIRE(placed.outcomes.size() == 1);
  CHECK(placed.outcomes[0].action == "opened");
  CHECK(f.store.list_inbox(false).empty());
}

TEST_CASE("alert intake: a payload placed in part is placed and kept in one transaction") {
  // One alert ACME owns, one for a customer that does not exist. A store
  // busy at the first write transaction, or at any later one, leaves all of
  // it or nothing: never the placed alert without the payload kept for the
  // other (a relay that retries on busy would not know it was half taken).
  std::string payload = R"([{"id":"cpu-db01","status":"firing","host":"db01","customer":"ACME","title":"CPU"},)"
                        R"({"id":"disk-db09","status":"firing","host":"db09","customer":"NOSUCH","title":"Disk"}])";
  for (int busy_at : {1, 2, 3}) {
    CAPTURE(busy_at);
    Fixture f;
    auto audit = f.store.list_audit({}).size();
    f.store.busy_on_write(busy_at);
    std::optional<IngestResult> result;
    Exit code = Exit::ok;
    try {
      result = AlertIntake(f.desk.at("2026-11-09T03:00")).ingest(payload, AlertFormat::generic, "");
    } catch (const Error& e) {
      code = e.code();
    }
    f.store.busy_on_write(0);
    if (!result) {
      CHECK(code == Exit::busy);
      CHECK(f.store.list_incidents({}).empty());
      CHECK(f.store.list_inbox(true).empty());
      CHECK(f.store.list_audit({}).size() == audit);
    } else {
      CHECK(result->inbox_id);
      REQUIRE(result->outcomes.size() == 1);
      CHECK(result->outcomes[0].action == "opened");
      CHECK(f.store.list_incidents({}).size() == 1);
      CHECK(f.store.list_inbox(true).size() == 1);
    }
    CHECK_FALSE(f.store.in_transaction());
  }
}

TEST_CASE("audit log: every change is recorded, and a ticket key of either kind is accepted") {
  Fixture f;
  auto req = f.backup("2026-11-09T11:00");
  NewIncident in;
  in.customer = "ACME";
  auto inc = Incidents(f.desk.at("2026-11-09T12:00")).open(in).key();
  AuditLog log(f.desk.at("2026-11-09T13:00"));
  AuditFilter by_incident;
  by_incident.entity = inc;
  auto rows = log.log(by_incident);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].action == "incident.open");
  AuditFilter by_request;
  by_request.entity = req;
  CHECK(log.log(by_request).at(0).action == "request.new");
  AuditFilter missing;
  missing.entity = "ACME-99";
  CHECK(error_of([&] { log.log(missing); }).rfind("ticket: no request ACME-99", 0) == 0);
}

TEST_CASE("a failing operation rolls its transaction back") {
  Fixture f;
  auto before = f.store.list_audit({}).size();
  NewRequest in;
  in.customer = "ACME";
  in.type = "backup";
  in.fields = {{"op", "add"}, {"host", "web01"}};
  in.received_at = tokyo_at("2026-12-01T00:00");  // after now
  CHECK(error_of([&] { Requests(f.desk.at("2026-11-09T11:00")).create(in); })
            .rfind("received_at: 2026-12-01T00:00:00+09:00 is in the future", 0) == 0);
  CHECK(f.store.list_audit({}).size() == before);
  CHECK(f.store.list_requests({}).empty());
  CHECK_FALSE(f.store.in_transaction());
}

TEST_CASE("reports: the month's figures, the policy's minutes and the catalog's order") {
  Fixture f;
  auto on_time = f.backup("2026-11-09T11:00");  // due 11-10 11:00
  auto late = f.backup("2026-11-09T19:00");     // due 11-10 19:00
  Requests(f.desk.at("2026-11-10T10:00")).act(on_time, Action::resolve, "", "");
  Requests(f.desk.at("2026-11-10T19:30")).act(late, Action::resolve, "", "夜間対応");
  NewIncident in;
  in.customer = "ACME";
  in.impact = Impact::no;
  auto inc = Incidents(f.desk.at("2026-11-11T03:00")).open(in).key();
  NotifyInput post;
  post.via = NoticeVia::backlog;
  Incidents(f.desk.at("2026-11-11T03:45")).notify(inc, post);  // within 60 min: no impact

  // A desk whose contract says 30 minutes without impact: 45 is late.
  f.desk.policy.first_slo_not_impacting = std::chrono::minutes{30};
  Reports reports(f.desk.at("2026-12-01T09:00"));
  auto r = reports.slo_report(reports.month_period(2026, 11), std::nullopt);
  CHECK(r.policy.first_slo_not_impacting == std::chrono::minutes{30});
  REQUIRE(r.tiers.size() == 4);
  CHECK(r.types.front().tier == Tier::minor);
  auto backup = std::find_if(r.types.begin(), r.types.end(), [](auto& t) { return t.type == "backup"; });
  REQUIRE(backup != r.types.end());
  CHECK(backup->due == 2);
  CHECK(backup->met == 1);
  CHECK(backup->missed == 1);
  auto no = std::find_if(r.incidents.begin(), r.incidents.end(), [](auto& c) { return c.impact == "no"; });
  CHECK(no->count == 1);
  CHECK(no->slo_missed == 1);
  CHECK(r.any_missed());

  auto service = reports.service_report("ACME", 2026, 11);
  bool noted = false;
  for (const auto& item : service.nonconformities) noted = noted || item.note == "初報が SLO (30 分) を超過";
  CHECK(noted);
  CHECK(reports.metrics().find("missed the SLO (15 min impacting, 30 min otherwise)") != std::string::npos);
  CHECK_THROWS_WITH_AS(reports.month_period(2026, 13), "month: 2026-13 is not a month sd can report on", Error);
}

TEST_CASE("incidents: comments move no deadline; edit is audited and judges impact as judge does; assign") {
  Fixture f;
  NewIncident in;
  in.customer = "ACME";
  in.host = "web01";
  in.impact = Impact::yes;
  in.via = IncidentVia::email;
  in.caller = " 佐藤 ";
  auto inc = Incidents(f.desk.at("2026-11-09T10:00")).open(in);
  CHECK(inc.caller == "佐藤");
  CHECK(inc.assignee == "MSP");
  NotifyInput post;
  post.via = NoticeVia::backlog;
  Incidents(f.desk.at("2026-11-09T10:05")).notify(inc.key(), post);
  NotifyInput call;  // an impacting incident is notified by a post and an answered call
  call.via = NoticeVia::phone;
  call.contact = "1";
  call.result = CallResult::answered;
  Incidents(f.desk.at("2026-11-09T10:10")).notify(inc.key(), call);

  auto commented = Incidents(f.desk.at("2026-11-09T10:30")).comment(inc.key(), "内部メモ", true);
  commented = Incidents(f.desk.at("2026-11-09T10:40")).comment(inc.key(), "お客様へ", false);
  CHECK(*commented.last_notice_at == tokyo_at("2026-11-09T10:10"));
  CHECK(*Incidents(*f.desk.ctx).clock(commented).next_interim_due == tokyo_at("2026-11-09T11:10"));
  auto events = f.store.incident_events(inc.id);
  CHECK(events[events.size() - 2].data == R"({"internal":true})");
  CHECK(events.back().data == R"({"internal":false})");

  IncidentEdit e;
  e.title = "web01 HTTP 503";
  e.impact = Impact::no;
  auto edited = Incidents(f.desk.at("2026-11-09T10:50")).edit(inc.key(), e);
  CHECK(edited.title == "web01 HTTP 503");
  CHECK(edited.impact == Impact::no);
  CHECK(edited.judged_at == tokyo_at("2026-11-09T10:50"));
  CHECK_FALSE(Incidents(*f.desk.ctx).clock(edited).next_interim_due);
  auto audit = f.store.list_audit({});
  CHECK(audit.back().action == "incident.edit");
  CHECK(Json::parse(audit.back().before)["title"] == "web01 の障害");
  CHECK(Json::parse(audit.back().after)["title"] == "web01 HTTP 503");
  CHECK(f.desk.ctx->hooks.size() == 2);  // incident.edited, incident.judged
  // Nothing to change: refused, nothing recorded.
  auto before = f.store.incident_events(inc.id).size();
  CHECK(error_of([&] { Incidents(f.desk.at("2026-11-09T10:55")).edit(inc.key(), e); }) ==
        "incident edit: ACME-1 already has the values given");
  CHECK(f.store.incident_events(inc.id).size() == before);

  auto assigned = Incidents(f.desk.at("2026-11-09T11:00")).assign(inc.key(), "鈴木", "");
  CHECK(assigned.assignee == "鈴木");
  IncidentFilter mine;
  mine.assignee = "鈴木";
  CHECK(Incidents(*f.desk.ctx).list(mine).size() == 1);
  CHECK(error_of([&] { Incidents(f.desk.at("2026-11-09T11:05")).assign(inc.key(), "鈴木", ""); }) ==
        "ACME-1 is already assigned to 鈴木");
}

TEST_CASE("contacts: named ignoring spaces and width; phones folded to ASCII") {
  Fixture f;
  Customers c(f.desk.at("2026-11-09T10:00"));
  auto added = c.add_contact("ACME", ContactInput{"山田 太郎", "０３－１２３４－５６７８", "", "", std::nullopt});
  CHECK(added.phone == "03-1234-5678");
  CHECK(added.name == "山田 太郎");
  CHECK(c.edit_contact("ACME", "山田　太郎", ContactEdit{std::nullopt, std::nullopt, std::nullopt, "部長"}).role == "部長");
  CHECK(c.edit_contact("ACME", "３", ContactEdit{std::nullopt, "＋８１ ３", std::nullopt, std::nullopt}).phone == "+81 3");
  CHECK(error_of([&] { c.add_contact("ACME", ContactInput{"山田太郎", "03", "", "", std::nullopt}); }) ==
        "name: ACME already has a contact named 山田 太郎");
  CHECK(c.remove_contact("ACME", "山田太郎").name == "山田 太郎");
}

TEST_CASE("requests: an exemption records who and why, once; the reports leave it out of attainment") {
  Fixture f;
  auto key = f.backup("2026-11-09T10:00");  // due 2026-11-09T19:00
  Requests(f.desk.at("2026-11-10T12:00")).act(key, Action::resolve, "", "遅延");
  auto audit_before = f.store.list_audit({}).size();
  CHECK(error_of([&] { Requests(f.desk.at("2026-11-10T13:00")).exempt(key, " "); }) ==
        "message: must not be empty");
  CHECK(f.store.list_audit({}).size() == audit_before);

  auto r = Requests(f.desk.at("2026-11-10T13:00", "yamada")).exempt(key, "お客様都合");
  CHECK(r.exempt_by == "yamada");
  CHECK(r.exempt_reason == "お客様都合");
  CHECK(f.store.list_audit({}).back().action == "request.exempt");
  CHECK(error_of([&] { Requests(f.desk.at("2026-11-10T14:00", "suzuki")).exempt(key, "再"); })
            .starts_with(key + " is already exempt (approved by yamada"));

  Reports reports(f.desk.at("2026-11-30T12:00"));
  auto report = reports.slo_report(reports.month_period(2026, 11), std::nullopt);
  for (const auto& t : report.types)
    if (t.type == "backup") CHECK(t.due + t.met + t.missed == 0);
  REQUIRE(report.noted.exempt.size() == 1);
  CHECK(report.noted.exempt[0].exempt_reason == "お客様都合");
  CHECK(report.noted.exempt[0].standing == Standing::missed);
}

TEST_CASE("requests: the check works to a high request's desired time and an urgent one's wall clock") {
  Fixture f;
  NewRequest in;
  in.customer = "ACME";
  in.type = "patch";
  in.fields = {{"host", "db01"}, {"target", "kernel"}, {"patch", "CVE-1"}};
  in.priority = Priority::high;
  in.desired = tokyo_at("2026-11-10T15:00");
  auto high = Requests(f.desk.at("2026-11-09T10:00")).create(in).key();  // SLO due 11-13 19:00
  NewRequest urgent;
  urgent.customer = "ACME";
  urgent.type = "server-power";
  urgent.fields = {{"op", "restart"}, {"host", "web01"}};
  urgent.urgent = true;
  urgent.urgent_target = std::chrono::minutes{90};
  auto u = Requests(f.desk.at("2026-11-10T13:00")).create(urgent);
  CHECK(u.priority == Priority::high);
  CHECK(*u.urgent_minutes == 90);
  CHECK(u.due_at == tokyo_at("2026-11-10T14:30"));

  auto items = Requests(f.desk.at("2026-11-10T14:00")).check(std::chrono::hours{2}, std::nullopt);
  REQUIRE(items.size() == 2);
  CHECK(items[0].request.key() == u.key());
  CHECK(items[0].wall);
  CHECK(items[0].left == std::chrono::minutes{30});
  CHECK(items[1].request.key() == high);
  CHECK(items[1].desired);
  CHECK(items[1].due == tokyo_at("2026-11-10T15:00"));
  CHECK(items[1].state == Urgency::due_soon);

  urgent.priority = Priority::low;
  CHECK(error_of([&] { Requests(f.desk.at("2026-11-10T13:00")).create(urgent); })
            .starts_with("priority: an urgent request is worked at once"));
}

TEST_CASE("store checkup: a sound desk has no problems; a gap, a repeat and a bad title are named") {
  Fixture f;
  f.backup("2026-11-09T10:00");
  f.backup("2026-11-09T10:10");
  f.backup("2026-11-09T10:20");
  CHECK(StoreCheckup(f.desk.at("2026-11-09T11:00")).run().empty());
  CHECK_FALSE(f.store.in_transaction());

  auto& requests = f.store.requests_for_test();
  requests[1].number = 3;            // ACME-2 gone, ACME-3 twice
  requests[0].title = "bad \xff";    // not UTF-8
  auto problems = StoreCheckup(f.desk.at("2026-11-09T11:00")).run();
  std::vector<std::string> lines;
  for (const auto& p : problems) lines.push_back(p.check + " " + p.where + ": " + p.detail);
  CHECK(lines == std::vector<std::string>{"ticket_number ACME: ACME-2 is missing",
                                          "ticket_number ACME: ACME-3 is used by more than one ticket",
                                          "utf8 requests.title row " + std::to_string(requests[0].id) +
                                              ": is not valid UTF-8"});
}

TEST_CASE("ticket numbers: 1..n once each, and the next one n + 1") {
  CHECK(ticket_number_problems("ACME", {}, 1).empty());
  CHECK(ticket_number_problems("ACME", {3, 1, 2}, 4).empty());
  auto details = [](std::vector<StoreProblem> ps) {
    std::vector<std::string> out;
    for (auto& p : ps) out.push_back(p.detail);
    return out;
  };
  CHECK(details(ticket_number_problems("ACME", {1, 5}, 6)) ==
        std::vector<std::string>{"ACME-2 to ACME-4 are missing"});
  CHECK(details(ticket_number_problems("ACME", {2, 2, 2}, 3)) ==
        std::vector<std::string>{"ACME-1 is missing", "ACME-2 is used by more than one ticket"});
  CHECK(details(ticket_number_problems("ACME", {1}, 1)) ==
        std::vector<std::string>{"next ticket number is 1, expected 2"});
  CHECK(details(ticket_number_problems("ACME", {0, 1}, 2)) ==
        std::vector<std::string>{"ticket number 0 is below 1"});
}

TEST_CASE("idempotency keys: a repeat returns the first result and writes nothing; other input is refused") {
  Fixture f;
  NewRequest in;
  in.customer = "ACME";
  in.type = "backup";
  in.fields = {{"op", "add"}, {"host", "web01"}};
  in.idempotency_key = "job-42";
  auto first = Requests(f.desk.at("2026-11-09T10:00")).create(in);
  auto audit = f.store.list_audit({}).size();
  // The retry comes later: same request, nothing new.
  auto again = Requests(f.desk.at("2026-11-09T10:05")).create(in);
  CHECK(again.key() == first.key());
  CHECK(again.received_at == first.received_at);
  CHECK(f.store.list_requests({}).size() == 1);
  CHECK(f.store.list_audit({}).size() == audit);

  // The same key for another request: refused, naming the key.
  auto other = in;
  other.fields = {{"op", "add"}, {"host", "web02"}};
  CHECK(error_of([&] { Requests(f.desk.at("2026-11-09T10:06")).create(other); }) ==
        "idempotency_key: 'job-42' was already used for request.new of " + first.key() +
            " with other input; use a new key");
  CHECK(f.store.list_requests({}).size() == 1);
  CHECK_FALSE(f.store.in_transaction());
  // Nor for another action.
  CHECK(error_of([&] { Requests(f.desk.at("2026-11-09T10:06")).comment(first.key(), "hi", false, "job-42"); })
            .rfind("idempotency_key: 'job-42' was already used for request.new", 0) == 0);

  // A comment: once, however often it is sent.
  Requests r(f.desk.at("2026-11-09T10:10"));
  auto events = f.store.request_events(first.id).size();
  r.comment(first.key(), "進捗です", false, "c-1");
  r.comment(first.key(), "進捗です", false, "c-1");
  CHECK(f.store.request_events(first.id).size() == events + 1);
  CHECK(error_of([&] { r.comment(first.key(), "別の内容", false, "c-1"); }).rfind("idempotency_key: 'c-1'", 0) == 0);
  // No key: every call adds.
  r.comment(first.key(), "進捗です", false);
  CHECK(f.store.request_events(first.id).size() == events + 2);
  // A key is one line.
  CHECK(error_of([&] { r.comment(first.key(), "x", false, "a\nb"); }).rfind("idempotency_key: ", 0) == 0);

  // Incidents: open and comment.
  NewIncident ni;
  ni.customer = "ACME";
  ni.host = "db01";
  ni.idempotency_key = "inc-1";
  Incidents inc(f.desk.at("2026-11-09T11:00"));
  auto opened = inc.open(ni);
  CHECK(inc.open(ni).key() == opened.key());
  CHECK(f.store.list_incidents({}).size() == 1);
  auto ni2 = ni;
  ni2.host = "db02";
  CHECK(error_of([&] { inc.open(ni2); }).rfind("idempotency_key: 'inc-1' was already used for incident.open", 0) == 0);
  auto timeline = f.store.incident_events(opened.id).size();
  inc.comment(opened.key(), "調査中", true, "ic-1");
  inc.comment(opened.key(), "調査中", true, "ic-1");
  CHECK(f.store.incident_events(opened.id).size() == timeline + 1);
  CHECK(error_of([&] { inc.comment(opened.key(), "調査中", false, "ic-1"); }).rfind("idempotency_key: 'ic-1'", 0) == 0);
  CHECK_FALSE(f.store.in_transaction());
}

TEST_CASE("lists: --grep searches title, details and comments (A-Z in either case); ranges include since, exclude until") {
  Fixture f;
  NewRequest in;
  in.customer = "ACME";
  in.type = "backup";
  in.fields = {{"op", "add"}, {"host", "web01"}};
  in.title = "Backup web01";
  in.details = "毎日 02:00 にバックアップ";
  auto one = Requests(f.desk.at("2026-11-09T10:00", "tanaka")).create(in).key();
  in.title = "ＭｙＳＱＬ";
  in.details = "";
  auto two = Requests(f.desk.at("2026-11-09T11:00", "sato")).create(in).key();
  Requests(f.desk.at("2026-11-09T11:30", "sato")).comment(two, "MySQL の設定", true);
  NewIncident inc;
  inc.customer = "ACME";
  inc.title = "web01 ダウン";
  auto three = Incidents(f.desk.at("2026-11-09T12:00", "tanaka")).open(inc).key();

  Requests requests(f.desk.at("2026-11-09T13:00"));
  auto keys = [&](const RequestFilter& filter) {
    std::string out;
    for (const auto& r : requests.list(filter)) out += (out.empty() ? "" : " ") + r.key();
    return out;
  };
  RequestFilter grep;
  grep.grep = "BACKUP";
  CHECK(keys(grep) == one);
  grep.grep = "mysql";  // the comment's MySQL, not the title's full-width ＭｙＳＱＬ
  CHECK(keys(grep) == two);
  grep.grep = "ＭｙＳＱＬ";
  CHECK(keys(grep) == two);
  grep.grep = "ｍｙｓｑｌ";  // full-width letters do not fold
  CHECK(keys(grep).empty());
  grep.grep = "バックアップ";
  CHECK(keys(grep) == one);

  RequestFilter range;
  range.received_since = tokyo_at("2026-11-09T11:00");
  CHECK(keys(range) == two);
  range.received_since.reset();
  range.received_until = tokyo_at("2026-11-09T11:00");
  CHECK(keys(range) == one);
  range.received_since = tokyo_at("2026-11-09T11:00");
  CHECK(keys(range).empty());  // equal: an empty range

  IncidentFilter by_text;
  by_text.grep = "ダウン";
  auto incidents = Incidents(f.desk.at("2026-11-09T13:00")).list(by_text);
  REQUIRE(incidents.size() == 1);
  CHECK(incidents[0].key() == three);
  by_text.grep = "web02";
  CHECK(Incidents(f.desk.at("2026-11-09T13:00")).list(by_text).empty());

  AuditLog log(f.desk.at("2026-11-09T13:00"));
  AuditFilter by_sato;
  by_sato.actor = "sato";
  auto entries = log.log(by_sato);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].action == "request.new");
  CHECK(entries[1].action == "request.comment");
  AuditFilter window;
  window.since = tokyo_at("2026-11-09T11:00");
  window.until = tokyo_at("2026-11-09T12:00");
  entries = log.log(window);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].entity == two);

  RequestFilter empty;
  empty.grep = "";
  CHECK(error_of([&] { requests.list(empty); }).find("must not be empty") != std::string::npos);
  RequestFilter backwards;
  backwards.received_since = tokyo_at("2026-11-09T12:00");
  backwards.received_until = tokyo_at("2026-11-09T11:00");
  CHECK(error_of([&] { requests.list(backwards); }).find("must not be after") != std::string::npos);
  AuditFilter nobody;
  nobody.actor = "";
  CHECK(error_of([&] { log.log(nobody); }).find("must not be empty") != std::string::npos);
  window.since = tokyo_at("2026-11-09T12:01");
  CHECK(error_of([&] { log.log(window); }).find("must not be after") != std::string::npos);
}
