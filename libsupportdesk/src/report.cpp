/// Rendering of SLO/SLA compliance reports (white paper appendix 5) and the
/// monthly service report (§5.3.3) as CSV, Markdown and HTML. Pure: every
/// figure comes in the report structs; nothing here reads a clock or a file.
#include "supportdesk/report.hpp"

#include "supportdesk/text.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <iterator>
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

std::string whole(double v) { return std::to_string(std::llround(v)); }

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

std::string opt_duration(const std::optional<std::int64_t>& s) { return s ? ja_duration(*s) : "—"; }

std::string opt_time(const std::optional<Instant>& t, const date::time_zone* zone) {
  return t ? format_local_short(*t, zone) : "—";
}

bool at_local_midnight(Instant t, const date::time_zone* zone) {
  auto local = zone->to_local(t);
  return local == date::floor<date::days>(local);
}

/// `2026-11 (2026-11-01 〜 2026-11-30, Asia/Tokyo)`: the label and its days,
/// or its times when the period does not fall on day boundaries.
std::string period_text(const Period& p, const date::time_zone* zone) {
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

// --- escaping ------------------------------------------------------------

/// Text safe inside a GitHub-style Markdown table cell or paragraph:
/// backslash escapes for the punctuation that would start markup, and line
/// breaks folded to spaces (a table row is one line).
std::string md(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '\\': case '|': case '`': case '*': case '_': case '[': case ']':
      case '<': case '>': case '~': case '#':
        out += '\\';
        out += c;
        break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        out += ' ';
        break;
      case '\n': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

std::string html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// --- Markdown ------------------------------------------------------------

std::string md_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + c + " |";
  return out + "\n";
}

/// The SLO tables: one per tier, then incidents. `h` is the heading marker
/// for the sub-headings ("##" in the compliance report, "###" inside the
/// service report).
std::string slo_tables_md(const SloReport& r, const std::string& h) {
  std::string out;
  out += r.any_missed() ? "判定: **目標未達があります** (×の項目)。\n\n"
                        : "判定: すべての目標を達成しました。\n\n";
  bool any_type = false;
  for (Tier tier : kTiers) {
    bool first = true;
    for (const auto& t : r.types) {
      if (t.tier != tier) continue;
      if (first) {
        out += h + " " + tier_name(r, tier) + "\n\n";
        out += md_row({"種別", "依頼者", "目標", "期限到来", "達成", "未達", "期限超過中", "判定", "達成率"});
        out += "|---|---|---|---:|---:|---:|---:|:---:|---:|\n";
        first = false;
        any_type = true;
      }
      out += md_row({md(t.name.empty() ? t.type : t.name), md(raised_by_ja(t.raised_by)),
                     std::to_string(t.slo_days) + " 営業日", std::to_string(t.due),
                     std::to_string(t.met), std::to_string(t.missed), std::to_string(t.open_overdue),
                     mark(t.kept()), percent(t.attainment())});
    }
    if (!first) out += "\n";
  }
  if (!any_type) out += h + " ご依頼に対する作業\n\n対象の種別はありません。\n\n";

  out += h + " 障害に対する対応\n\n";
  if (r.incidents.empty()) {
    out += "集計対象の障害はありません。\n\n";
    return out;
  }
  out += md_row({"影響", "件数", "初報SLO未達", "SLA未達", "初報までの中央値", "95パーセンタイル", "SLO", "SLA"});
  out += "|---|---:|---:|---:|---:|---:|:---:|:---:|\n";
  for (const auto& i : r.incidents) {
    auto w = impact_words(i.impact, r.policy);
    out += md_row({md(w.label), std::to_string(i.count), std::to_string(i.slo_missed),
                   w.has_sla ? std::to_string(i.sla_missed) : "—", opt_duration(i.median_seconds),
                   opt_duration(i.p95_seconds), mark(i.slo_kept()), w.has_sla ? mark(i.sla_kept()) : "—"});
  }
  out += "\n";
  return out;
}

std::string footer_md(const SloReport& r, const date::time_zone* zone) {
  std::string out = "---\n\n";
  out += "対象期間: " + md(period_text(r.period, zone)) + "\n\n";
  out += "作成日時: " + format_instant(r.generated_at, zone) + "\n\n";
  out += "定義: " + md(slo_report_definition(r.policy)) + "\n";
  return out;
}

std::string items_md(const SloReport& slo, const std::vector<ReportItem>& items,
                     const date::time_zone* zone, bool incidents) {
  if (items.empty()) return "なし\n\n";
  std::string out;
  if (incidents) {
    out += md_row({"キー", "件名", "状態", "受付", "初報期限", "初報", "初報まで", "判定", "備考"});
    out += "|---|---|---|---|---|---|---:|:---:|---|\n";
  } else {
    out += md_row({"キー", "種別", "件名", "状態", "受付", "期限", "完了", "判定", "備考"});
    out += "|---|---|---|---|---|---|---|:---:|---|\n";
  }
  for (const auto& it : items) {
    if (incidents) {
      std::string took = it.done ? ja_duration((*it.done - it.at).count()) : "—";
      out += md_row({md(it.key), md(it.title), md(status_ja(it.status, true)), format_local_short(it.at, zone),
                     opt_time(it.due, zone), opt_time(it.done, zone), took, mark(!it.missed), md(it.note)});
    } else {
      out += md_row({md(it.key), md(type_name(slo, it.type)), md(it.title), md(status_ja(it.status)),
                     format_local_short(it.at, zone), opt_time(it.due, zone), opt_time(it.done, zone),
                     mark(!it.missed), md(it.note)});
    }
  }
  return out + "\n";
}

// --- HTML ----------------------------------------------------------------

constexpr std::string_view kCss = R"(:root{--ink:#1b1f24;--muted:#5b6573;--line:#cfd6de;--head:#1f4e79;--ok:#1b7f3b;--ng:#c62828;--th:#e9eff6}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1040px;padding:28px 36px;color:var(--ink);background:#fff;line-height:1.6;font-size:14px;
font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Kaku Gothic ProN","Hiragino Sans","Yu Gothic UI","Yu Gothic","Meiryo","IPAexGothic","IPAPGothic",sans-serif}
header{border-bottom:3px solid var(--head);padding-bottom:10px;margin-bottom:18px}
h1{font-size:24px;line-height:1.3;color:var(--head);margin:0 0 8px}
h2{font-size:18px;color:var(--head);border-left:6px solid var(--head);padding:2px 0 2px 10px;margin:30px 0 10px}
h3{font-size:15px;margin:20px 0 6px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0;font-size:13px}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
.verdict{margin:10px 0 4px;padding:8px 12px;border-radius:4px;font-weight:600}
.verdict.ok{background:#e7f4ea;color:var(--ok);border:1px solid #b7dcc0}
.verdict.ng{background:#fdecec;color:var(--ng);border:1px solid #f2b8b8}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}
thead th{background:var(--th);font-weight:600;white-space:nowrap}
tbody tr:nth-child(even){background:#f8fafc}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.m{text-align:center;font-weight:700}
td.t{white-space:nowrap}
.ok{color:var(--ok)}
.ng{color:var(--ng)}
p.none{color:var(--muted);margin:4px 0 14px}
figure{margin:10px 0 20px}
figcaption{font-size:12px;color:var(--muted);margin-top:2px}
svg{display:block;width:100%;height:auto;font-family:inherit}
svg text{font-size:13px;fill:#333}
svg .axis{stroke:#8a949f;stroke-width:1}
svg .grid{stroke:#e3e7ec;stroke-width:1}
svg .frame{fill:none;stroke:#e3e7ec;stroke-width:1}
svg .bar{fill:#2f6fa8}
svg .bar.ok{fill:#3a9a5b}
svg .bar.warn{fill:#e0a100}
svg .bar.ng{fill:#d64545}
svg .slo{stroke:#e0a100;stroke-width:1.5;stroke-dasharray:6 4}
svg .sla{stroke:#d64545;stroke-width:1.5;stroke-dasharray:6 4}
svg .target{stroke:#1b7f3b;stroke-width:1.5;stroke-dasharray:6 4}
svg text.small{font-size:11.5px;fill:#5b6573}
svg text.value{font-size:12px;fill:#1b1f24}
svg text.inbar{font-size:12px;fill:#fff}
svg text.empty{font-size:16px;fill:#8a949f}
footer{margin-top:36px;padding-top:10px;border-top:1px solid var(--line);font-size:11px;color:var(--muted)}
footer p{margin:4px 0}
@page{size:A4;margin:14mm 12mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{max-width:none;padding:0;font-size:9.5pt}
h1{font-size:17pt}
h2{font-size:13pt;break-after:avoid}
h3{font-size:11pt;break-after:avoid}
table{font-size:8.5pt}
thead{display:table-header-group}
tr,figure,.verdict{break-inside:avoid}
}
)";

std::string page_begin(const std::string& title) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + html(title) + "</title>\n<style>\n" + std::string(kCss) + "</style>\n</head>\n<body>\n";
  return out;
}

std::string page_end() { return "</body>\n</html>\n"; }

std::string th_row(std::initializer_list<std::string_view> cells) {
  std::string out = "<thead><tr>";
  for (auto c : cells) out += "<th scope=\"col\">" + html(c) + "</th>";
  return out + "</tr></thead>\n";
}

std::string td(std::string_view text, std::string_view cls = {}) {
  if (cls.empty()) return "<td>" + html(text) + "</td>";
  return "<td class=\"" + std::string(cls) + "\">" + html(text) + "</td>";
}

std::string td_mark(bool kept) {
  return kept ? "<td class=\"m ok\">○</td>" : "<td class=\"m ng\">×</td>";
}

std::string verdict_html(const SloReport& r) {
  return r.any_missed() ? "<p class=\"verdict ng\">判定: 目標未達があります (×の項目)。</p>\n"
                        : "<p class=\"verdict ok\">判定: すべての目標を達成しました。</p>\n";
}

std::string slo_tables_html(const SloReport& r, std::string_view h) {
  std::string out;
  std::string open = "<" + std::string(h) + ">", close = "</" + std::string(h) + ">\n";
  bool any_type = false;
  for (Tier tier : kTiers) {
    bool first = true;
    for (const auto& t : r.types) {
      if (t.tier != tier) continue;
      if (first) {
        out += open + html(tier_name(r, tier)) + close;
        out += "<table>\n" +
               th_row({"種別", "依頼者", "目標", "期限到来", "達成", "未達", "期限超過中", "判定", "達成率"}) +
               "<tbody>\n";
        first = false;
        any_type = true;
      }
      out += "<tr>" + td(t.name.empty() ? t.type : t.name) + td(raised_by_ja(t.raised_by)) +
             td(std::to_string(t.slo_days) + " 営業日", "t") + td(std::to_string(t.due), "n") +
             td(std::to_string(t.met), "n") + td(std::to_string(t.missed), t.missed ? "n ng" : "n") +
             td(std::to_string(t.open_overdue), t.open_overdue ? "n ng" : "n") + td_mark(t.kept()) +
             td(percent(t.attainment()), "n") + "</tr>\n";
    }
    if (!first) out += "</tbody>\n</table>\n";
  }
  if (!any_type) out += open + "ご依頼に対する作業" + close + "<p class=\"none\">対象の種別はありません。</p>\n";

  out += open + "障害に対する対応" + close;
  if (r.incidents.empty()) return out + "<p class=\"none\">集計対象の障害はありません。</p>\n";
  out += "<table>\n" +
         th_row({"影響", "件数", "初報SLO未達", "SLA未達", "初報までの中央値", "95パーセンタイル", "SLO", "SLA"}) +
         "<tbody>\n";
  for (const auto& i : r.incidents) {
    auto w = impact_words(i.impact, r.policy);
    out += "<tr>" + td(w.label) + td(std::to_string(i.count), "n") +
           td(std::to_string(i.slo_missed), i.slo_missed ? "n ng" : "n") +
           (w.has_sla ? td(std::to_string(i.sla_missed), i.sla_missed ? "n ng" : "n") : td("—", "n")) +
           td(opt_duration(i.median_seconds), "n") + td(opt_duration(i.p95_seconds), "n") +
           td_mark(i.slo_kept()) + (w.has_sla ? td_mark(i.sla_kept()) : td("—", "m")) + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string footer_html(const SloReport& r, const date::time_zone* zone) {
  return "<footer>\n<p>対象期間: " + html(period_text(r.period, zone)) + "</p>\n<p>作成日時: " +
         html(format_instant(r.generated_at, zone)) + "</p>\n<p>定義: " + html(slo_report_definition(r.policy)) +
         "</p>\n</footer>\n";
}

std::string items_html(const SloReport& slo, const std::vector<ReportItem>& items,
                       const date::time_zone* zone, bool incidents) {
  if (items.empty()) return "<p class=\"none\">なし</p>\n";
  std::string out = "<table>\n";
  out += incidents ? th_row({"キー", "件名", "状態", "受付", "初報期限", "初報", "初報まで", "判定", "備考"})
                   : th_row({"キー", "種別", "件名", "状態", "受付", "期限", "完了", "判定", "備考"});
  out += "<tbody>\n";
  for (const auto& it : items) {
    out += "<tr>" + td(it.key, "t");
    if (incidents) {
      std::string took = it.done ? ja_duration((*it.done - it.at).count()) : "—";
      out += td(it.title) + td(status_ja(it.status, true), "t") + td(format_local_short(it.at, zone), "t") +
             td(opt_time(it.due, zone), "t") + td(opt_time(it.done, zone), "t") + td(took, "n");
    } else {
      out += td(type_name(slo, it.type)) + td(it.title) + td(status_ja(it.status), "t") +
             td(format_local_short(it.at, zone), "t") + td(opt_time(it.due, zone), "t") +
             td(opt_time(it.done, zone), "t");
    }
    out += td_mark(!it.missed) + td(it.note) + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// --- SVG charts ------------------------------------------------------------

/// Coordinates with one decimal, so the SVG stays small and exact enough.
std::string c(double v) { return fixed1(v); }

std::string svg_open(double w, double h, std::string_view id, std::string_view title, std::string_view desc) {
  std::string t = html(title);
  return "<svg viewBox=\"0 0 " + c(w) + " " + c(h) + "\" width=\"" + c(w) + "\" height=\"" + c(h) +
         "\" role=\"img\" aria-label=\"" + t + "\" aria-labelledby=\"" + std::string(id) + "-title " +
         std::string(id) + "-desc\">\n<title id=\"" + std::string(id) + "-title\">" + t + "</title>\n<desc id=\"" +
         std::string(id) + "-desc\">" + html(desc) + "</desc>\n";
}

std::string svg_text(double x, double y, std::string_view text, std::string_view anchor = "start",
                     std::string_view cls = {}) {
  std::string out = "<text x=\"" + c(x) + "\" y=\"" + c(y) + "\"";
  if (anchor != "start") out += " text-anchor=\"" + std::string(anchor) + "\"";
  if (!cls.empty()) out += " class=\"" + std::string(cls) + "\"";
  return out + ">" + html(text) + "</text>\n";
}

std::string svg_line(double x1, double y1, double x2, double y2, std::string_view cls) {
  return "<line x1=\"" + c(x1) + "\" y1=\"" + c(y1) + "\" x2=\"" + c(x2) + "\" y2=\"" + c(y2) +
         "\" class=\"" + std::string(cls) + "\"/>\n";
}

std::string svg_rect(double x, double y, double w, double h, std::string_view cls, std::string_view tip) {
  return "<rect x=\"" + c(x) + "\" y=\"" + c(y) + "\" width=\"" + c(std::max(w, 0.0)) + "\" height=\"" +
         c(std::max(h, 0.0)) + "\" class=\"" + std::string(cls) + "\"><title>" + html(tip) +
         "</title></rect>\n";
}

/// A step for axis ticks: 1, 2 or 5 times a power of ten, about `ticks` per axis.
double nice_step(double max, int ticks) {
  double raw = max / ticks, step = 1;
  while (step * 10 <= raw) step *= 10;
  if (step * 5 < raw) return step * 10;
  if (step * 2 < raw) return step * 5;
  if (step < raw) return step * 2;
  return step;
}

/// (a) Requests per type: horizontal bars, labelled, with their counts.
std::string chart_by_type(const ServiceReport& r) {
  constexpr double kW = 960, kLeft = 280, kRight = 70, kTop = 12, kRow = 26, kBar = 16;
  std::vector<std::pair<std::string, std::int64_t>> rows;
  std::int64_t total = 0, max = 0;
  for (const auto& [code, n] : r.requests_by_type) {
    rows.emplace_back(type_name(r.slo, code), n);
    total += n;
    max = std::max(max, n);
  }
  const std::string title = "種別ごとのご依頼件数";
  if (rows.empty() || max == 0) {
    std::string out = svg_open(kW, 90, "chart-types", title, "この月に受け付けたご依頼はありません。");
    out += "<rect x=\"1\" y=\"1\" width=\"" + c(kW - 2) + "\" height=\"88\" class=\"frame\"/>\n";
    out += svg_text(kW / 2, 51, "データなし", "middle", "empty");
    return out + "</svg>\n";
  }
  double h = kTop + kRow * static_cast<double>(rows.size()) + 24;
  std::string desc = "この月に受け付けたご依頼 " + std::to_string(total) + " 件の種別ごとの内訳:";
  for (const auto& [name, n] : rows) desc += " " + name + " " + std::to_string(n) + " 件;";
  std::string out = svg_open(kW, h, "chart-types", title, desc);
  const double span = kW - kLeft - kRight;
  double step = nice_step(static_cast<double>(max), 5);
  double top_value = step * std::ceil(static_cast<double>(max) / step);
  double bottom = kTop + kRow * static_cast<double>(rows.size());
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    double x = kLeft + span * v / top_value;
    out += svg_line(x, kTop - 4, x, bottom, "grid");
    out += svg_text(x, bottom + 16, whole(v), "middle", "small");
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& [name, n] = rows[i];
    double y = kTop + kRow * static_cast<double>(i);
    double w = span * static_cast<double>(n) / top_value;
    out += svg_text(kLeft - 8, y + kRow / 2 + 4, truncate_to_width(name, 40), "end");
    out += svg_rect(kLeft, y + (kRow - kBar) / 2, w, kBar, "bar", name + ": " + std::to_string(n) + " 件");
    out += svg_text(kLeft + w + 6, y + kRow / 2 + 4, std::to_string(n) + " 件", "start", "value");
  }
  out += svg_line(kLeft, kTop - 4, kLeft, bottom, "axis");
  return out + "</svg>\n";
}

/// (b) Attainment per month over the trend, 0–100 %, with the 100 % target.
std::string chart_trend(const ServiceReport& r) {
  constexpr double kW = 960, kH = 290, kLeft = 56, kRight = 20, kTop = 22, kBottom = 62;
  const double pw = kW - kLeft - kRight, ph = kH - kTop - kBottom, base = kTop + ph;
  auto y_of = [&](double pct) { return kTop + ph * (1 - pct / 100); };
  const std::string title = "月ごとの SLO 達成率 (過去 12 か月)";
  std::string desc = "月ごとのご依頼の SLO 達成率。目標は 100%。";
  bool any = false;
  for (const auto& m : r.trend) {
    auto a = attainment(m.met, m.missed);
    desc += " " + m.month + ": " + percent(a) + ";";
    any = any || a.has_value();
  }
  std::string out = svg_open(kW, kH, "chart-trend", title, desc);
  for (int p = 0; p <= 100; p += 25) {
    out += svg_line(kLeft, y_of(p), kLeft + pw, y_of(p), p == 0 ? "axis" : "grid");
    out += svg_text(kLeft - 6, y_of(p) + 4, std::to_string(p) + "%", "end", "small");
  }
  out += svg_line(kLeft, kTop, kLeft, base, "axis");
  const std::size_t n = r.trend.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = r.trend[i];
    double slot = pw / static_cast<double>(n), cx = kLeft + slot * (static_cast<double>(i) + 0.5);
    double bw = std::min(44.0, slot * 0.62);
    auto a = attainment(m.met, m.missed);
    if (a) {
      double top = y_of(*a);
      std::string tip = m.month + ": " + percent(a) + " (達成 " + std::to_string(m.met) + " / 未達 " +
                        std::to_string(m.missed) + ")";
      out += svg_rect(cx - bw / 2, top, bw, base - top, *a >= 100.0 ? "bar ok" : "bar ng", tip);
      if (base - top >= 20)
        out += svg_text(cx, top + 14, fixed1(*a), "middle", "inbar");
      else
        out += svg_text(cx, top - 4, fixed1(*a), "middle", "value");
    } else {
      out += svg_text(cx, base - 4, "—", "middle", "small");
    }
    out += svg_text(cx, base + 15, m.month, "middle", "small");
  }
  out += svg_line(kLeft, y_of(100), kLeft + pw, y_of(100), "target");
  // Legend, in the bottom margin.
  double ly = kH - 12;
  out += svg_line(kLeft, ly - 4, kLeft + 28, ly - 4, "target");
  out += svg_text(kLeft + 34, ly, "目標 100%", "start", "small");
  out += svg_rect(kLeft + 120, ly - 10, 12, 10, "bar ok", "目標を達成した月");
  out += svg_text(kLeft + 138, ly, "達成", "start", "small");
  out += svg_rect(kLeft + 190, ly - 10, 12, 10, "bar ng", "未達のあった月");
  out += svg_text(kLeft + 208, ly, "未達あり", "start", "small");
  out += svg_text(kLeft + 280, ly, "— 期限到来なし", "start", "small");
  if (!any) out += svg_text(kLeft + pw / 2, kTop + ph / 2, "データなし", "middle", "empty");
  return out + "</svg>\n";
}

/// How an incident's first notification fared, as a bar class: "ok" (SLO
/// met), "warn" (SLO missed, SLA met) or "ng" (SLA missed, or SLO missed
/// where no SLA applies). Serious incidents carry their verdict; other
/// misses are among the nonconformities; an incident in neither met its SLO.
std::string notify_judgement(const ServiceReport& r, std::string_view key) {
  const ReportItem* item = nullptr;
  for (const auto* list : {&r.serious_incidents, &r.nonconformities})
    for (const auto& it : *list)
      if (it.key == key && !item) item = &it;
  if (!item || !item->missed) return "ok";
  bool has_sla = item->type != "no";
  bool sla_met = item->done && *item->done - item->at <= r.slo.policy.first_sla_impacting;
  return has_sla && sla_met ? "warn" : "ng";
}

/// (c) Minutes to the first notification per incident, with the SLO and
/// SLA lines for service-impacting incidents.
std::string chart_notify(const ServiceReport& r) {
  const auto& rows = r.notify_minutes;
  const auto& p = r.slo.policy;
  const double slo = static_cast<double>(p.first_slo_impacting.count());
  const double sla = static_cast<double>(p.first_sla_impacting.count());
  const double floor = std::max(slo, sla) + 5;  // the lines stay inside the plot
  const bool rotate = rows.size() > 14;  // keys no longer fit side by side
  constexpr double kW = 960, kLeft = 56, kRight = 78, kTop = 22, kPlot = 210;
  const double bottom = rotate ? 70 : 30, height = kTop + kPlot + bottom;
  const double pw = kW - kLeft - kRight, ph = kPlot, base = kTop + ph;
  std::int64_t max = 0;
  for (const auto& row : rows) max = std::max(max, row.second);
  double step = nice_step(std::max(floor, static_cast<double>(max)), 5);
  double top_value = step * std::ceil(std::max(floor, static_cast<double>(max)) / step);
  auto y_of = [&](double minutes) { return kTop + ph * (1 - std::max(0.0, minutes) / top_value); };
  const std::string title = "障害ごとの初報までの時間 (分)";
  std::string desc = "障害の受付から初報までの時間。線はサービス影響がある場合の SLO (" +
                     minutes_ja(p.first_slo_impacting) + ") と SLA (" + minutes_ja(p.first_sla_impacting) + ")。";
  for (const auto& [key, m] : rows) desc += " " + key + ": " + std::to_string(m) + " 分;";
  std::string out = svg_open(kW, height, "chart-notify", title, desc);
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    out += svg_line(kLeft, y_of(v), kLeft + pw, y_of(v), v == 0 ? "axis" : "grid");
    out += svg_text(kLeft - 6, y_of(v) + 4, whole(v), "end", "small");
  }
  out += svg_line(kLeft, kTop, kLeft, base, "axis");
  out += svg_text(14, kTop + ph / 2, "分", "middle", "small");
  const std::size_t n = rows.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& [key, m] = rows[i];
    double slot = pw / static_cast<double>(n), cx = kLeft + slot * (static_cast<double>(i) + 0.5);
    double bw = std::min(40.0, slot * 0.62);
    double top = y_of(static_cast<double>(m));
    std::string cls = "bar " + notify_judgement(r, key);
    out += svg_rect(cx - bw / 2, top, bw, base - top, cls, key + ": " + std::to_string(m) + " 分");
    if (n <= 40) out += svg_text(cx, top - 4, std::to_string(m), "middle", "value");
    if (rotate)
      out += "<text x=\"" + c(cx) + "\" y=\"" + c(base + 12) + "\" text-anchor=\"end\" class=\"small\" transform=\"rotate(-40 " +
             c(cx) + " " + c(base + 12) + ")\">" + html(key) + "</text>\n";
    else
      out += svg_text(cx, base + 15, key, "middle", "small");
  }
  out += svg_line(kLeft, y_of(slo), kLeft + pw, y_of(slo), "slo");
  out += svg_text(kLeft + pw + 6, y_of(slo) + 4, "SLO " + std::to_string(p.first_slo_impacting.count()) + "分", "start", "small");
  out += svg_line(kLeft, y_of(sla), kLeft + pw, y_of(sla), "sla");
  out += svg_text(kLeft + pw + 6, y_of(sla) + 4, "SLA " + std::to_string(p.first_sla_impacting.count()) + "分", "start", "small");
  if (n == 0) out += svg_text(kLeft + pw / 2, kTop + ph / 2, "データなし", "middle", "empty");
  return out + "</svg>\n";
}

std::string figure(const std::string& svg, std::string_view caption) {
  return "<figure>\n" + svg + "<figcaption>" + html(caption) + "</figcaption>\n</figure>\n";
}

}  // namespace

bool SloReport::any_missed() const {
  for (const auto& t : types)
    if (!t.kept()) return true;
  for (const auto& i : incidents)
    if (!i.slo_kept() || !i.sla_kept()) return true;
  return false;
}

std::string slo_report_definition(const IncidentPolicy& policy) {
  return "Requests count in a period when their due time (after pauses, as stored) falls within it, "
         "from its start inclusive to its end exclusive. "
         "Met: resolved at or before the due time. "
         "Missed: resolved after it, or not resolved when the due time had passed at the report's "
         "generation time. "
         "Open: not resolved and not yet due; not counted in attainment. "
         "Attainment = met / (met + missed). "
         "A type is kept (○) when none of its requests missed, and × otherwise. "
         "Low-priority requests without a date have no due time and do not count. "
         "Incidents count when received within the period. "
         "The first notification is the first notice that reached the customer. "
         "The SLO is missed when it came more than " + minutes_en(policy.first_slo_impacting) +
         " after receipt (impacting or not yet judged incidents) or " + minutes_en(policy.first_slo_not_impacting) +
         " (not impacting), or when there is none yet and that deadline has passed; "
         "the SLA likewise with " + minutes_en(policy.first_sla_impacting) +
         " (impacting or not yet judged incidents only; not-impacting incidents have no SLA). "
         "The median and the 95th percentile (nearest rank) of the time to the first notification "
         "are taken over the notified incidents.";
}

nlohmann::ordered_json to_json(const SloReport& r, const date::time_zone* zone) {
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
  Json incidents = Json::array();
  for (const auto& c : r.incidents) {
    auto opt = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); };
    incidents.push_back(Json{{"impact", c.impact}, {"count", c.count}, {"notified", c.notified},
                             {"slo_missed", c.slo_missed}, {"sla_missed", c.sla_missed},
                             {"median_seconds_to_first_notice", opt(c.median_seconds)},
                             {"p95_seconds_to_first_notice", opt(c.p95_seconds)},
                             {"slo_kept", c.slo_kept()},
                             {"sla_kept", c.impact == "no" ? Json(nullptr) : Json(c.sla_kept())},
                             {"slo_mark", c.slo_kept() ? "○" : "×"},
                             {"sla_mark", c.impact == "no" ? "-" : (c.sla_kept() ? "○" : "×")}});
  }
  return Json{{"period", Json{{"label", r.period.label}, {"from", iso(r.period.from)}, {"to", iso(r.period.to)}}},
              {"customer", r.customer.empty() ? Json(nullptr) : Json(r.customer)},
              {"generated_at", iso(r.generated_at)},
              {"any_missed", r.any_missed()},
              {"requests", types},
              {"incidents", incidents},
              {"definition", slo_report_definition(r.policy)}};
}

nlohmann::ordered_json to_json(const ServiceReport& r, const date::time_zone* zone) {
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
  return Json{{"customer", r.customer},
              {"customer_name", r.customer_name},
              {"slo", to_json(r.slo, zone)},
              {"major_requests", items(r.major_requests)},
              {"serious_incidents", items(r.serious_incidents)},
              {"nonconformities", items(r.nonconformities)},
              {"requests_by_type", pairs(r.requests_by_type, "type")},
              {"requests_by_weekday", pairs(r.requests_by_weekday, "weekday")},
              {"trend", trend},
              {"minutes_to_first_notice", notify}};
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

/// One table for both kinds of row, so the file opens as a single sheet:
///
///   section,tier,code,name,name_en,raised_by,slo_days,due,met,missed,
///   open_overdue,open,kept,attainment_pct,impact,count,notified,slo_missed,
///   sla_missed,median_seconds,p95_seconds,slo_kept,sla_kept
///
/// `section` is `type` for a catalog type (columns tier..attainment_pct
/// filled, the incident columns empty) or `incident` for an impact class
/// (columns impact..sla_kept filled, the type columns empty). Within a
/// section an empty cell means "does not apply": attainment_pct when nothing
/// was decided, median/p95 when no incident was notified, sla_missed and
/// sla_kept for incidents without service impact (they have no SLA).
/// kept/slo_kept/sla_kept are ○ or ×; attainment_pct has one decimal; tier
/// and raised_by are the catalog's codes.
std::string render_slo_csv(const SloReport& r) {
  static constexpr std::string_view kHeader[] = {
      "section",    "tier",         "code",      "name",     "name_en",    "raised_by",
      "slo_days",   "due",          "met",       "missed",   "open_overdue", "open",
      "kept",       "attainment_pct", "impact",  "count",    "notified",   "slo_missed",
      "sla_missed", "median_seconds", "p95_seconds", "slo_kept", "sla_kept"};
  constexpr std::size_t kColumns = std::size(kHeader);
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < kColumns; ++i) {
      if (i) out += ',';
      if (i < cells.size()) out += csv_field(cells[i]);
    }
    out += "\r\n";
  };
  emit(std::vector<std::string>(std::begin(kHeader), std::end(kHeader)));
  for (const auto& t : r.types) {
    auto a = t.attainment();
    emit({"type", std::string(to_string(t.tier)), t.type, t.name, t.name_en, t.raised_by,
          std::to_string(t.slo_days), std::to_string(t.due), std::to_string(t.met), std::to_string(t.missed),
          std::to_string(t.open_overdue), std::to_string(t.open), mark(t.kept()), a ? fixed1(*a) : ""});
  }
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  for (const auto& i : r.incidents) {
    bool sla = impact_words(i.impact, r.policy).has_sla;
    std::vector<std::string> cells(14);
    cells[0] = "incident";
    cells.insert(cells.end(), {i.impact, std::to_string(i.count), std::to_string(i.notified),
                               std::to_string(i.slo_missed), sla ? std::to_string(i.sla_missed) : "",
                               opt(i.median_seconds), opt(i.p95_seconds), mark(i.slo_kept()),
                               sla ? mark(i.sla_kept()) : ""});
    emit(cells);
  }
  return out;
}

std::string render_slo_markdown(const SloReport& r, const date::time_zone* zone) {
  std::string out = "# サービスレベル目標 (SLO) およびサービスレベル合意 (SLA) の順守状況\n\n";
  out += "お客様: " + md(customer_text(r)) + "\n\n";
  out += "対象期間: " + md(period_text(r.period, zone)) + "\n\n";
  out += slo_tables_md(r, "##");
  return out + footer_md(r, zone);
}

std::string render_slo_html(const SloReport& r, const date::time_zone* zone) {
  std::string title = "SLO・SLA 順守状況 " + customer_text(r) + " " + r.period.label;
  std::string out = page_begin(title);
  out += "<header>\n<h1>サービスレベル目標 (SLO) およびサービスレベル合意 (SLA) の順守状況</h1>\n";
  out += "<dl class=\"meta\"><dt>お客様</dt><dd>" + html(customer_text(r)) + "</dd><dt>対象期間</dt><dd>" +
         html(period_text(r.period, zone)) + "</dd><dt>作成日時</dt><dd>" +
         html(format_instant(r.generated_at, zone)) + "</dd></dl>\n</header>\n<main>\n";
  out += verdict_html(r);
  out += slo_tables_html(r, "h2");
  out += "</main>\n" + footer_html(r, zone);
  return out + page_end();
}

std::string render_service_markdown(const ServiceReport& r, const date::time_zone* zone) {
  const std::string& name = r.customer_name.empty() ? r.customer : r.customer_name;
  std::string out = "# サービスレポート " + md(name) + " " + md(r.slo.period.label) + "\n\n";
  out += "お客様: " + md(name) + (r.customer.empty() || r.customer == name ? "" : " (" + md(r.customer) + ")") +
         "\n\n";
  out += "対象期間: " + md(period_text(r.slo.period, zone)) + "\n\n";

  out += "## 1. 目標に対する実績\n\n" + slo_tables_md(r.slo, "###");

  out += "## 2. 主要なご依頼\n\n" + items_md(r.slo, r.major_requests, zone, false);
  out += "## 3. 重大な障害\n\n" + items_md(r.slo, r.serious_incidents, zone, true);

  out += "## 4. 件数と傾向\n\n### 種別ごとの件数\n\n";
  if (r.requests_by_type.empty()) {
    out += "なし\n\n";
  } else {
    std::int64_t total = 0;
    out += "| 種別 | 件数 |\n|---|---:|\n";
    for (const auto& [code, n] : r.requests_by_type) {
      out += md_row({md(type_name(r.slo, code)), std::to_string(n)});
      total += n;
    }
    out += md_row({"**合計**", "**" + std::to_string(total) + "**"}) + "\n";
  }
  out += "### 曜日ごとの件数\n\n";
  if (r.requests_by_weekday.empty()) {
    out += "なし\n\n";
  } else {
    out += "| 曜日 | 件数 |\n|---|---:|\n";
    for (const auto& [day, n] : r.requests_by_weekday) out += md_row({md(weekday_ja(day)), std::to_string(n)});
    out += "\n";
  }
  out += "### 過去 12 か月の推移\n\n";
  if (r.trend.empty()) {
    out += "なし\n\n";
  } else {
    out += "| 月 | 達成 | 未達 | 達成率 | 障害 | 初報SLO未達 |\n|---|---:|---:|---:|---:|---:|\n";
    for (const auto& m : r.trend)
      out += md_row({md(m.month), std::to_string(m.met), std::to_string(m.missed),
                     percent(attainment(m.met, m.missed)), std::to_string(m.incidents),
                     std::to_string(m.incident_slo_missed)});
    out += "\n";
  }

  out += "## 5. 不適合と原因\n\n";
  if (r.nonconformities.empty()) {
    out += "なし\n\n";
  } else {
    out += "| キー | 種別 | 件名 | 受付 | 期限 | 完了 | 原因 |\n|---|---|---|---|---|---|---|\n";
    for (const auto& it : r.nonconformities)
      out += md_row({md(it.key), md(type_name(r.slo, it.type)), md(it.title), format_local_short(it.at, zone),
                     opt_time(it.due, zone), opt_time(it.done, zone),
                     it.note.empty() ? "(原因未記録)" : md(it.note)});
    out += "\n";
  }
  return out + footer_md(r.slo, zone);
}

std::string render_service_html(const ServiceReport& r, const date::time_zone* zone) {
  const std::string& name = r.customer_name.empty() ? r.customer : r.customer_name;
  std::string out = page_begin("サービスレポート " + name + " " + r.slo.period.label);
  out += "<header>\n<h1>サービスレポート " + html(name) + " " + html(r.slo.period.label) + "</h1>\n";
  out += "<dl class=\"meta\"><dt>お客様</dt><dd>" + html(name) +
         (r.customer.empty() || r.customer == name ? "" : " (" + html(r.customer) + ")") +
         "</dd><dt>対象期間</dt><dd>" + html(period_text(r.slo.period, zone)) + "</dd><dt>作成日時</dt><dd>" +
         html(format_instant(r.slo.generated_at, zone)) + "</dd></dl>\n</header>\n<main>\n";

  out += "<section>\n<h2>1. 目標に対する実績</h2>\n" + verdict_html(r.slo) + slo_tables_html(r.slo, "h3");
  const auto& p = r.slo.policy;
  out += figure(chart_notify(r), "棒の色: 緑 初報 SLO 達成、黄 SLO 未達 (SLA 内)、赤 SLA 未達 (SLA のない障害は SLO 未達)。"
                                 "線はサービス影響がある場合の初報の SLO (" + minutes_ja(p.first_slo_impacting) +
                                 ") と SLA (" + minutes_ja(p.first_sla_impacting) + ")。"
                                 "サービス影響がない場合の SLO は " + minutes_ja(p.first_slo_not_impacting) + "。");
  out += "</section>\n";

  out += "<section>\n<h2>2. 主要なご依頼</h2>\n" + items_html(r.slo, r.major_requests, zone, false) +
         "</section>\n";
  out += "<section>\n<h2>3. 重大な障害</h2>\n" + items_html(r.slo, r.serious_incidents, zone, true) +
         "</section>\n";

  out += "<section>\n<h2>4. 件数と傾向</h2>\n<h3>種別ごとの件数</h3>\n";
  std::int64_t total = 0;
  for (const auto& row : r.requests_by_type) total += row.second;
  out += figure(chart_by_type(r), "この月に受け付けたご依頼: 合計 " + std::to_string(total) + " 件");
  out += "<h3>曜日ごとの件数</h3>\n";
  if (r.requests_by_weekday.empty()) {
    out += "<p class=\"none\">なし</p>\n";
  } else {
    out += "<table>\n<thead><tr>";
    for (const auto& row : r.requests_by_weekday) out += "<th scope=\"col\">" + html(weekday_ja(row.first)) + "</th>";
    out += "</tr></thead>\n<tbody><tr>";
    for (const auto& row : r.requests_by_weekday) out += td(std::to_string(row.second), "n");
    out += "</tr></tbody>\n</table>\n";
  }
  out += "<h3>過去 12 か月の推移</h3>\n" + figure(chart_trend(r), "ご依頼の SLO 達成率 = 達成 / (達成 + 未達)");
  if (!r.trend.empty()) {
    out += "<table>\n" + th_row({"月", "達成", "未達", "達成率", "障害", "初報SLO未達"}) + "<tbody>\n";
    for (const auto& m : r.trend)
      out += "<tr>" + td(m.month, "t") + td(std::to_string(m.met), "n") +
             td(std::to_string(m.missed), m.missed ? "n ng" : "n") + td(percent(attainment(m.met, m.missed)), "n") +
             td(std::to_string(m.incidents), "n") +
             td(std::to_string(m.incident_slo_missed), m.incident_slo_missed ? "n ng" : "n") + "</tr>\n";
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";

  out += "<section>\n<h2>5. 不適合と原因</h2>\n";
  if (r.nonconformities.empty()) {
    out += "<p class=\"none\">なし</p>\n";
  } else {
    out += "<table>\n" + th_row({"キー", "種別", "件名", "受付", "期限", "完了", "原因"}) + "<tbody>\n";
    for (const auto& it : r.nonconformities)
      out += "<tr>" + td(it.key, "t") + td(type_name(r.slo, it.type)) + td(it.title) +
             td(format_local_short(it.at, zone), "t") + td(opt_time(it.due, zone), "t") +
             td(opt_time(it.done, zone), "t") + td(it.note.empty() ? "(原因未記録)" : it.note) + "</tr>\n";
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n</main>\n" + footer_html(r.slo, zone);
  return out + page_end();
}

}  // namespace sd
