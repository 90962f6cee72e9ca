// PostgreSQL: ticket numbers (the rest of the tickets role is shared, db/sql/tickets.ipp).
#include "db/postgres/store.hpp"

namespace sd::db::pg {

/// Gap-free and unique with many writers: the UPDATE locks the customer's
/// row (only that customer's) until the transaction ends, so a second
/// writer waits and then takes the next number; a rollback gives the number
/// back.
std::int64_t PgStore::take_ticket_number(std::int64_t customer_id) {
  auto s = conn_.prepare("UPDATE customers SET next_number = next_number + 1 WHERE id = ?1 RETURNING next_number - 1");
  s->bind(1, customer_id);
  if (!s->step()) throw Error(Exit::software, "store: no customer with id " + std::to_string(customer_id));
  return s->int64(0);
}

}  // namespace sd::db::pg
