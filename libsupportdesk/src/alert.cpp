#include "json_kind.hpp"
#include "supportdesk/alert.hpp"

#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <initializer_list>

namespace sd {
namespace {

using Json = nlohmann::ordered_json;

/// Every message starts so, whichever format and field it is about.
Error bad(const std::string& what) { return data_error("alert payload: " + what); }

constexpr std::string_view kFormatChoices = "alertmanager|cloudwatch|datadog|pagerduty|generic";

/// How messages name a format.
std::string_view described(AlertFormat f) {
  switch (f) {
    case AlertFormat::alertmanager: return "an Alertmanager webhook";
    case AlertFormat::cloudwatch: return "a CloudWatch alarm notification";
    case AlertFormat::datadog: return "a Datadog webhook";
    case AlertFormat::pagerduty: return "a PagerDuty event";
    case AlertFormat::generic: return "a generic sd alert";
  }
  return "?";
}

// ---------------------------------------------------------------------------
// Text

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trim_space(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

/// Control characters (C0, DEL and the C1 range, which terminals also obey)
/// and bidi overrides and isolates become spaces (printable()), so that
/// nothing a payload says can move a cursor, change a colour or reorder a
/// line when sd prints it. The text is valid UTF-8 by now.
std::string clean(std::string_view s) { return printable(s); }

/// Cleaned, with runs of white space made one space and the ends trimmed.
std::string one_line(std::string_view s) {
  std::string c = clean(s), out;
  for (char ch : c) {
    if (ch == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// The first line with something on it: what a summary shows of a
/// multi-line description. Datadog's "%%%" markdown fences are skipped.
std::string first_line(std::string_view s) {
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string line = one_line(s.substr(start, end - start));
    if (!line.empty() && line != "%%%") return line;
    start = end + 1;
  }
  return {};
}

/// Payload text as messages quote it: on one line and at most 40 columns.
std::string shown(std::string_view s) { return truncate_to_width(one_line(s), 40); }

struct BadUtf8 {
  std::size_t at = 0;      ///< byte offset of the malformed sequence
  bool cut_short = false;  ///< it is the start of a character the text ends inside
};

/// The first malformed UTF-8 sequence, if any.
std::optional<BadUtf8> invalid_utf8_at(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
    if (i + n > s.size()) {
      bool tail = std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i) + 1, s.end(),
                              [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; });
      return BadUtf8{i, n > 1 && tail};
    }
    if (!is_valid_utf8(s.substr(i, n))) return BadUtf8{i, false};
    i += n;
  }
  return std::nullopt;
}

/// FNV-1a, 64 bits, as 16 hex digits: stable across runs and platforms,
/// which std::hash does not promise.
std::string digest(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

/// Whether JSON text nests arrays and objects deeper than `limit`, counted
/// without parsing (brackets inside strings do not count), so that no
/// recursive step (copying, dump()) ever meets a payload nested deeper.
bool nested_past(std::string_view s, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

std::string depth_limit() {
  return "nested deeper than " + std::to_string(kMaxAlertDepth) + " levels, the most sd reads";
}

/// JSON text as a value; any error of nlohmann's (a syntax error, a number
/// past a double's range) as a data Error. `what` leads the message ("" or
/// "SNS Message is "), `tail` ends it.
Json parse_json(std::string_view text, const std::string& what, const std::string& tail = "") {
  if (nested_past(text, kMaxAlertDepth)) throw bad(what + depth_limit() + tail);
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    // nlohmann counts bytes from 1 and reports one past the end when the
    // text stops short.
    if (e.byte > text.size())
      throw bad(what + "not JSON (it ends early, at byte " + std::to_string(text.size()) + ")" + tail);
    throw bad(what + "not JSON (parse error at byte " + std::to_string(e.byte) + ")" + tail);
  } catch (const Json::out_of_range&) {
    throw bad(what + "not JSON sd can read (a number past the range of a double)" + tail);
  } catch (const Json::exception& e) {
    throw bad(what + "not JSON (error " + std::to_string(e.id) + ")" + tail);
  }
}

// ---------------------------------------------------------------------------
// JSON access

std::string join_path(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}

/// The member `key` of an object, or nullptr when it is absent or null.
const Json* member(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

bool has(const Json& obj, std::string_view key) { return member(obj, key) != nullptr; }

/// A scalar as text: strings as they are, numbers and booleans as JSON
/// writes them. nullopt for objects and arrays.
std::optional<std::string> scalar(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number() || j.is_boolean()) return j.dump();
  return std::nullopt;
}

/// The text of member `key`; empty when absent or null; a data Error when
/// it is an object or array. Ids arrive as numbers from some senders.
std::string text(const Json& obj, std::string_view key, std::string_view path) {
  const Json* v = member(obj, key);
  if (!v) return {};
  auto s = scalar(*v);
  if (!s) throw bad(join_path(path, key) + ": expected text, got " + json_kind(*v));
  return *s;
}

/// An object of labels. Nested values are an Error when `strict`, skipped
/// otherwise (PagerDuty custom_details may hold any JSON).
std::map<std::string, std::string> text_map(const Json& obj, std::string_view key,
                                            std::string_view path, bool strict) {
  std::map<std::string, std::string> out;
  const Json* v = member(obj, key);
  if (!v) return out;
  if (!v->is_object()) throw bad(join_path(path, key) + ": expected an object, got " + json_kind(*v));
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (it->is_null()) continue;
    auto s = scalar(*it);
    if (!s) {
      if (strict)
        throw bad(join_path(join_path(path, key), shown(it.key())) + ": expected text, got " + json_kind(*it));
      continue;
    }
    out[it.key()] = *s;
  }
  return out;
}

std::string get(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::string{} : it->second;
}

// ---------------------------------------------------------------------------
// Time

const Zone* utc() { return &Zone::utc(); }

/// Unix epoch seconds, or milliseconds when it has 12 digits or more
/// (seconds that large are past the year 5000). Fewer than 9 digits is
/// before 1973 and more likely a mistake (20261130) than a time.
std::optional<Instant> epoch_time(std::string_view digits, const std::string& field) {
  if (digits.size() < 9 || digits.size() > 16 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  long long v = std::stoll(std::string(digits));
  if (digits.size() >= 12) v /= 1000;
  // The years sd accepts in every time it is given (time.hpp).
  if (v >= 7289654400LL)  // 2201-01-01
    throw bad(field + ": '" + std::string(digits) + "' is past the year 2200");
  return Instant{std::chrono::seconds{v}};
}

/// A time as a payload gives it: ISO 8601 (a fraction is dropped, a time
/// without offset is UTC) or Unix epoch seconds or milliseconds. Empty and
/// Go's zero time ("0001-01-01T00:00:00Z", which Alertmanager sends for
/// "no end") mean none.
std::optional<Instant> time_text(std::string_view s, const std::string& field) {
  std::string t = trim_space(s);
  if (t.empty() || t.rfind("0001-01-01T00:00:00", 0) == 0) return std::nullopt;
  if (auto e = epoch_time(t, field)) return e;
  // "now" is what a user types, not what a monitoring system sends.
  if (t != "now") {
    try {
      return parse_instant(t, utc(), Instant{}, field);
    } catch (const Error&) {
    }
  }
  throw bad(field + ": '" + shown(t) + "' is not a time; expected ISO 8601 (2026-11-30T01:00:00Z) or Unix epoch seconds");
}

std::optional<Instant> time_of(const Json& obj, std::string_view key, std::string_view path) {
  const Json* v = member(obj, key);
  if (!v) return std::nullopt;
  std::string field = join_path(path, key);
  // nlohmann keeps non-negative integers unsigned: a signed one is negative.
  if (v->is_number_unsigned()) {
    if (auto t = epoch_time(v->dump(), field)) return t;
    throw bad(field + ": " + v->dump() + " is not a time; expected Unix epoch seconds or milliseconds");
  }
  if (v->is_number_integer()) throw bad(field + ": " + v->dump() + " is before 1970");
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (d >= 1e8 && d < 1e16)
      if (auto t = epoch_time(std::to_string(static_cast<long long>(d)), field)) return t;
    throw bad(field + ": " + v->dump() + " is not a time; expected Unix epoch seconds or milliseconds");
  }
  if (!v->is_string()) throw bad(field + ": expected a time, got " + json_kind(*v));
  return time_text(v->get<std::string>(), field);
}

std::string stamp(Instant t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

// ---------------------------------------------------------------------------
// The normalized alert

/// The time that makes a delivery distinct: the start of a firing alert,
/// the end of a resolved one, else the other; empty when it has neither.
std::string moment(const Alert& a) {
  const auto& primary = a.firing ? a.starts_at : a.ends_at;
  const auto& other = a.firing ? a.ends_at : a.starts_at;
  if (primary) return stamp(*primary);
  if (other) return stamp(*other);
  return {};
}

/// Completes an alert: one-line text, a title when the source gave none,
/// the normalized fields copied into the labels (they replace a source
/// label of the same name, so that `host=web*` matches what sd shows), and
/// the delivery key `identity|firing|DISTINCT`.
void finish(Alert& a, const std::string& distinct) {
  // The identity is kept as sent (it must match the next delivery) but
  // for what could forge what sd prints.
  a.identity = clean(a.identity);
  a.title = one_line(a.title);
  a.host = one_line(a.host);
  a.check = one_line(a.check);
  a.severity = one_line(a.severity);
  // Customer keys are upper case in sd (Backlog project keys); Datadog
  // lower-cases every tag, so "customer:acme" must still find ACME.
  a.customer = upper(one_line(a.customer));
  if (a.title.empty()) {
    a.title = a.check.empty() ? a.identity : a.check;
    if (!a.check.empty() && !a.host.empty()) a.title += " on " + a.host;
    a.title = one_line(a.title);
  }
  std::map<std::string, std::string> labels;
  for (const auto& [k, v] : a.labels) {
    std::string key = one_line(k);
    if (!key.empty()) labels[key] = clean(v);
  }
  auto put = [&](const char* k, const std::string& v) {
    if (!v.empty()) labels[k] = v;
  };
  put("host", a.host);
  put("check", a.check);
  put("severity", a.severity);
  put("customer", a.customer);
  a.labels = std::move(labels);
  a.delivery_key = a.identity + "|" + (a.firing ? "firing" : "resolved") + "|" + distinct;
}

/// `distinct` for finish(): the alert's own time, else the source's event
/// id, else a digest of the alert's JSON, so that the same bytes sent twice
/// still give the same key.
std::string distinct_of(const Alert& a, std::string_view event_id, const Json& j) {
  if (auto m = moment(a); !m.empty()) return m;
  if (!event_id.empty()) return std::string(event_id);
  return "h" + digest(j.dump());
}

// ---------------------------------------------------------------------------
// Detection

bool looks_like_alertmanager(const Json& j) {
  // Not only version 4: an older version must still be recognized, to be
  // refused with a message that says so.
  const Json* alerts = member(j, "alerts");
  if (!alerts || !alerts->is_array() || !has(j, "version")) return false;
  if (has(j, "receiver") || has(j, "groupLabels")) return true;
  return std::any_of(alerts->begin(), alerts->end(),
                     [](const Json& a) { return has(a, "fingerprint"); });
}

bool looks_like_cloudwatch(const Json& j) {
  if (const Json* type = member(j, "Type"); type && type->is_string())
    return has(j, "Message") || has(j, "TopicArn");
  return has(j, "AlarmArn") || (has(j, "AlarmName") && has(j, "NewStateValue"));
}

bool looks_like_pagerduty(const Json& j) {
  if (has(j, "event_action")) {
    const Json* payload = member(j, "payload");
    return has(j, "routing_key") || has(j, "dedup_key") || (payload && has(*payload, "summary"));
  }
  // Events API v1, recognized to be refused by name.
  return has(j, "service_key") && has(j, "event_type");
}

bool looks_like_datadog(const Json& j) {
  return has(j, "alert_transition") || has(j, "alert_cycle_key") ||
         (has(j, "alert_id") && has(j, "title") && has(j, "event_type"));
}

bool is_generic_alert(const Json& j) { return has(j, "id") && has(j, "status"); }

bool looks_like_generic(const Json& j) {
  auto all = [](const Json& arr) {
    return arr.is_array() && !arr.empty() && std::all_of(arr.begin(), arr.end(), is_generic_alert);
  };
  if (j.is_array()) return all(j);
  if (is_generic_alert(j)) return true;
  const Json* alerts = member(j, "alerts");
  return alerts && all(*alerts);
}

bool looks_like(AlertFormat f, const Json& j) {
  switch (f) {
    case AlertFormat::alertmanager: return looks_like_alertmanager(j);
    case AlertFormat::cloudwatch: return looks_like_cloudwatch(j);
    case AlertFormat::pagerduty: return looks_like_pagerduty(j);
    case AlertFormat::datadog: return looks_like_datadog(j);
    case AlertFormat::generic: return looks_like_generic(j);
  }
  return false;
}

/// In the order detection tries them: the most specific marks first, the
/// generic form (which any sender could imitate) last.
constexpr AlertFormat kDetectionOrder[] = {AlertFormat::alertmanager, AlertFormat::cloudwatch,
                                           AlertFormat::pagerduty, AlertFormat::datadog,
                                           AlertFormat::generic};

std::optional<AlertFormat> detect(const Json& j) {
  for (AlertFormat f : kDetectionOrder)
    if (looks_like(f, j)) return f;
  return std::nullopt;
}

void need_object(const Json& j, AlertFormat f) {
  if (!j.is_object())
    throw bad(std::string("expected ") + std::string(described(f)) + " (a JSON object), got " + json_kind(j));
}

// ---------------------------------------------------------------------------
// Prometheus Alertmanager, webhook version 4

/// "web01:9100" → "web01", "[2001:db8::1]:9100" → "2001:db8::1"; anything
/// else (a bare IPv6 address included) as it is.
std::string strip_port(const std::string& instance) {
  auto colon = instance.rfind(':');
  if (colon == std::string::npos || colon + 1 == instance.size()) return instance;
  std::string_view port = std::string_view(instance).substr(colon + 1);
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return instance;
  std::string hostpart = instance.substr(0, colon);
  if (hostpart.size() >= 2 && hostpart.front() == '[' && hostpart.back() == ']')
    return hostpart.substr(1, hostpart.size() - 2);
  if (hostpart.find(':') != std::string::npos) return instance;  // bare IPv6
  return hostpart;
}

std::vector<Alert> parse_alertmanager(const Json& root) {
  need_object(root, AlertFormat::alertmanager);
  const Json* version = member(root, "version");
  if (!version) throw bad("Alertmanager webhook without a version; sd reads version 4");
  std::string v = scalar(*version).value_or("?");
  if (v != "4") throw bad("Alertmanager version " + shown(v) + " is not supported; sd reads version 4");
  const Json* alerts = member(root, "alerts");
  if (!alerts || !alerts->is_array()) throw bad("Alertmanager webhook without an alerts array");
  if (alerts->empty()) throw bad("alerts[] is empty");

  std::vector<Alert> out;
  for (std::size_t i = 0; i < alerts->size(); ++i) {
    const Json& j = (*alerts)[i];
    std::string path = "alerts[" + std::to_string(i) + "]";
    if (!j.is_object()) throw bad(path + ": expected an object, got " + json_kind(j));
    Alert a;
    a.source = AlertFormat::alertmanager;
    a.identity = text(j, "fingerprint", path);
    if (trim_space(a.identity).empty()) throw bad(path + " has no fingerprint");
    std::string status = text(j, "status", path);
    if (status == "firing") a.firing = true;
    else if (status == "resolved") a.firing = false;
    else if (status.empty()) throw bad(path + " has no status");
    else throw bad(path + ".status: '" + shown(status) + "' is not firing or resolved");

    a.labels = text_map(j, "labels", path, true);
    auto annotations = text_map(j, "annotations", path, true);
    std::string instance = get(a.labels, "instance");
    // A `host` label is a deliberate choice; `instance` is the scrape
    // target, host:port.
    a.host = get(a.labels, "host");
    if (a.host.empty()) a.host = strip_port(instance);
    a.check = get(a.labels, "alertname");
    a.severity = get(a.labels, "severity");
    a.customer = get(a.labels, "sd_customer");
    if (a.customer.empty()) a.customer = get(a.labels, "customer");
    std::string where = instance.empty() ? a.host : instance;
    a.title = a.check.empty() || where.empty() ? a.check : a.check + " on " + where;
    for (const char* k : {"summary", "description", "message"}) {
      a.summary = first_line(get(annotations, k));
      if (!a.summary.empty()) break;
    }
    a.starts_at = time_of(j, "startsAt", path);
    // A firing alert's endsAt is Alertmanager's guess of when it will time
    // out (or the zero time), not an end.
    if (!a.firing) a.ends_at = time_of(j, "endsAt", path);
    finish(a, distinct_of(a, "", j));
    out.push_back(std::move(a));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Amazon CloudWatch alarm, as SNS delivers it (or the alarm JSON alone)

/// The ARN's region and account: arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME.
std::pair<std::string, std::string> arn_region_account(const std::string& arn) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int k = 0; k < 5; ++k) {
    auto colon = arn.find(':', start);
    if (colon == std::string::npos) return {};
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts[0] != "arn") return {};
  return {parts[3], parts[4]};
}

/// `key=value` in free text (the AlarmDescription), the value running to
/// the next space, comma or semicolon.
std::string description_value(const std::string& desc, const std::string& key) {
  std::string want = key + "=";
  for (std::size_t pos = desc.find(want); pos != std::string::npos; pos = desc.find(want, pos + 1)) {
    if (pos > 0 && !is_space(desc[pos - 1]) && desc[pos - 1] != ',' && desc[pos - 1] != ';' &&
        desc[pos - 1] != '(' && desc[pos - 1] != '[')
      continue;
    std::size_t b = pos + want.size(), e = b;
    while (e < desc.size() && !is_space(desc[e]) && desc[e] != ',' && desc[e] != ';' &&
           desc[e] != ')' && desc[e] != ']')
      ++e;
    if (e > b) return desc.substr(b, e - b);
  }
  return {};
}

/// Adds one Dimensions array ([{"name":..,"value":..}]) to the labels.
void add_dimensions(const Json& dims, const std::string& path, std::map<std::string, std::string>& labels) {
  if (!dims.is_array()) throw bad(path + ": expected an array, got " + json_kind(dims));
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const Json& d = dims[i];
    std::string at = path + "[" + std::to_string(i) + "]";
    if (!d.is_object()) throw bad(at + ": expected an object, got " + json_kind(d));
    std::string name = text(d, "name", at);
    if (name.empty()) name = text(d, "Name", at);
    std::string value = text(d, "value", at);
    if (value.empty()) value = text(d, "Value", at);
    if (!name.empty()) labels[name] = value;
  }
}

std::vector<Alert> parse_cloudwatch(const Json& root) {
  need_object(root, AlertFormat::cloudwatch);
  const Json* alarm = &root;
  Json inner;
  std::string message_id;
  if (has(root, "Type")) {
    std::string type = text(root, "Type", "");
    if (type == "SubscriptionConfirmation" || type == "UnsubscribeConfirmation")
      throw bad("an SNS " + type + ", not a notification; confirm the subscription by opening its SubscribeURL");
    if (type != "Notification") throw bad("SNS message Type '" + shown(type) + "' is not Notification");
    message_id = text(root, "MessageId", "");
    const Json* message = member(root, "Message");
    if (!message) throw bad("SNS notification without a Message");
    if (message->is_string()) {
      inner = parse_json(message->get<std::string>(), "SNS Message is ", "; sd reads CloudWatch alarm notifications");
    } else {
      inner = *message;
    }
    if (!inner.is_object())
      throw bad("SNS Message is not a CloudWatch alarm (expected a JSON object, got " +
                std::string(json_kind(inner)) + ")");
    alarm = &inner;
  }
  const Json& j = *alarm;
  Alert a;
  a.source = AlertFormat::cloudwatch;
  std::string arn = text(j, "AlarmArn", "");
  if (trim_space(arn).empty()) throw bad("CloudWatch alarm without an AlarmArn");
  a.identity = arn;

  std::string state = text(j, "NewStateValue", "");
  std::string description = text(j, "AlarmDescription", "");
  a.severity = description_value(description, "severity");
  if (state == "ALARM") {
    a.firing = true;
  } else if (state == "OK") {
    a.firing = false;
  } else if (state == "INSUFFICIENT_DATA") {
    // Missing data is often the first sign of a host that stopped or a
    // collector that died, so it is not dropped; nor is it a recovery. It
    // fires with its own severity, which impact criteria can judge
    // (`severity=insufficient-data`). Refusing it would make SNS retry a
    // payload that can never succeed.
    a.firing = true;
    a.severity = "insufficient-data";
  } else if (state.empty()) {
    throw bad("CloudWatch alarm without a NewStateValue");
  } else {
    throw bad("NewStateValue: '" + shown(state) + "' is not ALARM, OK or INSUFFICIENT_DATA");
  }

  std::string metric, ns;
  if (const Json* trigger = member(j, "Trigger")) {
    if (!trigger->is_object()) throw bad("Trigger: expected an object, got " + std::string(json_kind(*trigger)));
    metric = text(*trigger, "MetricName", "Trigger");
    ns = text(*trigger, "Namespace", "Trigger");
    if (const Json* dims = member(*trigger, "Dimensions")) add_dimensions(*dims, "Trigger.Dimensions", a.labels);
    // Metric math and multi-metric alarms list their metrics instead.
    if (const Json* metrics = member(*trigger, "Metrics"); metrics && metrics->is_array()) {
      for (std::size_t i = 0; i < metrics->size(); ++i) {
        std::string at = "Trigger.Metrics[" + std::to_string(i) + "].MetricStat.Metric";
        const Json* stat = member((*metrics)[i], "MetricStat");
        const Json* m = stat ? member(*stat, "Metric") : nullptr;
        if (!m) continue;
        if (metric.empty()) metric = text(*m, "MetricName", at);
        if (ns.empty()) ns = text(*m, "Namespace", at);
        if (const Json* dims = member(*m, "Dimensions")) add_dimensions(*dims, at + ".Dimensions", a.labels);
      }
    }
  }
  // The resource the alarm watches, most specific first.
  for (const char* dim : {"InstanceId", "DBInstanceIdentifier", "DBClusterIdentifier", "CacheClusterId",
                          "LoadBalancerName", "LoadBalancer", "TargetGroup", "FunctionName",
                          "AutoScalingGroupName", "ClusterName", "ServiceName", "VolumeId",
                          "FileSystemId", "QueueName", "TableName", "DomainName", "BucketName"}) {
    a.host = get(a.labels, dim);
    if (!a.host.empty()) break;
  }

  std::string name = text(j, "AlarmName", "");
  auto [region, account] = arn_region_account(arn);
  std::string region_name = text(j, "Region", "");
  if (account.empty()) account = text(j, "AWSAccountId", "");
  if (!metric.empty()) a.labels["metric"] = metric;
  if (!ns.empty()) a.labels["namespace"] = ns;
  if (!name.empty()) a.labels["alarm"] = name;
  if (!region.empty()) a.labels["region"] = region;
  if (!region_name.empty()) a.labels["region_name"] = region_name;
  if (!account.empty()) a.labels["account"] = account;

  a.check = metric.empty() ? name : metric;
  a.title = name;
  a.summary = first_line(text(j, "NewStateReason", ""));
  if (a.summary.empty()) a.summary = first_line(description);
  // No tag reaches the notification, so a customer is named only on
  // purpose, as `customer=KEY` in the AlarmDescription.
  a.customer = description_value(description, "customer");
  auto changed = time_of(j, "StateChangeTime", "");
  if (a.firing) a.starts_at = changed;
  else a.ends_at = changed;
  finish(a, distinct_of(a, message_id, j));
  return {a};
}

// ---------------------------------------------------------------------------
// Datadog webhook

/// Datadog leaves a `$VARIABLE` it could not fill as it is; such text
/// means absent.
std::string dd_text(const Json& obj, std::string_view key) {
  std::string s = trim_space(text(obj, key, ""));
  if (s.size() > 1 && s[0] == '$' &&
      std::all_of(s.begin() + 1, s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }))
    return {};
  return s;
}

/// "[Triggered on {host:web01}] High CPU" → "High CPU": the bracketed
/// state prefixes change from event to event; the name does not.
std::string strip_brackets(const std::string& title) {
  std::size_t i = 0;
  while (true) {
    while (i < title.size() && is_space(title[i])) ++i;
    if (i >= title.size() || title[i] != '[') break;
    auto close = title.find(']', i);
    if (close == std::string::npos) break;
    i = close + 1;
  }
  std::string rest = trim_space(std::string_view(title).substr(std::min(i, title.size())));
  return rest.empty() ? title : rest;
}

std::vector<std::string> dd_tags(const Json& j) {
  std::vector<std::string> out;
  const Json* tags = member(j, "tags");
  if (!tags) return out;
  if (tags->is_string()) {
    std::string s = dd_text(j, "tags");
    std::size_t start = 0;
    while (start <= s.size()) {
      auto comma = s.find(',', start);
      if (comma == std::string::npos) comma = s.size();
      std::string tag = trim_space(std::string_view(s).substr(start, comma - start));
      if (!tag.empty()) out.push_back(tag);
      start = comma + 1;
    }
  } else if (tags->is_array()) {
    for (const Json& t : *tags)
      if (auto s = scalar(t); s && !trim_space(*s).empty()) out.push_back(trim_space(*s));
  } else {
    throw bad(std::string("tags: expected text or an array, got ") + json_kind(*tags));
  }
  return out;
}

std::vector<Alert> parse_datadog(const Json& j) {
  need_object(j, AlertFormat::datadog);
  Alert a;
  a.source = AlertFormat::datadog;
  std::string transition = dd_text(j, "alert_transition");
  std::string type = lower(dd_text(j, "alert_type"));
  std::string t = lower(transition);
  a.firing = !(t == "recovered" || t == "resolved" || (t.empty() && type == "success"));

  // Tags first: the explicit fields below win over a tag of the same name.
  for (const auto& tag : dd_tags(j)) {
    auto colon = tag.find(':');
    std::string key = colon == std::string::npos ? tag : tag.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : tag.substr(colon + 1);
    auto [it, fresh] = a.labels.emplace(key, value);
    // A key tagged twice (role:web,role:db) keeps every value.
    if (!fresh && !value.empty()) it->second += (it->second.empty() ? "" : ",") + value;
  }

  std::string cycle = dd_text(j, "alert_cycle_key");
  std::string alert_id = dd_text(j, "alert_id");
  std::string aggregate = dd_text(j, "aggregate");
  std::string hostname = dd_text(j, "hostname");
  // The cycle key links a trigger to its recovery. Without it, the monitor
  // id alone would merge every group of a multi-alert monitor into one
  // alert: the aggregation key (or else the host) keeps them apart.
  if (!cycle.empty()) a.identity = cycle;
  else if (!alert_id.empty() && !aggregate.empty()) a.identity = alert_id + "/" + aggregate;
  else if (!alert_id.empty() && !hostname.empty()) a.identity = alert_id + "/" + hostname;
  else if (!alert_id.empty()) a.identity = alert_id;
  else throw bad("Datadog webhook without alert_cycle_key or alert_id; add \"alert_cycle_key\": \"$ALERT_CYCLE_KEY\" and \"alert_id\": \"$ALERT_ID\" to its payload");

  a.host = hostname.empty() ? get(a.labels, "host") : hostname;
  a.check = dd_text(j, "alert_metric");
  std::string monitor = dd_text(j, "alert_title");
  std::string title = dd_text(j, "title");
  if (a.check.empty()) a.check = monitor.empty() ? strip_brackets(title) : monitor;
  a.title = title.empty() ? monitor : strip_brackets(title);
  a.summary = first_line(text(j, "body", ""));
  if (!type.empty() && type != "success") {
    a.severity = type;
  } else if (a.firing) {
    if (t == "warn" || t == "re-warn") a.severity = "warning";
    else if (t == "no data" || t == "re-no data") a.severity = "no-data";
    else if (t == "triggered" || t == "re-triggered" || t == "renotify") a.severity = "error";
  }
  a.customer = get(a.labels, "sd_customer");
  if (a.customer.empty()) a.customer = get(a.labels, "customer");
  // The monitor's P1..P5 when the template sends it, else the event's
  // normal/low.
  std::string priority = dd_text(j, "alert_priority");
  if (priority.empty()) priority = dd_text(j, "priority");
  if (!priority.empty()) a.labels["priority"] = priority;
  if (!alert_id.empty()) a.labels["monitor_id"] = alert_id;
  if (auto e = dd_text(j, "event_type"); !e.empty()) a.labels["event_type"] = e;
  if (const Json* org = member(j, "org"); org && org->is_object())
    if (auto n = dd_text(*org, "name"); !n.empty()) a.labels["org"] = n;

  std::optional<Instant> when = time_of(j, "last_updated", "");
  if (!when) when = time_of(j, "date", "");
  if (a.firing) a.starts_at = when;
  else a.ends_at = when;
  // Datadog's event id is new for every event and the same on a retry.
  std::string event_id = dd_text(j, "id");
  finish(a, event_id.empty() ? distinct_of(a, "", j) : event_id);
  return {a};
}

// ---------------------------------------------------------------------------
// PagerDuty Events API v2

std::vector<Alert> parse_pagerduty(const Json& j) {
  need_object(j, AlertFormat::pagerduty);
  if (!has(j, "event_action") && has(j, "service_key"))
    throw bad("PagerDuty Events API v1 is not supported; sd reads Events API v2 (event_action, dedup_key, payload)");
  std::string action = text(j, "event_action", "");
  Alert a;
  a.source = AlertFormat::pagerduty;
  // sd has no acknowledged state: an acknowledge says the alert still
  // fires, so it is read as a firing re-delivery. Its dedup_key places it
  // on the incident the trigger opened, where it changes nothing.
  if (action == "trigger" || action == "acknowledge") a.firing = true;
  else if (action == "resolve") a.firing = false;
  else if (action.empty()) throw bad("PagerDuty event without an event_action");
  else throw bad("event_action: '" + shown(action) + "' is not trigger, acknowledge or resolve");

  const Json* payload = member(j, "payload");
  static const Json kNoPayload = Json::object();
  if (payload && !payload->is_object())
    throw bad(std::string("payload: expected an object, got ") + json_kind(*payload));
  const Json& p = payload ? *payload : kNoPayload;
  std::string summary = text(p, "summary", "payload");
  std::string source = text(p, "source", "payload");

  a.identity = text(j, "dedup_key", "");
  if (trim_space(a.identity).empty()) {
    if (action != "trigger") throw bad("PagerDuty " + action + " without a dedup_key");
    if (trim_space(summary).empty()) throw bad("PagerDuty trigger without payload.summary");
    // PagerDuty would make up a random key, which no later resolve could
    // name. A key derived from what the sender does give is stable: the
    // same trigger sent again lands on the same alert.
    a.identity = "pd-" + digest(text(j, "routing_key", "") + '\x1f' + summary + '\x1f' + source);
  }

  a.host = source;
  a.severity = text(p, "severity", "payload");
  std::string component = text(p, "component", "payload");
  std::string group = text(p, "group", "payload");
  std::string cls = text(p, "class", "payload");
  a.check = cls.empty() ? component : cls;
  a.title = first_line(summary);
  a.summary = a.title;
  a.labels = text_map(p, "custom_details", "payload", false);
  a.customer = get(a.labels, "sd_customer");
  if (a.customer.empty()) a.customer = get(a.labels, "customer");
  if (!component.empty()) a.labels["component"] = component;
  if (!group.empty()) a.labels["group"] = group;
  if (!cls.empty()) a.labels["class"] = cls;
  auto when = time_of(p, "timestamp", "payload");
  if (a.firing) a.starts_at = when;
  else a.ends_at = when;
  finish(a, distinct_of(a, "", j));
  return {a};
}

// ---------------------------------------------------------------------------
// sd's generic form

Alert parse_generic_one(const Json& j, const std::string& path) {
  std::string what = path.empty() ? "generic alert" : path;
  if (!j.is_object()) throw bad(what + ": expected an object, got " + json_kind(j));
  Alert a;
  a.source = AlertFormat::generic;
  a.identity = text(j, "id", path);
  if (trim_space(a.identity).empty()) throw bad(what + " has no id");
  std::string status = text(j, "status", path);
  if (status == "firing") a.firing = true;
  else if (status == "resolved") a.firing = false;
  else if (status.empty()) throw bad(what + " has no status");
  else throw bad(join_path(path, "status") + ": '" + shown(status) + "' is not firing or resolved");
  a.labels = text_map(j, "labels", path, true);
  auto field = [&](const char* key) {
    std::string v = text(j, key, path);
    return v.empty() ? get(a.labels, key) : v;
  };
  a.host = field("host");
  a.check = field("check");
  a.severity = field("severity");
  a.customer = field("customer");
  a.title = text(j, "title", path);
  a.summary = first_line(text(j, "summary", path));
  if (a.title.empty()) a.title = a.summary;
  a.starts_at = time_of(j, "starts_at", path);
  a.ends_at = time_of(j, "ends_at", path);
  finish(a, distinct_of(a, "", j));
  return a;
}

std::vector<Alert> parse_generic(const Json& root) {
  const Json* list = nullptr;
  std::string prefix;
  if (root.is_array()) {
    list = &root;
  } else if (const Json* alerts = member(root, "alerts"); alerts && !has(root, "id")) {
    if (!alerts->is_array()) throw bad(std::string("alerts: expected an array, got ") + json_kind(*alerts));
    list = alerts;
    prefix = "alerts";
  }
  if (!list) return {parse_generic_one(root, "")};
  if (list->empty()) throw bad(prefix.empty() ? "the array is empty" : "alerts[] is empty");
  std::vector<Alert> out;
  for (std::size_t i = 0; i < list->size(); ++i)
    out.push_back(parse_generic_one((*list)[i], prefix + "[" + std::to_string(i) + "]"));
  return out;
}

// ---------------------------------------------------------------------------

/// The payload as JSON, or a data Error saying why it is not.
Json read_json(std::string_view payload) {
  if (trim_space(payload).empty()) throw bad("empty; expected JSON");
  if (auto b = invalid_utf8_at(payload)) {
    // A body cut off inside a multi-byte character is a cut-off body.
    if (b->cut_short) throw bad("not JSON (it ends early, at byte " + std::to_string(payload.size()) + ")");
    throw bad("not valid UTF-8 (at byte " + std::to_string(b->at + 1) + ")");
  }
  return parse_json(payload, "");
}

}  // namespace

std::string_view to_string(AlertFormat f) {
  switch (f) {
    case AlertFormat::alertmanager: return "alertmanager";
    case AlertFormat::cloudwatch: return "cloudwatch";
    case AlertFormat::datadog: return "datadog";
    case AlertFormat::pagerduty: return "pagerduty";
    case AlertFormat::generic: return "generic";
  }
  return "?";
}

std::optional<AlertFormat> alert_format_from(std::string_view name) {
  for (AlertFormat f : kDetectionOrder)
    if (to_string(f) == name) return f;
  return std::nullopt;
}

std::optional<AlertFormat> detect_alert_format(std::string_view payload) {
  if (trim_space(payload).empty() || !is_valid_utf8(payload) || nested_past(payload, kMaxAlertDepth))
    return std::nullopt;
  Json j = Json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return detect(j);
}

std::vector<Alert> parse_alerts(std::string_view payload, std::optional<AlertFormat> format,
                                std::size_t max_bytes) {
  if (payload.size() > max_bytes)
    throw bad(std::to_string(payload.size()) + " bytes, past the limit of " + std::to_string(max_bytes) +
              " ([alerts] max_payload_bytes); not read");
  Json j = read_json(payload);
  auto detected = detect(j);
  if (!format) {
    if (!detected) throw bad("not a format sd knows; the formats are " + std::string(kFormatChoices));
    format = detected;
  } else if (detected && *detected != *format && !looks_like(*format, j)) {
    // Forced, and plainly another format: say which, rather than the first
    // field the forced format's reader would miss.
    throw bad("not " + std::string(described(*format)) + "; it looks like " +
              std::string(described(*detected)) + " (read it as " + std::string(to_string(*detected)) +
              ", or detect the format)");
  }
  switch (*format) {
    case AlertFormat::alertmanager: return parse_alertmanager(j);
    case AlertFormat::cloudwatch: return parse_cloudwatch(j);
    case AlertFormat::datadog: return parse_datadog(j);
    case AlertFormat::pagerduty: return parse_pagerduty(j);
    case AlertFormat::generic: return parse_generic(j);
  }
  throw bad("not a format sd knows; the formats are " + std::string(kFormatChoices));
}

}  // namespace sd
