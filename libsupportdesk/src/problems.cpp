// Problems and known errors (white paper §5.3.2), and incident trends.
#include "supportdesk/problems.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/request.hpp"
#include "checks.hpp"

#include <algorithm>
#include <chrono>
#include <initializer_list>

namespace sd {

namespace {

/// The states that allow an action, as words: "open or known-error".
std::string states_text(std::initializer_list<ProblemStatus> allowed) {
  std::string out;
  std::size_t k = 0;
  for (auto s : allowed) {
    if (k) out += k + 1 == allowed.size() ? " or " : ", ";
    out += to_string(s);
    ++k;
  }
  return out;
}

/// Refuses `what` unless the problem is in one of the `allowed` states,
/// naming the states that allow it.
void must_be(const Problem& p, std::initializer_list<ProblemStatus> allowed, const std::string& what) {
  if (std::find(allowed.begin(), allowed.end(), p.status) != allowed.end()) return;
  throw data_error(what + ": " + p.key() + " is " + std::string(to_string(p.status)) + "; only a problem that is " +
                   states_text(allowed) + " allows it");
}

}  // namespace

Problem Problems::must(const std::string& key) {
  auto number = parse_problem_key(key);
  auto p = ctx_.store.find_problem(number);
  if (!p) throw not_found("problem: no problem " + key + " (see 'sd problem list')");
  return *p;
}

void Problems::event(const Problem& p, const std::string& kind, const Json& data, const std::string& note) {
  ProblemEvent e;
  e.problem_id = p.id;
  e.at = ctx_.now;
  e.actor = ctx_.actor;
  e.kind = kind;
  e.data = data.dump();
  e.note = note;
  ctx_.store.insert_problem_event(e);
}

bool Problems::link_one(Problem& p, const std::string& ticket, std::string_view field) {
  std::pair<std::string, std::int64_t> parsed;
  try {
    parsed = parse_ticket_key(ticket);
  } catch (const Error&) {
    throw field_error(field, "'" + ticket + "' is not a ticket key; use the customer key and a number, like ACME-12");
  }
  auto& [customer, number] = parsed;
  auto cust = ctx_.store.find_customer(customer);
  if (!cust || (!ctx_.store.find_incident(customer, number) && !ctx_.store.find_request(customer, number)))
    throw Error(Exit::no_input, field, "no incident or request " + ticket + " (see 'sd incident list', 'sd request list')");
  if (!ctx_.store.link_ticket(p.id, cust->id, number)) return false;
  p.tickets.push_back(ticket);
  std::sort(p.tickets.begin(), p.tickets.end());
  return true;
}

Problem Problems::create(const NewProblem& in) {
  check_required_text(in.title, "title");
  check_one_line(in.title, "title");
  check_one_line(in.category, "category");
  check_text(in.details, "message");
  return write_transaction(ctx_.store, [&] {
    Problem p;
    p.title = std::string(trim(in.title));
    p.priority = in.priority;
    p.category = std::string(trim(in.category));
    p.details = in.details;
    p.created_at = p.updated_at = ctx_.now;
    p.number = ctx_.store.next_problem_number();
    p.id = ctx_.store.insert_problem(p);
    event(p, "recorded", Json{{"title", p.title}}, p.details);
    std::vector<std::string> linked;
    for (const auto& t : in.from)
      if (link_one(p, t, "from")) linked.push_back(t);
    if (!linked.empty()) event(p, "identified", Json{{"tickets", linked}}, "");
    event(p, "prioritized", Json{{"from", nullptr}, {"to", to_string(p.priority)}}, "");
    if (!p.category.empty()) event(p, "classified", Json{{"from", nullptr}, {"to", p.category}}, "");
    ctx_.audit(p.key(), "problem.new", nullptr, to_json(p, ctx_.view()));
    return p;
  });
}

/// Runs one change to a problem in a write transaction: `body` checks,
/// records its events and changes the problem; then it is saved with its
/// audit entry.
template <class F>
Problem Problems::change(const std::string& key, const std::string& action, F&& body) {
  return write_transaction(ctx_.store, [&] {
    auto p = must(key);
    auto before = to_json(p, ctx_.view());
    body(p);
    p.updated_at = ctx_.now;
    ctx_.store.update_problem(p);
    ctx_.audit(p.key(), action, before, to_json(p, ctx_.view()));
    return p;
  });
}

Problem Problems::link(const std::string& key, const std::vector<std::string>& tickets) {
  if (tickets.empty()) throw field_error("ticket", "give at least one incident or request, like ACME-43");
  return change(key, "problem.link", [&](Problem& p) {
    must_be(p, {ProblemStatus::open, ProblemStatus::known_error, ProblemStatus::resolved}, "link");
    for (const auto& t : tickets)
      if (!link_one(p, t, "ticket")) throw field_error("ticket", t + " is already linked to " + p.key());
    event(p, "identified", Json{{"tickets", tickets}}, "");
  });
}

Problem Problems::unlink(const std::string& key, const std::vector<std::string>& tickets) {
  if (tickets.empty()) throw field_error("ticket", "give at least one incident or request, like ACME-43");
  return change(key, "problem.unlink", [&](Problem& p) {
    must_be(p, {ProblemStatus::open, ProblemStatus::known_error, ProblemStatus::resolved}, "unlink");
    for (const auto& t : tickets) {
      auto at = std::find(p.tickets.begin(), p.tickets.end(), t);
      if (at == p.tickets.end()) throw field_error("ticket", t + " is not linked to " + p.key());
      auto [customer, number] = parse_ticket_key(t);
      auto cust = ctx_.store.find_customer(customer);
      if (!cust || !ctx_.store.unlink_ticket(p.id, cust->id, number))
        throw field_error("ticket", t + " is not linked to " + p.key());
      p.tickets.erase(at);
    }
    event(p, "unlinked", Json{{"tickets", tickets}}, "");
  });
}

Problem Problems::root_cause(const std::string& key, const std::string& text) {
  check_required_text(text, "message");
  return change(key, "problem.rca", [&](Problem& p) {
    must_be(p, {ProblemStatus::open, ProblemStatus::known_error}, "root cause");
    p.root_cause = text;
    p.root_cause_at = ctx_.now;
    event(p, "root-cause", Json::object(), text);
  });
}

Problem Problems::workaround(const std::string& key, const std::string& text) {
  check_required_text(text, "message");
  return change(key, "problem.workaround", [&](Problem& p) {
    must_be(p, {ProblemStatus::open, ProblemStatus::known_error}, "workaround");
    p.workaround = text;
    p.workaround_at = ctx_.now;
    event(p, "workaround", Json::object(), text);
  });
}

Problem Problems::known_error(const std::string& key, const std::string& note) {
  check_text(note, "message");
  return change(key, "problem.known-error", [&](Problem& p) {
    must_be(p, {ProblemStatus::open}, "known error");
    // ITIL records a known error once its root cause and a workaround are
    // documented.
    if (p.root_cause.empty())
      throw field_error("root_cause", p.key() + " has none yet; a problem becomes a known error once its root cause "
                                                "and a workaround are recorded (see 'sd problem rca')");
    if (p.workaround.empty())
      throw field_error("workaround", p.key() + " has none yet; a problem becomes a known error once its root cause "
                                                "and a workaround are recorded (see 'sd problem workaround')");
    p.status = ProblemStatus::known_error;
    p.known_error_at = ctx_.now;
    event(p, "known-error", Json::object(), note);
  });
}

Problem Problems::resolve(const std::string& key, const std::string& note) {
  check_text(note, "message");
  return change(key, "problem.resolve", [&](Problem& p) {
    must_be(p, {ProblemStatus::open, ProblemStatus::known_error}, "resolve");
    p.status = ProblemStatus::resolved;
    p.resolved_at = ctx_.now;
    p.resolution = note;
    event(p, "resolved", Json::object(), note);
  });
}

Problem Problems::close(const std::string& key, const std::string& note) {
  check_text(note, "message");
  return change(key, "problem.close", [&](Problem& p) {
    must_be(p, {ProblemStatus::resolved}, "close");
    p.status = ProblemStatus::closed;
    p.closed_at = ctx_.now;
    event(p, "closed", Json::object(), note);
  });
}

Problem Problems::edit(const std::string& key, const ProblemEdit& ed) {
  if (ed.empty()) throw field_error("title", "nothing to change; give a title, a priority or a category");
  if (ed.title) {
    check_required_text(*ed.title, "title");
    check_one_line(*ed.title, "title");
  }
  if (ed.category) check_one_line(*ed.category, "category");
  return change(key, "problem.edit", [&](Problem& p) {
    must_be(p, {ProblemStatus::open, ProblemStatus::known_error, ProblemStatus::resolved}, "edit");
    if (ed.title && std::string(trim(*ed.title)) != p.title) {
      event(p, "retitled", Json{{"from", p.title}, {"to", std::string(trim(*ed.title))}}, "");
      p.title = std::string(trim(*ed.title));
    }
    if (ed.priority && *ed.priority != p.priority) {
      event(p, "prioritized", Json{{"from", to_string(p.priority)}, {"to", to_string(*ed.priority)}}, "");
      p.priority = *ed.priority;
    }
    if (ed.category && std::string(trim(*ed.category)) != p.category) {
      event(p, "classified", Json{{"from", p.category}, {"to", std::string(trim(*ed.category))}}, "");
      p.category = std::string(trim(*ed.category));
    }
  });
}

Problem Problems::escalate(const std::string& key, const std::string& to, const std::string& note) {
  check_required_text(to, "to");
  check_one_line(to, "to");
  check_text(note, "message");
  return change(key, "problem.escalate", [&](Problem& p) {
    must_be(p, {ProblemStatus::open, ProblemStatus::known_error}, "escalate");
    p.escalated_to = std::string(trim(to));
    event(p, "escalated", Json{{"to", p.escalated_to}}, note);
  });
}

Problem Problems::comment(const std::string& key, const std::string& text) {
  check_required_text(text, "message");
  return change(key, "problem.comment", [&](Problem& p) { event(p, "comment", Json::object(), text); });
}

ProblemView Problems::view(const std::string& key) {
  return read_transaction(ctx_.store, [&] {
    ProblemView v;
    v.problem = must(key);
    v.events = ctx_.store.problem_events(v.problem.id);
    return v;
  });
}

void Problems::each(const ProblemFilter& filter, const std::function<void(const Problem&)>& visit) {
  if (filter.customer) check_customer_key(*filter.customer);
  read_transaction(ctx_.store, [&] {
    if (filter.customer) ctx_.must_customer(*filter.customer);
    ctx_.store.each_problem(filter, [&](Problem& p) { visit(p); });
  });
}

std::vector<Problem> Problems::list(const ProblemFilter& filter) {
  std::vector<Problem> out;
  each(filter, [&](const Problem& p) { out.push_back(p); });
  return out;
}

TrendReport Problems::trends(std::optional<Instant> from, std::optional<Instant> to,
                             const std::optional<std::string>& customer) {
  TrendReport r;
  r.query.to = to.value_or(ctx_.now);
  r.query.from = from.value_or(r.query.to - std::chrono::days{30});
  if (r.query.from >= r.query.to)
    throw field_error("from", ctx_.iso(r.query.from) + " is not before " + mention("to") + " " + ctx_.iso(r.query.to));
  r.query.customer = customer;
  if (customer) check_customer_key(*customer);
  return read_transaction(ctx_.store, [&] {
    if (customer) ctx_.must_customer(*customer);
    for (auto g : {TrendGroup::customer, TrendGroup::host, TrendGroup::kind, TrendGroup::ci})
      r.groups.emplace_back(g, ctx_.store.incident_trend(r.query, g));
    for (const auto& [g, counts] : r.groups) {
      if (g == TrendGroup::customer) continue;
      for (const auto& c : counts)
        if (c.incidents >= kRecurrenceMin) r.recurrence.push_back({g, c});
    }
    return r;
  });
}

// ---- JSON ----------------------------------------------------------------------

Json to_json(const Problem& p, const JsonView& v) {
  return Json{{"key", p.key()},
              {"title", p.title},
              {"status", to_string(p.status)},
              {"priority", to_string(p.priority)},
              {"category", text_or_null(p.category)},
              {"known_error", p.known_error()},
              {"root_cause", text_or_null(p.root_cause)},
              {"workaround", text_or_null(p.workaround)},
              {"resolution", text_or_null(p.resolution)},
              {"escalated_to", text_or_null(p.escalated_to)},
              {"details", text_or_null(p.details)},
              {"tickets", p.tickets},
              {"created_at", v.iso(p.created_at)},
              {"updated_at", v.iso(p.updated_at)},
              {"root_cause_at", v.iso(p.root_cause_at)},
              {"workaround_at", v.iso(p.workaround_at)},
              {"known_error_at", v.iso(p.known_error_at)},
              {"resolved_at", v.iso(p.resolved_at)},
              {"closed_at", v.iso(p.closed_at)}};
}

Json to_json(const ProblemEvent& e, const JsonView& v) {
  Json data = e.data.empty() ? Json::object() : Json::parse(e.data);
  return Json{{"at", v.iso(e.at)}, {"actor", e.actor}, {"stage", to_string(problem_stage(e.kind))},
              {"kind", e.kind},    {"data", data},     {"note", text_or_null(e.note)}};
}

Json to_json(const TrendReport& r, const JsonView& v) {
  auto count = [&](const TrendCount& c) {
    return Json{{"value", c.value}, {"incidents", c.incidents}, {"first_at", v.iso(c.first)}, {"last_at", v.iso(c.last)}};
  };
  Json groups = Json::object();
  for (const auto& [g, counts] : r.groups) {
    Json list = Json::array();
    for (const auto& c : counts) list.push_back(count(c));
    groups[std::string(to_string(g))] = list;
  }
  Json recurrence = Json::array();
  for (const auto& rec : r.recurrence) {
    auto j = Json{{"group", to_string(rec.group)}};
    auto c = count(rec.count);
    for (auto& [k, val] : c.items()) j[k] = val;
    recurrence.push_back(j);
  }
  return Json{{"from_at", v.iso(r.query.from)},
              {"to_at", v.iso(r.query.to)},
              {"customer", r.query.customer ? Json(*r.query.customer) : Json(nullptr)},
              {"recurrence_min", kRecurrenceMin},
              {"groups", groups},
              {"recurrence", recurrence}};
}

}  // namespace sd
