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
