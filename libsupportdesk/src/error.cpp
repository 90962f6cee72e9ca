#include "supportdesk/error.hpp"

namespace sd {

std::string Error::marks(std::string_view text,
                         const std::function<std::string(std::string_view)>& name_of) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto open = text.find('\x1e', at);
    auto close = open == std::string_view::npos ? open : text.find('\x1f', open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    out += name_of(text.substr(open + 1, close - open - 1));
    at = close + 1;
  }
  out.append(text.substr(at));
  return out;
}

std::string Error::plain(std::string_view text) {
  return marks(text, [](std::string_view name) { return std::string(name); });
}

std::string Error::render(const std::function<std::string(std::string_view)>& name_of) const {
  if (field_.empty()) return marks(detail_, name_of);
  return name_of(field_) + ": " + marks(detail_, name_of);
}

}  // namespace sd
