// Choosing the store by its address (store_address.hpp).
#include "supportdesk/store_address.hpp"

#include "supportdesk/error.hpp"

#ifdef SD_WITH_POSTGRES
#include "db/postgres/store.hpp"
#endif

namespace sd::db {

bool is_postgres_address(std::string_view a) {
  return a.starts_with("postgresql://") || a.starts_with("postgres://") || a.starts_with("service=");
}

std::string shown_address(std::string_view address) {
#ifdef SD_WITH_POSTGRES
  if (is_postgres_address(address)) return pg::redact(address);
#endif
  return std::string(address);
}

std::string with_pg_schema(const std::string& address, std::string_view schema) {
  if (schema.empty()) return address;
  bool good = schema.size() <= 63 && !(schema[0] >= '0' && schema[0] <= '9');
  for (char c : schema) good = good && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!good)
    throw field_error("pg_schema", "'" + std::string(schema) +
                                       "' is not allowed; use lower-case letters, digits and _ (at most 63), "
                                       "not starting with a digit");
  if (!is_postgres_address(address))
    throw field_error("pg_schema", "names a PostgreSQL schema, and the store " + address + " is a SQLite file");
  bool uri = !address.starts_with("service=");
  // A conninfo's keys follow spaces; a URI's parameters follow ? or &.
  bool has_options = uri ? (address.find("?options=") != std::string::npos ||
                            address.find("&options=") != std::string::npos)
                         : (address.find(" options=") != std::string::npos ||
                            address.find(" options =") != std::string::npos);
  if (has_options)
    throw field_error("pg_schema", "the store's address sets options itself; give the schema there "
                                   "(options=-csearch_path=NAME) or here, not both");
  std::string s(schema);
  if (!uri) return address + " options=-csearch_path=" + s;
  return address + (address.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + s;
}

#ifndef SD_WITH_POSTGRES
namespace {
[[noreturn]] void no_postgres(std::string_view address) {
  throw Error(Exit::config, "store: " + shown_address(address) +
                                " is a PostgreSQL address, and this sd was built without PostgreSQL (SD_POSTGRES)");
}
}  // namespace
#endif

std::unique_ptr<Store> open_store(const std::string& address, bool create, OpenReport* report) {
  if (!is_postgres_address(address)) return open_sqlite(address, create, report);
#ifdef SD_WITH_POSTGRES
  return pg::open_postgres(address, create, report);
#else
  no_postgres(address);
#endif
}

std::unique_ptr<Store> open_store_as_is(const std::string& address) {
  if (!is_postgres_address(address)) return open_sqlite_as_is(address);
#ifdef SD_WITH_POSTGRES
  return pg::open_postgres_as_is(address);
#else
  no_postgres(address);
#endif
}

}  // namespace sd::db
