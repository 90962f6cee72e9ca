// Export, import and backup (data_export.hpp).
#include "supportdesk/data_export.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/json_out.hpp"
#include "supportdesk/store.hpp"
#include "supportdesk/store_address.hpp"

#include <filesystem>

#include <array>
#include <limits>

namespace sd {

namespace {

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

DumpStore& dump_of(Store& store) {
  auto* dump = dynamic_cast<DumpStore*>(&store);
  if (!dump) throw config_error("store: this store cannot export or import its tables");
  return *dump;
}

/// An error about line `line` of the input, and a field of it.
Error line_error(const std::string& source, std::int64_t line, const std::string& field, const std::string& detail) {
  return Error(Exit::data, source + ": line " + std::to_string(line) + ": " + (field.empty() ? "" : field + ": ") + detail);
}

std::string json_kind(const Json& j) {
  if (j.is_null()) return "null";
  if (j.is_string()) return "text";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number_integer()) return "an integer";
  if (j.is_number()) return "a number";
  if (j.is_array()) return "an array";
  return "an object";
}

/// nlohmann's parse error without its "[json.exception…]" prefix.
std::string parse_reason(const std::exception& e) {
  std::string m = e.what();
  auto at = m.find("] ");
  return at == std::string::npos ? m : m.substr(at + 2);
}

void check_header(const Json& h, const std::string& source, int store_version) {
  auto field = [&](const char* name) -> const Json& {
    auto it = h.find(name);
    if (it == h.end()) throw line_error(source, 1, name, "missing: the first line is not an sd export header");
    return *it;
  };
  if (!h.is_object()) throw line_error(source, 1, "", "not an sd export header (a JSON object with \"format\": \"sd-export\")");
  const auto& format = field("format");
  if (!format.is_string() || format.get_ref<const std::string&>() != kExportFormat)
    throw line_error(source, 1, "format", "not an sd export (expected \"" + std::string(kExportFormat) + "\")");
  const auto& fv = field("format_version");
  if (!fv.is_number_integer() || fv.get<std::int64_t>() != kExportFormatVersion)
    throw line_error(source, 1, "format_version",
                     fv.dump() + " is not a format this sd reads (" + std::to_string(kExportFormatVersion) + ")");
  const auto& sv = field("schema_version");
  if (!sv.is_number_integer() || sv.get<std::int64_t>() < 1)
    throw line_error(source, 1, "schema_version", "expected a positive integer, got " + sv.dump());
  auto version = sv.get<std::int64_t>();
  if (version > store_version)
    throw line_error(source, 1, "schema_version",
                     std::to_string(version) + " is newer than this sd's (" + std::to_string(store_version) +
                         "); import it with a newer sd");
  // Versions whose rows are the store's import as they are: the steps
  // between them only changed indexes.
  if (version < store_version && version < db::kSameRowsSince)
    throw line_error(source, 1, "schema_version",
                     std::to_string(version) + " is older than this sd reads (" + std::to_string(db::kSameRowsSince) +
                         " to " + std::to_string(store_version) +
                         "); import it with the sd that wrote it, then run 'sd db migrate' and export again");
  const auto& since = field("since_at");
  if (!since.is_null())
    throw line_error(source, 1, "since_at", "a partial export (of the records changed since a time) cannot be imported; export the whole store");
  for (const auto& [k, v] : h.items())
    if (k != "format" && k != "format_version" && k != "schema_version" && k != "since_at")
      throw line_error(source, 1, k, "not a header field");
}

/// The row of `j` as `table`'s columns, each checked against its type.
void read_row(const Json& j, const DumpTable& table, const std::string& source, std::int64_t line,
              std::vector<DumpValue>& row) {
  row.assign(table.columns.size(), DumpValue{});
  std::size_t found = 0;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const auto& col = table.columns[i];
    auto field = table.name + "." + col.name;
    auto it = j.find(col.name);
    if (it == j.end()) throw line_error(source, line, field, "missing");
    ++found;
    const Json& v = *it;
    auto& out = row[i];
    if (v.is_null()) continue;
    switch (col.type) {
      case DumpValue::Kind::integer:
        if (!v.is_number_integer() ||
            (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())))
          throw line_error(source, line, field, "expected an integer or null, got " + json_kind(v));
        out.kind = DumpValue::Kind::integer;
        out.integer = v.get<std::int64_t>();
        break;
      case DumpValue::Kind::text:
        if (!v.is_string()) throw line_error(source, line, field, "expected text or null, got " + json_kind(v));
        out.kind = DumpValue::Kind::text;
        out.bytes = v.get_ref<const std::string&>();
        break;
      case DumpValue::Kind::blob: {
        if (!v.is_string()) throw line_error(source, line, field, "expected base64 text or null, got " + json_kind(v));
        auto bytes = base64_decode(v.get_ref<const std::string&>());
        if (!bytes) throw line_error(source, line, field, "not base64");
        out.kind = DumpValue::Kind::blob;
        out.bytes = std::move(*bytes);
        break;
      }
      case DumpValue::Kind::null: break;
    }
  }
  if (found != j.size())
    for (const auto& [k, v] : j.items()) {
      bool known = false;
      for (const auto& col : table.columns) known = known || col.name == k;
      if (!known) throw line_error(source, line, table.name + "." + k, "no such column");
    }
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned n = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    out += kBase64[n >> 18 & 63];
    out += kBase64[n >> 12 & 63];
    out += kBase64[n >> 6 & 63];
    out += kBase64[n & 63];
  }
  if (bytes.size() - i == 1) {
    unsigned n = at(i) << 16;
    out += kBase64[n >> 18 & 63];
    out += kBase64[n >> 12 & 63];
    out += "==";
  } else if (bytes.size() - i == 2) {
    unsigned n = at(i) << 16 | at(i + 1) << 8;
    out += kBase64[n >> 18 & 63];
    out += kBase64[n >> 12 & 63];
    out += kBase64[n >> 6 & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::array<int, 256> value;
  value.fill(-1);
  for (std::size_t k = 0; k < kBase64.size(); ++k) value[static_cast<unsigned char>(kBase64[k])] = static_cast<int>(k);
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    int pad = 0;
    unsigned n = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      char c = text[i + k];
      int v = value[static_cast<unsigned char>(c)];
      if (c == '=' && last && k >= 2) {
        ++pad;
        v = 0;
      } else if (v < 0 || pad > 0) {
        return std::nullopt;
      }
      n = n << 6 | static_cast<unsigned>(v);
    }
    out += static_cast<char>(n >> 16 & 0xff);
    if (pad < 2) out += static_cast<char>(n >> 8 & 0xff);
    if (pad < 1) out += static_cast<char>(n & 0xff);
  }
  // Only the canonical form, so that import and export agree byte for byte.
  if (base64_encode(out) != text) return std::nullopt;
  return out;
}

DataTransfer::DataTransfer(DeskContext& ctx) : dump_(dump_of(ctx.store)), ctx_(ctx) {}

ExportCounts DataTransfer::export_lines(std::optional<Instant> since,
                                        const std::function<void(std::string_view)>& write) {
  return read_transaction(ctx_.store, [&] {
    ExportCounts counts;
    std::string text;
    {
      JsonOut out(text);
      out.begin_object();
      out.field("format", kExportFormat);
      out.field("format_version", kExportFormatVersion);
      out.field("schema_version", dump_.dump_schema_version());
      out.key("since_at");
      if (since) out.value(ctx_.iso(*since));
      else out.value(nullptr);
      out.end_object();
    }
    text += '\n';
    write(text);
    for (const auto& table : dump_.dump_tables()) {
      ++counts.tables;
      dump_.each_dump_row(table, since, [&](const std::vector<DumpValue>& row) {
        text.clear();
        JsonOut out(text);
        out.begin_object();
        out.field("table", table.name);
        out.key("row");
        out.begin_object();
        for (std::size_t i = 0; i < row.size(); ++i) {
          out.key(table.columns[i].name);
          const auto& v = row[i];
          switch (v.kind) {
            case DumpValue::Kind::null: out.value(nullptr); break;
            case DumpValue::Kind::integer: out.value(v.integer); break;
            case DumpValue::Kind::text: out.value(std::string_view(v.bytes)); break;
            case DumpValue::Kind::blob: out.value(base64_encode(v.bytes)); break;
          }
        }
        out.end_object();
        out.end_object();
        text += '\n';
        write(text);
        ++counts.rows;
      });
    }
    return counts;
  });
}

ImportResult DataTransfer::import_lines(std::istream& in, const std::string& source) {
  // Run once: the body reads the stream, which a second run would find spent.
  return write_transaction_once(ctx_.store, [&] {
    ImportResult result;
    result.schema_version = dump_.dump_schema_version();
    if (auto table = dump_.first_nonempty_table())
      throw Error(Exit::config, "import: the store is not empty (" + *table +
                                    " has rows); import loads only a new store made by 'sd init'");
    auto tables = dump_.dump_tables();
    std::string line;
    std::vector<DumpValue> row;
    // The lines of the rows the store holds back (insert_dump_row()), so
    // that a row it refuses later is named by its line.
    std::vector<std::int64_t> held_lines;
    auto row_error = [&](const DumpRowError& e) {
      auto at = e.held < held_lines.size() ? held_lines[e.held] : result.lines;
      return line_error(source, at, e.table, e.what());
    };
    while (std::getline(in, line)) {
      ++result.lines;
      Json j;
      try {
        j = Json::parse(line);
      } catch (const Json::parse_error& e) {
        throw line_error(source, result.lines, "", "not JSON: " + parse_reason(e));
      }
      if (result.lines == 1) {
        check_header(j, source, result.schema_version);
        continue;
      }
      if (!j.is_object()) throw line_error(source, result.lines, "", "expected an object {\"table\": …, \"row\": {…}}");
      auto t = j.find("table");
      if (t == j.end() || !t->is_string()) throw line_error(source, result.lines, "table", "missing, or not text");
      auto r = j.find("row");
      if (r == j.end() || !r->is_object()) throw line_error(source, result.lines, "row", "missing, or not an object");
      for (const auto& [k, v] : j.items())
        if (k != "table" && k != "row") throw line_error(source, result.lines, k, "not a field of a row line");
      const auto& name = t->get_ref<const std::string&>();
      const DumpTable* table = nullptr;
      for (const auto& tb : tables)
        if (tb.name == name) table = &tb;
      if (!table) throw line_error(source, result.lines, "table", "'" + name + "' is not a table sd exports");
      read_row(*r, *table, source, result.lines, row);
      held_lines.push_back(result.lines);
      try {
        auto held = dump_.insert_dump_row(*table, row);
        held_lines.erase(held_lines.begin(), held_lines.end() - static_cast<std::ptrdiff_t>(held));
      } catch (const DumpRowError& e) {
        throw row_error(e);
      }
      ++result.rows;
    }
    if (in.bad()) throw Error(Exit::io, source + ": cannot read");
    if (result.lines == 0) throw line_error(source, 1, "", "empty: no sd export header");
    try {
      dump_.end_dump_import();
    } catch (const DumpRowError& e) {
      throw row_error(e);
    }
    return result;
  });
}

std::vector<std::string> DataTransfer::uncovered_tables() {
  return read_transaction(ctx_.store, [&] { return dump_.undumped_tables(); });
}

namespace {

/// Whether two addresses name the same store: the same PostgreSQL address,
/// or the same file however its path is written.
bool same_store(const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (db::is_postgres_address(a) || db::is_postgres_address(b)) return false;
  std::error_code ec1, ec2;
  auto pa = std::filesystem::weakly_canonical(a, ec1), pb = std::filesystem::weakly_canonical(b, ec2);
  return !ec1 && !ec2 && pa == pb;
}

/// `field`'s error, for an error opening or reading its store.
Error about(std::string_view field, const Error& e) {
  if (!e.field().empty()) return e;
  return Error(e.code(), field, e.detail());
}

}  // namespace

CopyResult copy_store(const std::string& from, const std::string& to) {
  if (from.empty()) throw field_error("from", "empty: give a store's address (a file, or postgresql://…)");
  if (to.empty()) throw field_error("to", "empty: give a store's address (a file, or postgresql://…)");
  CopyResult result{db::shown_address(from), db::shown_address(to), 0, 0, 0};
  if (same_store(from, to)) throw field_error("to", "is the store " + mention("from") + " names; copy to another");
  std::unique_ptr<Store> src, dst;
  try {
    src = db::open_store(from, false);
  } catch (const Error& e) {
    throw about("from", e);
  }
  try {
    dst = db::open_store(to, true);
  } catch (const Error& e) {
    throw about("to", e);
  }
  auto& in = dump_of(*src);
  auto& out = dump_of(*dst);
  read_transaction(*src, [&] {
    write_transaction(*dst, [&] {
      result.schema_version = in.dump_schema_version();
      if (out.dump_schema_version() != result.schema_version)
        throw Error(Exit::config, "to",
                    "has schema " + std::to_string(out.dump_schema_version()) + ", " + mention("from") + " has " +
                        std::to_string(result.schema_version) + "; run 'sd db migrate' on both with this sd");
      if (auto table = out.first_nonempty_table())
        throw Error(Exit::cant_create, "to",
                    "the store is not empty (" + *table + " has rows); copy only into a new or empty store");
      auto tables = in.dump_tables();
      if (out.dump_tables() != tables)
        throw Error(Exit::config, "to", "its tables differ from those of " + mention("from") + "; see 'sd db check'");
      for (const auto& table : tables) {
        ++result.tables;
        in.each_dump_row(table, std::nullopt, [&](const std::vector<DumpValue>& row) {
          try {
            out.insert_dump_row(table, row);
          } catch (const DumpRowError& e) {
            throw Error(Exit::data, "to", e.table + ": " + e.what());
          }
          ++result.rows;
        });
      }
      try {
        out.end_dump_import();
      } catch (const DumpRowError& e) {
        throw Error(Exit::data, "to", e.table + ": " + e.what());
      }
    });
  });
  return result;
}

std::int64_t DataTransfer::backup(const std::string& path, bool replace) { return dump_.backup_to(path, replace); }

}  // namespace sd
