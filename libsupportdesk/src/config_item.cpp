// Configuration items: their words, checks, JSON, and the graph's rules.
#include "supportdesk/config_item.hpp"

#include "supportdesk/error.hpp"
#include "enum_names.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <set>

namespace sd {

namespace {
constexpr std::array<std::string_view, 4> kStatuses{"planned", "active", "maintenance", "retired"};
constexpr std::array<std::string_view, 3> kRelations{"depends-on", "runs-on", "part-of"};

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

/// ap-northeast-1: lower-case words joined by `-`, the last a number.
bool region_like(std::string_view s) {
  auto dash = s.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 >= s.size()) return false;
  for (char c : s.substr(dash + 1))
    if (!digit(c)) return false;
  bool word = false;
  for (char c : s.substr(0, dash)) {
    if (lower(c)) word = true;
    else if (c == '-' && word) word = false;
    else return false;
  }
  return word;
}

std::string words(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& w : list) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}
std::string quoted(const std::string& s) { return "\"" + escaped(s) + "\""; }

}  // namespace

std::string_view to_string(CiStatus s) { return kStatuses[static_cast<std::size_t>(s)]; }
std::optional<CiStatus> ci_status_from(std::string_view s) { return enum_from<CiStatus>(kStatuses, s); }
std::string_view to_string(CiRelation r) { return kRelations[static_cast<std::size_t>(r)]; }
std::optional<CiRelation> ci_relation_from(std::string_view s) { return enum_from<CiRelation>(kRelations, s); }

const std::vector<std::string>& ci_types() {
  static const std::vector<std::string> types{
      "ec2",  "rds",        "aurora",   "elb",        "alb",     "nlb",         "s3",          "ebs",
      "efs",  "lambda",     "ecs",      "eks",        "elasticache", "dynamodb", "cloudfront", "route53",
      "vpc",  "nat-gateway", "api-gateway", "sqs",    "sns",     "opensearch",  "other"};
  return types;
}

const std::vector<std::string>& ci_attributes() {
  static const std::vector<std::string> attrs{"type", "status", "description", "version", "location", "component"};
  return attrs;
}

void check_ci_name(const std::string& name, std::string_view field) {
  if (name.empty()) throw field_error(field, "must not be empty");
  if (name.size() > 253) throw field_error(field, "is longer than 253 bytes");
  bool ok = lower(name[0]) || digit(name[0]) || (name[0] >= 'A' && name[0] <= 'Z');
  for (char c : name)
    if (!(lower(c) || digit(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '_')) ok = false;
  if (!ok)
    throw field_error(field, "'" + name +
                                 "' is not a CI name; use letters, digits, '.', '-' and '_', starting with a "
                                 "letter or a digit");
}

void check_ci_type(const std::string& type) {
  const auto& all = ci_types();
  if (std::find(all.begin(), all.end(), type) == all.end())
    throw field_error("type", "'" + type + "' is not a CI type; use one of " + words(all));
}

void check_ci_location(const std::string& location) {
  if (location.empty()) return;
  auto slash = location.find('/');
  std::string_view region = std::string_view(location).substr(0, slash);
  bool ok = region_like(region);
  if (ok && slash != std::string::npos) {
    std::string_view az = std::string_view(location).substr(slash + 1);
    ok = az.size() == region.size() + 1 && az.substr(0, region.size()) == region && lower(az.back());
  }
  if (!ok)
    throw field_error("location", "'" + location +
                                      "' is not a location; use REGION or REGION/AZ, e.g. ap-northeast-1 or "
                                      "ap-northeast-1/ap-northeast-1a");
}

std::string ci_entity(const std::string& name) { return "ci/" + name; }

Json to_json(const ConfigItem& ci, const JsonView& v) {
  return Json{{"name", ci.name},
              {"customer", ci.customer},
              {"type", ci.type},
              {"status", to_string(ci.status)},
              {"description", text_or_null(ci.description)},
              {"version", text_or_null(ci.version)},
              {"location", text_or_null(ci.location)},
              {"component", text_or_null(ci.component)},
              {"created_at", v.iso(ci.created_at)},
              {"updated_at", v.iso(ci.updated_at)}};
}

Json to_json(const CiLink& link, const JsonView& v) {
  return Json{{"from", link.from},
              {"relation", to_string(link.relation)},
              {"to", link.to},
              {"customer", link.from_customer},
              {"created_at", v.iso(link.created_at)}};
}

// ---- the graph -----------------------------------------------------------------

std::vector<ImpactedItem> impact_of(const std::string& name, const std::vector<CiLink>& links) {
  // Walk the links backwards from the failed CI, breadth first: the first
  // time a CI is reached is by a shortest path. Links in name order make
  // the choice among equal paths stable.
  std::map<std::string, std::vector<const CiLink*>> into;
  for (const auto& l : links) into[l.to].push_back(&l);
  for (auto& [to, list] : into)
    std::sort(list.begin(), list.end(), [](const CiLink* a, const CiLink* b) {
      return std::tie(a->from, a->relation) < std::tie(b->from, b->relation);
    });
  std::map<std::string, ImpactedItem> reached;
  std::deque<std::string> queue{name};
  std::set<std::string> seen{name};
  while (!queue.empty()) {
    auto at = queue.front();
    queue.pop_front();
    auto it = into.find(at);
    if (it == into.end()) continue;
    for (const CiLink* l : it->second) {
      if (!seen.insert(l->from).second) continue;
      ImpactedItem item;
      item.name = l->from;
      item.path = {l->from};
      item.relations = {l->relation};
      if (at == name) {
        item.path.push_back(name);
      } else {
        const auto& down = reached.at(at);
        item.path.insert(item.path.end(), down.path.begin(), down.path.end());
        item.relations.insert(item.relations.end(), down.relations.begin(), down.relations.end());
      }
      item.depth = static_cast<int>(item.relations.size());
      reached.emplace(l->from, item);
      queue.push_back(l->from);
    }
  }
  std::vector<ImpactedItem> out;
  for (auto& [n, item] : reached) out.push_back(std::move(item));
  std::stable_sort(out.begin(), out.end(), [](const ImpactedItem& a, const ImpactedItem& b) {
    return std::tie(a.depth, a.name) < std::tie(b.depth, b.name);
  });
  return out;
}

bool closes_cycle(const std::string& from, const std::string& to, const std::vector<CiLink>& links,
                  std::vector<std::string>* cycle) {
  if (from == to) {
    if (cycle) *cycle = {from, to};
    return true;
  }
  // Does `to` reach `from` along the links? Then from → to closes a cycle.
  std::map<std::string, std::vector<std::string>> out_of;
  for (const auto& l : links) out_of[l.from].push_back(l.to);
  std::map<std::string, std::string> parent;
  std::deque<std::string> queue{to};
  parent[to] = "";
  while (!queue.empty()) {
    auto at = queue.front();
    queue.pop_front();
    if (at == from) {
      if (cycle) {
        std::vector<std::string> path;
        for (std::string n = from; !n.empty(); n = parent[n]) path.push_back(n);
        std::reverse(path.begin(), path.end());  // to … from
        path.insert(path.begin(), from);         // from → to … from
        *cycle = path;
      }
      return true;
    }
    auto it = out_of.find(at);
    if (it == out_of.end()) continue;
    for (const auto& next : it->second)
      if (parent.emplace(next, at).second) queue.push_back(next);
  }
  return false;
}

std::string to_dot(const std::vector<ConfigItem>& items, const std::vector<CiLink>& links) {
  std::string out = "digraph \"sd\" {\n  rankdir=LR;\n  node [shape=box];\n";
  std::map<std::string, std::vector<const ConfigItem*>> by_customer;
  for (const auto& ci : items) by_customer[ci.customer].push_back(&ci);
  for (const auto& [customer, list] : by_customer) {
    out += "  subgraph " + quoted("cluster_" + customer) + " {\n    label=" + quoted(customer) + ";\n";
    for (const ConfigItem* ci : list) {
      // The label: the name, then its type on a second line (DOT's \n).
      out += "    " + quoted(ci->name) + " [label=\"" + escaped(ci->name) + "\\n" + escaped(ci->type) + "\"";
      if (ci->status != CiStatus::active) out += ", style=dashed, tooltip=" + quoted(std::string(to_string(ci->status)));
      out += "];\n";
    }
    out += "  }\n";
  }
  for (const auto& l : links)
    out += "  " + quoted(l.from) + " -> " + quoted(l.to) + " [label=" + quoted(std::string(to_string(l.relation))) +
           "];\n";
  out += "}\n";
  return out;
}

}  // namespace sd
