#pragma once
// A desk over any store for service tests: the shipped catalog, the default
// calendar (Asia/Tokyo, 10:00-19:00, Japanese holidays) and the default
// incident policy, with "now" set per call.
#include "memory_store.hpp"
#include "supportdesk/config.hpp"
#include "supportdesk/customers.hpp"
#include "supportdesk/requests.hpp"
#include "supportdesk/desk.hpp"

#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace sd::test {

inline const Catalog& shipped_catalog() {
  static const Catalog cat = [] {
    std::string path = std::string(SD_SHARE_DIR) + "/catalog.json";
    return Catalog::parse(read_file(path, "catalog"), path);
  }();
  return cat;
}

inline const Calendar& tokyo_calendar() {
  static const Calendar cal{CalendarSettings{}};
  return cal;
}

inline Instant tokyo_at(const char* text) {
  return parse_instant(text, tokyo_calendar().zone(), Instant{}, "test");
}

/// The exit status and message of the sd::Error `f` throws; Exit::ok and ""
/// when it throws none.
inline std::pair<Exit, std::string> error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  return {Exit::ok, ""};
}

/// One desk: a store, and a context made anew for each instant.
struct Desk {
  explicit Desk(Store& s) : store(s) {}
  Store& store;
  std::unique_ptr<DeskContext> ctx;
  IncidentPolicy policy{};
  /// The context as of `when` (ISO or local time in Tokyo), acting as `who`.
  DeskContext& at(const char* when, const char* who = "tester") { return at(tokyo_at(when), who); }
  DeskContext& at(Instant when, const char* who = "tester") {
    ctx = std::make_unique<DeskContext>(store, tokyo_calendar(), shipped_catalog(), policy, when, who);
    return *ctx;
  }
};

/// A desk on a fresh memory store with one customer, ACME, added on
/// 2026-11-09 at 09:00: what most library tests start from.
struct AcmeDesk {
  MemoryStore store;
  Desk desk{store};
  explicit AcmeDesk(Plan plan = Plan::advanced, const char* name = "Acme 株式会社") {
    Customers(desk.at("2026-11-09T09:00")).add(NewCustomer{"ACME", name, plan, "", ""});
  }
  /// A backup request of ACME's (op add, host web01) taken at `when`; its key.
  std::string backup(const char* when) {
    NewRequest in;
    in.customer = "ACME";
    in.type = "backup";
    in.fields = {{"op", "add"}, {"host", "web01"}};
    return Requests(desk.at(when)).create(in).key();
  }
};

}  // namespace sd::test
