#pragma once
// The SQLite store: the store roles written once over a connection
// (db/sql/store.hpp, shared with PostgreSQL), and what is SQLite's own.
// Its own members are defined in tickets.cpp (ticket numbers), check.cpp
// and dump.cpp (export, import and backup), with the schema and migrations
// in schema.cpp; roles.cpp compiles the shared roles.
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

/// SQLite's SQL where the shared roles' (db/sql/) differs.
struct SqliteDialect {
  /// text_contains(): `column` contains `needle` (a parameter bound to
  /// fold_ascii_case() of the text). SQLite's lower() folds the ASCII
  /// letters alone (it is not built with ICU), as fold_ascii_case() does.
  static std::string contains(const std::string& column, const std::string& needle) {
    return "instr(lower(" + column + "), " + needle + ") > 0";
  }
  /// The values of `value` over the rows of `from_where`, in `order`, joined
  /// by spaces (NULL without rows): a correlated subquery.
  static std::string joined(const std::string& value, const std::string& from_where, const std::string& order) {
    return "(SELECT group_concat(v, ' ') FROM (SELECT " + value + " AS v FROM " + from_where + " ORDER BY " + order +
           "))";
  }
  /// The text of `field` in the JSON object `column`; NULL when the column
  /// is not JSON.
  static std::string json_field(const std::string& column, const std::string& field) {
    return "CASE WHEN json_valid(" + column + ") THEN json_extract(" + column + ", '$." + field + "') END";
  }
  /// What makes writers take turns at the desk-wide sequence `name`: none
  /// here, as SQLite has one writer at a time.
  static std::string sequence_lock(const std::string&) { return {}; }
};

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
  void end_dump_import() override {}
  std::int64_t backup_to(const std::string& path, bool replace) override;

 private:
  std::int64_t pragma_int(const std::string& name);
  bool fresh_or_empty(bool fresh);
  std::string path() const;
};

}  // namespace sd::db
