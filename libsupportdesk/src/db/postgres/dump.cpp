// PostgreSQL: the store as tables (DumpStore), for sd export, sd import and
// sd db copy. The tables, their order and their rows' order are SQLite's
// (db/dump_tables.hpp), and the columns come in the order the shared
// migrations made them, typed as SQLite types them (bigint an integer,
// bytea a blob, the rest text): the export of the same data is the same
// bytes from either store.
//
// Rows are read through a cursor, a thousand at a time, so memory stays
// flat at any size; they are inserted several hundred to a statement, a
// table at a time, and a statement that breaks a constraint is taken again
// row by row to say which row broke it.
#include "db/dump_tables.hpp"
#include "db/postgres/store.hpp"

#include <memory>
#include <set>

namespace sd::db::pg {

namespace {

constexpr Oid kInt8 = 20;
constexpr Oid kText = 25;
constexpr Oid kBytea = 17;
/// Rows fetched from the cursor at a time.
constexpr int kFetch = 1000;
/// Rows inserted in one statement (PostgreSQL takes at most 65535
/// parameters in one).
constexpr std::size_t kBatchRows = 500;
constexpr std::size_t kMaxParams = 65535;

std::string quoted_columns(const DumpTable& table) {
  std::string cols;
  for (const auto& c : table.columns) cols += (cols.empty() ? "\"" : ", \"") + c.name + "\"";
  return cols;
}

using Result = std::unique_ptr<PGresult, void (*)(PGresult*)>;

}  // namespace

int PgStore::dump_schema_version() { return stored_version().value_or(0); }

std::vector<DumpTable> PgStore::dump_tables() {
  std::vector<DumpTable> out;
  for (const auto& spec : table_specs()) {
    DumpTable t{spec.name, {}};
    auto s = conn_.prepare(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position");
    s->bind(1, spec.name);
    while (s->step()) {
      auto type = s->text(1);
      auto kind = type == "bigint"  ? DumpValue::Kind::integer
                  : type == "bytea" ? DumpValue::Kind::blob
                                    : DumpValue::Kind::text;
      t.columns.push_back(DumpColumn{s->text(0), kind});
    }
    if (t.columns.empty()) throw Error(Exit::config, "store: table " + t.name + " is missing; see 'sd db check'");
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> PgStore::undumped_tables() {
  std::set<std::string> listed;
  for (const auto& s : table_specs()) listed.insert(s.name);
  std::vector<std::string> out;
  // sd_schema holds the schema version, which the export's header carries.
  auto s = conn_.prepare(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'sd_schema' "
      "ORDER BY tablename COLLATE \"C\"");
  while (s->step()) {
    auto name = s->text(0);
    if (!listed.count(name)) out.push_back(name);
  }
  return out;
}

void PgStore::each_dump_row(const DumpTable& table, std::optional<Instant> since,
                            const std::function<void(const std::vector<DumpValue>&)>& visit) {
  const auto& spec = spec_of(table.name);
  {
    auto declare = conn_.prepare("DECLARE sd_dump NO SCROLL CURSOR FOR " +
                                 dump_select(spec, quoted_columns(table), since.has_value()));
    if (since) declare->bind(1, secs(*since));
    declare->run();
  }
  std::vector<DumpValue> row(table.columns.size());
  for (;;) {
    auto s = conn_.prepare("FETCH FORWARD " + std::to_string(kFetch) + " FROM sd_dump");
    int n = 0;
    while (s->step()) {
      ++n;
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        int col = static_cast<int>(i);
        auto& v = row[i];
        v.bytes.clear();
        v.integer = 0;
        if (s->is_null(col)) {
          v.kind = DumpValue::Kind::null;
        } else if (table.columns[i].type == DumpValue::Kind::integer) {
          v.kind = DumpValue::Kind::integer;
          v.integer = s->int64(col);
        } else if (table.columns[i].type == DumpValue::Kind::blob) {
          v.kind = DumpValue::Kind::blob;
          v.bytes = s->blob(col);
        } else {
          v.kind = DumpValue::Kind::text;
          v.bytes = s->text(col);
        }
      }
      visit(row);
    }
    if (n < kFetch) break;
  }
  conn_.exec("CLOSE sd_dump");
}

std::optional<std::string> PgStore::first_nonempty_table() {
  for (const auto& spec : table_specs()) {
    auto s = conn_.prepare(std::string("SELECT 1 FROM ") + spec.name + " LIMIT 1");
    if (s->step()) return std::string(spec.name);
  }
  return std::nullopt;
}

std::size_t PgStore::insert_dump_row(const DumpTable& table, const std::vector<DumpValue>& row) {
  spec_of(table.name);
  // The rows of the table before go in first.
  if (!held_rows_.empty() && held_table_.name != table.name) flush_dump_rows();
  held_rows_.push_back(row);
  if (held_rows_.size() == 1) held_table_ = table;
  auto limit = std::min(kBatchRows, kMaxParams / std::max<std::size_t>(1, table.columns.size()));
  if (held_rows_.size() >= limit) flush_dump_rows();
  return held_rows_.size();
}

void PgStore::flush_dump_rows() {
  if (held_rows_.empty()) return;
  const auto& table = held_table_;
  const auto ncols = table.columns.size();
  // Runs one INSERT of rows [first, first + count); the result, unchecked.
  auto insert = [&](std::size_t first, std::size_t count) {
    std::string sql = "INSERT INTO " + table.name + " (" + quoted_columns(table) + ") VALUES ";
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    std::vector<Oid> types;
    int at = 0;
    for (std::size_t r = first; r < first + count; ++r) {
      sql += r == first ? "(" : ", (";
      for (std::size_t c = 0; c < ncols; ++c) {
        sql += (c ? ", $" : "$") + std::to_string(++at);
        const auto& v = held_rows_[r][c];
        bool null = v.kind == DumpValue::Kind::null;
        switch (table.columns[c].type) {
          case DumpValue::Kind::integer: types.push_back(kInt8); break;
          case DumpValue::Kind::blob: types.push_back(kBytea); break;
          default: types.push_back(kText); break;
        }
        formats.push_back(table.columns[c].type == DumpValue::Kind::blob ? 1 : 0);
        values.push_back(null ? nullptr : v.kind == DumpValue::Kind::integer ? nullptr : v.bytes.data());
        lengths.push_back(null ? 0 : static_cast<int>(v.bytes.size()));
      }
      sql += ")";
    }
    // Integers as text, kept beside the pointers to them.
    std::vector<std::string> numbers;
    numbers.reserve(values.size());
    for (std::size_t k = 0; k < values.size(); ++k) {
      const auto& v = held_rows_[first + k / ncols][k % ncols];
      if (v.kind != DumpValue::Kind::integer) continue;
      numbers.push_back(std::to_string(v.integer));
      values[k] = numbers.back().c_str();
      lengths[k] = static_cast<int>(numbers.back().size());
    }
    return Result(libpq().PQexecParams(conn_.raw(), sql.c_str(), at, types.data(), values.data(), lengths.data(),
                               formats.data(), 0),
                  libpq().PQclear);
  };
  auto broke_constraint = [](const PGresult* res) {
    const char* state = libpq().PQresultErrorField(res, PG_DIAG_SQLSTATE);
    return state && std::string_view(state).starts_with("23");  // integrity_constraint_violation
  };
  auto why = [](const PGresult* res) {
    const char* m = libpq().PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    return std::string(m ? m : "constraint failed");
  };
  const auto count = held_rows_.size();
  if (count > 1) conn_.exec("SAVEPOINT sd_dump");
  auto res = insert(0, count);
  if (libpq().PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
    if (!broke_constraint(res.get())) throw_pg(conn_.raw(), res.get(), "INSERT INTO " + table.name);
    if (count == 1) throw DumpRowError(table.name, 0, why(res.get()));
    // Which row: the rows again, one at a time, up to the one that fails.
    auto batch_why = why(res.get());
    conn_.exec("ROLLBACK TO SAVEPOINT sd_dump");
    for (std::size_t r = 0; r < count; ++r) {
      auto one = insert(r, 1);
      if (libpq().PQresultStatus(one.get()) == PGRES_COMMAND_OK) continue;
      if (!broke_constraint(one.get())) throw_pg(conn_.raw(), one.get(), "INSERT INTO " + table.name);
      throw DumpRowError(table.name, r, why(one.get()));
    }
    throw DumpRowError(table.name, 0, batch_why);
  }
  if (count > 1) conn_.exec("RELEASE SAVEPOINT sd_dump");
  held_rows_.clear();
}

void PgStore::end_dump_import() {
  flush_dump_rows();
  // New records take the next id after the highest loaded, as in SQLite.
  std::vector<std::string> tables;
  {
    auto s = conn_.prepare(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_name = 'id' AND is_identity = 'YES'");
    while (s->step()) tables.push_back(s->text(0));
  }
  for (const auto& t : tables) {
    auto s = conn_.prepare("SELECT setval(pg_get_serial_sequence(?1, 'id'), max(id)) FROM " + t +
                           " HAVING max(id) IS NOT NULL");
    s->bind(1, t);
    s->run();
  }
}

std::int64_t PgStore::backup_to(const std::string&, bool) {
  throw Error(Exit::config,
              "store: sd db backup copies a SQLite store file; back up a PostgreSQL store with pg_dump, "
              "or copy it with 'sd db copy' or 'sd export'");
}

}  // namespace sd::db::pg
