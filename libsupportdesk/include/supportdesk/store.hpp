#pragma once
/// The store: the only code that speaks SQL lives behind these interfaces,
/// one small interface per role. SQLite implements them today
/// (src/db/sqlite/); a shared PostgreSQL store implements the same roles.
#include "supportdesk/change.hpp"
#include "supportdesk/compliance.hpp"
#include "supportdesk/config_item.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/incident.hpp"
#include "supportdesk/model.hpp"
#include "supportdesk/problem.hpp"
#include "supportdesk/report.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sd {

/// The store aborted a write transaction that may well succeed if it is run
/// again from its start: it deadlocked with another writer, or could not be
/// serialized with one (PostgreSQL's SQLSTATE 40P01 and 40001). The
/// transaction is rolled back; service.hpp's write_transaction runs it again
/// a few times before the error reaches the user (Exit::busy). A lock not
/// granted within the busy timeout is not a conflict but a plain busy Error:
/// the wait has already happened. SQLite never throws it (its writers take
/// the one write lock at BEGIN IMMEDIATE, or give up with busy).
class TransactionConflict : public Error {
 public:
  explicit TransactionConflict(const std::string& message) : Error(Exit::busy, message) {}
};

/// Transactions. Every service call runs in exactly one.
class Transactional {
 public:
  virtual ~Transactional() = default;
  /// Starts a write transaction that holds the write lock from its start
  /// (waiting for it up to the busy timeout, then an Error with Exit::busy).
  /// On a store with row locks (PostgreSQL) a writer instead takes each
  /// row's lock as it needs it; a deadlock or serialization failure then
  /// throws TransactionConflict from whichever call met it, commit() included.
  virtual void begin_write() = 0;
  /// Starts a read transaction: one consistent snapshot.
  virtual void begin_read() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

/// Customers and their contacts.
class CustomerStore {
 public:
  virtual ~CustomerStore() = default;
  virtual std::optional<Customer> find_customer(const std::string& key) = 0;
  virtual std::vector<Customer> list_customers() = 0;
  virtual std::int64_t insert_customer(const Customer& c) = 0;
  virtual void update_customer(const Customer& c) = 0;
  /// Contacts of a customer in call order.
  virtual std::vector<Contact> list_contacts(std::int64_t customer_id) = 0;
  virtual std::int64_t insert_contact(const Contact& c) = 0;
  virtual void update_contact(const Contact& c) = 0;
  virtual void delete_contact(std::int64_t id) = 0;
};

/// Requests and their events; the customer's ticket numbers.
class TicketStore {
 public:
  virtual ~TicketStore() = default;
  /// Takes the customer's next ticket number (shared by all its tickets).
  virtual std::int64_t take_ticket_number(std::int64_t customer_id) = 0;
  virtual std::int64_t insert_request(const Request& r) = 0;
  /// Saves the request if its row is still at `r.version` (the version it
  /// was read at) and moves the row to the next version; false, writing
  /// nothing, when another writer has changed it since (optimistic locking).
  [[nodiscard]] virtual bool update_request(const Request& r) = 0;
  /// The request with its fields; pauses are derived by the caller from events.
  virtual std::optional<Request> find_request(const std::string& customer_key,
                                              std::int64_t number) = 0;
  /// What each_request() reads besides a request's own row.
  struct Parts {
    bool fields = true;  ///< its catalog fields
    /// Its status events that enter or leave `waiting`, oldest first: all
    /// pauses_from() needs to derive its pauses.
    bool pause_events = true;
  };
  /// Called once per request, in order, with the request (fields filled
  /// when asked for) and its pause events (empty unless asked for).
  using RequestVisitor = std::function<void(Request&, std::vector<RequestEvent>&)>;
  /// Visits the requests that pass the filter one at a time as they are
  /// read, ordered by due time (unset last), then key: memory stays flat
  /// whatever their number. The fields and the events come with one query
  /// each for the whole list (in the same order), never one per request.
  virtual void each_request(const RequestFilter& f, Parts parts, const RequestVisitor& visit) = 0;
  /// The requests of each_request(), with their fields, in one vector.
  std::vector<Request> list_requests(const RequestFilter& f) {
    std::vector<Request> out;
    each_request(f, Parts{true, false}, [&](Request& r, std::vector<RequestEvent>&) { out.push_back(std::move(r)); });
    return out;
  }
  /// At most `limit` requests with their fields, in the order they were
  /// taken (by id), the first after the request whose id is `after_id`
  /// (0: from the first): one batch of a walk through every request.
  virtual std::vector<Request> requests_after(std::int64_t after_id, std::size_t limit) = 0;
  virtual std::int64_t insert_request_event(const RequestEvent& e) = 0;
  virtual std::vector<RequestEvent> request_events(std::int64_t request_id) = 0;
  /// Takes one event back (sd undo: the event of the change it undoes).
  virtual void delete_request_event(std::int64_t id) = 0;
};

/// Incidents, their timelines, and which obligation hooks have fired.
class IncidentStore {
 public:
  virtual ~IncidentStore() = default;
  /// Incidents share the customer's ticket numbers with requests.
  virtual std::int64_t insert_incident(const Incident& i) = 0;
  /// Saves the incident if its row is still at `i.version`, as
  /// update_request() does; false, writing nothing, when it has changed.
  [[nodiscard]] virtual bool update_incident(const Incident& i) = 0;
  virtual std::optional<Incident> find_incident(const std::string& customer_key,
                                                std::int64_t number) = 0;
  /// Visits the incidents that pass the filter, oldest received first, one
  /// at a time as they are read.
  virtual void each_incident(const IncidentFilter& f, const std::function<void(Incident&)>& visit) = 0;
  /// The incidents of each_incident(), in one vector.
  std::vector<Incident> list_incidents(const IncidentFilter& f) {
    std::vector<Incident> out;
    each_incident(f, [&](Incident& i) { out.push_back(std::move(i)); });
    return out;
  }
  virtual std::int64_t insert_incident_event(const IncidentEvent& e) = 0;
  virtual std::vector<IncidentEvent> incident_events(std::int64_t incident_id) = 0;
  /// Records that a hook for this obligation has fired; false if it had.
  virtual bool mark_fired(std::int64_t incident_id, const std::string& obligation) = 0;
};

/// What alert intake reads and keeps: impact criteria, hosts, alerts and
/// the inbox of payloads that could not be placed.
class AlertStore {
 public:
  virtual ~AlertStore() = default;
  /// A customer's impact criteria in the order they are tried.
  virtual std::vector<Criterion> list_criteria(std::int64_t customer_id) = 0;
  virtual std::int64_t insert_criterion(const Criterion& c) = 0;
  virtual void delete_criterion(std::int64_t id) = 0;
  /// Hosts and their owners: (customer key, host), by customer then host.
  virtual std::vector<std::pair<std::string, std::string>> list_hosts(
      const std::optional<std::string>& customer_key) = 0;
  virtual void insert_host(std::int64_t customer_id, const std::string& host) = 0;
  virtual void delete_host(std::int64_t customer_id, const std::string& host) = 0;
  virtual std::optional<std::string> host_owner(const std::string& host) = 0;
  /// Alerts received, each attached to its incident.
  virtual bool has_alert_delivery(const std::string& delivery_key) = 0;
  virtual void insert_alert(const AlertRecord& a) = 0;
  virtual std::vector<AlertRecord> incident_alerts(std::int64_t incident_id) = 0;
  /// The newest incident, closed or not, that holds an alert with this
  /// identity.
  virtual std::optional<std::pair<std::string, std::int64_t>> incident_for_alert(
      const std::string& source, const std::string& identity) = 0;
  /// Payloads that could not be parsed or placed, kept whole.
  virtual std::int64_t insert_inbox(const InboxItem& item) = 0;
  virtual void update_inbox(const InboxItem& item) = 0;
  virtual std::optional<InboxItem> find_inbox(std::int64_t id) = 0;
  /// Visits the inbox (pending items only unless `all`), oldest first, one
  /// item at a time as they are read.
  virtual void each_inbox(bool all, const std::function<void(InboxItem&)>& visit) = 0;
  std::vector<InboxItem> list_inbox(bool all) {
    std::vector<InboxItem> out;
    each_inbox(all, [&](InboxItem& i) { out.push_back(std::move(i)); });
    return out;
  }
  /// Pending inbox items counted by the format they were given as, without
  /// reading their payloads.
  virtual std::vector<std::pair<std::string, std::int64_t>> pending_inbox_by_format() = 0;
};

/// Report figures, aggregated by the store, never by loading every ticket.
/// Each count follows the rules of compliance.hpp exactly (the agreement
/// test holds every store to them).
class ReportStore {
 public:
  virtual ~ReportStore() = default;
  /// Requests whose due time is in [q.from, q.to) and that count in
  /// attainment (not exempt), counted by type (TypeCompliance: only type and
  /// the counts are filled).
  virtual std::vector<TypeCompliance> request_compliance(const ReportQuery& q) = 0;
  /// Incidents received in [q.from, q.to), counted by impact, with the
  /// median and 95th percentile (nearest rank) of the time to first notice.
  virtual std::vector<IncidentCompliance> incident_compliance(const ReportQuery& q,
                                                              const IncidentPolicy& p) = 0;
  /// Requests received in [q.from, q.to): (type, count), and their receipt times.
  virtual std::vector<std::pair<std::string, std::int64_t>> requests_received_by_type(const ReportQuery& q) = 0;
  virtual std::vector<Instant> request_receipts(const ReportQuery& q) = 0;
  /// Requests received in the period whose tier is one of `tiers`.
  virtual std::vector<Request> requests_received(const ReportQuery& q, const std::vector<Tier>& tiers) = 0;
  /// Requests received in the period that were escalated, in the order received.
  virtual std::vector<Request> escalated_requests(const ReportQuery& q) = 0;
  /// Requests due in the period that missed (resolved late, or open past
  /// due) and count in attainment (not exempt).
  virtual std::vector<Request> missed_requests(const ReportQuery& q) = 0;
  /// Requests due in the period that the reports name besides the counts
  /// (compliance.hpp noted_in_report()), by due time then number.
  virtual std::vector<Request> noted_requests(const ReportQuery& q) = 0;
  /// Incidents received in the period (all of them when impact is empty).
  virtual std::vector<Incident> incidents_received(const ReportQuery& q, const std::string& impact) = 0;
  /// Prometheus figures: per (customer, tier, type) and per (customer, impact).
  virtual std::vector<RequestMetric> request_metrics(Instant now) = 0;
  virtual std::vector<IncidentMetric> incident_metrics(Instant now, const IncidentPolicy& p) = 0;
};

/// Configuration items and the links between them (config_item.hpp).
class ConfigItemStore {
 public:
  virtual ~ConfigItemStore() = default;
  /// The CI of this name (names are unique across the desk), with its
  /// customer's key.
  virtual std::optional<ConfigItem> find_config_item(const std::string& name) = 0;
  virtual std::int64_t insert_config_item(const ConfigItem& ci) = 0;
  /// Writes every attribute and updated_at (name and customer never change).
  virtual void update_config_item(const ConfigItem& ci) = 0;
  /// Visits the CIs that pass the filter, by customer key then name, one
  /// at a time as they are read.
  virtual void each_config_item(const ConfigItemFilter& f, const std::function<void(ConfigItem&)>& visit) = 0;
  std::vector<ConfigItem> list_config_items(const ConfigItemFilter& f) {
    std::vector<ConfigItem> out;
    each_config_item(f, [&](ConfigItem& ci) { out.push_back(std::move(ci)); });
    return out;
  }
  /// The links whose first CI belongs to the customer (every link when
  /// nullopt), by the first CI's name, relation, then the second's name.
  virtual std::vector<CiLink> list_ci_links(const std::optional<std::string>& customer_key) = 0;
  /// The links from or to the CI, in the order of list_ci_links().
  virtual std::vector<CiLink> ci_links_of(std::int64_t ci_id) = 0;
  virtual std::int64_t insert_ci_link(const CiLink& link) = 0;
  virtual void delete_ci_link(std::int64_t id) = 0;
};

/// A key a caller gave to make a creation or comment idempotent, and what
/// the first call with it did.
struct IdempotencyKey {
  std::string key;
  std::string entity;  ///< the ticket created or commented on (ACME-12)
  std::string action;  ///< request.new, request.comment, incident.open, incident.comment
  std::string digest;  ///< of the call's input: tells a retry from another use of the key
  Instant created_at{};
};

/// Idempotency keys, kept for good.
class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  virtual std::optional<IdempotencyKey> find_idempotency_key(const std::string& key) = 0;
  virtual void insert_idempotency_key(const IdempotencyKey& k) = 0;
};

/// The append-only audit log.
class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual void append_audit(const AuditEvent& e) = 0;
  /// Audit events, oldest first, each handed to `each` as it is read: the
  /// log is never held whole, whatever its size.
  virtual void each_audit(const AuditFilter& f, const std::function<void(const AuditEvent&)>& each) = 0;
  /// Audit events, oldest first, all at once (small logs and tests).
  std::vector<AuditEvent> list_audit(const AuditFilter& f) {
    std::vector<AuditEvent> out;
    each_audit(f, [&](const AuditEvent& e) { out.push_back(e); });
    return out;
  }
};

/// Problems, their links to tickets and their history; the incident
/// trends problem management reads (white paper §5.3.2).
class ProblemStore {
 public:
  virtual ~ProblemStore() = default;
  /// One past the highest problem number (1 for the first): numbers are
  /// taken inside the write transaction that inserts, so they have no gaps.
  virtual std::int64_t next_problem_number() = 0;
  virtual std::int64_t insert_problem(const Problem& p) = 0;
  /// Saves its own fields (not its tickets).
  virtual void update_problem(const Problem& p) = 0;
  /// The problem PRB-`number`, its tickets filled.
  virtual std::optional<Problem> find_problem(std::int64_t number) = 0;
  /// Visits the problems that pass the filter, by number, each with its
  /// tickets (read with the row, never a query per problem).
  virtual void each_problem(const ProblemFilter& f, const std::function<void(Problem&)>& visit) = 0;
  /// Links the ticket (customer id, number) to the problem; false when it was.
  virtual bool link_ticket(std::int64_t problem_id, std::int64_t customer_id, std::int64_t number) = 0;
  /// Unlinks it; false when it was not linked.
  virtual bool unlink_ticket(std::int64_t problem_id, std::int64_t customer_id, std::int64_t number) = 0;
  /// The problems a ticket is linked to, by number (keys PRB-n).
  virtual std::vector<std::string> ticket_problems(std::int64_t customer_id, std::int64_t number) = 0;
  virtual std::int64_t insert_problem_event(const ProblemEvent& e) = 0;
  virtual std::vector<ProblemEvent> problem_events(std::int64_t problem_id) = 0;
  /// Incidents received in [q.from, q.to) counted by `group`, in
  /// trend_before() order. Kind: the check (alert name, metric) of the
  /// incident's first alert.
  virtual std::vector<TrendCount> incident_trend(const TrendQuery& q, TrendGroup group) = 0;
};

/// Changes, the CIs each changes and their history (white paper §5.4.7).
class ChangeStore {
 public:
  virtual ~ChangeStore() = default;
  /// One past the highest change number (1 for the first): numbers are
  /// taken inside the write transaction that inserts, so they have no gaps.
  virtual std::int64_t next_change_number() = 0;
  /// Saves its own fields (not its CIs); returns its id.
  virtual std::int64_t insert_change(const Change& c) = 0;
  virtual void update_change(const Change& c) = 0;
  /// Records that the change changes the CI (ids).
  virtual void add_change_ci(std::int64_t change_id, std::int64_t ci_id) = 0;
  /// The change CHG-`number`, its customer's key and its CIs (by name) filled.
  virtual std::optional<Change> find_change(std::int64_t number) = 0;
  /// Visits the changes that pass the filter, by number, each with its CIs
  /// (read with the row, never a query per change).
  virtual void each_change(const ChangeFilter& f, const std::function<void(Change&)>& visit) = 0;
  /// The changes made from a request (customer id, number), by number (keys CHG-n).
  virtual std::vector<std::string> request_changes(std::int64_t customer_id, std::int64_t number) = 0;
  virtual std::int64_t insert_change_event(const ChangeEvent& e) = 0;
  virtual std::vector<ChangeEvent> change_events(std::int64_t change_id) = 0;
};

/// One thing wrong in a store, as `sd db check` reports it.
struct StoreProblem {
  /// What was checked: schema, integrity, foreign_key, ticket_number
  /// (problem and change numbers too, as customers PRB and CHG),
  /// reserved_key, orphan_event, config_item, change, instant_range, utf8
  /// or audit.
  std::string check;
  /// Where: a table and row (`requests row 12`), a column
  /// (`requests.due_at row 12`) or a customer key.
  std::string where;
  std::string detail;
};

/// What a store's stored values must respect.
struct StoreLimits {
  /// Every stored instant is in [first, last] (the years sd stores, time.hpp).
  Instant first{}, last{};
};

/// Checks a whole store: the engine's own checks (integrity, foreign keys),
/// the store's marks (application id, schema version) and the domain's
/// invariants: ticket numbers unique and without gaps per customer, shared
/// by requests and incidents, with the next number one past the last;
/// problem and change numbers unique and without gaps; each change's CIs
/// its customer's and its request (if any) present and its customer's
/// (check `change`); no customer with a reserved
/// key (reserved_customer_key()); every event's ticket present; the CIs'
/// links sound (config_item_problems()); every instant within `limits`; every text valid
/// UTF-8; every audit row's before and after JSON. Run in a read transaction.
class StoreCheck {
 public:
  virtual ~StoreCheck() = default;
  /// The problems found, in the order above; empty when the store is sound.
  virtual std::vector<StoreProblem> check_store(const StoreLimits& limits) = 0;
};

/// The problems of one customer's ticket numbers: `numbers` (its requests'
/// and incidents' together, in any order) must be 1..n without a repeat or
/// a gap, and `next_number` n + 1. Shared by every store.
std::vector<StoreProblem> ticket_number_problems(const std::string& customer_key,
                                                 std::vector<std::int64_t> numbers,
                                                 std::int64_t next_number);

/// The problems of the CIs and their links (check `config_item`): a type
/// that is not one of ci_types(), a link from a CI to itself, a link
/// between two customers' CIs, and a link that closes a cycle (each link
/// judged against those before it, in the order given). Shared by every
/// store.
std::vector<StoreProblem> config_item_problems(const std::vector<ConfigItem>& items,
                                               const std::vector<CiLink>& links);

/// A whole store: every role. A backend implements this; services take the
/// roles they use.
class Store : public Transactional,
              public CustomerStore,
              public TicketStore,
              public IncidentStore,
              public AlertStore,
              public ConfigItemStore,
              public ReportStore,
              public IdempotencyStore,
              public AuditStore,
              public ProblemStore,
              public ChangeStore,
              public StoreCheck {};

/// One transaction, RAII: begun on construction, rolled back on
/// destruction unless commit() was called.
class Transaction {
 public:
  enum class Mode { read, write };
  Transaction(Transactional& store, Mode mode) : store_(store) {
    if (mode == Mode::write) store_.begin_write();
    else store_.begin_read();
  }
  ~Transaction() {
    if (!done_) store_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    store_.commit();
    done_ = true;
  }

 private:
  Transactional& store_;
  bool done_ = false;
};

namespace db {
/// The store's schema version this binary writes and reads.
inline constexpr int kSchemaVersion = 10;
/// The oldest schema version whose tables hold the same rows as this one's:
/// every step since only added or dropped indexes. An export of any version
/// from it up to kSchemaVersion imports as it is (sd import); an older one
/// must be brought up by the sd that wrote it.
inline constexpr int kSameRowsSince = 9;
/// What opening the store did.
struct OpenReport {
  bool created = false;   ///< the store was set up now (a missing, empty or blank file)
  int from_version = 0;   ///< the schema version found
  int to_version = 0;     ///< the schema version now
};
/// Opens the SQLite store at `path`. With `create`, a missing (or empty) file
/// is created (mode 0600, its directory 0700) and migrated; without, a missing
/// or empty store is a no_input Error that says to run `sd init`. An older
/// schema is migrated, one transaction per step; a newer one is refused.
std::unique_ptr<Store> open_sqlite(const std::string& path, bool create, OpenReport* report = nullptr);
/// Opens an existing SQLite store as it is, neither checking its marks nor
/// migrating it, for check_store() to report what is wrong with it. A
/// missing or empty file is a no_input Error as for open_sqlite().
std::unique_ptr<Store> open_sqlite_as_is(const std::string& path);
}  // namespace db

}  // namespace sd
