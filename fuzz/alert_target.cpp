#include "alert_target.hpp"

#include "fuzz.hpp"
#include "supportdesk/config.hpp"
#include "supportdesk/desk.hpp"
#include "supportdesk/store.hpp"
#include "supportdesk/text.hpp"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sd::fuzz {
namespace {

const Catalog& shipped_catalog() {
  static const Catalog cat = [] {
    std::string path = std::string(SD_SHARE_DIR) + "/catalog.json";
    return Catalog::parse(read_file(path, "catalog"), path);
  }();
  return cat;
}

const Calendar& calendar() {
  static const Calendar cal{CalendarSettings{}};
  return cal;
}

/// The desk's "now" for every delivery.
Instant desk_now() { return parse_instant("2026-11-30T10:00:00+09:00", calendar().zone(), Instant{}, "now"); }

/// A store in a temporary directory (in memory where /dev/shm is, since
/// every delivery commits), with customer ACME, its hosts web01 and db01,
/// and a criterion that judges severity=critical as impacting. It is made
/// anew every kDeliveriesPerStore deliveries so that it stays small.
class FuzzStore {
 public:
  static constexpr int kDeliveriesPerStore = 2000;

  FuzzStore() {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec)
                                     ? std::filesystem::path("/dev/shm")
                                     : std::filesystem::temp_directory_path();
    std::string templ = (base / "sd-fuzz-XXXXXX").string();
    if (!::mkdtemp(templ.data())) fail("mkdtemp", templ);
    dir_ = templ;
    open();
  }
  ~FuzzStore() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  FuzzStore(const FuzzStore&) = delete;
  FuzzStore& operator=(const FuzzStore&) = delete;

  /// The store for the next delivery.
  Store& next() {
    if (++deliveries_ > kDeliveriesPerStore) open();
    return *store_;
  }

 private:
  void open() {
    store_.reset();
    std::error_code ec;
    for (const char* f : {"sd.db", "sd.db-wal", "sd.db-shm"}) std::filesystem::remove(dir_ / f, ec);
    store_ = db::open_sqlite((dir_ / "sd.db").string(), true);
    deliveries_ = 0;
    DeskContext ctx(*store_, calendar(), shipped_catalog(), IncidentPolicy{}, desk_now(), "fuzz");
    Customers(ctx).add(NewCustomer{"ACME", "Acme 株式会社", Plan::advanced, "", ""});
    AlertIntake intake(ctx);
    intake.add_hosts("ACME", {"web01", "db01"});
    intake.add_criterion("ACME", {"severity=critical"}, Impact::yes, "critical is impacting");
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  int deliveries_ = 0;
};

FuzzStore& fuzz_store() {
  static FuzzStore s;
  return s;
}

/// Parses as `format` (nullopt: detected); nullopt when refused, which must
/// be a data error.
std::optional<std::vector<Alert>> parse(const std::string& payload, std::optional<AlertFormat> format) {
  std::vector<Alert> alerts;
  auto err = only_sd_errors("parse_alerts", [&] { alerts = parse_alerts(payload, format); });
  if (err) {
    expect_code("parse_alerts", *err, Exit::data);
    SD_FUZZ_CHECK(is_valid_utf8(err->what()), err->what());
    return std::nullopt;
  }
  return alerts;
}

/// Text that reaches a terminal must be valid UTF-8 without controls.
void check_printable(const std::string& s, const char* what) {
  SD_FUZZ_CHECK(printable(s) == s, std::string(what) + " is not printable: '" + s + "'");
}

void check_alert(const Alert& a, AlertFormat format) {
  SD_FUZZ_CHECK(a.source == format, std::string(to_string(a.source)) + " from a " + std::string(to_string(format)) + " read");
  SD_FUZZ_CHECK(!a.identity.empty(), "an alert without an identity");
  check_printable(a.identity, "identity");
  check_printable(a.title, "title");
  check_printable(a.summary, "summary");
  check_printable(a.host, "host");
  check_printable(a.check, "check");
  check_printable(a.severity, "severity");
  check_printable(a.customer, "customer");
  for (const auto& [k, v] : a.labels) {
    SD_FUZZ_CHECK(!k.empty(), "an empty label name");
    check_printable(k, "a label name");
    check_printable(v, "a label value");
  }
  std::string head = a.identity + (a.firing ? "|firing|" : "|resolved|");
  SD_FUZZ_CHECK(a.delivery_key.rfind(head, 0) == 0 && a.delivery_key.size() > head.size(),
                "delivery key '" + a.delivery_key + "' is not '" + head + "DISTINCT'");
  for (const auto& t : {a.starts_at, a.ends_at})
    if (t) {
      auto s = t->time_since_epoch().count();
      SD_FUZZ_CHECK(s >= kFirstStoredSecond && s < kEndStoredSecond,
                    "an alert time the store cannot hold: " + std::to_string(s));
    }
}

std::vector<std::string> keys_of(const std::vector<Alert>& alerts) {
  std::vector<std::string> keys;
  for (const auto& a : alerts) keys.push_back(a.delivery_key);
  return keys;
}

IngestResult ingest(Store& store, const std::string& payload, AlertFormat format) {
  DeskContext ctx(store, calendar(), shipped_catalog(), IncidentPolicy{}, desk_now(), "fuzz");
  IngestResult r;
  // Intake keeps what it cannot read: it throws nothing on any payload.
  auto err = only_sd_errors("ingest", [&] { r = AlertIntake(ctx).ingest(payload, format, ""); });
  if (err) fail("ingest", std::string("threw exit ") + exit_name(err->code()) + ": " + err->what());
  check_printable(r.reason, "the inbox reason");
  for (const auto& o : r.outcomes) check_printable(o.identity, "an outcome's identity");
  return r;
}

}  // namespace

int fuzz_alert(const std::uint8_t* data, std::size_t size, AlertFormat format) {
  std::string payload(reinterpret_cast<const char*>(data), size);

  auto forced = parse(payload, format);
  if (forced) {
    SD_FUZZ_CHECK(!forced->empty(), "a payload read as no alerts");
    for (const auto& a : *forced) check_alert(a, format);
    // The same bytes give the same alerts: a retry is a duplicate.
    auto again = parse(payload, format);
    SD_FUZZ_CHECK(again && keys_of(*again) == keys_of(*forced), "parsing twice gave other delivery keys");
  }
  std::optional<AlertFormat> detected;
  auto err = only_sd_errors("detect_alert_format", [&] { detected = detect_alert_format(payload); });
  if (err) fail("detect_alert_format", std::string("threw: ") + err->what());
  auto automatic = parse(payload, std::nullopt);
  if (automatic) {
    SD_FUZZ_CHECK(detected.has_value(), "read without a format detected");
    for (const auto& a : *automatic) check_alert(a, *detected);
    if (*detected == format)
      SD_FUZZ_CHECK(forced && keys_of(*forced) == keys_of(*automatic),
                    "detected as the format given, but read differently");
  }

  Store& store = fuzz_store().next();
  IngestResult first = ingest(store, payload, format);
  // Nothing lost: every alert placed, or the whole payload kept.
  std::size_t alerts = forced ? forced->size() : 0;
  SD_FUZZ_CHECK(first.inbox_id || (forced && first.outcomes.size() == alerts),
                "not kept, and " + std::to_string(first.outcomes.size()) + " of " + std::to_string(alerts) +
                    " alerts placed");
  SD_FUZZ_CHECK(first.outcomes.size() <= alerts, "more outcomes than alerts");
  SD_FUZZ_CHECK(!first.inbox_id || !first.reason.empty(), "kept in the inbox without a reason");

  // The same delivery again: every alert placed the first time is now a
  // duplicate (its delivery key is stored), whatever else the payload holds.
  IngestResult second = ingest(store, payload, format);
  auto duplicates = static_cast<std::size_t>(std::count_if(
      second.outcomes.begin(), second.outcomes.end(), [](const IngestOutcome& o) { return o.action == "duplicate"; }));
  SD_FUZZ_CHECK(duplicates >= first.outcomes.size(),
                std::to_string(first.outcomes.size()) + " placed, but only " + std::to_string(duplicates) +
                    " duplicates when delivered again");
  SD_FUZZ_CHECK(forced.has_value() || second.inbox_id.has_value(), "an unreadable payload not kept the second time");
  return 0;
}

}  // namespace sd::fuzz
