#pragma once
/// The request catalog: the types of service request the desk takes, with
/// their tier, SLO and fields. It ships as data (share/sd/catalog.json,
/// format in sd-catalog(5)); this module parses it and checks requests
/// against it.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sd {

/// Tiers of the white paper's catalog (§4.1.3, §4.1.4, §4.3).
enum class Tier { minor, impacting, basic, advanced };
std::string_view to_string(Tier t);
std::optional<Tier> tier_from(std::string_view s);

/// The tiers in the order the white paper presents them (and lists sort by).
inline constexpr Tier kTiers[] = {Tier::minor, Tier::impacting, Tier::basic, Tier::advanced};

/// How the catalog names and explains a tier (its "tiers" object).
struct TierInfo {
  Tier tier = Tier::minor;
  std::string name;            ///< Japanese, e.g. サービスへの影響が軽微なご依頼
  std::string name_en;
  std::string description;     ///< the white paper's wording (Japanese)
  std::string description_en;
};

/// A field is required when another field has one of some values.
struct Condition {
  std::string field;
  std::vector<std::string> values;
};

/// How messages and `sd catalog show` word a condition: "kind=os" for one
/// value, "op is add or change" for several.
std::string to_string(const Condition& c);

struct FieldRule {
  std::string name;
  std::string description;           ///< what to write (Japanese)
  std::string description_en;
  bool required = true;
  std::vector<std::string> allowed;  ///< empty: free text
  std::vector<Condition> required_when;  ///< any one holding makes it required
  std::string when_absent;           ///< what an optional field means when left out
};

struct RequestType {
  std::string code;
  std::string name;     ///< the Backlog 種別 (Japanese)
  std::string name_en;
  Tier tier = Tier::minor;
  int slo_days = 1;     ///< the SLO in business days
  std::string raised_by;  ///< customer, provider or both
  std::vector<FieldRule> fields;
};

/// Field values in the catalog's field order.
using Fields = std::vector<std::pair<std::string, std::string>>;

class Catalog {
 public:
  /// Parses catalog JSON; config Errors name `source` and what is wrong.
  static Catalog parse(std::string_view json, std::string_view source);

  const std::vector<RequestType>& types() const { return types_; }
  /// The type whose code is `code`, or else whose Japanese name (its Backlog
  /// 種別, e.g. バックアップ作業) is; a caller stores the type's code.
  const RequestType* find(std::string_view code) const;
  /// find(), or a data Error naming the field "type" and listing the codes.
  const RequestType& at(std::string_view code) const;
  /// at(), with the error naming `label` (e.g. "TYPE") instead of "type".
  /// The error suggests the closest code ("did you mean 'backup'?"), also
  /// when `code` is a type's English name.
  const RequestType& at(std::string_view code, std::string_view label) const;
  /// The catalog's words for `t`; names are empty when the file has none.
  const TierInfo& tier(Tier t) const;
  const std::string& source() const { return source_; }

  /// Checks `given` (name=value pairs as the user wrote them) against the
  /// type's fields: unknown fields, repeated fields, values not allowed,
  /// missing required and conditionally required fields. Returns the fields
  /// in catalog order. Data Errors name the field and list what is allowed.
  Fields validate(const RequestType& type, const Fields& given) const;

 private:
  std::vector<RequestType> types_;
  std::vector<TierInfo> tiers_;  ///< one per Tier, in kTiers order
  std::string source_;
};

/// Splits `name=value`; data Error naming `flag` when there is no '='.
std::pair<std::string, std::string> split_field(std::string_view text, std::string_view flag);

}  // namespace sd
