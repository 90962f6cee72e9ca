#pragma once
/// The desk: the operations commands perform, each one write transaction
/// with its audit events. It joins the domain rules (catalog, calendar,
/// request lifecycle) to the store; "now" and the actor are injected.
#include "supportdesk/calendar.hpp"
#include "supportdesk/catalog.hpp"
#include "supportdesk/model.hpp"
#include "supportdesk/request.hpp"
#include "supportdesk/store.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sd {

using Json = nlohmann::ordered_json;

struct CustomerEdit {
  std::optional<std::string> name;
  std::optional<std::string> plan;
  std::optional<std::string> tz;
};

struct ContactInput {
  std::string name, phone, email, role;
  std::optional<int> order;  ///< 1-based place in the call order; default last
};

struct ContactEdit {
  std::optional<std::string> name, phone, email, role;
};

struct NewRequest {
  std::string customer;
  std::string type;
  Fields fields;
  std::string title;
  std::string priority = "normal";
  std::optional<Instant> desired;
  std::string assignee = "MSP";
  std::string via = "backlog";
  std::string caller;
  std::optional<Instant> received_at;
  std::string details;
};

struct RequestEdit {
  Fields fields;  ///< fields to set (merged into the current ones, then rechecked)
  std::vector<std::string> unset;  ///< optional fields to remove
  std::optional<std::string> title;
  std::optional<std::string> details;
  std::optional<std::string> priority;
  std::optional<Instant> desired;
};

/// A request with its history, for show and explain.
struct RequestView {
  Request request;
  std::vector<RequestEvent> events;
  SloClock clock;
};

class Desk {
 public:
  Desk(Store& store, const Calendar& calendar, const Catalog& catalog, Instant now,
       std::string actor);

  // Customers and contacts.
  Customer add_customer(const std::string& key, const std::string& name, const std::string& plan,
                        const std::string& tz);
  Customer edit_customer(const std::string& key, const CustomerEdit& edit);
  Customer customer(const std::string& key);
  std::vector<Customer> customers();
  Contact add_contact(const std::string& key, const ContactInput& in);
  Contact edit_contact(const std::string& key, const std::string& who, const ContactEdit& edit);
  std::vector<Contact> contacts(const std::string& key);
  Contact remove_contact(const std::string& key, const std::string& who);
  /// Puts the named contacts first, in the given order; the rest follow in
  /// their present order.
  std::vector<Contact> reorder_contacts(const std::string& key, const std::vector<std::string>& who);

  // Requests.
  Request new_request(const NewRequest& in);
  Request act(const std::string& key, Action action, const std::string& note,
              const std::string& miss_reason);
  Request comment(const std::string& key, const std::string& text, bool internal);
  Request assign(const std::string& key, const std::string& assignee, const std::string& note);
  Request edit(const std::string& key, const RequestEdit& edit);
  /// Sets the date of a low-priority request (or moves a scheduled one): the
  /// SLO clock starts now if it had not.
  Request schedule(const std::string& key, Instant when, const std::string& priority,
                   const std::string& note);
  RequestView view(const std::string& key);
  std::vector<Request> list(const RequestFilter& filter);
  /// Recomputes cached due times from the events with the current calendar;
  /// returns the keys whose due time changed (all requests, or just `key`).
  std::vector<std::string> recompute(const std::optional<std::string>& key);

  // Audit.
  std::vector<AuditEvent> log(const AuditFilter& filter);

  SloClock clock(const Request& r) const { return slo_clock(r, calendar_, now_); }
  const Calendar& calendar() const { return calendar_; }
  Instant now() const { return now_; }

  // JSON forms, shared by --json output and the audit log.
  Json to_json(const Customer& c) const;
  Json to_json(const Contact& c) const;
  Json to_json(const Request& r) const;
  Json to_json(const RequestEvent& e) const;
  Json to_json(const AuditEvent& e) const;

 private:
  Customer must_customer(const std::string& key);
  Request must_request(const std::string& key);
  std::vector<Contact>::const_iterator find_contact(const std::vector<Contact>& list,
                                                    const std::string& who,
                                                    const std::string& key) const;
  void renumber(std::vector<Contact>& list);
  void audit(const std::string& entity, const std::string& action, const Json& before,
             const Json& after);
  void event(const Request& r, const std::string& kind, const std::string& from,
             const std::string& to, const std::string& note, bool internal = false);
  /// Saves the request after refreshing its pauses and cached due time.
  void save(Request& r, const Json& before, const std::string& action);
  std::string iso(Instant t) const;

  Store& store_;
  const Calendar& calendar_;
  const Catalog& catalog_;
  Instant now_;
  std::string actor_;
};

}  // namespace sd
