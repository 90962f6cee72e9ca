#pragma once
/// Configuration management (white paper §5.4.6): the record of every
/// configuration item, how the items relate, what a failure impacts, and
/// each attribute's history, read from the audit log.
///
/// Every change of a CI is audited under the entity `ci/NAME`: `ci.add`
/// (after: the CI), `ci.edit` (before and after: the attributes that
/// changed, and `why` when a reason was given), `ci.link` and `ci.unlink`
/// (the link, under its first CI). The history of an attribute is those
/// entries, oldest first.
#include "supportdesk/config_item.hpp"
#include "supportdesk/service.hpp"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sd {

struct NewConfigItem {
  std::string name;
  std::string customer;  ///< the customer's key
  std::string type;      ///< one of ci_types()
  CiStatus status = CiStatus::active;
  std::string description, version, location, component;
};

/// What an edit sets; "" removes description, version, location or component.
struct ConfigItemEdit {
  std::optional<std::string> type;
  std::optional<CiStatus> status;
  std::optional<std::string> description, version, location, component;
  bool empty() const { return !type && !status && !description && !version && !location && !component; }
};

/// An edit from `attribute=value` assignments (a change's `--set
/// version=15.4`): each attribute one of ci_attributes(), each at most once,
/// a status one of the CI statuses. A data Error naming `field` otherwise.
ConfigItemEdit ci_edit_from(const std::vector<std::pair<std::string, std::string>>& attributes,
                            std::string_view field = "set");

/// One change of one attribute, as the audit log recorded it.
struct AttributeChange {
  std::string attribute;
  Instant at{};
  std::string actor;
  Json before;      ///< null when it had no value (or the CI was added)
  Json after;       ///< null when the value was removed
  std::string why;  ///< the reason given, "" for none
};

/// A CI with its links in both directions and the history of its attributes.
struct ConfigItemView {
  ConfigItem item;
  std::vector<CiLink> links_out;  ///< this CI → another
  std::vector<CiLink> links_in;   ///< another → this CI
  std::vector<AttributeChange> history;  ///< oldest first
};

/// One CI a failure impacts: how (the path) and the CI itself.
struct CiImpact {
  ImpactedItem how;
  ConfigItem item;
};

struct CiGraph {
  std::vector<ConfigItem> items;  ///< by customer, then name
  std::vector<CiLink> links;      ///< by first CI, relation, second CI
};

class ConfigItems {
 public:
  explicit ConfigItems(DeskContext& ctx) : ctx_(ctx) {}

  /// Adds a CI. Its name must be free across the desk (a data Error naming
  /// `name`), its customer must exist (not_found naming `customer`).
  ConfigItem add(const NewConfigItem& in);
  /// Changes what `edit` sets, in one write transaction, audited as
  /// `ci.edit` with `why` (the reason, "" for none). An empty edit, or one
  /// that changes nothing, is a data Error.
  ConfigItem edit(const std::string& name, const ConfigItemEdit& edit, const std::string& why = {});
  /// For other services (a change that succeeded): sets `attributes`
  /// (ci_edit_from()) on the CI inside the caller's write transaction,
  /// audited exactly as edit() is, by `actor` at `at` with `why` (e.g. the
  /// change's key). Attributes that already hold their value are left out
  /// of the entry; when none changes, nothing is written and the CI is
  /// returned as it was.
  ConfigItem apply(const std::string& name, const std::vector<std::pair<std::string, std::string>>& attributes,
                   const std::string& actor, Instant at, const std::string& why);
  /// The CI; not_found naming `name` otherwise.
  ConfigItem get(const std::string& name);
  ConfigItemView view(const std::string& name);
  /// Visits the CIs that pass the filter, by customer then name, one at a
  /// time as they are read (memory stays flat).
  void each(const ConfigItemFilter& filter, const std::function<void(const ConfigItem&)>& visit);
  std::vector<ConfigItem> list(const ConfigItemFilter& filter);

  /// Links `from relation to`. Refused (a data Error) when it links a CI to
  /// itself, repeats a link, joins two customers' CIs, or would close a
  /// cycle (config_item.hpp); either CI unknown is not_found.
  CiLink link(const std::string& from, CiRelation relation, const std::string& to);
  /// Removes the link `from relation to`; not_found when there is none.
  CiLink unlink(const std::string& from, CiRelation relation, const std::string& to);
  /// Everything a failure of the CI impacts (impact_of()), nearest first.
  std::vector<CiImpact> impact(const std::string& name);
  /// The CIs and links of one customer, or of the whole desk.
  CiGraph graph(const std::optional<std::string>& customer);

 private:
  /// The CI; not_found naming `field` otherwise.
  ConfigItem must(const std::string& name, std::string_view field = "name");
  /// Sets `edit` on `ci` and writes it with its audit entry; false when it
  /// changed nothing.
  bool change(ConfigItem& ci, const ConfigItemEdit& edit, const std::string& why, DeskContext& by);
  DeskContext& ctx_;
};

/// The CI a ticket's host names: the CI of that name when it belongs to
/// `customer` (the ticket's), else nullopt. Read inside the caller's
/// transaction.
std::optional<ConfigItem> ci_for_host(ConfigItemStore& store, const std::string& host, const std::string& customer);

}  // namespace sd
