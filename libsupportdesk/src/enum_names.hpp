#pragma once
// Enumerations spelled as words (internal to the library).
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace sd {

/// The enumerator whose name is `s`, where names[i] spells enumerator i.
template <class E, std::size_t N>
std::optional<E> enum_from(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace sd
