#pragma once
/// The JSON forms of the desk's records, shared by --json output, hooks and
/// the audit log. One naming rule for all of them (sd(1), JSON): keys are
/// snake_case; an instant is ISO 8601 in the desk's zone with its offset,
/// under a key that is `at` or ends in `_at`; a duration is a whole number
/// of seconds under a key ending in `_seconds`; an absent value (an empty
/// text included) is null.
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

/// A text field's JSON: null when it is empty (absent), else the text.
Json text_or_null(const std::string& s);

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
