// PostgreSQL: the store roles written once over a connection (db/sql/),
// compiled here for PostgreSQL's.
#include "db/postgres/store.hpp"
#include "db/sql/roles.ipp"

namespace {
using ThisChain = sd::db::sql::Chain<sd::db::pg::Connection, sd::db::pg::PgDialect>;
}  // namespace

#include "db/sql/instantiate.ipp"
