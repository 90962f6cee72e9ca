#pragma once
// What a JSON value is, in words for error messages (internal to the library).
#include <nlohmann/json.hpp>

namespace sd {

template <class J>
const char* json_kind(const J& j) {
  switch (j.type()) {
    case J::value_t::null: return "null";
    case J::value_t::object: return "an object";
    case J::value_t::array: return "an array";
    case J::value_t::string: return "a string";
    case J::value_t::boolean: return "true or false";
    case J::value_t::number_integer:
    case J::value_t::number_unsigned:
    case J::value_t::number_float: return "a number";
    default: return "not a JSON value";
  }
}

}  // namespace sd
