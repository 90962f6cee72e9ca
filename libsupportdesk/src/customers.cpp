// Customers and their contacts.
#include "supportdesk/customers.hpp"
#include "supportdesk/problem.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"
#include "checks.hpp"

#include <algorithm>
#include <set>

namespace sd {
namespace {

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

void Customers::renumber(std::vector<Contact>& list) {
  // Positions are unique per customer only by convention, so moves are safe
  // in any order within the transaction.
  int pos = 0;
  for (auto& c : list) {
    if (c.position != ++pos) {
      c.position = pos;
      ctx_.store.update_contact(c);
    }
  }
}

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

}  // namespace sd
