// Configuration items: the service.
#include "supportdesk/config_items.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/request.hpp"
#include "supportdesk/text.hpp"
#include "checks.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace sd {

namespace {

void check_attributes(const ConfigItemEdit& e) {
  if (e.type) check_ci_type(*e.type);
  if (e.description) check_one_line(*e.description, "description");
  if (e.version) check_one_line(*e.version, "version");
  if (e.component) check_one_line(*e.component, "component");
  if (e.location) {
    check_text(*e.location, "location");
    check_ci_location(*e.location);
  }
}

/// The customer named by `key`, an error naming `customer` otherwise.
Customer customer_of(Store& store, const std::string& key) {
  try {
    check_customer_key(key);
  } catch (const Error& e) {
    throw field_error("customer", e.detail());
  }
  auto c = store.find_customer(key);
  if (!c) throw Error(Exit::no_input, "customer", "no customer " + key + " (see 'sd customer list')");
  return *c;
}

std::string attribute_list() {
  std::string out;
  for (const auto& a : ci_attributes()) out += (out.empty() ? "" : ", ") + a;
  return out;
}

std::string link_text(const std::string& from, CiRelation r, const std::string& to) {
  return from + " " + std::string(to_string(r)) + " " + to;
}

}  // namespace

ConfigItemEdit ci_edit_from(const std::vector<std::pair<std::string, std::string>>& attributes,
                            std::string_view field) {
  ConfigItemEdit e;
  std::set<std::string> seen;
  for (const auto& [k, v] : attributes) {
    const auto& all = ci_attributes();
    if (std::find(all.begin(), all.end(), k) == all.end())
      throw field_error(field, "'" + k + "' is not a CI attribute; use " + attribute_list());
    if (!seen.insert(k).second) throw field_error(field, k + " is given twice");
    if (k == "type") e.type = v;
    else if (k == "description") e.description = v;
    else if (k == "version") e.version = v;
    else if (k == "location") e.location = v;
    else if (k == "component") e.component = v;
    else if (k == "status") {
      auto s = ci_status_from(v);
      if (!s) throw field_error(field, "status '" + v + "' is not allowed; use planned, active, maintenance or retired");
      e.status = *s;
    }
  }
  check_attributes(e);
  return e;
}

std::optional<ConfigItem> ci_for_host(ConfigItemStore& store, const std::string& host, const std::string& customer) {
  if (host.empty()) return std::nullopt;
  auto ci = store.find_config_item(host);
  if (!ci || ci->customer != customer) return std::nullopt;
  return ci;
}

ConfigItem ConfigItems::must(const std::string& name, std::string_view field) {
  check_text(name, field);
  auto ci = ctx_.store.find_config_item(name);
  if (!ci) throw Error(Exit::no_input, field, "no CI named " + name + " (see 'sd ci list')");
  return *ci;
}

ConfigItem ConfigItems::add(const NewConfigItem& in) {
  check_ci_name(in.name);
  ConfigItemEdit attrs;
  attrs.type = in.type;
  attrs.description = in.description;
  attrs.version = in.version;
  attrs.location = in.location;
  attrs.component = in.component;
  check_attributes(attrs);
  return write_transaction(ctx_.store, [&] {
    auto cust = customer_of(ctx_.store, in.customer);
    if (auto other = ctx_.store.find_config_item(in.name))
      throw field_error("name", in.name + " already exists (a CI of " + other->customer + "); names are unique");
    ConfigItem ci;
    ci.customer_id = cust.id;
    ci.customer = cust.key;
    ci.name = in.name;
    ci.type = in.type;
    ci.status = in.status;
    ci.description = in.description;
    ci.version = in.version;
    ci.location = in.location;
    ci.component = in.component;
    ci.created_at = ci.updated_at = ctx_.now;
    ci.id = ctx_.store.insert_config_item(ci);
    ctx_.audit(ci_entity(ci.name), "ci.add", nullptr, to_json(ci, ctx_.view()));
    return ci;
  });
}

bool ConfigItems::change(ConfigItem& ci, const ConfigItemEdit& edit, const std::string& why, DeskContext& by) {
  auto before = to_json(ci, by.view());
  if (edit.type) ci.type = *edit.type;
  if (edit.status) ci.status = *edit.status;
  if (edit.description) ci.description = *edit.description;
  if (edit.version) ci.version = *edit.version;
  if (edit.location) ci.location = *edit.location;
  if (edit.component) ci.component = *edit.component;
  if (to_json(ci, by.view()) == before) return false;
  ci.updated_at = by.now;
  ctx_.store.update_config_item(ci);
  auto after = to_json(ci, by.view());
  if (!why.empty()) after["why"] = why;
  by.audit(ci_entity(ci.name), "ci.edit", before, after);
  return true;
}

ConfigItem ConfigItems::edit(const std::string& name, const ConfigItemEdit& edit, const std::string& why) {
  if (edit.empty()) throw data_error("ci edit: nothing to change");
  check_attributes(edit);
  check_one_line(why, "message");
  return write_transaction(ctx_.store, [&] {
    auto ci = must(name);
    change(ci, edit, why, ctx_);
    return ci;
  });
}

ConfigItem ConfigItems::apply(const std::string& name,
                              const std::vector<std::pair<std::string, std::string>>& attributes,
                              const std::string& actor, Instant at, const std::string& why) {
  auto edit = ci_edit_from(attributes);
  check_one_line(why, "message");
  // The entry is written by `actor` at `at`: a context of theirs over the
  // same store, inside the caller's transaction.
  DeskContext by(
      ctx_.store, ctx_.calendar, [this]() -> const Catalog& { return ctx_.catalog(); }, ctx_.policy, at, actor);
  auto ci = must(name);
  change(ci, edit, why, by);
  return ci;
}

ConfigItem ConfigItems::get(const std::string& name) {
  return read_transaction(ctx_.store, [&] { return must(name); });
}

ConfigItemView ConfigItems::view(const std::string& name) {
  return read_transaction(ctx_.store, [&] {
    ConfigItemView v;
    v.item = must(name);
    for (auto& l : ctx_.store.ci_links_of(v.item.id)) {
      if (l.from_id == v.item.id) v.links_out.push_back(l);
      if (l.to_id == v.item.id) v.links_in.push_back(l);
    }
    AuditFilter f;
    f.entity = ci_entity(name);
    f.exact = true;
    ctx_.store.each_audit(f, [&](const AuditEvent& e) {
      if (e.action != "ci.add" && e.action != "ci.edit") return;
      auto before = e.before.empty() ? Json::object() : Json::parse(e.before);
      auto after = e.after.empty() ? Json::object() : Json::parse(e.after);
      if (!before.is_object() || !after.is_object()) return;
      std::string why = after.contains("why") && after["why"].is_string() ? after["why"].get<std::string>() : "";
      for (const auto& attr : ci_attributes()) {
        bool added = e.action == "ci.add";
        if (added ? after.value(attr, Json(nullptr)).is_null() : !after.contains(attr) && !before.contains(attr))
          continue;
        v.history.push_back(AttributeChange{attr, e.at, e.actor, added ? Json(nullptr) : before.value(attr, Json(nullptr)),
                                            after.value(attr, Json(nullptr)), why});
      }
    });
    return v;
  });
}

void ConfigItems::each(const ConfigItemFilter& filter, const std::function<void(const ConfigItem&)>& visit) {
  read_transaction(ctx_.store, [&] {
    if (filter.customer) customer_of(ctx_.store, *filter.customer);
    if (filter.type) check_ci_type(*filter.type);
    ctx_.store.each_config_item(filter, [&](ConfigItem& ci) { visit(ci); });
  });
}

std::vector<ConfigItem> ConfigItems::list(const ConfigItemFilter& filter) {
  std::vector<ConfigItem> out;
  each(filter, [&](const ConfigItem& ci) { out.push_back(ci); });
  return out;
}

CiLink ConfigItems::link(const std::string& from, CiRelation relation, const std::string& to) {
  return write_transaction(ctx_.store, [&] {
    auto a = must(from, "from");
    auto b = must(to, "to");
    if (a.id == b.id) throw field_error("to", "a CI cannot be linked to itself (" + link_text(from, relation, to) + ")");
    if (a.customer != b.customer)
      throw field_error("to", to + " is a CI of " + b.customer + " and " + from + " of " + a.customer +
                                  ": links join CIs of one customer");
    for (const auto& l : ctx_.store.ci_links_of(a.id))
      if (l.from_id == a.id && l.to_id == b.id && l.relation == relation)
        throw field_error("to", link_text(from, relation, to) + " is already recorded");
    auto links = ctx_.store.list_ci_links(a.customer);
    std::vector<std::string> cycle;
    if (closes_cycle(from, to, links, &cycle)) {
      std::string path;
      for (const auto& n : cycle) path += (path.empty() ? "" : " → ") + n;
      throw field_error("to", link_text(from, relation, to) + " would close a cycle (" + path +
                                  "): no CI may depend on itself");
    }
    CiLink l;
    l.from_id = a.id;
    l.to_id = b.id;
    l.from = a.name;
    l.to = b.name;
    l.from_customer = a.customer;
    l.to_customer = b.customer;
    l.relation = relation;
    l.created_at = ctx_.now;
    l.id = ctx_.store.insert_ci_link(l);
    ctx_.audit(ci_entity(a.name), "ci.link", nullptr, to_json(l, ctx_.view()));
    return l;
  });
}

CiLink ConfigItems::unlink(const std::string& from, CiRelation relation, const std::string& to) {
  return write_transaction(ctx_.store, [&] {
    auto a = must(from, "from");
    for (const auto& l : ctx_.store.ci_links_of(a.id)) {
      if (l.from_id != a.id || l.to != to || l.relation != relation) continue;
      ctx_.store.delete_ci_link(l.id);
      ctx_.audit(ci_entity(a.name), "ci.unlink", to_json(l, ctx_.view()), nullptr);
      return l;
    }
    throw Error(Exit::no_input, "to",
                "no link " + link_text(from, relation, to) + " (see 'sd ci show " + from + "')");
  });
}

std::vector<CiImpact> ConfigItems::impact(const std::string& name) {
  return read_transaction(ctx_.store, [&] {
    auto ci = must(name);
    ConfigItemFilter f;
    f.customer = ci.customer;
    std::map<std::string, ConfigItem> items;
    ctx_.store.each_config_item(f, [&](ConfigItem& x) { items.emplace(x.name, std::move(x)); });
    std::vector<CiImpact> out;
    for (auto& how : impact_of(ci.name, ctx_.store.list_ci_links(ci.customer))) {
      auto it = items.find(how.name);
      if (it == items.end()) continue;
      out.push_back(CiImpact{std::move(how), it->second});
    }
    return out;
  });
}

CiGraph ConfigItems::graph(const std::optional<std::string>& customer) {
  return read_transaction(ctx_.store, [&] {
    if (customer) customer_of(ctx_.store, *customer);
    ConfigItemFilter f;
    f.customer = customer;
    CiGraph g;
    g.items = ctx_.store.list_config_items(f);
    g.links = ctx_.store.list_ci_links(customer);
    return g;
  });
}

}  // namespace sd
