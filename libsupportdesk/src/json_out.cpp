// JSON written straight into text, byte for byte as nlohmann's dump() and
// escape_unsafe() would write it.
#include "supportdesk/json_out.hpp"

#include "supportdesk/text.hpp"

#include <charconv>
#include <cstdio>

namespace sd {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void hex_escape(std::string& out, unsigned cp) {
  char buf[6] = {'\\', 'u', kHex[(cp >> 12) & 15], kHex[(cp >> 8) & 15], kHex[(cp >> 4) & 15], kHex[cp & 15]};
  out.append(buf, 6);
}

/// The code point a terminal would obey that starts at s[i], and its length
/// in bytes (0: none): DEL, a C1 control, a bidi override or isolate.
std::size_t unsafe_at(std::string_view s, std::size_t i, unsigned& cp) {
  auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  if (b(0) == 0x7F) {
    cp = 0x7F;
    return 1;
  }
  if (b(0) == 0xC2 && b(1) >= 0x80 && b(1) <= 0x9F) {
    cp = b(1);
    return 2;
  }
  if (b(0) == 0xE2 && ((b(1) == 0x80 && b(2) >= 0xAA && b(2) <= 0xAE) || (b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9))) {
    cp = 0x2000u | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
    return 3;
  }
  return 0;
}

[[noreturn]] void invalid_utf8(std::string_view s, std::size_t i) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "invalid UTF-8 byte at index %zu: 0x%02X", i, static_cast<unsigned char>(s[i]));
  throw Json::type_error::create(316, buf, static_cast<const Json*>(nullptr));
}

/// `s` as a JSON string, quoted.
void write_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t plain = 0;  // start of the bytes copied as they are
  auto flush = [&](std::size_t to) { out.append(s.data() + plain, to - plain); };
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    flush(i);
    std::size_t len = 1;
    unsigned cp = 0;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          hex_escape(out, c);
        } else if ((len = unsafe_at(s, i, cp)) != 0) {
          hex_escape(out, cp);
        } else {
          len = utf8_length(s, i);
          if (len == 0) invalid_utf8(s, i);
          out.append(s.data() + i, len);
        }
    }
    i += len;
    plain = i;
  }
  flush(s.size());
  out += '"';
}

}  // namespace

std::string escape_unsafe(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned cp = 0;
    if (auto len = unsafe_at(s, i, cp)) {
      hex_escape(out, cp);
      i += len - 1;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string json_text(const Json& j, int indent) {
  std::string out;
  JsonOut(out, indent).value(j);
  return out;
}

void JsonOut::newline(int depth) {
  out_ += '\n';
  out_.append(static_cast<std::size_t>(depth * indent_), ' ');
}

void JsonOut::element() {
  if (open_.empty() || !open_.back().array) return;  // the top, or after its key
  if (open_.back().count++) out_ += ',';
  if (indent_ >= 0) newline(depth_ + static_cast<int>(open_.size()));
}

void JsonOut::open(char c) {
  element();
  out_ += c;
  open_.push_back(Open{c == '[', 0});
}

void JsonOut::close(char c) {
  bool members = open_.back().count != 0;
  open_.pop_back();
  if (members && indent_ >= 0) newline(depth_ + static_cast<int>(open_.size()));
  out_ += c;
}

void JsonOut::key(std::string_view k) {
  if (open_.back().count++) out_ += ',';
  if (indent_ >= 0) newline(depth_ + static_cast<int>(open_.size()));
  write_string(out_, k);
  out_ += indent_ >= 0 ? ": " : ":";
}

void JsonOut::value(std::string_view s) {
  element();
  write_string(out_, s);
}

void JsonOut::value(bool b) {
  element();
  out_ += b ? "true" : "false";
}

void JsonOut::value(std::nullptr_t) {
  element();
  out_ += "null";
}

void JsonOut::value(std::int64_t n) {
  element();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out_.append(buf, r.ptr);
}

void JsonOut::value(const Json& j) {
  switch (j.type()) {
    case Json::value_t::object:
      begin_object();
      for (const auto& item : j.items()) {
        key(item.key());
        value(item.value());
      }
      end_object();
      break;
    case Json::value_t::array:
      begin_array();
      for (const auto& v : j) value(v);
      end_array();
      break;
    case Json::value_t::string: value(std::string_view(j.get_ref<const std::string&>())); break;
    case Json::value_t::boolean: value(j.get<bool>()); break;
    case Json::value_t::number_integer: value(j.get<std::int64_t>()); break;
    case Json::value_t::null: value(nullptr); break;
    default:  // unsigned, float, binary: as nlohmann writes them
      element();
      out_ += j.dump();
  }
}

Json* JsonBuild::put(Json v) {
  if (stack_.empty()) {
    root_ = std::move(v);
    return &root_;
  }
  Json& top = *stack_.back();
  if (top.is_array()) {
    top.push_back(std::move(v));
    return &top.back();
  }
  Json& slot = top[key_];
  slot = std::move(v);
  return &slot;
}

void JsonBuild::open(Json v) {
  stack_.push_back(put(std::move(v)));
}

}  // namespace sd
