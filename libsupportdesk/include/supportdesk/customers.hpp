#pragma once
/// Customers and their contacts in call order (white paper §4.2.2).
#include "supportdesk/service.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sd {

struct NewCustomer {
  std::string key;   ///< the Backlog project key
  std::string name;
  Plan plan = Plan::basic;
  std::string tz;    ///< "" for the desk's zone
  std::string name_en;  ///< the name English notices use; "" for `name`
};

struct CustomerEdit {
  std::optional<std::string> name;
  std::optional<std::string> name_en;  ///< "" removes it
  std::optional<Plan> plan;
  std::optional<std::string> tz;
  bool empty() const { return !name && !name_en && !plan && !tz; }
};

/// Contacts are named as people type them: a contact's name matches
/// ignoring spaces and full-width/half-width differences (name_key() in
/// text.hpp), and a phone number may be typed in full-width digits, ＋, －
/// and （）: it is stored in ASCII.
struct ContactInput {
  std::string name, phone, email, role;
  std::optional<int> order;  ///< 1-based place in the call order; default last
};

struct ContactEdit {
  std::optional<std::string> name, phone, email, role;
  bool empty() const { return !name && !phone && !email && !role; }
};

class Customers {
 public:
  explicit Customers(DeskContext& ctx) : ctx_(ctx) {}

  Customer add(const NewCustomer& in);
  /// Changes what `edit` sets; an empty edit is a data Error.
  Customer edit(const std::string& key, const CustomerEdit& edit);
  Customer get(const std::string& key);
  std::vector<Customer> list();

  Contact add_contact(const std::string& key, const ContactInput& in);
  /// `who` is a contact's name or place in the call order.
  Contact edit_contact(const std::string& key, const std::string& who, const ContactEdit& edit);
  std::vector<Contact> contacts(const std::string& key);
  Contact remove_contact(const std::string& key, const std::string& who);
  /// Puts the named contacts first, in the given order; the rest follow in
  /// their present order.
  std::vector<Contact> reorder_contacts(const std::string& key, const std::vector<std::string>& who);

 private:
  void renumber(std::vector<Contact>& list);
  DeskContext& ctx_;
};

/// The contact `who` names (a name, compared by name_key(), or a place in
/// the call order, in ASCII or full-width digits) in `list`; not_found
/// naming the customer `key` otherwise.
std::vector<Contact>::const_iterator find_contact(const std::vector<Contact>& list,
                                                  const std::string& who, const std::string& key);

}  // namespace sd
