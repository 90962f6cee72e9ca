#pragma once
/// The desk: the operations commands perform, each one write transaction
/// with its audit events. It joins the domain rules (catalog, calendar,
/// request lifecycle) to the store; "now" and the actor are injected.
#include "supportdesk/calendar.hpp"
#include "supportdesk/alert.hpp"
#include "supportdesk/catalog.hpp"
#include "supportdesk/incident.hpp"
#include "supportdesk/model.hpp"
#include "supportdesk/report.hpp"
#include "supportdesk/request.hpp"
#include "supportdesk/store.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sd {

using Json = nlohmann::ordered_json;

struct CustomerEdit {
  std::optional<std::string> name;
  std::optional<std::string> plan;
  std::optional<std::string> tz;
};

struct ContactInput {
  std::string name, phone, email, role;
  std::optional<int> order;  ///< 1-based place in the call order; default last
};

struct ContactEdit {
  std::optional<std::string> name, phone, email, role;
};

struct NewRequest {
  std::string customer;
  std::string type;
  Fields fields;
  std::string title;
  std::string priority = "normal";
  std::optional<Instant> desired;
  std::string assignee = "MSP";
  std::string via = "backlog";
  std::string caller;
  std::optional<Instant> received_at;
  std::string details;
};

struct RequestEdit {
  Fields fields;  ///< fields to set (merged into the current ones, then rechecked)
  std::vector<std::string> unset;  ///< optional fields to remove
  std::optional<std::string> title;
  std::optional<std::string> details;
  std::optional<std::string> priority;
  std::optional<Instant> desired;
};

struct NewIncident {
  std::string customer;
  std::string host;
  std::string impact;  ///< "", yes or no
  std::optional<Instant> received_at;
  std::optional<Instant> detected_at;
  std::string via = "backlog";
  std::string priority = "high";
  std::string business_impact;
  std::string title;
  std::string details;
};

struct NotifyInput {
  std::string via;      ///< phone, backlog or email
  std::string contact;  ///< a contact's name or place in the call order
  std::string result;   ///< phone: answered, no-answer or voicemail
  std::string kind;     ///< first, interim, recovery; "" chooses by state
  std::string text;
};

struct IncidentView {
  Incident incident;
  std::vector<IncidentEvent> events;
  std::vector<AlertRecord> alerts;
  IncidentClock clock;
};

/// A contact in call order with the calls made to them so far.
struct CallEntry {
  Contact contact;
  std::vector<IncidentEvent> calls;  ///< notify events by phone to this contact
};

/// An event for the hooks, fired by the caller once the change is committed.
struct HookEvent {
  std::string name;
  std::string json;
};

/// What an ingest did with each alert.
struct IngestOutcome {
  std::string identity;
  std::string action;  ///< opened, attached, cleared, duplicate
  std::string key;     ///< the incident
};
struct IngestResult {
  std::vector<IngestOutcome> outcomes;
  std::optional<std::int64_t> inbox_id;  ///< set when kept in the inbox
  std::string reason;                     ///< why it was kept
};

/// One obligation as `sd incident check` sees it.
struct CheckItem {
  Incident incident;
  Obligation obligation;
  int state = 0;  ///< 0 OK, 1 WARNING (due within warn), 2 CRITICAL (past due)
};

/// One open request as `sd slo check` sees it.
struct RequestCheckItem {
  Request request;
  std::chrono::seconds left{0};  ///< business time to the due time; negative when overdue
  int state = 0;                 ///< 0 OK, 1 WARNING, 2 CRITICAL
};

/// A request with its history, for show and explain.
struct RequestView {
  Request request;
  std::vector<RequestEvent> events;
  SloClock clock;
};

class Desk {
 public:
  Desk(Store& store, const Calendar& calendar, const Catalog& catalog, Instant now,
       std::string actor);

  // Customers and contacts.
  Customer add_customer(const std::string& key, const std::string& name, const std::string& plan,
                        const std::string& tz);
  Customer edit_customer(const std::string& key, const CustomerEdit& edit);
  Customer customer(const std::string& key);
  std::vector<Customer> customers();
  Contact add_contact(const std::string& key, const ContactInput& in);
  Contact edit_contact(const std::string& key, const std::string& who, const ContactEdit& edit);
  std::vector<Contact> contacts(const std::string& key);
  Contact remove_contact(const std::string& key, const std::string& who);
  /// Puts the named contacts first, in the given order; the rest follow in
  /// their present order.
  std::vector<Contact> reorder_contacts(const std::string& key, const std::vector<std::string>& who);

  // Requests.
  Request new_request(const NewRequest& in);
  Request act(const std::string& key, Action action, const std::string& note,
              const std::string& miss_reason);
  Request comment(const std::string& key, const std::string& text, bool internal);
  Request assign(const std::string& key, const std::string& assignee, const std::string& note);
  Request edit(const std::string& key, const RequestEdit& edit);
  /// Sets the date of a low-priority request (or moves a scheduled one): the
  /// SLO clock starts now if it had not.
  Request schedule(const std::string& key, Instant when, const std::string& priority,
                   const std::string& note);
  RequestView view(const std::string& key);
  std::vector<Request> list(const RequestFilter& filter);
  /// Recomputes cached due times from the events with the current calendar;
  /// returns the keys whose due time changed (all requests, or just `key`).
  std::vector<std::string> recompute(const std::optional<std::string>& key);

  // Incidents (desk_incident.cpp).
  Incident open_incident(const NewIncident& in);
  Incident judge_incident(const std::string& key, const std::string& impact, const std::string& note);
  Incident notify(const std::string& key, const NotifyInput& in);
  Incident update_incident(const std::string& key, const std::string& text);
  Incident escalate(const std::string& key, const std::string& to, const std::string& case_id,
                    const std::string& note);
  Incident recover(const std::string& key, std::optional<Instant> at, const std::string& action);
  Incident confirm(const std::string& key, const std::string& note);
  Incident close_incident(const std::string& key, const std::string& note);
  IncidentView incident_view(const std::string& key);
  std::vector<Incident> incidents(const IncidentFilter& filter);
  std::vector<CallEntry> calls(const std::string& key);
  /// Obligations of incidents not closed, soonest first; fires the hooks of
  /// obligations newly due soon or missed (once each).
  std::vector<CheckItem> check(std::chrono::minutes warn, const std::optional<std::string>& customer);

  // Impact criteria and hosts.
  Criterion add_criterion(const std::string& key, const std::vector<std::string>& matches,
                          const std::string& impact, const std::string& note);
  std::vector<Criterion> criteria(const std::string& key);
  Criterion remove_criterion(const std::string& key, std::int64_t id);
  std::vector<std::string> add_hosts(const std::string& key, const std::vector<std::string>& hosts);
  std::vector<std::string> remove_hosts(const std::string& key, const std::vector<std::string>& hosts);
  std::vector<std::pair<std::string, std::string>> hosts(const std::optional<std::string>& key);

  // Alerts.
  /// Reads a payload and places each alert on an incident. A payload that
  /// cannot be parsed or placed is kept whole in the inbox and a data Error
  /// saying so is thrown after that is committed (alerts that could be
  /// placed stay placed).
  IngestResult ingest(const std::string& payload, const std::string& format,
                      const std::string& customer);
  /// Processes an inbox payload again; marks it placed when it succeeds.
  IngestResult retry(std::int64_t inbox_id, const std::string& format, const std::string& customer);
  std::vector<InboxItem> inbox(bool all);
  InboxItem inbox_item(std::int64_t inbox_id);
  /// Marks a pending inbox item as dealt with by hand (it is kept, never
  /// deleted), with why.
  InboxItem dismiss(std::int64_t inbox_id, const std::string& why);

  /// Hook events of the operations so far, in order (committed changes only).
  const std::vector<HookEvent>& hook_events() const { return hooks_; }

  // Reports (desk_report.cpp).
  /// The desk's local month, year or date range as a period.
  Period month_period(int year, unsigned month) const;
  Period year_period(int year) const;
  Period range_period(date::year_month_day from, date::year_month_day to) const;
  SloReport slo_report(const Period& period, const std::optional<std::string>& customer);
  ServiceReport service_report(const std::string& customer, int year, unsigned month);
  /// Prometheus text exposition (node_exporter textfile format).
  std::string metrics();
  /// Open requests due within `warn` business time (WARNING) or overdue
  /// (CRITICAL), soonest first.
  std::vector<RequestCheckItem> request_check(std::chrono::seconds warn,
                                              const std::optional<std::string>& customer);
  Json to_json(const SloReport& r) const;
  Json to_json(const ServiceReport& r) const;

  // Audit.
  std::vector<AuditEvent> log(const AuditFilter& filter);

  SloClock clock(const Request& r) const { return slo_clock(r, calendar_, now_); }
  const Calendar& calendar() const { return calendar_; }
  Instant now() const { return now_; }

  // JSON forms, shared by --json output and the audit log.
  Json to_json(const Customer& c) const;
  Json to_json(const Contact& c) const;
  Json to_json(const Request& r) const;
  Json to_json(const RequestEvent& e) const;
  Json to_json(const AuditEvent& e) const;
  Json to_json(const Incident& i) const;
  Json to_json(const IncidentEvent& e) const;
  Json to_json(const Criterion& c) const;
  Json to_json(const AlertRecord& a) const;
  Json to_json(const InboxItem& item, bool with_payload) const;
  Json to_json(const Obligation& o) const;

 private:
  Customer must_customer(const std::string& key);
  Incident must_incident(const std::string& key);
  template <class F>
  Incident change_incident(const std::string& key, const std::string& action,
                           const std::string& hook_name, F&& body);
  /// Saves the incident with an audit entry.
  void save(Incident& inc, const Json& before, const std::string& action);
  void incident_event(const Incident& inc, const std::string& kind, const Json& data,
                      const std::string& note);
  void hook(std::vector<HookEvent>& staged, const std::string& name, const Incident& inc,
            Json extra = Json::object());
  /// Places the alerts of one payload; returns what was placed and, in
  /// `unplaced`, why any alert could not be.
  std::vector<IngestOutcome> place(const std::vector<Alert>& alerts, const std::string& customer,
                                   std::vector<std::string>& unplaced,
                                   std::vector<HookEvent>& staged);
  Request must_request(const std::string& key);
  std::vector<Contact>::const_iterator find_contact(const std::vector<Contact>& list,
                                                    const std::string& who,
                                                    const std::string& key) const;
  void renumber(std::vector<Contact>& list);
  void audit(const std::string& entity, const std::string& action, const Json& before,
             const Json& after);
  void event(const Request& r, const std::string& kind, const std::string& from,
             const std::string& to, const std::string& note, bool internal = false);
  /// Saves the request after refreshing its pauses and cached due time.
  void save(Request& r, const Json& before, const std::string& action);
  std::string iso(Instant t) const;

  Store& store_;
  const Calendar& calendar_;
  const Catalog& catalog_;
  Instant now_;
  std::string actor_;
  std::vector<HookEvent> hooks_;
};

}  // namespace sd
