#pragma once
/// Alert payloads from monitoring systems, read into one normalized form.
/// Pure parsing: no store, no I/O. Formats: Prometheus Alertmanager webhook
/// (version 4), Amazon CloudWatch alarms as SNS delivers them, the Datadog
/// webhook, PagerDuty Events API v2, and sd's own generic JSON (sd-alert(1)).
#include "supportdesk/time.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

enum class AlertFormat { alertmanager, cloudwatch, datadog, pagerduty, generic };
std::string_view to_string(AlertFormat f);
/// The format named `name`; nullopt for any other name.
std::optional<AlertFormat> alert_format_from(std::string_view name);

/// One alert, whatever system sent it.
struct Alert {
  AlertFormat source = AlertFormat::generic;
  /// What identifies the alert across deliveries: Alertmanager fingerprint,
  /// CloudWatch AlarmArn, Datadog alert cycle key (or alert id), PagerDuty
  /// dedup_key, generic `id`. Firing and resolved forms share it.
  std::string identity;
  bool firing = true;                ///< false: resolved / OK
  std::optional<Instant> starts_at;  ///< when the alert says it began
  std::optional<Instant> ends_at;    ///< when it says it ended (resolved ones)
  std::string title;                 ///< alertname, AlarmName, title, summary
  std::string summary;               ///< a one-line description
  std::string host;                  ///< instance / host / InstanceId, if any
  std::string check;                 ///< the check or alert name (alertname, metric...)
  std::string severity;              ///< as the source says it; may be empty
  std::string customer;              ///< a customer key from a label or tag, if any
  /// Every label, tag or dimension as text ("host", "check", "severity" and
  /// "customer" included when known), for impact criteria to match on.
  std::map<std::string, std::string> labels;
  /// What makes this delivery distinct: the same alert delivered twice has
  /// the same delivery key (identity + state + its start/end times).
  std::string delivery_key;
};

/// The deepest nesting of arrays and objects a payload may have (an SNS
/// Message's JSON counted on its own): real payloads nest a few levels, and
/// a limit keeps every step that walks the JSON from running out of stack.
constexpr std::size_t kMaxAlertDepth = 64;
/// The largest payload read by default, in bytes ([alerts] max_payload_bytes).
constexpr std::size_t kMaxPayloadBytes = 4 * 1024 * 1024;

/// Parses a payload. `format` nullopt means detect it. Throws a data Error
/// (exit 65) with a one-line reason when the text is larger than
/// `max_bytes` (it is not read then), not JSON, nested deeper than
/// kMaxAlertDepth, not a form sd knows, or lacks what identifies an alert.
std::vector<Alert> parse_alerts(std::string_view payload, std::optional<AlertFormat> format,
                                std::size_t max_bytes = kMaxPayloadBytes);

/// Detects the format of a parsed-able payload, or nullopt.
std::optional<AlertFormat> detect_alert_format(std::string_view payload);

}  // namespace sd
