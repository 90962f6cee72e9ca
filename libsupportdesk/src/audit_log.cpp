// The audit log.
#include "supportdesk/audit.hpp"

#include "supportdesk/change.hpp"
#include "supportdesk/config_item.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/problem.hpp"
#include "supportdesk/request.hpp"
#include "supportdesk/text.hpp"
#include "checks.hpp"

namespace sd {

std::vector<AuditEvent> AuditLog::log(const AuditFilter& filter) {
  std::vector<AuditEvent> out;
  each(filter, [&](const AuditEvent& e) { out.push_back(e); });
  return out;
}

AuditFilter AuditLog::resolved(const AuditFilter& filter) {
  auto f = filter;
  if (!f.entity || f.exact) return f;
  // ACME, ACME-12 (a request or an incident), PRB-3 (a problem), CHG-2 (a
  // change), an entity
  // the log shows (ACME/contact/3, ci/web01), or a CI's bare name: what it names must
  // exist. A customer or ticket key is read as one first; a word that is
  // neither (or names none) and is a CI's name is that CI's entries alone.
  const std::string e = *f.entity;
  check_text(e, "key");
  auto ci_named = [&](const std::string& name) {
    if (!ctx_.store.find_config_item(name)) return false;
    f.entity = ci_entity(name);
    f.exact = true;
    return true;
  };
  if (e.rfind("ci/", 0) == 0) {
    if (!ci_named(e.substr(3))) throw Error(Exit::no_input, "key", "no CI named " + e.substr(3) + " (see 'sd ci list')");
  } else if (is_problem_key(e)) {
    if (!ctx_.store.find_problem(parse_problem_key(e)))
      throw not_found("problem: no problem " + e + " (see 'sd problem list')");
  } else if (is_change_key(e)) {
    if (!ctx_.store.find_change(parse_change_key(e)))
      throw not_found("change: no change " + e + " (see 'sd change list')");
  } else if (e.find('/') != std::string::npos) {
    ctx_.must_customer(e.substr(0, e.find('/')));
  } else if (e.find('-') != std::string::npos) {
    bool ticket = false;
    try {
      auto [customer, number] = parse_ticket_key(e);
      ticket = ctx_.store.find_request(customer, number) || ctx_.store.find_incident(customer, number);
    } catch (const Error&) {
      if (ci_named(e)) return f;
      throw;
    }
    if (!ticket && !ci_named(e))
      throw not_found("ticket: no request " + e + ", and no incident by that key (nor a CI by that name; see "
                      "'sd request list', 'sd incident list', 'sd ci list')");
  } else {
    bool key = true;
    try {
      check_customer_key(e);
    } catch (const Error&) {
      key = false;
    }
    if (key && ctx_.store.find_customer(e)) return f;
    if (ci_named(e)) return f;
    if (key) ctx_.must_customer(e);
    check_ci_name(e, "key");
    throw Error(Exit::no_input, "key", "no CI named " + e + ", and it is no customer key (see 'sd ci list')");
  }
  return f;
}

void AuditLog::each(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit) {
  if (filter.actor) {
    check_one_line(*filter.actor, "actor");
    if (filter.actor->empty()) throw field_error("actor", "must not be empty: give the name of who made the changes");
  }
  check_range(filter.since, filter.until, "since", "until");
  read_transaction(ctx_.store, [&] { ctx_.store.each_audit(resolved(filter), visit); });
}

}  // namespace sd
