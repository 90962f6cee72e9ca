#include "supportdesk/compliance.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sd {

std::string_view to_string(Standing s) {
  switch (s) {
    case Standing::unclocked: return "unclocked";
    case Standing::pending: return "pending";
    case Standing::met: return "met";
    case Standing::missed: return "missed";
  }
  return "";
}

Standing standing(const std::optional<Instant>& due, const std::optional<Instant>& resolved, Instant now) {
  if (!due) return Standing::unclocked;
  if (resolved) return *resolved <= *due ? Standing::met : Standing::missed;
  return now > *due ? Standing::missed : Standing::pending;
}

Standing request_standing(const Request& r, Instant now) { return standing(r.due_at, r.resolved_at, now); }

bool request_overdue(const Request& r, Instant now) {
  return !r.resolved_at && r.due_at && now > *r.due_at;
}

bool resolved_late(const Request& r, Instant at) { return r.due_at && at > *r.due_at; }

std::chrono::seconds request_lateness(const Request& r, Instant now) {
  if (request_standing(r, now) != Standing::missed) return std::chrono::seconds{0};
  return r.resolved_at.value_or(now) - *r.due_at;
}

FirstNoticeDue first_notice_due(const Incident& inc, const IncidentPolicy& p) {
  FirstNoticeDue d;
  bool impacting = inc.impacting();
  d.slo = inc.received_at + (impacting ? p.first_slo_impacting : p.first_slo_not_impacting);
  if (impacting) d.sla = inc.received_at + p.first_sla_impacting;
  return d;
}

namespace {
bool missed(const std::optional<Instant>& done, Instant due, Instant now) {
  return done ? *done > due : now > due;
}
}  // namespace

bool first_notice_slo_missed(const Incident& inc, Instant now, const IncidentPolicy& p) {
  return missed(inc.first_notified_at, first_notice_due(inc, p).slo, now);
}

bool first_notice_sla_missed(const Incident& inc, Instant now, const IncidentPolicy& p) {
  auto d = first_notice_due(inc, p);
  return d.sla && missed(inc.first_notified_at, *d.sla, now);
}

Urgency urgency(Instant due, Instant now, std::chrono::seconds warn) {
  if (now > due) return Urgency::missed;
  if (due - now <= warn) return Urgency::due_soon;
  return Urgency::ok;
}

IncidentClock incident_clock(const Incident& inc, const IncidentPolicy& p) {
  IncidentClock c;
  auto due = first_notice_due(inc, p);
  c.first_slo_due = due.slo;
  c.first_sla_due = due.sla;
  c.first_notified_at = inc.first_notified_at;
  if (inc.first_notified_at) {
    c.first_slo_met = *inc.first_notified_at <= c.first_slo_due;
    if (c.first_sla_due) c.first_sla_met = *inc.first_notified_at <= *c.first_sla_due;
  } else if (is_open(inc.status)) {
    c.pending.push_back(Obligation{"first-notification", "slo", c.first_slo_due, std::nullopt});
    if (c.first_sla_due)
      c.pending.push_back(Obligation{"first-notification", "sla", *c.first_sla_due, std::nullopt});
  }
  if (inc.impacting() && inc.first_notified_at && inc.status == IncidentStatus::open) {
    Instant last = inc.last_notice_at.value_or(*inc.first_notified_at);
    c.next_interim_due = last + p.interim_every;
    c.pending.push_back(Obligation{"interim-report", "slo", *c.next_interim_due, std::nullopt});
  }
  std::stable_sort(c.pending.begin(), c.pending.end(),
                   [](const Obligation& a, const Obligation& b) { return a.due < b.due; });
  return c;
}

bool is_interim_notice(const IncidentEvent& e) {
  if (e.kind == "update") return true;
  if (e.kind != "notify" || e.data.empty()) return false;
  auto data = nlohmann::json::parse(e.data, nullptr, false);
  if (!data.is_object()) return false;
  return data.value("reached", false) && data.value("kind", std::string()) != "recovery";
}

std::vector<InterimReport> interim_reports(const Incident& inc, const std::vector<IncidentEvent>& events,
                                           Instant now, const IncidentPolicy& p) {
  std::vector<InterimReport> out;
  if (!inc.impacting() || !inc.first_notified_at) return out;
  const Instant first = *inc.first_notified_at;
  Instant due = first + p.interim_every;
  std::optional<Instant> end;
  for (const auto& e : events) {
    if (e.kind == "recover") {
      end = e.at;
      break;
    }
    if (e.at > first && is_interim_notice(e)) {
      out.push_back(InterimReport{due, e.at});
      due = e.at + p.interim_every;
    }
  }
  // Recovered without a recover event on record: the recovery time ends it.
  if (!end && inc.status != IncidentStatus::open) end = inc.recovered_at.value_or(now);
  if (end ? *end > due : now >= due) out.push_back(InterimReport{due, std::nullopt});
  return out;
}

std::int64_t interim_late_count(const std::vector<InterimReport>& reports, Instant now) {
  return static_cast<std::int64_t>(
      std::count_if(reports.begin(), reports.end(), [now](const InterimReport& r) { return r.late(now); }));
}

bool incident_breached(const Incident& inc, const std::vector<IncidentEvent>& events, Instant now,
                       const IncidentPolicy& p) {
  auto c = incident_clock(inc, p);
  bool breached = c.first_slo_met == false || c.first_sla_met == false;
  for (const auto& o : c.pending) breached = breached || now > o.due;
  return breached || interim_late_count(interim_reports(inc, events, now, p), now) > 0;
}

}  // namespace sd
