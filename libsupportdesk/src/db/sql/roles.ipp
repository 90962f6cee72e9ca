// Every definition of the shared store roles (db/sql/store.hpp), for a
// backend's roles.cpp to instantiate (instantiate.ipp).
#include "db/sql/audit.ipp"
#include "db/sql/customers.ipp"
