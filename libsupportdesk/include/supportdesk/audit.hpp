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
  /// ticket of either kind, PRB-3 (a problem), ACME/contact/3, ci/NAME, or a
  /// CI's bare name) must name something that exists. A customer or ticket
  /// key is taken as one when that customer or ticket exists; otherwise a
  /// CI's name (bare or as ci/NAME) selects that CI's entries alone (`exact`).
  std::vector<AuditEvent> log(const AuditFilter& filter);
  /// The same events, each handed to `visit` as it is read, so the log is
  /// never held whole.
  void each(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit);

 private:
  /// The filter with its entity checked, and a CI's name made its exact
  /// entity (inside the caller's transaction).
  AuditFilter resolved(const AuditFilter& filter);
  DeskContext& ctx_;
};

}  // namespace sd
