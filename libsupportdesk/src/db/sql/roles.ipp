// Every definition of the shared store roles (db/sql/store.hpp), for a
// backend's roles.cpp to instantiate (instantiate.ipp).
#include "db/sql/alerts.ipp"
#include "db/sql/audit.ipp"
#include "db/sql/changes.ipp"
#include "db/sql/config_items.ipp"
#include "db/sql/customers.ipp"
#include "db/sql/incidents.ipp"
#include "db/sql/problems.ipp"
#include "db/sql/reports.ipp"
#include "db/sql/tickets.ipp"
