#pragma once
/// The audit log: who changed what, before and after.
#include "supportdesk/service.hpp"

#include <vector>

namespace sd {

class AuditLog {
 public:
  explicit AuditLog(DeskContext& ctx) : ctx_(ctx) {}
  /// Audit events, oldest first. A filter's entity (ACME, ACME-12, a
  /// ticket of either kind, or ACME/contact/3) must name something that exists.
  std::vector<AuditEvent> log(const AuditFilter& filter);

 private:
  DeskContext& ctx_;
};

}  // namespace sd
