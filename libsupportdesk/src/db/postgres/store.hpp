#pragma once
// The PostgreSQL store: the store roles written once over a connection
// (db/sql/store.hpp, shared with SQLite, whose `?N` parameters the
// connection translates), and what is PostgreSQL's own. Its own members
// are defined in tickets.cpp (ticket numbers), check.cpp and dump.cpp, with
// the schema and migrations in schema.cpp; roles.cpp compiles the shared
// roles.
#include "db/postgres/connection.hpp"
#include "db/sql/store.hpp"
#include "supportdesk/data_export.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/store.hpp"
#include "supportdesk/time.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sd::db::pg {

/// Opens the PostgreSQL store at `conninfo` (see open_store()).
std::unique_ptr<Store> open_postgres(const std::string& conninfo, bool create, OpenReport* report);
/// Connects without checking or migrating, for check_store().
std::unique_ptr<Store> open_postgres_as_is(const std::string& conninfo);

/// SQLite's SQL of a schema step in PostgreSQL's (schema.cpp).
std::string to_postgres(std::string_view sqlite_sql);

/// PostgreSQL's SQL where the shared roles' (db/sql/) differs.
struct PgDialect {
  /// text_contains(): `column` contains `needle` (a parameter bound to
  /// fold_ascii_case() of the text). translate() of the 26 letters, not
  /// lower(), whose folding of other letters depends on the database's
  /// locale: the result is SQLite's on any cluster.
  static std::string contains(const std::string& column, const std::string& needle) {
    return "strpos(translate(" + column + ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), " + needle +
           ") > 0";
  }
  /// The values of `value` over the rows of `from_where`, in `order`, joined
  /// by spaces (NULL without rows): a correlated subquery.
  static std::string joined(const std::string& value, const std::string& from_where, const std::string& order) {
    return "(SELECT string_agg(" + value + ", ' ' ORDER BY " + order + ") FROM " + from_where + ")";
  }
  /// The text of `field` in the JSON object `column`; NULL when the column
  /// is not JSON (sd_json_field(), schema.cpp).
  static std::string json_field(const std::string& column, const std::string& field) {
    return "sd_json_field(" + column + ", '" + field + "')";
  }
  /// What makes writers take turns at the desk-wide sequence `name`: a lock
  /// held to the end of the transaction.
  static std::string sequence_lock(const std::string& name) {
    return "SELECT pg_advisory_xact_lock(hashtext('" + name + "'))";
  }
};

class PgStore final : public sql::Chain<Connection, PgDialect>::top {
 public:
  /// Connects to `conninfo` (a URI or key=value string, as libpq takes it).
  explicit PgStore(const std::string& conninfo);
  /// Checks the database holds an sd store (or, with `create`, nothing) and
  /// brings its schema up to date; returns the version it found.
  int migrate(bool create);

  void begin_write() override;
  void begin_read() override;
  void commit() override;
  void rollback() noexcept override;


  // TicketStore (tickets.cpp): the rest are shared (db/sql/tickets.ipp).
  std::int64_t take_ticket_number(std::int64_t customer_id) override;

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
  void end_dump_import() override;
  std::int64_t backup_to(const std::string& path, bool replace) override;

 private:
  /// The schema version recorded in sd_schema, or nullopt without that table.
  std::optional<int> stored_version();
  /// Tables in the schema other than sd's own.
  std::int64_t table_count();

  /// Inserts the rows held by insert_dump_row() in one statement.
  void flush_dump_rows();

  /// Rows insert_dump_row() holds, all of `held_table_`.
  std::vector<std::vector<DumpValue>> held_rows_;
  DumpTable held_table_;
};

}  // namespace sd::db::pg
