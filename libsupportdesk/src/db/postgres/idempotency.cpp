// PostgreSQL: idempotency keys, kept with the change they made.
#include "db/postgres/store.hpp"

namespace sd::db::pg {

std::optional<IdempotencyKey> PgStore::find_idempotency_key(const std::string& key) {
  auto s = conn_.prepare("SELECT key, entity, action, digest, created_at FROM idempotency_keys WHERE key = ?1");
  s->bind(1, key);
  if (!s->step()) return std::nullopt;
  return IdempotencyKey{s->text(0), s->text(1), s->text(2), s->text(3), instant(s->int64(4))};
}

void PgStore::insert_idempotency_key(const IdempotencyKey& k) {
  auto s = conn_.prepare(
      "INSERT INTO idempotency_keys (key, entity, action, digest, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  s->bind(1, k.key).bind(2, k.entity).bind(3, k.action).bind(4, k.digest).bind(5, secs(k.created_at));
  s->run();
}

}  // namespace sd::db::pg
