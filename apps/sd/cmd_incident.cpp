// sd incident: failures from alert to recovery notice, on the wall clock:
// the first notification's SLO and SLA, the call tree and the hourly
// interim reports (white paper §3.3.3, §3.3.4, §4.2).
#include "cli.hpp"
#include "commands.hpp"
#include "if_version.hpp"
#include "keys_input.hpp"
#include "supportdesk/incident_moves.hpp"
#include "supportdesk/hooks.hpp"
#include "supportdesk/notice.hpp"
#include "util.hpp"

#include <filesystem>
#include <iostream>
#include <iterator>
#include <sstream>
#include <tuple>

namespace sd::cli {
namespace {

/// What is owed next, for tables: "first SLO 10:15", "interim 11:20", "-".
std::string next_text(Context& ctx, const IncidentClock& c, Instant now) {
  if (c.pending.empty()) return "-";
  const auto& o = c.pending.front();
  std::string target = o.target == "sla" ? "SLA" : "SLO";
  std::string what = o.kind == "first-notification"    ? "first " + target
                     : o.kind == "reopen-notification" ? "reopen " + target
                                                       : "interim";
  auto delta = std::chrono::duration_cast<std::chrono::seconds>(o.due - now);
  std::string when = format_local_short(o.due, ctx.zone()).substr(11);
  return what + " " + when + (delta.count() < 0 ? " (late " + format_duration(-delta) + ")"
                                                : " (in " + format_duration(delta) + ")");
}

std::string met_text(const std::optional<bool>& met) {
  if (!met) return "";
  return *met ? "on time" : "LATE";
}

void print_line(Context& ctx, const Incident& inc) {
  if (ctx.opts.json) {
    ctx.print_json(to_json(inc, json_view(ctx)));
    return;
  }
  ctx.out << inc.key() << "  " << to_string(inc.status) << "  impact " << to_string(inc.impact)
          << "  next " << next_text(ctx, Incidents(ctx.desk()).clock(inc), ctx.now()) << "\n";
}

void print_show(Context& ctx, const IncidentView& v) {
  const auto& i = v.incident;
  if (ctx.opts.json) {
    auto j = to_json(i, json_view(ctx));
    Json timeline = Json::array();
    for (const auto& e : v.events) timeline.push_back(to_json(e, json_view(ctx)));
    Json alerts = Json::array();
    for (const auto& a : v.alerts) alerts.push_back(to_json(a, json_view(ctx)));
    j["alerts"] = alerts;
    j["ci"] = v.ci ? to_json(*v.ci, json_view(ctx)) : Json(nullptr);
    Json interim = Json::array();
    for (const auto& r : v.interim)
      interim.push_back(Json{{"due_at", iso(ctx, r.due)},
                             {"posted_at", r.posted_at ? Json(iso(ctx, *r.posted_at)) : Json(nullptr)},
                             {"late", r.late(ctx.now())}});
    j["interim_reports"] = interim;
    j["followed_by"] = v.followed_by;
    j["problems"] = v.problems;
    j["timeline"] = timeline;
    ctx.print_json(j);
    return;
  }
  // Titles, hosts, notes and alert text may come from a payload or an
  // older store: nothing in them reaches the terminal as a control.
  std::ostringstream os;
  const auto& c = v.clock;
  auto line = [&](const char* label, const std::string& value) { os << label << value << "\n"; };
  auto opt = [&](const std::optional<Instant>& t) { return t ? iso(ctx, *t) : std::string("-"); };
  line("key:          ", i.key());
  line("title:        ", i.title);
  line("status:       ", std::string(to_string(i.status)));
  line("impact:       ", std::string(to_string(i.impact)) +
                             (i.judged_by.empty() ? "  (not judged: deadlines as if impacting)"
                                                  : "  (judged by " + i.judged_by + ")"));
  if (!i.host.empty()) line("host:         ", i.host);
  if (v.ci)
    line("ci:           ", v.ci->name + "  " + v.ci->type + ", " + std::string(to_string(v.ci->status)) +
                               (v.ci->version.empty() ? "" : ", version " + v.ci->version) + "  (see 'sd ci show " +
                               v.ci->name + "')");
  line("via:          ", std::string(to_string(i.via)) + (i.caller.empty() ? "" : "  caller: " + i.caller) +
                             "  priority " + i.priority);
  line("assignee:     ", i.assignee);
  line("received:     ", iso(ctx, i.received_at));
  if (i.detected_at) line("detected:     ", iso(ctx, *i.detected_at));
  if (!i.business_impact.empty()) line("business:     ", i.business_impact);
  line("first notice: ", "SLO " + format_local_short(c.first_slo_due, ctx.zone()) +
                             (c.first_sla_due ? ", SLA " + format_local_short(*c.first_sla_due, ctx.zone()) : ", no SLA"));
  if (c.first_notified_at)
    line("notified:     ", iso(ctx, *c.first_notified_at) + "  SLO " + met_text(c.first_slo_met) +
                               (c.first_sla_met ? ", SLA " + met_text(c.first_sla_met) : ""));
  else if (i.impacting() && (i.first_posted_at || i.first_called_at))
    line("notified:     ", std::string("not yet: ") + (i.first_posted_at ? "posted, no answered call" : "called, not posted") +
                               " (both are needed while it affects service)");
  if (i.follows) line("follows:      ", i.customer + "-" + std::to_string(i.follows));
  if (!v.followed_by.empty()) {
    std::string keys;
    for (const auto& k : v.followed_by) keys += (keys.empty() ? "" : ", ") + k;
    line("followed by:  ", keys);
  }
  if (!v.problems.empty()) line("problems:     ", join_keys(v.problems));
  if (c.reopened_at) {
    line("reopened:     ", iso(ctx, *c.reopened_at) + "  notice SLO " + format_local_short(*c.reopen_slo_due, ctx.zone()) +
                               (c.reopen_sla_due ? ", SLA " + format_local_short(*c.reopen_sla_due, ctx.zone()) : ""));
    if (c.reopen_notified_at)
      line("re-notified:  ", iso(ctx, *c.reopen_notified_at) + "  SLO " + met_text(c.reopen_slo_met) +
                                 (c.reopen_sla_met ? ", SLA " + met_text(c.reopen_sla_met) : ""));
  }
  if (c.next_interim_due) line("next report:  ", iso(ctx, *c.next_interim_due));
  if (!v.interim.empty()) {
    line("interim:      ", std::to_string(v.interim.size()) + " owed, " +
                               std::to_string(interim_late_count(v.interim, ctx.now())) + " late");
    for (const auto& r : v.interim)
      os << "  due " << short_time(ctx, r.due) << "  "
              << (r.posted_at ? "posted " + short_time(ctx, *r.posted_at) : std::string("not posted"))
              << (r.late(ctx.now()) ? "  LATE" : "") << "\n";
  }
  if (!i.escalated_to.empty()) line("escalated to: ", i.escalated_to);
  if (i.recovered_at) line("recovered:    ", iso(ctx, *i.recovered_at) + "  " + i.recovery_action);
  if (i.recovery_notified_at) line("told:         ", iso(ctx, *i.recovery_notified_at) + "  (recovery notice)");
  if (i.confirmed_at) line("confirmed:    ", opt(i.confirmed_at));
  if (i.closed_at) line("closed:       ", opt(i.closed_at));
  if (!i.details.empty()) os << "details:\n" << indented(i.details, "  ");
  if (!v.alerts.empty()) {
    os << "alerts:\n";
    for (const auto& a : v.alerts)
      os << "  " << short_time(ctx, a.received_at) << "  " << a.source << "  "
              << (a.firing ? "firing  " : "resolved") << "  " << a.title << "\n";
  }
  os << "timeline:\n";
  for (const auto& e : v.events) {
    auto data = e.data.empty() ? Json::object() : Json::parse(e.data);
    std::string what = e.kind;
    if (e.kind == "notify") {
      what += " " + data.value("kind", std::string()) + " by " + data.value("via", std::string());
      if (data.contains("contact")) what += " to " + data["contact"].get<std::string>();
      if (data.contains("result")) what += " (" + data["result"].get<std::string>() + ")";
      if (data.value("out_of_order", false)) what += " out of order";
    } else if (e.kind == "judged") {
      what += " " + data.value("from", std::string()) + " -> " + data.value("to", std::string());
    } else if (e.kind == "comment") {
      if (data.value("internal", false)) what += " (internal)";
    } else if (e.kind == "assign") {
      what += " " + data.value("from", std::string()) + " -> " + data.value("to", std::string());
    } else if (e.kind == "edit") {
      std::string fields;
      for (const auto& [field, change] : data.items()) fields += (fields.empty() ? " " : ", ") + field;
      what += fields;
    } else if (e.kind == "reopened") {
      what += " from " + data.value("from", std::string()) + " by alert " + data["alert"].value("identity", std::string());
    } else if (e.kind == "followed") {
      what += " by " + data.value("by", std::string()) + " (alert " + data["alert"].value("identity", std::string()) + ")";
    } else if (e.kind == "escalate") {
      what += " to " + data.value("to", std::string()) + (data.contains("case") ? " case " + data["case"].get<std::string>() : "");
    }
    os << "  " << short_time(ctx, e.at) << "  " << e.actor << "  " << what << "\n";
    if (!e.note.empty()) os << indented(e.note, "      ");
  }
  ctx.out << printable(os.str(), true);
}

/// The template for a message: the user's copy under $XDG_CONFIG_HOME/sd/
/// templates/ first, else the shipped one.
std::string load_template(Context& ctx, const std::string& name) {
  std::string own = config_dir() + "/templates/" + name;
  if (std::filesystem::exists(own)) return read_file(own, "template");
  return read_file(ctx.share_dir() + "/templates/" + name, "template");
}

const Choices<Impact> kJudged = choices_of({Impact::yes, Impact::no});
const Choices<Impact> kImpacts = choices_of({Impact::unjudged, Impact::yes, Impact::no});
const Choices<IncidentVia> kVias =
    choices_of({IncidentVia::monitoring, IncidentVia::backlog, IncidentVia::phone, IncidentVia::email});
/// The priorities in English, then as the white paper writes them (高, 中, 低):
/// the English words come first in errors and completion.
const Choices<Priority> kPriorities = {{"high", Priority::high}, {"normal", Priority::normal},
                                       {"low", Priority::low},   {"高", Priority::high},
                                       {"中", Priority::normal}, {"低", Priority::low}};
const Choices<IncidentStatus> kStatuses = choices_of(
    {IncidentStatus::open, IncidentStatus::recovered, IncidentStatus::confirmed, IncidentStatus::closed});
const Choices<NoticeVia> kNoticeVias = choices_of({NoticeVia::phone, NoticeVia::backlog, NoticeVia::email});
const Choices<CallResult> kResults = choices_of({CallResult::answered, CallResult::no_answer, CallResult::voicemail});
const Choices<NoticeKind> kKinds = choices_of({NoticeKind::first, NoticeKind::interim, NoticeKind::recovery});
const Choices<EscalationTarget> kTargets = choices_of({EscalationTarget::support_center, EscalationTarget::aws});
const Choices<NoticeLang> kLangs = choices_of({NoticeLang::ja, NoticeLang::en});

// ---- open / judge -------------------------------------------------------------

struct OpenOptions {
  NewIncident in;
  std::string received, detected;
};
void run_open(OpenOptions o, Context& ctx) {
  o.in.received_at = optional_instant(ctx, o.received, "--received-at");
  o.in.detected_at = optional_instant(ctx, o.detected, "--detected-at");
  auto inc = Incidents(ctx.desk()).open(o.in);
  ctx.done = inc.key() + " was opened";
  if (ctx.opts.json) ctx.print_json(to_json(inc, json_view(ctx)));
  else ctx.out << inc.key() << "\n";
  fire_hooks(ctx);
}

struct JudgeOptions {
  std::string key, note;
  Impact impact = Impact::yes;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_judge(const JudgeOptions& o, Context& ctx) {
  print_line(ctx, Incidents(ctx.desk()).judge(o.key, o.impact, o.note, o.if_version));
  fire_hooks(ctx);
}

// ---- list / show / calls ---------------------------------------------------------

struct ListOptions {
  std::string customer, assignee, received_since, received_until;
  std::optional<std::string> grep;
  std::optional<Impact> impact;
  std::vector<IncidentStatus> status;
  bool all = false, breached = false;
};
void run_list(const ListOptions& o, Context& ctx) {
  IncidentFilter f;
  if (!o.customer.empty()) {
    check_customer_key(o.customer);
    f.customer = o.customer;
  }
  f.statuses = o.status;
  f.impact = o.impact;
  if (!o.assignee.empty()) f.assignee = o.assignee;
  f.received_since = optional_instant(ctx, o.received_since, "--received-since");
  f.received_until = optional_instant(ctx, o.received_until, "--received-until");
  f.grep = o.grep;
  if (f.statuses.empty() && !o.all) f.statuses.assign(std::begin(kOpenIncidentStatuses), std::end(kOpenIncidentStatuses));
  auto& desk = ctx.desk();
  Incidents incidents(desk);
  auto now = ctx.now();
  auto each = [&](auto&& visit) {
    if (o.breached) incidents.each_breached(f, visit);
    else incidents.each(f, visit);
  };
  stream_list(ctx, each, [view = json_view(ctx)](JsonOut& w, const Incident& inc) { write_json(w, inc, view); },
              {"KEY", "IMPACT", "STATUS", "ASSIGNEE", "RECEIVED", "NOTIFIED", "NEXT", "TITLE"},
              [&](const Incident& inc) {
                auto c = incidents.clock(inc);
                std::string notified = inc.first_notified_at
                                           ? format_local_short(*inc.first_notified_at, ctx.zone()).substr(11) +
                                                 (c.first_slo_met == false ? " late" : "")
                                           : "-";
                return Row({inc.key(), std::string(to_string(inc.impact)), std::string(to_string(inc.status)),
                            inc.assignee, short_time(ctx, inc.received_at), notified, next_text(ctx, c, now),
                            inc.title},
                           tone_of(incident_urgency(c, now)));
              });
}

struct KeyOptions {
  std::string key;
};
void run_show(const KeyOptions& o, Context& ctx) { print_show(ctx, Incidents(ctx.desk()).view(o.key)); }

void run_calls(const KeyOptions& o, Context& ctx) {
  auto entries = Incidents(ctx.desk()).calls(o.key);
  if (!ctx.opts.json && entries.empty()) {
    ctx.out << "no contacts: add them with 'sd contact add'\n";
    return;
  }
  print_list(ctx, entries,
             [&](const CallEntry& e) {
               auto c = to_json(e.contact);
               Json made = Json::array();
               for (const auto& call : e.calls) {
                 auto data = Json::parse(call.data);
                 made.push_back(Json{{"at", iso(ctx, call.at)}, {"actor", call.actor}, {"result", data.value("result", "")},
                                     {"out_of_order", data.value("out_of_order", false)}, {"note", call.note}});
               }
               c["calls"] = made;
               return c;
             },
             {"ORDER", "NAME", "PHONE", "ROLE", "CALLED"},
             [&](const CallEntry& e) {
               std::string called;
               for (const auto& call : e.calls)
                 called += (called.empty() ? "" : ", ") + format_local_short(call.at, ctx.zone()).substr(11) + " " +
                           Json::parse(call.data).value("result", std::string());
               return std::vector<std::string>{std::to_string(e.contact.position), e.contact.name, e.contact.phone,
                                               e.contact.role, called.empty() ? "-" : called};
             },
             {0});
}

// ---- notify / update / escalate / recover / confirm / close -------------------------

struct NotifyOptions {
  std::string key;
  NotifyInput in;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_notify(const NotifyOptions& o, Context& ctx) {
  print_line(ctx, Incidents(ctx.desk()).notify(o.key, o.in, o.if_version));
  fire_hooks(ctx);
}

struct TextOptions {
  std::string key, text;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_update(const TextOptions& o, Context& ctx) {
  print_line(ctx, Incidents(ctx.desk()).update(o.key, o.text, o.if_version));
  fire_hooks(ctx);
}

struct CommentOptions {
  std::string key, text, idempotency_key;
  bool internal = false;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_comment(const CommentOptions& o, Context& ctx) {
  auto inc = Incidents(ctx.desk()).comment(o.key, o.text, o.internal, o.idempotency_key, o.if_version);
  ctx.done = "the comment was added to " + inc.key();
  print_line(ctx, inc);
  fire_hooks(ctx);
}

struct EditOptions {
  std::string key;
  IncidentEdit edit;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_edit(const EditOptions& o, Context& ctx) {
  if (o.edit.empty())
    throw usage_error("incident edit: nothing to change; give --title, --host, --impact, --priority, "
                      "--business-impact or -m");
  print_line(ctx, Incidents(ctx.desk()).edit(o.key, o.edit, o.if_version));
  fire_hooks(ctx);
}

void run_assign(const AssignOptions& o, Context& ctx) {
  run_assign_keys(
      o, ctx, [&](auto&&... a) { return assign_incidents(ctx.desk(), a...); }, print_line);
  fire_hooks(ctx);
}

struct EscalateOptions {
  std::string key, case_id, note;
  EscalationTarget to = EscalationTarget::support_center;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_escalate(const EscalateOptions& o, Context& ctx) {
  print_line(ctx, Incidents(ctx.desk()).escalate(o.key, o.to, o.case_id, o.note, o.if_version));
  fire_hooks(ctx);
}

struct RecoverOptions {
  std::string key, at, action;
  std::optional<std::int64_t> if_version;  ///< --if-version
};
void run_recover(const RecoverOptions& o, Context& ctx) {
  auto at = optional_instant(ctx, o.at, "--at");
  print_line(ctx, Incidents(ctx.desk()).recover(o.key, at, o.action, o.if_version));
  fire_hooks(ctx);
}

/// confirm and close: KEY... or -, all or nothing.
struct EndOptions {
  bool close = false;             ///< else confirm
  std::vector<std::string> keys;  ///< KEY...; a lone "-": one a line on standard input
  std::string text;
  std::optional<std::int64_t> if_version;  ///< --if-version
  bool dry_run = false;
};
void run_end(const EndOptions& o, Context& ctx) {
  auto keys = given_keys(o.keys);
  auto changed = o.close ? close_incidents(ctx.desk(), keys, o.text, o.if_version, o.dry_run)
                         : confirm_incidents(ctx.desk(), keys, o.text, o.if_version, o.dry_run);
  if (!changed.empty() && !o.dry_run)
    ctx.done = join_ticket_keys(changed) + (changed.size() == 1 ? " is now " : " are now ") +
               std::string(to_string(changed.front().status));
  print_changed(ctx, changed, keys_on_stdin(o.keys) || o.keys.size() > 1, o.dry_run, print_line);
  fire_hooks(ctx);
}

// ---- message / check ------------------------------------------------------------------

struct MessageOptions {
  std::string key, situation;
  NoticeKind kind = NoticeKind::first;
  NoticeLang lang = NoticeLang::ja;
};
void run_message(const MessageOptions& o, Context& ctx) {
  // The current situation is what is written now (-m TEXT, -m - or -F FILE).
  std::string situation = o.situation;
  while (!situation.empty() && (situation.back() == '\n' || situation.back() == '\r')) situation.pop_back();
  check_text(situation, "message");
  auto& desk = ctx.desk();
  auto v = Incidents(desk).view(o.key);
  auto cust = Customers(desk).get(v.incident.customer);
  NoticeFacts facts{&v, &cust, o.kind, o.lang, desk_name(ctx.config(), to_string(o.lang)),
                    situation, ctx.now(), ctx.zone(), desk.policy};
  auto name = notice_template_name(o.kind, o.lang);
  auto text = render_template(load_template(ctx, name), notice_values(facts), name);
  if (ctx.opts.json)
    ctx.print_json(Json{{"key", v.incident.key()}, {"kind", to_string(o.kind)}, {"lang", to_string(o.lang)}, {"text", text}});
  else
    ctx.out << text << (text.empty() || text.back() == '\n' ? "" : "\n");
}

struct CheckOptions {
  int warn = static_cast<int>(kIncidentDueSoon.count());
  std::string customer;
};
void run_check(const CheckOptions& o, Context& ctx) {
  auto items = Incidents(ctx.desk()).check(std::chrono::minutes{o.warn}, given(o.customer));
  // Alerts waiting in the inbox owe their first notice too; they belong to
  // no customer yet, so a check of one customer leaves them out.
  std::vector<UnplacedAlert> waiting;
  if (o.customer.empty()) waiting = AlertIntake(ctx.desk(), ctx.config().max_payload_bytes).unplaced(std::chrono::minutes{o.warn});
  NagiosResult r;
  r.service = "SD INCIDENT";
  auto t = tally(items);
  auto w = tally(waiting);
  r.worst = std::max(t.worst, w.worst);
  int soon = t.due_soon + w.due_soon, missed = t.missed + w.missed;
  r.summary = std::to_string(missed) + " deadline" + (missed == 1 ? "" : "s") + " missed, " + std::to_string(soon) +
              " due within " + std::to_string(o.warn) + "m, " + std::to_string(items.size()) + " open obligation" +
              (items.size() == 1 ? "" : "s");
  if (!waiting.empty())
    r.summary += ", " + std::to_string(waiting.size()) + " alert payload" + (waiting.size() == 1 ? "" : "s") +
                 " not placed";
  r.counts = Json{{"missed", missed}, {"due_soon", soon}, {"open", items.size()}, {"unplaced", waiting.size()}};
  r.perf = {{"missed", missed, std::nullopt, 1},
            {"due_soon", soon, 1, std::nullopt},
            {"open", static_cast<std::int64_t>(items.size()), std::nullopt, std::nullopt},
            {"unplaced", static_cast<std::int64_t>(waiting.size()), 1, std::nullopt}};
  r.list_name = "obligations";
  auto when = [&](Instant due) {
    auto delta = std::chrono::duration_cast<std::chrono::seconds>(due - ctx.now());
    return iso(ctx, due) + ", " + (delta.count() < 0 ? format_duration(-delta) + " late" : "in " + format_duration(delta));
  };
  for (const auto& u : waiting) {
    auto j = to_json(u.obligation, json_view(ctx));
    j["key"] = nullptr;
    j["inbox_id"] = u.item.id;
    j["state"] = nagios_word(u.state);
    r.items.push_back(j);
    r.lines.push_back(std::string(nagios_word(u.state)) + " inbox #" + std::to_string(u.item.id) +
                      " first notification (SLO) due " + when(u.obligation.due) + "  not placed: " +
                      truncate_to_width(u.item.reason, 60));
  }
  for (const auto& it : items) {
    const auto& ob = it.obligation;
    auto j = to_json(ob, json_view(ctx));
    j["key"] = it.incident.key();
    j["state"] = nagios_word(it.state);
    r.items.push_back(j);
    std::string target = ob.target == "sla" ? "SLA" : "SLO";
    std::string what = ob.kind == "first-notification"    ? "first notification (" + target + ")"
                       : ob.kind == "reopen-notification" ? "notification of the new firing (" + target + ")"
                                                          : "interim report";
    r.lines.push_back(std::string(nagios_word(it.state)) + " " + it.incident.key() + " " + what + " due " +
                      when(ob.due) + "  " + it.incident.title);
  }
  print_nagios(ctx, r);
  fire_hooks(ctx);
}

void register_intake(CLI::App& grp, Context& ctx) {
  auto o = std::make_shared<OpenOptions>();
  auto* open = grp.add_subcommand("open", "Open an incident from a customer's report or an alert");
  open->add_option("--customer", o->in.customer, "Customer key")->required();
  open->add_option("--host", o->in.host, "The host affected");
  add_choice(open, "--impact", o->in.impact, kJudged, "Service impact: yes or no (default: not judged, deadlines as if yes)");
  add_time(open, "--received-at", o->received, "When the report or alert was received: starts the clock (default now)");
  add_time(open, "--detected-at", o->detected, "When the failure was detected");
  add_choice(open, "--via", o->in.via, kVias, "monitoring, backlog, phone or email (default backlog)");
  open->add_option("--caller", o->in.caller, "Who reported it: the caller or the sender");
  add_choice(open, "--priority", o->in.priority, kPriorities, "high, normal or low (default high)");
  open->add_option("--business-impact", o->in.business_impact, "The impact on the customer's business");
  open->add_option("--title", o->in.title, "A one-line title");
  open->add_option("-m,--message", o->in.details, "Details");
  open->add_option("--idempotency-key", o->in.idempotency_key, "Retry-safe: a repeat with this key and the same input returns the first result and writes nothing")->type_name("TOKEN");
  open->callback([&ctx, o] { run_open(*o, ctx); });

  auto j = std::make_shared<JudgeOptions>();
  auto* judge = grp.add_subcommand("judge", "Judge the service impact: it sets the deadlines");
  judge->add_option("KEY", j->key, "Incident key, e.g. ACME-43")->required();
  add_choice(judge, "--impact", j->impact, kJudged, "yes or no")->required();
  judge->add_option("-m,--message", j->note, "Why");
  add_if_version(judge, j->if_version);
  judge->callback([&ctx, j] { run_judge(*j, ctx); });
}

void register_views(CLI::App& grp, Context& ctx) {
  auto l = std::make_shared<ListOptions>();
  auto* list = grp.add_subcommand("list", "List incidents not closed (or --all), with what is owed next");
  add_list_options(list, ctx);
  list->add_option("--customer", l->customer, "Only this customer's");
  list->add_option("--assignee", l->assignee, "Only those this person owns (MSP: the desk)");
  add_choice(list, "--status", l->status, kStatuses, "Only these: open, recovered, confirmed, closed");
  add_choice(list, "--impact", l->impact, kImpacts, "Only this impact: unjudged, yes, no");
  list->add_flag("--all", l->all, "Closed ones too");
  list->add_flag("--breached", l->breached, "Only those that missed a deadline (SLO, SLA or an interim report)");
  add_time(list, "--received-since", l->received_since, "Only those received at or after this time");
  add_time(list, "--received-until", l->received_until, "Only those received before this time");
  add_optional_text(list, "--grep", l->grep,
                    "Only those whose title, details or a comment contains TEXT (A-Z in either case)")
      ->type_name("TEXT");
  list->callback([&ctx, l] { run_list(*l, ctx); });

  auto s = std::make_shared<KeyOptions>();
  auto* show = grp.add_subcommand("show", "Show an incident: clock, deadlines met or missed, alerts, timeline");
  show->add_option("KEY", s->key, "Incident key")->required();
  show->callback([&ctx, s] { run_show(*s, ctx); });

  auto c = std::make_shared<KeyOptions>();
  auto* calls = grp.add_subcommand("calls", "The customer's contacts in call order, and who has been called");
  calls->add_option("KEY", c->key, "Incident key")->required();
  calls->callback([&ctx, c] { run_calls(*c, ctx); });
}

void register_changes(CLI::App& grp, Context& ctx) {
  auto n = std::make_shared<NotifyOptions>();
  auto* notify = grp.add_subcommand("notify", "Record a notification: a Backlog post, an email, or a call and its result");
  notify->add_option("KEY", n->key, "Incident key")->required();
  add_choice(notify, "--via", n->in.via, kNoticeVias, "phone, backlog or email")->required();
  notify->add_option("--contact", n->in.contact, "Who was called: a contact's name or place in the call order");
  add_choice(notify, "--result", n->in.result, kResults, "For a call: answered, no-answer or voicemail");
  add_choice(notify, "--kind", n->in.kind, kKinds, "first, interim or recovery (default: by the incident's state)");
  notify->add_option("-m,--message", n->in.text, "What was said or posted; with --out-of-order, why");
  notify->add_flag("--out-of-order", n->in.out_of_order,
                   "A call out of the customer's call order, on purpose: -m says why");
  add_if_version(notify, n->if_version);
  notify->callback([&ctx, n] { run_notify(*n, ctx); });

  auto u = std::make_shared<TextOptions>();
  auto* update = grp.add_subcommand("update", "Post an interim report (the hourly one, until recovery)");
  update->add_option("KEY", u->key, "Incident key")->required();
  update->add_option("-m,--message", u->text, "The report")->required();
  add_if_version(update, u->if_version);
  update->callback([&ctx, u] { run_update(*u, ctx); });

  auto cm = std::make_shared<CommentOptions>();
  auto* comment = grp.add_subcommand("comment", "Add a note to the timeline: not a notice, it moves no deadline");
  comment->add_option("KEY", cm->key, "Incident key")->required();
  comment->add_option("-m,--message", cm->text, "The note")->required();
  comment->add_flag("--internal", cm->internal, "Desk-only: never in a message to the customer");
  comment->add_option("--idempotency-key", cm->idempotency_key, "Retry-safe: a repeat with this key and the same input returns the first result and writes nothing")->type_name("TOKEN");
  add_if_version(comment, cm->if_version);
  comment->callback([&ctx, cm] { run_comment(*cm, ctx); });

  auto ed = std::make_shared<EditOptions>();
  auto* edit = grp.add_subcommand("edit", "Correct the title, host, impact, priority or details (audited)");
  edit->add_option("KEY", ed->key, "Incident key")->required();
  edit->add_option("--title", ed->edit.title, "New title");
  edit->add_option("--host", ed->edit.host, "New host");
  add_choice(edit, "--impact", ed->edit.impact, kJudged, "Judge the impact anew: yes or no (as 'judge' does)");
  add_choice(edit, "--priority", ed->edit.priority, kPriorities, "New priority: high, normal or low");
  edit->add_option("--business-impact", ed->edit.business_impact, "New business impact");
  edit->add_option("-m,--message", ed->edit.details, "New details");
  add_if_version(edit, ed->if_version);
  edit->callback([&ctx, ed] { run_edit(*ed, ctx); });

  auto as = std::make_shared<AssignOptions>();
  auto* assign = grp.add_subcommand("assign", "Set who owns incidents (a shift's: KEY... or -)");
  add_assign_options(*assign, *as,
                     "Incident keys (or - to read them from standard input, one a line), then ASSIGNEE: who owns "
                     "them (MSP for the desk)",
                     "A note for the timeline");
  assign->callback([&ctx, as] { run_assign(*as, ctx); });

  auto e = std::make_shared<EscalateOptions>();
  auto* escalate = grp.add_subcommand("escalate", "Escalate: monitoring center -> support center -> AWS support");
  escalate->add_option("KEY", e->key, "Incident key")->required();
  add_choice(escalate, "--to", e->to, kTargets, "support-center or aws")->required();
  escalate->add_option("--case", e->case_id, "The AWS support case id");
  escalate->add_option("-m,--message", e->note, "A note");
  add_if_version(escalate, e->if_version);
  escalate->callback([&ctx, e] { run_escalate(*e, ctx); });

  auto r = std::make_shared<RecoverOptions>();
  auto* recover = grp.add_subcommand("recover", "Record the recovery and what was done");
  recover->add_option("KEY", r->key, "Incident key")->required();
  add_time(recover, "--at", r->at, "When service recovered (default now)");
  recover->add_option("-m,--message", r->action, "The recovery action")->required();
  add_if_version(recover, r->if_version);
  recover->callback([&ctx, r] { run_recover(*r, ctx); });

  const std::tuple<bool, const char*, const char*> ends[] = {
      {false, "confirm", "Confirm the recovery worked (KEY... or -: all or nothing)"},
      {true, "close", "Close confirmed incidents, once each customer has had the recovery notice"},
  };
  for (const auto& [closing, name, help] : ends) {
    auto o = std::make_shared<EndOptions>();
    o->close = closing;
    auto* sub = grp.add_subcommand(name, help);
    sub->add_option("KEY", o->keys, "Incident keys, or - to read them from standard input, one a line")->required();
    sub->add_option("-m,--message", o->text, closing ? "A note" : "How it was confirmed");
    add_if_version(sub, o->if_version);
    sub->add_flag("--dry-run", o->dry_run, "Check and print what would change; write nothing");
    sub->callback([&ctx, o] { run_end(*o, ctx); });
  }
}

}  // namespace

void register_incident(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("incident", "Incidents (障害): notification clock, call tree, recovery");
  grp->require_subcommand(1);
  register_intake(*grp, ctx);
  register_views(*grp, ctx);
  register_changes(*grp, ctx);

  auto m = std::make_shared<MessageOptions>();
  auto* message = grp->add_subcommand("message", "The text to post on Backlog or read on the phone, from templates");
  message->add_option("KEY", m->key, "Incident key")->required();
  add_choice(message, "--kind", m->kind, kKinds, "first, interim or recovery")->required();
  add_choice(message, "--lang", m->lang, kLangs, "ja (default) or en");
  message->add_option("-m,--message", m->situation, "The current situation to report (- reads standard input)");
  message->callback([&ctx, m] { run_message(*m, ctx); });

  auto ck = std::make_shared<CheckOptions>();
  auto* check = grp->add_subcommand("check", "For cron and monitoring (Nagios): 0 OK, 1 due soon, 2 missed, 3 unknown");
  check->add_option("--warn", ck->warn, "WARNING when a deadline is this many minutes away or less (default 5)");
  complete_with(check->add_option("--customer", ck->customer, "Only this customer's incidents"), Complete::customers);
  check->callback([&ctx, ck] { run_check(*ck, ctx); });
}

}  // namespace sd::cli
