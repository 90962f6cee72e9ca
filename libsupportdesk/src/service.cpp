#include "supportdesk/service.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/request.hpp"
#include "checks.hpp"

namespace sd {

DeskContext::DeskContext(Store& s, const Calendar& cal, const Catalog& cat, IncidentPolicy p,
                         Instant n, std::string a)
    : store(s), calendar(cal), catalog(cat), policy(p), now(n), actor(std::move(a)) {
  check_one_line(actor, "actor");
}

std::string DeskContext::iso(Instant t) const { return format_instant(t, calendar.zone()); }

void DeskContext::audit(const std::string& entity, const std::string& action, const Json& before,
                        const Json& after) {
  AuditEvent e;
  e.at = now;
  e.actor = actor;
  e.entity = entity;
  e.action = action;
  e.before = before.is_null() ? "" : before.dump();
  e.after = after.is_null() ? "" : after.dump();
  store.append_audit(e);
}

Customer DeskContext::must_customer(const std::string& key) {
  check_customer_key(key);
  auto c = store.find_customer(key);
  if (!c) throw not_found("customer: no customer " + key + " (see 'sd customer list')");
  return *c;
}

}  // namespace sd
