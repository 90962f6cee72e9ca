// sd change: changes to customers' systems under control (white paper
// §5.4.7, §5.3.1.1–5.3.1.2): assessed, approved with a rollback plan,
// scheduled, implemented, reviewed; and the calendar of their windows.
#include "cli.hpp"
#include "commands.hpp"
#include "supportdesk/catalog.hpp"
#include "supportdesk/changes.hpp"
#include "util.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sd::cli {
namespace {

const Choices<ChangeRisk> kRisks = choices_of({ChangeRisk::low, ChangeRisk::medium, ChangeRisk::high});
const Choices<bool> kYesNo = {{"yes", true}, {"no", false}};

Choices<ChangeStatus> statuses() {
  Choices<ChangeStatus> out;
  for (auto s : change_statuses()) out.emplace_back(std::string(to_string(s)), s);
  return out;
}

void print_line(Context& ctx, const Change& c) {
  if (ctx.opts.json) {
    ctx.print_json(to_json(c, json_view(ctx)));
    return;
  }
  ctx.out << c.key() << "  " << to_string(c.status) << "\n";
}

std::string missing_text(const Change& c) {
  std::string out;
  for (const auto& m : c.missing()) {
    std::string word = m == "rollback_plan" ? "rollback plan (required to approve)"
                       : m == "pretest"     ? "test beforehand"
                                            : "plan review";
    out += (out.empty() ? "" : ", ") + word;
  }
  return out;
}

void print_show(Context& ctx, const ChangeView& v) {
  const auto& c = v.change;
  if (ctx.opts.json) {
    auto j = to_json(c, json_view(ctx));
    Json history = Json::array();
    for (const auto& e : v.events) history.push_back(to_json(e, json_view(ctx)));
    j["history"] = history;
    ctx.print_json(j);
    return;
  }
  std::ostringstream os;
  auto line = [&](const char* label, const std::string& value) { os << label << value << "\n"; };
  line("key:          ", c.key());
  line("customer:     ", c.customer);
  line("title:        ", c.title);
  line("status:       ", std::string(to_string(c.status)));
  line("risk:         ", std::string(to_string(c.risk)));
  if (c.from_number) {
    std::string tier = c.from_tier ? std::string(to_string(*c.from_tier)) : "unknown";
    line("request:      ", c.from_key() + "  " + c.from_type + ", " + tier + " tier" +
                              (c.from_tier == Tier::impacting ? "" : " (not a request of the impacting tier)"));
  }
  line("cis:          ", c.cis.empty() ? "-" : join_keys(c.cis));
  if (!c.sets.empty()) {
    std::string sets;
    for (const auto& [attr, value] : c.sets) sets += (sets.empty() ? "" : ", ") + attr + "=" + value;
    line("sets:         ", sets + " (on success)");
  }
  if (c.start_at) line("window:       ", iso(ctx, *c.start_at) + " .. " + iso(ctx, *c.end_at));
  if (!c.approved_by.empty()) line("approved by:  ", c.approved_by + ", " + iso(ctx, *c.approved_at));
  if (c.goal_met) line("goal met:     ", *c.goal_met ? "yes" : "no");
  if (!c.missing().empty()) line("missing:      ", missing_text(c));
  line("recorded:     ", iso(ctx, c.created_at));
  os << "impact:\n" << indented(c.impact, "  ");
  os << "procedure:\n" << (c.procedure.empty() ? "  none\n" : indented(c.procedure, "  "));
  os << "rollback plan:\n" << (c.rollback_plan.empty() ? "  none yet\n" : indented(c.rollback_plan, "  "));
  os << "test beforehand:\n" << (c.pretest.empty() ? "  none yet\n" : indented(c.pretest, "  "));
  os << "plan review:\n" << (c.plan_review.empty() ? "  none yet\n" : indented(c.plan_review, "  "));
  if (!c.rejection.empty()) os << "rejected:\n" << indented(c.rejection, "  ");
  if (!c.failure.empty()) os << "failure:\n" << indented(c.failure, "  ");
  if (!c.rollback_note.empty()) os << "rollback:\n" << indented(c.rollback_note, "  ");
  if (!c.review.empty()) os << "review:\n" << indented(c.review, "  ");
  os << "history:\n";
  for (const auto& e : v.events) {
    os << "  " << short_time(ctx, e.at) << "  " << e.actor << "  " << e.kind << "\n";
    if (!e.note.empty()) os << indented(e.note, "      ");
  }
  ctx.out << printable(os.str(), true);
}

// ---- commands ------------------------------------------------------------------

struct NewOptions {
  NewChange in;
  std::vector<std::string> sets;
  std::string procedure_file;
};
void run_new(NewOptions& o, Context& ctx) {
  for (const auto& s : o.sets) o.in.sets.push_back(split_field(s, "set"));
  if (!o.procedure_file.empty()) {
    std::error_code ec;
    std::ifstream in(o.procedure_file, std::ios::binary);
    if (std::filesystem::is_directory(o.procedure_file, ec) || !in)
      throw Error(Exit::no_input, "procedure_file", "cannot read " + o.procedure_file);
    std::ostringstream text;
    text << in.rdbuf();
    o.in.procedure = text.str();
  }
  auto c = Changes(ctx.desk()).create(o.in);
  ctx.done = c.key() + " was recorded";
  if (ctx.opts.json) ctx.print_json(to_json(c, json_view(ctx)));
  else ctx.out << c.key() << "\n";
}

struct TextOptions {
  std::string key, text;
};

struct ScheduleOptions {
  std::string key, start, end;
};
void run_schedule(const ScheduleOptions& o, Context& ctx) {
  auto start = instant_arg(ctx, o.start, "--start");
  auto end = instant_arg(ctx, o.end, "--end");
  print_line(ctx, Changes(ctx.desk()).schedule(o.key, start, end));
}

struct ReviewOptions {
  std::string key, text;
  bool goal_met = false;
};
void run_review(const ReviewOptions& o, Context& ctx) {
  print_line(ctx, Changes(ctx.desk()).review(o.key, o.goal_met, o.text));
}

struct EditOptions {
  std::string key;
  ChangeEdit edit;
};
void run_edit(const EditOptions& o, Context& ctx) {
  if (o.edit.empty()) throw usage_error("change edit: nothing to change; give --title, --risk or --impact");
  print_line(ctx, Changes(ctx.desk()).edit(o.key, o.edit));
}

struct ListOptions {
  std::vector<ChangeStatus> status;
  std::string customer, ci, from, to;
};
void run_list(const ListOptions& o, Context& ctx) {
  ChangeFilter f;
  f.statuses = o.status;
  f.customer = given(o.customer);
  f.ci = given(o.ci);
  f.active_from = optional_instant(ctx, o.from, "--from");
  f.active_to = optional_instant(ctx, o.to, "--to");
  Changes changes(ctx.desk());
  stream_list(
      ctx, [&](auto&& visit) { changes.each(f, visit); },
      [&](const Change& c) { return to_json(c, json_view(ctx)); },
      {"KEY", "CUSTOMER", "STATUS", "RISK", "START", "CIS", "TITLE"},
      [&](const Change& c) {
        return std::vector<std::string>{c.key(),
                                        c.customer,
                                        std::string(to_string(c.status)),
                                        std::string(to_string(c.risk)),
                                        short_time(ctx, c.start_at),
                                        c.cis.empty() ? "-" : join_keys(c.cis),
                                        c.title};
      });
}

struct KeyOptions {
  std::string key;
};
void run_show(const KeyOptions& o, Context& ctx) { print_show(ctx, Changes(ctx.desk()).view(o.key)); }

struct CalendarOptions {
  std::string from, to;
};
void run_calendar(const CalendarOptions& o, Context& ctx) {
  auto from = optional_instant(ctx, o.from, "--from");
  auto to = optional_instant(ctx, o.to, "--to");
  auto cal = Changes(ctx.desk()).calendar(from, to);
  if (ctx.opts.json) {
    ctx.print_json(to_json(cal, json_view(ctx)));
    return;
  }
  std::ostringstream os;
  os << "change windows " << iso(ctx, cal.from) << " .. " << iso(ctx, cal.to) << "\n";
  if (cal.changes.empty()) os << "  none\n";
  for (const auto& c : cal.changes)
    os << "  " << short_time(ctx, c.start_at) << " .. " << short_time(ctx, c.end_at) << "  " << c.key() << "  "
       << c.customer << "  " << to_string(c.status) << "  " << (c.cis.empty() ? "-" : join_keys(c.cis)) << "  "
       << c.title << "\n";
  for (const auto& ov : cal.overlaps)
    os << "warning: " << ov.first << " and " << ov.second << " overlap on " << ov.ci << "\n";
  ctx.out << printable(os.str(), true);
}

/// A subcommand that takes a change key and a text (-m).
template <class F>
void add_text_command(CLI::App& grp, Context& ctx, const std::string& name, const std::string& about,
                      const std::string& text_about, bool required, F&& call) {
  auto o = std::make_shared<TextOptions>();
  auto* cmd = grp.add_subcommand(name, about);
  cmd->add_option("KEY", o->key, "Change key, e.g. CHG-1")->required();
  auto* m = cmd->add_option("-m,--message", o->text, text_about);
  if (required) m->required();
  cmd->callback([&ctx, o, call] { print_line(ctx, call(Changes(ctx.desk()), *o)); });
}

}  // namespace

void register_change(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("change", "Changes (変更要求): approval, rollback plan, schedule, review");
  grp->require_subcommand(1);

  auto n = std::make_shared<NewOptions>();
  auto* add = grp->add_subcommand("new", "Record a change (CHG-n) to a customer's systems, in draft");
  complete_with(add->add_option("--customer", n->in.customer, "The customer's key")->required(), Complete::customers);
  add->add_option("--title", n->in.title, "A one-line title")->required();
  complete_with(add->add_option("--from", n->in.from, "The request it is made from, e.g. ACME-12")->type_name("KEY"),
                Complete::requests);
  add->add_option("--ci", n->in.cis, "A configuration item it changes (repeatable)")->type_name("NAME");
  add_choice(add, "--risk", n->in.risk, kRisks, "low, medium or high")->required();
  add->add_option("--impact", n->in.impact, "What it affects while it is made")->required();
  add->add_option("--set", n->sets, "An attribute its CIs get when it succeeds, e.g. version=15.4 (repeatable)")
      ->type_name("ATTR=VALUE");
  complete_with(add->add_option("--procedure-file", n->procedure_file, "Its procedure (design and steps), as text")
                    ->type_name("FILE"),
                Complete::files);
  add->callback([&ctx, n] { run_new(*n, ctx); });

  add_text_command(*grp, ctx, "assess", "Record its assessment (from draft)", "The assessment", false,
                   [](Changes c, const TextOptions& o) { return c.assess(o.key, o.text); });
  add_text_command(*grp, ctx, "rollback-plan", "Record its rollback plan (in draft or assessed)",
                   "How it is undone", true,
                   [](Changes c, const TextOptions& o) { return c.rollback_plan(o.key, o.text); });
  add_text_command(*grp, ctx, "pretest", "Record the test done beforehand (before it is implemented)",
                   "What was tested and how it went", true,
                   [](Changes c, const TextOptions& o) { return c.pretest(o.key, o.text); });
  add_text_command(*grp, ctx, "plan-review", "Record the review of its plan (before it is implemented)",
                   "Who reviewed it and what they found", true,
                   [](Changes c, const TextOptions& o) { return c.plan_review(o.key, o.text); });
  add_text_command(*grp, ctx, "approve", "Approve it (from assessed; needs a rollback plan)", "A note", false,
                   [](Changes c, const TextOptions& o) { return c.approve(o.key, o.text); });
  add_text_command(*grp, ctx, "reject", "Reject it (from draft or assessed)", "Why", true,
                   [](Changes c, const TextOptions& o) { return c.reject(o.key, o.text); });
  add_text_command(*grp, ctx, "implement", "Start implementing it (from scheduled)", "A note", false,
                   [](Changes c, const TextOptions& o) { return c.implement(o.key, o.text); });
  add_text_command(*grp, ctx, "succeed", "Record that it succeeded: its CIs get what it sets", "A note", false,
                   [](Changes c, const TextOptions& o) { return c.succeed(o.key, o.text); });
  add_text_command(*grp, ctx, "fail", "Record that it failed (from implementing)", "What went wrong", true,
                   [](Changes c, const TextOptions& o) { return c.fail(o.key, o.text); });
  add_text_command(*grp, ctx, "rollback", "Record that it was rolled back (from failed)", "What was undone", true,
                   [](Changes c, const TextOptions& o) { return c.rollback(o.key, o.text); });
  add_text_command(*grp, ctx, "close", "Close it (from reviewed or rejected)", "A note", false,
                   [](Changes c, const TextOptions& o) { return c.close(o.key, o.text); });
  add_text_command(*grp, ctx, "comment", "Add a note to its history", "The note", true,
                   [](Changes c, const TextOptions& o) { return c.comment(o.key, o.text); });

  auto sc = std::make_shared<ScheduleOptions>();
  auto* schedule = grp->add_subcommand("schedule", "Set its window (from approved or scheduled)");
  schedule->add_option("KEY", sc->key, "Change key, e.g. CHG-1")->required();
  add_time(schedule, "--start", sc->start, "When the window starts")->required();
  add_time(schedule, "--end", sc->end, "When it ends (after --start)")->required();
  schedule->callback([&ctx, sc] { run_schedule(*sc, ctx); });

  auto rv = std::make_shared<ReviewOptions>();
  auto* review = grp->add_subcommand("review", "Review it after implementation (succeeded, failed or rolled-back)");
  review->add_option("KEY", rv->key, "Change key, e.g. CHG-1")->required();
  add_choice(review, "--goal-met", rv->goal_met, kYesNo, "yes or no")->required();
  review->add_option("-m,--message", rv->text, "The review")->required();
  review->callback([&ctx, rv] { run_review(*rv, ctx); });

  auto e = std::make_shared<EditOptions>();
  auto* edit = grp->add_subcommand("edit", "Change its title, risk or impact (in draft or assessed)");
  edit->add_option("KEY", e->key, "Change key, e.g. CHG-1")->required();
  edit->add_option("--title", e->edit.title, "A one-line title");
  add_choice(edit, "--risk", e->edit.risk, kRisks, "low, medium or high");
  edit->add_option("--impact", e->edit.impact, "What it affects while it is made");
  edit->callback([&ctx, e] { run_edit(*e, ctx); });

  auto ls = std::make_shared<ListOptions>();
  auto* list = grp->add_subcommand("list", "List changes by number");
  add_list_options(list, ctx);
  add_choice(list, "--status", ls->status, statuses(), "Only these statuses (repeatable)");
  complete_with(list->add_option("--customer", ls->customer, "Only this customer's"), Complete::customers);
  list->add_option("--ci", ls->ci, "Only those that change this CI")->type_name("NAME");
  add_time(list, "--from", ls->from, "Only those open at some time from this time");
  add_time(list, "--to", ls->to, "Only those recorded before this time");
  list->callback([&ctx, ls] { run_list(*ls, ctx); });

  auto s = std::make_shared<KeyOptions>();
  auto* show = grp->add_subcommand("show", "Show a change: request, CIs, window, records and history");
  show->add_option("KEY", s->key, "Change key, e.g. CHG-1")->required();
  show->callback([&ctx, s] { run_show(*s, ctx); });

  auto cal = std::make_shared<CalendarOptions>();
  auto* calendar = grp->add_subcommand("calendar", "Scheduled windows in start order; warns of overlaps on a CI");
  add_time(calendar, "--from", cal->from, "Start of the range (default now)");
  add_time(calendar, "--to", cal->to, "End of the range, not included (default 30 days after --from)");
  calendar->callback([&ctx, cal] { run_calendar(*cal, ctx); });
}

}  // namespace sd::cli
