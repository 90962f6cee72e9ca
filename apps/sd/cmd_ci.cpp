// sd ci: configuration items (構成品目), how they relate, what a failure
// impacts, and each attribute's history.
#include "cli.hpp"
#include "commands.hpp"
#include "util.hpp"

#include "supportdesk/config_items.hpp"

namespace sd::cli {
namespace {

const Choices<CiStatus> kStatuses =
    choices_of({CiStatus::planned, CiStatus::active, CiStatus::maintenance, CiStatus::retired});
const Choices<CiRelation> kRelations = choices_of({CiRelation::depends_on, CiRelation::runs_on, CiRelation::part_of});

Choices<std::string> types() {
  Choices<std::string> out;
  for (const auto& t : ci_types()) out.emplace_back(t, t);
  return out;
}

std::string value_text(const Json& v) { return v.is_null() ? "-" : v.is_string() ? v.get<std::string>() : v.dump(); }

std::string link_text(const CiLink& l) { return l.from + " " + std::string(to_string(l.relation)) + " " + l.to; }

void print_item(Context& ctx, const ConfigItem& ci) {
  if (ctx.opts.json) {
    ctx.print_json(to_json(ci, json_view(ctx)));
    return;
  }
  auto line = [&](const char* label, const std::string& value) {
    if (!value.empty()) ctx.out << label << value << "\n";
  };
  line("name:        ", ci.name);
  line("customer:    ", ci.customer);
  line("type:        ", ci.type);
  line("status:      ", std::string(to_string(ci.status)));
  line("version:     ", ci.version);
  line("location:    ", ci.location);
  line("component:   ", ci.component);
  line("description: ", ci.description);
  line("created:     ", iso(ctx, ci.created_at));
  line("updated:     ", iso(ctx, ci.updated_at));
}

// ---- add / edit ------------------------------------------------------------------

struct AddOptions {
  NewConfigItem in;
};
void run_add(const AddOptions& o, Context& ctx) {
  auto ci = ConfigItems(ctx.desk()).add(o.in);
  ctx.done = ci.name + " was added";
  if (ctx.opts.json) ctx.print_json(to_json(ci, json_view(ctx)));
  else ctx.out << ci.name << "\n";
}

struct EditOptions {
  std::string name, why;
  ConfigItemEdit edit;
};
void run_edit(const EditOptions& o, Context& ctx) {
  if (o.edit.empty())
    throw usage_error("ci edit: nothing to change; give --type, --status, --description, --version, --location or "
                      "--component");
  print_item(ctx, ConfigItems(ctx.desk()).edit(o.name, o.edit, o.why));
}

// ---- list / show ---------------------------------------------------------------------

struct ListOptions {
  std::string customer;
  std::optional<std::string> type;
  std::optional<CiStatus> status;
};
void run_list(const ListOptions& o, Context& ctx) {
  ConfigItemFilter f;
  f.customer = given(o.customer);
  f.type = o.type;
  f.status = o.status;
  ConfigItems items(ctx.desk());
  stream_list(ctx, [&](auto&& visit) { items.each(f, visit); },
              [&](const ConfigItem& ci) { return to_json(ci, json_view(ctx)); },
              {"NAME", "CUSTOMER", "TYPE", "STATUS", "VERSION", "LOCATION", "COMPONENT"},
              [](const ConfigItem& ci) {
                auto dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
                return std::vector<std::string>{ci.name, ci.customer, ci.type, std::string(to_string(ci.status)),
                                                dash(ci.version), dash(ci.location), dash(ci.component)};
              });
}

struct NameOptions {
  std::string name;
};
void run_show(const NameOptions& o, Context& ctx) {
  auto v = ConfigItems(ctx.desk()).view(o.name);
  auto view = json_view(ctx);
  if (ctx.opts.json) {
    auto j = to_json(v.item, view);
    Json out = Json::array(), in = Json::array(), history = Json::array();
    for (const auto& l : v.links_out) out.push_back(to_json(l, view));
    for (const auto& l : v.links_in) in.push_back(to_json(l, view));
    for (const auto& h : v.history)
      history.push_back(Json{{"attribute", h.attribute},
                             {"at", iso(ctx, h.at)},
                             {"actor", h.actor},
                             {"before", h.before},
                             {"after", h.after},
                             {"why", h.why.empty() ? Json(nullptr) : Json(h.why)}});
    j["links_out"] = out;
    j["links_in"] = in;
    j["history"] = history;
    ctx.print_json(j);
    return;
  }
  print_item(ctx, v.item);
  ctx.out << "links:\n";
  if (v.links_out.empty()) ctx.out << "  none\n";
  for (const auto& l : v.links_out) ctx.out << "  " << link_text(l) << "\n";
  ctx.out << "linked from:\n";
  if (v.links_in.empty()) ctx.out << "  none\n";
  for (const auto& l : v.links_in) ctx.out << "  " << link_text(l) << "\n";
  ctx.out << "history:\n";
  for (const auto& attr : ci_attributes()) {
    bool first = true;
    for (const auto& h : v.history) {
      if (h.attribute != attr) continue;
      if (first) ctx.out << "  " << attr << ":\n";
      first = false;
      ctx.out << "    " << short_time(ctx, h.at) << "  " << h.actor << "  " << value_text(h.before) << " → "
              << value_text(h.after) << (h.why.empty() ? "" : "  (" + h.why + ")") << "\n";
    }
  }
}

// ---- link / unlink -------------------------------------------------------------------

struct LinkOptions {
  std::string from, to;
  CiRelation relation = CiRelation::depends_on;
};
void print_link(Context& ctx, const CiLink& l, const char* done) {
  if (ctx.opts.json) ctx.print_json(to_json(l, json_view(ctx)));
  else ctx.out << link_text(l) << done << "\n";
}
void run_link(const LinkOptions& o, Context& ctx) {
  print_link(ctx, ConfigItems(ctx.desk()).link(o.from, o.relation, o.to), "");
}
void run_unlink(const LinkOptions& o, Context& ctx) {
  print_link(ctx, ConfigItems(ctx.desk()).unlink(o.from, o.relation, o.to), " removed");
}

// ---- impact / graph ----------------------------------------------------------------

void run_impact(const NameOptions& o, Context& ctx) {
  auto all = ConfigItems(ctx.desk()).impact(o.name);
  auto view = json_view(ctx);
  print_list(ctx, all,
             [&](const CiImpact& x) {
               auto j = to_json(x.item, view);
               Json relations = Json::array();
               for (auto r : x.how.relations) relations.push_back(to_string(r));
               j["depth"] = x.how.depth;
               j["path"] = x.how.path;
               j["relations"] = relations;
               return j;
             },
             {"DEPTH", "NAME", "TYPE", "STATUS", "PATH"},
             [](const CiImpact& x) {
               std::string path;
               for (const auto& n : x.how.path) path += (path.empty() ? "" : " → ") + n;
               return std::vector<std::string>{std::to_string(x.how.depth), x.item.name, x.item.type,
                                               std::string(to_string(x.item.status)), path};
             },
             {0});
}

enum class GraphFormat { dot, json };
std::string_view to_string(GraphFormat f) { return f == GraphFormat::dot ? "dot" : "json"; }

struct GraphOptions {
  std::string customer;
  GraphFormat format = GraphFormat::dot;
};
void run_graph(const GraphOptions& o, Context& ctx) {
  auto g = ConfigItems(ctx.desk()).graph(given(o.customer));
  if (ctx.opts.json || o.format == GraphFormat::json) {
    auto view = json_view(ctx);
    Json nodes = Json::array(), edges = Json::array();
    for (const auto& ci : g.items) nodes.push_back(to_json(ci, view));
    for (const auto& l : g.links) edges.push_back(to_json(l, view));
    ctx.print_json(Json{{"nodes", nodes}, {"edges", edges}});
    return;
  }
  ctx.out << to_dot(g.items, g.links);
}

/// The attribute options add and edit share.
template <class Type, class Status, class Text>
void add_attributes(CLI::App* cmd, Type& type, Status& status, Text& description, Text& version, Text& location,
                    Text& component) {
  add_choice(cmd, "--type", type, types(), "The kind of CI: ec2, rds, elb, … or other (see sd-ci(1))");
  add_choice(cmd, "--status", status, kStatuses, "planned, active, maintenance or retired");
  cmd->add_option("--description", description, "What it is, one line");
  cmd->add_option("--version", version, "Its version (engine, AMI, runtime), one line");
  cmd->add_option("--location", location, "REGION or REGION/AZ, e.g. ap-northeast-1/ap-northeast-1a");
  cmd->add_option("--component", component, "The customer's service it belongs to");
}

}  // namespace

void register_ci(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("ci", "Configuration items: add, edit, list, show, link, impact, graph");
  grp->require_subcommand(1);

  auto a = std::make_shared<AddOptions>();
  auto* add = grp->add_subcommand("add", "Record a configuration item");
  add->add_option("NAME", a->in.name, "Its name, as hosts and alerts name it: letters, digits, . - _")->required();
  add->add_option("--customer", a->in.customer, "The customer it belongs to")->required();
  add_attributes(add, a->in.type, a->in.status, a->in.description, a->in.version, a->in.location, a->in.component);
  add->get_option("--type")->required();
  add->callback([&ctx, a] { run_add(*a, ctx); });

  auto e = std::make_shared<EditOptions>();
  auto* edit = grp->add_subcommand("edit", "Change a CI's attributes (each change kept in its history)");
  edit->add_option("NAME", e->name, "The CI")->required();
  add_attributes(edit, e->edit.type, e->edit.status, e->edit.description, e->edit.version, e->edit.location,
                 e->edit.component);
  edit->add_option("-m,--message", e->why, "Why, kept with the change in the CI's history");
  edit->callback([&ctx, e] { run_edit(*e, ctx); });

  auto l = std::make_shared<ListOptions>();
  auto* list = grp->add_subcommand("list", "List CIs by customer, then name");
  add_list_options(list, ctx);
  list->add_option("--customer", l->customer, "Only this customer's");
  add_choice(list, "--type", l->type, types(), "Only CIs of this type");
  add_choice(list, "--status", l->status, kStatuses, "Only CIs with this status");
  list->callback([&ctx, l] { run_list(*l, ctx); });

  auto s = std::make_shared<NameOptions>();
  auto* show = grp->add_subcommand("show", "Show a CI, its links both ways and each attribute's history");
  show->add_option("NAME", s->name, "The CI")->required();
  show->callback([&ctx, s] { run_show(*s, ctx); });

  auto lk = std::make_shared<LinkOptions>();
  auto* link = grp->add_subcommand("link", "Record that FROM depends-on, runs-on or is part-of TO");
  link->add_option("FROM", lk->from, "The CI that needs the other")->required();
  add_choice(link, "RELATION", lk->relation, kRelations, "depends-on, runs-on or part-of")->required();
  link->add_option("TO", lk->to, "The CI it needs")->required();
  link->callback([&ctx, lk] { run_link(*lk, ctx); });

  auto ul = std::make_shared<LinkOptions>();
  auto* unlink = grp->add_subcommand("unlink", "Remove the link FROM RELATION TO");
  unlink->add_option("FROM", ul->from, "The CI that needs the other")->required();
  add_choice(unlink, "RELATION", ul->relation, kRelations, "depends-on, runs-on or part-of")->required();
  unlink->add_option("TO", ul->to, "The CI it needs")->required();
  unlink->callback([&ctx, ul] { run_unlink(*ul, ctx); });

  auto im = std::make_shared<NameOptions>();
  auto* impact = grp->add_subcommand("impact", "What a failure of the CI impacts, transitively, nearest first");
  impact->add_option("NAME", im->name, "The CI that goes down")->required();
  impact->callback([&ctx, im] { run_impact(*im, ctx); });

  auto g = std::make_shared<GraphOptions>();
  auto* graph = grp->add_subcommand("graph", "The CIs and their links as Graphviz DOT or JSON");
  graph->add_option("--customer", g->customer, "Only this customer's CIs");
  add_choice(graph, "--format", g->format, choices_of({GraphFormat::dot, GraphFormat::json}),
             "dot (default) or json");
  graph->callback([&ctx, g] { run_graph(*g, ctx); });
}

}  // namespace sd::cli
