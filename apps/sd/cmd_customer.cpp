// sd customer: the desk's customers, keyed by their Backlog project key.
#include "commands.hpp"
#include "completion.hpp"
#include "table.hpp"
#include "util.hpp"

#include <CLI/CLI.hpp>

namespace sd::cli {
namespace {

void print_customer(Context& ctx, Desk& desk, const Customer& c, const std::vector<Contact>* contacts) {
  if (ctx.opts.json) {
    auto j = desk.to_json(c);
    if (contacts) {
      Json list = Json::array();
      for (const auto& k : *contacts) list.push_back(desk.to_json(k));
      j["contacts"] = list;
    }
    ctx.print_json(j);
    return;
  }
  ctx.out << "key:      " << c.key << "\n"
          << "name:     " << c.name << "\n"
          << "plan:     " << to_string(c.plan) << "\n"
          << "tz:       " << c.tz << "\n"
          << "created:  " << iso(ctx, c.created_at) << "\n";
  if (contacts) {
    ctx.out << "contacts (call order):\n";
    if (contacts->empty()) ctx.out << "  none (add one with 'sd contact add " << c.key << "')\n";
    for (const auto& k : *contacts)
      ctx.out << "  " << k.position << ". " << k.name << "  " << k.phone
              << (k.role.empty() ? "" : "  (" + k.role + ")") << "\n";
  }
}

void print_criteria(Context& ctx, Desk& desk, const std::vector<Criterion>& list) {
  if (ctx.opts.json) {
    Json out = Json::array();
    for (const auto& c : list) out.push_back(desk.to_json(c));
    ctx.print_json(out);
    return;
  }
  Table t({"ID", "ORDER", "MATCH", "IMPACT", "NOTE"});
  t.right(0).right(1);
  for (const auto& c : list) {
    std::string m;
    for (const auto& [k, v] : c.matches) m += (m.empty() ? "" : " ") + k + "=" + v;
    t.add({std::to_string(c.id), std::to_string(c.position), m, std::string(to_string(c.impact)), c.note});
  }
  t.render(ctx.out);
}

/// sd customer criteria (サービス影響判定基準) and sd customer host.
void register_criteria_and_hosts(CLI::App& grp, Context& ctx) {
  auto* criteria = grp.add_subcommand("criteria", "Impact criteria: which alerts affect service, judged automatically");
  criteria->require_subcommand(1);
  struct AddOpts { std::string key, impact, note; std::vector<std::string> matches; };
  auto a = std::make_shared<AddOpts>();
  auto* add = criteria->add_subcommand("add", "Add a rule: every --match must hold; rules are tried in order");
  add->add_option("KEY", a->key, "Customer key")->required();
  add->add_option("--match", a->matches, "LABEL=PATTERN with * and ? wildcards, e.g. host=web* (repeat)")->required();
  complete_choices(add->add_option("--impact", a->impact, "The judgement when it matches: yes or no")->required(),
                   {"yes", "no"});
  add->add_option("-m,--message", a->note, "Why, as agreed with the customer");
  add->callback([&ctx, a] {
    auto desk = open_desk(ctx);
    auto c = desk.add_criterion(a->key, a->matches, a->impact, a->note);
    print_criteria(ctx, desk, {c});
  });
  auto list_key = std::make_shared<std::string>();
  auto* list = criteria->add_subcommand("list", "List a customer's impact criteria in the order they are tried");
  list->add_option("KEY", *list_key, "Customer key")->required();
  list->callback([&ctx, list_key] {
    auto desk = open_desk(ctx);
    print_criteria(ctx, desk, desk.criteria(*list_key));
  });
  struct RemoveOpts { std::string key; std::int64_t id = 0; };
  auto r = std::make_shared<RemoveOpts>();
  auto* remove = criteria->add_subcommand("remove", "Remove a rule by its ID");
  remove->add_option("KEY", r->key, "Customer key")->required();
  remove->add_option("ID", r->id, "The rule's ID (see list)")->required();
  remove->callback([&ctx, r] {
    auto desk = open_desk(ctx);
    print_criteria(ctx, desk, {desk.remove_criterion(r->key, r->id)});
  });

  auto* host = grp.add_subcommand("host", "The customer's hosts: alerts from them go to this customer");
  host->require_subcommand(1);
  struct HostOpts { std::string key; std::vector<std::string> hosts; };
  auto ha = std::make_shared<HostOpts>();
  auto* hadd = host->add_subcommand("add", "Add hosts the customer owns");
  hadd->add_option("KEY", ha->key, "Customer key")->required();
  hadd->add_option("HOST", ha->hosts, "Host names, as alerts name them")->required();
  hadd->callback([&ctx, ha] {
    auto desk = open_desk(ctx);
    auto added = desk.add_hosts(ha->key, ha->hosts);
    if (ctx.opts.json) ctx.print_json(Json{{"customer", ha->key}, {"added", added}});
    else for (const auto& h : added) ctx.out << ha->key << " " << h << "\n";
  });
  auto hr = std::make_shared<HostOpts>();
  auto* hremove = host->add_subcommand("remove", "Remove hosts");
  hremove->add_option("KEY", hr->key, "Customer key")->required();
  hremove->add_option("HOST", hr->hosts, "Host names")->required();
  hremove->callback([&ctx, hr] {
    auto desk = open_desk(ctx);
    auto removed = desk.remove_hosts(hr->key, hr->hosts);
    if (ctx.opts.json) ctx.print_json(Json{{"customer", hr->key}, {"removed", removed}});
    else for (const auto& h : removed) ctx.out << hr->key << " " << h << " removed\n";
  });
  auto hl = std::make_shared<std::string>();
  auto* hlist = host->add_subcommand("list", "List hosts and their owners (one customer, or all)");
  hlist->add_option("KEY", *hl, "Customer key");
  hlist->callback([&ctx, hl] {
    auto desk = open_desk(ctx);
    auto all = desk.hosts(hl->empty() ? std::nullopt : std::optional<std::string>(*hl));
    if (ctx.opts.json) {
      Json out = Json::array();
      for (const auto& [k, h] : all) out.push_back(Json{{"customer", k}, {"host", h}});
      ctx.print_json(out);
      return;
    }
    Table t({"CUSTOMER", "HOST"});
    for (const auto& [k, h] : all) t.add({k, h});
    t.render(ctx.out);
  });
}

}  // namespace

void register_customer(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("customer", "Customers: add, list, show, edit");
  grp->require_subcommand(1);

  struct AddOpts { std::string key, name, plan = "basic", tz; };
  auto add_opts = std::make_shared<AddOpts>();
  auto* add = grp->add_subcommand("add", "Add a customer by its Backlog project key");
  add->add_option("KEY", add_opts->key, "Backlog project key: A-Z, 0-9, _")->required();
  add->add_option("--name", add_opts->name, "The customer's name")->required();
  add->add_option("--plan", add_opts->plan, "Support plan: basic or advanced (default basic)");
  add->add_option("--tz", add_opts->tz, "The customer's time zone (default: the desk's)");
  add->callback([&ctx, add_opts] {
    auto desk = open_desk(ctx);
    auto c = desk.add_customer(add_opts->key, add_opts->name, add_opts->plan, add_opts->tz);
    if (ctx.opts.json) ctx.print_json(desk.to_json(c));
    else ctx.out << c.key << "\n";
  });

  auto* list = grp->add_subcommand("list", "List customers");
  list->callback([&ctx] {
    auto desk = open_desk(ctx);
    auto all = desk.customers();
    if (ctx.opts.json) {
      Json out = Json::array();
      for (const auto& c : all) out.push_back(desk.to_json(c));
      ctx.print_json(out);
      return;
    }
    Table t({"KEY", "PLAN", "TZ", "NAME"});
    for (const auto& c : all) t.add({c.key, std::string(to_string(c.plan)), c.tz, c.name});
    t.render(ctx.out);
  });

  auto show_key = std::make_shared<std::string>();
  auto* show = grp->add_subcommand("show", "Show a customer with its contacts in call order");
  show->add_option("KEY", *show_key, "Customer key")->required();
  show->callback([&ctx, show_key] {
    auto desk = open_desk(ctx);
    auto c = desk.customer(*show_key);
    auto contacts = desk.contacts(*show_key);
    print_customer(ctx, desk, c, &contacts);
  });

  struct EditOpts { std::string key; CustomerEdit edit; };
  auto edit_opts = std::make_shared<EditOpts>();
  register_criteria_and_hosts(*grp, ctx);
  auto* edit = grp->add_subcommand("edit", "Change a customer's name, plan or time zone");
  edit->add_option("KEY", edit_opts->key, "Customer key")->required();
  edit->add_option("--name", edit_opts->edit.name, "New name");
  edit->add_option("--plan", edit_opts->edit.plan, "New plan: basic or advanced");
  edit->add_option("--tz", edit_opts->edit.tz, "New time zone");
  edit->callback([&ctx, edit_opts] {
    auto desk = open_desk(ctx);
    auto c = desk.edit_customer(edit_opts->key, edit_opts->edit);
    print_customer(ctx, desk, c, nullptr);
  });
}

}  // namespace sd::cli
