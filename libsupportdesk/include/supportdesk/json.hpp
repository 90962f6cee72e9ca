#pragma once
/// The JSON forms of the desk's records, shared by --json output, hooks and
/// the audit log. Keys are snake_case, instants ISO 8601 in the desk's zone
/// with their offset, absent values null.
#include "supportdesk/calendar.hpp"
#include "supportdesk/compliance.hpp"
#include "supportdesk/incident.hpp"
#include "supportdesk/json_out.hpp"
#include "supportdesk/model.hpp"
#include "supportdesk/request.hpp"

#include <nlohmann/json.hpp>

namespace sd {

/// What a JSON form depends on: the desk's calendar (its zone, and business
/// time for a request's SLO clock), "now", and the incident policy.
struct JsonView {
  const Calendar* calendar = nullptr;
  Instant now{};
  IncidentPolicy policy{};
  std::string iso(Instant t) const;
  Json iso(const std::optional<Instant>& t) const;
};

Json to_json(const Customer& c, const JsonView& v);
Json to_json(const Contact& c);
Json to_json(const Request& r, const JsonView& v);
/// The same JSON as to_json(r, v), written straight into text.
void write_json(JsonOut& out, const Request& r, const JsonView& v);
Json to_json(const RequestEvent& e, const JsonView& v);
Json to_json(const AuditEvent& e, const JsonView& v);
void write_json(JsonOut& out, const AuditEvent& e, const JsonView& v);
Json to_json(const Incident& i, const JsonView& v);
void write_json(JsonOut& out, const Incident& i, const JsonView& v);
Json to_json(const IncidentEvent& e, const JsonView& v);
Json to_json(const Criterion& c);
Json to_json(const AlertRecord& a, const JsonView& v);
Json to_json(const InboxItem& item, const JsonView& v, bool with_payload);
Json to_json(const Obligation& o, const JsonView& v);

}  // namespace sd
