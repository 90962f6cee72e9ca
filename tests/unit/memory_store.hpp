#pragma once
// An in-memory Store for unit tests of the services: every role over plain
// vectors, with transactions that restore a snapshot on rollback. Its
// report figures are computed record by record with the rules of
// compliance.hpp, so it doubles as the reference the SQL stores are held to
// (agreement_test.cpp).
#include "supportdesk/compliance.hpp"
#include "supportdesk/config_items.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/store.hpp"
#include "supportdesk/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace sd::test {

class MemoryStore final : public Store {
 public:
  // ---- Transactional ------------------------------------------------------
  void begin_write() override {
    if (busy_in_ > 0 && --busy_in_ == 0) throw Error(Exit::busy, "memory store: busy (a test asked for it)");
    begin();
    writing_ = true;
  }
  /// For tests of what a busy store leaves behind: the n-th write
  /// transaction from now on (1: the next) fails to begin, as SQLite's does
  /// when another writer holds the lock past the busy timeout.
  void busy_on_write(int n) { busy_in_ = n; }
  void begin_read() override {
    begin();
    writing_ = false;
  }
  /// For tests of what a conflict leaves behind: the next n write
  /// transactions fail when they commit, after their body ran, as
  /// PostgreSQL's do when it finds a deadlock or a serialization failure
  /// (the caller rolls back). Counts the commits it refused.
  void conflict_on_commit(int n) { conflicts_left_ = n; }
  int conflicts_thrown() const { return conflicts_thrown_; }
  void commit() override {
    if (!snapshot_) throw Error(Exit::software, "memory store: commit outside a transaction");
    if (writing_ && conflicts_left_ > 0) {
      --conflicts_left_;
      ++conflicts_thrown_;
      throw TransactionConflict("store is busy: a deadlock with another sd (memory store: a test asked for it)");
    }
    snapshot_.reset();
  }
  void rollback() noexcept override {
    if (snapshot_) data_ = *snapshot_;
    snapshot_.reset();
  }
  bool in_transaction() const { return snapshot_.has_value(); }

  // ---- CustomerStore --------------------------------------------------------
  std::optional<Customer> find_customer(const std::string& key) override {
    for (const auto& c : data_.customers)
      if (c.key == key) return c;
    return std::nullopt;
  }
  std::vector<Customer> list_customers() override {
    auto out = data_.customers;
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.key < b.key; });
    return out;
  }
  std::int64_t insert_customer(const Customer& c) override {
    auto copy = c;
    copy.id = ++data_.ids;
    data_.customers.push_back(copy);
    data_.next_number[copy.id] = 1;
    return copy.id;
  }
  void update_customer(const Customer& c) override { replace(data_.customers, c); }
  std::vector<Contact> list_contacts(std::int64_t customer_id) override {
    std::vector<Contact> out;
    for (const auto& c : data_.contacts)
      if (c.customer_id == customer_id) out.push_back(c);
    std::stable_sort(out.begin(), out.end(),
                     [](auto& a, auto& b) { return std::tie(a.position, a.id) < std::tie(b.position, b.id); });
    return out;
  }
  std::int64_t insert_contact(const Contact& c) override { return insert(data_.contacts, c); }
  void update_contact(const Contact& c) override { replace(data_.contacts, c); }
  void delete_contact(std::int64_t id) override { erase(data_.contacts, id); }

  // ---- TicketStore ------------------------------------------------------------
  std::int64_t take_ticket_number(std::int64_t customer_id) override { return data_.next_number[customer_id]++; }
  std::int64_t insert_request(const Request& r) override {
    auto copy = r;
    copy.pauses.clear();
    return insert(data_.requests, copy);
  }
  bool update_request(const Request& r) override {
    auto copy = r;
    copy.pauses.clear();
    return replace_version(data_.requests, copy);
  }
  std::optional<Request> find_request(const std::string& customer_key, std::int64_t number) override {
    for (const auto& r : data_.requests)
      if (r.customer == customer_key && r.number == number) return r;
    return std::nullopt;
  }
  std::vector<Request> requests_after(std::int64_t after_id, std::size_t limit) override {
    std::vector<Request> out;
    for (const auto& r : data_.requests)
      if (r.id > after_id && out.size() < limit) out.push_back(r);
    return out;
  }
  /// RequestFilter::grep: the title, the details or a comment's text.
  bool request_text_matches(const Request& r, const std::string& needle) const {
    if (text_contains(r.title, needle) || text_contains(r.details, needle)) return true;
    for (const auto& e : data_.request_events)
      if (e.request_id == r.id && e.kind == "comment" && text_contains(e.note, needle)) return true;
    return false;
  }
  /// IncidentFilter::grep: the title, the details or a comment's text.
  bool incident_text_matches(const Incident& i, const std::string& needle) const {
    if (text_contains(i.title, needle) || text_contains(i.details, needle)) return true;
    for (const auto& e : data_.incident_events)
      if (e.incident_id == i.id && e.kind == "comment" && text_contains(e.note, needle)) return true;
    return false;
  }
  void each_request(const RequestFilter& f, Parts parts, const RequestVisitor& visit) override {
    std::vector<Request> out;
    for (const auto& r : data_.requests) {
      if (f.customer && r.customer != *f.customer) continue;
      if (f.type && r.type != *f.type) continue;
      if (f.tier && r.tier != *f.tier) continue;
      if (f.priority && r.priority != *f.priority) continue;
      if (f.assignee && r.assignee != *f.assignee) continue;
      if (f.due_before && !(r.due_at && *r.due_at < *f.due_before)) continue;
      if (f.overdue_at && !request_overdue(r, *f.overdue_at)) continue;
      if (f.received_since && r.received_at < *f.received_since) continue;
      if (f.received_until && !(r.received_at < *f.received_until)) continue;
      if (f.grep && !request_text_matches(r, *f.grep)) continue;
      if (!f.statuses.empty() && std::find(f.statuses.begin(), f.statuses.end(), r.status) == f.statuses.end())
        continue;
      out.push_back(r);
    }
    std::stable_sort(out.begin(), out.end(), [](const Request& a, const Request& b) {
      return std::make_tuple(!a.due_at, a.due_at.value_or(Instant{}), a.customer, a.number) <
             std::make_tuple(!b.due_at, b.due_at.value_or(Instant{}), b.customer, b.number);
    });
    if (f.limit && out.size() > f.limit) out.resize(f.limit);
    std::vector<RequestEvent> events;
    for (auto& r : out) {
      if (!parts.fields) r.fields.clear();
      events.clear();
      if (parts.pause_events)
        for (const auto& e : data_.request_events)
          if (e.request_id == r.id && e.kind == "status" && (e.from == "waiting" || e.to == "waiting"))
            events.push_back(e);
      visit(r, events);
    }
  }
  std::int64_t insert_request_event(const RequestEvent& e) override { return insert(data_.request_events, e); }
  void delete_request_event(std::int64_t id) override { erase(data_.request_events, id); }
  std::vector<RequestEvent> request_events(std::int64_t request_id) override {
    std::vector<RequestEvent> out;
    for (const auto& e : data_.request_events)
      if (e.request_id == request_id) out.push_back(e);
    return out;
  }

  // ---- IncidentStore ------------------------------------------------------------
  std::int64_t insert_incident(const Incident& i) override { return insert(data_.incidents, i); }
  bool update_incident(const Incident& i) override { return replace_version(data_.incidents, i); }
  std::optional<Incident> find_incident(const std::string& customer_key, std::int64_t number) override {
    for (const auto& i : data_.incidents)
      if (i.customer == customer_key && i.number == number) return i;
    return std::nullopt;
  }
  void each_incident(const IncidentFilter& f, const std::function<void(Incident&)>& visit) override {
    std::vector<Incident> out;
    for (const auto& i : data_.incidents) {
      if (f.customer && i.customer != *f.customer) continue;
      if (f.impact && i.impact != *f.impact) continue;
      if (f.assignee && i.assignee != *f.assignee) continue;
      if (f.follows && i.follows != *f.follows) continue;
      if (f.received_since && i.received_at < *f.received_since) continue;
      if (f.received_until && !(i.received_at < *f.received_until)) continue;
      if (f.grep && !incident_text_matches(i, *f.grep)) continue;
      if (!f.statuses.empty() && std::find(f.statuses.begin(), f.statuses.end(), i.status) == f.statuses.end())
        continue;
      out.push_back(i);
    }
    std::stable_sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) {
      return std::tie(a.received_at, a.customer, a.number) < std::tie(b.received_at, b.customer, b.number);
    });
    if (f.limit && out.size() > f.limit) out.resize(f.limit);
    for (auto& i : out) visit(i);
  }
  std::int64_t insert_incident_event(const IncidentEvent& e) override { return insert(data_.incident_events, e); }
  std::vector<IncidentEvent> incident_events(std::int64_t incident_id) override {
    std::vector<IncidentEvent> out;
    for (const auto& e : data_.incident_events)
      if (e.incident_id == incident_id) out.push_back(e);
    return out;
  }
  bool mark_fired(std::int64_t incident_id, const std::string& obligation) override {
    return data_.fired.insert({incident_id, obligation}).second;
  }

  // ---- AlertStore --------------------------------------------------------------
  std::vector<Criterion> list_criteria(std::int64_t customer_id) override {
    std::vector<Criterion> out;
    int pos = 0;
    for (auto c : data_.criteria)
      if (c.customer_id == customer_id) {
        c.position = ++pos;
        out.push_back(c);
      }
    return out;
  }
  std::int64_t insert_criterion(const Criterion& c) override { return insert(data_.criteria, c); }
  void delete_criterion(std::int64_t id) override { erase(data_.criteria, id); }
  std::vector<std::pair<std::string, std::string>> list_hosts(const std::optional<std::string>& key) override {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [customer_id, host] : data_.hosts) {
      auto k = key_of(customer_id);
      if (!key || *key == k) out.emplace_back(k, host);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  void insert_host(std::int64_t customer_id, const std::string& host) override {
    data_.hosts.emplace_back(customer_id, host);
  }
  void delete_host(std::int64_t customer_id, const std::string& host) override {
    std::erase(data_.hosts, std::make_pair(customer_id, host));
  }
  std::optional<std::string> host_owner(const std::string& host) override {
    for (const auto& [customer_id, h] : data_.hosts)
      if (h == host) return key_of(customer_id);
    return std::nullopt;
  }
  bool has_alert_delivery(const std::string& key) override {
    return std::any_of(data_.alerts.begin(), data_.alerts.end(), [&](auto& a) { return a.delivery_key == key; });
  }
  void insert_alert(const AlertRecord& a) override { insert(data_.alerts, a); }
  std::vector<AlertRecord> incident_alerts(std::int64_t incident_id) override {
    std::vector<AlertRecord> out;
    for (const auto& a : data_.alerts)
      if (a.incident_id == incident_id) out.push_back(a);
    return out;
  }
  std::optional<std::pair<std::string, std::int64_t>> incident_for_alert(const std::string& source,
                                                                         const std::string& identity) override {
    std::optional<std::pair<std::string, std::int64_t>> best;
    std::int64_t best_id = 0;
    for (const auto& a : data_.alerts) {
      if (a.source != source || a.identity != identity) continue;
      for (const auto& i : data_.incidents)
        if (i.id == a.incident_id && i.id > best_id) {
          best_id = i.id;
          best = std::make_pair(i.customer, i.number);
        }
    }
    return best;
  }
  std::int64_t insert_inbox(const InboxItem& item) override { return insert(data_.inbox, item); }
  void update_inbox(const InboxItem& item) override { replace(data_.inbox, item); }
  std::optional<InboxItem> find_inbox(std::int64_t id) override {
    for (const auto& i : data_.inbox)
      if (i.id == id) return i;
    return std::nullopt;
  }
  void each_inbox(bool all, const std::function<void(InboxItem&)>& visit) override {
    for (auto i : data_.inbox)
      if (all || i.status == "pending") visit(i);
  }

  std::vector<std::pair<std::string, std::int64_t>> pending_inbox_by_format() override {
    std::map<std::string, std::int64_t> n;
    for (const auto& i : data_.inbox)
      if (i.status == "pending") ++n[i.format];
    return {n.begin(), n.end()};
  }

  // ---- ReportStore: record by record, by the rules -------------------------------
  std::vector<TypeCompliance> request_compliance(const ReportQuery& q) override {
    std::map<std::string, TypeCompliance> by_type;
    for (const auto& r : requests_in(q, [](const Request& r) { return r.due_at; })) {
      if (!counts_in_attainment(r)) continue;
      auto& t = by_type[r.type];
      t.type = r.type;
      ++t.due;
      switch (request_standing(r, q.now)) {
        case Standing::met: ++t.met; break;
        case Standing::missed:
          ++t.missed;
          if (request_overdue(r, q.now)) ++t.open_overdue;
          break;
        case Standing::pending: ++t.open; break;
        case Standing::unclocked: break;
      }
    }
    std::vector<TypeCompliance> out;
    for (auto& [k, t] : by_type) out.push_back(t);
    return out;
  }
  std::vector<IncidentCompliance> incident_compliance(const ReportQuery& q, const IncidentPolicy& p) override {
    std::map<std::string, IncidentCompliance> by;
    std::map<std::string, std::vector<std::int64_t>> delays;
    for (const auto& i : incidents_in(q)) {
      auto& c = by[std::string(to_string(i.impact))];
      c.impact = std::string(to_string(i.impact));
      ++c.count;
      if (i.first_notified_at) {
        ++c.notified;
        delays[c.impact].push_back((*i.first_notified_at - i.received_at).count());
      }
      c.slo_missed += first_notice_slo_missed(i, q.now, p);
      c.sla_missed += first_notice_sla_missed(i, q.now, p);
    }
    std::vector<IncidentCompliance> out;
    for (auto& [k, c] : by) {
      auto d = delays[k];
      std::sort(d.begin(), d.end());
      auto rank = [&](double fraction) -> std::optional<std::int64_t> {
        if (d.empty()) return std::nullopt;
        auto n = static_cast<std::int64_t>(std::ceil(fraction * static_cast<double>(d.size())));
        return d[static_cast<std::size_t>(std::max<std::int64_t>(n, 1) - 1)];
      };
      c.median_seconds = rank(0.5);
      c.p95_seconds = rank(0.95);
      out.push_back(c);
    }
    return out;
  }
  std::vector<std::pair<std::string, std::int64_t>> requests_received_by_type(const ReportQuery& q) override {
    std::map<std::string, std::int64_t> n;
    for (const auto& r : requests_in(q, [](const Request& r) { return std::optional<Instant>(r.received_at); }))
      ++n[r.type];
    std::vector<std::pair<std::string, std::int64_t>> out(n.begin(), n.end());
    std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.second > b.second; });
    return out;
  }
  std::vector<Instant> request_receipts(const ReportQuery& q) override {
    std::vector<Instant> out;
    for (const auto& r : requests_in(q, [](const Request& r) { return std::optional<Instant>(r.received_at); }))
      out.push_back(r.received_at);
    return out;
  }
  std::vector<Request> requests_received(const ReportQuery& q, const std::vector<Tier>& tiers) override {
    std::vector<Request> out;
    for (const auto& r : requests_in(q, [](const Request& r) { return std::optional<Instant>(r.received_at); }))
      if (std::find(tiers.begin(), tiers.end(), r.tier) != tiers.end()) out.push_back(r);
    std::stable_sort(out.begin(), out.end(),
                     [](auto& a, auto& b) { return std::tie(a.received_at, a.number) < std::tie(b.received_at, b.number); });
    return out;
  }
  std::vector<Request> escalated_requests(const ReportQuery& q) override {
    std::vector<Request> out;
    for (const auto& r : requests_received(q, {std::begin(kTiers), std::end(kTiers)}))
      if (!r.escalated_to.empty()) out.push_back(r);
    return out;
  }
  std::vector<Request> missed_requests(const ReportQuery& q) override {
    std::vector<Request> out;
    for (const auto& r : requests_in(q, [](const Request& r) { return r.due_at; }))
      if (request_standing(r, q.now) == Standing::missed && counts_in_attainment(r)) out.push_back(r);
    std::stable_sort(out.begin(), out.end(),
                     [](auto& a, auto& b) { return std::tie(a.due_at, a.number) < std::tie(b.due_at, b.number); });
    return out;
  }
  std::vector<Request> noted_requests(const ReportQuery& q) override {
    std::vector<Request> out;
    for (const auto& r : requests_in(q, [](const Request& r) { return r.due_at; }))
      if (noted_in_report(r, q.now)) out.push_back(r);
    std::stable_sort(out.begin(), out.end(),
                     [](auto& a, auto& b) { return std::tie(a.due_at, a.number) < std::tie(b.due_at, b.number); });
    return out;
  }
  std::vector<Incident> incidents_received(const ReportQuery& q, const std::string& impact) override {
    std::vector<Incident> out;
    for (const auto& i : incidents_in(q))
      if (impact.empty() || to_string(i.impact) == impact) out.push_back(i);
    return out;
  }
  std::vector<RequestMetric> request_metrics(Instant now) override {
    std::map<std::tuple<std::string, std::string, std::string>, RequestMetric> by;
    for (const auto& r : data_.requests) {
      auto tier = std::string(to_string(r.tier));
      auto& m = by[{r.customer, tier, r.type}];
      m.customer = r.customer;
      m.tier = tier;
      m.type = r.type;
      m.open += is_open(r.status);
      m.overdue += request_overdue(r, now);
      auto s = request_standing(r, now);
      m.met += s == Standing::met && counts_in_attainment(r);
      m.missed += s == Standing::missed && r.resolved_at.has_value() && counts_in_attainment(r);
    }
    std::vector<RequestMetric> out;
    for (auto& [k, m] : by) out.push_back(m);
    return out;
  }
  std::vector<IncidentMetric> incident_metrics(Instant now, const IncidentPolicy& p) override {
    std::map<std::pair<std::string, std::string>, IncidentMetric> by;
    for (const auto& i : data_.incidents) {
      auto impact = std::string(to_string(i.impact));
      auto& m = by[{i.customer, impact}];
      m.customer = i.customer;
      m.impact = impact;
      m.open += is_open(i.status);
      ++m.total;
      m.slo_missed += first_notice_slo_missed(i, now, p);
      m.sla_missed += first_notice_sla_missed(i, now, p);
    }
    std::vector<IncidentMetric> out;
    for (auto& [k, m] : by) out.push_back(m);
    return out;
  }

  // ---- ConfigItemStore ----------------------------------------------------------
  std::optional<ConfigItem> find_config_item(const std::string& name) override {
    for (const auto& ci : data_.config_items)
      if (ci.name == name) return with_customer(ci);
    return std::nullopt;
  }
  std::int64_t insert_config_item(const ConfigItem& ci) override {
    for (const auto& other : data_.config_items)
      if (other.name == ci.name) throw Error(Exit::software, "memory store: CI " + ci.name + " already stored");
    return insert(data_.config_items, ci);
  }
  void update_config_item(const ConfigItem& ci) override {
    for (auto& x : data_.config_items)
      if (x.id == ci.id) {
        auto keep = x;
        x = ci;
        x.name = keep.name;
        x.customer_id = keep.customer_id;
        x.created_at = keep.created_at;
      }
  }
  void each_config_item(const ConfigItemFilter& f, const std::function<void(ConfigItem&)>& visit) override {
    std::vector<ConfigItem> out;
    for (const auto& ci : data_.config_items) {
      auto x = with_customer(ci);
      if (f.customer && x.customer != *f.customer) continue;
      if (f.type && x.type != *f.type) continue;
      if (f.status && x.status != *f.status) continue;
      out.push_back(x);
    }
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return std::tie(a.customer, a.name) < std::tie(b.customer, b.name); });
    for (auto& x : out) visit(x);
  }
  std::vector<CiLink> list_ci_links(const std::optional<std::string>& customer_key) override {
    std::vector<CiLink> out;
    for (const auto& l : data_.ci_links) {
      auto x = with_names(l);
      if (!customer_key || x.from_customer == *customer_key) out.push_back(x);
    }
    sort_links(out);
    return out;
  }
  std::vector<CiLink> ci_links_of(std::int64_t ci_id) override {
    std::vector<CiLink> out;
    for (const auto& l : data_.ci_links)
      if (l.from_id == ci_id || l.to_id == ci_id) out.push_back(with_names(l));
    sort_links(out);
    return out;
  }
  std::int64_t insert_ci_link(const CiLink& link) override {
    for (const auto& l : data_.ci_links)
      if (l.from_id == link.from_id && l.to_id == link.to_id && l.relation == link.relation)
        throw Error(Exit::software, "memory store: link already stored");
    if (link.from_id == link.to_id) throw Error(Exit::software, "memory store: a link from a CI to itself");
    return insert(data_.ci_links, link);
  }
  void delete_ci_link(std::int64_t id) override { erase(data_.ci_links, id); }

  // ---- AuditStore ------------------------------------------------------------------
  std::optional<IdempotencyKey> find_idempotency_key(const std::string& key) override {
    auto it = data_.idempotency.find(key);
    if (it == data_.idempotency.end()) return std::nullopt;
    return it->second;
  }
  void insert_idempotency_key(const IdempotencyKey& k) override {
    if (!data_.idempotency.emplace(k.key, k).second)
      throw Error(Exit::software, "memory store: idempotency key " + k.key + " already stored");
  }

  void append_audit(const AuditEvent& e) override { insert(data_.audit, e); }
  void each_audit(const AuditFilter& f, const std::function<void(const AuditEvent&)>& each) override {
    std::vector<const AuditEvent*> out;
    for (const auto& e : data_.audit) {
      if (f.entity && !(e.entity == *f.entity || (!f.exact && (e.entity.rfind(*f.entity + "/", 0) == 0 ||
                                                               e.entity.rfind(*f.entity + "-", 0) == 0))))
        continue;
      if (f.since && e.at < *f.since) continue;
      if (f.until && !(e.at < *f.until)) continue;
      if (f.actor && e.actor != *f.actor) continue;
      out.push_back(&e);
    }
    if (f.limit && out.size() > f.limit) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(f.limit));
    for (const auto* e : out) each(*e);
  }

  // ---- ProblemStore ---------------------------------------------------------
  std::int64_t next_problem_number() override {
    std::int64_t n = 0;
    for (const auto& p : data_.problems) n = std::max(n, p.number);
    return n + 1;
  }
  std::int64_t insert_problem(const Problem& p) override {
    auto copy = p;
    copy.tickets.clear();
    return insert(data_.problems, copy);
  }
  void update_problem(const Problem& p) override {
    auto copy = p;
    copy.tickets.clear();
    replace(data_.problems, copy);
  }
  std::optional<Problem> find_problem(std::int64_t number) override {
    for (const auto& p : data_.problems)
      if (p.number == number) return with_tickets(p);
    return std::nullopt;
  }
  void each_problem(const ProblemFilter& f, const std::function<void(Problem&)>& visit) override {
    auto list = data_.problems;
    std::sort(list.begin(), list.end(), [](auto& a, auto& b) { return a.number < b.number; });
    for (const auto& raw : list) {
      auto p = with_tickets(raw);
      if (!f.statuses.empty() && std::find(f.statuses.begin(), f.statuses.end(), p.status) == f.statuses.end()) continue;
      if (f.known_error && !p.known_error()) continue;
      if (f.customer && std::none_of(p.tickets.begin(), p.tickets.end(), [&](const std::string& t) {
            return t.compare(0, f.customer->size() + 1, *f.customer + "-") == 0;
          }))
        continue;
      if (f.active_to && p.created_at >= *f.active_to) continue;
      if (f.active_from && p.closed_at && *p.closed_at < *f.active_from) continue;
      visit(p);
    }
  }
  bool link_ticket(std::int64_t problem_id, std::int64_t customer_id, std::int64_t number) override {
    return data_.problem_tickets.insert({problem_id, customer_id, number}).second;
  }
  bool unlink_ticket(std::int64_t problem_id, std::int64_t customer_id, std::int64_t number) override {
    return data_.problem_tickets.erase({problem_id, customer_id, number}) > 0;
  }
  std::vector<std::string> ticket_problems(std::int64_t customer_id, std::int64_t number) override {
    std::vector<std::int64_t> numbers;
    for (const auto& [problem_id, cust, n] : data_.problem_tickets)
      if (cust == customer_id && n == number)
        for (const auto& p : data_.problems)
          if (p.id == problem_id) numbers.push_back(p.number);
    std::sort(numbers.begin(), numbers.end());
    std::vector<std::string> out;
    for (auto n : numbers) out.push_back("PRB-" + std::to_string(n));
    return out;
  }
  std::int64_t insert_problem_event(const ProblemEvent& e) override { return insert(data_.problem_events, e); }
  std::vector<ProblemEvent> problem_events(std::int64_t problem_id) override {
    std::vector<ProblemEvent> out;
    for (const auto& e : data_.problem_events)
      if (e.problem_id == problem_id) out.push_back(e);
    return out;
  }
  /// Counted incident by incident, the plain way the SQL is held to.
  std::vector<TrendCount> incident_trend(const TrendQuery& q, TrendGroup group) override {
    std::map<std::string, TrendCount> by;
    for (const auto& i : data_.incidents) {
      if (i.received_at < q.from || i.received_at >= q.to) continue;
      if (q.customer && i.customer != *q.customer) continue;
      std::string value;
      if (group == TrendGroup::customer) value = i.customer;
      else if (group == TrendGroup::host) value = i.host;
      else if (group == TrendGroup::ci) {
        if (auto ci = ci_for_host(*this, i.host, i.customer)) value = ci->name;
      } else {
        const AlertRecord* first = nullptr;
        for (const auto& a : data_.alerts)
          if (a.incident_id == i.id && (!first || a.id < first->id)) first = &a;
        if (first && nlohmann::json::accept(first->labels)) {
          auto labels = nlohmann::json::parse(first->labels);
          if (labels.is_object() && labels.contains("check") && labels["check"].is_string())
            value = labels["check"].get<std::string>();
        }
      }
      if (value.empty()) continue;
      auto& c = by[value];
      if (c.incidents == 0 || i.received_at < c.first) c.first = i.received_at;
      if (c.incidents == 0 || i.received_at > c.last) c.last = i.received_at;
      c.value = value;
      ++c.incidents;
    }
    std::vector<TrendCount> out;
    for (auto& [value, c] : by) out.push_back(c);
    std::sort(out.begin(), out.end(), trend_before);
    return out;
  }

  // ---- ChangeStore ----------------------------------------------------------
  std::int64_t next_change_number() override {
    std::int64_t n = 0;
    for (const auto& c : data_.changes) n = std::max(n, c.number);
    return n + 1;
  }
  std::int64_t insert_change(const Change& c) override {
    auto copy = c;
    copy.cis.clear();
    copy.customer.clear();
    return insert(data_.changes, copy);
  }
  void update_change(const Change& c) override {
    auto copy = c;
    copy.cis.clear();
    copy.customer.clear();
    replace(data_.changes, copy);
  }
  void add_change_ci(std::int64_t change_id, std::int64_t ci_id) override {
    data_.change_cis.insert({change_id, ci_id});
  }
  std::optional<Change> find_change(std::int64_t number) override {
    for (const auto& c : data_.changes)
      if (c.number == number) return with_cis(c);
    return std::nullopt;
  }
  void each_change(const ChangeFilter& f, const std::function<void(Change&)>& visit) override {
    auto list = data_.changes;
    std::sort(list.begin(), list.end(), [](auto& a, auto& b) { return a.number < b.number; });
    for (const auto& raw : list) {
      auto c = with_cis(raw);
      if (!f.statuses.empty() && std::find(f.statuses.begin(), f.statuses.end(), c.status) == f.statuses.end()) continue;
      if (f.customer && c.customer != *f.customer) continue;
      if (f.ci && std::find(c.cis.begin(), c.cis.end(), *f.ci) == c.cis.end()) continue;
      if (f.active_to && c.created_at >= *f.active_to) continue;
      if (f.active_from && c.closed_at && *c.closed_at < *f.active_from) continue;
      if (f.window_from || f.window_to) {
        if (!c.start_at || !c.end_at) continue;
        if (f.window_to && *c.start_at >= *f.window_to) continue;
        if (f.window_from && *c.end_at <= *f.window_from) continue;
      }
      visit(c);
    }
  }
  std::vector<std::string> request_changes(std::int64_t customer_id, std::int64_t number) override {
    std::vector<std::int64_t> numbers;
    for (const auto& c : data_.changes)
      if (c.customer_id == customer_id && c.from_number == number) numbers.push_back(c.number);
    std::sort(numbers.begin(), numbers.end());
    std::vector<std::string> out;
    for (auto n : numbers) out.push_back("CHG-" + std::to_string(n));
    return out;
  }
  std::int64_t insert_change_event(const ChangeEvent& e) override { return insert(data_.change_events, e); }
  std::vector<ChangeEvent> change_events(std::int64_t change_id) override {
    std::vector<ChangeEvent> out;
    for (const auto& e : data_.change_events)
      if (e.change_id == change_id) out.push_back(e);
    return out;
  }

  // ---- StoreCheck ------------------------------------------------------------------
  // What applies to records in memory: ticket numbers, events without their
  // ticket, instants out of range, invalid UTF-8 and audit JSON (there is no
  // file to check and no schema).
  std::vector<StoreProblem> check_store(const StoreLimits& limits) override {
    std::vector<StoreProblem> out;
    for (const auto& c : data_.customers) {
      std::vector<std::int64_t> numbers;
      for (const auto& r : data_.requests)
        if (r.customer_id == c.id) numbers.push_back(r.number);
      for (const auto& i : data_.incidents)
        if (i.customer_id == c.id) numbers.push_back(i.number);
      auto found = ticket_number_problems(c.key, numbers, data_.next_number[c.id]);
      out.insert(out.end(), found.begin(), found.end());
    }
    // Problem numbers, then reserved customer keys, as the SQLite store checks them.
    std::vector<std::int64_t> problem_numbers;
    for (const auto& p : data_.problems) problem_numbers.push_back(p.number);
    auto found = ticket_number_problems("PRB", problem_numbers, next_problem_number());
    out.insert(out.end(), found.begin(), found.end());
    std::vector<std::int64_t> change_numbers;
    for (const auto& c : data_.changes) change_numbers.push_back(c.number);
    found = ticket_number_problems("CHG", change_numbers, next_change_number());
    out.insert(out.end(), found.begin(), found.end());
    for (const auto& c : list_customers())
      if (reserved_customer_key(c.key))
        out.push_back({"reserved_key", c.key,
                       "a customer has this key, which sd keeps for its own records (PRB-n problems, CHG-n "
                       "changes); its tickets' keys are taken for those"});
    auto has = [](const auto& list, std::int64_t id) {
      return std::any_of(list.begin(), list.end(), [&](const auto& x) { return x.id == id; });
    };
    auto row = [](const char* table, std::int64_t id) { return std::string(table) + " row " + std::to_string(id); };
    for (const auto& e : data_.request_events)
      if (!has(data_.requests, e.request_id))
        out.push_back({"orphan_event", row("request_events", e.id),
                       "its request (id " + std::to_string(e.request_id) + ") is missing"});
    for (const auto& e : data_.incident_events)
      if (!has(data_.incidents, e.incident_id))
        out.push_back({"orphan_event", row("incident_events", e.id),
                       "its incident (id " + std::to_string(e.incident_id) + ") is missing"});
    for (const auto& a : data_.alerts)
      if (!has(data_.incidents, a.incident_id))
        out.push_back({"orphan_event", row("alerts", a.id),
                       "its incident (id " + std::to_string(a.incident_id) + ") is missing"});
    auto instant = [&](const char* column, std::int64_t id, Instant t) {
      if (t < limits.first || t > limits.last)
        out.push_back({"instant_range", std::string(column) + " row " + std::to_string(id),
                       std::to_string(t.time_since_epoch().count()) + " seconds is outside the times sd stores"});
    };
    auto text = [&](const char* column, std::int64_t id, const std::string& s) {
      if (!is_valid_utf8(s))
        out.push_back({"utf8", std::string(column) + " row " + std::to_string(id), "is not valid UTF-8"});
    };
    for (const auto& r : data_.requests) {
      instant("requests.received_at", r.id, r.received_at);
      text("requests.title", r.id, r.title);
      text("requests.details", r.id, r.details);
    }
    for (const auto& i : data_.incidents) {
      instant("incidents.received_at", i.id, i.received_at);
      text("incidents.title", i.id, i.title);
      text("incidents.details", i.id, i.details);
    }
    for (const auto& e : data_.request_events) {
      instant("request_events.at", e.id, e.at);
      text("request_events.note", e.id, e.note);
    }
    for (const auto& e : data_.incident_events) {
      instant("incident_events.at", e.id, e.at);
      text("incident_events.note", e.id, e.note);
    }
    {
      std::vector<CiLink> links;
      for (const auto& l : data_.ci_links) links.push_back(with_names(l));
      std::sort(links.begin(), links.end(), [](auto& a, auto& b) { return a.id < b.id; });
      auto ci_found = config_item_problems(data_.config_items, links);
      out.insert(out.end(), ci_found.begin(), ci_found.end());
    }
    // What a change can break, as the SQLite store checks it.
    {
      auto list = data_.changes;
      std::sort(list.begin(), list.end(), [](auto& a, auto& b) { return a.number < b.number; });
      for (const auto& raw : list) {
        auto c = with_cis(raw);
        for (const auto& name : c.cis)
          for (const auto& ci : data_.config_items)
            if (ci.name == name && ci.customer_id != c.customer_id)
              out.push_back({"change", c.key(),
                             "changes CI " + name + " of " + key_of(ci.customer_id) + ", not of its customer " +
                                 c.customer});
        if (c.from_number && std::none_of(data_.requests.begin(), data_.requests.end(), [&](const Request& r) {
              return r.customer_id == c.customer_id && r.number == *c.from_number;
            }))
          out.push_back({"change", c.key(), "was made from request " + c.from_key() + ", which is missing"});
      }
    }
    for (const auto& e : data_.audit) {
      instant("audit.at", e.id, e.at);
      for (const auto* part : {&e.before, &e.after})
        if (!part->empty() && !nlohmann::json::accept(*part))
          out.push_back({"audit", std::string(part == &e.before ? "audit.before" : "audit.after") + " row " +
                                      std::to_string(e.id),
                         "is not JSON"});
    }
    return out;
  }
  /// The records, for tests that damage a store on purpose.
  std::vector<Request>& requests_for_test() { return data_.requests; }

 private:
  struct Data {
    std::int64_t ids = 0;
    std::vector<Customer> customers;
    std::map<std::int64_t, std::int64_t> next_number;
    std::vector<Contact> contacts;
    std::vector<Request> requests;
    std::vector<RequestEvent> request_events;
    std::vector<Incident> incidents;
    std::vector<IncidentEvent> incident_events;
    std::vector<Criterion> criteria;
    std::vector<std::pair<std::int64_t, std::string>> hosts;
    std::vector<AlertRecord> alerts;
    std::vector<InboxItem> inbox;
    std::set<std::pair<std::int64_t, std::string>> fired;
    std::vector<AuditEvent> audit;
    std::map<std::string, IdempotencyKey> idempotency;
    std::vector<ConfigItem> config_items;
    std::vector<CiLink> ci_links;
    std::vector<Problem> problems;
    std::set<std::tuple<std::int64_t, std::int64_t, std::int64_t>> problem_tickets;
    std::vector<ProblemEvent> problem_events;
    std::vector<Change> changes;
    std::set<std::pair<std::int64_t, std::int64_t>> change_cis;
    std::vector<ChangeEvent> change_events;
  };
  /// A change with its customer's key and its CIs' names, in name order.
  Change with_cis(Change c) const {
    c.customer = key_of(c.customer_id);
    c.cis.clear();
    for (const auto& [change_id, ci_id] : data_.change_cis)
      if (change_id == c.id)
        for (const auto& ci : data_.config_items)
          if (ci.id == ci_id) c.cis.push_back(ci.name);
    std::sort(c.cis.begin(), c.cis.end());
    return c;
  }
  /// A problem with its tickets' keys, in key order.
  Problem with_tickets(Problem p) const {
    p.tickets.clear();
    for (const auto& [problem_id, cust, n] : data_.problem_tickets)
      if (problem_id == p.id) p.tickets.push_back(key_of(cust) + "-" + std::to_string(n));
    std::sort(p.tickets.begin(), p.tickets.end());
    return p;
  }

  void begin() {
    if (snapshot_) throw Error(Exit::software, "memory store: nested transaction");
    snapshot_ = data_;
  }
  template <class T>
  std::int64_t insert(std::vector<T>& list, const T& value) {
    auto copy = value;
    copy.id = ++data_.ids;
    list.push_back(copy);
    return copy.id;
  }
  template <class T>
  void replace(std::vector<T>& list, const T& value) {
    for (auto& x : list)
      if (x.id == value.id) x = value;
  }
  /// Replaces the row whose id and version match, moving it to the next
  /// version; false when its version is another (optimistic locking).
  template <class T>
  bool replace_version(std::vector<T>& list, const T& value) {
    for (auto& x : list)
      if (x.id == value.id) {
        if (x.version != value.version) return false;
        x = value;
        ++x.version;
        return true;
      }
    return false;
  }
  template <class T>
  void erase(std::vector<T>& list, std::int64_t id) {
    std::erase_if(list, [&](const T& x) { return x.id == id; });
  }
  std::string key_of(std::int64_t customer_id) const {
    for (const auto& c : data_.customers)
      if (c.id == customer_id) return c.key;
    return "";
  }
  ConfigItem with_customer(ConfigItem ci) const {
    ci.customer = key_of(ci.customer_id);
    return ci;
  }
  CiLink with_names(CiLink l) const {
    for (const auto& ci : data_.config_items) {
      if (ci.id == l.from_id) {
        l.from = ci.name;
        l.from_customer = key_of(ci.customer_id);
      }
      if (ci.id == l.to_id) {
        l.to = ci.name;
        l.to_customer = key_of(ci.customer_id);
      }
    }
    return l;
  }
  /// As SQLite orders them: by the first CI's name, the relation's word, the second's name.
  static void sort_links(std::vector<CiLink>& links) {
    std::sort(links.begin(), links.end(), [](const CiLink& a, const CiLink& b) {
      return std::make_tuple(a.from, to_string(a.relation), a.to) < std::make_tuple(b.from, to_string(b.relation), b.to);
    });
  }
  template <class At>
  std::vector<Request> requests_in(const ReportQuery& q, At at) const {
    std::vector<Request> out;
    for (const auto& r : data_.requests) {
      auto t = at(r);
      if (!t || *t < q.from || *t >= q.to) continue;
      if (q.customer && r.customer != *q.customer) continue;
      out.push_back(r);
    }
    return out;
  }
  std::vector<Incident> incidents_in(const ReportQuery& q) const {
    std::vector<Incident> out;
    for (const auto& i : data_.incidents) {
      if (i.received_at < q.from || i.received_at >= q.to) continue;
      if (q.customer && i.customer != *q.customer) continue;
      out.push_back(i);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](auto& a, auto& b) { return std::tie(a.received_at, a.number) < std::tie(b.received_at, b.number); });
    return out;
  }

  Data data_;
  std::optional<Data> snapshot_;
  int busy_in_ = 0;
  int conflicts_left_ = 0;
  int conflicts_thrown_ = 0;
  bool writing_ = false;
};

}  // namespace sd::test
