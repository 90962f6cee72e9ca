#pragma once
/// Alert intake: monitoring payloads placed on incidents by the alert's
/// identity, its customer or its host's owner (a registered host, else the
/// customer of the CI of that name), judged by the customer's
/// impact criteria; what cannot be placed is kept whole in the inbox.
#include "supportdesk/alert.hpp"
#include "supportdesk/incidents.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sd {

/// What an ingest did with each alert.
struct IngestOutcome {
  std::string identity;
  std::string action;  ///< opened, attached, cleared, duplicate, reopened
  std::string key;     ///< the incident
};
struct IngestResult {
  std::vector<IngestOutcome> outcomes;
  std::optional<std::int64_t> inbox_id;  ///< set when kept in the inbox
  std::string reason;                     ///< why it was kept
};

/// A payload kept in the inbox with a firing alert in it (or one that could
/// not be read, which may hold one): its first notice is owed from when it
/// arrived, placed or not.
struct UnplacedAlert {
  InboxItem item;
  Obligation obligation;  ///< first-notification (slo), due as for an unjudged incident
  Urgency state = Urgency::ok;
};

class AlertIntake {
 public:
  /// `max_payload_bytes`: a larger payload is kept in the inbox unread.
  explicit AlertIntake(DeskContext& ctx, std::size_t max_payload_bytes = kMaxPayloadBytes)
      : ctx_(ctx), max_payload_bytes_(max_payload_bytes) {}

  /// Reads a payload (`format` unset: detected) and places each alert on an
  /// incident. A payload that cannot be parsed or placed is kept whole in
  /// the inbox (alerts that could be placed stay placed) and the result
  /// says why.
  IngestResult ingest(const std::string& payload, std::optional<AlertFormat> format,
                      const std::string& customer);
  /// Processes an inbox payload again; marks it placed when it succeeds.
  /// `format` unset: read it as it was kept; set to nullopt: detect it;
  /// else that format. `customer` "": the one kept with it.
  IngestResult retry(std::int64_t inbox_id, std::optional<std::optional<AlertFormat>> format,
                     const std::string& customer);
  std::vector<InboxItem> inbox(bool all);
  /// Visits the items of inbox(all), oldest first, one at a time as the
  /// store reads them (memory stays flat).
  void each_inbox(bool all, const std::function<void(const InboxItem&)>& visit);
  InboxItem inbox_item(std::int64_t inbox_id);
  /// Marks a pending inbox item as dealt with by hand (it is kept, never
  /// deleted), with why.
  InboxItem dismiss(std::int64_t inbox_id, const std::string& why);

  /// Pending inbox payloads that may hold a firing alert, oldest first. Each
  /// is at least due soon (an alert nobody can act on yet), and missed once
  /// the first notice's SLO has passed since it arrived.
  std::vector<UnplacedAlert> unplaced(std::chrono::seconds warn);

  // Impact criteria and hosts: what intake judges and places by.
  Criterion add_criterion(const std::string& key, const std::vector<std::string>& matches, Impact impact,
                          const std::string& note);
  std::vector<Criterion> criteria(const std::string& key);
  Criterion remove_criterion(const std::string& key, std::int64_t id);
  std::vector<std::string> add_hosts(const std::string& key, const std::vector<std::string>& hosts);
  std::vector<std::string> remove_hosts(const std::string& key, const std::vector<std::string>& hosts);
  std::vector<std::pair<std::string, std::string>> hosts(const std::optional<std::string>& key);

 private:
  /// Places the alerts of one payload; returns what was placed and, in
  /// `unplaced`, why any alert could not be.
  /// `received`: when the payload arrived, which starts the clock of any
  /// incident it opens (a retried payload keeps its arrival time).
  std::vector<IngestOutcome> place(const std::vector<Alert>& alerts, const std::string& customer,
                                   Instant received, std::vector<std::string>& unplaced,
                                   std::vector<HookEvent>& staged);
  /// Opens an incident for a firing alert (`follows`: the number of the
  /// customer's incident it follows, 0 for none).
  IngestOutcome open_incident(const Alert& a, AlertRecord& rec, const Json& alert_json, const Customer& cust,
                              Instant received, std::int64_t follows, std::vector<HookEvent>& staged);
  /// A new firing of the alert of a recovered incident: opens it again
  /// (RefireMode::reopen), owing a notice from `received`.
  IngestOutcome reopen(Incident inc, const Alert& a, AlertRecord& rec, const Json& alert_json, Instant received,
                       std::vector<HookEvent>& staged);
  DeskContext& ctx_;
  std::size_t max_payload_bytes_;
};

}  // namespace sd
