#pragma once
// The tables sd export writes and sd import loads, shared by both stores
// (db/sqlite/dump.cpp, db/postgres/dump.cpp), so that an export of the same
// data is the same bytes from either.
#include "supportdesk/error.hpp"

#include <string>
#include <vector>

namespace sd::db {

/// Rows of the customers that changed since ?1: added since, or named by
/// an audit entry since (the customer itself, KEY, or one of its contacts,
/// criteria and hosts, KEY/...). Every change to a customer is audited.
inline constexpr const char* kCustomersSince =
    "SELECT c.id FROM customers c WHERE c.created_at >= ?1 OR EXISTS (SELECT 1 FROM audit a "
    "WHERE a.at >= ?1 AND (a.entity = c.key OR (a.entity >= c.key || '/' AND a.entity < c.key || '0')))";

/// A table export writes: its name, its primary key (the order of its
/// rows) and which of its rows `--since` selects (?1: the instant).
struct TableSpec {
  const char* name;
  const char* order_by;
  std::string since;
};

/// Every table of the store, in the order export writes them and import
/// loads them (a row's parents first). THE list: a table added to the
/// schema must be added here, and dump_test.cpp fails until it is.
/// sd-export(1) states each table's --since rule as written here.
inline const std::vector<TableSpec>& table_specs() {
  static const std::vector<TableSpec> specs = {
      {"customers", "id", std::string("id IN (") + kCustomersSince + ")"},
      {"contacts", "id", std::string("customer_id IN (") + kCustomersSince + ")"},
      {"impact_criteria", "id", std::string("customer_id IN (") + kCustomersSince + ")"},
      {"customer_hosts", "customer_id, host", std::string("customer_id IN (") + kCustomersSince + ")"},
      {"requests", "id", "updated_at >= ?1"},
      {"request_fields", "request_id, position", "request_id IN (SELECT id FROM requests WHERE updated_at >= ?1)"},
      {"request_events", "id", "at >= ?1"},
      {"incidents", "id", "updated_at >= ?1"},
      {"incident_events", "id", "at >= ?1"},
      {"alerts", "id", "received_at >= ?1 OR incident_id IN (SELECT id FROM incidents WHERE updated_at >= ?1)"},
      {"hook_fired", "incident_id, obligation", "incident_id IN (SELECT id FROM incidents WHERE updated_at >= ?1)"},
      {"inbox", "id", "received_at >= ?1 OR placed_at >= ?1"},
      {"config_items", "id", "updated_at >= ?1"},
      {"ci_links", "id",
       "created_at >= ?1 OR from_id IN (SELECT id FROM config_items WHERE updated_at >= ?1) "
       "OR to_id IN (SELECT id FROM config_items WHERE updated_at >= ?1)"},
      {"problems", "id", "updated_at >= ?1"},
      {"problem_tickets", "problem_id, customer_id, number",
       "problem_id IN (SELECT id FROM problems WHERE updated_at >= ?1)"},
      {"problem_events", "id", "at >= ?1"},
      {"changes", "id", "updated_at >= ?1"},
      {"change_cis", "change_id, ci_id", "change_id IN (SELECT id FROM changes WHERE updated_at >= ?1)"},
      {"change_events", "id", "at >= ?1"},
      {"idempotency_keys", "key", "created_at >= ?1"},
      {"audit", "id", "at >= ?1"},
  };
  return specs;
}

inline const TableSpec& spec_of(const std::string& name) {
  for (const auto& s : table_specs())
    if (name == s.name) return s;
  throw Error(Exit::software, "store: no table " + name + " to export");
}

/// The SELECT of `spec`'s rows, `columns` (quoted, comma-separated) by
/// primary key; with `since`, only those ?1 selects.
inline std::string dump_select(const TableSpec& spec, const std::string& columns, bool since) {
  std::string sql = "SELECT " + columns + " FROM " + spec.name;
  if (since) sql += " WHERE " + spec.since;
  return sql + " ORDER BY " + spec.order_by;
}

}  // namespace sd::db
