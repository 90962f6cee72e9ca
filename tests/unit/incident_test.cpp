#include "supportdesk/error.hpp"
#include "supportdesk/compliance.hpp"
#include "supportdesk/incident.hpp"

#include <doctest/doctest.h>

using namespace sd;

namespace {

const Zone* tokyo() { return find_zone("Asia/Tokyo", "test"); }
Instant at(const char* text) { return parse_instant(text, tokyo(), Instant{}, "test"); }

Incident received(const char* when, Impact impact = Impact::unjudged) {
  Incident i;
  i.received_at = at(when);
  i.impact = impact;
  return i;
}

}  // namespace

TEST_CASE("an unjudged or impacting incident owes a notice in 15 minutes (SLO) and 30 (SLA)") {
  for (auto impact : {Impact::unjudged, Impact::yes}) {
    auto c = incident_clock(received("2026-11-30T10:00", impact), IncidentPolicy{});
    CHECK(c.first_slo_due == at("2026-11-30T10:15"));
    REQUIRE(c.first_sla_due);
    CHECK(*c.first_sla_due == at("2026-11-30T10:30"));
    REQUIRE(c.pending.size() == 2);
    CHECK(c.pending[0].target == "slo");
    CHECK(c.pending[1].target == "sla");
    CHECK_FALSE(c.next_interim_due);
  }
}

TEST_CASE("a notice at 10:20 is late for the SLO, on time for the SLA, and starts the hourly reports") {
  auto inc = received("2026-11-30T10:00");
  inc.first_notified_at = inc.last_notice_at = at("2026-11-30T10:20");
  auto c = incident_clock(inc, IncidentPolicy{});
  CHECK(c.first_slo_met == false);
  CHECK(c.first_sla_met == true);
  REQUIRE(c.next_interim_due);
  CHECK(*c.next_interim_due == at("2026-11-30T11:20"));
  REQUIRE(c.pending.size() == 1);
  CHECK(c.pending[0].kind == "interim-report");

  inc.last_notice_at = at("2026-11-30T11:15");
  CHECK(*incident_clock(inc, IncidentPolicy{}).next_interim_due == at("2026-11-30T12:15"));

  // Recovered: no more interim reports.
  inc.status = IncidentStatus::recovered;
  auto done = incident_clock(inc, IncidentPolicy{});
  CHECK_FALSE(done.next_interim_due);
  CHECK(done.pending.empty());
}

TEST_CASE("a non-impacting incident owes a notice within 60 minutes, with no SLA and no interim reports") {
  auto inc = received("2026-11-30T10:00", Impact::no);
  auto c = incident_clock(inc, IncidentPolicy{});
  CHECK(c.first_slo_due == at("2026-11-30T11:00"));
  CHECK_FALSE(c.first_sla_due);
  REQUIRE(c.pending.size() == 1);
  inc.first_notified_at = inc.last_notice_at = at("2026-11-30T10:40");
  auto after = incident_clock(inc, IncidentPolicy{});
  CHECK(after.first_slo_met == true);
  CHECK_FALSE(after.first_sla_met);
  CHECK_FALSE(after.next_interim_due);
  CHECK(after.pending.empty());
}

TEST_CASE("a closed incident owes nothing") {
  auto inc = received("2026-11-30T10:00");
  inc.status = IncidentStatus::closed;
  CHECK(incident_clock(inc, IncidentPolicy{}).pending.empty());
}

namespace {
IncidentEvent event(const char* when, const char* kind, const char* data = "") {
  IncidentEvent e;
  e.at = at(when);
  e.kind = kind;
  e.data = data;
  return e;
}
}  // namespace

TEST_CASE("interim reports: one posted late stays late, one owed at recovery is missing") {
  auto inc = received("2026-11-30T10:00", Impact::yes);
  inc.first_notified_at = at("2026-11-30T10:10");
  std::vector<IncidentEvent> events{
      event("2026-11-30T10:00", "opened"),
      event("2026-11-30T10:10", "notify", R"({"via":"phone","kind":"first","reached":true})"),
      event("2026-11-30T10:40", "notify", R"({"via":"phone","kind":"interim","reached":false})"),  // no answer
      event("2026-11-30T11:30", "update", R"({"via":"backlog"})"),                                 // due 11:10
      event("2026-11-30T12:00", "comment", R"({})"),                                               // not a notice
  };
  IncidentPolicy p;
  auto now = at("2026-11-30T12:00");
  auto reports = interim_reports(inc, events, now, p);
  REQUIRE(reports.size() == 1);  // the next, due 12:30, has not come due
  CHECK(reports[0].due == at("2026-11-30T11:10"));
  CHECK(*reports[0].posted_at == at("2026-11-30T11:30"));
  CHECK(reports[0].late(now));
  inc.last_notice_at = at("2026-11-30T11:30");
  CHECK(incident_clock(inc, p).pending.back().due == at("2026-11-30T12:30"));  // nothing overdue now
  CHECK(incident_breached(inc, events, now, p));                               // and still breached

  // At 12:30 exactly the next is due but not late; a minute later it is.
  CHECK(interim_reports(inc, events, at("2026-11-30T12:30"), p).size() == 2);
  CHECK(interim_late_count(interim_reports(inc, events, at("2026-11-30T12:30"), p), at("2026-11-30T12:30")) == 1);
  CHECK(interim_late_count(interim_reports(inc, events, at("2026-11-30T12:31"), p), at("2026-11-30T12:31")) == 2);

  // Recovered at 13:00 (recorded then): the 12:30 report is owed and missing,
  // and stays so; a recovery notice does not post an interim report.
  inc.status = IncidentStatus::recovered;
  events.push_back(event("2026-11-30T13:00", "recover"));
  events.push_back(event("2026-11-30T13:05", "notify", R"({"via":"backlog","kind":"recovery","reached":true})"));
  auto later = interim_reports(inc, events, at("2026-12-31T00:00"), p);
  REQUIRE(later.size() == 2);
  CHECK_FALSE(later[1].posted_at);
  CHECK(later[1].late(at("2026-12-31T00:00")));

  // Judged not impacting: no interim reports at all.
  inc.impact = Impact::no;
  CHECK(interim_reports(inc, events, at("2026-12-31T00:00"), p).empty());
}

TEST_CASE("an impacting or unjudged incident is notified by a post and an answered call; one without impact by either") {
  auto post = std::optional<Instant>(at("2026-11-30T10:05"));
  auto call = std::optional<Instant>(at("2026-11-30T10:12"));
  CHECK_FALSE(notice_given_at(post, std::nullopt, true));
  CHECK_FALSE(notice_given_at(std::nullopt, call, true));
  CHECK(*notice_given_at(post, call, true) == at("2026-11-30T10:12"));
  CHECK(*notice_given_at(post, std::nullopt, false) == at("2026-11-30T10:05"));
  CHECK(*notice_given_at(post, call, false) == at("2026-11-30T10:05"));

  auto inc = received("2026-11-30T10:00");
  inc.first_posted_at = post;
  CHECK_FALSE(first_notice_given_at(inc));
  inc.impact = Impact::no;
  CHECK(*first_notice_given_at(inc) == at("2026-11-30T10:05"));
  // Recorded before the parts were kept: the notice stays as it was.
  auto old = received("2026-11-30T10:00");
  old.first_notified_at = at("2026-11-30T10:07");
  CHECK(*first_notice_given_at(old) == at("2026-11-30T10:07"));
}

TEST_CASE("a call is in order when everyone before it in the call order was called") {
  CHECK(call_in_order(1, {}));
  CHECK_FALSE(call_in_order(2, {}));
  CHECK(call_in_order(2, {1}));
  CHECK_FALSE(call_in_order(3, {2}));
  CHECK(call_in_order(3, {2, 1}));
}

TEST_CASE("the recovery notice follows confirmation, and closing follows the recovery notice") {
  CHECK_FALSE(may_notify_recovery(IncidentStatus::recovered));
  CHECK(may_notify_recovery(IncidentStatus::confirmed));
  auto inc = received("2026-11-30T10:00", Impact::no);
  inc.status = IncidentStatus::confirmed;
  CHECK_FALSE(may_close(inc));
  inc.recovery_notified_at = at("2026-11-30T11:00");
  CHECK(may_close(inc));
}

TEST_CASE("a reopened incident owes a notice from the new firing, then hourly reports") {
  auto inc = received("2026-11-30T10:00", Impact::yes);
  inc.first_notified_at = inc.last_notice_at = at("2026-11-30T10:10");
  inc.reopened_at = at("2026-11-30T12:00");
  auto c = incident_clock(inc, IncidentPolicy{});
  CHECK(*c.reopen_slo_due == at("2026-11-30T12:15"));
  CHECK(*c.reopen_sla_due == at("2026-11-30T12:30"));
  CHECK_FALSE(c.next_interim_due);
  REQUIRE(c.pending.size() == 2);
  CHECK(c.pending[0].kind == "reopen-notification");
  // Recovered at 10:50, before the first interim report came due.
  std::vector<IncidentEvent> events{
      event("2026-11-30T10:00", "opened"),
      event("2026-11-30T10:10", "notify", R"({"via":"phone","kind":"first","reached":true})"),
      event("2026-11-30T10:50", "recover"),
      event("2026-11-30T12:00", "reopened"),
  };
  CHECK_FALSE(incident_breached(inc, events, at("2026-11-30T12:15"), IncidentPolicy{}));
  CHECK(incident_breached(inc, events, at("2026-11-30T12:16"), IncidentPolicy{}));
  inc.reopen_posted_at = at("2026-11-30T12:05");
  inc.reopen_called_at = at("2026-11-30T12:08");
  inc.last_notice_at = at("2026-11-30T12:08");
  events.push_back(event("2026-11-30T12:05", "notify", R"({"via":"backlog","kind":"first","reached":true})"));
  events.push_back(event("2026-11-30T12:08", "notify", R"({"via":"phone","kind":"first","reached":true})"));
  auto told = incident_clock(inc, IncidentPolicy{});
  CHECK(*told.reopen_notified_at == at("2026-11-30T12:08"));
  CHECK(*told.next_interim_due == at("2026-11-30T13:08"));
  // The reports start again from the notice of the new firing: none before
  // the reopening was owed, the first after it is due 13:08.
  CHECK(interim_reports(inc, events, at("2026-11-30T13:08"), IncidentPolicy{}).size() == 1);
  CHECK(interim_reports(inc, events, at("2026-11-30T13:07"), IncidentPolicy{}).empty());
  events.push_back(event("2026-11-30T13:20", "update", R"({"via":"backlog"})"));
  auto reports = interim_reports(inc, events, at("2026-11-30T13:30"), IncidentPolicy{});
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].due == at("2026-11-30T13:08"));
  CHECK(*reports[0].posted_at == at("2026-11-30T13:20"));
  CHECK(incident_breached(inc, events, at("2026-11-30T13:30"), IncidentPolicy{}));
}

TEST_CASE("globs match whole values with * and ?") {
  CHECK(glob_match("web*", "web01"));
  CHECK(glob_match("web*", "web"));
  CHECK(glob_match("*.acme.example", "web01.acme.example"));
  CHECK(glob_match("web0?", "web01"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(glob_match("web*", "db01"));
  CHECK_FALSE(glob_match("web0?", "web010"));
  CHECK_FALSE(glob_match("url", "urls"));
  CHECK_FALSE(glob_match("a*b*c", "aXXbYY"));
  // '?' is one character, whatever its bytes.
  CHECK(glob_match("web?", "web東"));
  CHECK(glob_match("?京*", "東京サーバ"));
  CHECK_FALSE(glob_match("web?", "web東京"));
  CHECK(glob_match("*京", "東京"));
}

TEST_CASE("the first criterion whose matches all hold judges") {
  std::vector<Criterion> rules(3);
  rules[0].id = 7;
  rules[0].matches = {{"host", "batch*"}};
  rules[0].impact = Impact::no;
  rules[1].id = 8;
  rules[1].matches = {{"host", "web*"}, {"check", "url"}};
  rules[1].impact = Impact::yes;
  rules[2].id = 9;
  rules[2].matches = {{"host", "*"}};
  rules[2].impact = Impact::no;
  std::map<std::string, std::string> web_url{{"host", "web01"}, {"check", "url"}};
  std::map<std::string, std::string> web_cpu{{"host", "web01"}, {"check", "cpu"}};
  std::map<std::string, std::string> no_host{{"check", "url"}};
  REQUIRE(judge(rules, web_url));
  CHECK(judge(rules, web_url)->id == 8);
  CHECK(judge(rules, web_cpu)->id == 9);
  CHECK(judge(rules, no_host) == nullptr);
  CHECK(judge({}, web_url) == nullptr);
}

TEST_CASE("--match takes LABEL=PATTERN") {
  CHECK(parse_match("host=web*") == std::pair<std::string, std::string>{"host", "web*"});
  CHECK(parse_match("url=https://x/?a=b") == std::pair<std::string, std::string>{"url", "https://x/?a=b"});
  for (const char* bad : {"host", "=web", "host=", ""}) CHECK_THROWS_AS(parse_match(bad), Error);
}
