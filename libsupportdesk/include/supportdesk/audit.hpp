#pragma once
/// The audit log: who changed what, before and after.
#include "supportdesk/service.hpp"

#include <functional>
#include <initializer_list>
#include <vector>

namespace sd {

class AuditLog {
 public:
  explicit AuditLog(DeskContext& ctx) : ctx_(ctx) {}
  /// Audit events, oldest first. A filter's entity (ACME, ACME-12, a
  /// ticket of either kind, or ACME/contact/3) must name something that exists.
  std::vector<AuditEvent> log(const AuditFilter& filter);
  /// The same events, each handed to a pass as it is read, so the log is
  /// never held whole. Each pass reads the log again within one read
  /// transaction: all of them see the same entries (a table measures its
  /// columns in a first pass and prints in a second).
  using Pass = std::function<void(const AuditEvent&)>;
  void each(const AuditFilter& filter, std::initializer_list<Pass> passes);

 private:
  DeskContext& ctx_;
};

}  // namespace sd
