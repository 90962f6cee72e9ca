// SQLite: the store roles written once over a connection (db/sql/),
// compiled here for SQLite's.
#include "db/sqlite/store.hpp"
#include "db/sql/roles.ipp"

namespace {
using ThisChain = sd::db::sql::Chain<sd::db::Connection, sd::db::SqliteDialect>;
}  // namespace

#include "db/sql/instantiate.ipp"
