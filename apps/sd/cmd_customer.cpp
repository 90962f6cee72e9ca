// sd customer: the desk's customers, keyed by their Backlog project key.
#include "commands.hpp"
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
