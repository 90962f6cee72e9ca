#pragma once
/// The audit log: who changed what, before and after.
#include "supportdesk/service.hpp"

#include <functional>
#include <vector>

namespace sd {

class AuditLog {
 public:
  explicit AuditLog(DeskContext& ctx) : ctx_(ctx) {}
  /// Audit events, oldest first. A filter's entity (ACME, ACME-12, a
  /// ticket of either kind, PRB-3, a problem, or ACME/contact/3) must name something that exists.
  std::vector<AuditEvent> log(const AuditFilter& filter);
  /// The same events, each handed to `visit` as it is read, so the log is
  /// never held whole.
  void each(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit);

 private:
  DeskContext& ctx_;
};

}  // namespace sd
