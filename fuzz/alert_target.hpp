#pragma once
/// The alert fuzz targets (alert_*.cpp): one per format `sd alert ingest`
/// takes, all running the same path a payload goes through.
#include "supportdesk/alert.hpp"

#include <cstddef>
#include <cstdint>

namespace sd::fuzz {

/// Runs one payload through parse_alerts() (as `format`, and detected) and
/// through AlertIntake::ingest() twice, over a store of its own, and checks
/// what must hold: only data errors, printable alert text, delivery keys
/// made of the identity and state, nothing lost (every alert placed or
/// the payload kept), and a second delivery of the same bytes read as a
/// duplicate of the first.
int fuzz_alert(const std::uint8_t* data, std::size_t size, AlertFormat format);

}  // namespace sd::fuzz
