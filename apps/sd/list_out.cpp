#include "list_out.hpp"

#include "supportdesk/error.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <iostream>

namespace sd::cli {
namespace {
constexpr std::size_t kBlock = 1 << 16;
}

StdoutStream::StdoutStream(Context& ctx) {
  std::cout.flush();
  buf_ = ctx.out.str();
  buf_.reserve(kBlock);
  ctx.out.str("");
}

StdoutStream::~StdoutStream() {
  try {
    flush();
  } catch (...) {
  }
}

void StdoutStream::write(std::string_view text) {
  buf_.append(text);
  if (buf_.size() >= kBlock) flush();
}

void StdoutStream::flush() {
  const char* p = buf_.data();
  std::size_t left = buf_.size();
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      buf_.clear();
      throw Error(Exit::io, std::string("stdout: ") + std::strerror(err));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  buf_.clear();
}

namespace {

/// A table heading as --fields names it: lower case, a blank written _.
std::string column_name(const std::string& heading) {
  std::string name;
  for (char c : heading) name += c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

/// The keys of `item` and of the objects in it, as --sort names them (a.b).
void key_paths(const Json& item, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& [k, v] : item.items()) {
    out.push_back(prefix + k);
    if (v.is_object()) key_paths(v, prefix + k + ".", out);
  }
}

/// The value at `path` (keys, one an object deep) in `item`, or null when
/// there is none.
const Json* find_path(const Json& item, const std::vector<std::string>& path) {
  const Json* at = &item;
  for (const auto& k : path) {
    if (!at->is_object() || !at->contains(k)) return nullptr;
    at = &(*at)[k];
  }
  return at;
}

/// Text as --sort orders it: by its bytes, but a run of digits by its value,
/// so that ACME-9 comes before ACME-10 (the times sd prints, their digits
/// of fixed width, sort as they would by their bytes).
int compare_text(std::string_view a, std::string_view b) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i0 = i, j0 = j;
      while (i0 < a.size() && a[i0] == '0') ++i0;
      while (j0 < b.size() && b[j0] == '0') ++j0;
      std::size_t i1 = i0, j1 = j0;
      while (i1 < a.size() && digit(a[i1])) ++i1;
      while (j1 < b.size() && digit(b[j1])) ++j1;
      if (i1 - i0 != j1 - j0) return i1 - i0 < j1 - j0 ? -1 : 1;
      if (int c = a.substr(i0, i1 - i0).compare(b.substr(j0, j1 - j0)); c != 0) return c < 0 ? -1 : 1;
      i = i1;
      j = j1;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
    ++i;
    ++j;
  }
  return i < a.size() ? 1 : (j < b.size() ? -1 : 0);
}

/// The order --sort gives two values of one key: nulls after everything,
/// numbers by value, text by compare_text(), false before true.
int compare_values(const Json& a, const Json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() == b.is_null() ? 0 : (a.is_null() ? 1 : -1);
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : (y < x ? 1 : 0);
  }
  if (a.type() != b.type()) return a.type() < b.type() ? -1 : 1;
  if (a.is_string()) return compare_text(a.get_ref<const std::string&>(), b.get_ref<const std::string&>());
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

ListPrinter::ListPrinter(Context& ctx, std::vector<std::string> headers, std::vector<std::size_t> right)
    : json_(ctx.opts.json), lines_(ctx.opts.jsonl), out_(ctx), limit_(ctx.opts.shape.limit) {
  const auto& shape = ctx.opts.shape;
  for (const auto& name : shape.sort) {
    SortKey key;
    key.descending = !name.empty() && name[0] == '-';
    key.name = key.descending ? name.substr(1) : name;
    if (key.name.empty()) throw usage_error("--sort: an empty key; give JSON keys such as due_at or -slo.left_seconds");
    for (std::size_t from = 0;;) {
      auto dot = key.name.find('.', from);
      key.path.push_back(key.name.substr(from, dot - from));
      if (dot == std::string::npos) break;
      from = dot + 1;
    }
    sort_.push_back(std::move(key));
  }
  if (json_) {
    fields_ = shape.fields;
  } else if (!shape.fields.empty()) {
    std::vector<std::string> names;
    for (const auto& h : headers) names.push_back(column_name(h));
    std::vector<std::string> kept_headers;
    std::vector<std::size_t> kept_right;
    for (const auto& f : shape.fields) {
      auto it = std::find(names.begin(), names.end(), column_name(f));
      if (it == names.end())
        throw usage_error("--fields: '" + f + "' is not a column of this table; use " + joined(names) +
                          " (with --json, the JSON keys)");
      auto i = static_cast<std::size_t>(it - names.begin());
      if (std::find(right.begin(), right.end(), i) != right.end()) kept_right.push_back(columns_.size());
      columns_.push_back(i);
      kept_headers.push_back(headers[i]);
    }
    headers = std::move(kept_headers);
    right = std::move(kept_right);
  }
  if (!json_)
    table_.emplace(std::move(headers), std::move(right), [this](std::string_view line) { out_.write(line); },
                   ctx.output());
}

void ListPrinter::check_names(const Json& item) {
  if (checked_) return;
  checked_ = true;
  for (const auto& f : fields_)
    if (!item.is_object() || !item.contains(f)) {
      std::vector<std::string> keys;
      for (const auto& [k, v] : item.items()) keys.push_back(k);
      throw usage_error("--fields: '" + f + "' is not a key of this list's objects; use " + joined(keys));
    }
  for (const auto& key : sort_)
    if (!find_path(item, key.path)) {
      std::vector<std::string> paths;
      key_paths(item, "", paths);
      throw usage_error("--sort: '" + key.name + "' is not a key of this list's objects; use " + joined(paths));
    }
}

std::vector<Json> ListPrinter::sort_values(const Json& item) const {
  std::vector<Json> values;
  for (const auto& key : sort_) {
    const Json* at = find_path(item, key.path);
    values.push_back(at ? *at : Json(nullptr));
  }
  return values;
}

Row ListPrinter::pick(Row row) const {
  if (columns_.empty()) return row;
  std::vector<std::string> cells;
  for (auto i : columns_) cells.push_back(i < row.cells.size() ? std::move(row.cells[i]) : std::string());
  row.cells = std::move(cells);
  return row;
}

void ListPrinter::add(const Json& item) {
  if (shaped()) check_names(item);
  if (sort_.empty()) put_text(element(item));
  else held_.push_back(Held{sort_values(item), std::nullopt, element(item)});
}

std::string ListPrinter::element(const Json& item) const {
  const Json* shown = &item;
  Json kept;
  if (!fields_.empty()) {
    kept = Json::object();
    for (const auto& f : fields_) kept[f] = item.contains(f) ? item[f] : Json(nullptr);
    shown = &kept;
  }
  if (lines_) return json_text(*shown, -1) + "\n";
  // The array as print_json() prints it whole: each element indented by two
  // more blanks.
  std::string text = json_text(*shown, 2), out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

void ListPrinter::put_text(std::string_view text) {
  // `[`, the elements with `,` between them, then `]` (finish()).
  if (!lines_) out_.write(count_++ ? ",\n  " : "[\n  ");
  out_.write(text);
}

void ListPrinter::put_written() {
  if (lines_) {
    text_ += '\n';
  } else {
    out_.write(count_++ ? ",\n  " : "[\n  ");
  }
  out_.write(text_);
}

void ListPrinter::add(Row row) { table_->add(pick(std::move(row))); }

void ListPrinter::add(Row row, const Json& item) {
  if (sort_.empty()) {
    add(std::move(row));
    return;
  }
  check_names(item);
  held_.push_back(Held{sort_values(item), pick(std::move(row)), std::string()});
}

void ListPrinter::finish() {
  if (!sort_.empty()) {
    std::stable_sort(held_.begin(), held_.end(), [this](const Held& a, const Held& b) {
      for (std::size_t i = 0; i < sort_.size(); ++i) {
        int c = compare_values(a.keys[i], b.keys[i]);
        // Nulls stay last in either direction.
        if (c != 0 && sort_[i].descending && !a.keys[i].is_null() && !b.keys[i].is_null()) c = -c;
        if (c != 0) return c < 0;
      }
      return false;
    });
    if (limit_ != 0 && held_.size() > limit_) held_.resize(limit_);
    for (auto& h : held_) {
      if (h.row) table_->add(std::move(*h.row));
      else put_text(h.text);
    }
    held_.clear();
  }
  if (table_) table_->finish();
  else if (!lines_) out_.write(count_ ? "\n]\n" : "[]\n");
  out_.flush();
}

}  // namespace sd::cli
