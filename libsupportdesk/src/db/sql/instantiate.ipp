// Compiles the shared store roles (db/sql/store.hpp) for one backend:
// included once, at namespace scope, by that backend's roles.cpp after it
// has included roles.ipp and named its chain `ThisChain`.
template class sd::db::sql::CustomerRole<ThisChain::base>;
template class sd::db::sql::AuditRole<ThisChain::customers>;
template class sd::db::sql::TicketRole<ThisChain::audit>;
template class sd::db::sql::IncidentRole<ThisChain::tickets>;
template class sd::db::sql::AlertRole<ThisChain::incidents>;
template class sd::db::sql::ConfigItemRole<ThisChain::alerts>;
template class sd::db::sql::ReportRole<ThisChain::config_items>;
template class sd::db::sql::ProblemRole<ThisChain::reports>;
template class sd::db::sql::ChangeRole<ThisChain::problems>;
