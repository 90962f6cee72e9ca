// sd contact: a customer's contacts, in the order the desk phones them when
// a service-impacting incident happens (white paper §4.2.2).
#include "commands.hpp"
#include "table.hpp"
#include "util.hpp"

#include <CLI/CLI.hpp>

namespace sd::cli {
namespace {

void print_contacts(Context& ctx, Desk& desk, const std::vector<Contact>& list) {
  if (ctx.opts.json) {
    Json out = Json::array();
    for (const auto& c : list) out.push_back(desk.to_json(c));
    ctx.print_json(out);
    return;
  }
  Table t({"ORDER", "NAME", "PHONE", "EMAIL", "ROLE"});
  t.right(0);
  for (const auto& c : list) t.add({std::to_string(c.position), c.name, c.phone, c.email, c.role});
  t.render(ctx.out);
}

}  // namespace

void register_contact(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("contact", "A customer's contacts and their call order");
  grp->require_subcommand(1);

  struct AddOpts { std::string key; ContactInput in; };
  auto a = std::make_shared<AddOpts>();
  auto* add = grp->add_subcommand("add", "Add a contact (last in the call order unless --order)");
  add->add_option("KEY", a->key, "Customer key")->required();
  add->add_option("--name", a->in.name, "The contact's name")->required();
  add->add_option("--phone", a->in.phone, "Phone number")->required();
  add->add_option("--email", a->in.email, "Email address");
  add->add_option("--role", a->in.role, "Role, e.g. インフラ担当");
  add->add_option("--order", a->in.order, "Place in the call order, 1 = called first");
  add->callback([&ctx, a] {
    auto desk = open_desk(ctx);
    auto c = desk.add_contact(a->key, a->in);
    if (ctx.opts.json) ctx.print_json(desk.to_json(c));
    else ctx.out << a->key << " contact " << c.position << ": " << c.name << "\n";
  });

  auto list_key = std::make_shared<std::string>();
  auto* list = grp->add_subcommand("list", "List a customer's contacts in call order");
  list->add_option("KEY", *list_key, "Customer key")->required();
  list->callback([&ctx, list_key] {
    auto desk = open_desk(ctx);
    print_contacts(ctx, desk, desk.contacts(*list_key));
  });

  struct EditOpts { std::string key, who; ContactEdit edit; };
  auto e = std::make_shared<EditOpts>();
  auto* edit = grp->add_subcommand("edit", "Change a contact's name, phone, email or role");
  edit->add_option("KEY", e->key, "Customer key")->required();
  edit->add_option("CONTACT", e->who, "The contact's name or place in the call order")->required();
  edit->add_option("--name", e->edit.name, "New name");
  edit->add_option("--phone", e->edit.phone, "New phone number");
  edit->add_option("--email", e->edit.email, "New email address");
  edit->add_option("--role", e->edit.role, "New role");
  edit->callback([&ctx, e] {
    auto desk = open_desk(ctx);
    auto c = desk.edit_contact(e->key, e->who, e->edit);
    if (ctx.opts.json) ctx.print_json(desk.to_json(c));
    else ctx.out << e->key << " contact " << c.position << ": " << c.name << "\n";
  });

  struct RemoveOpts { std::string key, who; };
  auto r = std::make_shared<RemoveOpts>();
  auto* remove = grp->add_subcommand("remove", "Remove a contact; the others move up");
  remove->add_option("KEY", r->key, "Customer key")->required();
  remove->add_option("CONTACT", r->who, "The contact's name or place in the call order")->required();
  remove->callback([&ctx, r] {
    auto desk = open_desk(ctx);
    auto gone = desk.remove_contact(r->key, r->who);
    if (ctx.opts.json) ctx.print_json(desk.to_json(gone));
    else ctx.out << r->key << ": removed " << gone.name << "\n";
  });

  struct ReorderOpts { std::string key; std::vector<std::string> who; };
  auto o = std::make_shared<ReorderOpts>();
  auto* reorder = grp->add_subcommand(
      "reorder", "Set the call order: the named contacts first, in that order; the rest after");
  reorder->add_option("KEY", o->key, "Customer key")->required();
  reorder->add_option("CONTACT", o->who, "Contacts (names or places) in their new order")->required();
  reorder->callback([&ctx, o] {
    auto desk = open_desk(ctx);
    print_contacts(ctx, desk, desk.reorder_contacts(o->key, o->who));
  });
}

}  // namespace sd::cli
