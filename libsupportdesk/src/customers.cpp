// Customers and their contacts.
#include "supportdesk/customers.hpp"
#include "supportdesk/problem.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"
#include "checks.hpp"
#include "take_back.hpp"

#include <algorithm>
#include <set>

namespace sd {
namespace {

/// Gives `list`'s contacts the places 1, 2, ... in its order, writing those
/// that moved.
void renumber_contacts(Store& store, std::vector<Contact>& list) {
  // Positions are unique per customer only by convention, so moves are safe
  // in any order within the transaction.
  int pos = 0;
  for (auto& c : list) {
    if (c.position != ++pos) {
      c.position = pos;
      store.update_contact(c);
    }
  }
}

/// Contacts are named by name or by place in the call order, so a name may
/// not be all digits.
void check_contact_name(const std::string& name) {
  check_required_text(name, "name");
  check_one_line(name, "name");
  auto key = name_key(name);
  if (key.empty()) throw field_error("name", "is blank");
  if (std::all_of(key.begin(), key.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    throw field_error("name", "a contact's name cannot be a number (numbers name places in the call order)");
}

/// A phone number as typed, full-width digits and signs folded to ASCII.
std::string checked_phone(const std::string& typed) {
  auto s = fold_width(typed);
  int digits = 0;
  bool ok = !s.empty();
  for (char c : s) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c != '+' && c != '-' && c != ' ' && c != '(' && c != ')') ok = false;
  }
  if (!ok || digits < 2)
    throw field_error("phone", "'" + typed + "' is not a phone number; use digits with + - ( ) or spaces");
  return std::string(trim(s));
}

/// An English name: one line, or "" for none.
void check_name_en(const std::string& s) {
  check_text(s, "name_en");
  check_one_line(s, "name_en");
}

/// A zone the user typed: unknown is bad data (65), not bad config.
void check_zone(const std::string& tz) {
  try {
    find_zone(tz, "tz");
  } catch (const Error& e) {
    throw field_error("tz", e.detail());
  }
}

void check_email(const std::string& s) {
  auto at = s.find('@');
  if (s.empty()) return;
  if (at == std::string::npos || at == 0 || at + 1 >= s.size() ||
      s.find_first_of(" \t\n,;<>") != std::string::npos)
    throw field_error("email", "'" + s + "' is not an email address");
}

}  // namespace

// ---- customers ---------------------------------------------------------------

Customer Customers::add(const NewCustomer& in) {
  const auto& key = in.key;
  check_customer_key(key);
  if (reserved_customer_key(key))
    throw field_error("key", "'" + key + "' is kept for the desk's own records (PRB-n problems, CHG-n changes); "
                             "choose another customer key");
  check_required_text(in.name, "name");
  check_one_line(in.name, "name");
  Customer c;
  c.key = key;
  c.name = in.name;
  check_name_en(in.name_en);
  c.name_en = std::string(trim(in.name_en));
  c.plan = in.plan;
  c.tz = in.tz.empty() ? ctx_.calendar.settings().zone : in.tz;
  check_zone(c.tz);
  c.created_at = ctx_.now;
  return write_transaction(ctx_.store, [&] {
    if (ctx_.store.find_customer(key)) throw data_error("customer: " + key + " already exists");
    c.id = ctx_.store.insert_customer(c);
    ctx_.audit(key, "customer.add", nullptr, to_json(c, ctx_.view()));
    return c;
  });
}

Customer Customers::edit(const std::string& key, const CustomerEdit& edit) {
  if (edit.empty()) throw data_error("customer edit: nothing to change");
  if (edit.name) {
    check_required_text(*edit.name, "name");
    check_one_line(*edit.name, "name");
  }
  if (edit.tz) check_zone(*edit.tz);
  if (edit.name_en) check_name_en(*edit.name_en);
  return write_transaction(ctx_.store, [&] {
    auto c = ctx_.must_customer(key);
    auto before = to_json(c, ctx_.view());
    if (edit.name) c.name = *edit.name;
    if (edit.name_en) c.name_en = std::string(trim(*edit.name_en));
    if (edit.plan) c.plan = *edit.plan;
    if (edit.tz) c.tz = *edit.tz;
    ctx_.store.update_customer(c);
    ctx_.audit(key, "customer.edit", before, to_json(c, ctx_.view()));
    return c;
  });
}

Customer Customers::get(const std::string& key) {
  return read_transaction(ctx_.store, [&] { return ctx_.must_customer(key); });
}

std::vector<Customer> Customers::list() {
  return read_transaction(ctx_.store, [&] { return ctx_.store.list_customers(); });
}

// ---- contacts ------------------------------------------------------------------

std::vector<Contact>::const_iterator find_contact(const std::vector<Contact>& list,
                                                  const std::string& who, const std::string& key) {
  auto wanted = name_key(who);
  bool numeric = !wanted.empty() && std::all_of(wanted.begin(), wanted.end(),
                                                 [](char ch) { return ch >= '0' && ch <= '9'; });
  auto it = std::find_if(list.begin(), list.end(), [&](const Contact& c) {
    return numeric ? std::to_string(c.position) == wanted : name_key(c.name) == wanted;
  });
  if (it == list.end())
    throw not_found("contact: " + key + " has no contact " + (numeric ? "at position " : "named ") +
                    who + " (see 'sd contact list " + key + "')");
  return it;
}

void Customers::renumber(std::vector<Contact>& list) { renumber_contacts(ctx_.store, list); }

Contact Customers::add_contact(const std::string& key, const ContactInput& in) {
  auto phone = checked_phone(in.phone);
  check_email(in.email);
  check_one_line(in.role, "role");
  check_contact_name(in.name);
  return write_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(key);
    auto list = ctx_.store.list_contacts(cust.id);
    for (const auto& c : list)
      if (name_key(c.name) == name_key(in.name))
        throw field_error("name", key + " already has a contact named " + c.name);
    int last = static_cast<int>(list.size()) + 1;
    int order = in.order.value_or(last);
    if (order < 1 || order > last)
      throw field_error("order", std::to_string(order) + " is out of range; use 1 to " +
                       std::to_string(last));
    Contact c;
    c.customer_id = cust.id;
    c.name = in.name;
    c.phone = phone;
    c.email = in.email;
    c.role = in.role;
    c.position = last;
    c.id = ctx_.store.insert_contact(c);
    list.insert(list.begin() + (order - 1), c);
    renumber(list);
    auto& added = list[static_cast<std::size_t>(order - 1)];
    ctx_.audit(key + "/contact/" + std::to_string(added.id), "contact.add", nullptr, to_json(added));
    return added;
  });
}

Contact Customers::edit_contact(const std::string& key, const std::string& who, const ContactEdit& edit) {
  if (edit.empty())
    throw data_error("contact edit: nothing to change");
  if (edit.name) check_contact_name(*edit.name);
  std::optional<std::string> phone;
  if (edit.phone) phone = checked_phone(*edit.phone);
  if (edit.email) check_email(*edit.email);
  if (edit.role) check_one_line(*edit.role, "role");
  return write_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(key);
    auto list = ctx_.store.list_contacts(cust.id);
    auto c = *find_contact(list, who, key);
    auto before = to_json(c);
    if (edit.name)
      for (const auto& o : list)
        if (o.id != c.id && name_key(o.name) == name_key(*edit.name))
          throw field_error("name", key + " already has a contact named " + o.name);
    if (edit.name) c.name = *edit.name;
    if (phone) c.phone = *phone;
    if (edit.email) c.email = *edit.email;
    if (edit.role) c.role = *edit.role;
    ctx_.store.update_contact(c);
    ctx_.audit(key + "/contact/" + std::to_string(c.id), "contact.edit", before, to_json(c));
    return c;
  });
}

std::vector<Contact> Customers::contacts(const std::string& key) {
  return read_transaction(ctx_.store, [&] { return ctx_.store.list_contacts(ctx_.must_customer(key).id); });
}

Contact Customers::remove_contact(const std::string& key, const std::string& who) {
  return write_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(key);
    auto list = ctx_.store.list_contacts(cust.id);
    auto it = find_contact(list, who, key);
    Contact gone = *it;
    ctx_.store.delete_contact(gone.id);
    list.erase(it);
    renumber(list);
    ctx_.audit(key + "/contact/" + std::to_string(gone.id), "contact.remove", to_json(gone), nullptr);
    return gone;
  });
}

std::vector<Contact> Customers::reorder_contacts(const std::string& key, const std::vector<std::string>& who) {
  if (who.empty()) throw data_error("contact reorder: name the contacts in their new order");
  return write_transaction(ctx_.store, [&] {
    auto cust = ctx_.must_customer(key);
    auto list = ctx_.store.list_contacts(cust.id);
    Json before = Json::array();
    for (const auto& c : list) before.push_back(to_json(c));
    std::vector<Contact> ordered;
    std::set<std::int64_t> taken;
    for (const auto& w : who) {
      auto it = find_contact(list, w, key);
      if (!taken.insert(it->id).second) throw data_error("contact reorder: " + w + " is named twice");
      ordered.push_back(*it);
    }
    for (const auto& c : list)
      if (!taken.count(c.id)) ordered.push_back(c);
    renumber(ordered);
    Json after = Json::array();
    for (const auto& c : ordered) after.push_back(to_json(c));
    ctx_.audit(key + "/contacts", "contact.reorder", before, after);
    return ordered;
  });
}

// ---- sd undo --------------------------------------------------------------------

namespace take_back {
namespace {

/// The contact id an entity ACME/contact/ID names.
std::int64_t contact_id(const AuditEvent& e) {
  auto slash = e.entity.rfind('/');
  return std::stoll(e.entity.substr(slash + 1));
}

/// The contact whose id `e`'s entity names, in `list`; changed() when it is gone.
std::vector<Contact>::iterator contact_of(const AuditEvent& e, std::vector<Contact>& list) {
  auto id = contact_id(e);
  auto it = std::find_if(list.begin(), list.end(), [&](const Contact& c) { return c.id == id; });
  if (it == list.end()) throw changed(e, "the contact is no longer there");
  return it;
}

/// A contact's JSON with its place in the call order left out: other
/// contacts added, removed or reordered since move it, and that is no
/// reason to refuse.
Json without_order(Json j) {
  if (j.is_object()) j.erase("order");
  return j;
}

void require_name_free(const AuditEvent& e, const std::vector<Contact>& list, const std::string& name,
                       std::int64_t self) {
  for (const auto& o : list)
    if (o.id != self && name_key(o.name) == name_key(name))
      throw changed(e, "another contact is now named " + o.name);
}

}  // namespace

bool customer_change(DeskContext& ctx, const AuditEvent& e) {
  auto before = part(e.before), after = part(e.after);
  const auto key = e.entity.substr(0, e.entity.find('/'));
  if (e.action == "customer.edit") {
    auto c = ctx.must_customer(key);
    require_as_left(e, to_json(c, ctx.view()), after);
    if (before.contains("name")) c.name = text_of(before["name"]);
    if (before.contains("name_en")) c.name_en = text_of(before["name_en"]);
    if (before.contains("plan")) c.plan = plan_from(text_of(before["plan"])).value_or(c.plan);
    if (before.contains("tz")) c.tz = text_of(before["tz"]);
    ctx.store.update_customer(c);
    return true;
  }
  if (e.action.rfind("contact.", 0) != 0) return false;
  auto cust = ctx.must_customer(key);
  auto list = ctx.store.list_contacts(cust.id);
  if (e.action == "contact.add") {
    auto it = contact_of(e, list);
    require_as_left(e, without_order(to_json(*it)), without_order(after));
    ctx.store.delete_contact(it->id);
    list.erase(it);
    renumber_contacts(ctx.store, list);
  } else if (e.action == "contact.edit") {
    auto it = contact_of(e, list);
    require_as_left(e, to_json(*it), without_order(after));
    if (before.contains("name")) {
      require_name_free(e, list, text_of(before["name"]), it->id);
      it->name = text_of(before["name"]);
    }
    if (before.contains("phone")) it->phone = text_of(before["phone"]);
    if (before.contains("email")) it->email = text_of(before["email"]);
    if (before.contains("role")) it->role = text_of(before["role"]);
    ctx.store.update_contact(*it);
  } else if (e.action == "contact.remove") {
    Contact c;
    c.customer_id = cust.id;
    c.name = text_of(before["name"]);
    require_name_free(e, list, c.name, 0);
    c.phone = text_of(before["phone"]);
    c.email = text_of(before["email"]);
    c.role = text_of(before["role"]);
    c.position = static_cast<int>(list.size()) + 1;
    c.id = ctx.store.insert_contact(c);
    // Back in its place when the list still reaches it, else last.
    auto place = std::min<std::size_t>(list.size(), static_cast<std::size_t>(before.value("order", 1) - 1));
    list.insert(list.begin() + static_cast<std::ptrdiff_t>(place), c);
    renumber_contacts(ctx.store, list);
  } else if (e.action == "contact.reorder") {
    // The whole list before and after, as arrays: the names in the order the
    // reorder left must still be the list's, and go back to the old order.
    std::vector<std::string> now_names, left_names;
    for (const auto& c : list) now_names.push_back(name_key(c.name));
    for (const auto& c : after) left_names.push_back(name_key(c.value("name", "")));
    if (now_names != left_names) throw changed(e, "its contacts or their order are no longer as the reorder left them");
    std::vector<Contact> ordered;
    for (const auto& old : before) {
      auto it = std::find_if(list.begin(), list.end(),
                             [&](const Contact& c) { return name_key(c.name) == name_key(old.value("name", "")); });
      if (it != list.end()) ordered.push_back(*it);
    }
    renumber_contacts(ctx.store, ordered);
  } else {
    return false;
  }
  return true;
}

}  // namespace take_back

}  // namespace sd
