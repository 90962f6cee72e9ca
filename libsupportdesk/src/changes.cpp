// Change management (white paper §5.4.7, §5.3.1.1–5.3.1.2).
#include "supportdesk/changes.hpp"

#include "supportdesk/config_items.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/request.hpp"
#include "checks.hpp"

#include <algorithm>
#include <chrono>
#include <tuple>

namespace sd {

namespace {

/// Refuses `action` unless its rule allows it in the change's state,
/// naming the states that do.
void must_allow(const Change& c, ChangeAction action) {
  if (change_allows(action, c.status)) return;
  const auto& rule = change_rule(action);
  throw data_error(std::string(rule.name) + ": " + c.key() + " is " + std::string(to_string(c.status)) +
                   "; only a change that is " + change_states_text(action) + " allows it");
}

}  // namespace

Change Changes::must(const std::string& key) {
  auto number = parse_change_key(key);
  auto c = ctx_.store.find_change(number);
  if (!c) throw not_found("change: no change " + key + " (see 'sd change list')");
  return *c;
}

template <class F>
Change Changes::step(const std::string& key, ChangeAction action, const std::string& kind, const Json& data,
                     const std::string& note, F&& body) {
  return write_transaction(ctx_.store, [&] {
    auto c = must(key);
    must_allow(c, action);
    auto before = to_json(c, ctx_.view());
    body(c);
    if (auto to = change_rule(action).to) c.status = *to;
    c.updated_at = ctx_.now;
    ctx_.store.update_change(c);
    ChangeEvent e;
    e.change_id = c.id;
    e.at = ctx_.now;
    e.actor = ctx_.actor;
    e.kind = kind;
    e.data = data.dump();
    e.note = note;
    ctx_.store.insert_change_event(e);
    ctx_.audit(c.key(), "change." + std::string(change_rule(action).name), before, to_json(c, ctx_.view()));
    return c;
  });
}

Change Changes::create(const NewChange& in) {
  check_customer_key(in.customer);
  check_required_text(in.title, "title");
  check_one_line(in.title, "title");
  check_required_text(in.impact, "impact");
  check_text(in.procedure, "procedure_file");
  if (!in.sets.empty()) {
    ci_edit_from(in.sets);  // each attribute known, once, its value allowed
    if (in.cis.empty())
      throw field_error("set", "a change sets attributes on its CIs; name them with " + mention("ci"));
  }
  return write_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(in.customer);
    Change c;
    c.customer_id = cust.id;
    c.customer = cust.key;
    c.title = std::string(trim(in.title));
    c.risk = in.risk;
    c.impact = in.impact;
    c.sets = in.sets;
    c.procedure = in.procedure;
    c.created_at = c.updated_at = ctx_.now;
    if (!in.from.empty()) {
      std::pair<std::string, std::int64_t> parsed;
      try {
        parsed = parse_ticket_key(in.from);
      } catch (const Error&) {
        throw field_error("from", "'" + in.from + "' is not a request key; use the customer key and a number, like " +
                                      cust.key + "-12");
      }
      if (parsed.first != cust.key)
        throw field_error("from", in.from + " is a request of " + parsed.first + ", not of " + cust.key);
      auto req = ctx_.store.find_request(parsed.first, parsed.second);
      if (!req) throw Error(Exit::no_input, "from", "no request " + in.from + " (see 'sd request list')");
      c.from_number = parsed.second;
      c.from_type = req->type;
      c.from_tier = req->tier;
    }
    std::vector<ConfigItem> cis;
    for (const auto& name : in.cis) {
      auto ci = ctx_.store.find_config_item(name);
      if (!ci) throw Error(Exit::no_input, "ci", "no CI named " + name + " (see 'sd ci list')");
      if (ci->customer_id != cust.id)
        throw field_error("ci", name + " belongs to " + ci->customer + ", not to " + cust.key);
      if (std::find(c.cis.begin(), c.cis.end(), name) != c.cis.end())
        throw field_error("ci", name + " is named twice");
      c.cis.push_back(name);
      cis.push_back(*ci);
    }
    std::sort(c.cis.begin(), c.cis.end());
    c.number = ctx_.store.next_change_number();
    c.id = ctx_.store.insert_change(c);
    for (const auto& ci : cis) ctx_.store.add_change_ci(c.id, ci.id);
    ChangeEvent e;
    e.change_id = c.id;
    e.at = ctx_.now;
    e.actor = ctx_.actor;
    e.kind = "recorded";
    e.data = Json{{"title", c.title}, {"from", text_or_null(c.from_key())}, {"cis", c.cis}}.dump();
    ctx_.store.insert_change_event(e);
    ctx_.audit(c.key(), "change.new", nullptr, to_json(c, ctx_.view()));
    return c;
  });
}

Change Changes::assess(const std::string& key, const std::string& note) {
  check_text(note, "message");
  return step(key, ChangeAction::assess, "assessed", Json::object(), note,
              [&](Change& c) { c.assessed_at = ctx_.now; });
}

Change Changes::rollback_plan(const std::string& key, const std::string& text) {
  check_required_text(text, "message");
  return step(key, ChangeAction::rollback_plan, "rollback-plan", Json::object(), text,
              [&](Change& c) { c.rollback_plan = text; });
}

Change Changes::pretest(const std::string& key, const std::string& text) {
  check_required_text(text, "message");
  return step(key, ChangeAction::pretest, "pretest", Json::object(), text, [&](Change& c) { c.pretest = text; });
}

Change Changes::plan_review(const std::string& key, const std::string& text) {
  check_required_text(text, "message");
  return step(key, ChangeAction::plan_review, "plan-review", Json::object(), text,
              [&](Change& c) { c.plan_review = text; });
}

Change Changes::approve(const std::string& key, const std::string& note) {
  check_text(note, "message");
  return step(key, ChangeAction::approve, "approved", Json{{"by", ctx_.actor}}, note, [&](Change& c) {
    if (c.rollback_plan.empty())
      throw field_error("rollback_plan", c.key() + " has none yet; a change is approved only with a rollback plan "
                                                   "prepared in advance (see 'sd change rollback-plan')");
    c.approved_by = ctx_.actor;
    c.approved_at = ctx_.now;
  });
}

Change Changes::reject(const std::string& key, const std::string& reason) {
  check_required_text(reason, "message");
  return step(key, ChangeAction::reject, "rejected", Json::object(), reason, [&](Change& c) {
    c.rejection = reason;
    c.rejected_at = ctx_.now;
  });
}

Change Changes::schedule(const std::string& key, Instant start, Instant end) {
  if (end <= start)
    throw field_error("end", ctx_.iso(end) + " is not after " + mention("start") + " " + ctx_.iso(start));
  return step(key, ChangeAction::schedule, "scheduled",
              Json{{"start_at", ctx_.iso(start)}, {"end_at", ctx_.iso(end)}}, "", [&](Change& c) {
                c.start_at = start;
                c.end_at = end;
                c.scheduled_at = ctx_.now;
              });
}

Change Changes::implement(const std::string& key, const std::string& note) {
  check_text(note, "message");
  return step(key, ChangeAction::implement, "implementing", Json::object(), note,
              [&](Change& c) { c.started_at = ctx_.now; });
}

Change Changes::succeed(const std::string& key, const std::string& note) {
  check_text(note, "message");
  return step(key, ChangeAction::succeed, "succeeded", Json::object(), note, [&](Change& c) {
    c.succeeded_at = ctx_.now;
    // What the change declared, on each of its CIs, audited as the CI's edit
    // with the change's key as the reason.
    if (!c.sets.empty()) {
      ConfigItems items(ctx_);
      for (const auto& name : c.cis) items.apply(name, c.sets, ctx_.actor, ctx_.now, c.key());
    }
  });
}

Change Changes::fail(const std::string& key, const std::string& what) {
  check_required_text(what, "message");
  return step(key, ChangeAction::fail, "failed", Json::object(), what, [&](Change& c) {
    c.failure = what;
    c.failed_at = ctx_.now;
  });
}

Change Changes::rollback(const std::string& key, const std::string& what) {
  check_required_text(what, "message");
  return step(key, ChangeAction::rollback, "rolled-back", Json::object(), what, [&](Change& c) {
    c.rollback_note = what;
    c.rolled_back_at = ctx_.now;
  });
}

Change Changes::review(const std::string& key, bool goal_met, const std::string& text) {
  check_required_text(text, "message");
  return step(key, ChangeAction::review, "reviewed", Json{{"goal_met", goal_met}}, text, [&](Change& c) {
    c.review = text;
    c.goal_met = goal_met;
    c.reviewed_at = ctx_.now;
  });
}

Change Changes::close(const std::string& key, const std::string& note) {
  check_text(note, "message");
  return step(key, ChangeAction::close, "closed", Json::object(), note, [&](Change& c) { c.closed_at = ctx_.now; });
}

Change Changes::edit(const std::string& key, const ChangeEdit& ed) {
  if (ed.empty()) throw field_error("title", "nothing to change; give a title, a risk or an impact");
  if (ed.title) {
    check_required_text(*ed.title, "title");
    check_one_line(*ed.title, "title");
  }
  if (ed.impact) check_required_text(*ed.impact, "impact");
  Json data = Json::object();
  if (ed.title) data["title"] = std::string(trim(*ed.title));
  if (ed.risk) data["risk"] = to_string(*ed.risk);
  if (ed.impact) data["impact"] = *ed.impact;
  return step(key, ChangeAction::edit, "edited", data, "", [&](Change& c) {
    if (ed.title) c.title = std::string(trim(*ed.title));
    if (ed.risk) c.risk = *ed.risk;
    if (ed.impact) c.impact = *ed.impact;
  });
}

Change Changes::comment(const std::string& key, const std::string& text) {
  check_required_text(text, "message");
  return step(key, ChangeAction::comment, "comment", Json::object(), text, [](Change&) {});
}

ChangeView Changes::view(const std::string& key) {
  return read_transaction(ctx_.store, [&] {
    ChangeView v;
    v.change = must(key);
    v.events = ctx_.store.change_events(v.change.id);
    return v;
  });
}

void Changes::each(const ChangeFilter& filter, const std::function<void(const Change&)>& visit) {
  if (filter.customer) check_customer_key(*filter.customer);
  if (filter.active_from && filter.active_to && *filter.active_from >= *filter.active_to)
    throw field_error("from", ctx_.iso(*filter.active_from) + " is not before " + mention("to") + " " +
                                  ctx_.iso(*filter.active_to));
  read_transaction(ctx_.store, [&] {
    if (filter.customer) ctx_.must_customer(*filter.customer);
    if (filter.ci && !ctx_.store.find_config_item(*filter.ci))
      throw Error(Exit::no_input, "ci", "no CI named " + *filter.ci + " (see 'sd ci list')");
    ctx_.store.each_change(filter, [&](Change& c) { visit(c); });
  });
}

std::vector<Change> Changes::list(const ChangeFilter& filter) {
  std::vector<Change> out;
  each(filter, [&](const Change& c) { out.push_back(c); });
  return out;
}

ChangeCalendar Changes::calendar(std::optional<Instant> from, std::optional<Instant> to) {
  ChangeCalendar cal;
  cal.from = from.value_or(ctx_.now);
  cal.to = to.value_or(cal.from + std::chrono::days{30});
  if (cal.from >= cal.to)
    throw field_error("from", ctx_.iso(cal.from) + " is not before " + mention("to") + " " + ctx_.iso(cal.to));
  ChangeFilter f;
  f.window_from = cal.from;
  f.window_to = cal.to;
  read_transaction(ctx_.store, [&] {
    ctx_.store.each_change(f, [&](Change& c) { cal.changes.push_back(std::move(c)); });
  });
  std::sort(cal.changes.begin(), cal.changes.end(), [](const Change& a, const Change& b) {
    return std::tie(*a.start_at, a.number) < std::tie(*b.start_at, b.number);
  });
  cal.overlaps = change_overlaps(cal.changes);
  return cal;
}

// ---- JSON ----------------------------------------------------------------------

Json to_json(const Change& c, const JsonView& v) {
  Json sets = Json::object();
  for (const auto& [attr, value] : c.sets) sets[attr] = value;
  Json from = nullptr;
  if (c.from_number)
    from = Json{{"key", c.from_key()},
                {"type", c.from_type},
                {"tier", c.from_tier ? Json(std::string(to_string(*c.from_tier))) : Json(nullptr)},
                {"impacting", c.from_tier == Tier::impacting}};
  return Json{{"key", c.key()},
              {"customer", c.customer},
              {"title", c.title},
              {"status", to_string(c.status)},
              {"risk", to_string(c.risk)},
              {"impact", c.impact},
              {"from", from},
              {"cis", c.cis},
              {"sets", sets},
              {"procedure", text_or_null(c.procedure)},
              {"rollback_plan", text_or_null(c.rollback_plan)},
              {"pretest", text_or_null(c.pretest)},
              {"plan_review", text_or_null(c.plan_review)},
              {"missing", c.missing()},
              {"approved_by", text_or_null(c.approved_by)},
              {"rejection", text_or_null(c.rejection)},
              {"failure", text_or_null(c.failure)},
              {"rollback", text_or_null(c.rollback_note)},
              {"review", text_or_null(c.review)},
              {"goal_met", c.goal_met ? Json(*c.goal_met) : Json(nullptr)},
              {"outcome", c.outcome() == ChangeOutcome::none ? Json(nullptr) : Json(to_string(c.outcome()))},
              {"start_at", v.iso(c.start_at)},
              {"end_at", v.iso(c.end_at)},
              {"created_at", v.iso(c.created_at)},
              {"updated_at", v.iso(c.updated_at)},
              {"assessed_at", v.iso(c.assessed_at)},
              {"approved_at", v.iso(c.approved_at)},
              {"rejected_at", v.iso(c.rejected_at)},
              {"scheduled_at", v.iso(c.scheduled_at)},
              {"started_at", v.iso(c.started_at)},
              {"succeeded_at", v.iso(c.succeeded_at)},
              {"failed_at", v.iso(c.failed_at)},
              {"rolled_back_at", v.iso(c.rolled_back_at)},
              {"reviewed_at", v.iso(c.reviewed_at)},
              {"closed_at", v.iso(c.closed_at)}};
}

Json to_json(const ChangeEvent& e, const JsonView& v) {
  Json data = e.data.empty() ? Json::object() : Json::parse(e.data);
  return Json{{"at", v.iso(e.at)}, {"actor", e.actor}, {"kind", e.kind}, {"data", data}, {"note", text_or_null(e.note)}};
}

Json to_json(const ChangeCalendar& cal, const JsonView& v) {
  Json changes = Json::array();
  for (const auto& c : cal.changes)
    changes.push_back(Json{{"key", c.key()},
                           {"customer", c.customer},
                           {"title", c.title},
                           {"status", to_string(c.status)},
                           {"risk", to_string(c.risk)},
                           {"cis", c.cis},
                           {"start_at", v.iso(c.start_at)},
                           {"end_at", v.iso(c.end_at)}});
  Json overlaps = Json::array();
  for (const auto& o : cal.overlaps)
    overlaps.push_back(Json{{"ci", o.ci}, {"changes", Json::array({o.first, o.second})}});
  return Json{{"from_at", v.iso(cal.from)}, {"to_at", v.iso(cal.to)}, {"changes", changes}, {"overlaps", overlaps}};
}

}  // namespace sd
