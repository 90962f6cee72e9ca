// sd catalog: the request types the desk takes (white paper §4.1.3, §4.1.4,
// §4.3, appendix 1), as the catalog file in use defines them: the shipped
// share/sd/catalog.json, or the deployment's own ([catalog] path).
#include "cli.hpp"
#include "commands.hpp"
#include "completion.hpp"
#include "context.hpp"
#include "table.hpp"

#include "supportdesk/catalog.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sd::cli {
namespace {

struct ListOptions {
  std::optional<std::string> tier;  ///< --tier; none: every tier
};

struct ShowOptions {
  std::string type;  ///< TYPE, a catalog code
};

std::vector<std::string> tier_names() {
  std::vector<std::string> names;
  for (Tier t : kTiers) names.emplace_back(to_string(t));
  return names;
}

/// --tier as given; a data Error listing the tiers when it names none.
std::optional<Tier> tier_option(const std::optional<std::string>& given) {
  if (!given) return std::nullopt;
  const std::string& text = *given;
  if (auto t = tier_from(text)) return t;
  check_text(text, "--tier");
  std::string shown;  // on one line: check_text lets tab and newline through
  for (char c : text) shown += c == '\n' || c == '\t' ? ' ' : c;
  throw data_error("--tier: unknown tier '" + truncate_to_width(shown, 40) +
                   "'; use minor, impacting, basic or advanced");
}

std::size_t tier_rank(Tier t) {
  return static_cast<std::size_t>(std::find(std::begin(kTiers), std::end(kTiers), t) - std::begin(kTiers));
}

/// The shape sd-catalog(5) reads, so that `show --json` output is a valid
/// catalog entry: every key present, `when_absent` null when there is none.
Json field_json(const FieldRule& f) {
  Json conditions = Json::object();
  for (const auto& c : f.required_when) conditions[c.field] = c.values;
  Json j = Json::object();
  j["name"] = f.name;
  j["description"] = f.description;
  j["description_en"] = f.description_en;
  j["required"] = f.required;
  j["allowed"] = f.allowed;
  j["required_when"] = std::move(conditions);
  j["when_absent"] = f.when_absent.empty() ? Json(nullptr) : Json(f.when_absent);
  return j;
}

Json type_json(const RequestType& t) {
  Json fields = Json::array();
  for (const auto& f : t.fields) fields.push_back(field_json(f));
  Json j = Json::object();
  j["code"] = t.code;
  j["name"] = t.name;
  j["name_en"] = t.name_en;
  j["tier"] = to_string(t.tier);
  j["slo_days"] = t.slo_days;
  j["raised_by"] = t.raised_by;
  j["fields"] = std::move(fields);
  return j;
}

/// What the REQUIRED column says: yes, no, or the conditions.
std::string required_text(const FieldRule& f) {
  if (f.required) return "yes";
  if (!f.required_when.empty()) {
    std::string s = "when ";
    for (std::size_t i = 0; i < f.required_when.size(); ++i)
      s += (i ? ", or " : "") + to_string(f.required_when[i]);
    return s;
  }
  return f.when_absent.empty() ? "no" : "no (absent: " + f.when_absent + ")";
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
  return out;
}

void run_list(const ListOptions& o, Context& ctx) {
  auto only = tier_option(o.tier);
  const Catalog& cat = ctx.catalog();
  std::vector<const RequestType*> types;
  for (const auto& t : cat.types())
    if (!only || t.tier == *only) types.push_back(&t);
  std::stable_sort(types.begin(), types.end(), [](const RequestType* a, const RequestType* b) {
    return tier_rank(a->tier) < tier_rank(b->tier);
  });

  print_list(ctx, types, [](const RequestType* t) { return type_json(*t); },
             {"CODE", "TIER", "SLO", "種別", "NAME", "RAISED BY"},
             [](const RequestType* t) {
               return std::vector<std::string>{t->code, std::string(to_string(t->tier)),
                                               std::to_string(t->slo_days) + "bd", t->name, t->name_en,
                                               t->raised_by};
             },
             {2});
}

void run_show(const ShowOptions& o, Context& ctx) {
  const Catalog& cat = ctx.catalog();
  const RequestType& t = cat.at(o.type, "TYPE");
  if (ctx.opts.json) {
    ctx.print_json(type_json(t));
    return;
  }

  const TierInfo& tier = cat.tier(t.tier);
  std::string tier_text(to_string(t.tier));
  if (!tier.name.empty()) tier_text += " (" + tier.name + ")";
  std::string slo = std::to_string(t.slo_days) + (t.slo_days == 1 ? " business day" : " business days");
  const std::pair<std::string, std::string> about[] = {
      {"code", t.code},  {"種別", t.name},  {"name", t.name_en},
      {"tier", tier_text}, {"SLO", slo},   {"raised by", t.raised_by},
  };
  std::size_t width = 0;
  for (const auto& [label, value] : about) width = std::max(width, display_width(label));
  for (const auto& [label, value] : about) {
    if (value.empty()) continue;
    ctx.out << label << std::string(width - display_width(label) + 2, ' ') << value << '\n';
  }
  if (t.fields.empty()) {
    ctx.out << "\nno fields\n";
    return;
  }
  ctx.out << '\n';
  // The English description goes on a row of its own under the Japanese so
  // that lines stay within a terminal.
  Table table({"FIELD", "REQUIRED", "ALLOWED", "DESCRIPTION"});
  for (const auto& f : t.fields) {
    table.add({f.name, required_text(f), f.allowed.empty() ? "-" : join(f.allowed, ", "), f.description});
    if (!f.description_en.empty()) table.add({"", "", "", f.description_en});
  }
  table.render(ctx.out, ctx.output());
}

}  // namespace

void register_catalog(CLI::App& app, Context& ctx) {
  auto* grp = app.add_subcommand("catalog", "The request types the desk takes, their tier, SLO and fields");
  grp->require_subcommand(1);

  auto l = std::make_shared<ListOptions>();
  auto* list = grp->add_subcommand("list", "List the request types by tier: code, tier, SLO, 種別, name");
  add_list_options(list, ctx);
  auto tier_text = std::make_shared<std::string>();
  auto* tier = list->add_option("--tier", *tier_text, "Only this tier: minor, impacting, basic or advanced")
                   ->type_name("TIER");
  complete_choices(tier, tier_names());
  list->callback([&ctx, l, tier, tier_text] {
    if (tier->count() > 0) l->tier = *tier_text;
    run_list(*l, ctx);
  });

  auto s = std::make_shared<ShowOptions>();
  auto* show = grp->add_subcommand("show", "Show a request type and its fields: required, allowed values");
  show->add_option("TYPE", s->type, "The type's code or Japanese name, e.g. backup or バックアップ作業")
      ->type_name("TYPE")
      ->required();
  show->callback([&ctx, s] { run_show(*s, ctx); });
}

}  // namespace sd::cli
