#pragma once
/// JSON written straight into text, for lists of a million records: the
/// bytes nlohmann's dump() writes for the same value (indented by 2 or
/// compact), with the characters a terminal would obey escaped as
/// escape_unsafe() escapes them, and no tree built in between.
///
/// A record's JSON form is written once, as a function template over the
/// sink (json.cpp): JsonOut writes it as text, JsonBuild builds the
/// nlohmann value the rest of sd passes around. Both take the same calls.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace sd {

using Json = nlohmann::ordered_json;

/// JSON text with the characters nlohmann writes as they are but a terminal
/// obeys (DEL, the C1 controls, bidi overrides and isolates) written as
/// \u escapes. They occur only inside strings, so the JSON means the same.
std::string escape_unsafe(const std::string& s);

/// `j` as text: indented by `indent` blanks a level (-1: on one line),
/// strings escaped as JsonOut escapes them. Throws on invalid UTF-8.
std::string json_text(const Json& j, int indent);

/// Writes one JSON value into a string, a call per token. Calls must nest
/// properly (a key before each value in an object); the sink does not check.
class JsonOut {
 public:
  /// `indent`: blanks per level, or -1 for one line. `depth`: the level the
  /// value starts at (1 for an element of an indented array).
  explicit JsonOut(std::string& out, int indent = -1, int depth = 0) : out_(out), indent_(indent), depth_(depth) {
    open_.reserve(8);
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view k);

  void value(std::string_view s);
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(const char* s) { value(std::string_view(s)); }
  void value(bool b);
  void value(std::nullptr_t);
  void value(std::int64_t n);
  void value(const Json& j);
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  void value(T n) {
    value(static_cast<std::int64_t>(n));
  }
  template <class T>
  void value(const std::optional<T>& v) {
    if (v) value(*v);
    else value(nullptr);
  }

  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

 private:
  void open(char c);
  void close(char c);
  void element();
  void newline(int depth);

  /// An open container: whether it is an array, and its members so far.
  struct Open {
    bool array;
    std::int64_t count;
  };

  std::string& out_;
  int indent_;
  int depth_;
  std::vector<Open> open_;
};

/// The same calls as JsonOut, building an nlohmann value.
class JsonBuild {
 public:
  void begin_object() { open(Json::object()); }
  void end_object() { stack_.pop_back(); }
  void begin_array() { open(Json::array()); }
  void end_array() { stack_.pop_back(); }
  void key(std::string_view k) { key_.assign(k); }
  template <class T>
  void value(const T& v) {
    put(to_value(v));
  }
  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  /// The value built.
  Json take() { return std::move(root_); }

 private:
  template <class T>
  static Json to_value(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
  }
  template <class T>
  static Json to_value(const T& v) {
    return Json(v);
  }
  Json* put(Json v);
  void open(Json v);

  Json root_;
  std::vector<Json*> stack_;  ///< the open containers, innermost last
  std::string key_;
};

}  // namespace sd
