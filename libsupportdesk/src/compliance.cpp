#include "supportdesk/compliance.hpp"

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

std::optional<Instant> effective_due(Priority p, const std::optional<Instant>& slo_due,
                                     const std::optional<Instant>& desired) {
  if (!slo_due) return std::nullopt;
  if (p == Priority::normal && desired && *desired > *slo_due) return desired;
  return slo_due;
}

bool judged_by_desired(const Request& r) { return r.due_at && r.slo_due_at && *r.due_at > *r.slo_due_at; }

std::optional<Instant> working_due(const Request& r) {
  if (r.priority == Priority::high && r.desired_at && (!r.due_at || *r.desired_at < *r.due_at))
    return r.desired_at;
  return r.due_at;
}

bool desired_missed(const Request& r, Instant now) {
  return r.priority == Priority::high && standing(r.desired_at, r.resolved_at, now) == Standing::missed;
}

std::optional<std::chrono::seconds> unscheduled_age(const Request& r, Instant now) {
  if (r.clock_start || !is_open(r.status)) return std::nullopt;
  return std::max(std::chrono::seconds{0}, std::chrono::seconds{now - r.received_at});
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

bool incident_breached(const Incident& inc, Instant now, const IncidentPolicy& p) {
  auto c = incident_clock(inc, p);
  bool breached = c.first_slo_met == false || c.first_sla_met == false;
  for (const auto& o : c.pending) breached = breached || now > o.due;
  return breached;
}

}  // namespace sd
