// sd contact: a customer's contacts, in the order the desk phones them when
// a service-impacting incident happens (white paper §4.2.2).
#include "cli.hpp"
#include "commands.hpp"
#include "util.hpp"

namespace sd::cli {
namespace {

void print_contacts(Context& ctx, const std::vector<Contact>& list) {
  print_list(ctx, list, [](const Contact& c) { return to_json(c); }, {"ORDER", "NAME", "PHONE", "EMAIL", "ROLE"},
             [](const Contact& c) {
               return std::vector<std::string>{std::to_string(c.position), c.name, c.phone, c.email, c.role};
             },
             {0});
}

void print_one(Context& ctx, const std::string& key, const Contact& c) {
  if (ctx.opts.json) ctx.print_json(to_json(c));
  else ctx.out << key << " contact " << c.position << ": " << c.name << "\n";
}

struct AddOptions {
  std::string key;
  ContactInput in;
};
void run_add(const AddOptions& o, Context& ctx) {
  print_one(ctx, o.key, Customers(ctx.desk()).add_contact(o.key, o.in));
}

struct ListOptions {
  std::string key;
};
void run_list(const ListOptions& o, Context& ctx) { print_contacts(ctx, Customers(ctx.desk()).contacts(o.key)); }

struct EditOptions {
  std::string key, who;
  ContactEdit edit;
};
void run_edit(const EditOptions& o, Context& ctx) {
  if (o.edit.empty()) throw usage_error("contact edit: nothing to change; give --name, --phone, --email or --role");
  print_one(ctx, o.key, Customers(ctx.desk()).edit_contact(o.key, o.who, o.edit));
}

struct RemoveOptions {
  std::string key, who;
};
void run_remove(const RemoveOptions& o, Context& ctx) {
  auto gone = Customers(ctx.desk()).remove_contact(o.key, o.who);
  if (ctx.opts.json) ctx.print_json(to_json(gone));
  else ctx.out << o.key << ": removed " << gone.name << "\n";
}

struct ReorderOptions {
  std::string key;
  std::vector<std::string> who;
};
void run_reorder(const ReorderOptions& o, Context& ctx) {
  if (o.who.empty()) throw usage_error("contact reorder: name the contacts in their new order");
  print_contacts(ctx, Customers(ctx.desk()).reorder_contacts(o.key, o.who));
}

}  // namespace

void register_contact(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("contact", "A customer's contacts and their call order");
  grp->require_subcommand(1);

  auto a = std::make_shared<AddOptions>();
  auto* add = grp->add_subcommand("add", "Add a contact (last in the call order unless --order)");
  add->add_option("KEY", a->key, "Customer key")->required();
  add->add_option("--name", a->in.name, "The contact's name")->required();
  add->add_option("--phone", a->in.phone, "Phone number")->required();
  add->add_option("--email", a->in.email, "Email address");
  add->add_option("--role", a->in.role, "Role, e.g. インフラ担当");
  add->add_option("--order", a->in.order, "Place in the call order, 1 = called first");
  add->callback([&ctx, a] { run_add(*a, ctx); });

  auto l = std::make_shared<ListOptions>();
  auto* list = grp->add_subcommand("list", "List a customer's contacts in call order");
  add_list_options(list, ctx);
  list->add_option("KEY", l->key, "Customer key")->required();
  list->callback([&ctx, l] { run_list(*l, ctx); });

  auto e = std::make_shared<EditOptions>();
  auto* edit = grp->add_subcommand("edit", "Change a contact's name, phone, email or role");
  edit->add_option("KEY", e->key, "Customer key")->required();
  edit->add_option("CONTACT", e->who, "The contact's name or place in the call order")->required();
  edit->add_option("--name", e->edit.name, "New name");
  edit->add_option("--phone", e->edit.phone, "New phone number");
  edit->add_option("--email", e->edit.email, "New email address");
  edit->add_option("--role", e->edit.role, "New role");
  edit->callback([&ctx, e] { run_edit(*e, ctx); });

  auto r = std::make_shared<RemoveOptions>();
  auto* remove = grp->add_subcommand("remove", "Remove a contact; the others move up");
  remove->add_option("KEY", r->key, "Customer key")->required();
  remove->add_option("CONTACT", r->who, "The contact's name or place in the call order")->required();
  remove->callback([&ctx, r] { run_remove(*r, ctx); });

  auto o = std::make_shared<ReorderOptions>();
  auto* reorder = grp->add_subcommand(
      "reorder", "Set the call order: the named contacts first, in that order; the rest after");
  reorder->add_option("KEY", o->key, "Customer key")->required();
  reorder->add_option("CONTACT", o->who, "Contacts (names or places) in their new order")->required();
  reorder->callback([&ctx, o] { run_reorder(*o, ctx); });
}

}  // namespace sd::cli
