// sd incident: failures from alert to recovery notice, on the wall clock:
// the first notification's SLO and SLA, the call tree and the hourly
// interim reports (white paper §3.3.3, §3.3.4, §4.2).
#include "commands.hpp"
#include "completion.hpp"
#include "supportdesk/hooks.hpp"
#include "table.hpp"
#include "util.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>

namespace sd::cli {
namespace {

/// What is owed next, for tables: "first SLO 10:15", "interim 11:20", "-".
std::string next_text(Context& ctx, const IncidentClock& c, Instant now) {
  if (c.pending.empty()) return "-";
  const auto& o = c.pending.front();
  std::string what = o.kind == "first-notification" ? "first " + std::string(o.target == "sla" ? "SLA" : "SLO")
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

void print_line(Context& ctx, Desk& desk, const Incident& inc) {
  if (ctx.opts.json) {
    ctx.print_json(desk.to_json(inc));
    return;
  }
  ctx.out << inc.key() << "  " << to_string(inc.status) << "  impact " << to_string(inc.impact)
          << "  next " << next_text(ctx, incident_clock(inc), ctx.now()) << "\n";
}

void print_show(Context& ctx, Desk& desk, const IncidentView& v) {
  const auto& i = v.incident;
  if (ctx.opts.json) {
    auto j = desk.to_json(i);
    Json timeline = Json::array();
    for (const auto& e : v.events) timeline.push_back(desk.to_json(e));
    Json alerts = Json::array();
    for (const auto& a : v.alerts) alerts.push_back(desk.to_json(a));
    j["alerts"] = alerts;
    j["timeline"] = timeline;
    ctx.print_json(j);
    return;
  }
  const auto& c = v.clock;
  auto line = [&](const char* label, const std::string& value) { ctx.out << label << value << "\n"; };
  auto opt = [&](const std::optional<Instant>& t) { return t ? iso(ctx, *t) : std::string("-"); };
  line("key:          ", i.key());
  line("title:        ", i.title);
  line("status:       ", std::string(to_string(i.status)));
  line("impact:       ", std::string(to_string(i.impact)) +
                             (i.judged_by.empty() ? "  (not judged: deadlines as if impacting)"
                                                  : "  (judged by " + i.judged_by + ")"));
  if (!i.host.empty()) line("host:         ", i.host);
  line("via:          ", std::string(to_string(i.via)) + "  priority " + i.priority);
  line("received:     ", iso(ctx, i.received_at));
  if (i.detected_at) line("detected:     ", iso(ctx, *i.detected_at));
  if (!i.business_impact.empty()) line("business:     ", i.business_impact);
  line("first notice: ", "SLO " + format_local_short(c.first_slo_due, ctx.zone()) +
                             (c.first_sla_due ? ", SLA " + format_local_short(*c.first_sla_due, ctx.zone()) : ", no SLA"));
  if (c.first_notified_at)
    line("notified:     ", iso(ctx, *c.first_notified_at) + "  SLO " + met_text(c.first_slo_met) +
                               (c.first_sla_met ? ", SLA " + met_text(c.first_sla_met) : ""));
  if (c.next_interim_due) line("next report:  ", iso(ctx, *c.next_interim_due));
  if (!i.escalated_to.empty()) line("escalated to: ", i.escalated_to);
  if (i.recovered_at) line("recovered:    ", iso(ctx, *i.recovered_at) + "  " + i.recovery_action);
  if (i.recovery_notified_at) line("told:         ", iso(ctx, *i.recovery_notified_at) + "  (recovery notice)");
  if (i.confirmed_at) line("confirmed:    ", opt(i.confirmed_at));
  if (i.closed_at) line("closed:       ", opt(i.closed_at));
  if (!i.details.empty()) ctx.out << "details:\n  " << i.details << "\n";
  if (!v.alerts.empty()) {
    ctx.out << "alerts:\n";
    for (const auto& a : v.alerts)
      ctx.out << "  " << short_time(ctx, a.received_at) << "  " << a.source << "  "
              << (a.firing ? "firing  " : "resolved") << "  " << a.title << "\n";
  }
  ctx.out << "timeline:\n";
  for (const auto& e : v.events) {
    auto data = e.data.empty() ? Json::object() : Json::parse(e.data);
    std::string what = e.kind;
    if (e.kind == "notify") {
      what += " " + data.value("kind", std::string()) + " by " + data.value("via", std::string());
      if (data.contains("contact")) what += " to " + data["contact"].get<std::string>();
      if (data.contains("result")) what += " (" + data["result"].get<std::string>() + ")";
    } else if (e.kind == "judged") {
      what += " " + data.value("from", std::string()) + " -> " + data.value("to", std::string());
    } else if (e.kind == "escalate") {
      what += " to " + data.value("to", std::string()) + (data.contains("case") ? " case " + data["case"].get<std::string>() : "");
    }
    ctx.out << "  " << short_time(ctx, e.at) << "  " << e.actor << "  " << what << "\n";
    if (!e.note.empty()) ctx.out << "      " << e.note << "\n";
  }
}

/// The template for a message: the user's copy under $XDG_CONFIG_HOME/sd/
/// templates/ first, else the shipped one.
std::string load_template(Context& ctx, const std::string& kind, const std::string& lang) {
  std::string name = "incident-" + kind + "." + lang + ".txt";
  std::string own = config_dir() + "/templates/" + name;
  if (std::filesystem::exists(own)) return read_file(own, "template");
  return read_file(ctx.share_dir() + "/templates/" + name, "template");
}

std::string ymd_hm(Context& ctx, const std::optional<Instant>& t) {
  return t ? format_local_short(*t, ctx.zone()) : std::string();
}

}  // namespace

void register_incident(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("incident", "Incidents (障害): notification clock, call tree, recovery");
  grp->require_subcommand(1);

  // --- open
  struct OpenOpts { NewIncident in; std::string received, detected; };
  auto o = std::make_shared<OpenOpts>();
  auto* open = grp->add_subcommand("open", "Open an incident from a customer's report or an alert");
  open->add_option("--customer", o->in.customer, "Customer key")->required();
  open->add_option("--host", o->in.host, "The host affected");
  complete_choices(open->add_option("--impact", o->in.impact, "Service impact: yes or no (default: not judged, deadlines as if yes)"),
                   {"yes", "no"});
  open->add_option("--received-at", o->received, "When the report or alert was received: starts the clock (default now)");
  open->add_option("--detected-at", o->detected, "When the failure was detected");
  open->add_option("--via", o->in.via, "monitoring, backlog or phone (default backlog)");
  open->add_option("--priority", o->in.priority, "high, normal or low (default high)");
  open->add_option("--business-impact", o->in.business_impact, "The impact on the customer's business");
  open->add_option("--title", o->in.title, "A one-line title");
  open->add_option("-m,--message", o->in.details, "Details");
  open->callback([&ctx, o] {
    o->in.received_at = optional_instant(ctx, o->received, "--received-at");
    o->in.detected_at = optional_instant(ctx, o->detected, "--detected-at");
    auto desk = open_desk(ctx);
    auto inc = desk.open_incident(o->in);
    if (ctx.opts.json) ctx.print_json(desk.to_json(inc));
    else ctx.out << inc.key() << "\n";
    fire_hooks(desk);
  });

  // --- judge
  struct JudgeOpts { std::string key, impact, note; };
  auto j = std::make_shared<JudgeOpts>();
  auto* judge = grp->add_subcommand("judge", "Judge the service impact: it sets the deadlines");
  judge->add_option("KEY", j->key, "Incident key, e.g. ACME-43")->required();
  complete_choices(judge->add_option("--impact", j->impact, "yes or no")->required(), {"yes", "no"});
  judge->add_option("-m,--message", j->note, "Why");
  judge->callback([&ctx, j] {
    auto desk = open_desk(ctx);
    print_line(ctx, desk, desk.judge_incident(j->key, j->impact, j->note));
    fire_hooks(desk);
  });

  // --- list
  struct ListOpts { std::string customer, impact; std::vector<std::string> status; bool all = false, breached = false; };
  auto l = std::make_shared<ListOpts>();
  auto* list = grp->add_subcommand("list", "List incidents not closed (or --all), with what is owed next");
  list->add_option("--customer", l->customer, "Only this customer's");
  list->add_option("--status", l->status, "Only these: open, recovered, confirmed, closed");
  complete_choices(list->add_option("--impact", l->impact, "Only this impact: unjudged, yes, no"), {"unjudged", "yes", "no"});
  list->add_flag("--all", l->all, "Closed ones too");
  list->add_flag("--breached", l->breached, "Only those that missed a deadline (SLO, SLA or an interim report)");
  list->callback([&ctx, l] {
    IncidentFilter f;
    if (!l->customer.empty()) { check_customer_key(l->customer); f.customer = l->customer; }
    for (const auto& s : l->status) {
      if (!incident_status_from(s)) throw data_error("--status: '" + s + "' is not allowed; use open, recovered, confirmed or closed");
      f.statuses.push_back(s);
    }
    if (!l->impact.empty()) {
      if (l->impact != "unjudged" && !impact_from(l->impact))
        throw data_error("--impact: '" + l->impact + "' is not allowed; use unjudged, yes or no");
      f.impact = l->impact;
    }
    if (f.statuses.empty() && !l->all) f.statuses = {"open", "recovered", "confirmed"};
    auto desk = open_desk(ctx);
    auto all = desk.incidents(f);
    auto now = ctx.now();
    std::vector<Incident> shown;
    for (auto& inc : all) {
      auto c = incident_clock(inc);
      bool breached = (c.first_slo_met && !*c.first_slo_met) || (c.first_sla_met && !*c.first_sla_met);
      for (const auto& p : c.pending) breached = breached || now > p.due;
      if (!l->breached || breached) shown.push_back(inc);
    }
    if (ctx.opts.json) {
      Json out = Json::array();
      for (const auto& inc : shown) out.push_back(desk.to_json(inc));
      ctx.print_json(out);
      return;
    }
    Table t({"KEY", "IMPACT", "STATUS", "RECEIVED", "NOTIFIED", "NEXT", "TITLE"});
    for (const auto& inc : shown) {
      auto c = incident_clock(inc);
      std::string notified = inc.first_notified_at
                                 ? format_local_short(*inc.first_notified_at, ctx.zone()).substr(11) +
                                       (c.first_slo_met == false ? " late" : "")
                                 : "-";
      t.add({inc.key(), std::string(to_string(inc.impact)), std::string(to_string(inc.status)),
             short_time(ctx, inc.received_at), notified, next_text(ctx, c, now), truncate_to_width(inc.title, 40)});
    }
    t.render(ctx.out);
  });

  // --- show / calls
  auto show_key = std::make_shared<std::string>();
  auto* show = grp->add_subcommand("show", "Show an incident: clock, deadlines met or missed, alerts, timeline");
  show->add_option("KEY", *show_key, "Incident key")->required();
  show->callback([&ctx, show_key] {
    auto desk = open_desk(ctx);
    print_show(ctx, desk, desk.incident_view(*show_key));
  });

  auto calls_key = std::make_shared<std::string>();
  auto* calls = grp->add_subcommand("calls", "The customer's contacts in call order, and who has been called");
  calls->add_option("KEY", *calls_key, "Incident key")->required();
  calls->callback([&ctx, calls_key] {
    auto desk = open_desk(ctx);
    auto entries = desk.calls(*calls_key);
    if (ctx.opts.json) {
      Json out = Json::array();
      for (const auto& e : entries) {
        auto c = desk.to_json(e.contact);
        Json made = Json::array();
        for (const auto& call : e.calls) {
          auto data = Json::parse(call.data);
          made.push_back(Json{{"at", iso(ctx, call.at)}, {"actor", call.actor}, {"result", data.value("result", "")}});
        }
        c["calls"] = made;
        out.push_back(c);
      }
      ctx.print_json(out);
      return;
    }
    if (entries.empty()) {
      ctx.out << "no contacts: add them with 'sd contact add'\n";
      return;
    }
    Table t({"ORDER", "NAME", "PHONE", "ROLE", "CALLED"});
    t.right(0);
    for (const auto& e : entries) {
      std::string called;
      for (const auto& call : e.calls)
        called += (called.empty() ? "" : ", ") + format_local_short(call.at, ctx.zone()).substr(11) + " " +
                  Json::parse(call.data).value("result", std::string());
      t.add({std::to_string(e.contact.position), e.contact.name, e.contact.phone, e.contact.role,
             called.empty() ? "-" : called});
    }
    t.render(ctx.out);
  });

  // --- notify / update / escalate
  struct NotifyOpts { std::string key; NotifyInput in; };
  auto n = std::make_shared<NotifyOpts>();
  auto* notify = grp->add_subcommand("notify", "Record a notification: a Backlog post, an email, or a call and its result");
  notify->add_option("KEY", n->key, "Incident key")->required();
  complete_choices(notify->add_option("--via", n->in.via, "phone, backlog or email")->required(),
                   {"phone", "backlog", "email"});
  notify->add_option("--contact", n->in.contact, "Who was called: a contact's name or place in the call order");
  complete_choices(notify->add_option("--result", n->in.result, "For a call: answered, no-answer or voicemail"),
                   {"answered", "no-answer", "voicemail"});
  complete_choices(notify->add_option("--kind", n->in.kind, "first, interim or recovery (default: by the incident's state)"),
                   {"first", "interim", "recovery"});
  notify->add_option("-m,--message", n->in.text, "What was said or posted");
  notify->callback([&ctx, n] {
    auto desk = open_desk(ctx);
    print_line(ctx, desk, desk.notify(n->key, n->in));
    fire_hooks(desk);
  });

  struct UpdateOpts { std::string key, text; };
  auto u = std::make_shared<UpdateOpts>();
  auto* update = grp->add_subcommand("update", "Post an interim report (the hourly one, until recovery)");
  update->add_option("KEY", u->key, "Incident key")->required();
  update->add_option("-m,--message", u->text, "The report")->required();
  update->callback([&ctx, u] {
    auto desk = open_desk(ctx);
    print_line(ctx, desk, desk.update_incident(u->key, u->text));
    fire_hooks(desk);
  });

  struct EscalateOpts { std::string key, to, case_id, note; };
  auto e = std::make_shared<EscalateOpts>();
  auto* escalate = grp->add_subcommand("escalate", "Escalate: monitoring center -> support center -> AWS support");
  escalate->add_option("KEY", e->key, "Incident key")->required();
  complete_choices(escalate->add_option("--to", e->to, "support-center or aws")->required(), {"support-center", "aws"});
  escalate->add_option("--case", e->case_id, "The AWS support case id");
  escalate->add_option("-m,--message", e->note, "A note");
  escalate->callback([&ctx, e] {
    auto desk = open_desk(ctx);
    print_line(ctx, desk, desk.escalate(e->key, e->to, e->case_id, e->note));
    fire_hooks(desk);
  });

  // --- recover / confirm / close
  struct RecoverOpts { std::string key, at, action; };
  auto r = std::make_shared<RecoverOpts>();
  auto* recover = grp->add_subcommand("recover", "Record the recovery and what was done");
  recover->add_option("KEY", r->key, "Incident key")->required();
  recover->add_option("--at", r->at, "When service recovered (default now)");
  recover->add_option("-m,--message", r->action, "The recovery action")->required();
  recover->callback([&ctx, r] {
    auto at = optional_instant(ctx, r->at, "--at");
    auto desk = open_desk(ctx);
    print_line(ctx, desk, desk.recover(r->key, at, r->action));
    fire_hooks(desk);
  });

  struct NoteOpts { std::string key, note; };
  auto cf = std::make_shared<NoteOpts>();
  auto* confirm = grp->add_subcommand("confirm", "Confirm the recovery worked");
  confirm->add_option("KEY", cf->key, "Incident key")->required();
  confirm->add_option("-m,--message", cf->note, "How it was confirmed");
  confirm->callback([&ctx, cf] {
    auto desk = open_desk(ctx);
    print_line(ctx, desk, desk.confirm(cf->key, cf->note));
    fire_hooks(desk);
  });

  auto cl = std::make_shared<NoteOpts>();
  auto* close = grp->add_subcommand("close", "Close a confirmed incident (impacting: after the recovery notice)");
  close->add_option("KEY", cl->key, "Incident key")->required();
  close->add_option("-m,--message", cl->note, "A note");
  close->callback([&ctx, cl] {
    auto desk = open_desk(ctx);
    print_line(ctx, desk, desk.close_incident(cl->key, cl->note));
    fire_hooks(desk);
  });

  // --- message
  struct MessageOpts { std::string key, kind, lang = "ja"; };
  auto m = std::make_shared<MessageOpts>();
  auto* message = grp->add_subcommand("message", "The text to post on Backlog or read on the phone, from templates");
  message->add_option("KEY", m->key, "Incident key")->required();
  complete_choices(message->add_option("--kind", m->kind, "first, interim or recovery")->required(),
                   {"first", "interim", "recovery"});
  complete_choices(message->add_option("--lang", m->lang, "ja (default) or en"), {"ja", "en"});
  message->callback([&ctx, m] {
    if (m->kind != "first" && m->kind != "interim" && m->kind != "recovery")
      throw data_error("--kind: '" + m->kind + "' is not allowed; use first, interim or recovery");
    if (m->lang != "ja" && m->lang != "en") throw data_error("--lang: '" + m->lang + "' is not allowed; use ja or en");
    auto desk = open_desk(ctx);
    auto v = desk.incident_view(m->key);
    auto cust = desk.customer(v.incident.customer);
    const auto& i = v.incident;
    std::string status_note;
    for (const auto& ev : v.events)
      if (ev.kind == "update" || (ev.kind == "notify" && !ev.note.empty())) status_note = ev.note;
    // The hourly report that follows this one (impacting incidents only).
    std::string next_report;
    if (m->kind != "recovery" && i.impacting())
      next_report = format_local_short(ctx.now() + IncidentPolicy{}.interim_every, ctx.zone());
    const char* impact_ja = i.impact == Impact::yes ? "サービス影響あり" : i.impact == Impact::no ? "サービス影響なし" : "判定中";
    const char* impact_en = i.impact == Impact::yes ? "service affected" : i.impact == Impact::no ? "no service impact" : "being assessed";
    bool ja = m->lang == "ja";
    std::string escalated = i.escalated_to == "aws"              ? (ja ? "AWS サポート" : "AWS Support")
                            : i.escalated_to == "support-center" ? (ja ? "サポートセンター" : "our support center")
                                                                 : "";
    std::vector<std::pair<std::string, std::string>> vars{
        {"customer_name", cust.name}, {"customer_key", cust.key}, {"key", i.key()},
        {"title", i.title}, {"host", i.host}, {"impact", impact_ja}, {"impact_en", impact_en},
        {"received_at", ymd_hm(ctx, i.received_at)}, {"detected_at", ymd_hm(ctx, i.detected_at)},
        {"business_impact", i.business_impact}, {"details", i.details}, {"status_note", status_note},
        {"next_report_at", next_report}, {"recovered_at", ymd_hm(ctx, i.recovered_at)},
        {"recovery_action", i.recovery_action}, {"escalated_to", escalated},
        {"desk_name", desk_name(ctx.config(), m->lang)},
        {"now", ymd_hm(ctx, ctx.now())}};
    std::string name = "incident-" + m->kind + "." + m->lang + ".txt";
    auto text = render_template(load_template(ctx, m->kind, m->lang), vars, name);
    if (ctx.opts.json) ctx.print_json(Json{{"key", i.key()}, {"kind", m->kind}, {"lang", m->lang}, {"text", text}});
    else ctx.out << text << (text.empty() || text.back() == '\n' ? "" : "\n");
  });

  // --- check
  struct CheckOpts { int warn = 5; std::string customer; };
  auto ck = std::make_shared<CheckOpts>();
  auto* check = grp->add_subcommand("check", "For cron and monitoring (Nagios): 0 OK, 1 due soon, 2 missed, 3 unknown");
  check->add_option("--warn", ck->warn, "WARNING when a deadline is this many minutes away or less (default 5)");
  complete_with(check->add_option("--customer", ck->customer, "Only this customer's incidents"), Complete::customers);
  check->callback([&ctx, ck] {
    auto desk = open_desk(ctx);
    auto items = desk.check(std::chrono::minutes{ck->warn},
                            ck->customer.empty() ? std::nullopt : std::optional<std::string>(ck->customer));
    int worst = 0, soon = 0, missed = 0;
    for (const auto& it : items) {
      worst = std::max(worst, it.state);
      soon += it.state == 1;
      missed += it.state == 2;
    }
    static const char* kNames[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
    if (ctx.opts.json) {
      Json out = Json::array();
      for (const auto& it : items) {
        auto ob = desk.to_json(it.obligation);
        ob["key"] = it.incident.key();
        ob["state"] = kNames[it.state];
        out.push_back(ob);
      }
      ctx.print_json(Json{{"status", kNames[worst]}, {"missed", missed}, {"due_soon", soon}, {"obligations", out}});
    } else {
      ctx.out << "SD INCIDENT " << kNames[worst] << " - " << missed << " deadline" << (missed == 1 ? "" : "s")
              << " missed, " << soon << " due within " << ck->warn << "m, " << items.size() << " open obligation"
              << (items.size() == 1 ? "" : "s") << "\n";
      for (const auto& it : items) {
        const auto& ob = it.obligation;
        auto delta = std::chrono::duration_cast<std::chrono::seconds>(ob.due - ctx.now());
        std::string what = ob.kind == "first-notification" ? "first notification (" + std::string(ob.target == "sla" ? "SLA" : "SLO") + ")"
                                                            : "interim report";
        ctx.out << kNames[it.state] << " " << it.incident.key() << " " << what << " due "
                << iso(ctx, ob.due) << ", " << (delta.count() < 0 ? format_duration(-delta) + " late" : "in " + format_duration(delta))
                << "  " << it.incident.title << "\n";
      }
    }
    ctx.exit_code = worst;
    fire_hooks(desk);
  });
}

}  // namespace sd::cli
