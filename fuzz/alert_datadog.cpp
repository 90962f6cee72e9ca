// Fuzz target: a datadog payload, as `sd alert ingest --format datadog` reads it
// (alert_target.cpp says what is checked).
#include "alert_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sd::fuzz::fuzz_alert(data, size, sd::AlertFormat::datadog);
}
