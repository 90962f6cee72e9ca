#pragma once
// Both stores: customers and their contacts.
#include "db/sql/store.hpp"

namespace sd::db::sql {

template <class B>
std::optional<Customer> CustomerRole<B>::find_customer(const std::string& key) {
  auto s = conn_.prepare(
      "SELECT id, key, name, plan, tz, created_at, name_en FROM customers WHERE key = ?1");
  s->bind(1, key);
  if (!s->step()) return std::nullopt;
  return read_customer(*s);
}

template <class B>
std::vector<Customer> CustomerRole<B>::list_customers() {
  auto s = conn_.prepare("SELECT id, key, name, plan, tz, created_at, name_en FROM customers ORDER BY key");
  std::vector<Customer> out;
  while (s->step()) out.push_back(read_customer(*s));
  return out;
}

template <class B>
std::int64_t CustomerRole<B>::insert_customer(const Customer& c) {
  auto s = conn_.prepare(
      "INSERT INTO customers (key, name, plan, tz, created_at, name_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s->bind(1, c.key).bind(2, c.name).bind(3, to_string(c.plan)).bind(4, c.tz).bind(5, secs(c.created_at)).bind(6, c.name_en);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
void CustomerRole<B>::update_customer(const Customer& c) {
  auto s = conn_.prepare("UPDATE customers SET name = ?2, plan = ?3, tz = ?4, name_en = ?5 WHERE id = ?1");
  s->bind(1, c.id).bind(2, c.name).bind(3, to_string(c.plan)).bind(4, c.tz).bind(5, c.name_en);
  s->run();
}

template <class B>
std::vector<Contact> CustomerRole<B>::list_contacts(std::int64_t customer_id) {
  auto s = conn_.prepare(
      "SELECT id, customer_id, name, phone, email, role, position FROM contacts "
      "WHERE customer_id = ?1 ORDER BY position, id");
  s->bind(1, customer_id);
  std::vector<Contact> out;
  while (s->step()) {
    Contact c;
    c.id = s->int64(0);
    c.customer_id = s->int64(1);
    c.name = s->text(2);
    c.phone = s->text(3);
    c.email = s->text(4);
    c.role = s->text(5);
    c.position = s->int32(6);
    out.push_back(std::move(c));
  }
  return out;
}

template <class B>
std::int64_t CustomerRole<B>::insert_contact(const Contact& c) {
  auto s = conn_.prepare(
      "INSERT INTO contacts (customer_id, name, phone, email, role, position) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s->bind(1, c.customer_id).bind(2, c.name).bind(3, c.phone).bind(4, c.email).bind(5, c.role).bind(6, c.position);
  s->run();
  return conn_.last_insert_id();
}

template <class B>
void CustomerRole<B>::update_contact(const Contact& c) {
  auto s = conn_.prepare(
      "UPDATE contacts SET name = ?2, phone = ?3, email = ?4, role = ?5, position = ?6 "
      "WHERE id = ?1");
  s->bind(1, c.id).bind(2, c.name).bind(3, c.phone).bind(4, c.email).bind(5, c.role).bind(6, c.position);
  s->run();
}

template <class B>
void CustomerRole<B>::delete_contact(std::int64_t id) {
  auto s = conn_.prepare("DELETE FROM contacts WHERE id = ?1");
  s->bind(1, id);
  s->run();
}

}  // namespace sd::db::sql
