#pragma once
// The store tests on PostgreSQL: SD_TEST_PG is the libpq key=value conninfo
// of a server the tests may write to (tests/pg/server.sh starts one for
// ctest; scripts/pg-test-server.sh url prints it). Each fresh_pg_store()
// is a new store in a schema of its own, so test cases never meet. The
// cases are in the test suite "pg": `unit_tests -ts=pg` runs them (ctest's
// unit_pg), and the plain `unit` run leaves them out.
#include "supportdesk/store_address.hpp"

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>

namespace sd::test {

inline std::string pg_conninfo() {
  const char* v = std::getenv("SD_TEST_PG");
  return v ? v : "";
}

/// `conninfo` (key=value words) as a postgresql:// URI whose search path
/// starts with `schema`.
inline std::string pg_uri(const std::string& conninfo, const std::string& schema) {
  std::string uri = "postgresql://?";
  std::istringstream words(conninfo);
  for (std::string kv; words >> kv;) uri += kv + "&";
  return uri + "options=-csearch_path%3D" + schema;
}

/// A new, empty store on the test server; null without SD_TEST_PG.
inline std::unique_ptr<Store> fresh_pg_store() {
  if (pg_conninfo().empty()) return nullptr;
  static int n = 0;
  auto schema = "sdtest_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
  return db::open_store(pg_uri(pg_conninfo(), schema), true);
}

}  // namespace sd::test
