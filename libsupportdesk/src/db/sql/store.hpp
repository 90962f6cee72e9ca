#pragma once
// The store roles written once, over a connection: SQLite's
// (db/sqlite/connection.hpp) and PostgreSQL's (db/postgres/connection.hpp)
// share one interface (prepare, bind, step, int64, text, run, changes,
// last_insert_id, ...), and both take SQLite's `?N` parameters. Each role
// is a small class template over the one before it (a chain of mixins
// starting at Base, which holds the connection); a backend's store derives
// from Chain<Connection, Dialect>::top and adds what truly differs: opening
// and migrating, transactions, ticket numbers, its checks and dump. Where
// one statement differs by dialect, the Dialect struct of the backend
// (SqliteDialect, pg::PgDialect) gives its SQL text.
//
// The members are defined in the .ipp files beside this header and
// compiled once per backend, by explicit instantiation in that backend's
// roles.cpp (see instantiate.ipp).
#include "db/sql/rows.hpp"
#include "supportdesk/data_export.hpp"
#include "supportdesk/store.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sd::db::sql {

/// The connection the roles run on, and the backend's dialect.
template <class Conn, class D>
class Base : public Store, public DumpStore {
 public:
  using Connection = Conn;
  using Dialect = D;

 protected:
  template <class... A>
  explicit Base(A&&... args) : conn_(std::forward<A>(args)...) {}
  Conn conn_;
};

/// CustomerStore (customers.ipp).
template <class B>
class Customers : public B {
 public:
  using B::B;
  std::optional<Customer> find_customer(const std::string& key) override;
  std::vector<Customer> list_customers() override;
  std::int64_t insert_customer(const Customer& c) override;
  void update_customer(const Customer& c) override;
  std::vector<Contact> list_contacts(std::int64_t customer_id) override;
  std::int64_t insert_contact(const Contact& c) override;
  void update_contact(const Contact& c) override;
  void delete_contact(std::int64_t id) override;

 protected:
  using B::conn_;
};

/// AuditStore and IdempotencyStore (audit.ipp).
template <class B>
class Audit : public B {
 public:
  using B::B;
  void append_audit(const AuditEvent& e) override;
  void each_audit(const AuditFilter& f, const std::function<void(const AuditEvent&)>& each) override;
  std::optional<IdempotencyKey> find_idempotency_key(const std::string& key) override;
  void insert_idempotency_key(const IdempotencyKey& k) override;

 protected:
  using B::conn_;
};

/// The chain of roles over one backend's connection and dialect; a store
/// derives from `top`.
template <class Conn, class D>
struct Chain {
  using base = Base<Conn, D>;
  using customers = Customers<base>;
  using audit = Audit<customers>;
  using top = audit;
};

}  // namespace sd::db::sql
