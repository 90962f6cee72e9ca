#pragma once
/// Configuration items (構成品目, white paper §5.4.6): the customer's
/// systems the desk keeps a record of, their attributes, and how they
/// relate. Plain values and the rules over them: no SQL, no I/O.
#include "supportdesk/json.hpp"
#include "supportdesk/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

/// Where a CI is in its life. A new CI is `active` unless told otherwise.
enum class CiStatus { planned, active, maintenance, retired };
std::string_view to_string(CiStatus s);
std::optional<CiStatus> ci_status_from(std::string_view s);

/// How one CI relates to another: `A depends-on B` (A needs B to work),
/// `A runs-on B` (A is hosted by B), `A part-of B` (A is a piece of B).
enum class CiRelation { depends_on, runs_on, part_of };
/// depends-on, runs-on, part-of.
std::string_view to_string(CiRelation r);
std::optional<CiRelation> ci_relation_from(std::string_view s);

/// The kinds of CI a managed-AWS desk records, in the order they are listed:
/// ec2, rds, aurora, elb, alb, nlb, s3, ebs, efs, lambda, ecs, eks,
/// elasticache, dynamodb, cloudfront, route53, vpc, nat-gateway,
/// api-gateway, sqs, sns, opensearch, other.
const std::vector<std::string>& ci_types();

struct ConfigItem {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::string customer;     ///< the customer's key
  std::string name;         ///< unique across the desk, like a host
  std::string type;         ///< one of ci_types()
  CiStatus status = CiStatus::active;
  std::string description;  ///< "" for none
  std::string version;      ///< "" for none
  std::string location;     ///< REGION or REGION/AZ; "" for none
  std::string component;    ///< the customer's service it belongs to; "" for none
  Instant created_at{};
  Instant updated_at{};
};

/// One link: `from relation to`. Both CIs belong to one customer.
struct CiLink {
  std::int64_t id = 0;
  std::int64_t from_id = 0, to_id = 0;
  std::string from, to;                    ///< the CIs' names
  std::string from_customer, to_customer;  ///< their customers' keys
  CiRelation relation = CiRelation::depends_on;
  Instant created_at{};
};

struct ConfigItemFilter {
  std::optional<std::string> customer;
  std::optional<std::string> type;
  std::optional<CiStatus> status;
};

/// The attributes a CI's record keeps and the audit log's history follows,
/// in the order they are shown: type, status, description, version,
/// location, component.
const std::vector<std::string>& ci_attributes();

/// Checks a CI's name: 1 to 253 bytes of ASCII letters, digits, `.`, `-`
/// and `_`, starting with a letter or a digit (a host name as alerts give
/// it). A data Error naming `name` otherwise.
void check_ci_name(const std::string& name, std::string_view field = "name");
/// Checks a type against ci_types() (a data Error naming `type`).
void check_ci_type(const std::string& type);
/// Checks a location: "" (none), REGION, or REGION/AZ, where REGION is
/// lower-case words joined by `-` ending in a number (ap-northeast-1) and
/// AZ is the region followed by one lower-case letter (ap-northeast-1a).
/// A data Error naming `location` otherwise.
void check_ci_location(const std::string& location);

/// The audit log's entity for a CI: `ci/NAME`.
std::string ci_entity(const std::string& name);

/// The JSON form of a CI (absent attributes null).
Json to_json(const ConfigItem& ci, const JsonView& v);
Json to_json(const CiLink& link, const JsonView& v);

// ---- the graph ---------------------------------------------------------------
//
// The impact rule, stated once: for every relation, `A REL B` means that A
// is impacted when B goes down (A depends on B, A runs on B, A is part of
// B). What B's failure impacts is every CI with a path of links to B, of
// any relations, however long. A link that would let a CI reach itself is
// a cycle and is refused: no CI transitively depends on itself.

/// One CI that a failure impacts: `path` runs from it down to the failed
/// CI (path.front() is `name`, path.back() the failed one), `relations`
/// the relation of each step, `depth` the number of steps (the fewest).
struct ImpactedItem {
  std::string name;
  int depth = 0;
  std::vector<std::string> path;
  std::vector<CiRelation> relations;
};

/// Everything a failure of `name` impacts under the rule above, given all
/// the links among its customer's CIs: nearest first (by depth, then
/// name), each once, by its shortest path (the first by name among equals).
std::vector<ImpactedItem> impact_of(const std::string& name, const std::vector<CiLink>& links);

/// Whether adding `from → to` to `links` would close a cycle: `to` already
/// reaches `from` (or they are the same CI). The cycle found, from `to` back
/// to `from`, goes into `cycle` when given.
bool closes_cycle(const std::string& from, const std::string& to, const std::vector<CiLink>& links,
                  std::vector<std::string>* cycle = nullptr);

/// The graph as Graphviz DOT: a digraph with one cluster per customer, a
/// node per CI (its name, type and status) and an edge per link labelled
/// with its relation. Every name is quoted.
std::string to_dot(const std::vector<ConfigItem>& items, const std::vector<CiLink>& links);

}  // namespace sd
