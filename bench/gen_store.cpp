// gen_store: writes a realistic large store for the report benchmark
// (bench/README.md, "Reports"): customers with contacts and hosts, years of
// requests in the catalog's mix and incidents, each with the history the
// desk would have recorded. It writes through the library's public API only
// (sd::Store, sd::Calendar, sd::Catalog): no SQL here, so the rows are the
// rows the app writes, and due times come from the same calendar code.
//
//   gen_store --db PATH [--customers 40] [--requests 1000000]
//             [--incidents 100000] [--years 5] [--end 2026-11-30] [--seed 1]
//             [--share DIR] [--config FILE] [--audit]
//
// The same seed and options give the same store. Raw alerts are not
// generated, nor, unless --audit is given, the audit log: no report reads
// them. With --audit each ticket gets the audit row its creation writes
// (`request.new` or `incident.open`, through DeskContext::audit), holding
// the ticket as generated; the later changes' rows are left out.
#include "supportdesk/calendar.hpp"
#include "supportdesk/catalog.hpp"
#include "supportdesk/config.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/incident.hpp"
#include "supportdesk/model.hpp"
#include "supportdesk/request.hpp"
#include "supportdesk/json.hpp"
#include "supportdesk/service.hpp"
#include "supportdesk/store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;
using sd::Instant;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

/// Rows written per transaction: large enough that commits are rare, small
/// enough that the WAL stays a few tens of MB.
constexpr std::size_t kBatchRows = 50'000;
/// How much likelier the last day of the span is than the first: the desk
/// takes more work as it grows.
constexpr double kGrowth = 1.6;
/// Share of customers (the first keys) that were already customers when the
/// span starts; the rest sign up during it, in key order.
constexpr double kFoundingShare = 0.625;

struct Options {
  std::string db;
  int customers = 40;
  std::int64_t requests = 1'000'000;
  std::int64_t incidents = 100'000;
  int years = 5;
  std::string end = "2026-11-30";
  std::uint64_t seed = 1;
  std::string share = SD_SOURCE_SHARE_DIR;
  std::string config;  ///< as sd's --config: empty for $SD_CONFIG or the XDG default
  bool audit = false;  ///< one creation audit row per ticket
};

const char* const kUsage =
    "usage: gen_store --db PATH [--customers 40] [--requests 1000000] [--incidents 100000]\n"
    "                 [--years 5] [--end 2026-11-30] [--seed 1] [--share DIR] [--config FILE] [--audit]\n"
    "Writes a new store at PATH (which must not exist). --end is the store's \"now\": a date\n"
    "(noon of that day in the desk's zone) or an instant such as 2026-11-30T12:00:00+09:00.\n"
    "--audit: also the audit row each ticket's creation writes (request.new, incident.open).\n";

std::int64_t parse_number(const std::string& flag, const std::string& text, std::int64_t lo, std::int64_t hi) {
  char* rest = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &rest, 10);
  if (text.empty() || *rest != '\0' || errno != 0 || v < lo || v > hi)
    throw sd::usage_error(flag + ": '" + text + "' is not a number from " + std::to_string(lo) + " to " +
                          std::to_string(hi));
  return v;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (flag == "--audit") {
      o.audit = true;
      continue;
    }
    if (i + 1 >= argc) throw sd::usage_error(flag + ": unknown option or missing value\n" + kUsage);
    std::string value = argv[++i];
    if (flag == "--db") o.db = value;
    else if (flag == "--customers") o.customers = static_cast<int>(parse_number(flag, value, 1, 999));
    else if (flag == "--requests") o.requests = parse_number(flag, value, 0, 100'000'000);
    else if (flag == "--incidents") o.incidents = parse_number(flag, value, 0, 100'000'000);
    else if (flag == "--years") o.years = static_cast<int>(parse_number(flag, value, 1, 40));
    else if (flag == "--end") o.end = value;
    else if (flag == "--seed") o.seed = static_cast<std::uint64_t>(parse_number(flag, value, 0, INT64_MAX));
    else if (flag == "--share") o.share = value;
    else if (flag == "--config") o.config = value;
    else throw sd::usage_error(flag + ": unknown option\n" + kUsage);
  }
  if (o.db.empty()) throw sd::usage_error(std::string("--db is required\n") + kUsage);
  return o;
}

// ---- randomness ----------------------------------------------------------------

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  /// Uniform in [0, 1).
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  /// Uniform in [0, n).
  std::size_t index(std::size_t n) {
    return std::min(n - 1, static_cast<std::size_t>(unit() * static_cast<double>(n)));
  }
  /// Uniform in [lo, hi].
  std::int64_t range(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(index(static_cast<std::size_t>(hi - lo + 1)));
  }
  seconds range(seconds lo, seconds hi) { return seconds{range(lo.count(), hi.count())}; }
  /// Log-normal around `median`, clamped to [lo, hi].
  seconds spread(seconds median, double sigma, seconds lo, seconds hi) {
    double v = static_cast<double>(median.count()) * std::exp(sigma * normal_(engine_));
    return std::clamp(seconds{static_cast<std::int64_t>(v)}, lo, hi);
  }
  double log_normal(double median, double sigma) { return median * std::exp(sigma * normal_(engine_)); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[index(v.size())]; }

 private:
  std::mt19937_64 engine_;
  std::normal_distribution<double> normal_;
};

/// A choice among items with weights.
class Weighted {
 public:
  void add(double w) { cumulative_.push_back((cumulative_.empty() ? 0 : cumulative_.back()) + w); }
  bool empty() const { return cumulative_.empty() || cumulative_.back() <= 0; }
  std::size_t pick(Random& rnd) const {
    double x = rnd.unit() * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
    return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
  }

 private:
  std::vector<double> cumulative_;
};

// ---- what the tickets say -------------------------------------------------------

const std::vector<std::string> kJapaneseNames = {
    "株式会社さくらリテール", "ひかり物流株式会社", "株式会社みなと製作所", "あおば証券株式会社",
    "株式会社北斗システムズ", "東和フーズ株式会社", "株式会社つばさトラベル", "中央メディカル株式会社",
    "株式会社いろは出版", "山城建設株式会社", "株式会社ことぶき食品", "株式会社ミライ教育",
    "大和エネルギー株式会社", "株式会社あさひ不動産", "株式会社しずくコスメ", "浜松精機株式会社",
    "株式会社なごみゲームス", "りんどう損害保険株式会社", "北陸ガス株式会社", "株式会社すばるモビリティ",
    "株式会社かえでアパレル", "やまびこ放送株式会社", "京浜ロジスティクス株式会社", "ときわ信用金庫",
    "株式会社こもれびホテルズ", "一般社団法人みどり医療ネット"};
const std::vector<std::string> kEnglishNames = {
    "Acme Corporation", "Northwind Traders K.K.", "Globex Japan", "Initech Asia Pacific",
    "Contoso Ltd.", "Fabrikam Japan", "Blue Yonder Airlines", "Tailspin Toys",
    "Wide World Importers", "Adventure Works Cycles", "Litware Inc.", "Proseware, Inc.",
    "Lucerne Publishing", "Woodgrove Bank Tokyo"};
const std::vector<std::string> kForeignZones = {"America/Los_Angeles", "Asia/Singapore", "Europe/London"};
const std::vector<std::string> kContactNames = {
    "田中 一郎", "鈴木 花子", "佐藤 健", "高橋 美咲", "伊藤 翔", "渡辺 直子", "山本 大輔", "中村 由美",
    "小林 誠", "加藤 さくら", "John Smith", "Emily Chen", "Raj Patel", "Sarah Miller"};
const std::vector<std::string> kContactRoles = {"インフラ担当", "情報システム部", "開発リーダー", "CTO", "運用担当"};
const std::vector<std::string> kHostRoles = {"web", "app", "api", "db", "batch", "bastion", "cache", "mail", "file"};
/// The desk's staff: assignees and event actors ("MSP" is the team queue).
const std::vector<std::string> kStaff = {"sato", "kato", "yoshida", "yamada", "sasaki",
                                         "matsumoto", "inoue", "kimura", "hayashi", "shimizu"};

const std::vector<std::string> kDetails = {
    "ご対応をお願いいたします。", "本日中に対応いただけると助かります。",
    "詳細は添付の手順書をご確認ください。", "作業前にご連絡ください。",
    "Please handle this at your convenience.", "前回と同じ内容で対応をお願いします。",
    "業務時間外の作業は不要です。", "作業完了後、結果をご報告ください。"};
const std::vector<std::string> kComments = {
    "作業日時を調整中です。", "手順を確認しました。本日着手します。", "影響範囲を確認しています。",
    "お客様に作業完了をご連絡済み。", "作業ログを添付しました。", "We will start shortly.",
    "前提条件を確認中です。", "事前検証環境で確認済み。"};
const std::vector<std::string> kWaitNotes = {
    "対象ホストについてお客様に確認中", "作業日時のご指定待ち", "許可する送信元 IP の確認待ち",
    "お客様側の承認待ち", "Waiting for the customer's maintenance window"};
const std::vector<std::string> kResolveNotes = {"対応完了しました。", "作業が完了しました。ご確認ください。",
                                                "設定を反映しました。", "Done."};
const std::vector<std::string> kMissReasons = {
    "作業手順の確認に時間を要したため", "担当者の不在により着手が遅れたため",
    "AWS サポートの回答待ちのため", "依頼内容の確認漏れにより着手が遅れたため",
    "同日の障害対応を優先したため", "作業の前提条件が揃わず再実施となったため",
    "キューの振り分け誤りで担当が決まらなかったため"};
const std::vector<std::string> kCancelNotes = {"お客様より取り下げ", "不要になったためクローズ",
                                               "別チケットで対応済み"};

const std::vector<std::string> kIncidentTitles = {
    "CPU 使用率が閾値を超過", "ディスク使用率 90% 超過", "HTTP 応答なし", "nginx プロセス停止",
    "メモリ不足 (OOM)", "ping 応答なし", "ステータスチェック失敗", "5xx エラー増加",
    "DB 接続数が上限に到達", "レスポンスタイム悪化", "SSL 証明書の期限切れ間近", "バッチ処理の異常終了"};
const std::vector<std::string> kBusinessImpacts = {
    "サイトが閲覧できない", "決済処理が遅延している", "管理画面にログインできない",
    "API がタイムアウトしている", "メール配信が止まっている"};
const std::vector<std::string> kRecoveryActions = {
    "プロセスを再起動", "インスタンスを再起動", "ディスクを拡張", "AWS 側の障害が復旧",
    "自然復旧 (一時的な負荷上昇)", "設定を切り戻し", "不要ファイルを削除", "スケールアウト"};
const std::vector<std::string> kInterimNotes = {"原因を調査中です。", "復旧作業を継続しています。",
                                                "AWS サポートに問い合わせ中です。", "影響範囲を確認しています。"};

/// Free-text field values by field name; fields with allowed values pick one.
std::string field_value(const std::string& name, const std::string& host, Random& rnd) {
  static const std::vector<std::string> users = {"deploy", "tanaka", "suzuki", "batch", "readonly", "ci-runner"};
  static const std::vector<std::string> permissions = {"ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "sudo",
                                                       "PowerUserAccess", "CloudWatchReadOnlyAccess"};
  static const std::vector<std::string> rules = {"203.0.113.0/24 から 443/tcp を許可",
                                                 "198.51.100.10/32 から 22/tcp を許可",
                                                 "0.0.0.0/0 からの 80/tcp を削除", "社内 VPN から 5432/tcp を許可"};
  static const std::vector<std::string> monitors = {"CPU 使用率 90% 以上 5 分継続で通知", "ディスク使用率 85% で警告",
                                                    "HTTP 200 以外で通知", "プロセス監視 (nginx)"};
  static const std::vector<std::string> changes = {"nginx の worker_processes を 4 に変更",
                                                   "PHP の memory_limit を 512M に変更",
                                                   "logrotate の保存期間を 30 日に変更", "タイムゾーンを JST に変更"};
  static const std::vector<std::string> targets = {"Amazon Linux 2023", "nginx", "PostgreSQL", "MySQL",
                                                   "Apache httpd", "OpenSSL", "Tomcat"};
  static const std::vector<std::string> patches = {"月次セキュリティ更新", "CVE-2024-6387 対応", "カーネル更新",
                                                   "openssl 修正パッチ"};
  static const std::vector<std::string> versions = {"1.26", "16.4", "8.0.36", "3.0.13"};
  static const std::vector<std::string> sizes = {"50GB", "100GB", "200GB", "500GB"};
  static const std::vector<std::string> disks = {"/dev/xvdf", "/data", "/var/log"};
  static const std::vector<std::string> types = {"m7g.large", "c7g.xlarge", "r6i.large", "t3.medium", "m6i.2xlarge"};
  static const std::vector<std::string> limits = {"EC2 オンデマンドインスタンス (vCPU)", "Elastic IP アドレス数",
                                                  "VPC 数", "RDS インスタンス数"};
  static const std::vector<std::string> reasons = {"キャンペーンに備えた増強", "新サービスのリリース",
                                                   "検証環境の追加"};
  static const std::vector<std::string> contents = {
      "冗長構成の見直しについて相談したい", "月次の定例会を実施", "負荷試験の実施", "コスト削減の提案",
      "バックアップ運用の改善", "障害対応手順の更新", "夜間バッチの遅延調査", "アクセス増加に向けた容量計画"};
  if (name == "host") return host;
  if (name == "user") return rnd.pick(users);
  if (name == "permissions") return rnd.pick(permissions);
  if (name == "rule") return rnd.pick(rules);
  if (name == "monitor") return rnd.pick(monitors);
  if (name == "snapshot") return "snap-" + std::to_string(rnd.range(10'000'000, 99'999'999));
  if (name == "change") return rnd.pick(changes);
  if (name == "target") return rnd.pick(targets);
  if (name == "patch") return rnd.pick(patches);
  if (name == "version") return rnd.pick(versions);
  if (name == "size") return rnd.pick(sizes);
  if (name == "disk") return rnd.pick(disks);
  if (name == "instance_type") return rnd.pick(types);
  if (name == "limit") return rnd.pick(limits);
  if (name == "reason") return rnd.pick(reasons);
  if (name == "vulnerability") return "CVE-202" + std::to_string(rnd.range(3, 6)) + "-" + std::to_string(rnd.range(1000, 49999));
  return rnd.pick(contents);
}

/// How common each request type is, per 100 requests; types the table does
/// not name get their tier's default (minor common, advanced rare).
double type_weight(const sd::RequestType& t) {
  static const std::vector<std::pair<std::string, double>> known = {
      {"account", 14}, {"backup", 10}, {"security-group", 12}, {"monitoring", 12}, {"restore", 3},
      {"server-power", 9}, {"software-config", 6}, {"patch", 5}, {"software-update", 4}, {"disk", 3},
      {"instance-type", 3}, {"limit-increase", 2}, {"aws-other", 4}, {"procedure-change", 2},
      {"consultation", 5}, {"vulnerability", 2}, {"ops-improvement", 1.5}, {"capacity-planning", 1},
      {"study-session", 0.3}, {"regular-meeting", 1.2}, {"performance-test", 0.3},
      {"bottleneck-analysis", 0.4}, {"feature-proposal", 0.3}};
  for (const auto& [code, w] : known)
    if (code == t.code) return w;
  switch (t.tier) {
    case sd::Tier::minor: return 8;
    case sd::Tier::impacting: return 3;
    case sd::Tier::basic: return 1.5;
    case sd::Tier::advanced: return 0.4;
  }
  return 1;
}

// ---- the span and its days -------------------------------------------------------

/// Local dates of the span, by whether the desk is open.
struct DayTable {
  std::vector<date::local_days> business, closed, all;
};

/// A day of `days` within [from, to], later days likelier (kGrowth).
std::optional<date::local_days> pick_day(const std::vector<date::local_days>& days, date::local_days from,
                                         date::local_days to, Random& rnd) {
  auto lo = std::lower_bound(days.begin(), days.end(), from);
  auto hi = std::upper_bound(days.begin(), days.end(), to);
  if (lo >= hi) return std::nullopt;
  // Density 1 + k x on [0, 1): invert its distribution function.
  double k = kGrowth - 1, u = rnd.unit();
  double x = k == 0 ? u : (std::sqrt(1 + u * k * (2 + k)) - 1) / k;
  auto n = static_cast<double>(hi - lo);
  auto i = std::min(static_cast<std::ptrdiff_t>(x * n), hi - lo - 1);
  return *(lo + i);
}

Instant at_local(const sd::Zone* zone, date::local_days day, seconds time_of_day) {
  return zone->to_sys(date::local_seconds{day} + time_of_day, sd::Choose::earliest);
}

date::local_days local_day(Instant t, const sd::Zone* zone) {
  return date::local_days{sd::local_date(t, zone)};
}

// ---- customers ----------------------------------------------------------------------

struct CustomerPlan {
  sd::Customer customer;
  double weight = 1;          ///< relative volume of tickets per day
  Instant active_from{};      ///< no ticket before this
  std::vector<std::string> hosts;
  std::vector<std::string> contacts;
};

std::string two_digits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::vector<CustomerPlan> plan_customers(int n, Instant start, Instant now, const sd::Calendar& cal, Random& rnd) {
  std::vector<CustomerPlan> out;
  int founding = std::max(1, static_cast<int>(std::lround(kFoundingShare * n)));
  auto span = now - start;
  std::size_t ja = 0, en = 0;
  for (int i = 0; i < n; ++i) {
    CustomerPlan p;
    auto& c = p.customer;
    c.key = "C" + two_digits(i + 1);
    // Two Japanese names for each English one, cycling through the lists.
    bool english = i % 3 == 2;
    const auto& names = english ? kEnglishNames : kJapaneseNames;
    auto& next = english ? en : ja;
    c.name = names[next % names.size()];
    if (next >= names.size()) c.name += " (" + std::to_string(next / names.size() + 1) + ")";
    ++next;
    c.plan = (i + 1) % 3 == 1 ? sd::Plan::advanced : sd::Plan::basic;
    c.tz = english && rnd.chance(0.5) ? rnd.pick(kForeignZones) : cal.settings().zone;
    if (i < founding) {
      c.created_at = start - date::days{rnd.range(30, 900)};
      p.active_from = start;
    } else {
      double share = 0.85 * (i - founding + 1) / (n - founding + 1);
      c.created_at = start + date::floor<seconds>(span * share) + date::days{rnd.range(0, 20)};
      p.active_from = c.created_at;
    }
    // Customers differ a lot in size.
    p.weight = rnd.log_normal(1.0, 0.7);
    auto host_count = std::clamp(static_cast<int>(4 + p.weight * 6), 4, 40);
    for (int h = 0; h < host_count; ++h) {
      const auto& role = kHostRoles[static_cast<std::size_t>(h) % kHostRoles.size()];
      p.hosts.push_back("c" + two_digits(i + 1) + "-" + role + two_digits(h / static_cast<int>(kHostRoles.size()) + 1));
    }
    auto contact_count = static_cast<std::size_t>(rnd.range(2, 3));
    auto first = rnd.index(kContactNames.size());
    for (std::size_t k = 0; k < contact_count; ++k)
      p.contacts.push_back(kContactNames[(first + k) % kContactNames.size()]);
    out.push_back(std::move(p));
  }
  return out;
}

// ---- tickets ------------------------------------------------------------------------

struct Ticket {
  std::int64_t at = 0;          ///< received, UTC seconds
  std::uint16_t customer = 0;   ///< index into the customer plans
  bool incident = false;
};

/// Where tickets fall in time: requests mostly in business hours of
/// business days, incidents around the clock.
class Timing {
 public:
  Timing(const sd::Calendar& cal, Instant start, Instant now) : zone_(cal.zone()), now_(now) {
    for (auto d = local_day(start, zone_); d <= local_day(now, zone_); d += date::days{1}) {
      (cal.is_business_day(date::year_month_day{d}) ? days_.business : days_.closed).push_back(d);
      days_.all.push_back(d);
    }
    open_ = cal.settings().open;
    close_ = cal.settings().close;
  }

  Instant request(Instant from, Random& rnd) const {
    for (int attempt = 0;; ++attempt) {
      if (attempt == kAttempts) return from + (now_ - from) / 2;  // a span with no room: give up on the shape
      double u = rnd.unit();
      std::optional<date::local_days> day;
      seconds tod{};
      if (u < 0.85) {  // business hours, quieter at lunch and at the edges
        day = pick_day(days_.business, local_day(from, zone_), local_day(now_, zone_), rnd);
        for (;;) {
          tod = rnd.range(seconds{open_}, seconds{close_} - seconds{1});
          auto hour = std::chrono::duration_cast<hours>(tod);
          double w = hour == hours{12} ? 0.6
                     : (hour == std::chrono::duration_cast<hours>(open_) ||
                        hour == std::chrono::duration_cast<hours>(close_ - minutes{1})) ? 0.8 : 1.0;
          if (rnd.unit() < w) break;
        }
      } else if (u < 0.95) {  // a business day's evening or early morning
        day = pick_day(days_.business, local_day(from, zone_), local_day(now_, zone_), rnd);
        seconds late_end = hours{23} + minutes{30}, early = hours{7} + minutes{30};
        if (rnd.chance(0.7) && seconds{close_} < late_end) tod = rnd.range(seconds{close_}, late_end);
        else if (early < seconds{open_}) tod = rnd.range(early, seconds{open_} - seconds{1});
        else continue;
      } else {  // weekends, holidays and closures
        day = pick_day(days_.closed, local_day(from, zone_), local_day(now_, zone_), rnd);
        tod = rnd.range(seconds{hours{9}}, seconds{hours{22}});
      }
      if (!day) continue;
      auto t = at_local(zone_, *day, tod);
      if (t >= from && t <= now_) return t;
    }
  }

  Instant incident(Instant from, Random& rnd) const {
    for (int attempt = 0;; ++attempt) {
      if (attempt == kAttempts) return from + (now_ - from) / 2;
      auto day = pick_day(days_.all, local_day(from, zone_), local_day(now_, zone_), rnd);
      if (!day) return now_;
      seconds tod = rnd.range(seconds{0}, seconds{hours{24}} - seconds{1});
      // Twice as many in the working day (deploys, load) as at night.
      if (tod < hours{9} || tod >= hours{20}) {
        if (!rnd.chance(0.5)) continue;
      }
      auto t = at_local(zone_, *day, tod);
      if (t >= from && t <= now_) return t;
    }
  }

 private:
  /// Draws before settling for the middle of [from, now] (only a span of
  /// minutes, or a calendar without business days, gets there).
  static constexpr int kAttempts = 10'000;
  const sd::Zone* zone_;
  Instant now_;
  DayTable days_;
  minutes open_{}, close_{};
};

struct Stats {
  std::int64_t requests = 0, incidents = 0, rows = 0;
  std::int64_t resolved = 0, late = 0, open = 0, in_progress = 0, waiting = 0, closed = 0;
  std::int64_t low_unscheduled = 0, paused = 0;
  std::int64_t notified_in_time = 0, notified_late = 0, never_notified = 0;
  std::int64_t impact_yes = 0, impact_no = 0, impact_unjudged = 0, incidents_open = 0;
};

/// Everything one run needs to make tickets.
class Generator {
 public:
  Generator(const sd::Calendar& cal, const sd::Catalog& catalog, Instant now, Random& rnd)
      : cal_(cal), catalog_(catalog), now_(now), rnd_(rnd) {
    for (const auto& t : catalog.types()) {
      basic_types_.add(t.tier == sd::Tier::advanced ? 0 : type_weight(t));
      advanced_types_.add(type_weight(t));
    }
    day_ = cal.day_length();
  }

  /// Builds a request received at `at` and its events (request ids unset)
  /// as the desk holds them at `now`: the whole life is drawn first, then
  /// cut at `now`, and the fields are those the last event left.
  void request(const CustomerPlan& cp, Instant at, sd::Request& r, std::vector<sd::RequestEvent>& events,
               Stats& stats) {
    const auto& types = cp.customer.plan == sd::Plan::advanced ? advanced_types_ : basic_types_;
    const auto& type = catalog_.types()[types.pick(rnd_)];
    const auto& host = rnd_.pick(cp.hosts);
    r = sd::Request{};
    events.clear();
    r.customer_id = cp.customer.id;
    r.customer = cp.customer.key;
    r.type = type.code;
    r.tier = type.tier;
    r.slo_days = type.slo_days;
    r.fields = catalog_.validate(type, fields_for(type, host));
    bool has_host = std::any_of(r.fields.begin(), r.fields.end(), [](const auto& f) { return f.first == "host"; });
    r.title = has_host && rnd_.chance(0.6) ? host + " の" + type.name : type.name;
    double p = rnd_.unit();
    r.priority = p < 0.86 ? sd::Priority::normal : p < 0.95 ? sd::Priority::high : sd::Priority::low;
    double v = rnd_.unit();
    r.via = v < 0.80 ? sd::Via::backlog : v < 0.92 ? sd::Via::email : sd::Via::phone;
    if (r.via == sd::Via::phone) r.caller = rnd_.pick(cp.contacts);
    r.details = rnd_.pick(kDetails);
    r.received_at = r.created_at = at;
    std::string desk = rnd_.pick(kStaff);
    add(events, at, desk, "created", "", "open", r.details);

    // The SLO clock runs from receipt, or for a low one from when it is
    // scheduled; desired times follow settle_desired()'s rules.
    std::optional<Instant> start;
    if (r.priority != sd::Priority::low) {
      start = r.clock_start = at;
      auto due = sd::slo_due(cal_, at, r.slo_days);
      if (r.priority == sd::Priority::normal)
        r.desired_at = rnd_.chance(0.9) ? due : cal_.add(due, day_ * rnd_.range(1, 10));
      else if (rnd_.chance(0.7))
        r.desired_at = cal_.add(at, hours{1} + seconds{static_cast<std::int64_t>(
                                                  rnd_.unit() * 0.6 * static_cast<double>(budget(r).count()))});
    } else if (rnd_.chance(0.75)) {
      auto scheduled = cal_.add(at, rnd_.range(seconds{hours{1}}, 3 * day_));
      auto desired = cal_.add(sd::slo_due(cal_, scheduled, r.slo_days), day_ * rnd_.range(0, 10));
      add(events, scheduled, desk, "schedule", "", sd::format_instant(desired, cal_.zone()),
          rnd_.chance(0.5) ? "お客様と日程調整済み" : "");
      start = scheduled;
      auto priority = rnd_.chance(0.1) ? sd::Priority::high : sd::Priority::normal;
      if (scheduled <= now_) {
        r.clock_start = scheduled;
        r.desired_at = desired;
        r.priority = priority;
      }
    }

    std::string miss;
    if (!start) {
      // Never scheduled: still waiting for a date, or dropped after a while.
      auto dropped = cal_.add(at, rnd_.range(seconds{hours{2}}, 20 * day_));
      add(events, dropped, desk, "status", "open", "resolved", rnd_.pick(kCancelNotes));
      add(events, cal_.add(dropped, rnd_.range(seconds{minutes{30}}, 2 * day_)), desk, "status", "resolved",
          "closed", "");
    } else {
      auto b = budget(r);
      std::string staff = desk;
      // Picked up within a couple of business hours (or a fifth of the budget).
      auto started = cal_.add(*start, rnd_.range(seconds{minutes{5}}, std::min<seconds>(hours{2}, b / 5)));
      if (rnd_.chance(0.3)) {
        staff = rnd_.pick(kStaff);
        add(events, started, desk, "assign", "MSP", staff, "");
      }
      add(events, started, staff, "status", "open", "in-progress", "");
      // Some wait on the customer, once or twice: the due time moves.
      Instant cursor = started;
      std::vector<sd::Pause> pauses;
      seconds paused{0};
      double w = rnd_.unit();
      int waits = w < 0.02 ? 2 : w < 0.14 ? 1 : 0;
      for (int k = 0; k < waits; ++k) {
        auto used = cal_.between(*start, cursor) - paused;
        auto from = cal_.add(cursor, rnd_.range(seconds{minutes{10}}, std::max<seconds>(b * 7 / 10 - used, minutes{10})));
        auto to = cal_.add(from, rnd_.spread(hours{3}, 1.0, minutes{15}, 5 * day_));
        add(events, from, staff, "status", "in-progress", "waiting", rnd_.pick(kWaitNotes));
        add(events, to, staff, "status", "waiting", "in-progress", "");
        pauses.push_back(sd::Pause{from, to});
        paused += cal_.between(from, to);
        cursor = to;
      }
      auto due = *sd::compute_due(cal_, *start, r.slo_days, pauses);
      // Most on time, some late (a few more of the bigger jobs).
      Instant resolved;
      if (cursor >= due || rnd_.chance(r.tier == sd::Tier::minor ? 0.06 : 0.09)) {
        resolved = cal_.add(std::max(due, cursor), rnd_.spread(hours{4}, 1.2, minutes{1}, 10 * day_));
        miss = rnd_.pick(kMissReasons);
      } else {
        auto left = cal_.between(cursor, due);
        auto part = seconds{static_cast<std::int64_t>((0.05 + 0.95 * rnd_.unit()) * static_cast<double>(left.count()))};
        resolved = cal_.add(cursor, std::clamp<seconds>(part, std::min<seconds>(seconds{60}, left), left));
      }
      if (rnd_.chance(0.25)) {
        auto span = cal_.between(started, resolved);
        add(events, cal_.add(started, seconds{static_cast<std::int64_t>(rnd_.unit() * static_cast<double>(span.count()))}),
            staff, "comment", "", "", rnd_.pick(kComments), rnd_.chance(0.3));
      }
      std::string note = rnd_.pick(kResolveNotes);
      if (!miss.empty()) note += "\nmiss reason: " + miss;
      add(events, resolved, staff, "status", "in-progress", "resolved", note);
      add(events, cal_.add(resolved, rnd_.range(seconds{minutes{30}}, 3 * day_)), staff, "status", "resolved",
          "closed", "");
    }

    std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    events.erase(std::find_if(events.begin(), events.end(), [&](const auto& e) { return e.at > now_; }), events.end());
    for (const auto& e : events) {
      if (e.kind == "assign") r.assignee = e.to;
      if (e.kind != "status") continue;
      r.status = *sd::status_from(e.to);
      if (r.status == sd::Status::resolved) {
        r.resolved_at = e.at;
        r.miss_reason = miss;
      }
      if (r.status == sd::Status::closed) r.closed_at = e.at;
    }
    r.updated_at = events.back().at;
    // As Desk::save() leaves it: the due time over the pauses so far.
    r.pauses = sd::pauses_from(events);
    r.due_at = r.clock_start ? sd::compute_due(cal_, *r.clock_start, r.slo_days, r.pauses) : std::nullopt;

    ++stats.requests;
    switch (r.status) {
      case sd::Status::open: ++stats.open; break;
      case sd::Status::in_progress: ++stats.in_progress; break;
      case sd::Status::waiting: ++stats.waiting; break;
      case sd::Status::resolved: ++stats.resolved; break;
      case sd::Status::closed: ++stats.closed; break;
    }
    if (!r.miss_reason.empty()) ++stats.late;
    if (!r.clock_start) ++stats.low_unscheduled;
    if (!r.pauses.empty()) ++stats.paused;
  }

  /// Builds an incident received at `at` and its timeline, as at `now`.
  void incident(const CustomerPlan& cp, Instant at, sd::Incident& inc, std::vector<sd::IncidentEvent>& out,
                Stats& stats) {
    inc = sd::Incident{};
    inc.customer_id = cp.customer.id;
    inc.customer = cp.customer.key;
    inc.host = rnd_.chance(0.9) ? rnd_.pick(cp.hosts) : "";
    double v = rnd_.unit();
    inc.via = v < 0.8 ? sd::IncidentVia::monitoring : v < 0.92 ? sd::IncidentVia::backlog : sd::IncidentVia::phone;
    inc.received_at = inc.created_at = at;
    if (inc.via == sd::IncidentVia::monitoring) inc.detected_at = at - rnd_.range(seconds{0}, seconds{minutes{5}});
    else if (rnd_.chance(0.5)) inc.detected_at = at - rnd_.range(seconds{minutes{5}}, seconds{hours{1}});
    const auto& what = rnd_.pick(kIncidentTitles);
    inc.title = inc.host.empty() ? what : inc.host + ": " + what;
    double pr = rnd_.unit();
    inc.priority = pr < 0.7 ? "high" : pr < 0.95 ? "normal" : "low";
    inc.details = inc.via == sd::IncidentVia::monitoring ? "監視から検知" : "お客様からのご連絡";
    std::string actor = rnd_.pick(kStaff);
    steps_.clear();

    // Impact: judged when opened, judged a little later, or never.
    double im = rnd_.unit();
    auto impact = im < 0.25 ? sd::Impact::yes : im < 0.85 ? sd::Impact::no : sd::Impact::unjudged;
    if (impact == sd::Impact::yes) inc.business_impact = rnd_.pick(kBusinessImpacts);
    bool judged_at_open = impact != sd::Impact::unjudged && rnd_.chance(0.4);
    add(at, actor, "opened",
        Json{{"via", to_string(inc.via)}, {"impact", to_string(judged_at_open ? impact : sd::Impact::unjudged)}},
        inc.details);
    std::optional<Instant> judged;
    if (judged_at_open) judged = at;
    else if (impact != sd::Impact::unjudged) {
      judged = at + rnd_.range(seconds{minutes{2}}, seconds{minutes{30}});
      add(*judged, actor, "judged", Json{{"from", "unjudged"}, {"to", to_string(impact)}}, "");
    }

    // The first notice: mostly within 15 minutes, some late, a few never.
    double n = rnd_.unit();
    std::optional<Instant> first;
    if (n < 0.85) first = at + rnd_.spread(minutes{6}, 0.5, minutes{1}, minutes{15});
    else if (n < 0.97) first = at + rnd_.spread(minutes{35}, 0.7, minutes{16}, hours{4});
    auto recovered = at + rnd_.spread(minutes{40}, 1.2, minutes{3}, hours{72});
    if (first) {
      const auto& contact = rnd_.pick(cp.contacts);
      bool phone = rnd_.chance(0.4);
      if (phone && rnd_.chance(0.15))
        add(std::max(at, *first - minutes{2}), actor, "notify",
            Json{{"via", "phone"}, {"kind", "first"}, {"contact", contact}, {"result", "no-answer"}, {"reached", false}},
            "");
      add(*first, actor, "notify",
          phone ? Json{{"via", "phone"}, {"kind", "first"}, {"contact", contact}, {"result", "answered"}, {"reached", true}}
                : Json{{"via", rnd_.chance(0.8) ? "backlog" : "email"}, {"kind", "first"}, {"reached", true}},
          "障害を検知しました。調査を開始します。", Mark::first_notice);
      // Hourly interim reports while a service-affecting one lasts (six at most).
      if (impact != sd::Impact::no)
        for (auto t = *first + minutes{rnd_.range(50, 60)}; t < recovered && t < *first + hours{6}; t += minutes{60})
          add(t, actor, "update", Json{{"via", "backlog"}}, rnd_.pick(kInterimNotes), Mark::interim);
    }
    if (rnd_.chance(0.06)) {
      inc.escalated_to = rnd_.chance(0.6) ? "aws" : "support-center";
      add(at + rnd_.range(seconds{minutes{10}}, seconds{hours{1}}), actor, "escalate",
          Json{{"to", inc.escalated_to}, {"case", std::to_string(rnd_.range(10'000'000, 99'999'999))}}, "");
    }
    // Recovery, its notice (always when it affected service), confirmation, close.
    auto action = rnd_.pick(kRecoveryActions);
    Instant latest = at;
    for (const auto& s : steps_) latest = std::max(latest, s.event.at);
    auto noted = std::max(recovered, latest) + rnd_.range(seconds{minutes{1}}, seconds{minutes{20}});
    add(noted, actor, "recover", Json{{"at", sd::format_instant(recovered, cal_.zone())}}, action, Mark::recovered);
    auto last = noted;
    if (impact != sd::Impact::no || rnd_.chance(0.5)) {
      last = noted + rnd_.range(seconds{minutes{2}}, seconds{minutes{30}});
      add(last, actor, "notify", Json{{"via", "backlog"}, {"kind", "recovery"}, {"reached", true}}, "復旧しました。",
          Mark::recovery_notice);
    }
    auto confirmed = last + rnd_.range(seconds{minutes{30}}, seconds{hours{24}});
    add(confirmed, actor, "confirm", Json::object(), "", Mark::confirmed);
    add(confirmed + rnd_.range(seconds{hours{1}}, seconds{hours{72}}), actor, "close", Json::object(), "", Mark::closed);

    // Keep what happened by `now`.
    std::stable_sort(steps_.begin(), steps_.end(), [](const auto& a, const auto& b) { return a.event.at < b.event.at; });
    out.clear();
    if (judged && *judged <= now_) {
      inc.impact = impact;
      inc.judged_by = actor;
      inc.judged_at = judged;
    }
    for (auto& s : steps_) {
      if (s.event.at > now_) break;
      switch (s.mark) {
        case Mark::none: break;
        case Mark::first_notice:
          inc.first_notified_at = inc.first_notified_at.value_or(s.event.at);
          inc.last_notice_at = s.event.at;
          break;
        case Mark::interim: inc.last_notice_at = s.event.at; break;
        case Mark::recovered:
          inc.status = sd::IncidentStatus::recovered;
          inc.recovered_at = recovered;
          inc.recovery_action = action;
          break;
        case Mark::recovery_notice: inc.recovery_notified_at = s.event.at; break;
        case Mark::confirmed:
          inc.status = sd::IncidentStatus::confirmed;
          inc.confirmed_at = s.event.at;
          break;
        case Mark::closed:
          inc.status = sd::IncidentStatus::closed;
          inc.closed_at = s.event.at;
          break;
      }
      inc.updated_at = s.event.at;
      out.push_back(std::move(s.event));
    }

    ++stats.incidents;
    if (inc.status != sd::IncidentStatus::closed) ++stats.incidents_open;
    switch (inc.impact) {
      case sd::Impact::yes: ++stats.impact_yes; break;
      case sd::Impact::no: ++stats.impact_no; break;
      case sd::Impact::unjudged: ++stats.impact_unjudged; break;
    }
    if (!inc.first_notified_at) ++stats.never_notified;
    else if (*inc.first_notified_at - at <= minutes{15}) ++stats.notified_in_time;
    else ++stats.notified_late;
  }

 private:
  seconds budget(const sd::Request& r) const {
    return cal_.to_seconds(sd::BusinessDuration{r.slo_days, sd::BusinessDuration::Unit::days});
  }

  sd::Fields fields_for(const sd::RequestType& type, const std::string& host) {
    sd::Fields given;
    auto value_of = [&](const std::string& name) -> const std::string* {
      for (const auto& [k, v] : given)
        if (k == name) return &v;
      return nullptr;
    };
    // Choices first, so that conditions on them can be judged.
    for (const auto& f : type.fields)
      if (!f.allowed.empty() && (f.required || rnd_.chance(0.3))) given.emplace_back(f.name, rnd_.pick(f.allowed));
    for (const auto& f : type.fields) {
      if (!f.allowed.empty()) continue;
      bool needed = f.required;
      for (const auto& c : f.required_when)
        if (auto v = value_of(c.field); v && std::find(c.values.begin(), c.values.end(), *v) != c.values.end())
          needed = true;
      if (needed || (f.required_when.empty() && rnd_.chance(0.3)))
        given.emplace_back(f.name, field_value(f.name, host, rnd_));
    }
    return given;
  }

  static void add(std::vector<sd::RequestEvent>& events, Instant at, const std::string& actor, const char* kind,
                  const std::string& from, const std::string& to, const std::string& note, bool internal = false) {
    sd::RequestEvent e;
    e.at = at;
    e.actor = actor;
    e.kind = kind;
    e.from = from;
    e.to = to;
    e.note = note;
    e.internal = internal;
    events.push_back(std::move(e));
  }

  /// What an incident event changes in the incident's fields.
  enum class Mark { none, first_notice, interim, recovered, recovery_notice, confirmed, closed };
  struct Step {
    sd::IncidentEvent event;
    Mark mark = Mark::none;
  };

  void add(Instant at, const std::string& actor, const char* kind, const Json& data, const std::string& note,
           Mark mark = Mark::none) {
    Step s;
    s.event.at = at;
    s.event.actor = actor;
    s.event.kind = kind;
    s.event.data = data.dump();
    s.event.note = note;
    s.mark = mark;
    steps_.push_back(std::move(s));
  }

  const sd::Calendar& cal_;
  const sd::Catalog& catalog_;
  Instant now_;
  Random& rnd_;
  Weighted basic_types_, advanced_types_;
  seconds day_{};
  std::vector<Step> steps_;  ///< the incident being built
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string file_size_mb(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f MB", ec ? 0.0 : static_cast<double>(size) / 1e6);
  return buf;
}

int run(const Options& o) {
  auto started = Clock::now();
  if (std::filesystem::exists(o.db))
    throw sd::usage_error("--db: " + o.db + " exists; remove it first (gen_store writes a new store)");
  auto config = sd::load_config(o.config, o.share);
  sd::Calendar cal(config.calendar);
  std::string catalog_path = config.catalog_path.empty() ? o.share + "/catalog.json" : config.catalog_path;
  auto catalog = sd::Catalog::parse(sd::read_file(catalog_path, "catalog"), catalog_path);

  Instant now = o.end.find('T') != std::string::npos
                    ? sd::parse_instant(o.end, cal.zone(), Instant{}, "--end")
                    : at_local(cal.zone(), date::local_days{sd::parse_date(o.end, "--end")}, hours{12});
  auto end_day = sd::local_date(now, cal.zone());
  auto start_day = end_day - date::years{o.years};
  if (!start_day.ok()) start_day = date::year_month_day{start_day.year(), start_day.month(), date::day{28}};
  Instant start = at_local(cal.zone(), date::local_days{start_day}, hours{0});

  Random rnd(o.seed);
  auto customers = plan_customers(o.customers, start, now, cal, rnd);
  Timing timing(cal, start, now);

  // Which customer each ticket is for, and when it came in, oldest first:
  // ticket numbers then rise with time as they do at the desk.
  std::vector<Ticket> tickets;
  tickets.reserve(static_cast<std::size_t>(o.requests + o.incidents));
  Weighted request_share, incident_share;
  for (const auto& c : customers) {
    auto active_days = std::chrono::duration<double, date::days::period>(now - c.active_from).count();
    request_share.add(c.weight * std::max(active_days, 1.0));
    incident_share.add(std::pow(c.weight, 0.8) * std::max(active_days, 1.0));
  }
  for (std::int64_t i = 0; i < o.requests + o.incidents; ++i) {
    bool incident = i >= o.requests;
    auto c = (incident ? incident_share : request_share).pick(rnd);
    const auto& cp = customers[c];
    auto at = incident ? timing.incident(cp.active_from, rnd) : timing.request(cp.active_from, rnd);
    tickets.push_back(Ticket{at.time_since_epoch().count(), static_cast<std::uint16_t>(c), incident});
  }
  std::stable_sort(tickets.begin(), tickets.end(), [](const Ticket& a, const Ticket& b) { return a.at < b.at; });
  std::fprintf(stderr, "gen_store: planned %zu tickets from %s to %s in %.1f s\n", tickets.size(),
               sd::format_instant(start, cal.zone()).c_str(), sd::format_instant(now, cal.zone()).c_str(),
               seconds_since(started));

  auto store = sd::db::open_sqlite(o.db, true);
  Stats stats;
  sd::write_transaction(*store, [&] {
    for (auto& cp : customers) {
      cp.customer.id = store->insert_customer(cp.customer);
      int position = 0;
      for (const auto& name : cp.contacts) {
        sd::Contact ct;
        ct.customer_id = cp.customer.id;
        ct.name = name;
        ct.phone = "03-" + std::to_string(rnd.range(1000, 9999)) + "-" + std::to_string(rnd.range(1000, 9999));
        ct.email = "contact" + std::to_string(position + 1) + "@" + cp.customer.key + ".example.jp";
        for (auto& ch : ct.email) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        ct.role = rnd.pick(kContactRoles);
        ct.position = ++position;
        store->insert_contact(ct);
      }
      for (const auto& h : cp.hosts) store->insert_host(cp.customer.id, h);
    }
  });

  Generator gen(cal, catalog, now, rnd);
  // The audit rows are written as the app writes them: DeskContext::audit,
  // with the desk's "now" at the ticket's receipt and a desk actor.
  sd::IncidentPolicy policy;
  policy.refire = config.refire;
  std::optional<sd::DeskContext> desk;
  auto audit_at = [&](Instant at) -> sd::DeskContext& {
    desk.emplace(*store, cal, catalog, policy, at, "sato");
    return *desk;
  };
  auto audit_view = [&](Instant at) { return sd::JsonView{&cal, at, policy}; };
  sd::Request request;
  sd::Incident incident;
  std::vector<sd::RequestEvent> request_events;
  std::vector<sd::IncidentEvent> incident_events;
  std::size_t next = 0, report_every = std::max<std::size_t>(tickets.size() / 10, 1), reported = 0;
  while (next < tickets.size()) {
    sd::write_transaction(*store, [&] {
      std::size_t rows = 0;
      for (; next < tickets.size() && rows < kBatchRows; ++next) {
        const auto& t = tickets[next];
        const auto& cp = customers[t.customer];
        Instant at{seconds{t.at}};
        if (t.incident) {
          gen.incident(cp, at, incident, incident_events, stats);
          incident.number = store->take_ticket_number(cp.customer.id);
          incident.id = store->insert_incident(incident);
          for (auto& e : incident_events) {
            e.incident_id = incident.id;
            store->insert_incident_event(e);
          }
          rows += 1 + incident_events.size();
          if (o.audit) {
            audit_at(incident.received_at).audit(incident.key(), "incident.open", nullptr,
                                                 sd::to_json(incident, audit_view(incident.received_at)));
            ++rows;
          }
        } else {
          gen.request(cp, at, request, request_events, stats);
          request.number = store->take_ticket_number(cp.customer.id);
          request.id = store->insert_request(request);
          for (auto& e : request_events) {
            e.request_id = request.id;
            store->insert_request_event(e);
          }
          rows += 1 + request.fields.size() + request_events.size();
          if (o.audit) {
            audit_at(request.received_at).audit(request.key(), "request.new", nullptr,
                                                sd::to_json(request, audit_view(request.received_at)));
            ++rows;
          }
        }
      }
      stats.rows += static_cast<std::int64_t>(rows);
    });
    if (next / report_every > reported || next == tickets.size()) {
      reported = next / report_every;
      std::fprintf(stderr, "gen_store: %zu/%zu tickets, %.2fM rows, %.1f s\n", next, tickets.size(),
                   static_cast<double>(stats.rows) / 1e6, seconds_since(started));
    }
  }
  store.reset();  // closes the connection: checkpoints and removes the WAL

  std::fprintf(stderr,
               "gen_store: %d customers, %lld requests (%lld closed, %lld resolved, %lld open, %lld in-progress, "
               "%lld waiting; %lld resolved late, %lld with a wait, %lld low never scheduled), %lld incidents "
               "(impact yes %lld / no %lld / unjudged %lld; first notice within 15 min %lld, later %lld, none %lld; "
               "%lld not closed); %.2fM rows\n",
               o.customers, static_cast<long long>(stats.requests), static_cast<long long>(stats.closed),
               static_cast<long long>(stats.resolved), static_cast<long long>(stats.open),
               static_cast<long long>(stats.in_progress), static_cast<long long>(stats.waiting),
               static_cast<long long>(stats.late), static_cast<long long>(stats.paused),
               static_cast<long long>(stats.low_unscheduled), static_cast<long long>(stats.incidents),
               static_cast<long long>(stats.impact_yes), static_cast<long long>(stats.impact_no),
               static_cast<long long>(stats.impact_unjudged), static_cast<long long>(stats.notified_in_time),
               static_cast<long long>(stats.notified_late), static_cast<long long>(stats.never_notified),
               static_cast<long long>(stats.incidents_open), static_cast<double>(stats.rows) / 1e6);
  std::fprintf(stderr, "gen_store: wrote %s (%s) in %.1f s\n", o.db.c_str(), file_size_mb(o.db).c_str(),
               seconds_since(started));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_options(argc, argv));
  } catch (const sd::Error& e) {
    std::fprintf(stderr, "gen_store: %s\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gen_store: %s\n", e.what());
    return 70;
  }
}
