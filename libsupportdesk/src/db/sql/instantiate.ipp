// Compiles the shared store roles (db/sql/store.hpp) for one backend:
// included once, at namespace scope, by that backend's roles.cpp after it
// has included roles.ipp and named its chain `ThisChain`.
template class sd::db::sql::Customers<ThisChain::base>;
template class sd::db::sql::Audit<ThisChain::customers>;
