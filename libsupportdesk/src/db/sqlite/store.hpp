#pragma once
// The SQLite store: one class implementing every store role. Its members
// are defined one file per role (customers.cpp, tickets.cpp, incidents.cpp,
// alerts.cpp, config_items.cpp, reports.cpp, idempotency.cpp, audit.cpp, problems.cpp,
// changes.cpp, and dump.cpp for export, import and backup), with the schema and migrations in
// schema.cpp and the mapping of rows to records in rows.cpp.
#include "db/sqlite/connection.hpp"
#include "supportdesk/data_export.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/store.hpp"
#include "supportdesk/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sd::db {

/// 'SDSK': marks the file as an sd store.
inline constexpr std::int64_t kApplicationId = 0x5344534B;

/// Instants are stored as UTC seconds.
inline std::int64_t secs(Instant t) { return t.time_since_epoch().count(); }
inline Instant instant(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }
/// text_contains() in SQLite's SQL: `column` contains `needle` (a parameter
/// bound to fold_ascii_case() of the text). SQLite's lower() folds the ASCII
/// letters alone (it is not built with ICU), as fold_ascii_case() does.
inline std::string contains_sql(const std::string& column, const std::string& needle) {
  return "instr(lower(" + column + "), " + needle + ") > 0";
}
inline std::optional<std::int64_t> secs(const std::optional<Instant>& t) {
  return t ? std::optional<std::int64_t>(secs(*t)) : std::nullopt;
}
/// A stored instant. One outside the years sd stores (time.hpp) means the
/// store is damaged: a config Error naming the column, never a date
/// computed from it.
inline Instant read_instant(const Statement& s, int col) {
  auto v = s.int64(col);
  if (v < kFirstStoredSecond || v >= kEndStoredSecond)
    throw Error(Exit::config, "store: " + s.column_name(col) + " holds " + std::to_string(v) +
                                  ", not an instant between 1900 and 2200; the store is damaged (see 'sd db check')");
  return instant(v);
}
inline std::optional<Instant> opt_instant(const Statement& s, int col) {
  return s.is_null(col) ? std::nullopt : std::optional<Instant>(read_instant(s, col));
}

/// A stored enum value; an unknown one means the store is damaged.
template <class E>
E parse_enum(std::optional<E> v, std::string_view column) {
  if (!v) throw Error(Exit::config, "store: unreadable value in column " + std::string(column));
  return *v;
}

/// The columns read_request() and read_incident() expect, with their FROM.
extern const char* const kRequestColumns;
extern const char* const kIncidentColumns;
extern const char* const kInboxColumns;
Incident read_incident(const Statement& s);
/// Binds ?3.. of an incident's columns (see incidents.cpp).
void bind_incident(Statement& s, const Incident& i);
InboxItem read_inbox(const Statement& s);
Request read_request(const Statement& s);

class SqliteStore final : public Store, public DumpStore {
 public:
  explicit SqliteStore(const std::string& path);
  /// Checks the file is an sd store and brings its schema up to date;
  /// returns the version it found.
  int migrate(bool fresh, bool create);

  void begin_write() override;
  void begin_read() override;
  void commit() override;
  void rollback() noexcept override;


  // CustomerStore (customers.cpp)
  std::optional<Customer> find_customer(const std::string& key) override;
  std::vector<Customer> list_customers() override;
  std::int64_t insert_customer(const Customer& c) override;
  void update_customer(const Customer& c) override;
  std::vector<Contact> list_contacts(std::int64_t customer_id) override;
  std::int64_t insert_contact(const Contact& c) override;
  void update_contact(const Contact& c) override;
  void delete_contact(std::int64_t id) override;

  // TicketStore (tickets.cpp)
  std::int64_t take_ticket_number(std::int64_t customer_id) override;
  std::int64_t insert_request(const Request& r) override;
  bool update_request(const Request& r) override;
  std::optional<Request> find_request(const std::string& customer_key, std::int64_t number) override;
  void each_request(const RequestFilter& f, Parts parts, const RequestVisitor& visit) override;
  std::vector<Request> requests_after(std::int64_t after_id, std::size_t limit) override;
  std::int64_t insert_request_event(const RequestEvent& e) override;
  std::vector<RequestEvent> request_events(std::int64_t request_id) override;

  // IncidentStore (incidents.cpp)
  std::int64_t insert_incident(const Incident& i) override;
  bool update_incident(const Incident& i) override;
  std::optional<Incident> find_incident(const std::string& customer_key, std::int64_t number) override;
  void each_incident(const IncidentFilter& f, const std::function<void(Incident&)>& visit) override;
  std::int64_t insert_incident_event(const IncidentEvent& e) override;
  std::vector<IncidentEvent> incident_events(std::int64_t incident_id) override;
  bool mark_fired(std::int64_t incident_id, const std::string& obligation) override;

  // AlertStore (alerts.cpp)
  std::vector<Criterion> list_criteria(std::int64_t customer_id) override;
  std::int64_t insert_criterion(const Criterion& c) override;
  void delete_criterion(std::int64_t id) override;
  std::vector<std::pair<std::string, std::string>> list_hosts( const std::optional<std::string>& customer_key) override;
  void insert_host(std::int64_t customer_id, const std::string& host) override;
  void delete_host(std::int64_t customer_id, const std::string& host) override;
  std::optional<std::string> host_owner(const std::string& host) override;
  bool has_alert_delivery(const std::string& delivery_key) override;
  void insert_alert(const AlertRecord& a) override;
  std::vector<AlertRecord> incident_alerts(std::int64_t incident_id) override;
  std::optional<std::pair<std::string, std::int64_t>> incident_for_alert( const std::string& source, const std::string& identity) override;
  std::int64_t insert_inbox(const InboxItem& item) override;
  void update_inbox(const InboxItem& item) override;
  std::optional<InboxItem> find_inbox(std::int64_t id) override;
  void each_inbox(bool all, const std::function<void(InboxItem&)>& visit) override;
  std::vector<std::pair<std::string, std::int64_t>> pending_inbox_by_format() override;

  // ConfigItemStore (config_items.cpp)
  std::optional<ConfigItem> find_config_item(const std::string& name) override;
  std::int64_t insert_config_item(const ConfigItem& ci) override;
  void update_config_item(const ConfigItem& ci) override;
  void each_config_item(const ConfigItemFilter& f, const std::function<void(ConfigItem&)>& visit) override;
  std::vector<CiLink> list_ci_links(const std::optional<std::string>& customer_key) override;
  std::vector<CiLink> ci_links_of(std::int64_t ci_id) override;
  std::int64_t insert_ci_link(const CiLink& link) override;
  void delete_ci_link(std::int64_t id) override;

  // ReportStore (reports.cpp)
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

  // AuditStore (audit.cpp)
  void append_audit(const AuditEvent& e) override;

  // IdempotencyStore (idempotency.cpp)
  std::optional<IdempotencyKey> find_idempotency_key(const std::string& key) override;
  void insert_idempotency_key(const IdempotencyKey& k) override;

  void each_audit(const AuditFilter& f, const std::function<void(const AuditEvent&)>& each) override;

  // ProblemStore (problems.cpp)
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
  // ChangeStore (changes.cpp)
  std::int64_t next_change_number() override;
  std::int64_t insert_change(const Change& c) override;
  void update_change(const Change& c) override;
  void add_change_ci(std::int64_t change_id, std::int64_t ci_id) override;
  std::optional<Change> find_change(std::int64_t number) override;
  void each_change(const ChangeFilter& f, const std::function<void(Change&)>& visit) override;
  std::vector<std::string> request_changes(std::int64_t customer_id, std::int64_t number) override;
  std::int64_t insert_change_event(const ChangeEvent& e) override;
  std::vector<ChangeEvent> change_events(std::int64_t change_id) override;

  // StoreCheck (check.cpp)
  std::vector<StoreProblem> check_store(const StoreLimits& limits) override;

  // DumpStore (dump.cpp): the tables export writes, listed in db/dump_tables.hpp.
  int dump_schema_version() override;
  std::vector<DumpTable> dump_tables() override;
  std::vector<std::string> undumped_tables() override;
  void each_dump_row(const DumpTable& table, std::optional<Instant> since,
                     const std::function<void(const std::vector<DumpValue>&)>& visit) override;
  std::optional<std::string> first_nonempty_table() override;
  std::size_t insert_dump_row(const DumpTable& table, const std::vector<DumpValue>& row) override;
  void end_dump_import() override {}
  std::int64_t backup_to(const std::string& path, bool replace) override;

 private:
  std::int64_t pragma_int(const std::string& name);
  bool fresh_or_empty(bool fresh);
  std::string path() const;
  /// One statement for one customer and another for all: a plan that must
  /// serve both could not start from the customer's index.
  static std::string for_customer(const ReportQuery& q, std::string sql);
  /// Binds ?1 from, ?2 to, ?3 now, ?4 customer (NULL for all).
  static void bind_query(Statement& s, const ReportQuery& q);
  static RequestEvent read_event(const Statement& s);
  static Customer read_customer(const Statement& s);
  static void bind_request(Statement& s, const Request& r);
  void load_fields(Request& r);
  void write_fields(std::int64_t request_id, const Fields& fields);

  Connection conn_;
};

}  // namespace sd::db
