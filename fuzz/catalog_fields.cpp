// Fuzz target: request fields checked against the shipped catalog, as
// `sd request new TYPE --field NAME=VALUE...` checks them. The input is
// lines: the first names the type (a code or its Japanese name), each
// other line is one NAME=VALUE.
// What must hold: bad input is a data error; what validate() accepts is
// in the catalog's order, every value one the type allows, every required
// field there; and it is accepted again as it is (a round trip).
#include "fuzz.hpp"
#include "supportdesk/catalog.hpp"
#include "supportdesk/config.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace sd;
using sd::fuzz::expect_code;
using sd::fuzz::only_sd_errors;

const Catalog& shipped_catalog() {
  static const Catalog cat = [] {
    std::string path = std::string(SD_SHARE_DIR) + "/catalog.json";
    return Catalog::parse(read_file(path, "catalog"), path);
  }();
  return cat;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto nl = input.find('\n');
  std::string code(input.substr(0, nl));
  const Catalog& cat = shipped_catalog();

  const RequestType* type = nullptr;
  auto err = only_sd_errors("catalog.at", [&] { type = &cat.at(code, "TYPE"); });
  if (err) {
    expect_code("catalog.at", *err, Exit::data);
    // "did you mean": an unknown type still names one that exists.
    type = &cat.types()[static_cast<std::size_t>(code.size()) % cat.types().size()];
  }

  Fields given;
  for (std::size_t pos = nl == std::string_view::npos ? input.size() : nl + 1; pos < input.size();) {
    auto end = input.find('\n', pos);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(pos, end - pos);
    pos = end + 1;
    err = only_sd_errors("split_field", [&] { given.push_back(split_field(line, "field")); });
    if (err) expect_code("split_field", *err, Exit::data);
  }

  Fields out;
  err = only_sd_errors("validate", [&] { out = cat.validate(*type, given); });
  if (err) {
    expect_code("validate", *err, Exit::data);
    return 0;
  }
  SD_FUZZ_CHECK(out.size() <= given.size(), "validate() gave more fields than it was given");
  std::size_t at = 0;
  for (const auto& field : out) {
    const std::string& name = field.first;
    const std::string& value = field.second;
    auto rule = std::find_if(type->fields.begin() + static_cast<std::ptrdiff_t>(at), type->fields.end(),
                             [&](const FieldRule& f) { return f.name == name; });
    SD_FUZZ_CHECK(rule != type->fields.end(), "field " + name + " out of the catalog's order");
    at = static_cast<std::size_t>(rule - type->fields.begin()) + 1;
    SD_FUZZ_CHECK(rule->allowed.empty() || std::count(rule->allowed.begin(), rule->allowed.end(), value) == 1,
                  "field " + name + " accepted with a value it does not allow");
    SD_FUZZ_CHECK(std::count(given.begin(), given.end(), field) == 1,
                  "field " + name + " is not what was given");
  }
  for (const auto& f : type->fields)
    if (f.required)
      SD_FUZZ_CHECK(std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first == f.name; }),
                    "required field " + f.name + " missing");
  Fields again;
  err = only_sd_errors("validate", [&] { again = cat.validate(*type, out); });
  SD_FUZZ_CHECK(!err && again == out, "what validate() accepted is not accepted again as it is");
  return 0;
}
