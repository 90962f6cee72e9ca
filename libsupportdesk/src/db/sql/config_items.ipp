#pragma once
// Both stores: configuration items and their links.
#include "db/sql/store.hpp"

namespace sd::db::sql {

namespace detail {

inline constexpr const char* kCiColumns =
    "SELECT ci.id, ci.customer_id, c.key, ci.name, ci.type, ci.status, ci.description, ci.version, "
    "ci.location, ci.component, ci.created_at, ci.updated_at "
    "FROM config_items ci JOIN customers c ON c.id = ci.customer_id";

template <class Stmt>
ConfigItem read_ci(const Stmt& s) {
  ConfigItem ci;
  ci.id = s.int64(0);
  ci.customer_id = s.int64(1);
  ci.customer = s.text(2);
  ci.name = s.text(3);
  ci.type = s.text(4);
  ci.status = parse_enum(ci_status_from(s.text(5)), "config_items.status");
  ci.description = s.text(6);
  ci.version = s.text(7);
  ci.location = s.text(8);
  ci.component = s.text(9);
  ci.created_at = read_instant(s, 10);
  ci.updated_at = read_instant(s, 11);
  return ci;
}

inline constexpr const char* kLinkColumns =
    "SELECT l.id, l.from_id, l.to_id, a.name, b.name, ca.key, cb.key, l.relation, l.created_at "
    "FROM ci_links l JOIN config_items a ON a.id = l.from_id JOIN config_items b ON b.id = l.to_id "
    "JOIN customers ca ON ca.id = a.customer_id JOIN customers cb ON cb.id = b.customer_id";

template <class Stmt>
CiLink read_link(const Stmt& s) {
  CiLink l;
  l.id = s.int64(0);
  l.from_id = s.int64(1);
  l.to_id = s.int64(2);
  l.from = s.text(3);
  l.to = s.text(4);
  l.from_customer = s.text(5);
  l.to_customer = s.text(6);
  l.relation = parse_enum(ci_relation_from(s.text(7)), "ci_links.relation");
  l.created_at = read_instant(s, 8);
  return l;
}

inline constexpr const char* kLinkOrder = " ORDER BY a.name, l.relation, b.name";

}  // namespace detail

template <class B>
std::optional<ConfigItem> ConfigItemRole<B>::find_config_item(const std::string& name) {
  auto s = conn_.prepare(std::string(detail::kCiColumns) + " WHERE ci.name = ?1");
  s->bind(1, name);
  if (!s->step()) return std::nullopt;
  return detail::read_ci(*s);
}

template <class B>
std::int64_t ConfigItemRole<B>::insert_config_item(const ConfigItem& ci) {
  auto s = conn_.prepare(
      "INSERT INTO config_items (customer_id, name, type, status, description, version, location, component, "
      "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  s->bind(1, ci.customer_id).bind(2, ci.name).bind(3, ci.type).bind(4, to_string(ci.status)).bind(5, ci.description);
  s->bind(6, ci.version).bind(7, ci.location).bind(8, ci.component).bind(9, secs(ci.created_at));
  s->bind(10, secs(ci.updated_at));
  s->run();
  return conn_.last_insert_id();
}

template <class B>
void ConfigItemRole<B>::update_config_item(const ConfigItem& ci) {
  auto s = conn_.prepare(
      "UPDATE config_items SET type = ?2, status = ?3, description = ?4, version = ?5, location = ?6, "
      "component = ?7, updated_at = ?8 WHERE id = ?1");
  s->bind(1, ci.id).bind(2, ci.type).bind(3, to_string(ci.status)).bind(4, ci.description).bind(5, ci.version);
  s->bind(6, ci.location).bind(7, ci.component).bind(8, secs(ci.updated_at));
  s->run();
}

template <class B>
void ConfigItemRole<B>::each_config_item(const ConfigItemFilter& f, const std::function<void(ConfigItem&)>& visit) {
  std::string sql = std::string(detail::kCiColumns) + " WHERE 1 = 1";
  if (f.customer) sql += " AND c.key = ?1";
  if (f.type) sql += " AND ci.type = ?2";
  if (f.status) sql += " AND ci.status = ?3";
  sql += " ORDER BY c.key, ci.name";
  auto s = conn_.prepare(sql);
  if (f.customer) s->bind(1, *f.customer);
  if (f.type) s->bind(2, *f.type);
  if (f.status) s->bind(3, to_string(*f.status));
  while (s->step()) {
    auto ci = detail::read_ci(*s);
    visit(ci);
  }
}

template <class B>
std::vector<CiLink> ConfigItemRole<B>::list_ci_links(const std::optional<std::string>& customer_key) {
  std::string sql = detail::kLinkColumns;
  if (customer_key) sql += " WHERE ca.key = ?1";
  auto s = conn_.prepare(sql + detail::kLinkOrder);
  if (customer_key) s->bind(1, *customer_key);
  std::vector<CiLink> out;
  while (s->step()) out.push_back(detail::read_link(*s));
  return out;
}

template <class B>
std::vector<CiLink> ConfigItemRole<B>::ci_links_of(std::int64_t ci_id) {
  auto s = conn_.prepare(std::string(detail::kLinkColumns) + " WHERE l.from_id = ?1 OR l.to_id = ?1" + detail::kLinkOrder);
  s->bind(1, ci_id);
  std::vector<CiLink> out;
  while (s->step()) out.push_back(detail::read_link(*s));
  return out;
}

template <class B>
std::int64_t ConfigItemRole<B>::insert_ci_link(const CiLink& link) {
  auto s = conn_.prepare("INSERT INTO ci_links (from_id, relation, to_id, created_at) VALUES (?1, ?2, ?3, ?4)");
  s->bind(1, link.from_id).bind(2, to_string(link.relation)).bind(3, link.to_id).bind(4, secs(link.created_at));
  s->run();
  return conn_.last_insert_id();
}

template <class B>
void ConfigItemRole<B>::delete_ci_link(std::int64_t id) {
  auto s = conn_.prepare("DELETE FROM ci_links WHERE id = ?1");
  s->bind(1, id);
  s->run();
}

}  // namespace sd::db::sql
