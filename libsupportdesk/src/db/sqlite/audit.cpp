// SQLite: the audit log.
#include "db/sqlite/store.hpp"

#include <algorithm>

namespace sd::db {

void SqliteStore::append_audit(const AuditEvent& e) {
  auto s = conn_.prepare(
      "INSERT INTO audit (at, actor, entity, action, before, after) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s->bind(1, secs(e.at)).bind(2, e.actor).bind(3, e.entity).bind(4, e.action).bind(5, e.before).bind(6, e.after);
  s->run();
}

std::vector<AuditEvent> SqliteStore::list_audit(const AuditFilter& f) {
  std::string sql = "SELECT id, at, actor, entity, action, before, after FROM audit WHERE 1 = 1";
  // A customer's entries include its contacts (ACME/...) and tickets (ACME-n).
  if (f.entity) sql += " AND (entity = ?1 OR entity LIKE ?2 ESCAPE '\\' OR entity LIKE ?5 ESCAPE '\\')";
  if (f.since) sql += " AND at >= ?3";
  // The newest N, returned oldest first.
  sql += f.limit ? " ORDER BY id DESC LIMIT ?4" : " ORDER BY id";
  auto s = conn_.prepare(sql);
  if (f.entity) {
    std::string like;
    for (char c : *f.entity) {
      if (c == '%' || c == '_' || c == '\\') like += '\\';
      like += c;
    }
    s->bind(1, *f.entity).bind(2, like + "/%").bind(5, like + "-%");
  }
  if (f.since) s->bind(3, secs(*f.since));
  if (f.limit) s->bind(4, static_cast<std::int64_t>(f.limit));
  std::vector<AuditEvent> out;
  while (s->step()) {
    AuditEvent e;
    e.id = s->int64(0);
    e.at = instant(s->int64(1));
    e.actor = s->text(2);
    e.entity = s->text(3);
    e.action = s->text(4);
    e.before = s->text(5);
    e.after = s->text(6);
    out.push_back(std::move(e));
  }
  if (f.limit) std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace sd::db
