#pragma once
// The SQLite store: the store roles written once over a connection
// (db/sql/store.hpp, shared with PostgreSQL), and what is SQLite's own.
// Its members are defined one file per role (tickets.cpp, incidents.cpp,
// alerts.cpp, config_items.cpp, reports.cpp, problems.cpp, changes.cpp,
// check.cpp, and dump.cpp for export, import and backup), with the schema
// and migrations in schema.cpp; roles.cpp compiles the shared roles.
#include "db/sql/store.hpp"
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

/// text_contains() in SQLite's SQL: `column` contains `needle` (a parameter
/// bound to fold_ascii_case() of the text). SQLite's lower() folds the ASCII
/// letters alone (it is not built with ICU), as fold_ascii_case() does.
inline std::string contains_sql(const std::string& column, const std::string& needle) {
  return "instr(lower(" + column + "), " + needle + ") > 0";
}

/// SQLite's SQL where the shared roles' (db/sql/) differs.
struct SqliteDialect {};

class SqliteStore final : public sql::Chain<Connection, SqliteDialect>::top {
 public:
  explicit SqliteStore(const std::string& path);
  /// Checks the file is an sd store and brings its schema up to date;
  /// returns the version it found.
  int migrate(bool fresh, bool create);

  void begin_write() override;
  void begin_read() override;
  void commit() override;
  void rollback() noexcept override;


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
  void load_fields(Request& r);
  void write_fields(std::int64_t request_id, const Fields& fields);
};

}  // namespace sd::db
