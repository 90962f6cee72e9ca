#include "json_kind.hpp"
#include "supportdesk/catalog.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <set>

namespace sd {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kVersion = 1;
/// An SLO longer than a year of business days is a typo, and keeping it
/// small keeps the calendar's arithmetic far from overflow.
constexpr std::int64_t kMaxSloDays = 365;
constexpr std::string_view kRaisedBy[] = {"customer", "provider", "both"};

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

/// "a", "a or b", "a, b or c": how messages list the choices.
std::string join_or(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

bool contains(const std::vector<std::string>& items, std::string_view s) {
  return std::find(items.begin(), items.end(), s) != items.end();
}

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\n\r") == std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// User input as messages echo it: on one line (tab and newline, which
/// check_text lets through, are written \t and \n) and at most 40 columns.
std::string shown(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return truncate_to_width(out, 40);
}

/// `[a-z][a-z0-9<extra>]*`: codes allow '-', field names '_'.
bool is_identifier(std::string_view s, char extra) {
  if (s.empty() || s.size() > 40 || s.front() < 'a' || s.front() > 'z') return false;
  return std::all_of(s.begin(), s.end(), [extra](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == extra;
  });
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

/// Where in the catalog file a value sits, for config Errors of the form
/// "SOURCE: types[3].fields[1].name: what is wrong".
struct At {
  std::string source;
  std::string path;

  At key(std::string_view k) const {
    return {source, path.empty() ? std::string(k) : path + "." + std::string(k)};
  }
  At index(std::size_t i) const { return {source, path + "[" + std::to_string(i) + "]"}; }
  Error operator()(const std::string& what) const {
    return config_error(source + ": " + (path.empty() ? "" : path + ": ") + what);
  }
};

/// Rejects keys outside `allowed` and missing keys of `required`.
void check_keys(const Json& obj, const At& at, std::initializer_list<std::string_view> allowed,
                std::initializer_list<std::string_view> required) {
  if (!obj.is_object()) throw at(std::string("expected an object, not ") + json_kind(obj));
  for (const auto& item : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      std::vector<std::string> names(allowed.begin(), allowed.end());
      throw at("unknown key '" + item.key() + "'; allowed: " + join(names, ", "));
    }
  }
  for (auto key : required)
    if (!obj.contains(key)) throw at("'" + std::string(key) + "' is missing");
}

/// A one-line, non-empty string.
std::string get_text(const Json& obj, std::string_view key, const At& parent) {
  const Json& v = obj.at(key);
  At at = parent.key(key);
  if (!v.is_string()) throw at(std::string("expected a string, not ") + json_kind(v));
  const auto& s = v.get_ref<const std::string&>();
  if (blank(s)) throw at("must not be empty");
  if (has_control(s)) throw at("control characters (newlines included) are not allowed");
  return s;
}

std::string get_text_or(const Json& obj, std::string_view key, const At& parent,
                        std::string fallback) {
  return obj.contains(key) ? get_text(obj, key, parent) : fallback;
}

/// Tracks the keys of each open object while parsing, since JSON parsers
/// keep the last of two equal keys and a hand-edited catalog should not
/// silently lose the first.
class DuplicateKeys {
 public:
  explicit DuplicateKeys(std::string source) : source_(std::move(source)) {}
  bool operator()(int depth, Json::parse_event_t event, Json& parsed) {
    // A catalog nests a few levels; a limit keeps every step that walks
    // the JSON from running out of stack.
    if (depth > kMaxDepth)
      throw config_error(source_ + ": nested deeper than " + std::to_string(kMaxDepth) + " levels, the most sd reads");
    switch (event) {
      case Json::parse_event_t::object_start: open_.emplace_back(); break;
      case Json::parse_event_t::object_end: open_.pop_back(); break;
      case Json::parse_event_t::key: {
        const auto& k = parsed.get_ref<const std::string&>();
        if (!open_.empty() && !open_.back().insert(k).second)
          throw config_error(source_ + ": key '" + k + "' appears twice in one object");
        break;
      }
      default: break;
    }
    return true;
  }

 private:
  static constexpr int kMaxDepth = 64;
  std::string source_;
  std::vector<std::set<std::string>> open_;
};

Json parse_json(std::string_view text, const std::string& source) {
  // std::function copies the callback, so the key stack lives outside it.
  auto keys = std::make_shared<DuplicateKeys>(source);
  try {
    return Json::parse(text.begin(), text.end(),
                       [keys](int depth, Json::parse_event_t event, Json& parsed) {
                         return (*keys)(depth, event, parsed);
                       });
  } catch (const Json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
    std::string what = e.what();
    if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    std::replace(what.begin(), what.end(), '\n', ' ');
    throw config_error(source + ": not valid JSON: " + what);
  } catch (const Json::exception& e) {
    // A number past the range of a double, among others.
    std::string what = e.what();
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    throw config_error(source + ": not valid JSON: " + what);
  }
}

TierInfo parse_tier(const Json& j, Tier t, const At& at) {
  check_keys(j, at, {"name", "name_en", "description", "description_en"}, {"name", "name_en"});
  TierInfo info;
  info.tier = t;
  info.name = get_text(j, "name", at);
  info.name_en = get_text(j, "name_en", at);
  info.description = get_text_or(j, "description", at, "");
  info.description_en = get_text_or(j, "description_en", at, "");
  return info;
}

std::vector<std::string> parse_values(const Json& j, const At& at, bool allow_empty) {
  if (!j.is_array()) throw at(std::string("expected an array of strings, not ") + json_kind(j));
  if (j.empty() && !allow_empty) throw at("needs at least one value");
  std::vector<std::string> values;
  for (std::size_t i = 0; i < j.size(); ++i) {
    At item = at.index(i);
    const Json& v = j[i];
    if (!v.is_string()) throw item(std::string("expected a string, not ") + json_kind(v));
    const auto& s = v.get_ref<const std::string&>();
    if (blank(s)) throw item("must not be empty");
    if (has_control(s)) throw item("control characters are not allowed");
    if (contains(values, s)) throw item("'" + s + "' is listed twice");
    values.push_back(s);
  }
  return values;
}

/// A field, except its required_when, which needs the type's other fields.
FieldRule parse_field(const Json& j, const At& at) {
  check_keys(j, at,
             {"name", "description", "description_en", "required", "allowed", "required_when",
              "when_absent"},
             {"name", "description"});
  FieldRule f;
  f.name = get_text(j, "name", at);
  if (!is_identifier(f.name, '_'))
    throw at.key("name")("'" + f.name +
                         "' is not a field name; use a-z, 0-9 and '_', starting with a letter");
  f.description = get_text(j, "description", at);
  f.description_en = get_text_or(j, "description_en", at, "");
  if (j.contains("required")) {
    const Json& r = j.at("required");
    if (!r.is_boolean()) throw at.key("required")(std::string("expected true or false, not ") + json_kind(r));
    f.required = r.get<bool>();
  }
  if (j.contains("allowed")) f.allowed = parse_values(j.at("allowed"), at.key("allowed"), true);
  if (j.contains("when_absent") && !j.at("when_absent").is_null())
    f.when_absent = get_text(j, "when_absent", at);
  return f;
}

/// Resolves a field's required_when against the type's fields.
void parse_conditions(const Json& j, FieldRule& f, const std::vector<FieldRule>& fields,
                      const At& field_at) {
  At at = field_at.key("required_when");
  if (!j.is_object())
    throw at(std::string("expected an object such as {\"kind\": [\"os\"]}, not ") + json_kind(j));
  for (const auto& item : j.items()) {
    const std::string& name = item.key();
    At cond_at = at.key(name);
    auto other = std::find_if(fields.begin(), fields.end(),
                              [&](const FieldRule& r) { return r.name == name; });
    if (name == f.name) throw cond_at("a field cannot depend on itself");
    if (other == fields.end()) {
      std::vector<std::string> names;
      for (const auto& r : fields)
        if (r.name != f.name) names.push_back(r.name);
      throw cond_at("'" + name + "' is not a field of this type; fields: " +
                    (names.empty() ? std::string("none") : join(names, ", ")));
    }
    if (other->allowed.empty())
      throw cond_at("'" + name + "' is free text; a condition needs a field with allowed values");
    Condition c;
    c.field = name;
    c.values = parse_values(item.value(), cond_at, false);
    for (std::size_t i = 0; i < c.values.size(); ++i)
      if (!contains(other->allowed, c.values[i]))
        throw cond_at.index(i)("'" + c.values[i] + "' is not a value of " + name + "; allowed: " +
                               join(other->allowed, ", "));
    f.required_when.push_back(std::move(c));
  }
}

RequestType parse_type(const Json& j, const At& at) {
  check_keys(j, at, {"code", "name", "name_en", "tier", "slo_days", "raised_by", "fields"},
             {"code", "name", "tier", "slo_days", "fields"});
  RequestType t;
  t.code = get_text(j, "code", at);
  if (!is_identifier(t.code, '-'))
    throw at.key("code")("'" + t.code +
                         "' is not a type code; use a-z, 0-9 and '-', starting with a letter");
  t.name = get_text(j, "name", at);
  t.name_en = get_text_or(j, "name_en", at, "");

  std::string tier = get_text(j, "tier", at);
  auto parsed = tier_from(tier);
  if (!parsed)
    throw at.key("tier")("unknown tier '" + tier + "'; use minor, impacting, basic or advanced");
  t.tier = *parsed;

  const Json& slo = j.at("slo_days");
  if (!slo.is_number_integer() || slo.get<std::int64_t>() < 1 ||
      slo.get<std::int64_t>() > kMaxSloDays)
    throw at.key("slo_days")("expected a whole number of business days from 1 to " +
                             std::to_string(kMaxSloDays) + ", not " + slo.dump());
  t.slo_days = static_cast<int>(slo.get<std::int64_t>());

  t.raised_by = get_text_or(j, "raised_by", at, "customer");
  if (std::find(std::begin(kRaisedBy), std::end(kRaisedBy), t.raised_by) == std::end(kRaisedBy))
    throw at.key("raised_by")("'" + t.raised_by + "' is not allowed; use customer, provider or both");

  const Json& fields = j.at("fields");
  At fields_at = at.key("fields");
  if (!fields.is_array()) throw fields_at(std::string("expected an array, not ") + json_kind(fields));
  for (std::size_t i = 0; i < fields.size(); ++i) {
    FieldRule f = parse_field(fields[i], fields_at.index(i));
    for (std::size_t k = 0; k < t.fields.size(); ++k)
      if (t.fields[k].name == f.name)
        throw fields_at.index(i).key("name")("'" + f.name + "' is already fields[" +
                                             std::to_string(k) + "]");
    t.fields.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    FieldRule& f = t.fields[i];
    At field_at = fields_at.index(i);
    if (fields[i].contains("required_when"))
      parse_conditions(fields[i].at("required_when"), f, t.fields, field_at);
    if (!f.required_when.empty()) {
      if (fields[i].contains("required") && f.required)
        throw field_at.key("required")(
            "a field with required_when is required only when a condition holds; drop "
            "\"required\": true or required_when");
      f.required = false;
    }
    if (f.required && !f.when_absent.empty())
      throw field_at.key("when_absent")("only an optional field can be left out; add \"required\": false");
  }
  return t;
}

/// The closest code to `code` for a "did you mean": a type's Japanese or
/// English name, a different case, a unique prefix, or a near miss.
std::string suggest(const std::vector<RequestType>& types, std::string_view code) {
  std::string want = lower(code);
  for (const auto& t : types)
    if (want == lower(t.code) || code == t.name || (!t.name_en.empty() && want == lower(t.name_en)))
      return t.code;
  std::string best;
  std::size_t best_d = want.size() < 4 ? 2 : 3;
  for (const auto& t : types) {
    auto d = edit_distance(want, t.code);
    if (d < best_d) {
      best_d = d;
      best = t.code;
    }
  }
  if (!best.empty() || want.size() < 3) return best;
  std::string prefixed;
  for (const auto& t : types) {
    if (t.code.compare(0, want.size(), want) != 0) continue;
    if (!prefixed.empty()) return {};  // ambiguous
    prefixed = t.code;
  }
  return prefixed;
}

}  // namespace

std::string_view to_string(Tier t) {
  switch (t) {
    case Tier::minor: return "minor";
    case Tier::impacting: return "impacting";
    case Tier::basic: return "basic";
    case Tier::advanced: return "advanced";
  }
  return "minor";
}

std::optional<Tier> tier_from(std::string_view s) {
  for (Tier t : kTiers)
    if (to_string(t) == s) return t;
  return std::nullopt;
}

std::string to_string(const Condition& c) {
  if (c.values.size() == 1) return c.field + "=" + c.values.front();
  return c.field + " is " + join_or(c.values);
}

Catalog Catalog::parse(std::string_view json, std::string_view source) {
  Catalog cat;
  cat.source_ = source;
  At at{cat.source_, ""};
  Json root = parse_json(json, cat.source_);
  if (!root.is_object())
    throw at(std::string("expected an object with version, tiers and types, not ") + json_kind(root));
  check_keys(root, at, {"version", "tiers", "types"}, {"version", "types"});

  const Json& version = root.at("version");
  if (!version.is_number_integer() || version.get<std::int64_t>() != kVersion) {
    std::string got = version.dump();
    if (version.is_number_integer() && version.get<std::int64_t>() > kVersion)
      throw at.key("version")(got + " is newer than this sd reads (" + std::to_string(kVersion) +
                              "); upgrade sd");
    throw at.key("version")("expected " + std::to_string(kVersion) + ", not " + got);
  }

  for (Tier t : kTiers) cat.tiers_.push_back(TierInfo{t, "", "", "", ""});
  if (root.contains("tiers")) {
    const Json& tiers = root.at("tiers");
    At tiers_at = at.key("tiers");
    check_keys(tiers, tiers_at, {"minor", "impacting", "basic", "advanced"}, {});
    for (const auto& item : tiers.items()) {
      Tier t = *tier_from(item.key());
      cat.tiers_[static_cast<std::size_t>(t)] = parse_tier(item.value(), t, tiers_at.key(item.key()));
    }
  }

  const Json& types = root.at("types");
  At types_at = at.key("types");
  if (!types.is_array()) throw types_at(std::string("expected an array, not ") + json_kind(types));
  if (types.empty()) throw types_at("the catalog needs at least one type");
  for (std::size_t i = 0; i < types.size(); ++i) {
    RequestType t = parse_type(types[i], types_at.index(i));
    for (std::size_t k = 0; k < cat.types_.size(); ++k) {
      if (cat.types_[k].code == t.code)
        throw types_at.index(i).key("code")("'" + t.code + "' is already the code of types[" +
                                            std::to_string(k) + "]");
      // A name stands for its type in find(), so it must name only one.
      if (cat.types_[k].name == t.name || cat.types_[k].code == t.name)
        throw types_at.index(i).key("name")("'" + t.name + "' already names types[" +
                                            std::to_string(k) + "]");
      if (cat.types_[k].name == t.code)
        throw types_at.index(i).key("code")("'" + t.code + "' is already the name of types[" +
                                            std::to_string(k) + "]");
    }
    cat.types_.push_back(std::move(t));
  }
  return cat;
}

const RequestType* Catalog::find(std::string_view code) const {
  for (const auto& t : types_)
    if (t.code == code) return &t;
  // The Backlog 種別 names a type as well as its code (parse keeps names unique).
  for (const auto& t : types_)
    if (t.name == code) return &t;
  return nullptr;
}

const RequestType& Catalog::at(std::string_view code) const { return at(code, "type"); }

const RequestType& Catalog::at(std::string_view code, std::string_view label) const {
  if (const auto* t = find(code)) return *t;
  std::string head(label);
  check_text(code, head);
  std::vector<std::string> codes;
  for (const auto& t : types_) codes.push_back(t.code);
  if (blank(code)) throw field_error(head, "a type is needed; types: " + join(codes, ", "));
  std::string msg = "unknown type '" + shown(code) + "'; ";
  if (auto hint = suggest(types_, code); !hint.empty())
    msg += "did you mean '" + hint + "'?";
  else
    msg += "types: " + join(codes, ", ");
  throw field_error(head, msg + " (see 'sd catalog list')");
}

const TierInfo& Catalog::tier(Tier t) const {
  // A default-constructed Catalog has no tiers; parse() always fills four.
  static const TierInfo kEmpty[] = {{Tier::minor, "", "", "", ""},
                                     {Tier::impacting, "", "", "", ""},
                                     {Tier::basic, "", "", "", ""},
                                     {Tier::advanced, "", "", "", ""}};
  auto i = static_cast<std::size_t>(t);
  return i < tiers_.size() ? tiers_[i] : kEmpty[i];
}

Fields Catalog::validate(const RequestType& type, const Fields& given) const {
  auto rule_of = [&](std::string_view name) -> const FieldRule* {
    for (const auto& f : type.fields)
      if (f.name == name) return &f;
    return nullptr;
  };
  auto choices = [](const FieldRule& f) { return join_or(f.allowed); };

  std::map<std::string, std::string, std::less<>> seen;
  for (const auto& [name, value] : given) {
    check_text(name, "field");
    if (blank(name)) throw field_error("field", "a field needs a name; use NAME=VALUE");
    std::string head = "field " + shown(name);
    const FieldRule* rule = rule_of(name);
    if (!rule) {
      std::vector<std::string> names;
      for (const auto& f : type.fields) names.push_back(f.name);
      throw field_error(head, "unknown field for " + type.code + "; " +
                       (names.empty() ? type.code + " has no fields"
                                      : "fields: " + join(names, ", ")));
    }
    if (seen.count(name)) throw field_error(head, "given more than once; give each field once");
    check_text(value, head);
    if (blank(value)) {
      if (!rule->allowed.empty()) throw field_error(head, "empty value; use " + choices(*rule));
      const std::string& what = rule->description_en.empty() ? rule->description : rule->description_en;
      throw field_error(head, "empty value; expected " + what);
    }
    if (!rule->allowed.empty() && !contains(rule->allowed, value))
      throw field_error(head, "'" + shown(value) + "' is not allowed for " + type.code + "; use " +
                       choices(*rule));
    seen.emplace(name, value);
  }

  Fields out;
  for (const auto& f : type.fields) {
    auto it = seen.find(f.name);
    if (it != seen.end()) {
      out.emplace_back(f.name, it->second);
      continue;
    }
    std::string head = "field " + f.name;
    if (f.required)
      throw field_error(head, "required for " + type.code +
                       (f.allowed.empty() ? std::string() : "; use " + choices(f)));
    for (const auto& c : f.required_when) {
      auto other = seen.find(c.field);
      if (other != seen.end() && contains(c.values, other->second))
        throw field_error(head, "required when " + to_string(c));
    }
  }
  return out;
}

std::pair<std::string, std::string> split_field(std::string_view text, std::string_view flag) {
  std::string head(flag);
  check_text(text, head);
  auto eq = text.find('=');
  if (eq == std::string_view::npos)
    throw field_error(head, "'" + shown(text) + "' has no '='; use NAME=VALUE, such as host=web1");
  auto name = text.substr(0, eq);
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  if (name.empty())
    throw field_error(head, "'" + shown(text) + "' has no name before '='; use NAME=VALUE");
  return {std::string(name), std::string(text.substr(eq + 1))};
}

}  // namespace sd
