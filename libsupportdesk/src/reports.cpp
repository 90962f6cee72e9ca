// Reports: the appendix 5 compliance table, the monthly service report and
// Prometheus metrics. The store aggregates; this file names the periods,
// fills in the catalog and shapes the results.
#include "supportdesk/reports.hpp"

#include "supportdesk/alert.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/request.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

namespace sd {
namespace {

std::string two(unsigned v) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02u", v);
  return buf;
}

/// An incident as the reports tell it, by the rules of compliance.hpp.
IncidentDetail detail_of(const Incident& inc, const std::vector<IncidentEvent>& events, Instant now,
                         const IncidentPolicy& policy) {
  auto due = first_notice_due(inc, policy);
  auto interim = interim_reports(inc, events, now, policy);
  IncidentDetail d;
  d.key = inc.key();
  d.impact = std::string(to_string(inc.impact));
  d.status = std::string(to_string(inc.status));
  d.title = inc.title;
  d.note = inc.recovery_action;
  d.received_at = inc.received_at;
  d.detected_at = inc.detected_at;
  d.first_notified_at = inc.first_notified_at;
  d.slo_due = due.slo;
  d.sla_due = due.sla;
  d.slo_missed = first_notice_slo_missed(inc, now, policy);
  d.sla_missed = first_notice_sla_missed(inc, now, policy);
  d.interim_owed = static_cast<std::int64_t>(interim.size());
  d.interim_late = interim_late_count(interim, now);
  for (const auto& rep : interim)
    if (rep.late(now)) {
      d.first_late_interim = rep;
      break;
    }
  d.recovered_at = inc.recovered_at;
  return d;
}

std::string month_label(int year, unsigned month) { return std::to_string(year) + "-" + two(month); }

/// Prometheus label values: escape backslash, quote and newline.
std::string label_value(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

/// The problems linked to the customer's tickets that were open at some
/// time in [from, to): recorded before its end, not closed before its start.
std::vector<ReportProblem> month_problems(ProblemStore& store, const std::string& customer, Instant from, Instant to) {
  ProblemFilter f;
  f.customer = customer;
  f.active_from = from;
  f.active_to = to;
  std::vector<ReportProblem> out;
  store.each_problem(f, [&](Problem& p) {
    out.push_back(ReportProblem{p.key(), p.title, std::string(to_string(p.status)), p.root_cause, p.known_error(),
                                p.tickets});
  });
  return out;
}

/// The customer's changes that were open at some time in [from, to):
/// recorded before its end, not closed before its start.
std::vector<ReportChange> month_changes(ChangeStore& store, const std::string& customer, Instant from, Instant to) {
  ChangeFilter f;
  f.customer = customer;
  f.active_from = from;
  f.active_to = to;
  std::vector<ReportChange> out;
  store.each_change(f, [&](Change& c) {
    auto outcome = c.outcome();
    out.push_back(ReportChange{c.key(), c.title, c.customer, std::string(to_string(c.status)),
                               outcome == ChangeOutcome::none ? "" : std::string(to_string(outcome))});
  });
  return out;
}

}  // namespace

Period Reports::month_period(int year, unsigned month) const {
  date::year_month_day first{date::year{year}, date::month{month}, date::day{1}};
  if (!first.ok() || year < kFirstHolidayYear || year > kLastHolidayYear)
    throw field_error("month", month_label(year, month) + " is not a month sd can report on");
  auto next = date::year_month_day{date::sys_days{first} + date::days{31}};
  next = date::year_month_day{next.year(), next.month(), date::day{1}};
  auto start = [&](date::year_month_day d) {
    return ctx_.calendar.zone()->to_sys(date::local_seconds{date::local_days{d}}, Choose::earliest);
  };
  return Period{start(first), start(next), month_label(year, month)};
}

Period Reports::year_period(int year) const {
  if (year < kFirstHolidayYear || year > kLastHolidayYear)
    throw field_error("year", std::to_string(year) + " is outside " + std::to_string(kFirstHolidayYear) +
                     ".." + std::to_string(kLastHolidayYear));
  auto p = month_period(year, 1);
  p.to = month_period(year, 12).to;
  p.label = std::to_string(year);
  return p;
}

Period Reports::range_period(date::year_month_day from, date::year_month_day to) const {
  if (to < from) throw field_error("to", format_date(to) + " is before " + mention("from") + " " + format_date(from));
  auto start = [&](date::year_month_day d) {
    return ctx_.calendar.zone()->to_sys(date::local_seconds{date::local_days{d}}, Choose::earliest);
  };
  auto after = date::year_month_day{date::sys_days{to} + date::days{1}};
  return Period{start(from), start(after), format_date(from) + ".." + format_date(to)};
}

SloReport Reports::slo_report(const Period& period, const std::optional<std::string>& customer) {
  if (customer) check_customer_key(*customer);
  return read_transaction(ctx_.store, [&] {
    // A basic-plan customer's report has no rows of the advanced tier (its
    // plan has none), unless such requests were counted all the same.
    bool basic = customer && ctx_.must_customer(*customer).plan == Plan::basic;
    SloReport r;
    r.period = period;
    r.customer = customer.value_or("");
    r.generated_at = ctx_.now;
    r.policy = ctx_.policy;
    for (Tier tier : kTiers) r.tiers.push_back(ctx_.catalog().tier(tier));
    ReportQuery q{period.from, period.to, ctx_.now, customer};
    std::map<std::string, TypeCompliance> counted;
    for (auto& t : ctx_.store.request_compliance(q)) counted[t.type] = t;
    // Every catalog type, in catalog order grouped by tier; types in the
    // store that the catalog no longer has come last.
    for (auto tier : {Tier::minor, Tier::impacting, Tier::basic, Tier::advanced}) {
      for (const auto& type : ctx_.catalog().types()) {
        if (type.tier != tier) continue;
        TypeCompliance t;
        if (auto it = counted.find(type.code); it != counted.end()) {
          t = it->second;
          counted.erase(it);
        } else if (basic && tier == Tier::advanced) {
          continue;
        }
        t.type = type.code;
        t.name = type.name;
        t.name_en = type.name_en;
        t.tier = type.tier;
        t.raised_by = type.raised_by;
        t.slo_days = type.slo_days;
        r.types.push_back(std::move(t));
      }
    }
    for (auto& [code, t] : counted) {
      t.name = t.name_en = code;
      r.types.push_back(t);
    }
    r.noted = sort_noted(ctx_.store.noted_requests(q), ctx_.now);
    auto incidents = ctx_.store.incident_compliance(q, r.policy);
    for (const auto& inc : ctx_.store.incidents_received(q, ""))
      r.incident_details.push_back(detail_of(inc, ctx_.store.incident_events(inc.id), ctx_.now, r.policy));
    for (const char* impact : {"yes", "no", "unjudged"}) {
      IncidentCompliance c;
      c.impact = impact;
      for (const auto& got : incidents)
        if (got.impact == impact) c = got;
      for (const auto& d : r.incident_details)
        if (d.impact == impact) {
          c.interim_owed += d.interim_owed;
          c.interim_late += d.interim_late;
        }
      r.incidents.push_back(c);
    }
    for (const auto& req : ctx_.store.escalated_requests(q))
      r.escalated_requests.push_back(EscalatedRequest{req.key(), req.type, req.title,
                                                      std::string(to_string(req.status)), req.escalated_to,
                                                      req.received_at});
    return r;
  });
}

ServiceReport Reports::service_report(const std::string& customer, int year, unsigned month) {
  auto period = month_period(year, month);
  ServiceReport r;
  r.slo = slo_report(period, customer);
  return read_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(customer);
    r.customer = cust.key;
    r.customer_name = cust.name;
    ReportQuery q{period.from, period.to, ctx_.now, customer};
    r.problems = month_problems(ctx_.store, customer, period.from, period.to);
    r.changes = month_changes(ctx_.store, customer, period.from, period.to);
    for (const auto& req : ctx_.store.requests_received(q, {Tier::impacting, Tier::advanced})) {
      bool missed = request_standing(req, ctx_.now) == Standing::missed;
      r.major_requests.push_back(ReportItem{req.key(), req.type, req.title, std::string(to_string(req.status)),
                                            req.received_at, req.due_at, req.resolved_at, req.miss_reason, missed});
    }
    const auto& policy = ctx_.policy;
    for (const auto& inc : ctx_.store.incidents_received(q, "")) {
      const IncidentDetail* d = nullptr;
      for (const auto& x : r.slo.incident_details)
        if (x.key == inc.key()) d = &x;
      if (!d) continue;
      // Serious: service-impacting, or not yet judged (held to the
      // impacting targets until judged).
      if (inc.impacting()) r.serious_incidents.push_back(*d);
      if (inc.first_notified_at)
        r.notify_minutes.emplace_back(inc.key(), std::chrono::duration_cast<std::chrono::minutes>(
                                                     *inc.first_notified_at - inc.received_at).count());
      if (!d->slo_missed && d->interim_late == 0) continue;
      ReportItem item{inc.key(), d->impact, inc.title, d->status, inc.received_at, d->slo_due,
                      inc.first_notified_at, "", true};
      std::vector<std::string> causes;
      if (d->sla_missed) {
        item.due = d->sla_due;
        causes.push_back(inc.first_notified_at
                             ? "初報が SLA (" + std::to_string(policy.first_sla_impacting.count()) + " 分) を超過 (SLA 違反)"
                             : "初報未実施 (SLA 違反)");
      } else if (d->slo_missed) {
        auto slo = inc.impacting() ? policy.first_slo_impacting : policy.first_slo_not_impacting;
        causes.push_back(inc.first_notified_at ? "初報が SLO (" + std::to_string(slo.count()) + " 分) を超過"
                                               : "初報未実施");
      }
      if (d->interim_late > 0) {
        if (!d->slo_missed) {
          // The row's times are those of the first late interim report.
          item.due = d->first_late_interim->due;
          item.done = d->first_late_interim->posted_at;
        }
        causes.push_back("中間報告の遅延 " + std::to_string(d->interim_late) + " 件 (期限到来 " +
                         std::to_string(d->interim_owed) + " 件中)");
      }
      for (const auto& c : causes) item.note += (item.note.empty() ? "" : "、") + c;
      r.nonconformities.push_back(item);
    }
    for (const auto& req : ctx_.store.missed_requests(q))
      r.nonconformities.push_back(ReportItem{req.key(), req.type, req.title, std::string(to_string(req.status)),
                                             req.received_at, req.due_at, req.resolved_at,
                                             req.miss_reason.empty() ? "(原因未記録)" : req.miss_reason, true});
    r.requests_by_type = ctx_.store.requests_received_by_type(q);
    static const char* kDays[] = {"月", "火", "水", "木", "金", "土", "日"};
    std::array<std::int64_t, 7> days{};
    for (auto t : ctx_.store.request_receipts(q)) {
      auto wd = date::weekday{date::sys_days{local_date(t, ctx_.calendar.zone())}}.iso_encoding();  // 1 = Monday
      ++days[wd - 1];
    }
    for (std::size_t i = 0; i < 7; ++i) r.requests_by_weekday.emplace_back(kDays[i], days[i]);
    // The twelve months up to this one.
    for (int back = 11; back >= 0; --back) {
      int y = year;
      int m = static_cast<int>(month) - back;
      while (m < 1) {
        m += 12;
        --y;
      }
      if (y < kFirstHolidayYear) continue;
      auto p = month_period(y, static_cast<unsigned>(m));
      ReportQuery mq{p.from, p.to, ctx_.now, customer};
      MonthAttainment a;
      a.month = p.label;
      for (const auto& t : ctx_.store.request_compliance(mq)) {
        a.met += t.met;
        a.missed += t.missed;
      }
      for (const auto& c : ctx_.store.incident_compliance(mq, policy)) {
        a.incidents += c.count;
        a.incident_slo_missed += c.slo_missed;
      }
      r.trend.push_back(a);
    }
    return r;
  });
}

std::string Reports::metrics() {
  return read_transaction(ctx_.store, [&] {
    std::string out;
    auto family = [&](const char* name, const char* type, const char* help) {
      out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    };
    auto requests = ctx_.store.request_metrics(ctx_.now);
    auto req_line = [&](const char* name, auto value) {
      for (const auto& m : requests)
        out += std::string(name) + "{customer=\"" + label_value(m.customer) + "\",tier=\"" + label_value(m.tier) +
               "\",type=\"" + label_value(m.type) + "\"} " + std::to_string(value(m)) + "\n";
    };
    family("sd_requests_open", "gauge", "Requests not yet resolved.");
    req_line("sd_requests_open", [](const RequestMetric& m) { return m.open; });
    family("sd_requests_overdue", "gauge", "Requests not yet resolved whose due time has passed.");
    req_line("sd_requests_overdue", [](const RequestMetric& m) { return m.overdue; });
    family("sd_requests_met", "gauge",
           "Requests resolved by their due time, as the store holds them now; exempt ones are not counted.");
    req_line("sd_requests_met", [](const RequestMetric& m) { return m.met; });
    family("sd_requests_missed", "gauge",
           "Requests resolved after their due time, as the store holds them now; exempt ones are not counted.");
    req_line("sd_requests_missed", [](const RequestMetric& m) { return m.missed; });
    auto incidents = ctx_.store.incident_metrics(ctx_.now, ctx_.policy);
    auto inc_line = [&](const char* name, auto value) {
      for (const auto& m : incidents)
        out += std::string(name) + "{customer=\"" + label_value(m.customer) + "\",impact=\"" + label_value(m.impact) +
               "\"} " + std::to_string(value(m)) + "\n";
    };
    family("sd_incidents_open", "gauge", "Incidents not yet closed.");
    inc_line("sd_incidents_open", [](const IncidentMetric& m) { return m.open; });
    family("sd_incidents", "gauge", "Incidents received, by their impact now.");
    inc_line("sd_incidents", [](const IncidentMetric& m) { return m.total; });
    family("sd_incident_first_notification_slo_missed", "gauge",
           ("Incidents whose first notification missed the SLO (" +
            std::to_string(ctx_.policy.first_slo_impacting.count()) + " min impacting, " +
            std::to_string(ctx_.policy.first_slo_not_impacting.count()) + " min otherwise).").c_str());
    inc_line("sd_incident_first_notification_slo_missed", [](const IncidentMetric& m) { return m.slo_missed; });
    family("sd_incident_first_notification_sla_missed", "gauge",
           ("Service-impacting incidents whose first notification missed the " +
            std::to_string(ctx_.policy.first_sla_impacting.count()) + " min SLA.").c_str());
    inc_line("sd_incident_first_notification_sla_missed", [](const IncidentMetric& m) { return m.sla_missed; });
    family("sd_alerts_unplaced", "gauge",
           "Alert payloads kept in the inbox, not yet placed on an incident, by the format they were "
           "given as; their clock runs from arrival.");
    std::map<std::string, std::int64_t> by_format{{"auto", 0}};
    for (auto f : {AlertFormat::alertmanager, AlertFormat::cloudwatch, AlertFormat::datadog, AlertFormat::pagerduty,
                   AlertFormat::generic})
      by_format[std::string(to_string(f))] = 0;
    for (const auto& [format, n] : ctx_.store.pending_inbox_by_format()) by_format[format] = n;
    for (const auto& [format, n] : by_format)
      out += "sd_alerts_unplaced{format=\"" + label_value(format) + "\"} " + std::to_string(n) + "\n";
    return out;
  });
}


}  // namespace sd
