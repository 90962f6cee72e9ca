#pragma once
/// SLO/SLA compliance and service reports (white paper appendix 5 and
/// §5.3.3). The figures are aggregated by the store (SQL); this module holds
/// the report's shape, builds its document once (document.hpp: rendered as
/// text, Markdown, HTML or CSV) and gives its figures as JSON. No I/O.
#include "supportdesk/catalog.hpp"
#include "supportdesk/document.hpp"
#include "supportdesk/compliance.hpp"
#include "supportdesk/incident.hpp"
#include "supportdesk/time.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

/// The period a report covers: [from, to) as instants, with its label.
struct Period {
  Instant from{}, to{};
  std::string label;  ///< "2026-11", "2026", "2026-11-01..2026-11-30"
};

/// Requests whose due time falls in the period, by catalog type.
/// met: resolved at or before the due time; missed: resolved after it, or
/// still open with the due time passed (open_overdue counts those too);
/// open: not resolved and not yet due.
struct TypeCompliance {
  std::string type;
  std::string name, name_en;
  Tier tier = Tier::minor;
  std::string raised_by;
  int slo_days = 0;
  std::int64_t due = 0, met = 0, missed = 0, open_overdue = 0, open = 0;
  /// ○ when nothing was missed.
  bool kept() const { return missed == 0; }
  /// met / (met + missed), as a percentage; nullopt when nothing was decided.
  std::optional<double> attainment() const {
    auto decided = met + missed;
    return decided ? std::optional<double>(100.0 * static_cast<double>(met) / static_cast<double>(decided))
                   : std::nullopt;
  }
};

/// Incidents received in the period, by impact (yes, no, unjudged).
struct IncidentCompliance {
  std::string impact;
  std::int64_t count = 0;
  std::int64_t notified = 0;     ///< with a first notification recorded
  std::int64_t slo_missed = 0;   ///< notified after the SLO deadline, or not yet and past it
  std::int64_t sla_missed = 0;   ///< likewise against the SLA (impacting only)
  std::optional<std::int64_t> median_seconds;  ///< time to first notification
  std::optional<std::int64_t> p95_seconds;
  /// Interim reports that came due (or were posted), and of them those that
  /// were late (interim_reports(), summed over the row's incidents).
  std::int64_t interim_owed = 0, interim_late = 0;
  bool slo_kept() const { return slo_missed == 0; }
  bool sla_kept() const { return sla_missed == 0; }
};

/// One incident received in the period, as the reports tell it: its first
/// notice against the SLO and the SLA, its interim reports, its recovery.
struct IncidentDetail {
  std::string key, impact, status, title;
  std::string note;  ///< the recovery action
  Instant received_at{};
  std::optional<Instant> detected_at;
  std::optional<Instant> first_notified_at;
  Instant slo_due{};
  std::optional<Instant> sla_due;  ///< none without service impact
  bool slo_missed = false;         ///< first_notice_slo_missed() at the report's time
  bool sla_missed = false;         ///< first_notice_sla_missed(): an SLA breach
  std::int64_t interim_owed = 0, interim_late = 0;
  std::optional<InterimReport> first_late_interim;  ///< the earliest late one, if any
  std::optional<Instant> recovered_at;
  /// Time to recovery: from the failure's start (detected_at, else
  /// received_at) to recovered_at; none while not recovered.
  std::optional<std::int64_t> outage_seconds() const;
  std::optional<std::int64_t> seconds_to_first_notice() const;
};

/// A request escalated (to the support center or AWS support), with the
/// target of its latest escalation.
struct EscalatedRequest {
  std::string key, type, title, status, escalated_to;
  Instant received_at{};
};

/// A request a report names besides the counts (compliance.hpp
/// noted_in_report()): judged against the customer's desired time, a high
/// request that missed its desired time, or exempt.
struct NotedRequest {
  std::string key, type, title, status, priority;
  Instant received{};
  std::optional<Instant> slo_due;   ///< on the request's own clock
  std::optional<Instant> due;       ///< judged against (effective_due())
  std::optional<Instant> desired;
  std::optional<Instant> resolved;
  Standing standing = Standing::unclocked;  ///< against `due`, at the report's generation
  std::optional<Instant> exempt_at;
  std::string exempt_by, exempt_reason;
};

/// The requests a report names, in three lists (one request may be in more
/// than one), each by due time.
struct NotedRequests {
  /// Normal requests due at the customer's desired time (a maintenance
  /// window later than the SLO due time), counted against it.
  std::vector<NotedRequest> desired_window;
  /// High requests that missed their desired time (counted against the SLO
  /// as usual).
  std::vector<NotedRequest> desired_missed;
  /// Exempt requests: not counted in attainment, with who approved and why.
  std::vector<NotedRequest> exempt;
  /// Nothing to list: the documents leave the part out.
  bool empty() const { return desired_window.empty() && desired_missed.empty() && exempt.empty(); }
};

struct SloReport {
  Period period;
  std::string customer;  ///< "" for every customer
  Instant generated_at{};
  std::vector<TypeCompliance> types;          ///< catalog order, every type
  std::vector<IncidentCompliance> incidents;  ///< yes, no, unjudged
  /// Every incident received in the period, in the order received.
  std::vector<IncidentDetail> incident_details;
  /// Requests received in the period that were escalated, in the order received.
  std::vector<EscalatedRequest> escalated_requests;
  /// The sum of the type rows (the total row).
  TypeCompliance total() const;
  /// The minutes the incidents were judged against; every figure the
  /// report words (headings, lines, the definition) comes from here.
  IncidentPolicy policy;
  /// The catalog's words for the tiers, filled by whoever builds the report;
  /// a tier missing here (or without a name) is shown by its code.
  std::vector<TierInfo> tiers;
  /// The requests due in the period named besides the counts.
  NotedRequests noted;
  bool any_missed() const;
};

/// One month of attainment, for trends.
struct MonthAttainment {
  std::string month;  ///< YYYY-MM
  std::int64_t met = 0, missed = 0;
  std::int64_t incidents = 0, incident_slo_missed = 0;
};

/// A request or incident listed by name in a service report.
struct ReportItem {
  std::string key, type, title, status;
  Instant at{};                     ///< received
  std::optional<Instant> due, done; ///< due and resolved (requests) / notified (incidents)
  std::string note;                 ///< miss reason, impact, recovery action...
  bool missed = false;
};

/// A problem listed in a service report: one linked to the customer's
/// tickets and open at some time in the month (§5.3.2).
struct ReportProblem {
  std::string key, title, status;
  std::string root_cause;  ///< empty: not yet found
  bool known_error = false;
  std::vector<std::string> tickets;  ///< every ticket linked to it
};

/// A change listed in a service report: one of the customer's, open at
/// some time in the month (§5.4.7).
struct ReportChange {
  std::string key, title, customer, status;
  std::string outcome;  ///< succeeded, failed, rolled-back; "" while not implemented
};

/// The monthly service report for one customer (§5.3.3).
struct ServiceReport {
  std::string customer, customer_name;
  SloReport slo;                             ///< the month's compliance
  std::vector<MonthAttainment> trend;        ///< the last 12 months, oldest first
  std::vector<ReportItem> major_requests;    ///< impacting and advanced requests received in the month
  /// Incidents received in the month with service impact or not yet
  /// judged (held to the impacting targets until judged).
  std::vector<IncidentDetail> serious_incidents;
  std::vector<ReportItem> nonconformities;   ///< every miss, with its recorded cause
  std::vector<std::pair<std::string, std::int64_t>> requests_by_type;   ///< received in the month
  std::vector<std::pair<std::string, std::int64_t>> requests_by_weekday; ///< Mon..Sun, received
  std::vector<std::pair<std::string, std::int64_t>> notify_minutes;     ///< incident key -> minutes to first notice
  std::vector<ReportProblem> problems;  ///< the month's problems, by number
  std::vector<ReportChange> changes;    ///< the month's changes, by number
};

/// How many of the listed changes ended in each outcome.
struct ChangeCounts {
  std::int64_t succeeded = 0, failed = 0, rolled_back = 0;
};
ChangeCounts change_counts(const std::vector<ReportChange>& changes);

/// What a report asks the store for.
struct ReportQuery {
  Instant from{}, to{};
  Instant now{};                        ///< "has the due time passed" is judged at this instant
  std::optional<std::string> customer;  ///< one customer's, or all
};

/// Figures for `sd slo metrics`, bounded labels only.
struct RequestMetric {
  std::string customer, tier, type;
  std::int64_t open = 0, overdue = 0, met = 0, missed = 0;
};
struct IncidentMetric {
  std::string customer, impact;
  std::int64_t open = 0, total = 0, slo_missed = 0, sla_missed = 0;
};

/// The exact definition printed in report footers, with the policy's
/// minutes: in English (the terminal's table, JSON `definition`) and in
/// Japanese (Markdown and HTML, JSON `definition_ja`).
std::string slo_report_definition(const IncidentPolicy& policy);
std::string slo_report_definition_ja(const IncidentPolicy& policy);

/// Sorts noted requests into their lists (the rules of compliance.hpp,
/// judged at `now`).
NotedRequests sort_noted(const std::vector<Request>& requests, Instant now);

/// The documents of the reports, every time shown in `zone`; render them
/// with render_text, render_markdown, render_html or render_csv.
/// The compliance report: for a terminal the tables of types and incidents
/// and the definition; for people the same in Japanese, by tier, with the
/// verdict; in CSV one sheet of both tables. When requests are noted
/// (NotedRequests), a last section lists them, in every format.
Document slo_document(const SloReport& r, const Zone* zone);
/// The monthly service report for one customer, with its charts; a sixth
/// section lists the noted requests when there are any; the last two list
/// the month's problems and its changes.
Document service_document(const ServiceReport& r, const Zone* zone);

/// The documents rendered (shorthands).
std::string render_slo_csv(const SloReport& r);
/// The byte order mark that --bom puts before a CSV (UTF-8: EF BB BF).
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
std::string render_slo_markdown(const SloReport& r, const Zone* zone);
std::string render_slo_html(const SloReport& r, const Zone* zone);
std::string render_service_markdown(const ServiceReport& r, const Zone* zone);
std::string render_service_html(const ServiceReport& r, const Zone* zone);

/// The figures as JSON, with the keys sd-slo(1) and sd-report(1) document;
/// instants in `zone` with their offset.
nlohmann::ordered_json to_json(const SloReport& r, const Zone* zone);
/// The noted requests: `desired_window`, `desired_missed` and `exempt`,
/// each an array of requests (sd-slo(1) documents the keys).
nlohmann::ordered_json to_json(const NotedRequests& n, const Zone* zone);
nlohmann::ordered_json to_json(const ServiceReport& r, const Zone* zone);

}  // namespace sd
