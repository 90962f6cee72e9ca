// PostgreSQL: checking a whole store (sd db check). The database enforces
// what SQLite's integrity_check, foreign_key_check and the UTF-8 check look
// for (pages, references, encoding), so those are not run here; sd's own
// invariants are checked as in SQLite.
#include "db/postgres/store.hpp"
#include "supportdesk/text.hpp"
#include "supportdesk/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <utility>

namespace sd::db::pg {

namespace {

/// At most this many rows are named per column and check; the rest are counted.
constexpr std::int64_t kShown = 10;

using Problems = std::vector<StoreProblem>;

std::string quoted(const std::string& name) {
  std::string q = "\"";
  for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

/// A sane instant (one of the limits) in UTC; stored values are shown as
/// their seconds, which may be too large for any calendar.
std::string utc(Instant t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::string row(const std::string& table, const std::string& id) { return table + " row " + id; }

/// How a row is named: its id, or in a table without one its key,
/// `request_id.position`. `alias` prefixes the columns.
std::string row_key(const std::string& table, const std::string& alias = "") {
  if (table == "request_fields") return alias + "request_id || '.' || " + alias + "position";
  if (table == "problem_tickets")
    return alias + "problem_id || '.' || " + alias + "customer_id || '.' || " + alias + "number";
  if (table == "change_cis") return alias + "change_id || '.' || " + alias + "ci_id";
  if (table == "customer_hosts") return alias + "customer_id || '.' || " + alias + "host";
  if (table == "hook_fired") return alias + "incident_id || '.' || " + alias + "obligation";
  if (table == "idempotency_keys") return alias + "key";
  return alias + "id";
}

/// Tables, each with its columns and their declared types.
using Tables = std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>;

/// The store's tables and the columns of each with their declared types.
Tables columns(Connection& c) {
  Tables out;
  {
    auto s = c.prepare("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() "
                       "AND tablename <> 'sd_schema' ORDER BY tablename COLLATE \"C\"");
    while (s->step()) out.push_back({s->text(0), {}});
  }
  for (auto& [table, cols] : out) {
    auto s = c.prepare("SELECT column_name::text, CASE data_type WHEN 'bigint' THEN 'INTEGER' ELSE upper(data_type) END "
                       "FROM information_schema.columns WHERE table_schema = current_schema() "
                       "AND table_name = ?1 ORDER BY ordinal_position");
    s->bind(1, table);
    while (s->step()) cols.emplace_back(s->text(0), s->text(1));
  }
  return out;
}

/// A column that holds an instant: `at`, `…_at` or `clock_start`, INTEGER.
bool instant_column(const std::string& name, const std::string& type) {
  if (type != "INTEGER") return false;
  if (name == "at" || name == "clock_start") return true;
  return name.size() > 3 && name.compare(name.size() - 3, 3, "_at") == 0;
}

void more(Problems& out, const std::string& check, const std::string& where, std::int64_t count) {
  if (count > kShown)
    out.push_back({check, where, std::to_string(count - kShown) + " more rows like the above"});
}

/// The schema version: this sd's, or an older or newer one.
void check_marks(Connection& c, Problems& out, bool& current) {
  auto s = c.prepare("SELECT version FROM sd_schema");
  if (!s->step()) {
    out.push_back({"schema", "sd_schema", "holds no version"});
    return;
  }
  auto v = s->int64(0);
  current = v == kSchemaVersion;
  if (!current)
    out.push_back({"schema", "version", "is " + std::to_string(v) + ", this sd's is " +
                                            std::to_string(kSchemaVersion) + "; run 'sd init'"});
}

void check_ticket_numbers(Connection& c, Problems& out) {
  std::map<std::int64_t, std::vector<std::int64_t>> numbers;
  {
    auto s = c.prepare("SELECT customer_id, number FROM requests UNION ALL SELECT customer_id, number FROM incidents");
    while (s->step()) numbers[s->int64(0)].push_back(s->int64(1));
  }
  auto s = c.prepare("SELECT id, key, next_number FROM customers ORDER BY key");
  while (s->step()) {
    auto found = ticket_number_problems(s->text(1), numbers[s->int64(0)], s->int64(2));
    out.insert(out.end(), found.begin(), found.end());
  }
  // Problem numbers: one sequence for the desk, 1..n without a gap.
  std::vector<std::int64_t> problems;
  auto p = c.prepare("SELECT number FROM problems");
  while (p->step()) problems.push_back(p->int64(0));
  auto next = problems.empty() ? 1 : *std::max_element(problems.begin(), problems.end()) + 1;
  auto found = ticket_number_problems(std::string(kProblemPrefix), problems, next);
  out.insert(out.end(), found.begin(), found.end());
  // Change numbers likewise.
  std::vector<std::int64_t> changes;
  auto ch = c.prepare("SELECT number FROM changes");
  while (ch->step()) changes.push_back(ch->int64(0));
  next = changes.empty() ? 1 : *std::max_element(changes.begin(), changes.end()) + 1;
  found = ticket_number_problems(std::string(kChangePrefix), changes, next);
  out.insert(out.end(), found.begin(), found.end());
}

/// Customers whose key the desk keeps for its own records (PRB, CHG).
void check_reserved_keys(Connection& c, Problems& out) {
  auto s = c.prepare("SELECT key FROM customers ORDER BY key");
  while (s->step())
    if (reserved_customer_key(s->text(0)))
      out.push_back({"reserved_key", s->text(0),
                     "a customer has this key, which sd keeps for its own records (PRB-n problems, CHG-n "
                     "changes); its tickets' keys are taken for those"});
}

void check_orphans(Connection& c, Problems& out) {
  struct Link {
    const char* table;
    const char* column;
    const char* parent;
    const char* what;
  };
  const Link links[] = {{"request_events", "request_id", "requests", "request"},
                        {"request_fields", "request_id", "requests", "request"},
                        {"incident_events", "incident_id", "incidents", "incident"},
                        {"alerts", "incident_id", "incidents", "incident"},
                        {"hook_fired", "incident_id", "incidents", "incident"},
                        {"problem_events", "problem_id", "problems", "problem"},
                        {"change_events", "change_id", "changes", "change"}};
  for (const auto& l : links) {
    std::string table = l.table, column = l.column;
    auto key = row_key(table, "e.");
    auto s = c.prepare("SELECT " + key + ", e." + column + ", count(*) OVER () FROM " + table +
                       " e WHERE NOT EXISTS (SELECT 1 FROM " + l.parent + " t WHERE t.id = e." + column +
                       ") ORDER BY " + key + " LIMIT " + std::to_string(kShown));
    std::int64_t count = 0;
    while (s->step()) {
      count = s->int64(2);
      out.push_back({"orphan_event", row(table, s->text(0)),
                     std::string("its ") + l.what + " (id " + std::to_string(s->int64(1)) + ") is missing"});
    }
    more(out, "orphan_event", table, count);
  }
}

void check_instants(Connection& c, const StoreLimits& limits, const Tables& tables, Problems& out) {
  auto first = secs(limits.first), last = secs(limits.last);
  for (const auto& [table, cols] : tables) {
    for (const auto& [name, type] : cols) {
      if (!instant_column(name, type)) continue;
      auto col = quoted(name);
      auto key = row_key(table);
      auto s = c.prepare("SELECT " + key + ", " + col + ", count(*) OVER () FROM " + quoted(table) + " WHERE " + col +
                         " < ?1 OR " + col + " > ?2 ORDER BY " + key + " LIMIT " + std::to_string(kShown));
      s->bind(1, first).bind(2, last);
      std::int64_t count = 0;
      while (s->step()) {
        count = s->int64(2);
        out.push_back({"instant_range", table + "." + name + " row " + s->text(0),
                       std::to_string(s->int64(1)) + " seconds is outside the times sd stores (" + utc(limits.first) +
                           " to " + utc(limits.last) + ")"});
      }
      more(out, "instant_range", table + "." + name, count);
    }
  }
}

void check_audit(Connection& c, Problems& out) {
  auto s = c.prepare("SELECT id, before, after FROM audit ORDER BY id");
  std::int64_t count = 0;
  while (s->step()) {
    for (int col : {1, 2}) {
      auto text = s->raw_text(col);
      if (text.empty() || nlohmann::json::accept(text)) continue;
      if (++count <= kShown)
        out.push_back({"audit", "audit." + std::string(col == 1 ? "before" : "after") + " row " +
                                    std::to_string(s->int64(0)),
                       "is not JSON"});
    }
  }
  more(out, "audit", "audit", count);
}

/// The CIs and their links, judged by the rules every store shares
/// (config_item_problems()). Links whose CIs are missing are the foreign
/// key check's; only whole links are read here.
void check_config_items(Connection& c, Problems& out) {
  std::vector<ConfigItem> items;
  {
    auto s = c.prepare("SELECT id, name, type FROM config_items ORDER BY id");
    while (s->step()) {
      ConfigItem ci;
      ci.id = s->int64(0);
      ci.name = s->raw_text(1);
      ci.type = s->raw_text(2);
      items.push_back(std::move(ci));
    }
  }
  std::vector<CiLink> links;
  auto s = c.prepare(
      "SELECT l.id, l.from_id, l.to_id, a.name, b.name, coalesce(ca.key, 'customer id ' || a.customer_id), "
      "coalesce(cb.key, 'customer id ' || b.customer_id), l.relation "
      "FROM ci_links l JOIN config_items a ON a.id = l.from_id JOIN config_items b ON b.id = l.to_id "
      "LEFT JOIN customers ca ON ca.id = a.customer_id LEFT JOIN customers cb ON cb.id = b.customer_id "
      "ORDER BY l.id");
  while (s->step()) {
    CiLink l;
    l.id = s->int64(0);
    l.from_id = s->int64(1);
    l.to_id = s->int64(2);
    l.from = s->raw_text(3);
    l.to = s->raw_text(4);
    l.from_customer = s->raw_text(5);
    l.to_customer = s->raw_text(6);
    l.relation = ci_relation_from(s->raw_text(7)).value_or(CiRelation::depends_on);
    links.push_back(std::move(l));
  }
  auto found = config_item_problems(items, links);
  out.insert(out.end(), found.begin(), found.end());
}

/// What a change can break that the foreign keys do not see: a CI of
/// another customer among its CIs, and a request it was made from that its
/// customer does not have.
void check_changes(Connection& c, Problems& out) {
  auto s = c.prepare(
      "SELECT ch.number, ci.name, coalesce(cc.key, 'customer id ' || ci.customer_id), "
      "coalesce(k.key, 'customer id ' || ch.customer_id) FROM change_cis x JOIN changes ch ON ch.id = x.change_id "
      "JOIN config_items ci ON ci.id = x.ci_id LEFT JOIN customers cc ON cc.id = ci.customer_id "
      "LEFT JOIN customers k ON k.id = ch.customer_id WHERE ci.customer_id <> ch.customer_id "
      "ORDER BY ch.number, ci.name");
  while (s->step())
    out.push_back({"change", std::string(kChangePrefix) + "-" + std::to_string(s->int64(0)),
                   "changes CI " + s->raw_text(1) + " of " + s->raw_text(2) + ", not of its customer " +
                       s->raw_text(3)});
  auto r = c.prepare(
      "SELECT ch.number, coalesce(k.key, 'customer id ' || ch.customer_id), ch.from_number FROM changes ch "
      "LEFT JOIN customers k ON k.id = ch.customer_id WHERE ch.from_number IS NOT NULL AND NOT EXISTS "
      "(SELECT 1 FROM requests q WHERE q.customer_id = ch.customer_id AND q.number = ch.from_number) "
      "ORDER BY ch.number");
  while (r->step())
    out.push_back({"change", std::string(kChangePrefix) + "-" + std::to_string(r->int64(0)),
                   "was made from request " + r->raw_text(1) + "-" + std::to_string(r->int64(2)) +
                       ", which is missing"});
}

/// Runs one check; a failure of the check itself (a damaged file) is a problem too.
template <class F>
void run_check(const char* check, Problems& out, F&& body) {
  try {
    body();
  } catch (const Error& e) {
    out.push_back({check, "", std::string("could not be checked: ") + e.what()});
  }
}

}  // namespace

std::vector<StoreProblem> PgStore::check_store(const StoreLimits& limits) {
  Problems out;
  bool current = false;
  bool readable = true;
  try {
    check_marks(conn_, out, current);
  } catch (const Error& e) {
    out.push_back({"schema", "", std::string("could not be read: ") + e.what()});
    readable = false;
  }
  if (!readable) return out;
  // The domain's invariants need the columns of this sd's schema.
  if (!current) return out;
  run_check("ticket_number", out, [&] { check_ticket_numbers(conn_, out); });
  run_check("reserved_key", out, [&] { check_reserved_keys(conn_, out); });
  run_check("orphan_event", out, [&] { check_orphans(conn_, out); });
  run_check("config_item", out, [&] { check_config_items(conn_, out); });
  run_check("change", out, [&] { check_changes(conn_, out); });
  Tables tables;
  run_check("schema", out, [&] { tables = columns(conn_); });
  run_check("instant_range", out, [&] { check_instants(conn_, limits, tables, out); });
  run_check("audit", out, [&] { check_audit(conn_, out); });
  return out;
}

}  // namespace sd::db::pg
