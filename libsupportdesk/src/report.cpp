/// The documents of the SLO/SLA compliance report (white paper appendix 5)
/// and the monthly service report (§5.3.3), built once from the figures;
/// document.cpp renders them as text, Markdown, HTML and CSV. Every word and
/// every figure's wording is here: the policy's minutes and the catalog's
/// tier names come in the report. Pure: nothing here reads a clock or a file.
#include "supportdesk/report.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string_view>

namespace sd {

namespace {

// --- words ---------------------------------------------------------------

/// A tier as the catalog names it, else by its code.
std::string tier_name(const SloReport& r, Tier t) {
  for (const auto& info : r.tiers)
    if (info.tier == t && !info.name.empty()) return info.name;
  return std::string(to_string(t));
}

/// `15 分`: a policy's minutes in Japanese.
std::string minutes_ja(std::chrono::minutes m) { return std::to_string(m.count()) + " 分"; }

/// `15 minutes`, `1 minute`.
std::string minutes_en(std::chrono::minutes m) {
  return std::to_string(m.count()) + (m.count() == 1 ? " minute" : " minutes");
}

/// 起票 (通常時) as appendix 1 words it.
std::string raised_by_ja(std::string_view r) {
  if (r == "customer") return "お客様";
  if (r == "provider") return "サポートデスク";
  if (r == "both") return "双方";
  return std::string(r);
}

struct ImpactWords {
  std::string label;  ///< the 影響 cell
  bool has_sla;
};

ImpactWords impact_words(std::string_view impact, const IncidentPolicy& p) {
  const std::string impacting = "SLO " + minutes_ja(p.first_slo_impacting) + " / SLA " + minutes_ja(p.first_sla_impacting);
  if (impact == "yes") return {"サービス影響がある場合 (" + impacting + ")", true};
  if (impact == "no") return {"サービス影響がない場合 (SLO " + minutes_ja(p.first_slo_not_impacting) + " / SLA なし)", false};
  if (impact == "unjudged") return {"影響未判定 (影響ありとして扱う: " + impacting + ")", true};
  return {std::string(impact), true};
}

/// Statuses of requests and incidents; an open incident is being handled.
std::string status_ja(std::string_view s, bool incident = false) {
  if (s == "open") return incident ? "対応中" : "受付済み";
  if (s == "in-progress") return "対応中";
  if (s == "waiting") return "お客様確認待ち";
  if (s == "resolved") return "完了";
  if (s == "closed") return "クローズ";
  if (s == "recovered") return "復旧";
  if (s == "confirmed") return "復旧確認済み";
  return std::string(s);
}

/// `月` -> `月曜日`: the store gives weekdays as their Japanese initial.
std::string weekday_ja(std::string_view s) {
  static constexpr std::string_view kJa[] = {"月", "火", "水", "木", "金", "土", "日"};
  for (auto ja : kJa)
    if (s == ja) return std::string(ja) + "曜日";
  return std::string(s);
}

/// A type code shown by its Japanese name when the report knows it. Items
/// for incidents carry their impact (yes, no, unjudged) as their type.
std::string type_name(const SloReport& r, std::string_view code) {
  for (const auto& t : r.types)
    if (t.type == code) return t.name.empty() ? t.type : t.name;
  if (code == "yes") return "障害 (サービス影響あり)";
  if (code == "no") return "障害 (サービス影響なし)";
  if (code == "unjudged") return "障害 (影響未判定)";
  return std::string(code);
}

// --- numbers and times ---------------------------------------------------

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string percent(std::optional<double> v) { return v ? fixed1(*v) + "%" : "—"; }

std::optional<double> attainment(std::int64_t met, std::int64_t missed) {
  auto decided = met + missed;
  if (decided == 0) return std::nullopt;
  return 100.0 * static_cast<double>(met) / static_cast<double>(decided);
}

std::string mark(bool kept) { return kept ? "○" : "×"; }

/// `12 分 30 秒`, `1 時間 5 分`, `2 日 3 時間`: a length for Japanese tables.
std::string ja_duration(std::int64_t seconds) {
  std::string out;
  if (seconds < 0) {
    out = "-";
    seconds = -seconds;
  }
  auto d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
  auto add = [&](std::int64_t v, const char* unit) {
    if (!out.empty() && out != "-") out += ' ';
    out += std::to_string(v) + " " + unit;
  };
  if (d) add(d, "日");
  if (h) add(h, "時間");
  if (m || (!d && !h && !s)) add(m, "分");
  if (s && !d && !h) add(s, "秒");
  return out;
}

bool at_local_midnight(Instant t, const Zone* zone) {
  auto local = zone->to_local(t);
  return local == date::floor<date::days>(local);
}

/// `2026-11 (2026-11-01 〜 2026-11-30, Asia/Tokyo)`: the label and its days,
/// or its times when the period does not fall on day boundaries.
std::string period_text(const Period& p, const Zone* zone) {
  std::string span;
  if (at_local_midnight(p.from, zone) && at_local_midnight(p.to, zone) && p.to > p.from)
    span = format_date(local_date(p.from, zone)) + " 〜 " +
           format_date(local_date(p.to - std::chrono::seconds{1}, zone));
  else
    span = format_local_short(p.from, zone) + " 〜 " + format_local_short(p.to, zone) + " (終了時刻を含まない)";
  span += ", " + std::string(zone->name());
  return p.label.empty() ? span : p.label + " (" + span + ")";
}

std::string customer_text(const SloReport& r) { return r.customer.empty() ? "すべてのお客様" : r.customer; }


// --- cells ---------------------------------------------------------------------

/// Text that reads the same everywhere.
Cell text_cell(const std::string& s) { return Cell{s, s, s, Verdict::none}; }

/// A code that documents put in words: the code on a terminal and in CSV.
Cell code_cell(const std::string& code, const std::string& words) { return Cell{words, code, code, Verdict::none}; }

/// "Does not apply": a dash, or an empty CSV field.
Cell none_cell() { return Cell{"—", "-", "", Verdict::none}; }

/// A count; with `misses`, one that is not zero counts against a target.
Cell count_cell(std::int64_t n, bool misses = false) {
  auto s = std::to_string(n);
  return Cell{s, s, s, misses && n ? Verdict::missed : Verdict::none};
}

Cell days_cell(int days) {
  auto s = std::to_string(days);
  return Cell{s + " 営業日", s + "bd", s, Verdict::none};
}

Cell percent_cell(std::optional<double> v) {
  if (!v) return none_cell();
  return Cell{fixed1(*v) + "%", fixed1(*v) + "%", fixed1(*v), Verdict::none};
}

/// A length: `10 分` in documents, `10m` on a terminal, seconds in CSV.
Cell seconds_cell(std::optional<std::int64_t> s) {
  if (!s) return none_cell();
  return Cell{ja_duration(*s), format_duration(std::chrono::seconds{*s}), std::to_string(*s), Verdict::none};
}

/// ○ or × for people and on a terminal; true or false in CSV.
Cell mark_cell(bool kept) {
  auto m = mark(kept);
  return Cell{m, m, kept ? "true" : "false", kept ? Verdict::kept : Verdict::missed};
}

/// The first notice against the SLA: ○, or × named as the SLA breach it is.
Cell sla_cell(bool missed) {
  if (!missed) return mark_cell(true);
  return Cell{"× (SLA 違反)", "× SLA breach", "false", Verdict::missed};
}

std::string impact_ja(std::string_view impact) {
  if (impact == "yes") return "サービス影響あり";
  if (impact == "no") return "サービス影響なし";
  if (impact == "unjudged") return "影響未判定";
  return std::string(impact);
}

std::string target_ja(std::string_view to) {
  if (to == "support-center") return "サポートセンター";
  if (to == "aws") return "AWS サポート";
  return std::string(to);
}

Cell time_cell(const std::optional<Instant>& t, const Zone* zone) {
  return t ? text_cell(format_local_short(*t, zone)) : none_cell();
}

/// A column read the same by people and on a terminal.
Column column(std::string key, std::string label, Align align = Align::left) {
  Column c{std::move(key), std::move(label), "", align, align == Align::right, kAllMedia};
  c.terse = c.label;
  return c;
}

/// A column with its own terminal heading and places.
Column column(std::string key, std::string label, std::string terse, Align align, bool right_in_text,
              unsigned media = kAllMedia) {
  return Column{std::move(key), std::move(label), std::move(terse), align, right_in_text, media};
}

// --- the compliance part ----------------------------------------------------------

Paragraph verdict(const SloReport& r) {
  Paragraph p;
  p.media = kPages;
  if (r.any_missed()) {
    p.tone = Tone::ng;
    p.spans = {{"判定: ", false}, {"目標未達があります", true}, {" (×の項目)。", false}};
  } else {
    p.tone = Tone::ok;
    p.spans = {{"判定: すべての目標を達成しました。", false}};
  }
  return p;
}

/// Every type's target and whether it was kept, grouped by tier. In CSV
/// these are the `type` rows of the one sheet:
///
///   section,tier,code,name,name_en,raised_by,slo_days,due,met,missed,
///   open_overdue,open,kept,attainment_pct,impact,count,notified,slo_missed,
///   sla_missed,median_seconds,p95_seconds,slo_kept,sla_kept,interim_owed,
///   interim_late
///
/// with the columns tier..attainment_pct filled and the incident columns
/// (impact..interim_late, from incidents_table) empty. Within a section an empty
/// cell means "does not apply": attainment_pct when nothing was decided,
/// median/p95 when no incident was notified, sla_missed and sla_kept for
/// incidents without service impact (they have no SLA). kept/slo_kept/
/// sla_kept are true or false in CSV (○ or × elsewhere); attainment_pct has
/// one decimal; tier and raised_by are the catalog's codes.
Table types_table(const SloReport& r) {
  Table t;
  t.id = "type";
  t.title = "ご依頼に対する作業";
  t.empty = "対象の種別はありません。";
  t.group_column = column("tier", "", "TIER", Align::left, false, kText | kCsv);
  for (Tier tier : kTiers) t.groups.push_back(Group{std::string(to_string(tier)), tier_name(r, tier)});
  t.columns = {
      column("code", "", "TYPE", Align::left, false, kText | kCsv),
      column("name", "種別", "種別", Align::left, false),
      column("name_en", "", "", Align::left, false, kCsv),
      column("raised_by", "依頼者", "BY", Align::left, false),
      column("slo_days", "目標", "SLO", Align::nowrap, true),
      column("due", "期限到来", "DUE", Align::right, true),
      column("met", "達成", "MET", Align::right, true),
      column("missed", "未達", "MISSED", Align::right, true),
      column("open_overdue", "期限超過中", "OVERDUE", Align::right, true),
      column("open", "", "OPEN", Align::right, true, kText | kCsv),
      column("kept", "判定", "", Align::center, false),
      column("attainment_pct", "達成率", "ATTAIN", Align::right, true),
  };
  for (const auto& x : r.types) {
    Row row;
    row.group = static_cast<std::size_t>(std::find(std::begin(kTiers), std::end(kTiers), x.tier) - std::begin(kTiers));
    row.cells = {text_cell(x.type),
                 Cell{x.name.empty() ? x.type : x.name, x.name, x.name, Verdict::none},
                 text_cell(x.name_en),
                 code_cell(x.raised_by, raised_by_ja(x.raised_by)),
                 days_cell(x.slo_days),
                 count_cell(x.due),
                 count_cell(x.met),
                 count_cell(x.missed, true),
                 count_cell(x.open_overdue, true),
                 count_cell(x.open),
                 mark_cell(x.kept()),
                 percent_cell(x.attainment())};
    t.rows.push_back(std::move(row));
  }
  // The total row, after every tier: on a terminal and in CSV (tier empty,
  // code `total`) in this table; in documents a table of its own (total_table).
  if (r.types.empty()) return t;
  auto sum = r.total();
  Row total;
  total.group = t.groups.size();
  total.total = true;
  total.cells = {text_cell("total"), text_cell("合計"), text_cell(""), text_cell(""), text_cell(""),
                 count_cell(sum.due), count_cell(sum.met), count_cell(sum.missed, true),
                 count_cell(sum.open_overdue, true), count_cell(sum.open), mark_cell(sum.kept()),
                 percent_cell(sum.attainment())};
  t.rows.push_back(std::move(total));
  return t;
}

/// The total of every type, as its own table headed 合計 in Markdown and
/// HTML (the tier tables are apart there).
Table total_table(const SloReport& r) {
  Table t;
  t.id = "total";
  t.media = kPages;
  t.group_column = column("tier", "", "", Align::left, false, kCsv);
  t.groups = {Group{"total", "合計"}};
  t.columns = {column("due", "期限到来", Align::right),   column("met", "達成", Align::right),
               column("missed", "未達", Align::right),    column("open_overdue", "期限超過中", Align::right),
               column("kept", "判定", Align::center),     column("attainment_pct", "達成率", Align::right)};
  auto sum = r.total();
  t.rows.push_back(Row{{count_cell(sum.due), count_cell(sum.met), count_cell(sum.missed, true),
                        count_cell(sum.open_overdue, true), mark_cell(sum.kept()), percent_cell(sum.attainment())},
                       0, true});
  return t;
}

/// Incidents by impact, against the policy's minutes; the `incident` rows
/// of the CSV sheet (see types_table).
Table incidents_table(const SloReport& r) {
  Table t;
  t.id = "incident";
  t.empty = "集計対象の障害はありません。";
  t.columns = {
      column("impact", "影響", "IMPACT", Align::left, false),
      column("count", "件数", "INCIDENTS", Align::right, true),
      column("notified", "", "NOTIFIED", Align::right, true, kText | kCsv),
      column("slo_missed", "初報SLO未達", "SLO MISSED", Align::right, true),
      column("sla_missed", "SLA未達", "SLA MISSED", Align::right, true),
      column("first_notice_median_seconds", "初報までの中央値", "MEDIAN", Align::right, true),
      column("first_notice_p95_seconds", "95パーセンタイル", "P95", Align::right, true),
      column("slo_kept", "SLO", "SLO", Align::center, false),
      column("sla_kept", "SLA", "SLA", Align::center, false),
      column("interim_owed", "中間報告", "INTERIM", Align::right, true),
      column("interim_late", "うち遅延", "LATE", Align::right, true),
  };
  IncidentCompliance sum;
  bool sum_has_sla = false;
  for (const auto& i : r.incidents) {
    auto w = impact_words(i.impact, r.policy);
    Row row;
    row.cells = {code_cell(i.impact, w.label),
                 count_cell(i.count),
                 count_cell(i.notified),
                 count_cell(i.slo_missed, true),
                 w.has_sla ? count_cell(i.sla_missed, true) : none_cell(),
                 seconds_cell(i.median_seconds),
                 seconds_cell(i.p95_seconds),
                 mark_cell(i.slo_kept()),
                 w.has_sla ? mark_cell(i.sla_kept()) : none_cell(),
                 count_cell(i.interim_owed),
                 count_cell(i.interim_late, true)};
    t.rows.push_back(std::move(row));
    sum.count += i.count;
    sum.notified += i.notified;
    sum.slo_missed += i.slo_missed;
    sum.interim_owed += i.interim_owed;
    sum.interim_late += i.interim_late;
    if (w.has_sla) {
      sum.sla_missed += i.sla_missed;
      sum_has_sla = true;
    }
  }
  // The total row: its times are in the rows above.
  if (r.incidents.empty()) return t;
  Row total;
  total.total = true;
  total.cells = {code_cell("total", "合計"), count_cell(sum.count), count_cell(sum.notified),
                 count_cell(sum.slo_missed, true), sum_has_sla ? count_cell(sum.sla_missed, true) : none_cell(),
                 none_cell(), none_cell(), mark_cell(sum.slo_kept()),
                 sum_has_sla ? mark_cell(sum.sla_kept()) : none_cell(), count_cell(sum.interim_owed),
                 count_cell(sum.interim_late, true)};
  t.rows.push_back(std::move(total));
  return t;
}

/// Every incident by itself (§5.3.3): the first notice against the SLO and
/// the SLA (an SLA breach named as such), the interim reports owed and
/// late, and the time to recovery. Not in CSV.
Table incident_details_table(const std::vector<IncidentDetail>& list, const Zone* zone, std::string id) {
  Table t;
  t.id = std::move(id);
  t.media = list.empty() ? kPages : kPages | kText;  // a terminal shows no empty table
  t.empty = "なし";
  t.columns = {column("key", "キー", "KEY", Align::nowrap, false),
               column("impact", "影響", "IMPACT", Align::nowrap, false),
               column("title", "件名", "", Align::left, false, kPages),
               column("status", "状態", "STATUS", Align::nowrap, false),
               column("received_at", "受付", "RECEIVED", Align::nowrap, false),
               column("done_at", "初報", "NOTIFIED", Align::nowrap, false),
               column("first_notice_seconds", "初報まで", "TO NOTICE", Align::right, true),
               column("slo_kept", "初報 SLO", "SLO", Align::center, false),
               column("sla_kept", "初報 SLA", "SLA", Align::center, false),
               column("interim_owed", "中間報告", "INTERIM", Align::right, true),
               column("interim_late", "うち遅延", "LATE", Align::right, true),
               column("recovered_at", "復旧", "RECOVERED", Align::nowrap, false),
               column("outage_seconds", "障害時間", "OUTAGE", Align::right, true),
               column("note", "備考", "", Align::left, false, kPages)};
  for (const auto& d : list) {
    Row row;
    row.cells = {text_cell(d.key),
                 code_cell(d.impact, impact_ja(d.impact)),
                 text_cell(d.title),
                 code_cell(d.status, status_ja(d.status, true)),
                 time_cell(d.received_at, zone),
                 time_cell(d.first_notified_at, zone),
                 seconds_cell(d.seconds_to_first_notice()),
                 mark_cell(!d.slo_missed),
                 d.sla_due ? sla_cell(d.sla_missed) : none_cell(),
                 count_cell(d.interim_owed),
                 count_cell(d.interim_late, true),
                 time_cell(d.recovered_at, zone),
                 seconds_cell(d.outage_seconds()),
                 text_cell(d.note)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

/// The requests escalated (to the support center or AWS support). Not in CSV.
Table escalated_table(const SloReport& r, const Zone* zone) {
  Table t;
  t.id = "escalated_requests";
  t.media = r.escalated_requests.empty() ? kPages : kPages | kText;
  t.empty = "なし";
  t.columns = {column("key", "キー", "KEY", Align::nowrap, false),
               column("type", "種別", "TYPE", Align::left, false),
               column("status", "状態", "STATUS", Align::nowrap, false),
               column("escalated_to", "エスカレーション先", "ESCALATED TO", Align::nowrap, false),
               column("received_at", "受付", "RECEIVED", Align::nowrap, false),
               column("title", "件名", "TITLE", Align::left, false)};
  for (const auto& e : r.escalated_requests)
    t.rows.push_back(Row{{text_cell(e.key), code_cell(e.type, type_name(r, e.type)),
                          code_cell(e.status, status_ja(e.status)), code_cell(e.escalated_to, target_ja(e.escalated_to)),
                          time_cell(e.received_at, zone), text_cell(e.title)},
                         0, false});
  return t;
}

std::vector<Field> footer(const SloReport& r, const Zone* zone) {
  return {Field{"対象期間", period_text(r.period, zone), kPages},
          Field{"作成日時", format_instant(r.generated_at, zone), kPages}};
}

/// The definition in the documents' language; a terminal has it in English
/// (Document::text_definition).
Field definition(const SloReport& r) { return Field{"定義", slo_report_definition_ja(r.policy), kPages}; }

// --- the service report's parts ------------------------------------------------------

/// Requests (or incidents) listed by name, with their verdict.
Table items_table(const SloReport& slo, const std::vector<ReportItem>& items, const Zone* zone,
                  bool incidents, std::string id) {
  Table t;
  t.id = std::move(id);
  t.empty = "なし";
  if (incidents)
    t.columns = {column("key", "キー", Align::nowrap),        column("title", "件名"),
                 column("status", "状態", Align::nowrap),     column("received_at", "受付", Align::nowrap),
                 column("due_at", "初報期限", Align::nowrap), column("done_at", "初報", Align::nowrap),
                 column("first_notice_seconds", "初報まで", Align::right),
                 column("kept", "判定", Align::center),      column("note", "備考")};
  else
    t.columns = {column("key", "キー", Align::nowrap),    column("type", "種別"),
                 column("title", "件名"),                 column("status", "状態", Align::nowrap),
                 column("received_at", "受付", Align::nowrap), column("due_at", "期限", Align::nowrap),
                 column("done_at", "完了", Align::nowrap), column("kept", "判定", Align::center),
                 column("note", "備考")};
  for (const auto& it : items) {
    Row row;
    if (incidents)
      row.cells = {text_cell(it.key),
                   text_cell(it.title),
                   code_cell(it.status, status_ja(it.status, true)),
                   time_cell(it.at, zone),
                   time_cell(it.due, zone),
                   time_cell(it.done, zone),
                   seconds_cell(it.done ? std::optional<std::int64_t>((*it.done - it.at).count()) : std::nullopt),
                   mark_cell(!it.missed),
                   text_cell(it.note)};
    else
      row.cells = {text_cell(it.key),
                   code_cell(it.type, type_name(slo, it.type)),
                   text_cell(it.title),
                   code_cell(it.status, status_ja(it.status)),
                   time_cell(it.at, zone),
                   time_cell(it.due, zone),
                   time_cell(it.done, zone),
                   mark_cell(!it.missed),
                   text_cell(it.note)};
    t.rows.push_back(std::move(row));
  }
  return t;
}

/// A bar's colour: ok (SLO met), warn (SLO missed, SLA kept), ng (SLA
/// missed, or the SLO of an incident without SLA).
std::string notify_judgement(const ServiceReport& r, std::string_view key) {
  for (const auto& d : r.slo.incident_details)
    if (d.key == key) {
      if (!d.slo_missed) return "ok";
      return d.sla_due && !d.sla_missed ? "warn" : "ng";
    }
  return "ok";
}

/// (c) Minutes to the first notification per incident, with the SLO and
/// SLA lines for service-impacting incidents.

/// Minutes to the first notification per incident, with the SLO and SLA
/// lines of service-impacting incidents. Only HTML draws it: the serious
/// incidents and the nonconformities list the late ones.
Chart notify_chart(const ServiceReport& r) {
  const auto& p = r.slo.policy;
  Chart ch;
  ch.id = "chart-notify";
  ch.title = "障害ごとの初報までの時間 (分)";
  ch.summary = "障害の受付から初報までの時間。線はサービス影響がある場合の SLO (" + minutes_ja(p.first_slo_impacting) +
               ") と SLA (" + minutes_ja(p.first_sla_impacting) + ")。";
  ch.caption = "棒の色: 緑 初報 SLO 達成、黄 SLO 未達 (SLA 内)、赤 SLA 未達 (SLA のない障害は SLO 未達)。"
               "線はサービス影響がある場合の初報の SLO (" + minutes_ja(p.first_slo_impacting) + ") と SLA (" +
               minutes_ja(p.first_sla_impacting) + ")。サービス影響がない場合の SLO は " +
               minutes_ja(p.first_slo_not_impacting) + "。";
  ch.no_data = "データなし";
  ch.unit = "分";
  for (const auto& [key, m] : r.notify_minutes)
    ch.points.push_back(ChartPoint{key, static_cast<double>(m), std::to_string(m),
                                   key + ": " + std::to_string(m) + " 分", notify_judgement(r, key)});
  ch.lines = {ChartLine{static_cast<double>(p.first_slo_impacting.count()), "slo",
                        "SLO " + std::to_string(p.first_slo_impacting.count()) + "分"},
              ChartLine{static_cast<double>(p.first_sla_impacting.count()), "sla",
                        "SLA " + std::to_string(p.first_sla_impacting.count()) + "分"}};
  return ch;
}

/// Requests received per type: bars in HTML, a table with its total elsewhere.
Chart by_type_chart(const ServiceReport& r) {
  std::int64_t total = 0;
  for (const auto& row : r.requests_by_type) total += row.second;
  Chart ch;
  ch.shape = Chart::Shape::bars;
  ch.id = "chart-types";
  ch.title = "種別ごとのご依頼件数";
  ch.summary = total ? "この月に受け付けたご依頼 " + std::to_string(total) + " 件の種別ごとの内訳:"
                     : "この月に受け付けたご依頼はありません。";
  ch.caption = "この月に受け付けたご依頼: 合計 " + std::to_string(total) + " 件";
  ch.no_data = "データなし";
  Table t;
  t.id = "requests_by_type";
  t.empty = "なし";
  t.columns = {column("type", "種別"), column("count", "件数", Align::right)};
  for (const auto& [code, n] : r.requests_by_type) {
    auto name = type_name(r.slo, code);
    auto count = std::to_string(n) + " 件";
    ch.points.push_back(ChartPoint{name, static_cast<double>(n), count, name + ": " + count, ""});
    t.rows.push_back(Row{{code_cell(code, name), count_cell(n)}, 0, false});
  }
  if (!t.rows.empty()) t.rows.push_back(Row{{text_cell("合計"), count_cell(total)}, 0, true});
  ch.table = std::move(t);
  return ch;
}

Table by_weekday_table(const ServiceReport& r) {
  Table t;
  t.id = "requests_by_weekday";
  t.empty = "なし";
  t.across = true;
  t.columns = {column("weekday", "曜日"), column("count", "件数", Align::right)};
  for (const auto& [day, n] : r.requests_by_weekday)
    t.rows.push_back(Row{{code_cell(day, weekday_ja(day)), count_cell(n)}, 0, false});
  return t;
}

/// Attainment per month, 0–100 %, with the 100 % target. Its figures are
/// in the trend table after it.
Chart trend_chart(const ServiceReport& r) {
  Chart ch;
  ch.id = "chart-trend";
  ch.title = "月ごとの SLO 達成率 (過去 12 か月)";
  ch.summary = "月ごとのご依頼の SLO 達成率。目標は 100%。";
  ch.caption = "ご依頼の SLO 達成率 = 達成 / (達成 + 未達)";
  ch.no_data = "データなし";
  ch.top = 100;
  ch.step = 25;
  ch.tick_suffix = "%";
  for (const auto& m : r.trend) {
    auto a = attainment(m.met, m.missed);
    ChartPoint p{m.month, a, a ? fixed1(*a) : "—", m.month + ": " + percent(a), ""};
    if (a) {
      p.tip += " (達成 " + std::to_string(m.met) + " / 未達 " + std::to_string(m.missed) + ")";
      p.tone = *a >= 100.0 ? "ok" : "ng";
    }
    ch.points.push_back(std::move(p));
  }
  ch.lines = {ChartLine{100, "target", ""}};
  using K = LegendEntry::Kind;
  ch.legend = {LegendEntry{K::line, "target", "目標 100%", ""}, LegendEntry{K::box, "ok", "達成", "目標を達成した月"},
               LegendEntry{K::box, "ng", "未達あり", "未達のあった月"}, LegendEntry{K::text, "", "— 期限到来なし", ""}};
  return ch;
}

Table trend_table(const ServiceReport& r) {
  Table t;
  t.id = "trend";
  t.empty = "なし";
  t.columns = {column("month", "月", Align::nowrap),           column("met", "達成", Align::right),
               column("missed", "未達", Align::right),         column("attainment_pct", "達成率", Align::right),
               column("incidents", "障害", Align::right),      column("incident_slo_missed", "初報SLO未達", Align::right)};
  for (const auto& m : r.trend)
    t.rows.push_back(Row{{text_cell(m.month), count_cell(m.met), count_cell(m.missed, true),
                          percent_cell(attainment(m.met, m.missed)), count_cell(m.incidents),
                          count_cell(m.incident_slo_missed, true)},
                         0, false});
  return t;
}

Table nonconformities_table(const ServiceReport& r, const Zone* zone) {
  Table t;
  t.id = "nonconformities";
  t.empty = "なし";
  t.columns = {column("key", "キー", Align::nowrap), column("type", "種別"),
               column("title", "件名"),              column("received_at", "受付", Align::nowrap),
               column("due_at", "期限", Align::nowrap), column("done_at", "完了", Align::nowrap),
               column("cause", "原因")};
  for (const auto& it : r.nonconformities)
    t.rows.push_back(Row{{text_cell(it.key), code_cell(it.type, type_name(r.slo, it.type)), text_cell(it.title),
                          time_cell(it.at, zone), time_cell(it.due, zone), time_cell(it.done, zone),
                          text_cell(it.note.empty() ? "(原因未記録)" : it.note)},
                         0, false});
  return t;
}

// --- requests named besides the counts ----------------------------------------

/// Where a noted request stands against its due time: ○ met, × missed,
/// 未到来 while open and not yet due; its code on a terminal and in CSV.
Cell standing_cell(Standing s) {
  switch (s) {
    case Standing::met: return Cell{"○", "met", "met", Verdict::kept};
    case Standing::missed: return Cell{"×", "missed", "missed", Verdict::missed};
    case Standing::pending: return Cell{"未到来", "pending", "pending", Verdict::none};
    case Standing::unclocked: break;
  }
  return Cell{"—", "-", "", Verdict::none};
}

/// One of the lists of noted requests. Times are for people and the
/// terminal; CSV keeps the key, type, standing and the exemption's words.
Table noted_table(const SloReport& r, const std::vector<NotedRequest>& list, const Zone* zone,
                  std::string id) {
  Table t;
  t.id = id;
  t.empty = "なし";
  const unsigned seen = kPages | kText;
  bool exempt = id == "exempt";
  t.columns = {column("key", "キー", "KEY", Align::nowrap, false),
               column("code", "種別", "TYPE", Align::left, false),
               column("title", "件名", "TITLE", Align::left, false, seen),
               column("slo_due_at", "SLO 期限", "SLO DUE", Align::nowrap, false, seen),
               column("desired_at", "ご希望日時", "DESIRED", Align::nowrap, false, seen),
               column("due_at", "判定の期限", "DUE", Align::nowrap, false, seen),
               column("done_at", "完了", "DONE", Align::nowrap, false, seen),
               column("standing", "判定", "STANDING", Align::center, false)};
  if (exempt)
    t.columns.insert(t.columns.end(), {column("approved_by", "承認者", "BY", Align::left, false),
                                       column("approved_at", "承認日時", "APPROVED", Align::nowrap, false, seen),
                                       column("reason", "理由", "REASON", Align::left, false)});
  for (const auto& n : list) {
    Row row;
    row.cells = {text_cell(n.key),          code_cell(n.type, type_name(r, n.type)),
                 text_cell(n.title),        time_cell(n.slo_due, zone),
                 time_cell(n.desired, zone), time_cell(n.due, zone),
                 time_cell(n.resolved, zone), standing_cell(n.standing)};
    if (exempt)
      row.cells.insert(row.cells.end(), {text_cell(n.exempt_by), time_cell(n.exempt_at, zone), text_cell(n.exempt_reason)});
    t.rows.push_back(std::move(row));
  }
  return t;
}

/// The three lists of noted requests, with what each means.
Section noted_section(const SloReport& r, const Zone* zone, const std::string& title) {
  Section s{title, kAllMedia, {}, {}};
  auto list = [&](const char* heading, const char* meaning, const std::vector<NotedRequest>& rows, const char* id) {
    s.sections.push_back(Section{heading,
                                 kAllMedia,
                                 {Paragraph{{{meaning, false}}, Tone::plain, kPages}, noted_table(r, rows, zone, id)},
                                 {}});
  };
  list("お客様のご希望日時で判定したご依頼",
       "優先度「中」でご希望日時が SLO 期限より後のご依頼は、お客様のメンテナンス時間帯として"
       "ご希望日時を期限として判定しました (期限内の実施は達成)。",
       r.noted.desired_window, "desired_window");
  list("ご希望日時に間に合わなかった優先度「高」のご依頼",
       "優先度「高」のご依頼は SLO 期限で判定しています (上の表に含まれます)。ここではご希望日時に"
       "間に合わなかったものを挙げます。",
       r.noted.desired_missed, "desired_missed");
  list("達成率の集計から除外したご依頼 (特別な事情としてデスクが承認)",
       "除外したご依頼は期限到来・達成・未達・達成率のいずれにも数えません。", r.noted.exempt, "exempt");
  return s;
}

nlohmann::ordered_json noted_json(const std::vector<NotedRequest>& list, const Zone* zone) {
  using Json = nlohmann::ordered_json;
  auto opt = [zone](const std::optional<Instant>& t) { return t ? Json(format_instant(*t, zone)) : Json(nullptr); };
  Json out = Json::array();
  for (const auto& n : list)
    out.push_back(Json{{"key", n.key}, {"type", n.type}, {"title", n.title}, {"status", n.status},
                       {"priority", n.priority}, {"received_at", format_instant(n.received, zone)},
                       {"slo_due_at", opt(n.slo_due)}, {"desired_at", opt(n.desired)}, {"due_at", opt(n.due)},
                       {"resolved_at", opt(n.resolved)}, {"standing", to_string(n.standing)},
                       {"exempt", n.exempt_at ? Json{{"approved_by", n.exempt_by},
                                                     {"approved_at", format_instant(*n.exempt_at, zone)},
                                                     {"reason", n.exempt_reason}}
                                              : Json(nullptr)}});
  return out;
}

}  // namespace

NotedRequests sort_noted(const std::vector<Request>& requests, Instant now) {
  NotedRequests out;
  for (const auto& r : requests) {
    NotedRequest n{r.key(), r.type, r.title, std::string(to_string(r.status)), std::string(to_string(r.priority)),
                   r.received_at, r.slo_due_at, r.due_at, r.desired_at, r.resolved_at,
                   request_standing(r, now), r.exempt_at, r.exempt_by, r.exempt_reason};
    if (judged_by_desired(r)) out.desired_window.push_back(n);
    if (desired_missed(r, now)) out.desired_missed.push_back(n);
    if (!counts_in_attainment(r)) out.exempt.push_back(n);
  }
  return out;
}

nlohmann::ordered_json to_json(const NotedRequests& n, const Zone* zone) {
  return nlohmann::ordered_json{{"desired_window", noted_json(n.desired_window, zone)},
                                {"desired_missed", noted_json(n.desired_missed, zone)},
                                {"exempt", noted_json(n.exempt, zone)}};
}

bool SloReport::any_missed() const {
  for (const auto& t : types)
    if (!t.kept()) return true;
  for (const auto& i : incidents)
    if (!i.slo_kept() || !i.sla_kept()) return true;
  return false;
}

TypeCompliance SloReport::total() const {
  TypeCompliance sum;
  sum.type = "total";
  for (const auto& t : types) {
    sum.due += t.due;
    sum.met += t.met;
    sum.missed += t.missed;
    sum.open_overdue += t.open_overdue;
    sum.open += t.open;
  }
  return sum;
}

std::optional<std::int64_t> IncidentDetail::outage_seconds() const {
  if (!recovered_at) return std::nullopt;
  return (*recovered_at - detected_at.value_or(received_at)).count();
}

std::optional<std::int64_t> IncidentDetail::seconds_to_first_notice() const {
  if (!first_notified_at) return std::nullopt;
  return (*first_notified_at - received_at).count();
}

std::string slo_report_definition_ja(const IncidentPolicy& policy) {
  return "ご依頼は、期限 (お客様確認待ちの期間を除いて算出し、記録されたもの) が対象期間内 "
         "(開始時刻を含み、終了時刻を含まない) にあるものを集計します。"
         "達成: 期限までに完了したもの。"
         "未達: 期限を過ぎて完了したもの、または本報告の作成時点で期限を過ぎて完了していないもの。"
         "対応中: 完了しておらず期限前のもの (達成率には含めません)。"
         "達成率 = 達成 / (達成 + 未達)。"
         "種別の判定は、未達が 1 件もなければ ○、あれば × です。合計は全種別の和です。"
         "日程未定の優先度「低」のご依頼は期限がなく、集計しません。"
         "優先度「中」でご希望日時が SLO の期限より後のご依頼は、ご希望日時を期限とします。"
         "緊急のご依頼は、受付から目標時間 (暦の時間) が経った時点を期限とします。"
         "デスクが除外を承認したご依頼は集計せず、理由とともに記載します。"
         "障害は、対象期間内に受け付けたものを集計します。"
         "初報は、お客様に届いた最初の連絡です (サービス影響あり、または影響未判定の障害では、"
         "Backlog への投稿と応答のあった電話の両方がそろった時点)。"
         "初報の SLO は、受付から " + minutes_ja(policy.first_slo_impacting) +
         " (サービス影響あり、または影響未判定の障害) または " + minutes_ja(policy.first_slo_not_impacting) +
         " (サービス影響なし) を過ぎて初報したとき、または初報がなくその期限を過ぎたときに未達です。"
         "SLA も同様に " + minutes_ja(policy.first_sla_impacting) +
         "で判定します (サービス影響あり、または影響未判定の障害のみ。サービス影響なしの障害に SLA はありません)。"
         "初報までの時間の中央値と 95 パーセンタイル (最近接順位法) は、初報済みの障害について求めます。"
         "中間報告は、サービス影響あり (または影響未判定) の障害で、初報から復旧の記録まで " +
         minutes_ja(policy.interim_every) + "ごとに期限が来ます (報告するとその時刻から数え直します)。"
         "期限を過ぎて報告したもの、または期限を過ぎても報告のないものを遅延とし、報告後も遅延として数えます。"
         "障害時間は、障害の発生時刻 (不明なときは受付時刻) から復旧までの時間です。";
}

std::string slo_report_definition(const IncidentPolicy& policy) {
  return "Requests count in a period when their due time (after pauses, as stored) falls within it, "
         "from its start inclusive to its end exclusive. "
         "Met: resolved at or before the due time. "
         "Missed: resolved after it, or not resolved when the due time had passed at the report's "
         "generation time. "
         "Open: not resolved and not yet due; not counted in attainment. "
         "Attainment = met / (met + missed). "
         "A type is kept (○) when none of its requests missed, and × otherwise; the total sums every type. "
         "Low-priority requests without a date have no due time and do not count. "
         "A normal request whose desired time is later than its SLO due time is due at the desired time; "
         "an urgent request is due its target of wall time after receipt. "
         "Requests the desk exempted do not count; they are listed with the reason. "
         "Incidents count when received within the period. "
         "The first notification is the first notice that reached the customer (for an incident affecting "
         "service, or not yet judged, when both a Backlog post and an answered phone call were made). "
         "The SLO is missed when it came more than " + minutes_en(policy.first_slo_impacting) +
         " after receipt (impacting or not yet judged incidents) or " + minutes_en(policy.first_slo_not_impacting) +
         " (not impacting), or when there is none yet and that deadline has passed; "
         "the SLA likewise with " + minutes_en(policy.first_sla_impacting) +
         " (impacting or not yet judged incidents only; not-impacting incidents have no SLA). "
         "The median and the 95th percentile (nearest rank) of the time to the first notification "
         "are taken over the notified incidents. "
         "Interim reports are owed by impacting or not yet judged incidents every " +
         minutes_en(policy.interim_every) +
         " from the first notification until the recovery is recorded, counted again from each report; "
         "one posted after its due time, or not posted when its due time has passed, is late, and stays late. "
         "The outage runs from the failure's start (its detection, else the receipt) to the recovery.";
}

namespace {

/// An incident of the reports as JSON (sd-slo(1), `incident_details`).
nlohmann::ordered_json detail_json(const IncidentDetail& d, const Zone* zone) {
  using Json = nlohmann::ordered_json;
  auto opt = [zone](const std::optional<Instant>& t) { return t ? Json(format_instant(*t, zone)) : Json(nullptr); };
  auto secs = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); };
  return Json{{"key", d.key},
              {"impact", d.impact},
              {"status", d.status},
              {"title", d.title},
              {"received_at", format_instant(d.received_at, zone)},
              {"detected_at", opt(d.detected_at)},
              {"first_notified_at", opt(d.first_notified_at)},
              {"first_notice_seconds", secs(d.seconds_to_first_notice())},
              {"slo_due_at", format_instant(d.slo_due, zone)},
              {"sla_due_at", opt(d.sla_due)},
              {"slo_missed", d.slo_missed},
              {"sla_missed", d.sla_due ? Json(d.sla_missed) : Json(nullptr)},
              {"interim_owed", d.interim_owed},
              {"interim_late", d.interim_late},
              {"recovered_at", opt(d.recovered_at)},
              {"outage_seconds", secs(d.outage_seconds())},
              {"recovery_action", d.note.empty() ? Json(nullptr) : Json(d.note)}};
}

}  // namespace

nlohmann::ordered_json to_json(const SloReport& r, const Zone* zone) {
  using Json = nlohmann::ordered_json;
  auto iso = [zone](Instant t) { return format_instant(t, zone); };
  Json types = Json::array();
  for (const auto& t : r.types) {
    auto a = t.attainment();
    types.push_back(Json{{"type", t.type}, {"name", t.name}, {"name_en", t.name_en},
                         {"tier", to_string(t.tier)}, {"raised_by", t.raised_by}, {"slo_days", t.slo_days},
                         {"due", t.due}, {"met", t.met}, {"missed", t.missed},
                         {"open_overdue", t.open_overdue}, {"open", t.open}, {"kept", t.kept()},
                         {"mark", t.kept() ? "○" : "×"},
                         {"attainment_pct", a ? Json(*a) : Json(nullptr)}});
  }
  auto sum = r.total();
  auto sum_a = sum.attainment();
  Json requests_total{{"due", sum.due}, {"met", sum.met}, {"missed", sum.missed},
                      {"open_overdue", sum.open_overdue}, {"open", sum.open}, {"kept", sum.kept()},
                      {"mark", sum.kept() ? "○" : "×"}, {"attainment_pct", sum_a ? Json(*sum_a) : Json(nullptr)}};
  Json incidents = Json::array();
  IncidentCompliance all;
  for (const auto& c : r.incidents) {
    auto opt = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); };
    // Not impacting: no SLA, so its SLA figures are null (does not apply).
    bool has_sla = c.impact != "no";
    incidents.push_back(Json{{"impact", c.impact}, {"count", c.count}, {"notified", c.notified},
                             {"slo_missed", c.slo_missed}, {"sla_missed", has_sla ? Json(c.sla_missed) : Json(nullptr)},
                             {"first_notice_median_seconds", opt(c.median_seconds)},
                             {"first_notice_p95_seconds", opt(c.p95_seconds)},
                             {"slo_kept", c.slo_kept()},
                             {"sla_kept", has_sla ? Json(c.sla_kept()) : Json(nullptr)},
                             {"slo_mark", c.slo_kept() ? "○" : "×"},
                             {"sla_mark", has_sla ? Json(c.sla_kept() ? "○" : "×") : Json(nullptr)},
                             {"interim_owed", c.interim_owed},
                             {"interim_late", c.interim_late}});
    all.count += c.count;
    all.notified += c.notified;
    all.slo_missed += c.slo_missed;
    if (has_sla) all.sla_missed += c.sla_missed;
    all.interim_owed += c.interim_owed;
    all.interim_late += c.interim_late;
  }
  Json incidents_total{{"count", all.count},           {"notified", all.notified},
                       {"slo_missed", all.slo_missed}, {"sla_missed", all.sla_missed},
                       {"slo_kept", all.slo_kept()},   {"sla_kept", all.sla_kept()},
                       {"interim_owed", all.interim_owed}, {"interim_late", all.interim_late}};
  Json details = Json::array();
  for (const auto& d : r.incident_details) details.push_back(detail_json(d, zone));
  Json escalated = Json::array();
  for (const auto& e : r.escalated_requests)
    escalated.push_back(Json{{"key", e.key}, {"type", e.type}, {"title", e.title}, {"status", e.status},
                             {"escalated_to", e.escalated_to}, {"received_at", iso(e.received_at)}});
  Json j{{"period", Json{{"label", r.period.label}, {"from_at", iso(r.period.from)}, {"to_at", iso(r.period.to)}}},
              {"customer", r.customer.empty() ? Json(nullptr) : Json(r.customer)},
              {"generated_at", iso(r.generated_at)},
              {"any_missed", r.any_missed()},
              {"requests", types},
              {"requests_total", requests_total},
              {"incidents", incidents},
              {"incidents_total", incidents_total},
              {"incident_details", details},
              {"escalated_requests", escalated},
              {"definition", slo_report_definition(r.policy)},
              {"definition_ja", slo_report_definition_ja(r.policy)}};
  j["noted_requests"] = to_json(r.noted, zone);
  return j;
}

// --- problems ------------------------------------------------------------------

/// The month's problems: key, title, status, root cause (未特定 / "not yet
/// found" until one is recorded), known error, linked tickets.
Table problems_table(const ServiceReport& r) {
  Table t;
  t.id = "problems";
  t.empty = "なし";
  t.columns = {column("key", "キー", Align::nowrap), column("title", "件名"), column("status", "状態"),
               column("root_cause", "根本原因"), column("known_error", "既知の誤り"), column("tickets", "関連チケット")};
  for (const auto& p : r.problems) {
    std::string tickets;
    for (const auto& k : p.tickets) tickets += (tickets.empty() ? "" : ", ") + k;
    t.rows.push_back(Row{{text_cell(p.key), text_cell(p.title), text_cell(p.status),
                          p.root_cause.empty() ? Cell{"未特定", "not yet found", "", Verdict::none} : text_cell(p.root_cause),
                          p.known_error ? Cell{"はい", "yes", "yes", Verdict::none} : Cell{"いいえ", "no", "no", Verdict::none},
                          tickets.empty() ? none_cell() : text_cell(tickets)},
                         0, false});
  }
  return t;
}

/// The last section of the service report, numbered after the ones before.
Section problems_section(const ServiceReport& r, std::size_t number) {
  return Section{std::to_string(number) + ". 問題管理", kAllMedia, {problems_table(r)}, {}};
}

nlohmann::ordered_json problems_json(const ServiceReport& r) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& p : r.problems)
    out.push_back(nlohmann::ordered_json{{"key", p.key},
                                         {"title", p.title},
                                         {"status", p.status},
                                         {"root_cause", p.root_cause.empty() ? nlohmann::ordered_json(nullptr)
                                                                             : nlohmann::ordered_json(p.root_cause)},
                                         {"known_error", p.known_error},
                                         {"tickets", p.tickets}});
  return out;
}

// --- changes -------------------------------------------------------------------

/// The month's changes: how many succeeded, failed and were rolled back,
/// then each with its key, title, customer, status and outcome.
Table change_counts_table(const ServiceReport& r) {
  auto n = change_counts(r.changes);
  Table t;
  t.id = "change_counts";
  t.columns = {column("succeeded", "成功", Align::right), column("failed", "失敗", Align::right),
               column("rolled_back", "切り戻し", Align::right)};
  t.rows.push_back(Row{{count_cell(n.succeeded), count_cell(n.failed), count_cell(n.rolled_back)}, 0, false});
  return t;
}

Table changes_table(const ServiceReport& r) {
  Table t;
  t.id = "changes";
  t.empty = "なし";
  t.columns = {column("key", "キー", Align::nowrap), column("title", "件名"), column("customer", "お客様"),
               column("status", "状態"), column("outcome", "結果")};
  for (const auto& c : r.changes)
    t.rows.push_back(Row{{text_cell(c.key), text_cell(c.title), text_cell(c.customer), text_cell(c.status),
                          c.outcome.empty() ? none_cell() : text_cell(c.outcome)},
                         0, false});
  return t;
}

Section changes_section(const ServiceReport& r, std::size_t number) {
  return Section{std::to_string(number) + ". 変更管理", kAllMedia, {change_counts_table(r), changes_table(r)}, {}};
}

nlohmann::ordered_json changes_json(const ServiceReport& r) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& c : r.changes)
    out.push_back(nlohmann::ordered_json{
        {"key", c.key},
        {"title", c.title},
        {"customer", c.customer},
        {"status", c.status},
        {"outcome", c.outcome.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.outcome)}});
  return out;
}

ChangeCounts change_counts(const std::vector<ReportChange>& changes) {
  ChangeCounts n;
  for (const auto& c : changes) {
    if (c.outcome == "succeeded") ++n.succeeded;
    if (c.outcome == "failed") ++n.failed;
    if (c.outcome == "rolled-back") ++n.rolled_back;
  }
  return n;
}

nlohmann::ordered_json to_json_changes(const ServiceReport& r) {
  auto n = change_counts(r.changes);
  return nlohmann::ordered_json{{"succeeded", n.succeeded}, {"failed", n.failed}, {"rolled_back", n.rolled_back}};
}

nlohmann::ordered_json to_json(const ServiceReport& r, const Zone* zone) {
  using Json = nlohmann::ordered_json;
  auto iso = [zone](Instant t) { return format_instant(t, zone); };
  auto items = [&](const std::vector<ReportItem>& list) {
    Json out = Json::array();
    auto opt = [&](const std::optional<Instant>& t) { return t ? Json(iso(*t)) : Json(nullptr); };
    for (const auto& i : list)
      out.push_back(Json{{"key", i.key}, {"type", i.type}, {"title", i.title}, {"status", i.status},
                         {"received_at", iso(i.at)}, {"due_at", opt(i.due)}, {"done_at", opt(i.done)},
                         {"note", i.note}, {"missed", i.missed}});
    return out;
  };
  auto pairs = [](const std::vector<std::pair<std::string, std::int64_t>>& list, const char* k) {
    Json out = Json::array();
    for (const auto& [name, n] : list) out.push_back(Json{{k, name}, {"count", n}});
    return out;
  };
  Json trend = Json::array();
  for (const auto& m : r.trend) {
    auto a = attainment(m.met, m.missed);
    trend.push_back(Json{{"month", m.month}, {"met", m.met}, {"missed", m.missed},
                         {"attainment_pct", a ? Json(*a) : Json(nullptr)},
                         {"incidents", m.incidents}, {"incident_slo_missed", m.incident_slo_missed}});
  }
  Json notify = Json::array();
  for (const auto& [key, minutes] : r.notify_minutes) notify.push_back(Json{{"key", key}, {"minutes", minutes}});
  // Serious incidents: the keys of the items, then those of incident_details.
  Json serious = Json::array();
  for (const auto& d : r.serious_incidents) {
    Json j{{"key", d.key},
           {"type", d.impact},
           {"title", d.title},
           {"status", d.status},
           {"received_at", iso(d.received_at)},
           {"due_at", iso(d.slo_due)},
           {"done_at", d.first_notified_at ? Json(iso(*d.first_notified_at)) : Json(nullptr)},
           {"note", d.note},
           {"missed", d.slo_missed}};
    auto more = detail_json(d, zone);
    for (auto& [k, v] : more.items())
      if (!j.contains(k)) j[k] = v;
    serious.push_back(std::move(j));
  }
  return Json{{"customer", r.customer},
              {"customer_name", r.customer_name},
              {"slo", to_json(r.slo, zone)},
              {"major_requests", items(r.major_requests)},
              {"serious_incidents", serious},
              {"nonconformities", items(r.nonconformities)},
              {"requests_by_type", pairs(r.requests_by_type, "type")},
              {"requests_by_weekday", pairs(r.requests_by_weekday, "weekday")},
              {"trend", trend},
              {"minutes_to_first_notice", notify},
              {"problems", problems_json(r)},
              {"changes", changes_json(r)},
              {"change_counts", to_json_changes(r)}};
}


Document slo_document(const SloReport& r, const Zone* zone) {
  Document d;
  d.title = "サービスレベル目標 (SLO) およびサービスレベル合意 (SLA) の順守状況";
  d.page_title = "SLO・SLA 順守状況 " + customer_text(r) + " " + r.period.label;
  d.text_title = "SLO report " + r.period.label + (r.customer.empty() ? "" : " for " + r.customer);
  d.meta = {Field{"お客様", customer_text(r), kPages}, Field{"対象期間", period_text(r.period, zone), kPages},
            Field{"作成日時", format_instant(r.generated_at, zone), kHtml}};
  d.blocks = {verdict(r), types_table(r), total_table(r)};
  d.sections.push_back(Section{"障害に対する対応", kPages, {incidents_table(r)}, {}});
  d.sections.push_back(Section{"障害ごとの対応", kPages,
                               {incident_details_table(r.incident_details, zone, "incident_details")}, {}});
  d.sections.push_back(Section{"エスカレーションしたご依頼", kPages, {escalated_table(r, zone)}, {}});
  if (!r.noted.empty()) d.sections.push_back(noted_section(r, zone, "ご希望日時と除外"));
  d.footer = footer(r, zone);
  d.definition = definition(r);
  d.text_definition = slo_report_definition(r.policy);
  return d;
}

Document service_document(const ServiceReport& r, const Zone* zone) {
  const std::string& name = r.customer_name.empty() ? r.customer : r.customer_name;
  Document d;
  d.title = "サービスレポート " + name + " " + r.slo.period.label;
  d.meta = {Field{"お客様", name + (r.customer.empty() || r.customer == name ? "" : " (" + r.customer + ")"),
                  kPages | kText},
            Field{"対象期間", period_text(r.slo.period, zone), kPages | kText},
            Field{"作成日時", format_instant(r.slo.generated_at, zone), kHtml | kText}};

  Section compliance{"1. 目標に対する実績", kAllMedia, {verdict(r.slo), types_table(r.slo), total_table(r.slo)}, {}};
  compliance.sections.push_back(
      Section{"障害に対する対応", kAllMedia, {incidents_table(r.slo), notify_chart(r)}, {}});
  d.sections.push_back(std::move(compliance));
  Section major{"2. 主要なご依頼", kAllMedia, {items_table(r.slo, r.major_requests, zone, false, "major_requests")}, {}};
  major.sections.push_back(Section{"エスカレーションしたご依頼", kAllMedia, {escalated_table(r.slo, zone)}, {}});
  d.sections.push_back(std::move(major));
  d.sections.push_back(Section{"3. 重大な障害", kAllMedia,
                               {incident_details_table(r.serious_incidents, zone, "serious_incidents")}, {}});
  Section counts{"4. 件数と傾向", kAllMedia, {}, {}};
  counts.sections.push_back(Section{"種別ごとの件数", kAllMedia, {by_type_chart(r)}, {}});
  counts.sections.push_back(Section{"曜日ごとの件数", kAllMedia, {by_weekday_table(r)}, {}});
  counts.sections.push_back(Section{"過去 12 か月の推移", kAllMedia, {trend_chart(r), trend_table(r)}, {}});
  d.sections.push_back(std::move(counts));
  d.sections.push_back(Section{"5. 不適合と原因", kAllMedia, {nonconformities_table(r, zone)}, {}});
  if (!r.slo.noted.empty()) d.sections.push_back(noted_section(r.slo, zone, "6. ご希望日時と除外"));
  d.sections.push_back(problems_section(r, d.sections.size() + 1));
  d.sections.push_back(changes_section(r, d.sections.size() + 1));
  d.footer = footer(r.slo, zone);
  d.definition = definition(r.slo);
  d.text_definition = slo_report_definition(r.slo.policy);
  return d;
}

/// The CSV carries no instant, so any zone builds the same sheet.
std::string render_slo_csv(const SloReport& r) { return render_csv(slo_document(r, &Zone::utc())); }

std::string render_slo_markdown(const SloReport& r, const Zone* zone) {
  return render_markdown(slo_document(r, zone));
}

std::string render_slo_html(const SloReport& r, const Zone* zone) { return render_html(slo_document(r, zone)); }

std::string render_service_markdown(const ServiceReport& r, const Zone* zone) {
  return render_markdown(service_document(r, zone));
}

std::string render_service_html(const ServiceReport& r, const Zone* zone) {
  return render_html(service_document(r, zone));
}

}  // namespace sd
