// sd request: service requests (ご依頼) from intake to closure, with the SLO
// clock of each.
#include "cli.hpp"
#include "commands.hpp"
#include "if_version.hpp"
#include "keys_input.hpp"
#include "list_out.hpp"
#include "message_input.hpp"
#include "supportdesk/catalog.hpp"
#include "supportdesk/request_moves.hpp"
#include "util.hpp"

namespace sd::cli {
namespace {

Fields parse_fields(const std::vector<std::string>& given) {
  Fields out;
  for (const auto& g : given) out.push_back(split_field(g, "--field"));
  return out;
}

/// How late a missed request is (compliance.hpp decides that it is):
/// business time past the due time, at resolution or now.
std::string late_of(Context& ctx, const Request& r, const SloClock& c) {
  return late_text(-c.left(), request_lateness(r, ctx.now()), ctx.calendar().day_length());
}

/// An unscheduled low request and how long it has waited for a date (wall
/// clock, from receipt): `unscheduled 3d 4h`.
std::string unscheduled_text(Context& ctx, const Request& r) {
  auto age = unscheduled_age(r, ctx.now());
  return age ? "unscheduled " + format_duration(*age) : "unscheduled";
}

/// The LEFT column of an urgent request: wall time, in days of 24 hours.
std::string wall_left_text(const Request& r, const SloClock& c) {
  if (!is_open(r.status)) return std::string(to_string(c.standing));
  if (c.paused && c.left().count() < 0) return "paused, late " + format_duration(-c.left());
  if (c.paused) return "paused " + format_duration(c.left());
  if (c.left().count() < 0) return "late " + format_duration(-c.left());
  return format_duration(c.left());
}

/// What the LEFT column says: business time left, how late, or why no clock runs.
std::string left_text(Context& ctx, const Request& r, const SloClock& c) {
  auto day = ctx.calendar().day_length();
  if (!c.started) return unscheduled_text(ctx, r);
  if (c.wall) return wall_left_text(r, c);
  if (c.late()) return (c.paused ? "paused, " : "") + late_of(ctx, r, c);
  if (!is_open(r.status)) return std::string(to_string(c.standing));
  if (c.paused) return "paused " + format_business(c.left(), day);
  return format_business(c.left(), day);
}

void print_request_line(Context& ctx, const Request& r) {
  if (ctx.opts.json) {
    ctx.print_json(to_json(r, json_view(ctx)));
    return;
  }
  auto c = slo_clock(r, ctx.calendar(), ctx.now());
  ctx.out << r.key() << "  " << to_string(r.status) << "  due " << short_time(ctx, r.due_at)
          << (c.late() ? "  " + late_of(ctx, r, c) : "") << "\n";
}

void print_show(Context& ctx, const RequestView& v) {
  const auto& r = v.request;
  if (ctx.opts.json) {
    auto j = to_json(r, json_view(ctx));
    Json events = Json::array();
    for (const auto& e : v.events) events.push_back(to_json(e, json_view(ctx)));
    j["problems"] = v.problems;
    j["changes"] = v.changes;
    j["history"] = events;
    j["ci"] = v.ci ? to_json(*v.ci, json_view(ctx)) : Json(nullptr);
    ctx.print_json(j);
    return;
  }
  const auto* type = ctx.catalog().find(r.type);
  auto day = ctx.calendar().day_length();
  auto line = [&](const char* label, const std::string& value) {
    ctx.out << label << value << "\n";
  };
  line("key:        ", r.key());
  line("title:      ", r.title);
  line("type:       ", r.type + (type ? "  " + type->name : std::string()) + "  (" +
                           std::string(to_string(r.tier)) + ", SLO " + std::to_string(r.slo_days) + "bd)");
  line("status:     ", std::string(to_string(r.status)));
  line("priority:   ", std::string(to_string(r.priority)));
  line("assignee:   ", r.assignee);
  line("via:        ", std::string(to_string(r.via)) + (r.caller.empty() ? "" : "  caller: " + r.caller));
  line("received:   ", iso(ctx, r.received_at));
  if (r.clock_start && *r.clock_start != r.received_at) line("clock from: ", iso(ctx, *r.clock_start));
  if (r.urgent_minutes)
    line("urgent:     ", "24/365, target " + format_duration(std::chrono::minutes{*r.urgent_minutes}) +
                             " of wall time from receipt");
  line("desired:    ", r.desired_at ? iso(ctx, *r.desired_at) +
                                          (desired_missed(r, ctx.now()) ? "  (missed)" : "")
                                    : "-");
  line("due:        ", r.due_at ? iso(ctx, *r.due_at) + (judged_by_desired(r) ? "  (the customer's desired time; SLO due " +
                                                                                    iso(ctx, *r.slo_due_at) + ")"
                                                                                  : "")
                                : (v.clock.started ? "paused" : "not yet: schedule it"));
  if (auto w = working_due(r); w && w != r.due_at) line("working to: ", iso(ctx, *w) + "  (desired time, high priority)");
  if (auto age = unscheduled_age(r, ctx.now())) line("waiting:    ", format_duration(*age) + " for a date");
  auto span = [&](std::chrono::seconds s) { return v.clock.wall ? format_duration(s) : format_business(s, day); };
  line("left:       ", paint(ctx, tone_of(request_urgency(ctx, r, v.clock)),
                           left_text(ctx, r, v.clock) + "  (used " + span(v.clock.used) + " of " +
                               span(v.clock.budget) + ")"));
  if (r.resolved_at)
    line("resolved:   ", iso(ctx, *r.resolved_at) +
                             (!v.clock.late() ? ""
                              : v.clock.wall  ? "  late " + format_duration(-v.clock.left())
                                              : "  " + late_of(ctx, r, v.clock)));
  if (r.closed_at) line("closed:     ", iso(ctx, *r.closed_at));
  if (!r.miss_reason.empty()) line("missed:     ", r.miss_reason);
  if (!r.escalated_to.empty()) line("escalated:  ", r.escalated_to);
  if (r.exempt_at)
    line("exempt:     ", "approved by " + r.exempt_by + " at " + iso(ctx, *r.exempt_at) + ": " + r.exempt_reason +
                             " (not counted in attainment)");
  if (!r.fields.empty()) {
    ctx.out << "fields:\n";
    for (const auto& [k, val] : r.fields) ctx.out << "  " << k << " = " << val << "\n";
  }
  if (v.ci)
    line("ci:         ", v.ci->name + "  " + v.ci->type + ", " + std::string(to_string(v.ci->status)) +
                             (v.ci->version.empty() ? "" : ", version " + v.ci->version) + "  (see 'sd ci show " +
                             v.ci->name + "')");
  if (!r.details.empty()) ctx.out << "details:\n" << indented(r.details, "  ");
  if (!v.problems.empty()) line("problems:   ", join_keys(v.problems));
  if (!v.changes.empty()) line("changes:    ", join_keys(v.changes));
  if (!r.pauses.empty()) {
    ctx.out << "pauses (waiting on the customer):\n";
    for (const auto& p : r.pauses) {
      auto to = p.to.value_or(ctx.now());
      ctx.out << "  " << short_time(ctx, p.from) << " .. " << (p.to ? short_time(ctx, p.to) : "now")
              << "  " << format_business(ctx.calendar().between(p.from, to), day) << " of business time\n";
    }
  }
  ctx.out << "history:\n";
  for (const auto& e : v.events) {
    std::string what = e.kind;
    if (e.kind == "status" || e.kind == "assign" || e.kind == "recompute" || e.kind == "schedule" ||
        e.kind == "escalate")
      what += " " + (e.from.empty() ? "-" : e.from) + " -> " + e.to;
    if (e.internal) what += " (internal)";
    ctx.out << "  " << short_time(ctx, e.at) << "  " << e.actor << "  " << what << "\n";
    if (!e.note.empty() && e.kind != "created") ctx.out << indented(e.note, "      ");
  }
}

/// An urgent request's clock: wall time from receipt, 24/365, with its pauses.
void print_explain_wall(Context& ctx, const RequestView& v) {
  const auto& r = v.request;
  std::chrono::minutes target{*r.urgent_minutes};
  if (ctx.opts.json) {
    Json pauses = Json::array();
    for (const auto& p : r.pauses)
      pauses.push_back(Json{{"paused_at", iso(ctx, p.from)}, {"resumed_at", p.to ? Json(iso(ctx, *p.to)) : Json(nullptr)}});
    ctx.print_json(Json{{"key", r.key()},
                        {"received_at", iso(ctx, r.received_at)},
                        {"clock", "wall"},
                        {"urgent_target_seconds", std::int64_t{*r.urgent_minutes} * 60},
                        {"budget_seconds", v.clock.budget.count()},
                        {"paused_seconds", v.clock.paused_time.count()},
                        {"due_at", r.due_at ? Json(iso(ctx, *r.due_at)) : Json(nullptr)},
                        {"pauses", pauses}});
    return;
  }
  ctx.out << r.key() << ": urgent, 24/365 on the wall clock: target " << format_duration(target)
          << " from receipt (no business hours, weekends or holidays)\n";
  ctx.out << "received   " << iso(ctx, r.received_at) << " via " << to_string(r.via) << "\n";
  for (const auto& p : r.pauses)
    ctx.out << "paused     " << iso(ctx, p.from) << " .. " << (p.to ? iso(ctx, *p.to) : std::string("now"))
            << "  waiting on the customer, not counted\n";
  if (r.due_at) ctx.out << "due        " << iso(ctx, *r.due_at) << "\n";
  else ctx.out << "due        not yet: waiting on the customer\n";
}

void print_explain(Context& ctx, const RequestView& v) {
  const auto& r = v.request;
  const auto& cal = ctx.calendar();
  auto day = cal.day_length();
  auto segments = clock_segments(r, ctx.now());
  if (r.urgent_minutes) {
    print_explain_wall(ctx, v);
    return;
  }
  if (ctx.opts.json) {
    Json days = Json::array();
    for (const auto& s : segments)
      for (const auto& d : cal.walk(s.from, s.to))
        days.push_back(Json{{"date", format_date(d.date)},
                            {"from_at", iso(ctx, d.from)},
                            {"to_at", iso(ctx, d.to)},
                            {"business_seconds", d.counted.count()},
                            {"counted", !s.paused && d.counted.count() > 0},
                            {"skipped", s.paused && d.counted.count() > 0 ? Json("paused: waiting on the customer")
                                                                          : text_or_null(d.skipped)}});
    ctx.print_json(Json{{"key", r.key()},
                        {"received_at", iso(ctx, r.received_at)},
                        {"clock_started_at", r.clock_start ? Json(iso(ctx, *r.clock_start)) : Json(nullptr)},
                        {"slo_days", r.slo_days},
                        {"budget_seconds", v.clock.budget.count()},
                        {"paused_seconds", v.clock.paused_time.count()},
                        {"due_at", r.due_at ? Json(iso(ctx, *r.due_at)) : Json(nullptr)},
                        {"days", days}});
    return;
  }
  ctx.out << r.key() << ": " << r.type << ", SLO " << r.slo_days << " business day"
          << (r.slo_days == 1 ? "" : "s") << " = " << format_business(v.clock.budget, day)
          << " of business time (" << format_duration(day) << " a day)\n";
  ctx.out << "received   " << iso(ctx, r.received_at) << " via " << to_string(r.via) << "\n";
  if (!r.clock_start) {
    ctx.out << "low priority with no date yet: the SLO clock has not started (sd request schedule)\n";
    return;
  }
  if (*r.clock_start != r.received_at) ctx.out << "clock from " << iso(ctx, *r.clock_start) << " (scheduled)\n";
  std::chrono::seconds counted{0};
  Table t({"DATE", "DAY", "SPAN", "COUNTED", "TOTAL", "NOTE"});
  t.right(3).right(4);
  for (const auto& s : segments) {
    for (const auto& d : cal.walk(s.from, s.to)) {
      std::string span = d.counted.count() > 0 ? format_local_short(d.from, ctx.zone()).substr(11) + "-" +
                                                     format_local_short(d.to, ctx.zone()).substr(11)
                                               : "";
      std::string note = d.skipped;
      std::string c = "";
      if (d.counted.count() > 0) {
        if (s.paused) {
          note = "paused: waiting on the customer";
          c = "(" + format_duration(d.counted) + ")";
        } else {
          counted += d.counted;
          c = format_duration(d.counted);
        }
      }
      t.add({format_date(d.date), date::format("%a", date::weekday{date::sys_days{d.date}}), span, c,
             s.paused ? "" : format_business(counted, day), note});
    }
  }
  t.render(ctx.out, ctx.output());
  if (judged_by_desired(r))
    ctx.out << "SLO due    " << iso(ctx, *r.slo_due_at) << "; the customer's desired time is later, so it is due then\n";
  if (r.due_at) ctx.out << "due        " << iso(ctx, *r.due_at) << "\n";
  else ctx.out << "due        not yet: waiting on the customer since " << iso(ctx, r.pauses.back().from)
               << ", " << format_business(v.clock.left(), day) << " left when it resumes\n";
}


/// The priorities in English, then as the white paper writes them (高, 中, 低):
/// the English words come first in errors and completion.
const Choices<Priority> kPriorities = {{"high", Priority::high}, {"normal", Priority::normal},
                                       {"low", Priority::low},   {"高", Priority::high},
                                       {"中", Priority::normal}, {"低", Priority::low}};
const Choices<Via> kVias = choices_of({Via::backlog, Via::phone, Via::email});
const Choices<EscalationTarget> kTargets = choices_of({EscalationTarget::support_center, EscalationTarget::aws});
const Choices<Status> kStatuses =
    choices_of({Status::open, Status::in_progress, Status::waiting, Status::resolved, Status::closed});
const Choices<Tier> kTierChoices = choices_of({Tier::minor, Tier::impacting, Tier::basic, Tier::advanced});

// ---- new -------------------------------------------------------------------

struct NewOptions {
  NewRequest in;
  std::vector<std::string> fields;
  std::string desired, received;
};
void run_new(NewOptions o, Context& ctx) {
  o.in.fields = parse_fields(o.fields);
  o.in.desired = optional_instant(ctx, o.desired, "--desired");
  o.in.received_at = optional_instant(ctx, o.received, "--received-at");
  o.in.urgent_target = ctx.config().urgent_target;
  auto r = Requests(ctx.desk()).create(o.in);
  ctx.done = r.key() + " was created";
  if (ctx.opts.json) ctx.print_json(to_json(r, json_view(ctx)));
  else ctx.out << r.key() << "\n";
}

// ---- list ------------------------------------------------------------------

struct ListOptions {
  std::string customer, type, assignee, due_before, received_since, received_until;
  std::optional<std::string> grep;
  std::optional<Tier> tier;
  std::optional<Priority> priority;
  std::vector<Status> status;
  bool open = false, overdue = false;
  std::size_t limit = 0;
};
void run_list(const ListOptions& o, Context& ctx) {
  RequestFilter f;
  if (!o.customer.empty()) {
    check_customer_key(o.customer);
    f.customer = o.customer;
  }
  if (!o.type.empty()) f.type = ctx.catalog().at(o.type).code;
  f.tier = o.tier;
  f.statuses = o.status;
  f.priority = o.priority;
  if (!o.assignee.empty()) f.assignee = o.assignee;
  if (o.open || o.overdue) {
    if (!f.statuses.empty()) throw usage_error("--status cannot be combined with --open or --overdue");
    f.statuses.assign(std::begin(kOpenStatuses), std::end(kOpenStatuses));
  }
  f.due_before = optional_instant(ctx, o.due_before, "--due-before");
  f.received_since = optional_instant(ctx, o.received_since, "--received-since");
  f.received_until = optional_instant(ctx, o.received_until, "--received-until");
  f.grep = o.grep;
  if (o.overdue) f.overdue_at = ctx.now();
  // Sorted (--sort), the limit is of the sorted list: every row is read.
  bool sorted = !ctx.opts.shape.sort.empty();
  (sorted ? ctx.opts.shape.limit : f.limit) = o.limit;
  Requests requests(ctx.desk());
  // The table shows no catalog field: it does not read them, unless the
  // rows are sorted by their JSON, which has them.
  stream_list(ctx, [&](auto&& visit) { requests.each(f, ctx.opts.json || sorted, visit); },
              [view = json_view(ctx)](JsonOut& w, const Request& r) { write_json(w, r, view); },
              {"KEY", "TYPE", "PRI", "STATUS", "ASSIGNEE", "DUE", "LEFT", "TITLE"},
              [&](const Request& r) {
                auto c = requests.clock(r);
                return Row({r.key(), r.type, std::string(to_string(r.priority)), std::string(to_string(r.status)),
                            r.assignee, short_time(ctx, r.due_at), left_text(ctx, r, c), r.title},
                           tone_of(request_urgency(ctx, r, c)));
              },
              {6});
}

// ---- show / explain ----------------------------------------------------------

struct KeyOptions {
  std::string key;
};
void run_show(const KeyOptions& o, Context& ctx) { print_show(ctx, Requests(ctx.desk()).view(o.key)); }
void run_explain(const KeyOptions& o, Context& ctx) { print_explain(ctx, Requests(ctx.desk()).view(o.key)); }

// ---- status changes, comment, assign, edit, schedule ---------------------------

struct ActOptions {
  Action action = Action::start;
  std::vector<std::string> keys;  ///< KEY...; a lone "-": one a line on standard input
  std::string note, miss_reason;
  std::optional<std::int64_t> if_version;  ///< --if-version
  bool dry_run = false;
};
void run_act(const ActOptions& o, Context& ctx) {
  auto changed = act_all(ctx.desk(), given_keys(o.keys), o.action, o.note, o.miss_reason, o.if_version, o.dry_run);
  if (!changed.empty() && !o.dry_run)
    ctx.done = join_ticket_keys(changed) + (changed.size() == 1 ? " is now " : " are now ") +
               std::string(to_string(changed.front().status));
  print_changed(ctx, changed, keys_on_stdin(o.keys) || o.keys.size() > 1, o.dry_run, print_request_line);
}

struct CommentOptions {
  std::string key, text, idempotency_key;
  bool internal = false;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_comment(const CommentOptions& o, Context& ctx) {
  auto r = Requests(ctx.desk()).comment(o.key, o.text, o.internal, o.idempotency_key, o.if_version);
  ctx.done = "the comment was added to " + r.key();
  print_request_line(ctx, r);
}

void run_assign(const AssignOptions& o, Context& ctx) {
  run_assign_keys(
      o, ctx, [&](auto&&... a) { return assign_all(ctx.desk(), a...); }, print_request_line);
}

struct EditOptions {
  std::string key, desired;
  std::vector<std::string> fields;
  RequestEdit edit;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_edit(EditOptions o, Context& ctx) {
  o.edit.fields = parse_fields(o.fields);
  o.edit.desired = optional_instant(ctx, o.desired, "--desired");
  if (o.edit.empty())
    throw usage_error("request edit: nothing to change; give --field, --unset, --title, -m, --priority or --desired");
  print_request_line(ctx, Requests(ctx.desk()).edit(o.key, o.edit, o.if_version));
}

struct EscalateOptions {
  std::string key, note;
  EscalationTarget to = EscalationTarget::support_center;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_escalate(const EscalateOptions& o, Context& ctx) {
  print_request_line(ctx, Requests(ctx.desk()).escalate(o.key, o.to, o.note, o.if_version));
}

struct ScheduleOptions {
  std::string key, when, note;
  std::optional<Priority> priority;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_schedule(const ScheduleOptions& o, Context& ctx) {
  auto when = instant_arg(ctx, o.when, "WHEN");
  print_request_line(ctx, Requests(ctx.desk()).schedule(o.key, when, o.priority, o.note, o.if_version));
}

// ---- exempt --------------------------------------------------------------------

struct ExemptOptions {
  std::string key, reason;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_exempt(const ExemptOptions& o, Context& ctx) {
  auto r = Requests(ctx.desk()).exempt(o.key, o.reason, o.if_version);
  if (ctx.opts.json) ctx.print_json(to_json(r, json_view(ctx)));
  else ctx.out << r.key() << "  exempt, approved by " << r.exempt_by << ": " << r.exempt_reason << "\n";
}

// ---- recompute -----------------------------------------------------------------

struct RecomputeOptions {
  std::string key, after;
  std::size_t batch = kRecomputeBatch;
};

// Every request: batch by batch, each committed before the next, the changed
// keys printed as their batch commits. One that fails part way says where
// to resume.
void run_recompute(const RecomputeOptions& o, Context& ctx) {
  Requests requests(ctx.desk());
  if (!o.key.empty()) {
    auto changed = requests.recompute(o.key);
    if (ctx.opts.json) {
      ctx.print_json(Json{{"changed", changed}});
      return;
    }
    for (const auto& k : changed) ctx.out << k << "\n";
    ctx.out << changed.size() << " due time" << (changed.size() == 1 ? "" : "s") << " changed\n";
    return;
  }
  Json changed = Json::array();
  std::string last;
  RecomputeSummary sum;
  // The keys of a batch are printed once it has committed.
  std::optional<StdoutStream> live;
  if (!ctx.opts.json) live.emplace(ctx);
  try {
    sum = requests.recompute_all(given(o.after), o.batch, [&](const RecomputeBatch& b) {
      last = b.last;
      for (const auto& k : b.changed) {
        if (live) live->write(k + "\n");
        else changed.push_back(k);
      }
      if (live) live->flush();
    });
  } catch (const Error& e) {
    if (last.empty()) throw;
    throw Error(e.code(), std::string(e.what()) + "; the requests up to " + last +
                              " were recomputed (resume with 'sd request recompute --after " + last + "')");
  }
  if (ctx.opts.json) {
    ctx.print_json(Json{{"changed", changed},
                        {"checked", sum.checked},
                        {"batches", sum.batches},
                        {"last", sum.last.empty() ? Json(nullptr) : Json(sum.last)}});
    return;
  }
  live->write(std::to_string(sum.changed) + " due time" + (sum.changed == 1 ? "" : "s") + " changed\n");
  live->flush();
}

void register_new(CLI::App& grp, Context& ctx) {
  auto n = std::make_shared<NewOptions>();
  auto* add = grp.add_subcommand("new", "Take a request: checks its fields against the catalog");
  add->add_option("--customer", n->in.customer, "Customer key")->required();
  add->add_option("--type", n->in.type, "Catalog type: its code or Japanese name (see 'sd catalog list')")->required();
  add->add_option("--field", n->fields, "A field as name=value (repeat)");
  add->add_option("--title", n->in.title, "A one-line title (default: the type's name)");
  add_choice(add, "--priority", n->in.priority, kPriorities, "high, normal or low (default normal)");
  add_time(add, "--desired", n->desired, "Desired time (normal: default and earliest is the SLO due time)");
  add->add_option("--assignee", n->in.assignee, "Who works on it (default MSP)");
  add_choice(add, "--via", n->in.via, kVias, "backlog, phone or email (default backlog)");
  add->add_option("--caller", n->in.caller, "The caller's name (required with --via phone)");
  add_time(add, "--received-at", n->received, "When the request was received (default now)");
  add->add_option("-m,--message", n->in.details, "Details needed for the work");
  add->add_flag("--urgent", n->in.urgent,
                "An emergency: high priority, due the config's urgent target (default 4h) after receipt, 24/365");
  add->add_option("--idempotency-key", n->in.idempotency_key, "Retry-safe: a repeat with this key and the same input returns the first result and writes nothing")->type_name("TOKEN");
  add->callback([&ctx, n] { run_new(*n, ctx); });
}

void register_list(CLI::App& grp, Context& ctx) {
  auto l = std::make_shared<ListOptions>();
  auto* list = grp.add_subcommand("list", "List requests by due time, with business time left");
  add_list_options(list, ctx);
  list->add_option("--customer", l->customer, "Only this customer's");
  list->add_option("--type", l->type, "Only this catalog type (code or Japanese name)");
  add_choice(list, "--tier", l->tier, kTierChoices, "Only this tier: minor, impacting, basic, advanced");
  add_choice(list, "--status", l->status, kStatuses, "Only these statuses: open, in-progress, waiting, resolved, closed");
  add_choice(list, "--priority", l->priority, kPriorities, "Only this priority: high, normal, low");
  list->add_option("--assignee", l->assignee, "Only this assignee's");
  list->add_flag("--open", l->open, "Only requests not yet resolved");
  list->add_flag("--overdue", l->overdue, "Only open requests past their due time");
  add_time(list, "--due-before", l->due_before, "Only requests due before this time");
  add_time(list, "--received-since", l->received_since, "Only requests received at or after this time");
  add_time(list, "--received-until", l->received_until, "Only requests received before this time");
  add_optional_text(list, "--grep", l->grep,
                    "Only requests whose title, details or a comment contains TEXT (A-Z in either case)")
      ->type_name("TEXT");
  add_count(list, "--limit", l->limit, 0, "At most this many (0: all)");
  list->callback([&ctx, l] { run_list(*l, ctx); });
}

void register_changes(CLI::App& grp, Context& ctx) {
  const std::pair<Action, const char*> actions[] = {
      {Action::start, "Start work: open -> in-progress"},
      {Action::wait, "Wait on the customer: the SLO clock pauses"},
      {Action::resume, "Resume after waiting: the SLO clock runs again"},
      {Action::resolve, "Resolve; past the due time, --miss-reason is required"},
      {Action::close, "Close a resolved request"},
      {Action::reopen, "Reopen a resolved or closed request"},
  };
  for (const auto& [action, help] : actions) {
    auto o = std::make_shared<ActOptions>();
    o->action = action;
    auto* sub = grp.add_subcommand(std::string(to_string(action)), help);
    sub->add_option("KEY", o->keys, "Ticket keys, or - to read them from standard input, one a line")->required();
    sub->add_option("-m,--message", o->note, "A note for the history of each");
    if (action == Action::resolve)
      sub->add_option("--miss-reason", o->miss_reason, "The nonconformity and its cause, when resolved late");
    add_if_version(sub, o->if_version);
    sub->add_flag("--dry-run", o->dry_run, "Check and print what would change; write nothing");
    sub->callback([&ctx, o] { run_act(*o, ctx); });
  }

  auto c = std::make_shared<CommentOptions>();
  auto* comment = grp.add_subcommand("comment", "Add a comment to the history");
  comment->add_option("KEY", c->key, "Ticket key")->required();
  comment->add_option("-m,--message", c->text, "The comment")->required();
  comment->add_flag("--internal", c->internal, "Desk-only: not for the customer");
  comment->add_option("--idempotency-key", c->idempotency_key, "Retry-safe: a repeat with this key and the same input returns the first result and writes nothing")->type_name("TOKEN");
  add_if_version(comment, c->if_version);
  comment->callback([&ctx, c] { run_comment(*c, ctx); });

  auto as = std::make_shared<AssignOptions>();
  auto* assign = grp.add_subcommand("assign", "Hand requests to someone (a shift's queue: KEY... or -)");
  add_assign_options(*assign, *as,
                     "Ticket keys (or - to read them from standard input, one a line), then ASSIGNEE: who takes "
                     "them (MSP for the desk)",
                     "A note for the history");
  assign->callback([&ctx, as] { run_assign(*as, ctx); });

  auto e = std::make_shared<EditOptions>();
  auto* edit = grp.add_subcommand("edit", "Change fields (rechecked against the catalog), title, details, priority or desired time");
  edit->add_option("KEY", e->key, "Ticket key")->required();
  edit->add_option("--field", e->fields, "Set a field: name=value (repeat)");
  edit->add_option("--unset", e->edit.unset, "Remove an optional field (repeat)");
  edit->add_option("--title", e->edit.title, "New title");
  edit->add_option("-m,--message", e->edit.details, "New details");
  add_choice(edit, "--priority", e->edit.priority, kPriorities, "New priority: high or normal");
  add_time(edit, "--desired", e->desired, "New desired time");
  add_if_version(edit, e->if_version);
  edit->callback([&ctx, e] { run_edit(*e, ctx); });

  auto es = std::make_shared<EscalateOptions>();
  auto* escalate = grp.add_subcommand("escalate", "Escalate: monitoring center -> support center -> AWS support");
  escalate->add_option("KEY", es->key, "Ticket key")->required();
  add_choice(escalate, "--to", es->to, kTargets, "support-center or aws")->required();
  escalate->add_option("-m,--message", es->note, "Why, and what was handed on")->required();
  add_if_version(escalate, es->if_version);
  escalate->callback([&ctx, es] { run_escalate(*es, ctx); });

  auto s = std::make_shared<ScheduleOptions>();
  auto* schedule = grp.add_subcommand("schedule", "Give a low-priority request its date; its SLO clock starts");
  schedule->add_option("KEY", s->key, "Ticket key")->required();
  schedule->add_option("WHEN", s->when, "The agreed date and time")->required();
  add_choice(schedule, "--priority", s->priority, kPriorities,
             "normal (WHEN no earlier than the SLO due time) or high; default: a low request becomes normal, others keep theirs");
  schedule->add_option("-m,--message", s->note, "A note for the history");
  add_if_version(schedule, s->if_version);
  schedule->callback([&ctx, s] { run_schedule(*s, ctx); });

  auto x = std::make_shared<ExemptOptions>();
  auto* exempt = grp.add_subcommand("exempt",
                                    "Exempt a request from attainment for special circumstances the desk approves");
  exempt->add_option("KEY", x->key, "Ticket key")->required();
  exempt->add_option("-m,--message", x->reason, "Why: the special circumstances")->required();
  add_if_version(exempt, x->if_version);
  exempt->callback([&ctx, x] { run_exempt(*x, ctx); });
}

}  // namespace

void register_request(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("request", "Service requests (ご依頼): intake, lifecycle, SLO clock");
  grp->require_subcommand(1);
  register_new(*grp, ctx);
  register_list(*grp, ctx);

  auto sk = std::make_shared<KeyOptions>();
  auto* show = grp->add_subcommand("show", "Show a request: fields, due time, time left, pauses, history");
  show->add_option("KEY", sk->key, "Ticket key, e.g. ACME-12")->required();
  show->callback([&ctx, sk] { run_show(*sk, ctx); });

  auto ek = std::make_shared<KeyOptions>();
  auto* explain = grp->add_subcommand("explain", "Explain the due time day by day: hours counted, days skipped and why, pauses");
  explain->add_option("KEY", ek->key, "Ticket key")->required();
  explain->callback([&ctx, ek] { run_explain(*ek, ctx); });

  register_changes(*grp, ctx);

  auto rk = std::make_shared<RecomputeOptions>();
  auto* recompute = grp->add_subcommand("recompute", "Recompute due times from the events with the current calendar");
  auto* only = recompute->add_option("KEY", rk->key, "Only this ticket (default: every request)");
  recompute->add_option("--after", rk->after, "Resume: every request taken after this one (see --json's last)")
      ->type_name("KEY")
      ->excludes(only);
  add_count(recompute, "--batch", rk->batch, 1,
            "Requests per committed batch (default " + std::to_string(kRecomputeBatch) + ")");
  recompute->callback([&ctx, rk] { run_recompute(*rk, ctx); });
}

}  // namespace sd::cli
