// SQLite: ticket numbers (the rest of the tickets role is shared, db/sql/tickets.ipp).
#include "db/sqlite/store.hpp"

namespace sd::db {

std::int64_t SqliteStore::take_ticket_number(std::int64_t customer_id) {
  std::int64_t n = 0;
  {
    auto s = conn_.prepare("SELECT next_number FROM customers WHERE id = ?1");
    s->bind(1, customer_id);
    if (!s->step()) throw Error(Exit::software, "store: no customer with id " + std::to_string(customer_id));
    n = s->int64(0);
  }
  auto u = conn_.prepare("UPDATE customers SET next_number = ?2 WHERE id = ?1");
  u->bind(1, customer_id).bind(2, n + 1);
  u->run();
  return n;
}

}  // namespace sd::db
