// The SQLite implementation of sd::Store: schema, migrations and queries.
#include "db/sqlite.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>

namespace sd::db {
namespace {

/// 'SDSK': marks the file as an sd store.
constexpr std::int64_t kApplicationId = 0x5344534B;

/// Schema steps; step i takes the store from user_version i to i + 1.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE customers (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  plan        TEXT NOT NULL CHECK (plan IN ('basic', 'advanced')),
  tz          TEXT NOT NULL,
  next_number INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE contacts (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  name        TEXT NOT NULL,
  phone       TEXT NOT NULL,
  email       TEXT NOT NULL,
  role        TEXT NOT NULL,
  position    INTEGER NOT NULL,
  UNIQUE (customer_id, name)
) STRICT;

CREATE TABLE requests (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  number      INTEGER NOT NULL,
  type        TEXT NOT NULL,
  tier        TEXT NOT NULL,
  slo_days    INTEGER NOT NULL,
  title       TEXT NOT NULL,
  priority    TEXT NOT NULL,
  status      TEXT NOT NULL,
  assignee    TEXT NOT NULL,
  via         TEXT NOT NULL,
  caller      TEXT NOT NULL,
  details     TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  clock_start INTEGER,
  desired_at  INTEGER,
  due_at      INTEGER,
  resolved_at INTEGER,
  closed_at   INTEGER,
  miss_reason TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (customer_id, number)
) STRICT;
-- Covers the compliance report's columns: a year is read from the index alone.
CREATE INDEX requests_by_due ON requests (due_at, customer_id, type, resolved_at);
CREATE INDEX requests_by_status_due ON requests (status, due_at);

CREATE TABLE request_fields (
  request_id INTEGER NOT NULL REFERENCES requests (id),
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (request_id, name)
) STRICT;

CREATE TABLE request_events (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests (id),
  at         INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  kind       TEXT NOT NULL,
  from_value TEXT NOT NULL,
  to_value   TEXT NOT NULL,
  note       TEXT NOT NULL,
  internal   INTEGER NOT NULL
) STRICT;
CREATE INDEX request_events_by_request ON request_events (request_id, id);

CREATE TABLE audit (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  actor  TEXT NOT NULL,
  entity TEXT NOT NULL,
  action TEXT NOT NULL,
  before TEXT NOT NULL,
  after  TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_entity ON audit (entity, id);
CREATE INDEX audit_by_at ON audit (at);
)sql",
    R"sql(
CREATE TABLE incidents (
  id                   INTEGER PRIMARY KEY,
  customer_id          INTEGER NOT NULL REFERENCES customers (id),
  number               INTEGER NOT NULL,
  title                TEXT NOT NULL,
  host                 TEXT NOT NULL,
  impact               TEXT NOT NULL CHECK (impact IN ('unjudged', 'yes', 'no')),
  judged_by            TEXT NOT NULL,
  judged_at            INTEGER,
  received_at          INTEGER NOT NULL,
  detected_at          INTEGER,
  via                  TEXT NOT NULL,
  priority             TEXT NOT NULL,
  business_impact      TEXT NOT NULL,
  details              TEXT NOT NULL,
  status               TEXT NOT NULL,
  first_notified_at    INTEGER,
  last_notice_at       INTEGER,
  recovered_at         INTEGER,
  recovery_action      TEXT NOT NULL,
  recovery_notified_at INTEGER,
  confirmed_at         INTEGER,
  closed_at            INTEGER,
  escalated_to         TEXT NOT NULL,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  UNIQUE (customer_id, number)
) STRICT;
CREATE INDEX incidents_by_status ON incidents (status, received_at);
CREATE INDEX incidents_by_received ON incidents (received_at);
CREATE INDEX incidents_by_customer ON incidents (customer_id, received_at);
CREATE INDEX requests_by_customer_due ON requests (customer_id, due_at);
CREATE INDEX requests_by_received ON requests (customer_id, received_at);
CREATE INDEX requests_by_received_at ON requests (received_at);
-- Metrics group by customer, tier and type without sorting a million rows.
CREATE INDEX requests_by_customer_type ON requests (customer_id, tier, type, status, due_at, resolved_at);

CREATE TABLE incident_events (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  data        TEXT NOT NULL,
  note        TEXT NOT NULL
) STRICT;
CREATE INDEX incident_events_by_incident ON incident_events (incident_id, id);

CREATE TABLE impact_criteria (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  matches     TEXT NOT NULL,
  impact      TEXT NOT NULL CHECK (impact IN ('yes', 'no')),
  note        TEXT NOT NULL
) STRICT;

CREATE TABLE customer_hosts (
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  host        TEXT NOT NULL UNIQUE,
  PRIMARY KEY (customer_id, host)
) STRICT;

CREATE TABLE alerts (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL REFERENCES incidents (id),
  source       TEXT NOT NULL,
  identity     TEXT NOT NULL,
  firing       INTEGER NOT NULL,
  starts_at    INTEGER,
  ends_at      INTEGER,
  received_at  INTEGER NOT NULL,
  title        TEXT NOT NULL,
  summary      TEXT NOT NULL,
  host         TEXT NOT NULL,
  labels       TEXT NOT NULL,
  delivery_key TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX alerts_by_identity ON alerts (source, identity);
CREATE INDEX alerts_by_incident ON alerts (incident_id, id);

CREATE TABLE inbox (
  id          INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  format      TEXT NOT NULL,
  customer    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  payload     BLOB NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('pending', 'placed', 'dismissed')),
  placed_at   INTEGER,
  result      TEXT NOT NULL
) STRICT;

CREATE TABLE hook_fired (
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  obligation  TEXT NOT NULL,
  PRIMARY KEY (incident_id, obligation)
) STRICT;
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

std::int64_t secs(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }
std::optional<std::int64_t> secs(const std::optional<Instant>& t) {
  return t ? std::optional<std::int64_t>(secs(*t)) : std::nullopt;
}
std::optional<Instant> opt_instant(const Statement& s, int col) {
  return s.is_null(col) ? std::nullopt : std::optional<Instant>(instant(s.int64(col)));
}

template <class E>
E parse_enum(std::optional<E> v, std::string_view column) {
  if (!v) throw Error(Exit::config, "store: unreadable value in column " + std::string(column));
  return *v;
}

constexpr const char* kRequestColumns =
    "r.id, r.customer_id, c.key, r.number, r.type, r.tier, r.slo_days, r.title, r.priority, "
    "r.status, r.assignee, r.via, r.caller, r.details, r.received_at, r.clock_start, "
    "r.desired_at, r.due_at, r.resolved_at, r.closed_at, r.miss_reason, r.created_at, "
    "r.updated_at FROM requests r JOIN customers c ON c.id = r.customer_id";

constexpr const char* kIncidentColumns =
    "i.id, i.customer_id, c.key, i.number, i.title, i.host, i.impact, i.judged_by, i.judged_at, "
    "i.received_at, i.detected_at, i.via, i.priority, i.business_impact, i.details, i.status, "
    "i.first_notified_at, i.last_notice_at, i.recovered_at, i.recovery_action, "
    "i.recovery_notified_at, i.confirmed_at, i.closed_at, i.escalated_to, i.created_at, "
    "i.updated_at FROM incidents i JOIN customers c ON c.id = i.customer_id";

Incident read_incident(const Statement& s) {
  Incident i;
  i.id = s.int64(0);
  i.customer_id = s.int64(1);
  i.customer = s.text(2);
  i.number = s.int64(3);
  i.title = s.text(4);
  i.host = s.text(5);
  auto impact = s.text(6);
  i.impact = impact == "unjudged" ? Impact::unjudged : parse_enum(impact_from(impact), "incidents.impact");
  i.judged_by = s.text(7);
  i.judged_at = opt_instant(s, 8);
  i.received_at = instant(s.int64(9));
  i.detected_at = opt_instant(s, 10);
  i.via = parse_enum(incident_via_from(s.text(11)), "incidents.via");
  i.priority = s.text(12);
  i.business_impact = s.text(13);
  i.details = s.text(14);
  i.status = parse_enum(incident_status_from(s.text(15)), "incidents.status");
  i.first_notified_at = opt_instant(s, 16);
  i.last_notice_at = opt_instant(s, 17);
  i.recovered_at = opt_instant(s, 18);
  i.recovery_action = s.text(19);
  i.recovery_notified_at = opt_instant(s, 20);
  i.confirmed_at = opt_instant(s, 21);
  i.closed_at = opt_instant(s, 22);
  i.escalated_to = s.text(23);
  i.created_at = instant(s.int64(24));
  i.updated_at = instant(s.int64(25));
  return i;
}

/// Binds ?2..?24 of the incident insert and update statements.
void bind_incident(Statement& s, const Incident& i) {
  s.bind(2, i.number).bind(3, i.title).bind(4, i.host).bind(5, to_string(i.impact))
      .bind(6, i.judged_by).bind(7, secs(i.judged_at)).bind(8, secs(i.received_at))
      .bind(9, secs(i.detected_at)).bind(10, to_string(i.via)).bind(11, i.priority)
      .bind(12, i.business_impact).bind(13, i.details).bind(14, to_string(i.status))
      .bind(15, secs(i.first_notified_at)).bind(16, secs(i.last_notice_at))
      .bind(17, secs(i.recovered_at)).bind(18, i.recovery_action)
      .bind(19, secs(i.recovery_notified_at)).bind(20, secs(i.confirmed_at))
      .bind(21, secs(i.closed_at)).bind(22, i.escalated_to).bind(23, secs(i.created_at))
      .bind(24, secs(i.updated_at));
}

constexpr const char* kInboxColumns =
    "SELECT id, received_at, actor, format, customer, reason, payload, status, placed_at, "
    "result FROM inbox";

InboxItem read_inbox(const Statement& s) {
  InboxItem item;
  item.id = s.int64(0);
  item.received_at = instant(s.int64(1));
  item.actor = s.text(2);
  item.format = s.text(3);
  item.customer = s.text(4);
  item.reason = s.text(5);
  item.payload = s.blob(6);
  item.status = s.text(7);
  item.placed_at = opt_instant(s, 8);
  item.result = s.text(9);
  return item;
}

Request read_request(const Statement& s) {
  Request r;
  r.id = s.int64(0);
  r.customer_id = s.int64(1);
  r.customer = s.text(2);
  r.number = s.int64(3);
  r.type = s.text(4);
  r.tier = parse_enum(tier_from(s.text(5)), "requests.tier");
  r.slo_days = s.int32(6);
  r.title = s.text(7);
  r.priority = parse_enum(priority_from(s.text(8)), "requests.priority");
  r.status = parse_enum(status_from(s.text(9)), "requests.status");
  r.assignee = s.text(10);
  r.via = parse_enum(via_from(s.text(11)), "requests.via");
  r.caller = s.text(12);
  r.details = s.text(13);
  r.received_at = instant(s.int64(14));
  r.clock_start = opt_instant(s, 15);
  r.desired_at = opt_instant(s, 16);
  r.due_at = opt_instant(s, 17);
  r.resolved_at = opt_instant(s, 18);
  r.closed_at = opt_instant(s, 19);
  r.miss_reason = s.text(20);
  r.created_at = instant(s.int64(21));
  r.updated_at = instant(s.int64(22));
  return r;
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path, bool create) : conn_(path, create) {
    conn_.exec("PRAGMA foreign_keys = ON");
  }

  /// Checks the file is an sd store and brings its schema up to date;
  /// returns the version it found.
  int migrate(bool fresh, bool create) {
    auto app_id = pragma_int("application_id");
    auto version = pragma_int("user_version");
    // An SQLite file with nothing in it yet is no store: only init sets one up.
    if (app_id == 0 && version == 0 && !create && fresh_or_empty(fresh))
      throw Error(Exit::no_input, "no store at " + path() + " (an empty database); run 'sd init' to set it up");
    if (app_id != kApplicationId && !(app_id == 0 && version == 0 && fresh_or_empty(fresh)))
      throw Error(Exit::config, "store: " + path() + " is not an sd store");
    if (version > kSchemaVersion)
      throw Error(Exit::config, "store: " + path() + " has schema version " +
                                    std::to_string(version) + ", newer than this sd knows (" +
                                    std::to_string(kSchemaVersion) + "); upgrade sd");
    if (version == 0) conn_.exec("PRAGMA journal_mode = WAL");
    for (auto v = version; v < kSchemaVersion; ++v) {
      begin_write();
      try {
        conn_.exec(kMigrations[v]);
        conn_.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        conn_.exec("PRAGMA user_version = " + std::to_string(v + 1));
        commit();
      } catch (...) {
        rollback();
        throw;
      }
    }
    return static_cast<int>(version);
  }

  void begin_write() override { conn_.exec("BEGIN IMMEDIATE"); }
  void begin_read() override { conn_.exec("BEGIN"); }
  void commit() override { conn_.exec("COMMIT"); }
  void rollback() noexcept override {
    if (!sqlite3_get_autocommit(conn_.raw())) sqlite3_exec(conn_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

  std::optional<Customer> find_customer(const std::string& key) override {
    auto s = conn_.prepare(
        "SELECT id, key, name, plan, tz, created_at FROM customers WHERE key = ?1");
    s->bind(1, key);
    if (!s->step()) return std::nullopt;
    return read_customer(*s);
  }

  std::vector<Customer> list_customers() override {
    auto s = conn_.prepare("SELECT id, key, name, plan, tz, created_at FROM customers ORDER BY key");
    std::vector<Customer> out;
    while (s->step()) out.push_back(read_customer(*s));
    return out;
  }

  std::int64_t insert_customer(const Customer& c) override {
    auto s = conn_.prepare(
        "INSERT INTO customers (key, name, plan, tz, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    s->bind(1, c.key).bind(2, c.name).bind(3, to_string(c.plan)).bind(4, c.tz).bind(5, secs(c.created_at));
    s->run();
    return conn_.last_insert_id();
  }

  void update_customer(const Customer& c) override {
    auto s = conn_.prepare("UPDATE customers SET name = ?2, plan = ?3, tz = ?4 WHERE id = ?1");
    s->bind(1, c.id).bind(2, c.name).bind(3, to_string(c.plan)).bind(4, c.tz);
    s->run();
  }

  std::vector<Contact> list_contacts(std::int64_t customer_id) override {
    auto s = conn_.prepare(
        "SELECT id, customer_id, name, phone, email, role, position FROM contacts "
        "WHERE customer_id = ?1 ORDER BY position, id");
    s->bind(1, customer_id);
    std::vector<Contact> out;
    while (s->step()) {
      Contact c;
      c.id = s->int64(0);
      c.customer_id = s->int64(1);
      c.name = s->text(2);
      c.phone = s->text(3);
      c.email = s->text(4);
      c.role = s->text(5);
      c.position = s->int32(6);
      out.push_back(std::move(c));
    }
    return out;
  }

  std::int64_t insert_contact(const Contact& c) override {
    auto s = conn_.prepare(
        "INSERT INTO contacts (customer_id, name, phone, email, role, position) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    s->bind(1, c.customer_id).bind(2, c.name).bind(3, c.phone).bind(4, c.email).bind(5, c.role).bind(6, c.position);
    s->run();
    return conn_.last_insert_id();
  }

  void update_contact(const Contact& c) override {
    auto s = conn_.prepare(
        "UPDATE contacts SET name = ?2, phone = ?3, email = ?4, role = ?5, position = ?6 "
        "WHERE id = ?1");
    s->bind(1, c.id).bind(2, c.name).bind(3, c.phone).bind(4, c.email).bind(5, c.role).bind(6, c.position);
    s->run();
  }

  void delete_contact(std::int64_t id) override {
    auto s = conn_.prepare("DELETE FROM contacts WHERE id = ?1");
    s->bind(1, id);
    s->run();
  }

  std::int64_t take_ticket_number(std::int64_t customer_id) override {
    std::int64_t n = 0;
    {
      auto s = conn_.prepare("SELECT next_number FROM customers WHERE id = ?1");
      s->bind(1, customer_id);
      if (!s->step()) throw Error(Exit::software, "store: no customer with id " + std::to_string(customer_id));
      n = s->int64(0);
    }
    auto u = conn_.prepare("UPDATE customers SET next_number = ?2 WHERE id = ?1");
    u->bind(1, customer_id).bind(2, n + 1);
    u->run();
    return n;
  }

  std::int64_t insert_request(const Request& r) override {
    auto s = conn_.prepare(
        "INSERT INTO requests (customer_id, number, type, tier, slo_days, title, priority, "
        "status, assignee, via, caller, details, received_at, clock_start, desired_at, due_at, "
        "resolved_at, closed_at, miss_reason, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)");
    bind_request(*s, r);
    s->bind(1, r.customer_id).bind(2, r.number);
    s->run();
    auto id = conn_.last_insert_id();
    write_fields(id, r.fields);
    return id;
  }

  void update_request(const Request& r) override {
    auto s = conn_.prepare(
        "UPDATE requests SET type = ?3, tier = ?4, slo_days = ?5, title = ?6, priority = ?7, "
        "status = ?8, assignee = ?9, via = ?10, caller = ?11, details = ?12, received_at = ?13, "
        "clock_start = ?14, desired_at = ?15, due_at = ?16, resolved_at = ?17, closed_at = ?18, "
        "miss_reason = ?19, created_at = ?20, updated_at = ?21 WHERE id = ?1");
    bind_request(*s, r);
    s->bind(1, r.id).bind(2, r.number);
    s->run();
    auto d = conn_.prepare("DELETE FROM request_fields WHERE request_id = ?1");
    d->bind(1, r.id);
    d->run();
    write_fields(r.id, r.fields);
  }

  std::optional<Request> find_request(const std::string& customer_key, std::int64_t number) override {
    std::optional<Request> r;
    {
      auto s = conn_.prepare(std::string("SELECT ") + kRequestColumns +
                             " WHERE c.key = ?1 AND r.number = ?2");
      s->bind(1, customer_key).bind(2, number);
      if (!s->step()) return std::nullopt;
      r = read_request(*s);
    }
    load_fields(*r);
    return r;
  }

  std::vector<Request> list_requests(const RequestFilter& f) override {
    // Built from fixed fragments; every value is bound, never spliced.
    std::string sql = std::string("SELECT ") + kRequestColumns + " WHERE 1 = 1";
    int n = 0;
    std::vector<std::function<void(Statement&)>> binds;
    auto param = [&](auto value) {
      int i = ++n;
      binds.push_back([i, value](Statement& s) { s.bind(i, value); });
      return "?" + std::to_string(i);
    };
    if (f.customer) sql += " AND c.key = " + param(*f.customer);
    if (f.type) sql += " AND r.type = " + param(*f.type);
    if (f.tier) sql += " AND r.tier = " + param(std::string(to_string(*f.tier)));
    if (f.priority) sql += " AND r.priority = " + param(std::string(to_string(*f.priority)));
    if (f.assignee) sql += " AND r.assignee = " + param(*f.assignee);
    if (f.due_before) sql += " AND r.due_at < " + param(secs(*f.due_before));
    if (!f.statuses.empty()) {
      sql += " AND r.status IN (";
      for (std::size_t i = 0; i < f.statuses.size(); ++i)
        sql += (i ? ", " : "") + param(std::string(to_string(f.statuses[i])));
      sql += ")";
    }
    sql += " ORDER BY r.due_at IS NULL, r.due_at, c.key, r.number";
    if (f.limit) sql += " LIMIT " + param(static_cast<std::int64_t>(f.limit));
    auto s = conn_.prepare(sql);
    for (auto& b : binds) b(*s);
    std::vector<Request> out;
    while (s->step()) out.push_back(read_request(*s));
    for (auto& r : out) load_fields(r);
    return out;
  }

  std::int64_t insert_request_event(const RequestEvent& e) override {
    auto s = conn_.prepare(
        "INSERT INTO request_events (request_id, at, actor, kind, from_value, to_value, note, "
        "internal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    s->bind(1, e.request_id).bind(2, secs(e.at)).bind(3, e.actor).bind(4, e.kind).bind(5, e.from)
        .bind(6, e.to).bind(7, e.note).bind(8, e.internal ? 1 : 0);
    s->run();
    return conn_.last_insert_id();
  }

  std::vector<RequestEvent> request_events(std::int64_t request_id) override {
    auto s = conn_.prepare(
        "SELECT id, request_id, at, actor, kind, from_value, to_value, note, internal "
        "FROM request_events WHERE request_id = ?1 ORDER BY id");
    s->bind(1, request_id);
    std::vector<RequestEvent> out;
    while (s->step()) out.push_back(read_event(*s));
    return out;
  }

  std::vector<RequestEvent> status_events(const std::vector<std::int64_t>& request_ids) override {
    std::vector<RequestEvent> out;
    auto s = conn_.prepare(
        "SELECT id, request_id, at, actor, kind, from_value, to_value, note, internal "
        "FROM request_events WHERE request_id = ?1 AND kind = 'status' ORDER BY id");
    for (auto id : request_ids) {
      s->bind(1, id);
      while (s->step()) out.push_back(read_event(*s));
      s->reset();
    }
    return out;
  }

  // ---- incidents -----------------------------------------------------------

  std::int64_t insert_incident(const Incident& i) override {
    auto s = conn_.prepare(
        "INSERT INTO incidents (customer_id, number, title, host, impact, judged_by, judged_at, "
        "received_at, detected_at, via, priority, business_impact, details, status, "
        "first_notified_at, last_notice_at, recovered_at, recovery_action, recovery_notified_at, "
        "confirmed_at, closed_at, escalated_to, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
        "?23, ?24)");
    bind_incident(*s, i);
    s->bind(1, i.customer_id);
    s->run();
    return conn_.last_insert_id();
  }

  void update_incident(const Incident& i) override {
    auto s = conn_.prepare(
        "UPDATE incidents SET number = ?2, title = ?3, host = ?4, impact = ?5, judged_by = ?6, "
        "judged_at = ?7, received_at = ?8, detected_at = ?9, via = ?10, priority = ?11, "
        "business_impact = ?12, details = ?13, status = ?14, first_notified_at = ?15, "
        "last_notice_at = ?16, recovered_at = ?17, recovery_action = ?18, "
        "recovery_notified_at = ?19, confirmed_at = ?20, closed_at = ?21, escalated_to = ?22, "
        "created_at = ?23, updated_at = ?24 WHERE id = ?1");
    bind_incident(*s, i);
    s->bind(1, i.id);
    s->run();
  }

  std::optional<Incident> find_incident(const std::string& customer_key, std::int64_t number) override {
    auto s = conn_.prepare(std::string("SELECT ") + kIncidentColumns +
                           " WHERE c.key = ?1 AND i.number = ?2");
    s->bind(1, customer_key).bind(2, number);
    if (!s->step()) return std::nullopt;
    return read_incident(*s);
  }

  std::vector<Incident> list_incidents(const IncidentFilter& f) override {
    std::string sql = std::string("SELECT ") + kIncidentColumns + " WHERE 1 = 1";
    int n = 0;
    std::vector<std::string> values;
    auto param = [&](const std::string& v) {
      values.push_back(v);
      return "?" + std::to_string(++n);
    };
    if (f.customer) sql += " AND c.key = " + param(*f.customer);
    if (f.impact) sql += " AND i.impact = " + param(*f.impact);
    if (!f.statuses.empty()) {
      sql += " AND i.status IN (";
      for (std::size_t k = 0; k < f.statuses.size(); ++k) sql += (k ? ", " : "") + param(f.statuses[k]);
      sql += ")";
    }
    sql += " ORDER BY i.received_at, c.key, i.number";
    if (f.limit) sql += " LIMIT " + std::to_string(f.limit);
    auto s = conn_.prepare(sql);
    for (int k = 0; k < n; ++k) s->bind(k + 1, values[static_cast<std::size_t>(k)]);
    std::vector<Incident> out;
    while (s->step()) out.push_back(read_incident(*s));
    return out;
  }

  std::int64_t insert_incident_event(const IncidentEvent& e) override {
    auto s = conn_.prepare(
        "INSERT INTO incident_events (incident_id, at, actor, kind, data, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    s->bind(1, e.incident_id).bind(2, secs(e.at)).bind(3, e.actor).bind(4, e.kind)
        .bind(5, e.data.empty() ? std::string("{}") : e.data).bind(6, e.note);
    s->run();
    return conn_.last_insert_id();
  }

  std::vector<IncidentEvent> incident_events(std::int64_t incident_id) override {
    auto s = conn_.prepare(
        "SELECT id, incident_id, at, actor, kind, data, note FROM incident_events "
        "WHERE incident_id = ?1 ORDER BY id");
    s->bind(1, incident_id);
    std::vector<IncidentEvent> out;
    while (s->step()) {
      IncidentEvent e;
      e.id = s->int64(0);
      e.incident_id = s->int64(1);
      e.at = instant(s->int64(2));
      e.actor = s->text(3);
      e.kind = s->text(4);
      e.data = s->text(5);
      e.note = s->text(6);
      out.push_back(std::move(e));
    }
    return out;
  }

  std::vector<Criterion> list_criteria(std::int64_t customer_id) override {
    auto s = conn_.prepare(
        "SELECT id, customer_id, matches, impact, note FROM impact_criteria "
        "WHERE customer_id = ?1 ORDER BY id");
    s->bind(1, customer_id);
    std::vector<Criterion> out;
    int pos = 0;
    while (s->step()) {
      Criterion c;
      c.id = s->int64(0);
      c.customer_id = s->int64(1);
      // One name=pattern a line.
      auto text = s->text(2);
      std::size_t start = 0;
      while (start < text.size()) {
        auto nl = text.find('\n', start);
        auto line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        auto eq = line.find('=');
        c.matches.emplace_back(line.substr(0, eq), line.substr(eq + 1));
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
      c.impact = parse_enum(impact_from(s->text(3)), "impact_criteria.impact");
      c.note = s->text(4);
      c.position = ++pos;
      out.push_back(std::move(c));
    }
    return out;
  }

  std::int64_t insert_criterion(const Criterion& c) override {
    std::string matches;
    for (const auto& [name, pattern] : c.matches) matches += (matches.empty() ? "" : "\n") + name + "=" + pattern;
    auto s = conn_.prepare(
        "INSERT INTO impact_criteria (customer_id, matches, impact, note) VALUES (?1, ?2, ?3, ?4)");
    s->bind(1, c.customer_id).bind(2, matches).bind(3, to_string(c.impact)).bind(4, c.note);
    s->run();
    return conn_.last_insert_id();
  }

  void delete_criterion(std::int64_t id) override {
    auto s = conn_.prepare("DELETE FROM impact_criteria WHERE id = ?1");
    s->bind(1, id);
    s->run();
  }

  std::vector<std::pair<std::string, std::string>> list_hosts(
      const std::optional<std::string>& customer_key) override {
    auto s = conn_.prepare(
        "SELECT c.key, h.host FROM customer_hosts h JOIN customers c ON c.id = h.customer_id "
        "WHERE ?1 IS NULL OR c.key = ?1 ORDER BY c.key, h.host");
    if (customer_key) s->bind(1, *customer_key);
    std::vector<std::pair<std::string, std::string>> out;
    while (s->step()) out.emplace_back(s->text(0), s->text(1));
    return out;
  }

  void insert_host(std::int64_t customer_id, const std::string& host) override {
    auto s = conn_.prepare("INSERT INTO customer_hosts (customer_id, host) VALUES (?1, ?2)");
    s->bind(1, customer_id).bind(2, host);
    s->run();
  }

  void delete_host(std::int64_t customer_id, const std::string& host) override {
    auto s = conn_.prepare("DELETE FROM customer_hosts WHERE customer_id = ?1 AND host = ?2");
    s->bind(1, customer_id).bind(2, host);
    s->run();
  }

  std::optional<std::string> host_owner(const std::string& host) override {
    auto s = conn_.prepare(
        "SELECT c.key FROM customer_hosts h JOIN customers c ON c.id = h.customer_id "
        "WHERE h.host = ?1");
    s->bind(1, host);
    if (!s->step()) return std::nullopt;
    return s->text(0);
  }

  bool has_alert_delivery(const std::string& delivery_key) override {
    auto s = conn_.prepare("SELECT 1 FROM alerts WHERE delivery_key = ?1");
    s->bind(1, delivery_key);
    return s->step();
  }

  void insert_alert(const AlertRecord& a) override {
    auto s = conn_.prepare(
        "INSERT INTO alerts (incident_id, source, identity, firing, starts_at, ends_at, "
        "received_at, title, summary, host, labels, delivery_key) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    s->bind(1, a.incident_id).bind(2, a.source).bind(3, a.identity).bind(4, a.firing ? 1 : 0)
        .bind(5, secs(a.starts_at)).bind(6, secs(a.ends_at)).bind(7, secs(a.received_at))
        .bind(8, a.title).bind(9, a.summary).bind(10, a.host).bind(11, a.labels)
        .bind(12, a.delivery_key);
    s->run();
  }

  std::vector<AlertRecord> incident_alerts(std::int64_t incident_id) override {
    auto s = conn_.prepare(
        "SELECT id, incident_id, source, identity, firing, starts_at, ends_at, received_at, "
        "title, summary, host, labels, delivery_key FROM alerts WHERE incident_id = ?1 "
        "ORDER BY id");
    s->bind(1, incident_id);
    std::vector<AlertRecord> out;
    while (s->step()) {
      AlertRecord a;
      a.id = s->int64(0);
      a.incident_id = s->int64(1);
      a.source = s->text(2);
      a.identity = s->text(3);
      a.firing = s->int64(4) != 0;
      a.starts_at = opt_instant(*s, 5);
      a.ends_at = opt_instant(*s, 6);
      a.received_at = instant(s->int64(7));
      a.title = s->text(8);
      a.summary = s->text(9);
      a.host = s->text(10);
      a.labels = s->text(11);
      a.delivery_key = s->text(12);
      out.push_back(std::move(a));
    }
    return out;
  }

  std::optional<std::pair<std::string, std::int64_t>> incident_for_alert(
      const std::string& source, const std::string& identity) override {
    auto s = conn_.prepare(
        "SELECT c.key, i.number FROM alerts a JOIN incidents i ON i.id = a.incident_id "
        "JOIN customers c ON c.id = i.customer_id WHERE a.source = ?1 AND a.identity = ?2 "
        "AND i.status <> 'closed' ORDER BY i.id DESC LIMIT 1");
    s->bind(1, source).bind(2, identity);
    if (!s->step()) return std::nullopt;
    return std::make_pair(s->text(0), s->int64(1));
  }

  std::int64_t insert_inbox(const InboxItem& item) override {
    auto s = conn_.prepare(
        "INSERT INTO inbox (received_at, actor, format, customer, reason, payload, status, "
        "placed_at, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    s->bind(1, secs(item.received_at)).bind(2, item.actor).bind(3, item.format)
        .bind(4, item.customer).bind(5, item.reason).bind_blob(6, item.payload)
        .bind(7, item.status).bind(8, secs(item.placed_at)).bind(9, item.result);
    s->run();
    return conn_.last_insert_id();
  }

  void update_inbox(const InboxItem& item) override {
    auto s = conn_.prepare(
        "UPDATE inbox SET reason = ?2, status = ?3, placed_at = ?4, result = ?5 WHERE id = ?1");
    s->bind(1, item.id).bind(2, item.reason).bind(3, item.status).bind(4, secs(item.placed_at))
        .bind(5, item.result);
    s->run();
  }

  std::optional<InboxItem> find_inbox(std::int64_t id) override {
    auto s = conn_.prepare(std::string(kInboxColumns) + " WHERE id = ?1");
    s->bind(1, id);
    if (!s->step()) return std::nullopt;
    return read_inbox(*s);
  }

  std::vector<InboxItem> list_inbox(bool all) override {
    auto s = conn_.prepare(std::string(kInboxColumns) +
                           (all ? " ORDER BY id" : " WHERE status = 'pending' ORDER BY id"));
    std::vector<InboxItem> out;
    while (s->step()) out.push_back(read_inbox(*s));
    return out;
  }

  bool mark_fired(std::int64_t incident_id, const std::string& obligation) override {
    auto s = conn_.prepare(
        "INSERT INTO hook_fired (incident_id, obligation) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
    s->bind(1, incident_id).bind(2, obligation);
    s->run();
    return sqlite3_changes(conn_.raw()) > 0;
  }

  // ---- reports ------------------------------------------------------------

  std::vector<TypeCompliance> request_compliance(const ReportQuery& q) override {
    auto s = conn_.prepare(for_customer(q,
        "SELECT r.type, count(*), "
        "sum(CASE WHEN r.resolved_at IS NOT NULL AND r.resolved_at <= r.due_at THEN 1 ELSE 0 END), "
        "sum(CASE WHEN r.resolved_at > r.due_at OR (r.resolved_at IS NULL AND r.due_at < ?3) "
        "THEN 1 ELSE 0 END), "
        "sum(CASE WHEN r.resolved_at IS NULL AND r.due_at < ?3 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN r.resolved_at IS NULL AND r.due_at >= ?3 THEN 1 ELSE 0 END) "
        "FROM requests r JOIN customers c ON c.id = r.customer_id "
        "WHERE r.due_at >= ?1 AND r.due_at < ?2 AND {customer} GROUP BY r.type"));
    bind_query(*s, q);
    std::vector<TypeCompliance> out;
    while (s->step()) {
      TypeCompliance t;
      t.type = s->text(0);
      t.due = s->int64(1);
      t.met = s->int64(2);
      t.missed = s->int64(3);
      t.open_overdue = s->int64(4);
      t.open = s->int64(5);
      out.push_back(std::move(t));
    }
    return out;
  }

  std::vector<IncidentCompliance> incident_compliance(const ReportQuery& q,
                                                      const IncidentPolicy& p) override {
    auto slo_imp = std::chrono::seconds(p.first_slo_impacting).count();
    auto slo_not = std::chrono::seconds(p.first_slo_not_impacting).count();
    auto sla = std::chrono::seconds(p.first_sla_impacting).count();
    // ?5 .. ?7: the deadlines in seconds after receipt.
    const std::string slo_due = "i.received_at + CASE WHEN i.impact = 'no' THEN ?6 ELSE ?5 END";
    auto s = conn_.prepare(for_customer(q,
        "SELECT i.impact, count(*), sum(CASE WHEN i.first_notified_at IS NULL THEN 0 ELSE 1 END), "
        "sum(CASE WHEN i.first_notified_at > " + slo_due + " OR (i.first_notified_at IS NULL AND " +
        slo_due + " < ?3) THEN 1 ELSE 0 END), "
        "sum(CASE WHEN i.impact <> 'no' AND (i.first_notified_at > i.received_at + ?7 OR "
        "(i.first_notified_at IS NULL AND i.received_at + ?7 < ?3)) THEN 1 ELSE 0 END) "
        "FROM incidents i JOIN customers c ON c.id = i.customer_id "
        "WHERE i.received_at >= ?1 AND i.received_at < ?2 AND {customer} "
        "GROUP BY i.impact"));
    bind_query(*s, q);
    s->bind(5, slo_imp).bind(6, slo_not).bind(7, sla);
    std::vector<IncidentCompliance> out;
    while (s->step()) {
      IncidentCompliance c;
      c.impact = s->text(0);
      c.count = s->int64(1);
      c.notified = s->int64(2);
      c.slo_missed = s->int64(3);
      c.sla_missed = s->int64(4);
      out.push_back(std::move(c));
    }
    // Nearest-rank percentiles of the time to first notice, in SQL.
    auto pick = conn_.prepare(for_customer(q,
        "SELECT i.first_notified_at - i.received_at AS d FROM incidents i "
        "JOIN customers c ON c.id = i.customer_id WHERE i.received_at >= ?1 AND i.received_at < ?2 "
        "AND {customer} AND i.impact = ?5 AND i.first_notified_at IS NOT NULL "
        "ORDER BY d LIMIT 1 OFFSET ?6"));
    for (auto& c : out) {
      if (c.notified == 0) continue;
      auto rank = [&](double fraction) {
        auto k = static_cast<std::int64_t>(std::ceil(fraction * static_cast<double>(c.notified)));
        pick->reset();
        bind_query(*pick, q);
        pick->bind(5, c.impact).bind(6, std::max<std::int64_t>(k, 1) - 1);
        return pick->step() ? std::optional<std::int64_t>(pick->int64(0)) : std::nullopt;
      };
      c.median_seconds = rank(0.5);
      c.p95_seconds = rank(0.95);
    }
    return out;
  }

  std::vector<std::pair<std::string, std::int64_t>> requests_received_by_type(const ReportQuery& q) override {
    auto s = conn_.prepare(for_customer(q,
        "SELECT r.type, count(*) FROM requests r JOIN customers c ON c.id = r.customer_id "
        "WHERE r.received_at >= ?1 AND r.received_at < ?2 AND {customer} "
        "AND ?3 = ?3 GROUP BY r.type ORDER BY count(*) DESC, r.type"));
    bind_query(*s, q);
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (s->step()) out.emplace_back(s->text(0), s->int64(1));
    return out;
  }

  std::vector<Instant> request_receipts(const ReportQuery& q) override {
    auto s = conn_.prepare(for_customer(q,
        "SELECT r.received_at FROM requests r JOIN customers c ON c.id = r.customer_id "
        "WHERE r.received_at >= ?1 AND r.received_at < ?2 AND {customer} AND ?3 = ?3"));
    bind_query(*s, q);
    std::vector<Instant> out;
    while (s->step()) out.push_back(instant(s->int64(0)));
    return out;
  }

  std::vector<Request> requests_received(const ReportQuery& q, const std::vector<Tier>& tiers) override {
    std::string in;
    for (std::size_t k = 0; k < tiers.size(); ++k) in += (k ? ", ?" : "?") + std::to_string(5 + k);
    auto s = conn_.prepare(for_customer(q, std::string("SELECT ") + kRequestColumns +
                           " WHERE r.received_at >= ?1 AND r.received_at < ?2 AND {customer} AND ?3 = ?3 AND r.tier IN (" + (in.empty() ? "NULL" : in) +
                           ") ORDER BY r.received_at, r.number"));
    bind_query(*s, q);
    for (std::size_t k = 0; k < tiers.size(); ++k)
      s->bind(static_cast<int>(5 + k), std::string(to_string(tiers[k])));
    std::vector<Request> out;
    while (s->step()) out.push_back(read_request(*s));
    return out;
  }

  std::vector<Request> missed_requests(const ReportQuery& q) override {
    auto s = conn_.prepare(for_customer(q, std::string("SELECT ") + kRequestColumns +
                           " WHERE r.due_at >= ?1 AND r.due_at < ?2 AND {customer} "
                           "AND (r.resolved_at > r.due_at OR (r.resolved_at IS NULL AND r.due_at < ?3)) "
                           "ORDER BY r.due_at, r.number"));
    bind_query(*s, q);
    std::vector<Request> out;
    while (s->step()) out.push_back(read_request(*s));
    return out;
  }

  std::vector<Incident> incidents_received(const ReportQuery& q, const std::string& impact) override {
    auto s = conn_.prepare(for_customer(q, std::string("SELECT ") + kIncidentColumns +
                           " WHERE i.received_at >= ?1 AND i.received_at < ?2 AND {customer} AND ?3 = ?3 AND (?5 = '' OR i.impact = ?5) "
                           "ORDER BY i.received_at, i.number"));
    bind_query(*s, q);
    s->bind(5, impact);
    std::vector<Incident> out;
    while (s->step()) out.push_back(read_incident(*s));
    return out;
  }

  std::vector<RequestMetric> request_metrics(Instant now) override {
    auto s = conn_.prepare(
        "SELECT c.key, r.tier, r.type, "
        "sum(CASE WHEN r.status IN ('open', 'in-progress', 'waiting') THEN 1 ELSE 0 END), "
        "sum(CASE WHEN r.status IN ('open', 'in-progress', 'waiting') AND r.due_at < ?1 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN r.resolved_at IS NOT NULL AND r.resolved_at <= r.due_at THEN 1 ELSE 0 END), "
        "sum(CASE WHEN r.resolved_at > r.due_at THEN 1 ELSE 0 END) "
        "FROM requests r JOIN customers c ON c.id = r.customer_id "
        "GROUP BY r.customer_id, r.tier, r.type ORDER BY c.key, r.tier, r.type");
    s->bind(1, secs(now));
    std::vector<RequestMetric> out;
    while (s->step())
      out.push_back(RequestMetric{s->text(0), s->text(1), s->text(2), s->int64(3), s->int64(4),
                                  s->int64(5), s->int64(6)});
    return out;
  }

  std::vector<IncidentMetric> incident_metrics(Instant now, const IncidentPolicy& p) override {
    auto s = conn_.prepare(
        "SELECT c.key, i.impact, sum(CASE WHEN i.status <> 'closed' THEN 1 ELSE 0 END), count(*), "
        "sum(CASE WHEN i.first_notified_at > i.received_at + CASE WHEN i.impact = 'no' THEN ?3 ELSE ?2 END "
        "OR (i.first_notified_at IS NULL AND i.received_at + CASE WHEN i.impact = 'no' THEN ?3 ELSE ?2 END < ?1) "
        "THEN 1 ELSE 0 END), "
        "sum(CASE WHEN i.impact <> 'no' AND (i.first_notified_at > i.received_at + ?4 OR "
        "(i.first_notified_at IS NULL AND i.received_at + ?4 < ?1)) THEN 1 ELSE 0 END) "
        "FROM incidents i JOIN customers c ON c.id = i.customer_id "
        "GROUP BY c.key, i.impact ORDER BY c.key, i.impact");
    s->bind(1, secs(now)).bind(2, std::chrono::seconds(p.first_slo_impacting).count())
        .bind(3, std::chrono::seconds(p.first_slo_not_impacting).count())
        .bind(4, std::chrono::seconds(p.first_sla_impacting).count());
    std::vector<IncidentMetric> out;
    while (s->step())
      out.push_back(IncidentMetric{s->text(0), s->text(1), s->int64(2), s->int64(3), s->int64(4), s->int64(5)});
    return out;
  }

  void append_audit(const AuditEvent& e) override {
    auto s = conn_.prepare(
        "INSERT INTO audit (at, actor, entity, action, before, after) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    s->bind(1, secs(e.at)).bind(2, e.actor).bind(3, e.entity).bind(4, e.action).bind(5, e.before).bind(6, e.after);
    s->run();
  }

  std::vector<AuditEvent> list_audit(const AuditFilter& f) override {
    std::string sql = "SELECT id, at, actor, entity, action, before, after FROM audit WHERE 1 = 1";
    // A customer's entries include its contacts (ACME/...) and tickets (ACME-n).
    if (f.entity) sql += " AND (entity = ?1 OR entity LIKE ?2 ESCAPE '\\' OR entity LIKE ?5 ESCAPE '\\')";
    if (f.since) sql += " AND at >= ?3";
    // The newest N, returned oldest first.
    sql += f.limit ? " ORDER BY id DESC LIMIT ?4" : " ORDER BY id";
    auto s = conn_.prepare(sql);
    if (f.entity) {
      std::string like;
      for (char c : *f.entity) {
        if (c == '%' || c == '_' || c == '\\') like += '\\';
        like += c;
      }
      s->bind(1, *f.entity).bind(2, like + "/%").bind(5, like + "-%");
    }
    if (f.since) s->bind(3, secs(*f.since));
    if (f.limit) s->bind(4, static_cast<std::int64_t>(f.limit));
    std::vector<AuditEvent> out;
    while (s->step()) {
      AuditEvent e;
      e.id = s->int64(0);
      e.at = instant(s->int64(1));
      e.actor = s->text(2);
      e.entity = s->text(3);
      e.action = s->text(4);
      e.before = s->text(5);
      e.after = s->text(6);
      out.push_back(std::move(e));
    }
    if (f.limit) std::reverse(out.begin(), out.end());
    return out;
  }

 private:
  std::int64_t pragma_int(const std::string& name) {
    auto s = conn_.prepare("PRAGMA " + name);
    return s->step() ? s->int64(0) : 0;
  }

  bool fresh_or_empty(bool fresh) {
    if (fresh) return true;
    auto s = conn_.prepare("SELECT count(*) FROM sqlite_schema");
    return s->step() && s->int64(0) == 0;
  }

  std::string path() const {
    const char* p = sqlite3_db_filename(conn_.raw(), "main");
    return p ? p : "";
  }

  /// One statement for one customer and another for all: a plan that must
  /// serve both could not start from the customer's index.
  static std::string for_customer(const ReportQuery& q, std::string sql) {
    auto at = sql.find("{customer}");
    sql.replace(at, 10, q.customer ? "c.key = ?4" : "?4 IS NULL");
    return sql;
  }

  /// Binds ?1 from, ?2 to, ?3 now, ?4 customer (NULL for all).
  static void bind_query(Statement& s, const ReportQuery& q) {
    s.bind(1, secs(q.from)).bind(2, secs(q.to)).bind(3, secs(q.now));
    if (q.customer) s.bind(4, *q.customer);
    else s.bind_null(4);
  }

  static RequestEvent read_event(const Statement& s) {
    RequestEvent e;
    e.id = s.int64(0);
    e.request_id = s.int64(1);
    e.at = instant(s.int64(2));
    e.actor = s.text(3);
    e.kind = s.text(4);
    e.from = s.text(5);
    e.to = s.text(6);
    e.note = s.text(7);
    e.internal = s.int64(8) != 0;
    return e;
  }

  static Customer read_customer(const Statement& s) {
    Customer c;
    c.id = s.int64(0);
    c.key = s.text(1);
    c.name = s.text(2);
    c.plan = parse_enum(plan_from(s.text(3)), "customers.plan");
    c.tz = s.text(4);
    c.created_at = instant(s.int64(5));
    return c;
  }

  static void bind_request(Statement& s, const Request& r) {
    s.bind(3, r.type).bind(4, to_string(r.tier)).bind(5, r.slo_days).bind(6, r.title)
        .bind(7, to_string(r.priority)).bind(8, to_string(r.status)).bind(9, r.assignee)
        .bind(10, to_string(r.via)).bind(11, r.caller).bind(12, r.details)
        .bind(13, secs(r.received_at)).bind(14, secs(r.clock_start)).bind(15, secs(r.desired_at))
        .bind(16, secs(r.due_at)).bind(17, secs(r.resolved_at)).bind(18, secs(r.closed_at))
        .bind(19, r.miss_reason).bind(20, secs(r.created_at)).bind(21, secs(r.updated_at));
  }

  void load_fields(Request& r) {
    auto s = conn_.prepare(
        "SELECT name, value FROM request_fields WHERE request_id = ?1 ORDER BY position");
    s->bind(1, r.id);
    while (s->step()) r.fields.emplace_back(s->text(0), s->text(1));
  }

  void write_fields(std::int64_t request_id, const Fields& fields) {
    auto s = conn_.prepare(
        "INSERT INTO request_fields (request_id, position, name, value) VALUES (?1, ?2, ?3, ?4)");
    int pos = 0;
    for (const auto& [name, value] : fields) {
      s->bind(1, request_id).bind(2, ++pos).bind(3, name).bind(4, value);
      s->run();
      s->reset();
    }
  }

  Connection conn_;
};

/// Creates the store's directory (0700) and file (0600) before SQLite opens
/// it, so the modes do not depend on the umask.
void create_file(const std::string& path) {
  namespace fs = std::filesystem;
  auto dir = fs::path(path).parent_path();
  if (!dir.empty() && !fs::exists(dir)) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(Exit::io, "store: cannot create " + dir.string() + ": " + ec.message());
    ::chmod(dir.c_str(), 0700);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw Error(Exit::io, "store: cannot create " + path);
  ::fchmod(fd, 0600);
  ::close(fd);
}

}  // namespace

std::unique_ptr<Store> open_sqlite(const std::string& path, bool create, OpenReport* report) {
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  // An empty file is no store yet (SQLite would quietly start one in it).
  bool empty = exists && std::filesystem::file_size(path, ec) == 0 && !ec;
  if ((!exists || empty) && !create)
    throw Error(Exit::no_input, "no store at " + path + "; run 'sd init' to create it");
  if (!exists) create_file(path);
  bool fresh = !exists || empty;
  try {
    auto store = std::make_unique<SqliteStore>(path, false);
    int found = store->migrate(fresh, create);
    // Set up just now (a new, empty or blank file): private, whatever it was.
    if (found == 0) ::chmod(path.c_str(), 0600);
    if (report) *report = OpenReport{found == 0, found, kSchemaVersion};
    return store;
  } catch (...) {
    if (!exists) std::filesystem::remove(path);
    throw;
  }
}

}  // namespace sd::db
