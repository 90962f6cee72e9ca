// SQLite: the schema, its migrations, transactions and opening a store.
#include "db/migrations.hpp"
#include "db/sqlite/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace sd::db {

namespace {

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
    // 2 -> 3: English customer names, incident owners and callers, where a
    // request was escalated, the two parts of a first notice (§4.2.2), an
    // incident reopened or followed by a new firing of its alert, urgent
    // requests' targets, the due time on a request's own clock (beside a
    // desired time it is judged against) and exemptions.
    R"sql(
ALTER TABLE customers ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN assignee TEXT NOT NULL DEFAULT 'MSP';
ALTER TABLE incidents ADD COLUMN caller TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN escalated_to TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN first_posted_at INTEGER;
ALTER TABLE incidents ADD COLUMN first_called_at INTEGER;
ALTER TABLE incidents ADD COLUMN reopened_at INTEGER;
ALTER TABLE incidents ADD COLUMN reopen_posted_at INTEGER;
ALTER TABLE incidents ADD COLUMN reopen_called_at INTEGER;
ALTER TABLE incidents ADD COLUMN follows INTEGER NOT NULL DEFAULT 0;
-- `incident show` names the incidents that follow one without a scan.
CREATE INDEX incidents_by_follows ON incidents (customer_id, follows) WHERE follows != 0;
ALTER TABLE requests ADD COLUMN urgent_minutes INTEGER;
ALTER TABLE requests ADD COLUMN slo_due_at INTEGER;
ALTER TABLE requests ADD COLUMN exempt_at INTEGER;
ALTER TABLE requests ADD COLUMN exempt_by TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN exempt_reason TEXT NOT NULL DEFAULT '';
)sql",
    // 3 -> 4: idempotency keys: a retried creation or comment returns what
    // the first one did instead of doing it again.
    R"sql(
CREATE TABLE idempotency_keys (
  key        TEXT PRIMARY KEY,
  entity     TEXT NOT NULL,
  action     TEXT NOT NULL,
  digest     TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
)sql",
    // 4 -> 5: indexes that match the queries (issue 12).
    //
    // Every index of the store, and the query it serves (all in src/db/sqlite/):
    //   customers (key) UNIQUE               find_customer, every `c.key = ?` filter
    //   contacts (customer_id, name) UNIQUE  contacts(), the name a contact is found by
    //   requests (customer_id, number) UNIQUE find_request (`sd request show KEY`)
    //   requests_by_due                      compliance (`slo report`) over a due range,
    //                                        late and missed lists (sql/reports.ipp); for one
    //                                        customer too, the customer read from the index
    //   requests_by_status_due               open lists of the whole desk and `request check`:
    //                                        list_requests with `status IN (...)`, ordered by due
    //   requests_by_customer_status_due      a customer's open list and check (`request list
    //                                        --customer X --open`): list_requests with `c.key = ?`
    //                                        and `status IN (...)`; without a status, its
    //                                        customer prefix serves `--customer X` alone
    //   requests_by_received                 a customer's intake report over a receipt range
    //   requests_by_received_at              the desk's intake report over a receipt range
    //   requests_by_customer_type            `slo metrics`: grouped by customer, tier and type
    //   request_fields (primary key)         load_fields: a request's fields in order
    //   request_events_by_request            request_events, status_events
    //   incidents (customer_id, number) UNIQUE find_incident
    //   incidents_by_status                  open incident lists and `incident check`
    //   incidents_by_received                the desk's incident reports over a receipt range
    //   incidents_by_customer                a customer's incident lists and reports
    //   incidents_by_follows                 `incident show`: the incidents that follow one
    //   incident_events_by_incident          incident_events
    //   customer_hosts (customer_id, host)   hosts(), removing a host
    //   customer_hosts (host) UNIQUE         customer_of_host (alert intake)
    //   alerts (delivery_key) UNIQUE         alert_delivered (a repeated delivery)
    //   alerts_by_identity                   the incident an alert's earlier firing opened
    //   alerts_by_incident                   alerts_of (`incident show`)
    //   hook_fired (primary key)             the hooks already fired for an incident
    //   idempotency_keys (primary key)       find_idempotency_key
    //   audit_by_entity                      `sd log KEY`: one entity, or a customer's ranges
    //                                        'KEY/'..'KEY0' and 'KEY-'..'KEY.' (sql/audit.ipp)
    //
    // Dropped: requests_by_customer_due (customer_id, due_at): a customer's
    // lists go through requests_by_customer_status_due, which leads with the
    // same column, and a customer's report over a due range through
    // requests_by_due, whose entries carry the customer; and
    // audit_by_at: `sd log --since` alone reads the log in id order, which
    // streams without a sort (with KEY it goes through audit_by_entity).
    // request_fields is keyed by (request_id, position) WITHOUT ROWID: the
    // table is its own index, in the order the fields are read, instead of a
    // rowid table plus an autoindex that held every row again. (A request's
    // field names are unique: the catalog's validation refuses a repeat.)
    R"sql(
CREATE TABLE request_fields_v5 (
  request_id INTEGER NOT NULL REFERENCES requests (id),
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (request_id, position)
) STRICT, WITHOUT ROWID;
INSERT INTO request_fields_v5 (request_id, position, name, value)
  SELECT request_id, position, name, value FROM request_fields;
DROP TABLE request_fields;
ALTER TABLE request_fields_v5 RENAME TO request_fields;
DROP INDEX requests_by_customer_due;
CREATE INDEX requests_by_customer_status_due ON requests (customer_id, status, due_at);
DROP INDEX audit_by_at;
)sql",
    // 5 → 6: configuration items (config_item.hpp) and the links between
    // them. A name is unique across the desk, like a host. The type is
    // checked by sd, not here, so that the list of types can grow without
    // a migration; status and relation are fixed words. A link joins two
    // CIs of one customer, never a CI to itself, and never closes a cycle:
    // the store holds the first two, the service all three, and `sd db
    // check` reports any that break them.
    //   config_items (name) UNIQUE           find_config_item (`sd ci show NAME`,
    //                                        a ticket's host, alert intake)
    //   config_items_by_customer             a customer's CIs in name order
    //   ci_links (from_id, relation, to_id) UNIQUE  a CI's links out, a repeat
    //   ci_links_by_to                       a CI's links in (`sd ci show`)
    R"sql(
CREATE TABLE config_items (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  name        TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('planned', 'active', 'maintenance', 'retired')),
  description TEXT NOT NULL,
  version     TEXT NOT NULL,
  location    TEXT NOT NULL,
  component   TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX config_items_by_customer ON config_items (customer_id, name);
CREATE TABLE ci_links (
  id         INTEGER PRIMARY KEY,
  from_id    INTEGER NOT NULL REFERENCES config_items (id),
  relation   TEXT NOT NULL CHECK (relation IN ('depends-on', 'runs-on', 'part-of')),
  to_id      INTEGER NOT NULL REFERENCES config_items (id),
  created_at INTEGER NOT NULL,
  CHECK (from_id <> to_id),
  UNIQUE (from_id, relation, to_id)
) STRICT;
CREATE INDEX ci_links_by_to ON ci_links (to_id);
)sql",
    // 6 -> 7: problems (PRB-n, one sequence for the desk), the tickets each
    // is linked to, and their history (white paper §5.3.2).
    //   problems (number) UNIQUE             find_problem (`sd problem show PRB-n`),
    //                                        next_problem_number
    //   problem_tickets (primary key)        a problem's tickets (each_problem, show)
    //   problem_tickets_by_ticket            `sd request|incident show`: a ticket's problems
    //   problem_events_by_problem            problem_events
    R"sql(
CREATE TABLE problems (
  id             INTEGER PRIMARY KEY,
  number         INTEGER NOT NULL UNIQUE,
  title          TEXT NOT NULL,
  priority       TEXT NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
  category       TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('open', 'known-error', 'resolved', 'closed')),
  details        TEXT NOT NULL,
  root_cause     TEXT NOT NULL,
  workaround     TEXT NOT NULL,
  resolution     TEXT NOT NULL,
  escalated_to   TEXT NOT NULL,
  root_cause_at  INTEGER,
  workaround_at  INTEGER,
  known_error_at INTEGER,
  resolved_at    INTEGER,
  closed_at      INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE problem_tickets (
  problem_id  INTEGER NOT NULL REFERENCES problems (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  number      INTEGER NOT NULL,
  PRIMARY KEY (problem_id, customer_id, number)
) STRICT, WITHOUT ROWID;
CREATE INDEX problem_tickets_by_ticket ON problem_tickets (customer_id, number);

CREATE TABLE problem_events (
  id         INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems (id),
  at         INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  kind       TEXT NOT NULL,
  data       TEXT NOT NULL,
  note       TEXT NOT NULL
) STRICT;
CREATE INDEX problem_events_by_problem ON problem_events (problem_id, id);
)sql",
    // 7 -> 8: changes (CHG-n, one sequence for the desk), the CIs each
    // changes, and their history (white paper §5.4.7). A change belongs to
    // one customer; the request it was made from is a number of that
    // customer's (from_number), with its type and tier as they were. The
    // attributes its CIs get when it succeeds are a JSON array of
    // [attribute, value] pairs (sets). The rules of its states are sd's;
    // the store holds the words and that a window ends after it starts.
    //   changes (number) UNIQUE              find_change (`sd change show CHG-n`),
    //                                        next_change_number
    //   changes_by_request                   `sd request show`: the changes made from it
    //   change_cis (primary key)             a change's CIs (each_change, show)
    //   change_cis_by_ci                     `sd change list --ci`
    //   change_events_by_change              change_events
    R"sql(
CREATE TABLE changes (
  id             INTEGER PRIMARY KEY,
  number         INTEGER NOT NULL UNIQUE,
  customer_id    INTEGER NOT NULL REFERENCES customers (id),
  title          TEXT NOT NULL,
  risk           TEXT NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  impact         TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('draft', 'assessed', 'approved', 'rejected', 'scheduled',
                   'implementing', 'succeeded', 'failed', 'rolled-back', 'reviewed', 'closed')),
  from_number    INTEGER,
  from_type      TEXT NOT NULL,
  from_tier      TEXT,
  sets           TEXT NOT NULL,
  procedure_text TEXT NOT NULL,
  rollback_plan  TEXT NOT NULL,
  pretest        TEXT NOT NULL,
  plan_review    TEXT NOT NULL,
  approved_by    TEXT NOT NULL,
  rejection      TEXT NOT NULL,
  failure        TEXT NOT NULL,
  rollback_note  TEXT NOT NULL,
  review         TEXT NOT NULL,
  goal_met       INTEGER CHECK (goal_met IN (0, 1)),
  start_at       INTEGER,
  end_at         INTEGER,
  assessed_at    INTEGER,
  approved_at    INTEGER,
  rejected_at    INTEGER,
  scheduled_at   INTEGER,
  started_at     INTEGER,
  succeeded_at   INTEGER,
  failed_at      INTEGER,
  rolled_back_at INTEGER,
  reviewed_at    INTEGER,
  closed_at      INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  CHECK (end_at > start_at)
) STRICT;
CREATE INDEX changes_by_request ON changes (customer_id, from_number) WHERE from_number IS NOT NULL;

CREATE TABLE change_cis (
  change_id INTEGER NOT NULL REFERENCES changes (id),
  ci_id     INTEGER NOT NULL REFERENCES config_items (id),
  PRIMARY KEY (change_id, ci_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX change_cis_by_ci ON change_cis (ci_id);

CREATE TABLE change_events (
  id        INTEGER PRIMARY KEY,
  change_id INTEGER NOT NULL REFERENCES changes (id),
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  kind      TEXT NOT NULL,
  data      TEXT NOT NULL,
  note      TEXT NOT NULL
) STRICT;
CREATE INDEX change_events_by_change ON change_events (change_id, id);
)sql",
    // 8 -> 9: optimistic locking. Every change of a request or an incident moves
    // its version on by one, and is refused when the row is no longer at the
    // version its writer read (two engineers editing one ticket).
    R"sql(
ALTER TABLE requests ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE incidents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
)sql",
    // 9 -> 10: the audit log by actor. `sd undo` reads the actor's newest
    // entries and `sd log --actor` the actor's entries in id order; without
    // it both read the whole log (a second at a million entries) to find an
    // actor whose last change is far back, or who made none.
    R"sql(
CREATE INDEX audit_by_actor ON audit (actor, id);
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

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

std::string_view sqlite_migration(int step) { return kMigrations[step]; }

SqliteStore::SqliteStore(const std::string& path) : sql::Chain<Connection, SqliteDialect>::top(path, false) {
  conn_.exec("PRAGMA foreign_keys = ON");
}

int SqliteStore::migrate(bool fresh, bool create) {
  auto app_id = pragma_int("application_id");
  auto version = pragma_int("user_version");
  // An SQLite file with nothing in it yet is no store: only init sets one up.
  if (app_id == 0 && version == 0 && !create && fresh_or_empty(fresh))
    throw Error(Exit::no_input, "no store at " + path() + " (an empty database); run 'sd init' to set it up");
  if (app_id != kApplicationId && !(app_id == 0 && version == 0 && fresh_or_empty(fresh)))
    throw Error(Exit::config, "store: " + path() + " is not an sd store");
  // Marked as sd's and holding tables, yet at version 0: the version was
  // reset, and migrating from 0 would fail or, worse, half succeed.
  if (app_id == kApplicationId && version <= 0 && !fresh_or_empty(fresh))
    throw Error(Exit::config, "store: " + path() + " has schema version " + std::to_string(version) +
                                  " but holds sd's tables (its user_version was reset); see 'sd db check'");
  if (version > kSchemaVersion)
    throw Error(Exit::config, "store: " + path() + " has schema version " +
                                  std::to_string(version) + ", newer than this sd knows (" +
                                  std::to_string(kSchemaVersion) + "); upgrade sd");
  if (version == 0) conn_.exec("PRAGMA journal_mode = WAL");
  for (auto v = version; v < kSchemaVersion; ++v) {
    // One transaction per step.
    Transaction tx(*this, Transaction::Mode::write);
    conn_.exec(kMigrations[v]);
    conn_.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    conn_.exec("PRAGMA user_version = " + std::to_string(v + 1));
    tx.commit();
  }
  // The planner's statistics, taken after every migration (sd init
  // included): a migrated store has rows worth counting. Bounded, so that
  // a million rows take milliseconds; ANALYZE on empty tables records
  // nothing, and the planner keeps its defaults until the next migration.
  if (version < kSchemaVersion) conn_.exec("PRAGMA analysis_limit = 1000; ANALYZE");
  return static_cast<int>(version);
}

void SqliteStore::begin_write() { conn_.exec("BEGIN IMMEDIATE"); }
void SqliteStore::begin_read() { conn_.exec("BEGIN"); }
void SqliteStore::commit() { conn_.exec("COMMIT"); }
void SqliteStore::rollback() noexcept {
  if (!sqlite3_get_autocommit(conn_.raw())) sqlite3_exec(conn_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
}

std::int64_t SqliteStore::pragma_int(const std::string& name) {
  auto s = conn_.prepare("PRAGMA " + name);
  return s->step() ? s->int64(0) : 0;
}

bool SqliteStore::fresh_or_empty(bool fresh) {
  if (fresh) return true;
  auto s = conn_.prepare("SELECT count(*) FROM sqlite_schema");
  return s->step() && s->int64(0) == 0;
}

std::string SqliteStore::path() const {
  const char* p = sqlite3_db_filename(conn_.raw(), "main");
  return p ? p : "";
}

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
    auto store = std::make_unique<SqliteStore>(path);
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

std::unique_ptr<Store> open_sqlite_as_is(const std::string& path) {
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  if (!exists || (std::filesystem::file_size(path, ec) == 0 && !ec))
    throw Error(Exit::no_input, "no store at " + path + "; run 'sd init' to create it");
  return std::make_unique<SqliteStore>(path);
}

}  // namespace sd::db
