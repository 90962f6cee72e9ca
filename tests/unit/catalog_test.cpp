#include "supportdesk/catalog.hpp"

#include "supportdesk/config.hpp"
#include "supportdesk/error.hpp"

#include <doctest/doctest.h>

#include <string>

namespace sd {
namespace {

const Catalog& shipped() {
  static const Catalog cat = [] {
    std::string path = std::string(SD_SHARE_DIR) + "/catalog.json";
    return Catalog::parse(read_file(path, "catalog"), path);
  }();
  return cat;
}

/// The message of the sd::Error `f` throws, checking its exit status.
template <class F>
std::string error_of(F f, Exit want) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(static_cast<int>(e.code()) == static_cast<int>(want));
    return e.what();
  }
  FAIL("no sd::Error was thrown");
  return {};
}

std::string data_error_of(const RequestType& t, const Fields& given) {
  return error_of([&] { shipped().validate(t, given); }, Exit::data);
}

/// A catalog with one type whose fields are `fields_json`.
std::string one_type(const std::string& fields_json, const std::string& extra = "") {
  return R"({"version": 1, "types": [{"code": "t", "name": "種別", "tier": "minor",
             "slo_days": 1)" + extra + R"(, "fields": )" + fields_json + "}]}";
}

std::string parse_error_of(const std::string& json) {
  return error_of([&] { Catalog::parse(json, "cat.json"); }, Exit::config);
}

}  // namespace

TEST_CASE("catalog: the shipped catalog has the white paper's 23 types") {
  const Catalog& cat = shipped();
  struct Row {
    const char* code;
    const char* name;
    Tier tier;
    int slo;
    const char* raised_by;
  };
  const Row want[] = {
      {"account", "アカウント管理作業", Tier::minor, 1, "customer"},
      {"backup", "バックアップ作業", Tier::minor, 1, "customer"},
      {"security-group", "Security Group 設定作業", Tier::minor, 1, "customer"},
      {"monitoring", "監視設定作業", Tier::minor, 1, "customer"},
      {"restore", "リストア作業", Tier::minor, 1, "customer"},
      {"server-power", "サーバー起動 / 停止作業", Tier::minor, 1, "customer"},
      {"software-config", "ソフトウェア設定作業", Tier::impacting, 5, "customer"},
      {"patch", "ソフトウェアパッチ当て作業", Tier::impacting, 5, "customer"},
      {"software-update", "ソフトウェア更新作業", Tier::impacting, 5, "customer"},
      {"disk", "ディスク変更作業", Tier::impacting, 5, "customer"},
      {"instance-type", "インスタンスタイプ変更作業", Tier::impacting, 5, "customer"},
      {"limit-increase", "AWS サポート制限解除", Tier::impacting, 5, "customer"},
      {"aws-other", "その他の AWS 設定作業", Tier::impacting, 5, "customer"},
      {"procedure-change", "保守手順変更", Tier::impacting, 5, "customer"},
      {"consultation", "技術相談", Tier::impacting, 5, "customer"},
      {"vulnerability", "脆弱性情報提供", Tier::basic, 5, "provider"},
      {"ops-improvement", "運用改善提案", Tier::basic, 5, "both"},
      {"capacity-planning", "キャパシティプランニング", Tier::basic, 5, "both"},
      {"study-session", "勉強会の実施", Tier::advanced, 5, "customer"},
      {"regular-meeting", "定例会の実施", Tier::advanced, 5, "customer"},
      {"performance-test", "パフォーマンス検証", Tier::advanced, 5, "customer"},
      {"bottleneck-analysis", "アプリケーションのボトルネック調査", Tier::advanced, 5, "customer"},
      {"feature-proposal", "新機能提案", Tier::advanced, 5, "provider"},
  };
  REQUIRE(cat.types().size() == std::size(want));
  for (std::size_t i = 0; i < std::size(want); ++i) {
    const RequestType& t = cat.types()[i];
    CAPTURE(t.code);
    CHECK(t.code == want[i].code);
    CHECK(t.name == want[i].name);
    CHECK(t.tier == want[i].tier);
    CHECK(t.slo_days == want[i].slo);
    CHECK(t.raised_by == want[i].raised_by);
    CHECK(!t.name_en.empty());
    CHECK(!t.fields.empty());
    for (const auto& f : t.fields) {
      CAPTURE(f.name);
      CHECK(!f.description.empty());
      CHECK(!f.description_en.empty());
    }
    CHECK(cat.find(want[i].code) == &t);
    CHECK(&cat.at(want[i].code) == &t);
  }
  CHECK(cat.tier(Tier::minor).name == "サービスへの影響が軽微なご依頼");
  CHECK(cat.tier(Tier::impacting).name == "サービスへの影響が発生し得るご依頼");
  CHECK(cat.tier(Tier::basic).name == "ベーシックサポート");
  CHECK(cat.tier(Tier::advanced).name == "アドバンスドサポート");
  CHECK(cat.tier(Tier::advanced).tier == Tier::advanced);
  CHECK(cat.source() == std::string(SD_SHARE_DIR) + "/catalog.json");
}

TEST_CASE("catalog: the shipped fields and their rules") {
  const Catalog& cat = shipped();
  auto names = [](const RequestType& t) {
    std::string s;
    for (const auto& f : t.fields) s += (s.empty() ? "" : ",") + f.name;
    return s;
  };
  CHECK(names(cat.at("account")) == "op,kind,user,host,permissions");
  CHECK(names(cat.at("disk")) == "op,host,size,disk");
  CHECK(names(cat.at("patch")) == "host,target,patch");
  CHECK(names(cat.at("limit-increase")) == "limit,reason");
  CHECK(names(cat.at("instance-type")) == "host,instance_type");

  const auto& account = cat.at("account").fields;
  CHECK(account[0].allowed == std::vector<std::string>{"add", "change", "delete"});
  CHECK(account[1].allowed == std::vector<std::string>{"iam", "os"});
  CHECK(account[2].required);
  CHECK(account[2].allowed.empty());
  REQUIRE(account[3].required_when.size() == 1);
  CHECK_FALSE(account[3].required);
  CHECK(account[3].required_when[0].field == "kind");
  CHECK(account[3].required_when[0].values == std::vector<std::string>{"os"});
  CHECK(to_string(account[3].required_when[0]) == "kind=os");
  CHECK(to_string(account[4].required_when[0]) == "op is add or change");

  CHECK(cat.at("server-power").fields[0].allowed ==
        std::vector<std::string>{"start", "stop", "restart", "delete"});
  const auto& version = cat.at("software-update").fields[2];
  CHECK(version.name == "version");
  CHECK_FALSE(version.required);
  CHECK(version.required_when.empty());
  CHECK(version.when_absent == "latest");
  CHECK(to_string(cat.at("disk").fields[2].required_when[0]) == "op=add");
  CHECK(to_string(cat.at("disk").fields[3].required_when[0]) == "op=delete");
}

TEST_CASE("catalog: tiers by name") {
  for (Tier t : kTiers) CHECK(tier_from(to_string(t)) == t);
  CHECK(to_string(Tier::impacting) == "impacting");
  CHECK_FALSE(tier_from("Minor"));
  CHECK_FALSE(tier_from(""));
  CHECK_FALSE(tier_from("premium"));
}

TEST_CASE("catalog: unknown types are answered with a suggestion") {
  const Catalog& cat = shipped();
  CHECK(cat.find("bakup") == nullptr);
  CHECK(error_of([&] { cat.at("bakup"); }, Exit::data) ==
        "type: unknown type 'bakup'; did you mean 'backup'? (see 'sd catalog list')");
  // Not a code, nor a whole 種別.
  CHECK(error_of([&] { cat.at("バックアップ作業x", "TYPE"); }, Exit::data)
            .rfind("TYPE: unknown type 'バックアップ作業x'; ", 0) == 0);
  CHECK(error_of([&] { cat.at("Backup"); }, Exit::data).find("did you mean 'backup'?") !=
        std::string::npos);
  CHECK(error_of([&] { cat.at("security_group"); }, Exit::data).find("'security-group'?") !=
        std::string::npos);
  CHECK(error_of([&] { cat.at("capacity"); }, Exit::data).find("'capacity-planning'?") !=
        std::string::npos);
  CHECK(error_of([&] { cat.at("technical consultation"); }, Exit::data).find("'consultation'?") !=
        std::string::npos);
  // "software" starts two codes: no guess, the list instead.
  std::string none = error_of([&] { cat.at("software"); }, Exit::data);
  CHECK(none.rfind("type: unknown type 'software'; types: account, backup, security-group,", 0) == 0);
  CHECK(none.find("feature-proposal (see 'sd catalog list')") != std::string::npos);
  CHECK(error_of([&] { cat.at(""); }, Exit::data).rfind("type: a type is needed; types: account,", 0) == 0);
  CHECK(error_of([&] { cat.at("a\nb"); }, Exit::data).find('\n') == std::string::npos);
  CHECK(error_of([&] { cat.at("\xff"); }, Exit::data) == "type: not valid UTF-8");
}

TEST_CASE("catalog: a type's Japanese name finds it as its code does") {
  const Catalog& cat = shipped();
  REQUIRE(cat.find("バックアップ作業") != nullptr);
  CHECK(cat.find("バックアップ作業")->code == "backup");
  CHECK(&cat.at("バックアップ作業") == &cat.at("backup"));
  CHECK(cat.at("アカウント管理作業", "TYPE").code == "account");
  for (const auto& t : cat.types()) CHECK(cat.find(t.name) == &t);
  // Only the whole name, exactly: no English name, no part of one.
  CHECK(cat.find("Backup") == nullptr);
  CHECK(cat.find("バックアップ") == nullptr);
  // A name may name one type only, and may not be another's code.
  CHECK(parse_error_of(R"({"version": 1, "types": [
      {"code": "a", "name": "作業", "tier": "minor", "slo_days": 1, "fields": []},
      {"code": "b", "name": "作業", "tier": "minor", "slo_days": 1, "fields": []}]})")
            .find("types[1].name: '作業' already names types[0]") != std::string::npos);
  CHECK(parse_error_of(R"({"version": 1, "types": [
      {"code": "a", "name": "作業", "tier": "minor", "slo_days": 1, "fields": []},
      {"code": "b", "name": "a", "tier": "minor", "slo_days": 1, "fields": []}]})")
            .find("'a' already names types[0]") != std::string::npos);
}

TEST_CASE("catalog: validate returns the fields in catalog order") {
  const Catalog& cat = shipped();
  const RequestType& account = cat.at("account");
  Fields got = cat.validate(account, {{"permissions", "ReadOnlyAccess"},
                                      {"user", "alice"},
                                      {"kind", "iam"},
                                      {"op", "add"}});
  CHECK(got == Fields{{"op", "add"}, {"kind", "iam"}, {"user", "alice"}, {"permissions", "ReadOnlyAccess"}});

  // Optional fields are accepted whether or not their condition holds.
  got = cat.validate(account, {{"host", "web1"}, {"op", "delete"}, {"user", "bob"}, {"kind", "iam"}});
  CHECK(got == Fields{{"op", "delete"}, {"kind", "iam"}, {"user", "bob"}, {"host", "web1"}});

  // Free text keeps its spaces, newlines and Japanese as written.
  got = cat.validate(cat.at("consultation"), {{"content", " EBS の容量について\n相談したい "}});
  CHECK(got == Fields{{"content", " EBS の容量について\n相談したい "}});

  // An optional field may be left out.
  got = cat.validate(cat.at("software-update"), {{"target", "nginx"}, {"host", "web1"}});
  CHECK(got == Fields{{"host", "web1"}, {"target", "nginx"}});
}

TEST_CASE("catalog: validate names the field and what is allowed") {
  const Catalog& cat = shipped();
  const RequestType& backup = cat.at("backup");
  const RequestType& account = cat.at("account");
  const RequestType& disk = cat.at("disk");

  CHECK(data_error_of(backup, {{"op", "add"}, {"host", "web1"}, {"colour", "red"}}) ==
        "field colour: unknown field for backup; fields: op, host");
  CHECK(data_error_of(backup, {{"op", "add"}, {"host", "web1"}, {"host", "web2"}}) ==
        "field host: given more than once; give each field once");
  CHECK(data_error_of(backup, {{"op", "remove"}, {"host", "web1"}}) ==
        "field op: 'remove' is not allowed for backup; use add or delete");
  CHECK(data_error_of(account, {{"op", "Add"}}) ==
        "field op: 'Add' is not allowed for account; use add, change or delete");
  CHECK(data_error_of(backup, {{"op", ""}, {"host", "web1"}}) == "field op: empty value; use add or delete");
  CHECK(data_error_of(backup, {{"op", "add"}, {"host", "  "}}) == "field host: empty value; expected Host name");
  CHECK(data_error_of(backup, {{"host", "web1"}}) == "field op: required for backup; use add or delete");
  CHECK(data_error_of(backup, {{"op", "add"}}) == "field host: required for backup");
  CHECK(data_error_of(backup, {{"op", "add"}, {"host", "web\xff"}}) == "field host: not valid UTF-8");
  CHECK(data_error_of(backup, {{"op", "add"}, {"host", "web\x01"}}) ==
        "field host: control characters are not allowed");
  CHECK(data_error_of(backup, {{"", "x"}}) == "field: a field needs a name; use NAME=VALUE");
  // What the user typed is echoed on one line.
  CHECK(data_error_of(backup, {{"op", "add\nmore"}}) ==
        "field op: 'add\\nmore' is not allowed for backup; use add or delete");
  // The first problem in the user's order wins over missing fields.
  CHECK(data_error_of(backup, {{"colour", "red"}}).rfind("field colour:", 0) == 0);
  // Missing fields are reported in catalog order.
  CHECK(data_error_of(account, {}) == "field op: required for account; use add, change or delete");

  SUBCASE("required_when") {
    CHECK(data_error_of(account, {{"op", "delete"}, {"kind", "os"}, {"user", "bob"}}) ==
          "field host: required when kind=os");
    CHECK(data_error_of(account, {{"op", "change"}, {"kind", "iam"}, {"user", "bob"}}) ==
          "field permissions: required when op is add or change");
    CHECK(cat.validate(account, {{"op", "delete"}, {"kind", "iam"}, {"user", "bob"}}).size() == 3);
    CHECK(cat.validate(account, {{"op", "delete"}, {"kind", "os"}, {"user", "bob"}, {"host", "db1"}})
              .size() == 4);
    CHECK(data_error_of(disk, {{"op", "add"}, {"host", "web1"}}) == "field size: required when op=add");
    CHECK(data_error_of(disk, {{"op", "delete"}, {"host", "web1"}}) == "field disk: required when op=delete");
    CHECK(cat.validate(disk, {{"op", "add"}, {"host", "web1"}, {"size", "100GB"}}) ==
          Fields{{"op", "add"}, {"host", "web1"}, {"size", "100GB"}});
    CHECK(cat.validate(disk, {{"disk", "vol-1"}, {"op", "delete"}, {"host", "web1"}}) ==
          Fields{{"op", "delete"}, {"host", "web1"}, {"disk", "vol-1"}});
  }
}

TEST_CASE("catalog: split_field") {
  CHECK(split_field("host=web1", "field") == std::pair<std::string, std::string>{"host", "web1"});
  CHECK(split_field(" host =a=b ", "field") == std::pair<std::string, std::string>{"host", "a=b "});
  CHECK(split_field("content=", "field") == std::pair<std::string, std::string>{"content", ""});
  CHECK(split_field("size=100GB", "-f").first == "size");
  CHECK(error_of([] { split_field("web1", "field"); }, Exit::data) ==
        "field: 'web1' has no '='; use NAME=VALUE, such as host=web1");
  CHECK(error_of([] { split_field("=web1", "field"); }, Exit::data) ==
        "field: '=web1' has no name before '='; use NAME=VALUE");
  CHECK(error_of([] { split_field("a\xc3", "field"); }, Exit::data) == "field: not valid UTF-8");
}

TEST_CASE("catalog: a minimal catalog") {
  Catalog cat = Catalog::parse(R"({"version": 1, "types": [
      {"code": "reboot", "name": "再起動", "tier": "impacting", "slo_days": 2, "fields": [
        {"name": "host", "description": "ホスト名"},
        {"name": "when", "description": "希望時刻", "required": false}]}]})",
                               "mine.json");
  REQUIRE(cat.types().size() == 1);
  const RequestType& t = cat.types()[0];
  CHECK(t.raised_by == "customer");
  CHECK(t.name_en.empty());
  CHECK(t.slo_days == 2);
  CHECK(t.fields[1].description_en.empty());
  CHECK_FALSE(t.fields[1].required);
  CHECK(cat.tier(Tier::minor).name.empty());
  CHECK(cat.source() == "mine.json");
  CHECK(cat.validate(t, {{"host", "a"}}) == Fields{{"host", "a"}});
  CHECK(error_of([&] { cat.validate(t, {{"host", " "}}); }, Exit::data) ==
        "field host: empty value; expected ホスト名");

  // The shapes `sd catalog show --json` prints parse back.
  CHECK_NOTHROW(Catalog::parse(one_type(R"([
      {"name": "op", "description": "d", "required": true, "allowed": ["a", "b"],
       "required_when": {}, "when_absent": null},
      {"name": "x", "description": "d", "required": false, "allowed": [],
       "required_when": {"op": ["a"]}, "when_absent": "none"}])"),
                               "cat.json"));
}

TEST_CASE("catalog: malformed files are config errors naming where") {
  CHECK(parse_error_of("{").rfind("cat.json: not valid JSON: parse error at line 1, column 2:", 0) == 0);
  CHECK(parse_error_of("").rfind("cat.json: not valid JSON:", 0) == 0);
  CHECK(parse_error_of("{\"version\": 1,\n \"types\": [\"\xff\"]}").rfind("cat.json: not valid JSON:", 0) == 0);
  CHECK(parse_error_of("{\"a\":\n\n}").find('\n') == std::string::npos);
  CHECK(parse_error_of("[]") == "cat.json: expected an object with version, tiers and types, not an array");
  CHECK(parse_error_of(R"({"types": []})") == "cat.json: 'version' is missing");
  CHECK(parse_error_of(R"({"version": 1})") == "cat.json: 'types' is missing");
  CHECK(parse_error_of(R"({"version": 1, "types": [], "extra": 1})") ==
        "cat.json: unknown key 'extra'; allowed: version, tiers, types");
  CHECK(parse_error_of(R"({"version": 2, "types": []})") ==
        "cat.json: version: 2 is newer than this sd reads (1); upgrade sd");
  CHECK(parse_error_of(R"({"version": "1", "types": []})") == "cat.json: version: expected 1, not \"1\"");
  CHECK(parse_error_of(R"({"version": 1, "types": []})") ==
        "cat.json: types: the catalog needs at least one type");
  CHECK(parse_error_of(R"({"version": 1, "types": {}})") == "cat.json: types: expected an array, not an object");
  CHECK(parse_error_of(R"({"version": 1, "version": 1, "types": []})") ==
        "cat.json: key 'version' appears twice in one object");
  CHECK(parse_error_of(one_type(R"([{"name": "a", "description": "d", "name": "b"}])")) ==
        "cat.json: key 'name' appears twice in one object");

  SUBCASE("tiers") {
    CHECK(parse_error_of(R"({"version": 1, "tiers": {"premium": {}}, "types": []})") ==
          "cat.json: tiers: unknown key 'premium'; allowed: minor, impacting, basic, advanced");
    CHECK(parse_error_of(R"({"version": 1, "tiers": {"minor": {"name": "軽微"}}, "types": []})") ==
          "cat.json: tiers.minor: 'name_en' is missing");
    CHECK(parse_error_of(R"({"version": 1, "tiers": {"minor": {"name": "", "name_en": "x"}}, "types": []})") ==
          "cat.json: tiers.minor.name: must not be empty");
  }

  SUBCASE("types") {
    CHECK(parse_error_of(R"({"version": 1, "types": [1]})") ==
          "cat.json: types[0]: expected an object, not a number");
    CHECK(parse_error_of(one_type("[]", R"(, "colour": "red")")) ==
          "cat.json: types[0]: unknown key 'colour'; allowed: code, name, name_en, tier, slo_days, "
          "raised_by, fields");
    CHECK(parse_error_of(R"({"version": 1, "types": [{"code": "t"}]})") == "cat.json: types[0]: 'name' is missing");
    CHECK(parse_error_of(R"({"version": 1, "types": [{"code": "Bad code", "name": "n", "tier": "minor",
              "slo_days": 1, "fields": []}]})") ==
          "cat.json: types[0].code: 'Bad code' is not a type code; use a-z, 0-9 and '-', starting with a letter");
    CHECK(parse_error_of(R"({"version": 1, "types": [
              {"code": "a", "name": "n", "tier": "minor", "slo_days": 1, "fields": []},
              {"code": "a", "name": "n", "tier": "minor", "slo_days": 1, "fields": []}]})") ==
          "cat.json: types[1].code: 'a' is already the code of types[0]");
    CHECK(parse_error_of(R"({"version": 1, "types": [
              {"code": "a", "name": "n", "tier": "premium", "slo_days": 1, "fields": []}]})") ==
          "cat.json: types[0].tier: unknown tier 'premium'; use minor, impacting, basic or advanced");
    for (const char* slo : {"0", "-1", "1.5", "\"1\"", "true", "366", "null"}) {
      CAPTURE(slo);
      std::string json = R"({"version": 1, "types": [{"code": "a", "name": "n", "tier": "minor", "slo_days": )" +
                         std::string(slo) + R"(, "fields": []}]})";
      CHECK(parse_error_of(json) == "cat.json: types[0].slo_days: expected a whole number of business "
                                    "days from 1 to 365, not " + std::string(slo));
    }
    CHECK(parse_error_of(one_type("[]", R"(, "raised_by": "partner")")) ==
          "cat.json: types[0].raised_by: 'partner' is not allowed; use customer, provider or both");
    CHECK(parse_error_of(one_type("[]", R"(, "name_en": "a\nb")")) ==
          "cat.json: types[0].name_en: control characters (newlines included) are not allowed");
    CHECK(parse_error_of(one_type("{}")) == "cat.json: types[0].fields: expected an array, not an object");
  }

  SUBCASE("fields") {
    CHECK(parse_error_of(one_type(R"([{"name": "a"}])")) == "cat.json: types[0].fields[0]: 'description' is missing");
    CHECK(parse_error_of(one_type(R"([{"name": "a", "description": "d", "optional": true}])")) ==
          "cat.json: types[0].fields[0]: unknown key 'optional'; allowed: name, description, "
          "description_en, required, allowed, required_when, when_absent");
    CHECK(parse_error_of(one_type(R"([{"name": "A-1", "description": "d"}])")) ==
          "cat.json: types[0].fields[0].name: 'A-1' is not a field name; use a-z, 0-9 and '_', "
          "starting with a letter");
    CHECK(parse_error_of(one_type(R"([{"name": "a", "description": "d"}, {"name": "a", "description": "d"}])")) ==
          "cat.json: types[0].fields[1].name: 'a' is already fields[0]");
    CHECK(parse_error_of(one_type(R"([{"name": "a", "description": "d", "required": "yes"}])")) ==
          "cat.json: types[0].fields[0].required: expected true or false, not a string");
    CHECK(parse_error_of(one_type(R"([{"name": "a", "description": "d", "allowed": ["x", "x"]}])")) ==
          "cat.json: types[0].fields[0].allowed[1]: 'x' is listed twice");
    CHECK(parse_error_of(one_type(R"([{"name": "a", "description": "d", "allowed": ["x", ""]}])")) ==
          "cat.json: types[0].fields[0].allowed[1]: must not be empty");
    CHECK(parse_error_of(one_type(R"([{"name": "a", "description": "d", "allowed": "x"}])")) ==
          "cat.json: types[0].fields[0].allowed: expected an array of strings, not a string");
    CHECK(parse_error_of(one_type(R"([{"name": "a", "description": "d", "when_absent": "latest"}])")) ==
          "cat.json: types[0].fields[0].when_absent: only an optional field can be left out; add "
          "\"required\": false");
  }

  SUBCASE("required_when") {
    const std::string op = R"({"name": "op", "description": "d", "allowed": ["add", "delete"]}, )";
    CHECK(parse_error_of(one_type("[" + op + R"({"name": "size", "description": "d", "required_when": {"kind": ["os"]}}])")) ==
          "cat.json: types[0].fields[1].required_when.kind: 'kind' is not a field of this type; fields: op");
    CHECK(parse_error_of(one_type("[" + op + R"({"name": "size", "description": "d", "required_when": {"op": ["add", "move"]}}])")) ==
          "cat.json: types[0].fields[1].required_when.op[1]: 'move' is not a value of op; allowed: add, delete");
    CHECK(parse_error_of(one_type("[" + op + R"({"name": "size", "description": "d", "required_when": {"op": []}}])")) ==
          "cat.json: types[0].fields[1].required_when.op: needs at least one value");
    CHECK(parse_error_of(one_type("[" + op + R"({"name": "size", "description": "d", "required_when": {"size": ["x"]}}])")) ==
          "cat.json: types[0].fields[1].required_when.size: a field cannot depend on itself");
    CHECK(parse_error_of(one_type(R"([{"name": "host", "description": "d"}, {"name": "size", "description": "d", "required_when": {"host": ["x"]}}])")) ==
          "cat.json: types[0].fields[1].required_when.host: 'host' is free text; a condition needs a "
          "field with allowed values");
    CHECK(parse_error_of(one_type("[" + op + R"({"name": "size", "description": "d", "required_when": ["op"]}])")) ==
          "cat.json: types[0].fields[1].required_when: expected an object such as {\"kind\": [\"os\"]}, "
          "not an array");
    CHECK(parse_error_of(one_type("[" + op + R"({"name": "size", "description": "d", "required": true, "required_when": {"op": ["add"]}}])")) ==
          "cat.json: types[0].fields[1].required: a field with required_when is required only when a "
          "condition holds; drop \"required\": true or required_when");
    // A condition may name a field that comes later.
    Catalog cat = Catalog::parse(
        one_type(R"([{"name": "size", "description": "d", "required_when": {"op": ["add"]}}, )" +
                 op.substr(0, op.size() - 2) + "]"),
        "cat.json");
    CHECK(cat.types()[0].fields[0].required_when[0].field == "op");
    CHECK(cat.validate(cat.types()[0], {{"op", "delete"}}) == Fields{{"op", "delete"}});
  }
}

TEST_CASE("catalog: any JSON error, and nesting past 64 levels, is bad config") {
  CHECK(parse_error_of(R"({"version": 1e400})").rfind("cat.json: not valid JSON: ", 0) == 0);
  CHECK(parse_error_of("{\"x\": " + std::string(60000, '[') + std::string(60000, ']') + "}") ==
        "cat.json: nested deeper than 64 levels, the most sd reads");
}

}  // namespace sd
