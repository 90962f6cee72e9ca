#include "supportdesk/report.hpp"

#include "supportdesk/config.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace sd;
using namespace std::chrono_literals;

namespace {

const Zone* tokyo() { return find_zone("Asia/Tokyo", "test"); }

/// The shipped catalog, whose words for the tiers reports use.
const Catalog& shipped_catalog() {
  static const Catalog cat = [] {
    std::string path = std::string(SD_SHARE_DIR) + "/catalog.json";
    return Catalog::parse(read_file(path, "catalog"), path);
  }();
  return cat;
}

/// The tiers as `cat` names them, as the desk fills them in.
std::vector<TierInfo> tiers_of(const Catalog& cat) {
  std::vector<TierInfo> out;
  for (Tier t : kTiers) out.push_back(cat.tier(t));
  return out;
}

/// 2026-MM-DD HH:MM in Tokyo.
Instant jst(unsigned month, unsigned day, int hour = 0, int minute = 0) {
  return date::sys_days{date::year{2026} / date::month{month} / date::day{day}} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} - 9h;
}

/// A small RFC 4180 reader: records of fields, CRLF-separated; quoted fields
/// may hold commas, CR, LF and doubled quotes. Fails the test on a bare LF
/// outside quotes or a stray quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  bool at_field_start = true;
  while (i < text.size()) {
    char ch = text[i];
    if (at_field_start && ch == '"') {
      ++i;
      for (;;) {
        REQUIRE(i < text.size());
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
      REQUIRE((i == text.size() || text[i] == ',' || text[i] == '\r'));
      at_field_start = false;
      continue;
    }
    if (ch == ',') {
      row.push_back(field);
      field.clear();
      at_field_start = true;
      ++i;
    } else if (ch == '\r') {
      REQUIRE(i + 1 < text.size());
      REQUIRE(text[i + 1] == '\n');
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      at_field_start = true;
      i += 2;
    } else {
      REQUIRE(ch != '\n');  // a bare LF outside quotes
      REQUIRE(ch != '"');   // a quote inside an unquoted field
      field += ch;
      at_field_start = false;
      ++i;
    }
  }
  REQUIRE(row.empty());  // the last record ends with CRLF
  REQUIRE(field.empty());
  return rows;
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + needle.size())) ++n;
  return n;
}

TypeCompliance type(std::string code, std::string name, Tier tier, int slo_days, std::int64_t met,
                    std::int64_t missed, std::int64_t open_overdue = 0, std::int64_t open = 0) {
  TypeCompliance t;
  t.type = std::move(code);
  t.name = std::move(name);
  t.name_en = t.type + " (en)";
  t.tier = tier;
  t.raised_by = "customer";
  t.slo_days = slo_days;
  t.met = met;
  t.missed = missed;
  t.open_overdue = open_overdue;
  t.open = open;
  t.due = met + missed;
  return t;
}

SloReport sample_slo() {
  SloReport r;
  r.period = {jst(11, 1), jst(12, 1), "2026-11"};
  r.customer = "ACME";
  r.generated_at = jst(12, 1, 9);
  r.tiers = tiers_of(shipped_catalog());
  r.types.push_back(type("backup", "バックアップ \"週次\", 特別", Tier::minor, 1, 2, 1, 1));
  r.types.push_back(type("monitoring", "監視|設定変更依頼", Tier::minor, 1, 3, 0));
  r.types.push_back(type("patch", "各種パッチ当て", Tier::impacting, 5, 0, 0, 0, 2));
  r.types.back().raised_by = "both";
  IncidentCompliance yes{"yes", 3, 3, 1, 0, 600, 1200};
  IncidentCompliance no{"no", 1, 1, 0, 0, 300, 300};
  IncidentCompliance unjudged{"unjudged", 0, 0, 0, 0, std::nullopt, std::nullopt};
  r.incidents = {yes, no, unjudged};
  return r;
}

/// An incident as the reports service judges it: `slo_missed` and
/// `sla_missed` are its verdicts (no SLA when `impact` is no).
IncidentDetail detail(std::string key, std::string impact, Instant received, std::optional<Instant> notified,
                      bool slo_missed, bool sla_missed, std::string status = "open") {
  IncidentDetail d;
  d.key = std::move(key);
  d.impact = std::move(impact);
  d.status = std::move(status);
  d.title = d.key + " の障害";
  d.received_at = received;
  d.first_notified_at = notified;
  d.slo_due = received + (d.impact == "no" ? 60min : 15min);
  if (d.impact != "no") d.sla_due = received + 30min;
  d.slo_missed = slo_missed;
  d.sla_missed = sla_missed;
  return d;
}

ServiceReport sample_service() {
  ServiceReport s;
  s.customer = "ACME";
  s.customer_name = "Acme <b>株式会社</b> & 'Co'";
  s.slo = sample_slo();
  for (unsigned m = 1; m <= 12; ++m) {
    MonthAttainment a;
    a.month = "2026-" + std::string(m < 10 ? "0" : "") + std::to_string(m);
    a.met = m;
    a.missed = m % 4 == 0 ? 1 : 0;
    a.incidents = m % 3;
    s.trend.push_back(a);
  }
  s.trend[1].met = 0;  // February: nothing decided
  ReportItem req{"ACME-7", "patch", "db01 に <script>alert(1)</script> パッチ", "resolved", jst(11, 2, 10),
                 jst(11, 9, 18), jst(11, 6, 15), "", false};
  s.major_requests.push_back(req);
  auto inc = detail("ACME-9", "yes", jst(11, 30, 10), jst(11, 30, 10, 20), true, false, "closed");
  inc.title = "web01 決済エラー";
  inc.note = "インスタンスを再起動";
  s.serious_incidents.push_back(inc);
  s.slo.incident_details.push_back(inc);
  ReportItem nc{"ACME-3", "backup", "週次バックアップ", "resolved", jst(11, 10, 9), jst(11, 11, 18),
                jst(11, 12, 10), "担当者の割り当て漏れ", true};
  s.nonconformities.push_back(nc);
  s.requests_by_type = {{"backup", 3}, {"monitoring", 3}, {"patch", 2}};
  s.requests_by_weekday = {{"月", 3}, {"火", 2}, {"水", 1}, {"木", 0}, {"金", 2}, {"土", 0}, {"日", 0}};
  s.notify_minutes = {{"ACME-9", 20}, {"ACME-10", 5}, {"ACME-11", 41}};
  return s;
}

/// Every src=, href= and url( in `html` points nowhere outside the file.
void check_self_contained(const std::string& html) {
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("@font-face") == std::string::npos);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("<html lang=\"ja\">") != std::string::npos);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
}

}  // namespace

TEST_CASE("csv_field quotes only what RFC 4180 needs quoting") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("日本語") == "日本語");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("line\nbreak") == "\"line\nbreak\"");
  CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
}

TEST_CASE("attainment, kept and any_missed") {
  auto t = type("backup", "x", Tier::minor, 1, 2, 1);
  REQUIRE(t.attainment());
  CHECK(*t.attainment() == doctest::Approx(66.6667).epsilon(0.0001));
  CHECK_FALSE(t.kept());
  auto idle = type("backup", "x", Tier::minor, 1, 0, 0, 0, 4);
  CHECK_FALSE(idle.attainment());
  CHECK(idle.kept());
  CHECK(*type("backup", "x", Tier::minor, 1, 5, 0).attainment() == doctest::Approx(100.0));

  SloReport r;
  CHECK_FALSE(r.any_missed());
  r.types.push_back(idle);
  CHECK_FALSE(r.any_missed());
  r.incidents.push_back({"yes", 1, 1, 0, 1, 1900, 1900});
  CHECK(r.any_missed());  // an SLA miss alone
  r.incidents.clear();
  r.types.push_back(t);
  CHECK(r.any_missed());
}

TEST_CASE("the definition states the counting rules") {
  auto d = slo_report_definition(IncidentPolicy{});
  CHECK(d.find('\n') == std::string::npos);  // one paragraph
  for (const char* word : {"due time", "pauses", "inclusive", "exclusive", "met / (met + missed)", "Low-priority",
                           "received", "reached the customer", "15 minutes", "60 minutes", "30 minutes",
                           "nearest rank", "95th percentile", "median"})
    CHECK_MESSAGE(d.find(word) != std::string::npos, word);
}

TEST_CASE("SLO CSV: one table, CRLF, quoting that survives a round trip") {
  auto r = sample_slo();
  r.types[1].name_en = "multi\nline, \"en\"";
  auto csv = render_slo_csv(r);
  CHECK(csv.rfind("\xEF\xBB\xBF", 0) == std::string::npos);  // no BOM
  CHECK(csv.rfind("section,tier,code,name,name_en,raised_by,slo_days,due,met,missed,open_overdue,open,kept,"
                  "attainment_pct,impact,count,notified,slo_missed,sla_missed,first_notice_median_seconds,first_notice_p95_seconds,"
                  "slo_kept,sla_kept,interim_owed,interim_late\r\n",
                  0) == 0);
  auto rows = parse_csv(csv);
  REQUIRE(rows.size() == 1 + 3 + 1 + 3 + 1);  // header, types, their total, impacts, their total
  for (const auto& row : rows) CHECK(row.size() == 25);

  const auto& backup = rows[1];
  CHECK(backup[0] == "type");
  CHECK(backup[1] == "minor");
  CHECK(backup[2] == "backup");
  CHECK(backup[3] == "バックアップ \"週次\", 特別");
  CHECK(backup[5] == "customer");
  CHECK(backup[6] == "1");
  CHECK(backup[7] == "3");
  CHECK(backup[8] == "2");
  CHECK(backup[9] == "1");
  CHECK(backup[10] == "1");
  CHECK(backup[12] == "false");  // booleans, not marks
  CHECK(backup[13] == "66.7");
  CHECK(backup[14].empty());  // incident columns do not apply
  CHECK(backup[22].empty());

  CHECK(rows[2][4] == "multi\nline, \"en\"");
  CHECK(rows[2][12] == "true");
  CHECK(rows[2][13] == "100.0");
  CHECK(rows[3][1] == "impacting");
  CHECK(rows[3][11] == "2");
  CHECK(rows[3][13].empty());  // nothing decided
  const auto& total = rows[4];
  CHECK(total[0] == "type");
  CHECK(total[1].empty());
  CHECK(total[2] == "total");
  CHECK(total[7] == "6");
  CHECK(total[9] == "1");
  CHECK(total[12] == "false");
  CHECK(total[13] == "83.3");

  const auto& yes = rows[5];
  CHECK(yes[0] == "incident");
  for (std::size_t i = 1; i <= 13; ++i) CHECK(yes[i].empty());
  CHECK(yes[14] == "yes");
  CHECK(yes[15] == "3");
  CHECK(yes[16] == "3");
  CHECK(yes[17] == "1");
  CHECK(yes[18] == "0");
  CHECK(yes[19] == "600");
  CHECK(yes[20] == "1200");
  CHECK(yes[21] == "false");
  CHECK(yes[22] == "true");
  CHECK(yes[23] == "0");
  CHECK(rows[6][14] == "no");
  CHECK(rows[6][18].empty());  // no SLA without service impact
  CHECK(rows[6][22].empty());
  CHECK(rows[7][14] == "unjudged");
  CHECK(rows[7][19].empty());  // nobody notified: no median
  CHECK(rows[7][22] == "true");
  CHECK(rows[8][14] == "total");
  CHECK(rows[8][15] == "4");
  CHECK(rows[8][19].empty());
  CHECK(rows[8][21] == "false");
  for (const auto& row : rows)
    for (const auto& cell : row) CHECK_MESSAGE(cell.find("○") == std::string::npos, cell);

  // Every line ends with CRLF, apart from the LF inside the quoted field.
  std::size_t bare = 0;
  for (std::size_t i = 0; i < csv.size(); ++i)
    if (csv[i] == '\n' && (i == 0 || csv[i - 1] != '\r')) ++bare;
  CHECK(bare == 1);
  CHECK(csv.substr(csv.size() - 2) == "\r\n");
}

TEST_CASE("SLO CSV of an empty report is its header") {
  auto rows = parse_csv(render_slo_csv(SloReport{}));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].front() == "section");
}

TEST_CASE("SLO Markdown: appendix 5's tables by tier, escaped, with marks and a footer") {
  auto r = sample_slo();
  auto md = render_slo_markdown(r, tokyo());
  CHECK(md.find("## サービスへの影響が軽微なご依頼\n") != std::string::npos);
  CHECK(md.find("## サービスへの影響が発生し得るご依頼\n") != std::string::npos);
  CHECK(md.find("## ベーシックサポート") == std::string::npos);  // no types of that tier
  CHECK(md.find("| 種別 | 依頼者 | 目標 | 期限到来 | 達成 | 未達 | 期限超過中 | 判定 | 達成率 |") != std::string::npos);
  CHECK(md.find("| バックアップ \"週次\", 特別 | お客様 | 1 営業日 | 3 | 2 | 1 | 1 | × | 66.7% |") !=
        std::string::npos);
  CHECK(md.find("| 監視\\|設定変更依頼 | お客様 | 1 営業日 | 3 | 3 | 0 | 0 | ○ | 100.0% |") != std::string::npos);
  CHECK(md.find("| 各種パッチ当て | 双方 | 5 営業日 | 0 | 0 | 0 | 0 | ○ | — |") != std::string::npos);
  CHECK(md.find("監視|設定") == std::string::npos);
  CHECK(md.find("| 影響 | 件数 | 初報SLO未達 | SLA未達 | 初報までの中央値 | 95パーセンタイル | SLO | SLA |") !=
        std::string::npos);
  CHECK(md.find("| 3 | 1 | 0 | 10 分 | 20 分 | × | ○ |") != std::string::npos);
  CHECK(md.find("| 1 | 0 | — | 5 分 | 5 分 | ○ | — |") != std::string::npos);  // no SLA
  CHECK(md.find("| 0 | 0 | 0 | — | — | ○ | ○ |") != std::string::npos);
  CHECK(md.find("目標未達があります") != std::string::npos);
  CHECK(md.find("対象期間: 2026-11 (2026-11-01 〜 2026-11-30, Asia/Tokyo)") != std::string::npos);
  CHECK(md.find("作成日時: 2026-12-01T09:00:00+09:00") != std::string::npos);
  CHECK(md.find("定義: ご依頼は、期限") != std::string::npos);  // in Japanese
  CHECK(md.find("Requests count") == std::string::npos);
  CHECK(md.find("## 合計\n") != std::string::npos);
  CHECK(md.find("| **6** | **5** | **1** | **1** | **×** | **83.3%** |") != std::string::npos);

  // Every table row has as many cells as its header (escaped pipes do not split).
  std::size_t pos = 0;
  int rows = 0;
  while ((pos = md.find("\n| ", pos)) != std::string::npos) {
    auto end = md.find('\n', pos + 1);
    std::string line = md.substr(pos + 1, end - pos - 1);
    std::size_t bars = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++bars;
    CHECK_MESSAGE((bars == 10 || bars == 7 || bars == 11), line);  // types, total, incidents
    ++rows;
    pos = end;
  }
  CHECK(rows == 3 + 2 + 2 + 5);  // minor, impacting, total, incidents: header and rows

  r.types[0].missed = 0;
  r.incidents[0].slo_missed = 0;
  CHECK(render_slo_markdown(r, tokyo()).find("すべての目標を達成しました") != std::string::npos);
}

TEST_CASE("SLO Markdown: a period off day boundaries shows its times") {
  SloReport r;
  r.period = {jst(11, 1, 12), jst(11, 2, 12), ""};
  auto md = render_slo_markdown(r, tokyo());
  CHECK(md.find("2026-11-01 12:00 〜 2026-11-02 12:00 (終了時刻を含まない)") != std::string::npos);
  CHECK(md.find("対象の種別はありません") != std::string::npos);
  CHECK(md.find("集計対象の障害はありません") != std::string::npos);
}

TEST_CASE("SLO HTML is one self-contained page") {
  auto r = sample_slo();
  r.customer = "A&B <x>";
  auto html = render_slo_html(r, tokyo());
  check_self_contained(html);
  CHECK(html.find("A&amp;B &lt;x&gt;") != std::string::npos);
  CHECK(html.find("バックアップ &quot;週次&quot;, 特別") != std::string::npos);
  CHECK(html.find("<td class=\"m ng\">×</td>") != std::string::npos);
  CHECK(html.find("<td class=\"m ok\">○</td>") != std::string::npos);
  CHECK(html.find("<h2>サービスへの影響が軽微なご依頼</h2>") != std::string::npos);
}

TEST_CASE("service report Markdown follows §5.3.3") {
  auto s = sample_service();
  auto md = render_service_markdown(s, tokyo());
  CHECK(md.rfind("# サービスレポート Acme \\<b\\>株式会社\\</b\\> & 'Co' 2026-11\n", 0) == 0);
  auto at = [&](const char* h) { return md.find(h); };
  CHECK(at("## 1. 目標に対する実績") < at("### サービスへの影響が軽微なご依頼"));
  CHECK(at("### 障害に対する対応") < at("## 2. 主要なご依頼"));
  CHECK(at("## 2. 主要なご依頼") < at("## 3. 重大な障害"));
  CHECK(at("## 3. 重大な障害") < at("## 4. 件数と傾向"));
  CHECK(at("## 4. 件数と傾向") < at("## 5. 不適合と原因"));
  CHECK(at("## 5. 不適合と原因") < at("定義: "));
  CHECK(md.find("| ACME-7 | 各種パッチ当て | db01 に \\<script\\>alert(1)\\</script\\> パッチ | 完了 | 2026-11-02 10:00 | "
                "2026-11-09 18:00 | 2026-11-06 15:00 | ○ |  |") != std::string::npos);
  CHECK(md.find("| ACME-9 | サービス影響あり | web01 決済エラー | クローズ | 2026-11-30 10:00 | 2026-11-30 10:20 | "
                "20 分 | × | ○ | 0 | 0 | — | — | インスタンスを再起動 |") != std::string::npos);
  CHECK(md.find("| **合計** | **8** |") != std::string::npos);
  CHECK(md.find("| 月曜日 | 3 |") != std::string::npos);
  CHECK(md.find("| 2026-02 | 0 | 0 | — | 2 | 0 |") != std::string::npos);
  CHECK(md.find("| 2026-04 | 4 | 1 | 80.0% | 1 | 0 |") != std::string::npos);
  CHECK(md.find("| ACME-3 | バックアップ \"週次\", 特別 | 週次バックアップ | 2026-11-10 09:00 | 2026-11-11 18:00 | "
                "2026-11-12 10:00 | 担当者の割り当て漏れ |") != std::string::npos);
}

TEST_CASE("service report Markdown of an empty month says なし") {
  ServiceReport s;
  s.customer = "ACME";
  s.slo.period = {jst(11, 1), jst(12, 1), "2026-11"};
  auto md = render_service_markdown(s, tokyo());
  CHECK(md.rfind("# サービスレポート ACME 2026-11\n", 0) == 0);
  CHECK(md.find("## 5. 不適合と原因\n\nなし\n") != std::string::npos);
  CHECK(md.find("## 2. 主要なご依頼\n\nなし\n") != std::string::npos);
  CHECK(md.find("### エスカレーションしたご依頼\n\nなし\n") != std::string::npos);
  // The seven sections before, the month's problems, and its changes (the
  // last section: its counts, then none listed).
  CHECK(md.find("## 6. 問題管理\n\nなし\n") != std::string::npos);
  CHECK(md.find("## 7. 変更管理\n") != std::string::npos);
  CHECK(count(md, "なし\n") == 9);
}

TEST_CASE("service report lists the month's problems last, with root cause and known error") {
  auto s = sample_service();
  s.problems = {ReportProblem{"PRB-1", "db01 の接続数不足", "known-error", "max_connections が不足", true, {"ACME-7", "ACME-9"}},
                ReportProblem{"PRB-3", "web01 の 5xx", "open", "", false, {}}};
  auto md = render_service_markdown(s, tokyo());
  auto at = [&](const char* text) { return md.find(text); };
  CHECK(at("## 5. 不適合と原因") < at("問題管理"));
  CHECK(md.find("| PRB-1 | db01 の接続数不足 | known-error | max\\_connections が不足 | はい | ACME-7, ACME-9 |") !=
        std::string::npos);
  CHECK(md.find("| PRB-3 | web01 の 5xx | open | 未特定 | いいえ | — |") != std::string::npos);
  auto j = to_json(s, tokyo());
  CHECK(j["problems"].size() == 2);
  CHECK(j["problems"][0]["root_cause"] == "max_connections が不足");
  CHECK(j["problems"][1]["root_cause"].is_null());
  CHECK(j["problems"][1]["known_error"] == false);
  CHECK(render_service_html(s, tokyo()).find("問題管理") != std::string::npos);
}

TEST_CASE("service report lists the month's changes after its problems, with the counts of outcomes") {
  auto s = sample_service();
  s.changes = {ReportChange{"CHG-1", "rds01 のアップグレード", "ACME", "closed", "succeeded"},
               ReportChange{"CHG-2", "パラメータ変更", "ACME", "reviewed", "rolled-back"},
               ReportChange{"CHG-3", "web01 の再起動", "ACME", "scheduled", ""}};
  auto md = render_service_markdown(s, tokyo());
  auto at = [&](const char* text) { return md.find(text); };
  CHECK(at("問題管理") < at("変更管理"));
  CHECK(md.find("| CHG-1 | rds01 のアップグレード | ACME | closed | succeeded |") != std::string::npos);
  CHECK(md.find("| CHG-3 | web01 の再起動 | ACME | scheduled | — |") != std::string::npos);
  auto j = to_json(s, tokyo());
  CHECK(j["changes"].size() == 3);
  CHECK(j["changes"][2]["outcome"].is_null());
  CHECK(j["change_counts"]["succeeded"] == 1);
  CHECK(j["change_counts"]["failed"] == 0);
  CHECK(j["change_counts"]["rolled_back"] == 1);
  CHECK(render_service_html(s, tokyo()).find("変更管理") != std::string::npos);
}

TEST_CASE("service report HTML: self-contained, three charts, escaped") {
  auto s = sample_service();
  s.slo.types[2].name = "<b>パッチ</b>";
  auto html = render_service_html(s, tokyo());
  check_self_contained(html);
  CHECK(count(html, "<svg") == 3);
  CHECK(count(html, "</svg>") == 3);
  CHECK(count(html, "<rect") >= 3 + 11 + 3);  // bars by type, months with data, incidents
  CHECK(html.find("<title>サービスレポート Acme &lt;b&gt;株式会社&lt;/b&gt; &amp; &#39;Co&#39; 2026-11</title>") !=
        std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("&lt;b&gt;パッチ&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("aria-label=\"種別ごとのご依頼件数\"") != std::string::npos);
  CHECK(html.find("SLO 15分") != std::string::npos);
  CHECK(html.find("SLA 30分") != std::string::npos);
  CHECK(html.find("目標 100%") != std::string::npos);
  CHECK(html.find("データなし") == std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("size:A4") != std::string::npos);
  for (const char* h : {"1. 目標に対する実績", "2. 主要なご依頼", "3. 重大な障害", "4. 件数と傾向", "5. 不適合と原因"})
    CHECK_MESSAGE(html.find(std::string("<h2>") + h + "</h2>") != std::string::npos, h);
}

TEST_CASE("service report HTML of an empty month stays readable") {
  ServiceReport s;
  s.customer = "ACME";
  s.slo.period = {jst(11, 1), jst(12, 1), "2026-11"};
  auto html = render_service_html(s, tokyo());
  check_self_contained(html);
  CHECK(count(html, "<svg") == 3);
  CHECK(count(html, "データなし") == 3);
  for (const char* bad : {"=\"nan", "=\"-nan", "=\"inf", "=\"-inf", ">nan<", ">inf<"})
    CHECK_MESSAGE(html.find(bad) == std::string::npos, bad);
  CHECK(html.find("<p class=\"none\">なし</p>") != std::string::npos);
}

TEST_CASE("service report HTML colours each first notification by its verdict") {
  auto s = sample_service();
  // ACME-9: serious, notified in 20 minutes: SLO missed, SLA met.
  // ACME-12: not impacting, 70 minutes: missed, and there is no SLA.
  s.nonconformities.push_back(ReportItem{"ACME-12", "no", "x", "open", jst(11, 3, 9), jst(11, 3, 10),
                                         jst(11, 3, 10, 10), "", true});
  s.slo.incident_details.push_back(detail("ACME-12", "no", jst(11, 3, 9), jst(11, 3, 10, 10), true, false));
  // ACME-13: serious, 45 minutes: SLA missed.
  s.serious_incidents.push_back(detail("ACME-13", "yes", jst(11, 4, 9), jst(11, 4, 9, 45), true, true));
  s.slo.incident_details.push_back(s.serious_incidents.back());
  s.notify_minutes = {{"ACME-9", 20}, {"ACME-10", 5}, {"ACME-11", 41}, {"ACME-12", 70}, {"ACME-13", 45}};
  auto html = render_service_html(s, tokyo());
  auto chart = html.substr(html.find("<svg"), html.find("</svg>") - html.find("<svg"));
  REQUIRE(chart.find("chart-notify") != std::string::npos);
  CHECK(count(chart, "class=\"bar ok\"><title>ACME-10") == 1);
  CHECK(count(chart, "class=\"bar ok\"><title>ACME-11") == 1);  // not impacting, within 60 minutes
  CHECK(count(chart, "class=\"bar warn\"><title>ACME-9") == 1);
  CHECK(count(chart, "class=\"bar ng\"><title>ACME-12") == 1);
  CHECK(count(chart, "class=\"bar ng\"><title>ACME-13") == 1);
  CHECK(html.find("<td>障害 (サービス影響なし)</td>") != std::string::npos);  // its type, in the nonconformities
  CHECK(html.find("<td class=\"t\">対応中</td>") != std::string::npos);        // an open incident
  s.requests_by_weekday = {{"月", 1}};
  CHECK(render_service_markdown(s, tokyo()).find("| 月曜日 | 1 |") != std::string::npos);
}

TEST_CASE("the policy's minutes word every figure of a report") {
  IncidentPolicy p;
  p.first_slo_impacting = 10min;
  p.first_sla_impacting = 20min;
  p.first_slo_not_impacting = 45min;
  p.interim_every = 50min;
  auto d = slo_report_definition(p);
  for (const char* word : {"more than 10 minutes after receipt", "or 45 minutes (not impacting)",
                           "the SLA likewise with 20 minutes"})
    CHECK_MESSAGE(d.find(word) != std::string::npos, word);
  IncidentPolicy one;
  one.first_slo_impacting = 1min;
  CHECK(slo_report_definition(one).find("more than 1 minute after receipt") != std::string::npos);

  auto s = sample_service();
  s.slo.policy = p;
  // ACME-14: serious, 25 minutes: within a 30-minute SLA, not within this 20.
  s.serious_incidents.push_back(detail("ACME-14", "yes", jst(11, 5, 9), jst(11, 5, 9, 25), true, true));
  s.slo.incident_details.push_back(s.serious_incidents.back());
  s.notify_minutes.emplace_back("ACME-14", 25);
  for (const auto& text : {render_slo_markdown(s.slo, tokyo()), render_slo_html(s.slo, tokyo()),
                           render_service_markdown(s, tokyo()), render_service_html(s, tokyo())}) {
    CHECK(text.find("サービス影響がある場合 (SLO 10 分 / SLA 20 分)") != std::string::npos);
    CHECK(text.find("サービス影響がない場合 (SLO 45 分 / SLA なし)") != std::string::npos);
    CHECK(text.find("影響未判定 (影響ありとして扱う: SLO 10 分 / SLA 20 分)") != std::string::npos);
    // The documents are Japanese, their definition too.
    CHECK(text.find("受付から 10 分 (サービス影響あり、または影響未判定の障害) または 45 分") != std::string::npos);
    CHECK(text.find("SLA も同様に 20 分") != std::string::npos);
    CHECK(text.find("50 分ごとに期限") != std::string::npos);
    CHECK(text.find("Requests count") == std::string::npos);
    for (const char* old : {"15 分", "30 分", "60 分", "15分", "30分", "60分", "15 minutes", "30 minutes", "60 minutes"})
      CHECK_MESSAGE(text.find(old) == std::string::npos, old);
  }
  auto html = render_service_html(s, tokyo());
  CHECK(html.find("SLO 10分") != std::string::npos);
  CHECK(html.find("SLA 20分") != std::string::npos);
  CHECK(html.find("SLO (10 分) と SLA (20 分)") != std::string::npos);
  CHECK(html.find("サービス影響がない場合の SLO は 45 分") != std::string::npos);
  auto chart = html.substr(html.find("<svg"), html.find("</svg>") - html.find("<svg"));
  REQUIRE(chart.find("chart-notify") != std::string::npos);
  CHECK(count(chart, "class=\"bar warn\"><title>ACME-9") == 1);  // 20 minutes: the SLA's own minute
  CHECK(count(chart, "class=\"bar ng\"><title>ACME-14") == 1);   // 25 minutes: past this SLA
}

TEST_CASE("tier headings are the catalog's words for the tiers") {
  Catalog cat = Catalog::parse(R"({"version": 1,
    "tiers": {"minor": {"name": "軽微な作業", "name_en": "Minor work"},
              "impacting": {"name": "影響のある作業", "name_en": "Impacting work"}},
    "types": [{"code": "reboot", "name": "再起動", "tier": "impacting", "slo_days": 2,
               "fields": [{"name": "host", "description": "ホスト名"}]}]})",
                               "desk.json");
  auto r = sample_slo();
  r.tiers = tiers_of(cat);
  r.types.push_back(type("feature-proposal", "新機能提案", Tier::advanced, 5, 1, 0));
  auto md = render_slo_markdown(r, tokyo());
  CHECK(md.find("## 軽微な作業\n") != std::string::npos);
  CHECK(md.find("## 影響のある作業\n") != std::string::npos);
  CHECK(md.find("## advanced\n") != std::string::npos);  // this catalog has no name for it: its code
  CHECK(md.find("サービスへの影響") == std::string::npos);
  auto html = render_slo_html(r, tokyo());
  CHECK(html.find("<h2>軽微な作業</h2>") != std::string::npos);
  CHECK(html.find("<h2>影響のある作業</h2>") != std::string::npos);
  CHECK(html.find("サービスへの影響") == std::string::npos);
  ServiceReport s;
  s.slo = r;
  CHECK(render_service_markdown(s, tokyo()).find("### 影響のある作業\n") != std::string::npos);
}

// --- the document model and its renderers ---------------------------------------

namespace {

/// A small document of every kind of block, in made-up words.
Document sample_document() {
  Document d;
  d.title = "Title *one*";
  d.page_title = "Page title";
  d.text_title = "TERM TITLE";
  d.meta = {Field{"Who", "A|B", kAllMedia}, Field{"When", "html only", kHtml}};
  d.blocks.push_back(Paragraph{{{"Verdict: ", false}, {"missed", true}}, Tone::ng, kPages});
  Table grouped;
  grouped.id = "thing";
  grouped.title = "Things";
  grouped.empty = "No things.";
  grouped.group_column = Column{"kind", "", "KIND", Align::left, false, kText | kCsv};
  grouped.groups = {Group{"a", "Group A"}, Group{"b", "Group B"}, Group{"c", "Group C"}};
  grouped.columns = {Column{"name", "Name", "NAME", Align::left, false, kAllMedia},
                     Column{"n", "Count", "N", Align::right, true, kAllMedia},
                     Column{"secret", "", "SECRET", Align::left, false, kText},
                     Column{"ok", "Mark", "", Align::center, false, kAllMedia}};
  grouped.rows = {Row{{Cell{"x_1", "x1", "x-1"}, Cell{"3", "3", "3", Verdict::missed}, Cell{"s", "s", "s"},
                       Cell{"×", "×", "×", Verdict::missed}},
                      1, false},
                  Row{{Cell{"y", "y", "y"}, Cell{"12", "12", "12"}, Cell{"t", "t", "t"},
                       Cell{"○", "○", "○", Verdict::kept}},
                      0, false}};
  d.blocks.push_back(grouped);
  Section s{"Part", kPages, {}, {}};
  Table other;
  other.id = "other";
  other.empty = "None.";
  other.columns = {Column{"n", "Count", "N", Align::right, true, kAllMedia},
                   Column{"when", "When", "WHEN", Align::nowrap, false, kAllMedia}};
  other.rows = {Row{{Cell{"7", "7", "7"}, Cell{"today", "now", "2026"}}, 0, false},
                Row{{Cell{"7", "7", "7"}, Cell{"", "", ""}}, 0, true}};
  s.blocks.push_back(other);
  Section sub{"Sub part", kAllMedia, {}, {}};
  Table days;
  days.id = "days";
  days.empty = "None.";
  days.across = true;
  days.columns = {Column{"day", "Day", "DAY", Align::left, false, kAllMedia},
                  Column{"n", "Count", "N", Align::right, true, kAllMedia}};
  days.rows = {Row{{Cell{"Mo", "Mo", "mo"}, Cell{"1", "1", "1"}}, 0, false},
               Row{{Cell{"Tu", "Tu", "tu"}, Cell{"2", "2", "2"}}, 0, false}};
  sub.blocks.push_back(days);
  Chart pictured;  // no table: left out where there are no pictures
  pictured.id = "chart-x";
  pictured.title = "X per day";
  pictured.summary = "Xs.";
  pictured.caption = "A caption";
  pictured.no_data = "nothing";
  pictured.unit = "min";
  pictured.points = {ChartPoint{"Mo", 5, "5", "Mo: 5", "ok"}, ChartPoint{"Tu", std::nullopt, "-", "Tu: none", ""}};
  pictured.lines = {ChartLine{15, "slo", "SLO 15"}};
  pictured.legend = {LegendEntry{LegendEntry::Kind::box, "ok", "fine", "a fine day"}};
  sub.blocks.push_back(pictured);
  Chart tabled = pictured;  // with its table for the others
  tabled.id = "chart-y";
  tabled.shape = Chart::Shape::bars;
  tabled.table = Table{"ys", {Column{"day", "Day", "DAY", Align::left, false, kAllMedia}}, {}, "No ys.", {}, {}, "",
                       false, kAllMedia};
  sub.blocks.push_back(tabled);
  s.sections.push_back(sub);
  d.sections.push_back(s);
  d.footer = {Field{"Made", "then", kPages}};
  d.definition = Field{"Definition", "What it all means.", kPages | kText};
  return d;
}

}  // namespace

TEST_CASE("document: text shows a terminal's title, tables aligned and the definition") {
  auto text = render_text(sample_document());
  CHECK(text ==
        "TERM TITLE\n"
        "\n"
        "Who: A|B\n"
        "\n"
        "KIND  NAME   N  SECRET\n"
        "b     x1     3  s       ×\n"
        "a     y     12  t       ○\n"
        "\n"
        "N  WHEN\n"
        "7  now\n"
        "7\n"
        "\n"
        "Sub part\n"
        "\n"
        "DAY  N\n"
        "Mo   1\n"
        "Tu   2\n"
        "\n"
        "DAY\n"
        "\n"
        "What it all means.\n");
}

TEST_CASE("document: Markdown headings by level, groups, escaping, totals and charts as tables") {
  auto md = render_markdown(sample_document());
  CHECK(md ==
        "# Title \\*one\\*\n"
        "\n"
        "Who: A\\|B\n"
        "\n"
        "Verdict: **missed**\n"
        "\n"
        "## Group A\n"
        "\n"
        "| Name | Count | Mark |\n"
        "|---|---:|:---:|\n"
        "| y | 12 | ○ |\n"
        "\n"
        "## Group B\n"
        "\n"
        "| Name | Count | Mark |\n"
        "|---|---:|:---:|\n"
        "| x\\_1 | 3 | × |\n"
        "\n"
        "## Part\n"
        "\n"
        "| Count | When |\n"
        "|---:|---|\n"
        "| 7 | today |\n"
        "| **7** | **** |\n"
        "\n"
        "### Sub part\n"
        "\n"
        "| Day | Count |\n"
        "|---|---:|\n"
        "| Mo | 1 |\n"
        "| Tu | 2 |\n"
        "\n"
        "No ys.\n"
        "\n"
        "---\n"
        "\n"
        "Made: then\n"
        "\n"
        "Definition: What it all means.\n");
}

TEST_CASE("document: a grouped table without rows reads as its title and its empty text") {
  Document d;
  d.title = "T";
  Table t;
  t.title = "Things";
  t.empty = "No things.";
  t.group_column = Column{"kind", "", "KIND", Align::left, false, kText | kCsv};
  t.groups = {Group{"a", "A"}};
  t.columns = {Column{"name", "Name", "NAME", Align::left, false, kAllMedia}};
  d.blocks.push_back(t);
  CHECK(render_markdown(d) == "# T\n\n## Things\n\nNo things.\n\n");
  CHECK(render_html(d).find("<h2>Things</h2>\n<p class=\"none\">No things.</p>\n") != std::string::npos);
  CHECK(render_text(d) == "T\n\nKIND  NAME\n\n");
}

TEST_CASE("document: HTML is one page with classes for alignment and verdicts") {
  auto html = render_html(sample_document());
  check_self_contained(html);
  CHECK(html.find("<title>Page title</title>") != std::string::npos);
  CHECK(html.find("<h1>Title *one*</h1>") != std::string::npos);
  CHECK(html.find("<dl class=\"meta\"><dt>Who</dt><dd>A|B</dd><dt>When</dt><dd>html only</dd></dl>") !=
        std::string::npos);
  CHECK(html.find("<p class=\"verdict ng\">Verdict: <strong>missed</strong></p>") != std::string::npos);
  CHECK(html.find("<h2>Group A</h2>\n<table>") != std::string::npos);
  CHECK(html.find("<tr><td>y</td><td class=\"n\">12</td><td class=\"m ok\">○</td></tr>") != std::string::npos);
  CHECK(html.find("<tr><td>x_1</td><td class=\"n ng\">3</td><td class=\"m ng\">×</td></tr>") != std::string::npos);
  CHECK(html.find("SECRET") == std::string::npos);  // a terminal's column only
  CHECK(html.find("<section>\n<h2>Part</h2>\n") != std::string::npos);
  CHECK(html.find("<td class=\"t\">today</td>") != std::string::npos);
  CHECK(html.find("<td class=\"n\"><strong>7</strong></td>") != std::string::npos);
  CHECK(html.find("<h3>Sub part</h3>") != std::string::npos);
  CHECK(html.find("<table>\n<thead><tr><th scope=\"col\">Mo</th><th scope=\"col\">Tu</th></tr></thead>\n"
                  "<tbody><tr><td class=\"n\">1</td><td class=\"n\">2</td></tr></tbody>\n</table>\n") !=
        std::string::npos);  // laid across
  CHECK(count(html, "<svg") == 2);  // both charts are drawn, neither table is
  CHECK(html.find("No ys.") == std::string::npos);
  CHECK(html.find("<desc id=\"chart-x-desc\">Xs. Mo: 5; Tu: none;</desc>") != std::string::npos);
  CHECK(html.find("class=\"bar ok\"><title>Mo: 5</title>") != std::string::npos);
  CHECK(html.find("class=\"slo\"/>") != std::string::npos);
  CHECK(html.find(">SLO 15</text>") != std::string::npos);
  CHECK(html.find(">fine</text>") != std::string::npos);
  CHECK(html.find("<figcaption>A caption</figcaption>") != std::string::npos);
  CHECK(html.find("<footer>\n<p>Made: then</p>\n<p>Definition: What it all means.</p>\n</footer>\n") !=
        std::string::npos);
}

TEST_CASE("document: charts without values say so, and never draw nan") {
  Chart ch;
  ch.id = "c";
  ch.no_data = "nothing";
  for (auto shape : {Chart::Shape::columns, Chart::Shape::bars}) {
    ch.shape = shape;
    Document d;
    d.blocks.push_back(ch);
    auto html = render_html(d);
    CHECK(html.find(">nothing</text>") != std::string::npos);
    for (const char* bad : {"=\"nan", "=\"-nan", "=\"inf", "=\"-inf", ">nan<", ">inf<"})
      CHECK_MESSAGE(html.find(bad) == std::string::npos, bad);
  }
}

TEST_CASE("document: CSV is one sheet, a section column and every table's columns side by side") {
  auto rows = parse_csv(render_csv(sample_document()));
  REQUIRE(rows.size() == 1 + 2 + 2 + 2);
  // Columns of the same key share a place; a terminal's own (secret) is left out.
  CHECK(rows[0] == std::vector<std::string>{"section", "kind", "name", "n", "ok", "when", "day"});
  CHECK(rows[1] == std::vector<std::string>{"thing", "b", "x-1", "3", "×", "", ""});
  CHECK(rows[2] == std::vector<std::string>{"thing", "a", "y", "12", "○", "", ""});
  CHECK(rows[3] == std::vector<std::string>{"other", "", "", "7", "", "2026", ""});
  CHECK(rows[4] == std::vector<std::string>{"other", "", "", "7", "", "", ""});
  CHECK(rows[5] == std::vector<std::string>{"days", "", "", "1", "", "", "mo"});
  CHECK(rows[6] == std::vector<std::string>{"days", "", "", "2", "", "", "tu"});
}

TEST_CASE("SLO document: built once from the report, with the policy's and the catalog's words") {
  auto r = sample_slo();
  auto d = slo_document(r, tokyo());
  CHECK(d.text_title == "SLO report 2026-11 for ACME");
  CHECK(d.page_title == "SLO・SLA 順守状況 ACME 2026-11");
  REQUIRE(d.blocks.size() == 3);  // the verdict, the types, their total for documents
  const auto& verdict = std::get<Paragraph>(d.blocks[0]);
  CHECK(verdict.tone == Tone::ng);
  CHECK(verdict.media == kPages);  // a terminal shows the figures only
  const auto& types = std::get<Table>(d.blocks[1]);
  CHECK(types.id == "type");
  REQUIRE(types.groups.size() == 4);
  CHECK(types.groups[0].label == "サービスへの影響が軽微なご依頼");
  CHECK(types.groups[1].code == "impacting");
  REQUIRE(types.rows.size() == 4);
  CHECK(types.rows[2].group == 1);
  CHECK(types.rows[3].total);  // on a terminal and in CSV; documents have the total's own table
  CHECK(types.rows[3].group == types.groups.size());
  const auto& total = std::get<Table>(d.blocks[2]);
  CHECK(total.media == kPages);
  CHECK(total.rows.at(0).total);
  CHECK(types.rows[0].cells[4].shown == "1 営業日");
  CHECK(types.rows[0].cells[4].terse == "1bd");
  CHECK(types.rows[0].cells[4].raw == "1");
  CHECK(types.rows[0].cells[7].verdict == Verdict::missed);  // 1 missed
  CHECK(types.rows[1].cells[7].verdict == Verdict::none);    // 0 missed
  REQUIRE(d.sections.size() == 3);
  CHECK(d.sections[0].title == "障害に対する対応");
  CHECK(d.sections[1].title == "障害ごとの対応");
  CHECK(d.sections[2].title == "エスカレーションしたご依頼");
  const auto& incidents = std::get<Table>(d.sections[0].blocks.at(0));
  CHECK(incidents.rows[1].cells[0].terse == "no");
  CHECK(incidents.rows[1].cells[0].shown == "サービス影響がない場合 (SLO 60 分 / SLA なし)");
  CHECK(incidents.rows[1].cells[4].raw.empty());  // no SLA
  CHECK(d.definition.value == slo_report_definition_ja(r.policy));  // the documents' language
  CHECK(d.definition.media == kPages);
  CHECK(d.text_definition == slo_report_definition(r.policy));

  r.policy.first_slo_not_impacting = 45min;
  d = slo_document(r, tokyo());
  CHECK(std::get<Table>(d.sections[0].blocks.at(0)).rows[1].cells[0].shown ==
        "サービス影響がない場合 (SLO 45 分 / SLA なし)");
  CHECK(d.text_definition.find("or 45 minutes (not impacting)") != std::string::npos);
  CHECK(d.definition.value.find("または 45 分 (サービス影響なし)") != std::string::npos);
}

TEST_CASE("SLO text: the terminal's tables of types and incidents, then the definition") {
  auto text = render_text(slo_document(sample_slo(), tokyo()));
  auto definition = slo_report_definition(IncidentPolicy{});
  CHECK(text ==
        "SLO report 2026-11 for ACME\n"
        "\n"
        "TIER       TYPE        種別                       BY        SLO  DUE  MET  MISSED  OVERDUE  OPEN     ATTAIN\n"
        "minor      backup      バックアップ \"週次\", 特別  customer  1bd    3    2       1        1     0  ×   66.7%\n"
        "minor      monitoring  監視|設定変更依頼          customer  1bd    3    3       0        0     0  ○  100.0%\n"
        "impacting  patch       各種パッチ当て             both      5bd    0    0       0        0     2  ○       -\n"
        "           total       合計                                        6    5       1        1     2  ×   83.3%\n"
        "\n"
        "IMPACT    INCIDENTS  NOTIFIED  SLO MISSED  SLA MISSED  MEDIAN  P95  SLO  SLA  INTERIM  LATE\n"
        "yes               3         3           1           0     10m  20m  ×    ○          0     0\n"
        "no                1         1           0           -      5m   5m  ○    -          0     0\n"
        "unjudged          0         0           0           0       -    -  ○    ○          0     0\n"
        "total             4         4           1           0       -    -  ×    ○          0     0\n"
        "\n" +
            definition + "\n");
}

TEST_CASE("service document: §5.3.3's five sections, charts with their tables where pictures are missing") {
  auto s = sample_service();
  s.nonconformities.push_back(ReportItem{"ACME-4", "backup", "x", "open", jst(11, 3, 9), jst(11, 3, 19),
                                         std::nullopt, "", true});
  auto d = service_document(s, tokyo());
  // The five sections, then the month's problems and its changes.
  REQUIRE(d.sections.size() == 7);
  CHECK(d.sections[5].title == "6. 問題管理");
  CHECK(d.sections[6].title == "7. 変更管理");
  CHECK(d.sections[0].title == "1. 目標に対する実績");
  const auto& incidents = d.sections[0].sections.at(0);
  CHECK(incidents.title == "障害に対する対応");
  const auto& notify = std::get<Chart>(incidents.blocks.at(1));
  CHECK(notify.id == "chart-notify");
  CHECK_FALSE(notify.table);  // only HTML draws it
  REQUIRE(notify.lines.size() == 2);
  CHECK(notify.lines[0].value == 15);
  CHECK(notify.lines[1].label == "SLA 30分");
  CHECK(notify.points[0].tone == "warn");  // ACME-9: SLO missed, SLA met

  const auto& counts = d.sections[3];
  REQUIRE(counts.sections.size() == 3);
  const auto& by_type = std::get<Chart>(counts.sections[0].blocks.at(0));
  REQUIRE(by_type.table);
  CHECK(by_type.table->rows.back().total);
  CHECK(by_type.table->rows.back().cells[1].raw == "8");
  CHECK(std::get<Table>(counts.sections[1].blocks.at(0)).across);
  const auto& trend = std::get<Chart>(counts.sections[2].blocks.at(0));
  CHECK(trend.top == 100.0);
  CHECK(trend.points[1].shown == "—");  // February: nothing decided
  CHECK_FALSE(trend.points[1].value);
  CHECK(trend.points[3].tone == "ng");  // April: a miss
  const auto& nc = std::get<Table>(d.sections[4].blocks.at(0));
  CHECK(nc.rows.back().cells.back().shown == "(原因未記録)");
  CHECK(nc.rows.back().cells[5].shown == "—");  // not resolved
  CHECK(nc.rows.back().cells[5].terse == "-");

  // Markdown shows the chart of counts as its table, and leaves the others out.
  auto md = render_markdown(d);
  CHECK(md.find("| **合計** | **8** |") != std::string::npos);
  CHECK(md.find("初報までの時間 (分)") == std::string::npos);
  // A terminal reads the same document.
  auto text = render_text(d);
  CHECK(text.rfind("サービスレポート Acme <b>株式会社</b> & 'Co' 2026-11\n\nお客様: ", 0) == 0);
  CHECK(text.find("5. 不適合と原因\n") != std::string::npos);
  CHECK(text.find("ACME-4  backup  x                 2026-11-03 09:00  2026-11-03 19:00  -                 (原因未記録)\n") !=
        std::string::npos);
}
