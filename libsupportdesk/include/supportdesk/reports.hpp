#pragma once
/// The desk's reports: the appendix 5 compliance table, the monthly service
/// report (§5.3.3) and Prometheus metrics. The store aggregates by the rules
/// of compliance.hpp; this names the periods, fills in the catalog and
/// shapes the results.
#include "supportdesk/report.hpp"
#include "supportdesk/service.hpp"

#include <optional>
#include <string>

namespace sd {

class Reports {
 public:
  explicit Reports(DeskContext& ctx) : ctx_(ctx) {}

  /// The desk's local month, year or date range as a period; a data Error
  /// naming `month`, `year` or `to` for one sd cannot report on.
  Period month_period(int year, unsigned month) const;
  Period year_period(int year) const;
  Period range_period(date::year_month_day from, date::year_month_day to) const;
  SloReport slo_report(const Period& period, const std::optional<std::string>& customer);
  ServiceReport service_report(const std::string& customer, int year, unsigned month);
  /// Prometheus text exposition (node_exporter textfile format).
  std::string metrics();

 private:
  DeskContext& ctx_;
};

}  // namespace sd
