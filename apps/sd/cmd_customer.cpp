// sd customer: the desk's customers, keyed by their Backlog project key,
// with their impact criteria and hosts.
#include "cli.hpp"
#include "commands.hpp"
#include "util.hpp"

namespace sd::cli {
namespace {

const Choices<Plan> kPlans = choices_of({Plan::basic, Plan::advanced});
const Choices<Impact> kImpacts = choices_of({Impact::yes, Impact::no});

void print_customer(Context& ctx, const Customer& c, const std::vector<Contact>* contacts) {
  if (ctx.opts.json) {
    auto j = to_json(c, json_view(ctx));
    if (contacts) {
      Json list = Json::array();
      for (const auto& k : *contacts) list.push_back(to_json(k));
      j["contacts"] = list;
    }
    ctx.print_json(j);
    return;
  }
  ctx.out << "key:      " << c.key << "\n"
          << "name:     " << c.name << "\n";
  if (!c.name_en.empty()) ctx.out << "name_en:  " << c.name_en << "\n";
  ctx.out << "plan:     " << to_string(c.plan) << "\n"
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

void print_criteria(Context& ctx, const std::vector<Criterion>& list) {
  print_list(ctx, list, [](const Criterion& c) { return to_json(c); },
             {"ID", "ORDER", "MATCH", "IMPACT", "NOTE"},
             [](const Criterion& c) {
               std::string m;
               for (const auto& [k, v] : c.matches) m += (m.empty() ? "" : " ") + k + "=" + v;
               return std::vector<std::string>{std::to_string(c.id), std::to_string(c.position), m,
                                               std::string(to_string(c.impact)), c.note};
             },
             {0, 1});
}

// ---- customer add / list / show / edit ------------------------------------

struct AddOptions {
  NewCustomer in;
};
void run_add(const AddOptions& o, Context& ctx) {
  auto c = Customers(ctx.desk()).add(o.in);
  if (ctx.opts.json) ctx.print_json(to_json(c, json_view(ctx)));
  else ctx.out << c.key << "\n";
}

void run_list(Context& ctx) {
  auto all = Customers(ctx.desk()).list();
  print_list(ctx, all, [&](const Customer& c) { return to_json(c, json_view(ctx)); }, {"KEY", "PLAN", "TZ", "NAME"},
             [](const Customer& c) {
               return std::vector<std::string>{c.key, std::string(to_string(c.plan)), c.tz, c.name};
             });
}

struct KeyOptions {
  std::string key;
};
void run_show(const KeyOptions& o, Context& ctx) {
  Customers customers(ctx.desk());
  auto c = customers.get(o.key);
  auto contacts = customers.contacts(o.key);
  print_customer(ctx, c, &contacts);
}

struct EditOptions {
  std::string key;
  CustomerEdit edit;
};
void run_edit(const EditOptions& o, Context& ctx) {
  if (o.edit.empty()) throw usage_error("customer edit: nothing to change; give --name, --name-en, --plan or --tz");
  print_customer(ctx, Customers(ctx.desk()).edit(o.key, o.edit), nullptr);
}

// ---- customer criteria (サービス影響判定基準) ---------------------------------

struct CriteriaAddOptions {
  std::string key, note;
  Impact impact = Impact::yes;
  std::vector<std::string> matches;
};
/// An added or removed rule: as JSON the rule itself (sd(1), JSON), else
/// its table row.
void print_criterion(Context& ctx, const Criterion& c) {
  if (ctx.opts.json) ctx.print_json(to_json(c));
  else print_criteria(ctx, {c});
}
void run_criteria_add(const CriteriaAddOptions& o, Context& ctx) {
  print_criterion(ctx, AlertIntake(ctx.desk()).add_criterion(o.key, o.matches, o.impact, o.note));
}
void run_criteria_list(const KeyOptions& o, Context& ctx) {
  print_criteria(ctx, AlertIntake(ctx.desk()).criteria(o.key));
}
struct CriteriaRemoveOptions {
  std::string key;
  std::int64_t id = 0;
};
void run_criteria_remove(const CriteriaRemoveOptions& o, Context& ctx) {
  print_criterion(ctx, AlertIntake(ctx.desk()).remove_criterion(o.key, o.id));
}

// ---- customer host ----------------------------------------------------------

struct HostOptions {
  std::string key;
  std::vector<std::string> hosts;
};
Json host_json(const std::string& customer, const std::string& host) {
  return Json{{"customer", customer}, {"host", host}};
}
/// Hosts added or removed: as JSON the host objects of `sd customer host
/// list`, one object for one HOST and an array for several (sd(1), JSON).
void print_hosts(Context& ctx, const std::string& customer, const std::vector<std::string>& hosts, bool several,
                 const char* suffix) {
  if (ctx.opts.json && several) {
    Json all = Json::array();
    for (const auto& h : hosts) all.push_back(host_json(customer, h));
    ctx.print_json(all);
  } else if (ctx.opts.json) {
    for (const auto& h : hosts) ctx.print_json(host_json(customer, h));
  } else {
    for (const auto& h : hosts) ctx.out << customer << " " << h << suffix << "\n";
  }
}
void run_host_add(const HostOptions& o, Context& ctx) {
  print_hosts(ctx, o.key, AlertIntake(ctx.desk()).add_hosts(o.key, o.hosts), o.hosts.size() > 1, "");
}
void run_host_remove(const HostOptions& o, Context& ctx) {
  print_hosts(ctx, o.key, AlertIntake(ctx.desk()).remove_hosts(o.key, o.hosts), o.hosts.size() > 1, " removed");
}
void run_host_list(const KeyOptions& o, Context& ctx) {
  auto all = AlertIntake(ctx.desk()).hosts(given(o.key));
  using Row = std::pair<std::string, std::string>;
  print_list(ctx, all, [](const Row& r) { return host_json(r.first, r.second); },
             {"CUSTOMER", "HOST"}, [](const Row& r) { return std::vector<std::string>{r.first, r.second}; });
}

void register_criteria(CLI::App& grp, Context& ctx) {
  auto* criteria = grp.add_subcommand("criteria", "Impact criteria: which alerts affect service, judged automatically");
  criteria->require_subcommand(1);

  auto a = std::make_shared<CriteriaAddOptions>();
  auto* add = criteria->add_subcommand("add", "Add a rule: every --match must hold; rules are tried in order");
  add->add_option("KEY", a->key, "Customer key")->required();
  add->add_option("--match", a->matches, "LABEL=PATTERN with * and ? wildcards, e.g. host=web* (repeat)")->required();
  add_choice(add, "--impact", a->impact, kImpacts, "The judgement when it matches: yes or no")->required();
  add->add_option("-m,--message", a->note, "Why, as agreed with the customer");
  add->callback([&ctx, a] { run_criteria_add(*a, ctx); });

  auto l = std::make_shared<KeyOptions>();
  auto* list = criteria->add_subcommand("list", "List a customer's impact criteria in the order they are tried");
  add_list_options(list, ctx);
  list->add_option("KEY", l->key, "Customer key")->required();
  list->callback([&ctx, l] { run_criteria_list(*l, ctx); });

  auto r = std::make_shared<CriteriaRemoveOptions>();
  auto* remove = criteria->add_subcommand("remove", "Remove a rule by its ID");
  remove->add_option("KEY", r->key, "Customer key")->required();
  remove->add_option("ID", r->id, "The rule's ID (see list)")->required();
  remove->callback([&ctx, r] { run_criteria_remove(*r, ctx); });
}

void register_hosts(CLI::App& grp, Context& ctx) {
  auto* host = grp.add_subcommand("host", "The customer's hosts: alerts from them go to this customer");
  host->require_subcommand(1);
  auto ha = std::make_shared<HostOptions>();
  auto* add = host->add_subcommand("add", "Add hosts the customer owns");
  add->add_option("KEY", ha->key, "Customer key")->required();
  add->add_option("HOST", ha->hosts, "Host names, as alerts name them")->required();
  add->callback([&ctx, ha] { run_host_add(*ha, ctx); });

  auto hr = std::make_shared<HostOptions>();
  auto* remove = host->add_subcommand("remove", "Remove hosts");
  remove->add_option("KEY", hr->key, "Customer key")->required();
  remove->add_option("HOST", hr->hosts, "Host names")->required();
  remove->callback([&ctx, hr] { run_host_remove(*hr, ctx); });

  auto hl = std::make_shared<KeyOptions>();
  auto* list = host->add_subcommand("list", "List hosts and their owners (one customer, or all)");
  add_list_options(list, ctx);
  list->add_option("KEY", hl->key, "Customer key");
  list->callback([&ctx, hl] { run_host_list(*hl, ctx); });
}

}  // namespace

void register_customer(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("customer", "Customers: add, list, show, edit");
  grp->require_subcommand(1);

  auto a = std::make_shared<AddOptions>();
  auto* add = grp->add_subcommand("add", "Add a customer by its Backlog project key");
  add->add_option("KEY", a->in.key, "Backlog project key: A-Z, 0-9, _")->required();
  add->add_option("--name", a->in.name, "The customer's name")->required();
  add->add_option("--name-en", a->in.name_en, "The name English notices use (default: --name)");
  add_choice(add, "--plan", a->in.plan, kPlans, "Support plan: basic or advanced (default basic)");
  add->add_option("--tz", a->in.tz, "The customer's time zone (default: the desk's)");
  add->callback([&ctx, a] { run_add(*a, ctx); });

  auto* list = grp->add_subcommand("list", "List customers");
  add_list_options(list, ctx);
  list->callback([&ctx] { run_list(ctx); });

  auto s = std::make_shared<KeyOptions>();
  auto* show = grp->add_subcommand("show", "Show a customer with its contacts in call order");
  show->add_option("KEY", s->key, "Customer key")->required();
  show->callback([&ctx, s] { run_show(*s, ctx); });

  register_criteria(*grp, ctx);
  register_hosts(*grp, ctx);

  auto e = std::make_shared<EditOptions>();
  auto* edit = grp->add_subcommand("edit", "Change a customer's name, English name, plan or time zone");
  edit->add_option("KEY", e->key, "Customer key")->required();
  edit->add_option("--name", e->edit.name, "New name");
  edit->add_option("--name-en", e->edit.name_en, "The name English notices use (\"\" removes it)");
  add_choice(edit, "--plan", e->edit.plan, kPlans, "New plan: basic or advanced");
  edit->add_option("--tz", e->edit.tz, "New time zone");
  edit->callback([&ctx, e] { run_edit(*e, ctx); });
}

}  // namespace sd::cli
