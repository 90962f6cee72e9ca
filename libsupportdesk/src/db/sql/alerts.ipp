#pragma once
// Both stores: impact criteria, hosts, alerts and the inbox.
#include "db/rules_sql.hpp"
#include "db/sql/store.hpp"

namespace sd::db::sql {

template <class B>
std::vector<Criterion> AlertRole<B>::list_criteria(std::int64_t customer_id) {
  auto s = conn_.prepare(
      "SELECT id, customer_id, matches, impact, note FROM impact_criteria "
      "WHERE customer_id = ?1 ORDER BY id");
  s->bind(1, customer_id);
  std::vector<Criterion> out;
  int pos = 0;
  while (s->step()) {
    Criterion c;
    c.id = s->int64(0);
    c.customer_id = s->int64(1);
    // One name=pattern a line.
    auto text = s->text(2);
    std::size_t start = 0;
    while (start < text.size()) {
      auto nl = text.find('\n', start);
      auto line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      auto eq = line.find('=');
      c.matches.emplace_back(line.substr(0, eq), line.substr(eq + 1));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    c.impact = parse_enum(impact_from(s->text(3)), "impact_criteria.impact");
    c.note = s->text(4);
    c.position = ++pos;
    out.push_back(std::move(c));
  }
  return out;
}

template <class B>
std::int64_t AlertRole<B>::insert_criterion(const Criterion& c) {
  std::string matches;
  for (const auto& [name, pattern] : c.matches) matches += (matches.empty() ? "" : "\n") + name + "=" + pattern;
  auto s = conn_.prepare(
      "INSERT INTO impact_criteria (customer_id, matches, impact, note) VALUES (?1, ?2, ?3, ?4)");
  s->bind(1, c.customer_id).bind(2, matches).bind(3, to_string(c.impact)).bind(4, c.note);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
void AlertRole<B>::delete_criterion(std::int64_t id) {
  auto s = conn_.prepare("DELETE FROM impact_criteria WHERE id = ?1");
  s->bind(1, id);
  s->run();
}

template <class B>
std::vector<std::pair<std::string, std::string>> AlertRole<B>::list_hosts( const std::optional<std::string>& customer_key) {
  auto s = conn_.prepare(
      "SELECT c.key, h.host FROM customer_hosts h JOIN customers c ON c.id = h.customer_id "
      "WHERE ?1 IS NULL OR c.key = ?1 ORDER BY c.key, h.host");
  if (customer_key) s->bind(1, *customer_key);
  std::vector<std::pair<std::string, std::string>> out;
  while (s->step()) out.emplace_back(s->text(0), s->text(1));
  return out;
}

template <class B>
void AlertRole<B>::insert_host(std::int64_t customer_id, const std::string& host) {
  auto s = conn_.prepare("INSERT INTO customer_hosts (customer_id, host) VALUES (?1, ?2)");
  s->bind(1, customer_id).bind(2, host);
  s->run();
}

template <class B>
void AlertRole<B>::delete_host(std::int64_t customer_id, const std::string& host) {
  auto s = conn_.prepare("DELETE FROM customer_hosts WHERE customer_id = ?1 AND host = ?2");
  s->bind(1, customer_id).bind(2, host);
  s->run();
}

template <class B>
std::optional<std::string> AlertRole<B>::host_owner(const std::string& host) {
  auto s = conn_.prepare(
      "SELECT c.key FROM customer_hosts h JOIN customers c ON c.id = h.customer_id "
      "WHERE h.host = ?1");
  s->bind(1, host);
  if (!s->step()) return std::nullopt;
  return s->text(0);
}

template <class B>
bool AlertRole<B>::has_alert_delivery(const std::string& delivery_key) {
  auto s = conn_.prepare("SELECT 1 FROM alerts WHERE delivery_key = ?1");
  s->bind(1, delivery_key);
  return s->step();
}

template <class B>
void AlertRole<B>::insert_alert(const AlertRecord& a) {
  auto s = conn_.prepare(
      "INSERT INTO alerts (incident_id, source, identity, firing, starts_at, ends_at, "
      "received_at, title, summary, host, labels, delivery_key) VALUES (?1, ?2, ?3, ?4, ?5, "
      "?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  s->bind(1, a.incident_id).bind(2, a.source).bind(3, a.identity).bind(4, a.firing ? 1 : 0)
      .bind(5, secs(a.starts_at)).bind(6, secs(a.ends_at)).bind(7, secs(a.received_at))
      .bind(8, a.title).bind(9, a.summary).bind(10, a.host).bind(11, a.labels)
      .bind(12, a.delivery_key);
  s->run();
}

template <class B>
std::vector<AlertRecord> AlertRole<B>::incident_alerts(std::int64_t incident_id) {
  auto s = conn_.prepare(
      "SELECT id, incident_id, source, identity, firing, starts_at, ends_at, received_at, "
      "title, summary, host, labels, delivery_key FROM alerts WHERE incident_id = ?1 "
      "ORDER BY id");
  s->bind(1, incident_id);
  std::vector<AlertRecord> out;
  while (s->step()) {
    AlertRecord a;
    a.id = s->int64(0);
    a.incident_id = s->int64(1);
    a.source = s->text(2);
    a.identity = s->text(3);
    a.firing = s->int64(4) != 0;
    a.starts_at = opt_instant(*s, 5);
    a.ends_at = opt_instant(*s, 6);
    a.received_at = read_instant(*s, 7);
    a.title = s->text(8);
    a.summary = s->text(9);
    a.host = s->text(10);
    a.labels = s->text(11);
    a.delivery_key = s->text(12);
    out.push_back(std::move(a));
  }
  return out;
}

template <class B>
std::optional<std::pair<std::string, std::int64_t>> AlertRole<B>::incident_for_alert( const std::string& source, const std::string& identity) {
  auto s = conn_.prepare(
      "SELECT c.key, i.number FROM alerts a JOIN incidents i ON i.id = a.incident_id "
      "JOIN customers c ON c.id = i.customer_id WHERE a.source = ?1 AND a.identity = ?2 "
      "ORDER BY i.id DESC LIMIT 1");
  s->bind(1, source).bind(2, identity);
  if (!s->step()) return std::nullopt;
  return std::make_pair(s->text(0), s->int64(1));
}

template <class B>
std::int64_t AlertRole<B>::insert_inbox(const InboxItem& item) {
  auto s = conn_.prepare(
      "INSERT INTO inbox (received_at, actor, format, customer, reason, payload, status, "
      "placed_at, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  s->bind(1, secs(item.received_at)).bind(2, item.actor).bind(3, item.format)
      .bind(4, item.customer).bind(5, item.reason).bind_blob(6, item.payload)
      .bind(7, item.status).bind(8, secs(item.placed_at)).bind(9, item.result);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
void AlertRole<B>::update_inbox(const InboxItem& item) {
  auto s = conn_.prepare(
      "UPDATE inbox SET reason = ?2, status = ?3, placed_at = ?4, result = ?5 WHERE id = ?1");
  s->bind(1, item.id).bind(2, item.reason).bind(3, item.status).bind(4, secs(item.placed_at))
      .bind(5, item.result);
  s->run();
}

template <class B>
std::optional<InboxItem> AlertRole<B>::find_inbox(std::int64_t id) {
  auto s = conn_.prepare(std::string(kInboxColumns) + " WHERE id = ?1");
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_inbox(*s);
}

template <class B>
void AlertRole<B>::each_inbox(bool all, const std::function<void(InboxItem&)>& visit) {
  auto s = conn_.prepare(std::string(kInboxColumns) +
                         (all ? " ORDER BY id" : " WHERE status = 'pending' ORDER BY id"));
  while (s->step()) {
    auto item = read_inbox(*s);
    visit(item);
  }
}

template <class B>
std::vector<std::pair<std::string, std::int64_t>> AlertRole<B>::pending_inbox_by_format() {
  auto s = conn_.prepare("SELECT format, count(*) FROM inbox WHERE status = 'pending' GROUP BY format ORDER BY format");
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (s->step()) out.emplace_back(s->text(0), s->int64(1));
  return out;
}

}  // namespace sd::db::sql
