#pragma once
// The schema's steps, shared by the stores: SQLite runs them as written
// (sqlite/schema.cpp), PostgreSQL translates each (postgres/schema.cpp), so
// both reach the same schema version by the same steps.
#include <string_view>

namespace sd::db {

/// Step `step` (0-based: from schema version `step` to `step + 1`) in
/// SQLite's SQL.
std::string_view sqlite_migration(int step);

}  // namespace sd::db
