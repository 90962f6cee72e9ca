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

std::optional<Instant> notice_given_at(const std::optional<Instant>& posted,
                                       const std::optional<Instant>& called, bool impacting) {
  if (impacting) {
    if (!posted || !called) return std::nullopt;
    return std::max(*posted, *called);
  }
  if (posted && called) return std::min(*posted, *called);
  return posted ? posted : called;
}

std::optional<Instant> first_notice_given_at(const Incident& inc) {
  if (!inc.first_posted_at && !inc.first_called_at) return inc.first_notified_at;
  return notice_given_at(inc.first_posted_at, inc.first_called_at, inc.impacting());
}

std::optional<Instant> reopen_notice_given_at(const Incident& inc) {
  if (!inc.reopened_at) return std::nullopt;
  return notice_given_at(inc.reopen_posted_at, inc.reopen_called_at, inc.impacting());
}

bool call_in_order(int position, const std::vector<int>& called) {
  for (int before = 1; before < position; ++before)
    if (std::find(called.begin(), called.end(), before) == called.end()) return false;
  return true;
}

bool may_close(const Incident& inc) {
  return inc.status == IncidentStatus::confirmed && inc.recovery_notified_at.has_value();
}

namespace {
FirstNoticeDue notice_due(Instant from, bool impacting, const IncidentPolicy& p) {
  FirstNoticeDue d;
  d.slo = from + (impacting ? p.first_slo_impacting : p.first_slo_not_impacting);
  if (impacting) d.sla = from + p.first_sla_impacting;
  return d;
}
}  // namespace

FirstNoticeDue first_notice_due(const Incident& inc, const IncidentPolicy& p) {
  return notice_due(inc.received_at, inc.impacting(), p);
}

std::optional<FirstNoticeDue> reopen_notice_due(const Incident& inc, const IncidentPolicy& p) {
  if (!inc.reopened_at) return std::nullopt;
  return notice_due(*inc.reopened_at, inc.impacting(), p);
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
  if (auto re = reopen_notice_due(inc, p)) {
    c.reopened_at = inc.reopened_at;
    c.reopen_slo_due = re->slo;
    c.reopen_sla_due = re->sla;
    c.reopen_notified_at = reopen_notice_given_at(inc);
    if (c.reopen_notified_at) {
      c.reopen_slo_met = *c.reopen_notified_at <= re->slo;
      if (re->sla) c.reopen_sla_met = *c.reopen_notified_at <= *re->sla;
    }
    if (!c.reopen_notified_at && is_open(inc.status)) {
      c.pending.push_back(Obligation{"reopen-notification", "slo", re->slo, std::nullopt});
      if (re->sla) c.pending.push_back(Obligation{"reopen-notification", "sla", *re->sla, std::nullopt});
    }
  }
  bool reopen_told = !inc.reopened_at || c.reopen_notified_at;
  if (inc.impacting() && inc.first_notified_at && reopen_told && inc.status == IncidentStatus::open) {
    Instant last = inc.last_notice_at.value_or(*inc.first_notified_at);
    if (c.reopen_notified_at) last = std::max(last, *c.reopen_notified_at);
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
  // A series of hourly reports runs from a notice (the first, or the notice
  // of a new firing that reopened the incident) to the recovery.
  Instant start = *inc.first_notified_at;
  Instant due = start + p.interim_every;
  bool running = true;
  bool awaiting_notice = false;  // reopened, its notice not yet given
  auto latest_reopen = std::find_if(events.rbegin(), events.rend(),
                                    [](const IncidentEvent& e) { return e.kind == "reopened"; });
  const IncidentEvent* latest = latest_reopen == events.rend() ? nullptr : &*latest_reopen;
  std::optional<Instant> latest_notice = reopen_notice_given_at(inc);
  bool after_latest = false;
  for (const auto& e : events) {
    if (e.kind == "recover") {
      if (running && e.at > due) out.push_back(InterimReport{due, std::nullopt});
      running = false;
      continue;
    }
    if (e.kind == "reopened") {
      running = false;
      awaiting_notice = true;
      after_latest = &e == latest;
      continue;
    }
    if (!is_interim_notice(e)) continue;
    if (awaiting_notice) {
      // The notice of the new firing starts a new series: for the latest
      // reopening it is given when the rule says (both parts while it
      // affects service); for an earlier one, at its first notice.
      std::optional<Instant> given = after_latest ? latest_notice : std::optional<Instant>(e.at);
      if (!given || e.at < *given) continue;
      start = *given;
      due = start + p.interim_every;
      running = true;
      awaiting_notice = false;
      if (e.at == start) continue;
    }
    if (running && e.at > start) {
      out.push_back(InterimReport{due, e.at});
      due = e.at + p.interim_every;
    }
  }
  // Recovered without a recover event on record: the recovery time ends it.
  if (running) {
    std::optional<Instant> end;
    if (inc.status != IncidentStatus::open) end = inc.recovered_at.value_or(now);
    if (end ? *end > due : now >= due) out.push_back(InterimReport{due, std::nullopt});
  }
  return out;
}

std::int64_t interim_late_count(const std::vector<InterimReport>& reports, Instant now) {
  return static_cast<std::int64_t>(
      std::count_if(reports.begin(), reports.end(), [now](const InterimReport& r) { return r.late(now); }));
}

bool incident_breached(const Incident& inc, const std::vector<IncidentEvent>& events, Instant now,
                       const IncidentPolicy& p) {
  auto c = incident_clock(inc, p);
  bool breached = c.first_slo_met == false || c.first_sla_met == false || c.reopen_slo_met == false ||
                  c.reopen_sla_met == false;
  for (const auto& o : c.pending) breached = breached || now > o.due;
  return breached || interim_late_count(interim_reports(inc, events, now, p), now) > 0;
}

}  // namespace sd
