#pragma once
// The store roles written once, over a connection: SQLite's
// (db/sqlite/connection.hpp) and PostgreSQL's (db/postgres/connection.hpp)
// share one interface (prepare, bind, step, int64, text, run, changes,
// last_insert_id, ...), and both take SQLite's `?N` parameters. Each role
// is a small class template over the one before it (a chain of mixins
// starting at Base, which holds the connection); a backend's store derives
// from Chain<Connection, Dialect>::top and adds what truly differs: opening
// and migrating, transactions, ticket numbers, its checks and dump. Where
// one statement differs by dialect, the Dialect struct of the backend
// (SqliteDialect, pg::PgDialect) gives its SQL text.
//
// The members are defined in the .ipp files beside this header and
// compiled once per backend, by explicit instantiation in that backend's
// roles.cpp (see instantiate.ipp).
#include "db/sql/rows.hpp"
#include "supportdesk/data_export.hpp"
#include "supportdesk/store.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace sd::db::sql {

/// The connection the roles run on, and the backend's dialect.
template <class Conn, class D>
class Base : public Store, public DumpStore {
 public:
  using Connection = Conn;
  using Dialect = D;
  /// What conn_.prepare() lends, and the statement it lends.
  using Borrowed = decltype(std::declval<Conn&>().prepare(std::string()));
  using Statement = std::remove_reference_t<decltype(*std::declval<Borrowed&>())>;

 protected:
  template <class... A>
  explicit Base(A&&... args) : conn_(std::forward<A>(args)...) {}
  Conn conn_;
};

/// CustomerStore (customers.ipp).
template <class B>
class CustomerRole : public B {
 public:
  using B::B;
  std::optional<Customer> find_customer(const std::string& key) override;
  std::vector<Customer> list_customers() override;
  std::int64_t insert_customer(const Customer& c) override;
  void update_customer(const Customer& c) override;
  std::vector<Contact> list_contacts(std::int64_t customer_id) override;
  std::int64_t insert_contact(const Contact& c) override;
  void update_contact(const Contact& c) override;
  void delete_contact(std::int64_t id) override;

 protected:
  using B::conn_;
};

/// AuditStore and IdempotencyStore (audit.ipp).
template <class B>
class AuditRole : public B {
 public:
  using B::B;
  void append_audit(const AuditEvent& e) override;
  void each_audit(const AuditFilter& f, const std::function<void(const AuditEvent&)>& each) override;
  std::optional<IdempotencyKey> find_idempotency_key(const std::string& key) override;
  void insert_idempotency_key(const IdempotencyKey& k) override;

 protected:
  using B::conn_;
};

/// TicketStore but take_ticket_number() (tickets.ipp).
template <class B>
class TicketRole : public B {
 public:
  using B::B;
  std::int64_t insert_request(const Request& r) override;
  bool update_request(const Request& r) override;
  std::optional<Request> find_request(const std::string& customer_key, std::int64_t number) override;
  void each_request(const RequestFilter& f, TicketStore::Parts parts, const TicketStore::RequestVisitor& visit) override;
  std::vector<Request> requests_after(std::int64_t after_id, std::size_t limit) override;
  std::int64_t insert_request_event(const RequestEvent& e) override;
  std::vector<RequestEvent> request_events(std::int64_t request_id) override;
  void delete_request_event(std::int64_t id) override;

 protected:
  using B::conn_;
  using D = typename B::Dialect;
  using Statement = typename B::Statement;
  using Borrowed = typename B::Borrowed;
  void load_fields(Request& r);
  void write_fields(std::int64_t request_id, const Fields& fields);
};

/// IncidentStore (incidents.ipp).
template <class B>
class IncidentRole : public B {
 public:
  using B::B;
  std::int64_t insert_incident(const Incident& i) override;
  bool update_incident(const Incident& i) override;
  std::optional<Incident> find_incident(const std::string& customer_key, std::int64_t number) override;
  void each_incident(const IncidentFilter& f, const std::function<void(Incident&)>& visit) override;
  std::int64_t insert_incident_event(const IncidentEvent& e) override;
  std::vector<IncidentEvent> incident_events(std::int64_t incident_id) override;
  bool mark_fired(std::int64_t incident_id, const std::string& obligation) override;

 protected:
  using B::conn_;
  using D = typename B::Dialect;
  using Statement = typename B::Statement;
};

/// AlertStore (alerts.ipp).
template <class B>
class AlertRole : public B {
 public:
  using B::B;
  std::vector<Criterion> list_criteria(std::int64_t customer_id) override;
  std::int64_t insert_criterion(const Criterion& c) override;
  void delete_criterion(std::int64_t id) override;
  std::vector<std::pair<std::string, std::string>> list_hosts(const std::optional<std::string>& customer_key) override;
  void insert_host(std::int64_t customer_id, const std::string& host) override;
  void delete_host(std::int64_t customer_id, const std::string& host) override;
  std::optional<std::string> host_owner(const std::string& host) override;
  bool has_alert_delivery(const std::string& delivery_key) override;
  void insert_alert(const AlertRecord& a) override;
  std::vector<AlertRecord> incident_alerts(std::int64_t incident_id) override;
  std::optional<std::pair<std::string, std::int64_t>> incident_for_alert(const std::string& source,
                                                                         const std::string& identity) override;
  std::int64_t insert_inbox(const InboxItem& item) override;
  void update_inbox(const InboxItem& item) override;
  std::optional<InboxItem> find_inbox(std::int64_t id) override;
  void each_inbox(bool all, const std::function<void(InboxItem&)>& visit) override;
  std::vector<std::pair<std::string, std::int64_t>> pending_inbox_by_format() override;

 protected:
  using B::conn_;
};

/// ConfigItemStore (config_items.ipp).
template <class B>
class ConfigItemRole : public B {
 public:
  using B::B;
  std::optional<ConfigItem> find_config_item(const std::string& name) override;
  std::int64_t insert_config_item(const ConfigItem& ci) override;
  void update_config_item(const ConfigItem& ci) override;
  void each_config_item(const ConfigItemFilter& f, const std::function<void(ConfigItem&)>& visit) override;
  std::vector<CiLink> list_ci_links(const std::optional<std::string>& customer_key) override;
  std::vector<CiLink> ci_links_of(std::int64_t ci_id) override;
  std::int64_t insert_ci_link(const CiLink& link) override;
  void delete_ci_link(std::int64_t id) override;

 protected:
  using B::conn_;
};

/// ReportStore (reports.ipp).
template <class B>
class ReportRole : public B {
 public:
  using B::B;
  std::vector<TypeCompliance> request_compliance(const ReportQuery& q) override;
  std::vector<IncidentCompliance> incident_compliance(const ReportQuery& q, const IncidentPolicy& p) override;
  std::vector<std::pair<std::string, std::int64_t>> requests_received_by_type(const ReportQuery& q) override;
  std::vector<Instant> request_receipts(const ReportQuery& q) override;
  std::vector<Request> requests_received(const ReportQuery& q, const std::vector<Tier>& tiers) override;
  std::vector<Request> escalated_requests(const ReportQuery& q) override;
  std::vector<Request> missed_requests(const ReportQuery& q) override;
  std::vector<Request> noted_requests(const ReportQuery& q) override;
  std::vector<Incident> incidents_received(const ReportQuery& q, const std::string& impact) override;
  std::vector<RequestMetric> request_metrics(Instant now) override;
  std::vector<IncidentMetric> incident_metrics(Instant now, const IncidentPolicy& p) override;

 protected:
  using B::conn_;
  using Statement = typename B::Statement;
  /// One statement for one customer and another for all: a plan that must
  /// serve both could not start from the customer's index.
  static std::string for_customer(const ReportQuery& q, std::string sql);
  /// Binds ?1 from, ?2 to, ?3 now, ?4 customer (NULL for all).
  static void bind_query(Statement& s, const ReportQuery& q);
};

/// ProblemStore (problems.ipp).
template <class B>
class ProblemRole : public B {
 public:
  using B::B;
  std::int64_t next_problem_number() override;
  std::int64_t insert_problem(const Problem& p) override;
  void update_problem(const Problem& p) override;
  std::optional<Problem> find_problem(std::int64_t number) override;
  void each_problem(const ProblemFilter& f, const std::function<void(Problem&)>& visit) override;
  bool link_ticket(std::int64_t problem_id, std::int64_t customer_id, std::int64_t number) override;
  bool unlink_ticket(std::int64_t problem_id, std::int64_t customer_id, std::int64_t number) override;
  std::vector<std::string> ticket_problems(std::int64_t customer_id, std::int64_t number) override;
  std::int64_t insert_problem_event(const ProblemEvent& e) override;
  std::vector<ProblemEvent> problem_events(std::int64_t problem_id) override;
  std::vector<TrendCount> incident_trend(const TrendQuery& q, TrendGroup group) override;

 protected:
  using B::conn_;
  using D = typename B::Dialect;
};

/// ChangeStore (changes.ipp).
template <class B>
class ChangeRole : public B {
 public:
  using B::B;
  std::int64_t next_change_number() override;
  std::int64_t insert_change(const Change& c) override;
  void update_change(const Change& c) override;
  void add_change_ci(std::int64_t change_id, std::int64_t ci_id) override;
  std::optional<Change> find_change(std::int64_t number) override;
  void each_change(const ChangeFilter& f, const std::function<void(Change&)>& visit) override;
  std::vector<std::string> request_changes(std::int64_t customer_id, std::int64_t number) override;
  std::int64_t insert_change_event(const ChangeEvent& e) override;
  std::vector<ChangeEvent> change_events(std::int64_t change_id) override;

 protected:
  using B::conn_;
  using D = typename B::Dialect;
};

/// The chain of roles over one backend's connection and dialect; a store
/// derives from `top`.
template <class Conn, class D>
struct Chain {
  using base = Base<Conn, D>;
  using customers = CustomerRole<base>;
  using audit = AuditRole<customers>;
  using tickets = TicketRole<audit>;
  using incidents = IncidentRole<tickets>;
  using alerts = AlertRole<incidents>;
  using config_items = ConfigItemRole<alerts>;
  using reports = ReportRole<config_items>;
  using problems = ProblemRole<reports>;
  using changes = ChangeRole<problems>;
  using top = changes;
};

}  // namespace sd::db::sql
