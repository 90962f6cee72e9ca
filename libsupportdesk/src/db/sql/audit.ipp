#pragma once
// Both stores: the audit log, and idempotency keys kept with the change
// they made.
#include "db/sql/store.hpp"

#include <nlohmann/json.hpp>

namespace sd::db::sql {

template <class B>
void AuditRole<B>::append_audit(const AuditEvent& e) {
  auto s = conn_.prepare(
      "INSERT INTO audit (at, actor, entity, action, before, after) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s->bind(1, secs(e.at)).bind(2, e.actor).bind(3, e.entity).bind(4, e.action).bind(5, e.before).bind(6, e.after);
  s->run();
}

template <class B>
void AuditRole<B>::each_audit(const AuditFilter& f, const std::function<void(const AuditEvent&)>& each) {
  std::string sql = "SELECT id, at, actor, entity, action, before, after FROM audit WHERE 1 = 1";
  // A customer's entries include its contacts, hosts and criteria (ACME/...)
  // and its tickets (ACME-n): the entity itself and two ranges of the entity
  // index, 'ACME/' up to 'ACME0' and 'ACME-' up to 'ACME.' ('0' and '.' are
  // the bytes after '/' and '-'). A LIKE could not use the index.
  // An exact entity (a CI's ci/NAME) is that entity alone.
  if (f.entity && f.exact) sql += " AND entity = ?1";
  else if (f.entity) sql += " AND (entity = ?1 OR (entity >= ?2 AND entity < ?3) OR (entity >= ?4 AND entity < ?5))";
  if (f.since) sql += " AND at >= ?6";
  if (f.until) sql += " AND at < ?8";
  if (f.actor) sql += " AND actor = ?9";
  sql += " ORDER BY id";
  // The newest N, read oldest first: the store keeps only those N. (PostgreSQL
  // wants the subquery named.)
  if (f.limit) sql = "SELECT * FROM (" + sql + " DESC LIMIT ?7) AS newest ORDER BY id";
  auto s = conn_.prepare(sql);
  if (f.entity) {
    const auto& k = *f.entity;
    s->bind(1, k);
    if (!f.exact) s->bind(2, k + "/").bind(3, k + "0").bind(4, k + "-").bind(5, k + ".");
  }
  if (f.since) s->bind(6, secs(*f.since));
  if (f.until) s->bind(8, secs(*f.until));
  if (f.actor) s->bind(9, *f.actor);
  if (f.limit) s->bind(7, static_cast<std::int64_t>(f.limit));
  AuditEvent e;
  while (s->step()) {
    e.id = s->int64(0);
    e.at = read_instant(*s, 1);
    e.actor = s->text(2);
    e.entity = s->text(3);
    e.action = s->text(4);
    e.before = s->text(5);
    e.after = s->text(6);
    // Each is empty or a JSON object; anything else is damage.
    for (const auto* part : {&e.before, &e.after})
      if (!part->empty() && !nlohmann::json::accept(*part))
        throw Error(Exit::config, "store: audit." + std::string(part == &e.before ? "before" : "after") + " of entry " +
                                      std::to_string(e.id) + " is not JSON; the store is damaged (see 'sd db check')");
    each(e);
  }
}

template <class B>
std::optional<IdempotencyKey> AuditRole<B>::find_idempotency_key(const std::string& key) {
  auto s = conn_.prepare("SELECT key, entity, action, digest, created_at FROM idempotency_keys WHERE key = ?1");
  s->bind(1, key);
  if (!s->step()) return std::nullopt;
  return IdempotencyKey{s->text(0), s->text(1), s->text(2), s->text(3), instant(s->int64(4))};
}

template <class B>
void AuditRole<B>::insert_idempotency_key(const IdempotencyKey& k) {
  auto s = conn_.prepare(
      "INSERT INTO idempotency_keys (key, entity, action, digest, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  s->bind(1, k.key).bind(2, k.entity).bind(3, k.action).bind(4, k.digest).bind(5, secs(k.created_at));
  s->run();
}

}  // namespace sd::db::sql
