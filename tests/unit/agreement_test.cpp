// The agreement test: the SQL that aggregates for speed counts exactly what
// the rules of compliance.hpp count. The same generated month of histories
// (requests waiting, resumed, resolved on time and late, reopened; incidents
// notified before, between and after their deadlines, or never) is played
// through the services into the SQLite store and into the in-memory store,
// whose figures are computed record by record with the C++ rules; every
// report query must give the same answer on both, at several instants.
#include "desk_fixture.hpp"
#include "pg_store.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>

using namespace sd;
using sd::test::Desk;
using sd::test::MemoryStore;

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
    path = (std::filesystem::temp_directory_path() /
            ("sd-agreement-" + std::to_string(::getpid()) + ".db")).string();
    std::filesystem::remove(path);
    sqlite = db::open_sqlite(path, true);
  }
  ~Stores() {
    sqlite.reset();
    if (path.empty()) return;
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  }
};

/// Runs `op` on both desks at `when`; both must succeed or both refuse.
template <class F>
void both(Desk& a, Desk& b, Instant when, F&& op) {
  std::string ea, eb;
  try {
    op(a.at(when));
  } catch (const Error& e) {
    ea = e.what();
  }
  try {
    op(b.at(when));
  } catch (const Error& e) {
    eb = e.what();
  }
  REQUIRE(ea == eb);
}

const char* const kCustomers[] = {"ACME", "BETA", "GAMMA"};

/// One month of histories, from a fixed seed so a failure can be replayed.
void generate(Desk& a, Desk& b, std::uint32_t seed) {
  std::mt19937 rnd(seed);
  auto pick = [&](int n) { return static_cast<int>(rnd() % static_cast<unsigned>(n)); };
  Instant start = sd::test::tokyo_at("2026-11-01T00:00");
  for (const char* key : kCustomers)
    both(a, b, start, [&](DeskContext& ctx) {
      Customers(ctx).add(NewCustomer{key, key, Plan::advanced, "", ""});
      Customers(ctx).add_contact(key, ContactInput{"田中", "03-1111-1111", "", "", std::nullopt});
    });

  struct Step {
    Instant at;
    int kind;  // 0 request intake, 1 incident intake
  };
  std::vector<Step> steps;
  for (int i = 0; i < 240; ++i)
    steps.push_back({start + std::chrono::minutes{pick(29 * 24 * 60)}, pick(4) == 0 ? 1 : 0});
  std::sort(steps.begin(), steps.end(), [](auto& x, auto& y) { return x.at < y.at; });

  const char* const types[] = {"backup", "restore", "patch", "consultation"};
  for (const auto& s : steps) {
    std::string customer = kCustomers[pick(3)];
    if (s.kind == 0) {
      NewRequest in;
      in.customer = customer;
      in.type = types[pick(4)];
      if (in.type == "backup") in.fields = {{"op", "add"}, {"host", "web01"}};
      else if (in.type == "restore") in.fields = {{"host", "web01"}, {"snapshot", "snap-1"}};
      else if (in.type == "patch") in.fields = {{"host", "web01"}, {"target", "kernel"}, {"patch", "CVE-1"}};
      else in.fields = {{"content", "相談"}};
      // Low without a date; high working to a desired time (some missed);
      // normal in a window after its SLO due time; urgent on the wall clock.
      switch (pick(10)) {
        case 0: in.priority = Priority::low; break;
        case 1:
          in.priority = Priority::high;
          in.desired = s.at + std::chrono::hours{2 + pick(72)};
          break;
        case 2: in.desired = s.at + std::chrono::hours{24 * 14 + pick(24 * 5)}; break;
        case 3: in.urgent = true; break;
        default: in.priority = Priority::normal; break;
      }
      std::string key;
      both(a, b, s.at, [&](DeskContext& ctx) { key = Requests(ctx).create(in).key(); });
      // Some are escalated (the reports list them).
      if (pick(5) == 0) {
        auto to = pick(2) ? EscalationTarget::aws : EscalationTarget::support_center;
        both(a, b, s.at + std::chrono::minutes{10},
             [&](DeskContext& ctx) { Requests(ctx).escalate(key, to, "調査依頼"); });
      }
      // A life: some waits, a resolution on time or late (some just after
      // the evening's due time), sometimes a reopening and a second one.
      Instant t = s.at;
      int moves = pick(6);
      for (int m = 0; m < moves; ++m) {
        t += std::chrono::minutes{30 + pick(3 * 24 * 60)};
        Action action = std::array{Action::start, Action::wait, Action::resume, Action::resolve,
                                   Action::resolve, Action::reopen, Action::close}[static_cast<std::size_t>(pick(7))];
        both(a, b, t, [&](DeskContext& ctx) {
          Requests requests(ctx);
          if (action == Action::resolve) {
            auto r = requests.view(key).request;
            auto c = requests.clock(r);
            bool late = standing(c.due, ctx.now, ctx.now) == Standing::missed;
            requests.act(key, action, "", late ? "遅延" : "");
          } else {
            requests.act(key, action, "", "");
          }
        });
      }
      // Some the desk exempts, open or done.
      if (pick(8) == 0)
        both(a, b, t + std::chrono::minutes{10}, [&](DeskContext& ctx) { Requests(ctx).exempt(key, "特別な事情"); });
    } else {
      NewIncident in;
      in.customer = customer;
      int impact = pick(3);
      if (impact == 1) in.impact = Impact::yes;
      if (impact == 2) in.impact = Impact::no;
      std::string key;
      both(a, b, s.at, [&](DeskContext& ctx) { key = Incidents(ctx).open(in).key(); });
      // The first notice: before, between or after the deadlines, or never;
      // its two parts (a post and an answered call) apart or together, or
      // only one of them (which is not notified while it affects service).
      constexpr std::array kDelays{5, 15, 16, 29, 30, 31, 59, 60, 61, 120, -1};
      int delay = kDelays[static_cast<std::size_t>(pick(11))];
      int call_delay = pick(3) == 0 ? delay : kDelays[static_cast<std::size_t>(pick(11))];
      NotifyInput call;
      call.via = NoticeVia::phone;
      call.contact = "1";
      call.result = CallResult::answered;
      NotifyInput post;
      post.via = NoticeVia::backlog;
      std::vector<std::pair<int, NotifyInput>> parts;
      if (call_delay >= 0) parts.emplace_back(call_delay, call);
      if (delay >= 0) parts.emplace_back(delay, post);
      if (parts.empty()) continue;
      std::stable_sort(parts.begin(), parts.end(), [](auto& x, auto& y) { return x.first < y.first; });
      for (const auto& part : parts)
        both(a, b, s.at + std::chrono::minutes{part.first}, [&](DeskContext& ctx) { Incidents(ctx).notify(key, part.second); });
      // Interim reports, on time or late, before the recovery (if any).
      int reports = pick(3);
      Instant posted = s.at + std::chrono::minutes{parts.back().first};
      for (int k = 0; k < reports; ++k) {
        posted += std::chrono::minutes{std::array{30, 60, 61, 90}[static_cast<std::size_t>(pick(4))]};
        both(a, b, posted, [&](DeskContext& ctx) { Incidents(ctx).update(key, "中間報告"); });
      }
      if (pick(2)) {
        Instant t = posted + std::chrono::minutes{30 + pick(180)};
        both(a, b, t, [&](DeskContext& ctx) { Incidents(ctx).recover(key, std::nullopt, "復旧"); });
        both(a, b, t + std::chrono::minutes{10}, [&](DeskContext& ctx) { Incidents(ctx).confirm(key, ""); });
        NotifyInput done;
        done.via = NoticeVia::backlog;
        done.kind = NoticeKind::recovery;
        both(a, b, t + std::chrono::minutes{20}, [&](DeskContext& ctx) { Incidents(ctx).notify(key, done); });
        both(a, b, t + std::chrono::minutes{30}, [&](DeskContext& ctx) { Incidents(ctx).close(key, ""); });
      }
    }
  }
}

template <class T, class K>
std::vector<T> sorted(std::vector<T> v, K key) {
  std::sort(v.begin(), v.end(), [&](const T& x, const T& y) { return key(x) < key(y); });
  return v;
}

}  // namespace

static void check_agreement(std::uint32_t seed, bool pg = false) {
  Stores stores(pg);
  REQUIRE(stores.sqlite);
  Desk memory(stores.memory), sqlite(*stores.sqlite);
  {
    generate(memory, sqlite, seed);
    IncidentPolicy policy;
    for (const char* when : {"2026-11-10T12:00", "2026-11-30T18:59", "2026-12-31T00:00"}) {
      CAPTURE(when);
      Instant now = sd::test::tokyo_at(when);
      for (std::optional<std::string> customer : {std::optional<std::string>{}, std::optional<std::string>{"BETA"}}) {
        ReportQuery q{sd::test::tokyo_at("2026-11-01T00:00"), sd::test::tokyo_at("2026-12-15T00:00"), now, customer};
        Transaction ta(stores.memory, Transaction::Mode::read);
        Transaction tb(*stores.sqlite, Transaction::Mode::read);

        auto by_type = [](const TypeCompliance& t) { return t.type; };
        auto ra = sorted(stores.memory.request_compliance(q), by_type);
        auto rb = sorted(stores.sqlite->request_compliance(q), by_type);
        REQUIRE(ra.size() == rb.size());
        std::int64_t missed = 0;
        for (std::size_t i = 0; i < ra.size(); ++i) {
          CAPTURE(ra[i].type);
          CHECK(ra[i].due == rb[i].due);
          CHECK(ra[i].met == rb[i].met);
          CHECK(ra[i].missed == rb[i].missed);
          CHECK(ra[i].open_overdue == rb[i].open_overdue);
          CHECK(ra[i].open == rb[i].open);
          missed += ra[i].missed;
        }
        CHECK(missed > 0);  // the generated month has misses to count

        auto keys = [](const std::vector<Request>& v) {
          std::vector<std::string> k;
          for (const auto& r : v) k.push_back(r.key());
          std::sort(k.begin(), k.end());
          return k;
        };
        CHECK(keys(stores.memory.missed_requests(q)) == keys(stores.sqlite->missed_requests(q)));
        // Exempt, in a desired window, or high and past its desired time.
        auto noted = keys(stores.memory.noted_requests(q));
        CHECK(noted == keys(stores.sqlite->noted_requests(q)));
        auto lists = sort_noted(stores.sqlite->noted_requests(q), now);
        if (!customer) {  // the generated month has some of each to list
          CHECK(lists.desired_window.size() > 0);
          CHECK(lists.exempt.size() > 0);
          CHECK(lists.desired_missed.size() > 0);
        }

        auto by_impact = [](const IncidentCompliance& c) { return c.impact; };
        auto ia = sorted(stores.memory.incident_compliance(q, policy), by_impact);
        auto ib = sorted(stores.sqlite->incident_compliance(q, policy), by_impact);
        REQUIRE(ia.size() == ib.size());
        for (std::size_t i = 0; i < ia.size(); ++i) {
          CAPTURE(ia[i].impact);
          CHECK(ia[i].count == ib[i].count);
          CHECK(ia[i].notified == ib[i].notified);
          CHECK(ia[i].slo_missed == ib[i].slo_missed);
          CHECK(ia[i].sla_missed == ib[i].sla_missed);
          CHECK(ia[i].median_seconds == ib[i].median_seconds);
          CHECK(ia[i].p95_seconds == ib[i].p95_seconds);
        }

        auto ma = stores.memory.request_metrics(now);
        auto mb = stores.sqlite->request_metrics(now);
        REQUIRE(ma.size() == mb.size());
        for (std::size_t i = 0; i < ma.size(); ++i) {
          CAPTURE(ma[i].customer + "/" + ma[i].type);
          CHECK(ma[i].customer == mb[i].customer);
          CHECK(ma[i].type == mb[i].type);
          CHECK(ma[i].open == mb[i].open);
          CHECK(ma[i].overdue == mb[i].overdue);
          CHECK(ma[i].met == mb[i].met);
          CHECK(ma[i].missed == mb[i].missed);
        }
        auto na = stores.memory.incident_metrics(now, policy);
        auto nb = stores.sqlite->incident_metrics(now, policy);
        REQUIRE(na.size() == nb.size());
        for (std::size_t i = 0; i < na.size(); ++i) {
          CHECK(na[i].open == nb[i].open);
          CHECK(na[i].total == nb[i].total);
          CHECK(na[i].slo_missed == nb[i].slo_missed);
          CHECK(na[i].sla_missed == nb[i].sla_missed);
        }

        // The open list is the rule's open, on both.
        RequestFilter open;
        open.statuses.assign(std::begin(kOpenStatuses), std::end(kOpenStatuses));
        for (const auto& r : stores.sqlite->list_requests(open)) CHECK_FALSE(r.resolved_at);
        CHECK(keys(stores.memory.list_requests(open)) == keys(stores.sqlite->list_requests(open)));

        // The overdue list (request list --overdue) is request_overdue(), to
        // the second: at a request's due time it is not overdue, a second
        // later it is.
        auto everything = stores.sqlite->list_requests(RequestFilter{});
        std::vector<Instant> instants{now};
        for (const auto& r : stores.sqlite->list_requests(open))
          if (r.due_at && instants.size() < 40) {
            instants.push_back(*r.due_at);
            instants.push_back(*r.due_at + std::chrono::seconds{1});
          }
        for (auto at : instants) {
          std::vector<Request> want;
          for (const auto& r : everything)
            if (request_overdue(r, at)) want.push_back(r);
          RequestFilter overdue;
          overdue.overdue_at = at;
          CHECK(keys(stores.sqlite->list_requests(overdue)) == keys(want));
          CHECK(keys(stores.memory.list_requests(overdue)) == keys(want));
        }
        ta.commit();
        tb.commit();

        // The reports service over both stores: each incident by itself
        // (the C++ rules over its timeline) and the escalated requests; and
        // on each store the SQL counts by impact equal the incidents' own
        // verdicts summed.
        Period period{q.from, q.to, "agreement"};
        auto sa = Reports(memory.at(now)).slo_report(period, customer);
        auto sb = Reports(sqlite.at(now)).slo_report(period, customer);
        REQUIRE(sa.incident_details.size() == sb.incident_details.size());
        std::int64_t late = 0;
        for (std::size_t i = 0; i < sa.incident_details.size(); ++i) {
          const auto& x = sa.incident_details[i];
          const auto& y = sb.incident_details[i];
          CAPTURE(x.key);
          CHECK(x.key == y.key);
          CHECK(x.slo_missed == y.slo_missed);
          CHECK(x.sla_missed == y.sla_missed);
          CHECK(x.interim_owed == y.interim_owed);
          CHECK(x.interim_late == y.interim_late);
          CHECK(x.outage_seconds() == y.outage_seconds());
          late += x.interim_late;
        }
        if (!customer && now > sd::test::tokyo_at("2026-11-20T00:00")) CHECK(late > 0);
        for (const auto* s : {&sa, &sb})
          for (const auto& row : s->incidents) {
            CAPTURE(row.impact);
            std::int64_t slo = 0, sla = 0, count = 0;
            for (const auto& d : s->incident_details)
              if (d.impact == row.impact) {
                ++count;
                slo += d.slo_missed;
                sla += d.sla_missed;
              }
            CHECK(row.count == count);
            CHECK(row.slo_missed == slo);
            CHECK(row.sla_missed == sla);
          }
        auto escalated = [](const SloReport& s) {
          std::vector<std::string> k;
          for (const auto& e : s.escalated_requests) k.push_back(e.key + ":" + e.escalated_to);
          return k;
        };
        CHECK(escalated(sa) == escalated(sb));
        if (!customer) CHECK_FALSE(escalated(sa).empty());
      }
    }
  }
}

TEST_CASE("agreement: SQL report figures equal the rules, over generated histories") {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    check_agreement(seed);
  }
}

TEST_CASE("agreement on PostgreSQL: its SQL report figures equal the rules" * doctest::test_suite("pg")) {
  REQUIRE_MESSAGE(!sd::test::pg_conninfo().empty(), "SD_TEST_PG names no server (tests/unit/pg_store.hpp)");
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    check_agreement(seed, true);
  }
}
