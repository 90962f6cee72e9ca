#pragma once
/// Where the store lives: an address chooses the backend. A
/// `postgresql://…` or `postgres://…` URI, or a libpq `service=NAME`
/// string, is a PostgreSQL database; anything else is the path of a SQLite
/// file. Credentials come the libpq way (~/.pgpass, PGPASSWORD, PGSERVICE,
/// pg_service.conf), never from sd's own configuration.
#include "supportdesk/store.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace sd::db {

/// True when `address` names a PostgreSQL database.
bool is_postgres_address(std::string_view address);
/// The address as it may be shown: a password in it replaced by `***`.
std::string shown_address(std::string_view address);
/// `address` with its store in the PostgreSQL schema `schema` (a name of
/// lower-case letters, digits and _, at most 63, not starting with a digit):
/// the libpq option `-csearch_path=schema` added to the URI or conninfo, so
/// that `sd init` creates the schema and every command then works in it.
/// An empty `schema` leaves `address` as it is. A data Error naming
/// pg_schema for a bad name, a SQLite address, or an address that sets
/// `options` itself.
std::string with_pg_schema(const std::string& address, std::string_view schema);
/// Opens the store at `address`, as open_sqlite() does a file: with
/// `create`, sets up a missing (SQLite) or empty (PostgreSQL) store and
/// migrates an older one; without, a missing store is a no_input Error.
std::unique_ptr<Store> open_store(const std::string& address, bool create, OpenReport* report = nullptr);
/// Opens the store at `address` as it is, for check_store().
std::unique_ptr<Store> open_store_as_is(const std::string& address);

}  // namespace sd::db
