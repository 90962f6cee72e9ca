// sd problem: problems and known errors behind incidents and requests, the
// stages of their handling, and the incident trends the desk analyses to
// find root causes (white paper §5.3.2).
#include "cli.hpp"
#include "commands.hpp"
#include "supportdesk/problems.hpp"
#include "util.hpp"

#include <algorithm>
#include <sstream>

namespace sd::cli {
namespace {

const Choices<Priority> kPriorities = {{"high", Priority::high}, {"normal", Priority::normal},
                                       {"low", Priority::low},   {"高", Priority::high},
                                       {"中", Priority::normal}, {"低", Priority::low}};
const Choices<ProblemStatus> kStatuses = choices_of(
    {ProblemStatus::open, ProblemStatus::known_error, ProblemStatus::resolved, ProblemStatus::closed});

void print_line(Context& ctx, const Problem& p) {
  if (ctx.opts.json) {
    ctx.print_json(to_json(p, json_view(ctx)));
    return;
  }
  ctx.out << p.key() << "  " << to_string(p.status) << (p.known_error() ? "  known error" : "") << "\n";
}

/// What an event says besides its kind, for the history.
std::string event_text(const ProblemEvent& e) {
  auto data = e.data.empty() ? Json::object() : Json::parse(e.data);
  std::string what = e.kind;
  if (data.contains("tickets")) {
    std::string keys;
    for (const auto& t : data["tickets"]) keys += (keys.empty() ? " " : ", ") + t.get<std::string>();
    what += keys;
  }
  if (data.contains("to")) {
    auto word = [](const Json& j) { return j.is_string() ? j.get<std::string>() : std::string("-"); };
    what += data.contains("from") ? " " + word(data["from"]) + " -> " + word(data["to"]) : " " + word(data["to"]);
  }
  return what;
}

void print_show(Context& ctx, const ProblemView& v) {
  const auto& p = v.problem;
  if (ctx.opts.json) {
    auto j = to_json(p, json_view(ctx));
    Json history = Json::array();
    for (const auto& e : v.events) history.push_back(to_json(e, json_view(ctx)));
    j["history"] = history;
    ctx.print_json(j);
    return;
  }
  std::ostringstream os;
  auto line = [&](const char* label, const std::string& value) { os << label << value << "\n"; };
  line("key:          ", p.key());
  line("title:        ", p.title);
  line("status:       ", std::string(to_string(p.status)));
  line("known error:  ", p.known_error() ? "yes, since " + iso(ctx, *p.known_error_at) : "no");
  line("priority:     ", std::string(to_string(p.priority)));
  line("category:     ", p.category.empty() ? "-" : p.category);
  line("tickets:      ", p.tickets.empty() ? "-" : join_keys(p.tickets));
  line("recorded:     ", iso(ctx, p.created_at));
  if (!p.escalated_to.empty()) line("escalated to: ", p.escalated_to);
  if (p.resolved_at) line("resolved:     ", iso(ctx, *p.resolved_at));
  if (p.closed_at) line("closed:       ", iso(ctx, *p.closed_at));
  if (!p.details.empty()) os << "details:\n" << indented(p.details, "  ");
  os << "root cause:\n" << (p.root_cause.empty() ? "  not yet found\n" : indented(p.root_cause, "  "));
  os << "workaround:\n" << (p.workaround.empty() ? "  none yet\n" : indented(p.workaround, "  "));
  if (!p.resolution.empty()) os << "resolution:\n" << indented(p.resolution, "  ");
  os << "history:\n";
  for (const auto& e : v.events) {
    std::string stage(to_string(problem_stage(e.kind)));
    stage.resize(std::max<std::size_t>(stage.size(), 10), ' ');  // as wide as "prioritize"
    os << "  " << short_time(ctx, e.at) << "  " << stage << "  " << e.actor << "  " << event_text(e) << "\n";
    if (!e.note.empty() && e.kind != "recorded") os << indented(e.note, "      ");
  }
  ctx.out << printable(os.str(), true);
}

// ---- commands ------------------------------------------------------------------

struct NewOptions {
  NewProblem in;
};
void run_new(const NewOptions& o, Context& ctx) {
  auto p = Problems(ctx.desk()).create(o.in);
  ctx.done = p.key() + " was recorded";
  if (ctx.opts.json) ctx.print_json(to_json(p, json_view(ctx)));
  else ctx.out << p.key() << "\n";
}

struct LinkOptions {
  std::string key;
  std::vector<std::string> tickets;
};
void run_link(const LinkOptions& o, Context& ctx) { print_line(ctx, Problems(ctx.desk()).link(o.key, o.tickets)); }
void run_unlink(const LinkOptions& o, Context& ctx) {
  print_line(ctx, Problems(ctx.desk()).unlink(o.key, o.tickets));
}

struct TextOptions {
  std::string key, text;
};

struct EditOptions {
  std::string key;
  ProblemEdit edit;
};
void run_edit(const EditOptions& o, Context& ctx) {
  if (o.edit.empty()) throw usage_error("problem edit: nothing to change; give --title, --priority or --category");
  print_line(ctx, Problems(ctx.desk()).edit(o.key, o.edit));
}

struct EscalateOptions {
  std::string key, to, note;
};
void run_escalate(const EscalateOptions& o, Context& ctx) {
  print_line(ctx, Problems(ctx.desk()).escalate(o.key, o.to, o.note));
}

struct ListOptions {
  std::vector<ProblemStatus> status;
  std::string customer;
  bool known_error = false;
};
void run_list(const ListOptions& o, Context& ctx) {
  ProblemFilter f;
  f.statuses = o.status;
  f.customer = given(o.customer);
  f.known_error = o.known_error;
  Problems problems(ctx.desk());
  stream_list(
      ctx, [&](auto&& visit) { problems.each(f, visit); },
      [&](const Problem& p) { return to_json(p, json_view(ctx)); },
      {"KEY", "STATUS", "KNOWN", "PRIORITY", "CATEGORY", "TICKETS", "TITLE"},
      [&](const Problem& p) {
        return std::vector<std::string>{p.key(),
                                        std::string(to_string(p.status)),
                                        p.known_error() ? "yes" : "no",
                                        std::string(to_string(p.priority)),
                                        p.category.empty() ? "-" : p.category,
                                        p.tickets.empty() ? "-" : join_keys(p.tickets),
                                        p.title};
      });
}

struct KeyOptions {
  std::string key;
};
void run_show(const KeyOptions& o, Context& ctx) { print_show(ctx, Problems(ctx.desk()).view(o.key)); }

struct TrendOptions {
  std::string from, to, customer;
};
void run_trends(const TrendOptions& o, Context& ctx) {
  auto from = optional_instant(ctx, o.from, "--from");
  auto to = optional_instant(ctx, o.to, "--to");
  auto r = Problems(ctx.desk()).trends(from, to, given(o.customer));
  if (ctx.opts.json) {
    ctx.print_json(to_json(r, json_view(ctx)));
    return;
  }
  std::ostringstream os;
  os << "incidents received " << iso(ctx, r.query.from) << " .. " << iso(ctx, r.query.to)
     << (r.query.customer ? "  customer " + *r.query.customer : "") << "\n";
  auto count_line = [&](const TrendCount& c) {
    os << "  " << c.incidents << "  " << c.value << "  (first " << short_time(ctx, c.first) << ", last "
       << short_time(ctx, c.last) << ")\n";
  };
  for (const auto& [g, counts] : r.groups) {
    os << "by " << to_string(g) << ":\n";
    if (counts.empty()) os << "  none\n";
    for (const auto& c : counts) count_line(c);
  }
  os << "recurring (" << kRecurrenceMin << " or more incidents):\n";
  if (r.recurrence.empty()) os << "  none\n";
  for (const auto& rec : r.recurrence) {
    os << "  " << to_string(rec.group) << " " << rec.count.value << ": " << rec.count.incidents << " incidents, first " << short_time(ctx, rec.count.first)
       << ", last " << short_time(ctx, rec.count.last) << "\n";
  }
  ctx.out << printable(os.str(), true);
}

/// A subcommand that takes a problem key and a text.
template <class F>
void add_text_command(CLI::App& grp, Context& ctx, const std::string& name, const std::string& about,
                      const std::string& text_about, bool required, F&& call) {
  auto o = std::make_shared<TextOptions>();
  auto* cmd = grp.add_subcommand(name, about);
  cmd->add_option("KEY", o->key, "Problem key, e.g. PRB-1")->required();
  auto* m = cmd->add_option("-m,--message", o->text, text_about);
  if (required) m->required();
  cmd->callback([&ctx, o, call] { print_line(ctx, call(Problems(ctx.desk()), *o)); });
}

}  // namespace

void register_problem(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("problem", "Problems (問題) and known errors: root causes behind incidents");
  grp->require_subcommand(1);

  auto n = std::make_shared<NewOptions>();
  auto* add = grp->add_subcommand("new", "Record a problem (PRB-n), from the incidents or requests it was found in");
  add->add_option("--title", n->in.title, "A one-line title")->required();
  complete_with(add->add_option("--from", n->in.from, "An incident or request it was identified from (repeatable)")
                    ->type_name("KEY"),
                Complete::incidents);
  add_choice(add, "--priority", n->in.priority, kPriorities, "high, normal or low (default normal)");
  add->add_option("--category", n->in.category, "A classification, e.g. database or network");
  add->add_option("-m,--message", n->in.details, "Details");
  add->callback([&ctx, n] { run_new(*n, ctx); });

  auto l = std::make_shared<LinkOptions>();
  auto* link = grp->add_subcommand("link", "Link incidents or requests to a problem");
  link->add_option("KEY", l->key, "Problem key, e.g. PRB-1")->required();
  complete_with(link->add_option("TICKET", l->tickets, "Incident or request keys, e.g. ACME-43")->required(),
                Complete::incidents);
  link->callback([&ctx, l] { run_link(*l, ctx); });

  auto u = std::make_shared<LinkOptions>();
  auto* unlink = grp->add_subcommand("unlink", "Unlink incidents or requests from a problem");
  unlink->add_option("KEY", u->key, "Problem key, e.g. PRB-1")->required();
  complete_with(unlink->add_option("TICKET", u->tickets, "Incident or request keys linked to it")->required(),
                Complete::incidents);
  unlink->callback([&ctx, u] { run_unlink(*u, ctx); });

  add_text_command(*grp, ctx, "rca", "Record the root cause (while open or a known error)", "The root cause", true,
                   [](Problems p, const TextOptions& o) { return p.root_cause(o.key, o.text); });
  add_text_command(*grp, ctx, "workaround", "Record a workaround (while open or a known error)",
                   "What reduces or removes the impact until it is resolved", true,
                   [](Problems p, const TextOptions& o) { return p.workaround(o.key, o.text); });
  add_text_command(*grp, ctx, "known-error", "Mark it a known error: needs a root cause and a workaround", "A note",
                   false, [](Problems p, const TextOptions& o) { return p.known_error(o.key, o.text); });
  add_text_command(*grp, ctx, "resolve", "Resolve it (from open or known-error)", "How it was resolved", false,
                   [](Problems p, const TextOptions& o) { return p.resolve(o.key, o.text); });
  add_text_command(*grp, ctx, "close", "Close it (from resolved)", "A note", false,
                   [](Problems p, const TextOptions& o) { return p.close(o.key, o.text); });
  add_text_command(*grp, ctx, "comment", "Add a note to its history", "The note", true,
                   [](Problems p, const TextOptions& o) { return p.comment(o.key, o.text); });

  auto e = std::make_shared<EditOptions>();
  auto* edit = grp->add_subcommand("edit", "Change its title, priority or category");
  edit->add_option("KEY", e->key, "Problem key, e.g. PRB-1")->required();
  edit->add_option("--title", e->edit.title, "A one-line title");
  add_choice(edit, "--priority", e->edit.priority, kPriorities, "high, normal or low");
  edit->add_option("--category", e->edit.category, "A classification");
  edit->callback([&ctx, e] { run_edit(*e, ctx); });

  auto es = std::make_shared<EscalateOptions>();
  auto* escalate = grp->add_subcommand("escalate", "Hand it to a team or person (while open or a known error)");
  escalate->add_option("KEY", es->key, "Problem key, e.g. PRB-1")->required();
  escalate->add_option("--to", es->to, "The team or person")->required()->type_name("TEAM/PERSON");
  escalate->add_option("-m,--message", es->note, "Why");
  escalate->callback([&ctx, es] { run_escalate(*es, ctx); });

  auto ls = std::make_shared<ListOptions>();
  auto* list = grp->add_subcommand("list", "List problems by number");
  add_list_options(list, ctx);
  add_choice(list, "--status", ls->status, kStatuses, "Only these: open, known-error, resolved, closed");
  complete_with(list->add_option("--customer", ls->customer, "Only those linked to this customer's tickets"),
                Complete::customers);
  list->add_flag("--known-error", ls->known_error, "Only known errors");
  list->callback([&ctx, ls] { run_list(*ls, ctx); });

  auto s = std::make_shared<KeyOptions>();
  auto* show = grp->add_subcommand("show", "Show a problem: root cause, workaround, tickets and its history by stage");
  show->add_option("KEY", s->key, "Problem key, e.g. PRB-1")->required();
  show->callback([&ctx, s] { run_show(*s, ctx); });

  auto t = std::make_shared<TrendOptions>();
  auto* trends = grp->add_subcommand("trends", "Incidents by customer, host and alert kind, and what recurs");
  add_time(trends, "--from", t->from, "Start of the window (default 30 days before --to)");
  add_time(trends, "--to", t->to, "End of the window, not included (default now)");
  complete_with(trends->add_option("--customer", t->customer, "Only this customer's incidents"), Complete::customers);
  trends->callback([&ctx, t] { run_trends(*t, ctx); });
}

}  // namespace sd::cli
