// JsonOut writes the bytes nlohmann's dump() writes, with the characters a
// terminal obeys escaped as escape_unsafe() escapes them; JsonBuild builds
// the same value from the same calls.
#include "supportdesk/json_out.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>

namespace {

using sd::Json;

std::string reference(const Json& j, int indent) {
  return sd::escape_unsafe(j.dump(indent, ' ', false, Json::error_handler_t::strict));
}

/// Strings a ticket may hold: every kind of byte the escaper treats apart.
const char* const kStrings[] = {
    "",
    "plain ascii",
    "quote \" backslash \\ slash /",
    "controls \b\f\n\r\t \x01\x1f end",
    "DEL \x7f",
    "C1 \xc2\x80 \xc2\x9f and \xc2\xa0 (no-break space stays)",
    "bidi \xe2\x80\xaa\xe2\x80\xae isolates \xe2\x81\xa6\xe2\x81\xa9 and \xe2\x80\xa9 stays",
    "日本語のチケット、全角ＡＢＣ",
    "emoji \xf0\x9f\x98\x80 and U+10FFFF \xf4\x8f\xbf\xbf",
};

Json sample() {
  Json j = Json::object();
  j["n"] = 0;
  j["negative"] = -9'223'372'036'854'775'807LL - 1;
  j["big"] = 9'223'372'036'854'775'807LL;
  j["unsigned"] = 18'446'744'073'709'551'615ULL;
  j["float"] = 0.1;
  j["yes"] = true;
  j["no"] = false;
  j["none"] = nullptr;
  j["empty_object"] = Json::object();
  j["empty_array"] = Json::array();
  Json strings = Json::array();
  for (const char* s : kStrings) strings.push_back(s);
  j["strings"] = strings;
  Json keyed = Json::object();
  for (const char* s : kStrings) keyed[s] = s;
  j["keyed"] = keyed;
  j["nested"] = Json::array({Json::array({Json::object(), Json::array({1, 2})}), Json{{"a", Json{{"b", nullptr}}}}});
  return j;
}

}  // namespace

TEST_CASE("JsonOut writes what dump() and escape_unsafe() write, indented and on one line") {
  const Json j = sample();
  for (int indent : {-1, 2, 4}) {
    CAPTURE(indent);
    std::string out;
    sd::JsonOut(out, indent).value(j);
    CHECK(out == reference(j, indent));
    CHECK(sd::json_text(j, indent) == reference(j, indent));
  }
  for (const Json& scalar : {Json("x\x7fy"), Json(42), Json(nullptr), Json::array(), Json::object()}) {
    CHECK(sd::json_text(scalar, 2) == reference(scalar, 2));
  }
}

TEST_CASE("JsonOut writes random strings as dump() does") {
  std::mt19937 rng(7);
  const std::string pieces[] = {"a", "\"", "\\", "\n", "\x01", "\x7f", "\xc2\x85", "\xc2\xa9", "\xe2\x80\xab",
                                "\xe2\x81\xa7", "\xe2\x80\x8b", "あ", "\xf0\x9f\x8e\x89", " "};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    for (auto n = rng() % 12; n > 0; --n) s += pieces[rng() % std::size(pieces)];
    Json j{{s, s}};
    CAPTURE(s);
    CHECK(sd::json_text(j, -1) == reference(j, -1));
  }
}

TEST_CASE("an element of an indented array is indented one level deeper") {
  const Json j = sample();
  std::string out;
  sd::JsonOut(out, 2, 1).value(j);
  // What print_json() prints for [j], less the brackets.
  std::string whole = reference(Json::array({j}), 2);
  CHECK("[\n  " + out + "\n]" == whole);
}

TEST_CASE("invalid UTF-8 is refused as dump() refuses it") {
  for (const char* bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "truncated \xe3\x81"}) {
    CAPTURE(bad);
    std::string out;
    CHECK_THROWS_AS(sd::JsonOut(out).value(std::string_view(bad)), Json::type_error);
    CHECK_THROWS_AS((void)Json(bad).dump(-1, ' ', false, Json::error_handler_t::strict), Json::type_error);
  }
}

TEST_CASE("JsonBuild builds from the calls JsonOut writes from") {
  auto write = [](auto& o) {
    o.begin_object();
    o.field("key", "ACME-1");
    o.field("number", 1);
    o.field("late", false);
    o.field("due", std::optional<std::int64_t>{});
    o.key("fields");
    o.begin_object();
    o.field("host", "web01");
    o.end_object();
    o.key("pauses");
    o.begin_array();
    o.begin_object();
    o.field("from", "x");
    o.end_object();
    o.value("y");
    o.end_array();
    o.key("empty");
    o.begin_array();
    o.end_array();
    o.end_object();
  };
  sd::JsonBuild b;
  write(b);
  Json built = b.take();
  std::string text;
  sd::JsonOut out(text, 2);
  write(out);
  CHECK(text == reference(built, 2));
  CHECK(built["pauses"][1] == "y");
  CHECK(built["due"].is_null());
}

TEST_CASE("values nested deeper than any record are written as dump() writes them") {
  Json deep = Json::array({"bottom"});
  for (int i = 0; i < 200; ++i) deep = (i % 2) ? Json::array({deep, i}) : Json{{"level", deep}};
  for (int indent : {-1, 2}) {
    CHECK(sd::json_text(deep, indent) == reference(deep, indent));
  }
  sd::JsonBuild b;
  b.value(deep);
  CHECK(b.take() == deep);
}
