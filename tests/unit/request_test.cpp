#include "supportdesk/error.hpp"
#include "supportdesk/request.hpp"

#include <doctest/doctest.h>

using namespace sd;

namespace {

const Zone* tokyo() { return find_zone("Asia/Tokyo", "test"); }
Instant at(const char* text) { return parse_instant(text, tokyo(), Instant{}, "test"); }
std::string show(Instant t) { return format_instant(t, tokyo()); }

RequestEvent status_event(const char* when, Status from, Status to) {
  RequestEvent e;
  e.kind = "status";
  e.at = at(when);
  e.from = std::string(to_string(from));
  e.to = std::string(to_string(to));
  return e;
}

}  // namespace

TEST_CASE("the status machine allows the white paper's lifecycle and nothing else") {
  CHECK(transition(Status::open, Action::start, "A-1") == Status::in_progress);
  CHECK(transition(Status::in_progress, Action::wait, "A-1") == Status::waiting);
  CHECK(transition(Status::open, Action::wait, "A-1") == Status::waiting);
  CHECK(transition(Status::waiting, Action::resume, "A-1") == Status::in_progress);
  CHECK(transition(Status::in_progress, Action::resolve, "A-1") == Status::resolved);
  CHECK(transition(Status::resolved, Action::close, "A-1") == Status::closed);
  CHECK(transition(Status::closed, Action::reopen, "A-1") == Status::in_progress);
  CHECK(transition(Status::resolved, Action::reopen, "A-1") == Status::in_progress);

  CHECK_THROWS_WITH_AS(transition(Status::open, Action::close, "A-1"),
                       "A-1 is open; 'close' needs a request that is resolved", Error);
  CHECK_THROWS_AS(transition(Status::in_progress, Action::resume, "A-1"), Error);
  CHECK_THROWS_AS(transition(Status::closed, Action::start, "A-1"), Error);
  CHECK_THROWS_AS(transition(Status::open, Action::reopen, "A-1"), Error);
  try {
    transition(Status::waiting, Action::start, "A-1");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::data);
  }
}

TEST_CASE("pauses come from status events into and out of waiting") {
  std::vector<RequestEvent> events{
      status_event("2026-11-30T11:00", Status::open, Status::in_progress),
      status_event("2026-11-30T12:00", Status::in_progress, Status::waiting),
      status_event("2026-12-01T12:00", Status::waiting, Status::in_progress),
      status_event("2026-12-02T10:30", Status::in_progress, Status::waiting),
  };
  RequestEvent comment;
  comment.kind = "comment";
  comment.at = at("2026-12-02T11:00");
  events.push_back(comment);
  auto p = pauses_from(events);
  REQUIRE(p.size() == 2);
  CHECK(p[0].from == at("2026-11-30T12:00"));
  CHECK(p[0].to == at("2026-12-01T12:00"));
  CHECK(p[1].from == at("2026-12-02T10:30"));
  CHECK_FALSE(p[1].to.has_value());
}

TEST_CASE("the due time moves out by exactly the business time spent waiting") {
  Calendar cal;
  Instant start = at("2026-11-30T10:00");  // Monday
  CHECK(show(*compute_due(cal, start, 1, {})) == "2026-11-30T19:00:00+09:00");

  // Waiting 11:00 Mon .. 12:00 Tue: 8h + 2h = 10h of business time.
  std::vector<Pause> pauses{{at("2026-11-30T11:00"), at("2026-12-01T12:00")}};
  CHECK(show(*compute_due(cal, start, 1, pauses)) == "2026-12-02T11:00:00+09:00");

  // A pause entirely outside business hours moves nothing.
  std::vector<Pause> night{{at("2026-11-30T20:00"), at("2026-12-01T09:00")}};
  CHECK(show(*compute_due(cal, start, 5, night)) == show(*compute_due(cal, start, 5, {})));

  // A pause after the due time has no effect on it.
  std::vector<Pause> late{{at("2026-12-01T11:00"), std::nullopt}};
  CHECK(show(*compute_due(cal, start, 1, late)) == "2026-11-30T19:00:00+09:00");

  // Still waiting, and the due time had not come: no due time yet.
  std::vector<Pause> open{{at("2026-11-30T15:00"), std::nullopt}};
  CHECK_FALSE(compute_due(cal, start, 1, open).has_value());

  // Pause across a holiday weekend: Fri 2026-11-20 18:00 received, 1bd.
  Instant fri = at("2026-11-20T18:00");
  CHECK(show(*compute_due(cal, fri, 1, {})) == "2026-11-24T18:00:00+09:00");
  std::vector<Pause> weekend{{at("2026-11-20T18:30"), at("2026-11-24T11:00")}};
  // 30 min before the pause; the pause swallows the closed days and 1h of
  // Tuesday, so the remaining 8h30m run 11:00-19:00 Tuesday and 10:00-10:30
  // Wednesday.
  CHECK(show(*compute_due(cal, fri, 1, weekend)) == "2026-11-25T10:30:00+09:00");
}

TEST_CASE("the SLO clock counts used, paused and left business time") {
  Calendar cal;
  Request r;
  r.slo_days = 1;
  r.status = Status::in_progress;
  r.received_at = at("2026-11-30T10:00");
  r.clock_start = r.received_at;
  r.pauses = {{at("2026-11-30T11:00"), at("2026-12-01T12:00")}};
  auto c = slo_clock(r, cal, at("2026-12-01T14:00"));
  CHECK(c.started);
  CHECK_FALSE(c.paused);
  CHECK(c.budget == std::chrono::hours{9});
  CHECK(c.paused_time == std::chrono::hours{10});
  CHECK(c.used == std::chrono::hours{3});
  CHECK(c.left() == std::chrono::hours{6});
  CHECK_FALSE(c.late());

  auto late = slo_clock(r, cal, at("2026-12-02T12:00"));
  CHECK(late.left() == -std::chrono::hours{1});
  CHECK(late.late());

  // Resolved: measured at resolution, whatever "now" is.
  r.status = Status::resolved;
  r.resolved_at = at("2026-12-02T10:30");
  auto done = slo_clock(r, cal, at("2027-01-10T12:00"));
  CHECK(done.left() == std::chrono::minutes{30});
  CHECK_FALSE(done.late());

  Request low;
  low.priority = Priority::low;
  low.received_at = at("2026-11-30T10:00");
  CHECK_FALSE(slo_clock(low, cal, at("2026-12-30T10:00")).started);
}

TEST_CASE("the due time judged: a normal request's later desired time, urgent on the wall clock") {
  Calendar cal;
  Request r;
  r.slo_days = 1;
  r.received_at = at("2026-12-07T10:00");  // a Monday
  r.clock_start = r.received_at;
  r.desired_at = at("2026-12-10T19:00");
  refresh_due(cal, r);
  CHECK(show(*r.slo_due_at) == "2026-12-07T19:00:00+09:00");
  CHECK(show(*r.due_at) == "2026-12-10T19:00:00+09:00");
  CHECK(judged_by_desired(r));
  CHECK(request_standing(r, at("2026-12-09T12:00")) == Standing::pending);
  // In the window the budget runs to the desired time: 4 days of 9 hours.
  CHECK(slo_clock(r, cal, at("2026-12-09T12:00")).window);
  CHECK(slo_clock(r, cal, at("2026-12-09T12:00")).budget == std::chrono::hours{36});

  // High: due by the SLO, working to the earlier desired time.
  r.priority = Priority::high;
  r.desired_at = at("2026-12-07T15:00");
  refresh_due(cal, r);
  CHECK(show(*r.due_at) == "2026-12-07T19:00:00+09:00");
  CHECK_FALSE(judged_by_desired(r));
  CHECK(show(*working_due(r)) == "2026-12-07T15:00:00+09:00");
  CHECK(desired_missed(r, at("2026-12-07T15:01")));
  CHECK_FALSE(desired_missed(r, at("2026-12-07T15:00")));
  r.resolved_at = at("2026-12-07T18:00");
  CHECK(desired_missed(r, at("2026-12-07T18:00")));
  CHECK(request_standing(r, at("2026-12-07T18:00")) == Standing::met);

  // Urgent: four hours of wall time from Saturday 22:00, a pause excluded.
  Request u;
  u.received_at = at("2026-12-05T22:00");
  u.clock_start = u.received_at;
  u.urgent_minutes = 240;
  u.priority = Priority::high;
  refresh_due(cal, u);
  CHECK(show(*u.due_at) == "2026-12-06T02:00:00+09:00");
  u.pauses = {{at("2026-12-05T23:00"), at("2026-12-05T23:30")}};
  refresh_due(cal, u);
  CHECK(show(*u.due_at) == "2026-12-06T02:30:00+09:00");
  u.pauses = {{at("2026-12-05T23:00"), std::nullopt}};
  CHECK_FALSE(clock_due(cal, u));
  auto c = slo_clock(u, cal, at("2026-12-05T23:30"));
  CHECK(c.wall);
  CHECK(c.budget == std::chrono::hours{4});
  CHECK(c.used == std::chrono::hours{1});

  // An exempt request does not count; an unscheduled one ages.
  Request low;
  low.priority = Priority::low;
  low.received_at = at("2026-11-20T10:00");
  CHECK(counts_in_attainment(low));
  CHECK(*unscheduled_age(low, at("2026-12-08T13:30")) == std::chrono::seconds{1567800});
  low.exempt_at = at("2026-12-08T13:30");
  CHECK_FALSE(counts_in_attainment(low));
  CHECK(noted_in_report(low, at("2026-12-08T13:30")));
}

TEST_CASE("priority decides what desired times are allowed (white paper 4.1.1)") {
  Calendar cal;
  auto due = at("2026-12-01T15:00");
  CHECK(settle_desired(Priority::normal, std::nullopt, due, cal) == due);
  CHECK(settle_desired(Priority::normal, at("2026-12-03T10:00"), due, cal) == at("2026-12-03T10:00"));
  CHECK_THROWS_WITH_AS(settle_desired(Priority::normal, at("2026-12-01T10:00"), due, cal),
                       doctest::Contains("use priority high"), Error);
  CHECK(settle_desired(Priority::high, at("2026-11-30T16:00"), due, cal) == at("2026-11-30T16:00"));
  CHECK_FALSE(settle_desired(Priority::high, std::nullopt, due, cal).has_value());
  CHECK_FALSE(settle_desired(Priority::low, std::nullopt, std::nullopt, cal).has_value());
  CHECK_THROWS_AS(settle_desired(Priority::low, at("2026-12-03T10:00"), std::nullopt, cal), Error);
  // A time sd stores but the business clock cannot measure to.
  CHECK_THROWS_WITH_AS(settle_desired(Priority::high, at("2150-06-01T12:00"), due, cal),
                       doctest::Contains("outside the business calendar"), Error);
  CHECK_THROWS_WITH_AS(settle_desired(Priority::normal, at("2150-06-01T12:00"), due, cal),
                       doctest::Contains("outside the business calendar"), Error);
}

TEST_CASE("ticket and customer keys follow Backlog") {
  CHECK(parse_ticket_key("ACME-12") == std::pair<std::string, std::int64_t>{"ACME", 12});
  CHECK(parse_ticket_key("MY_CO2-1") == std::pair<std::string, std::int64_t>{"MY_CO2", 1});
  for (const char* bad : {"ACME", "ACME-", "-1", "acme-1", "ACME-0", "ACME-x", "ACME-1a", "1ACME-2", ""})
    CHECK_THROWS_AS(parse_ticket_key(bad), Error);
  CHECK_NOTHROW(check_customer_key("ACME"));
  CHECK_NOTHROW(check_customer_key("A_1"));
  CHECK_THROWS_AS(check_customer_key("Acme"), Error);
  CHECK_THROWS_AS(check_customer_key("_A"), Error);
  CHECK_THROWS_AS(check_customer_key("A-B"), Error);
  CHECK_THROWS_AS(check_customer_key(std::string(26, 'A')), Error);
}
