#include "db/postgres/libpq.hpp"

#include "supportdesk/error.hpp"

#include <dlfcn.h>

#include <string>

namespace sd::db::pg {
namespace {

/// The soname of Debian's libpq5 (PostgreSQL's client library, ABI 5 since 8.0).
constexpr const char* kLibPq = "libpq.so.5";

LibPq load() {
  void* handle = dlopen(kLibPq, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    throw Error(Exit::config, std::string("store: a PostgreSQL store needs libpq (") + kLibPq +
                                       "), which could not be loaded: " + (why ? why : "unknown error") +
                                       "; install libpq5");
  }
  LibPq lib;
#define SD_LIBPQ_LOAD(name)                                                                              \
  lib.name = reinterpret_cast<decltype(lib.name)>(dlsym(handle, #name));                               \
  if (!lib.name) throw Error(Exit::config, std::string("store: ") + kLibPq + " lacks " #name);
  SD_LIBPQ_FUNCTIONS(SD_LIBPQ_LOAD)
#undef SD_LIBPQ_LOAD
  // The handle stays open for the life of the process: connections and
  // results may outlive any one store.
  return lib;
}

}  // namespace

const LibPq& libpq() {
  static const LibPq lib = load();
  return lib;
}

}  // namespace sd::db::pg
