// Fuzz target: a alertmanager payload, as `sd alert ingest --format alertmanager` reads it
// (alert_target.cpp says what is checked).
#include "alert_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sd::fuzz::fuzz_alert(data, size, sd::AlertFormat::alertmanager);
}
