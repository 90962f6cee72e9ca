// The audit log.
#include "supportdesk/audit.hpp"

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

void AuditLog::each(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit) {
  read_transaction(ctx_.store, [&] {
    if (filter.entity) {
      // ACME, ACME-12 (a request or an incident), PRB-3 (a problem) or an
      // entity the log shows (ACME/contact/3): the customer, ticket or
      // problem must exist.
      const auto& e = *filter.entity;
      check_text(e, "key");
      auto slash = e.find('/');
      if (is_problem_key(e)) {
        if (!ctx_.store.find_problem(parse_problem_key(e)))
          throw not_found("problem: no problem " + e + " (see 'sd problem list')");
      } else if (slash != std::string::npos) {
        ctx_.must_customer(e.substr(0, slash));
      } else if (e.find('-') != std::string::npos) {
        auto [customer, number] = parse_ticket_key(e);
        if (!ctx_.store.find_request(customer, number) && !ctx_.store.find_incident(customer, number))
          throw not_found("ticket: no request " + e + ", and no incident by that key (see 'sd request list', "
                          "'sd incident list')");
      } else {
        ctx_.must_customer(e);
      }
    }
    ctx_.store.each_audit(filter, visit);
  });
}

}  // namespace sd
