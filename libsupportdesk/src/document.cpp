/// The generic renderers of a Document (document.hpp): text for a terminal,
/// Markdown, self-contained HTML with inline SVG charts, and CSV. They know
/// the shapes of a document, never its words.
#include "supportdesk/document.hpp"

#include "supportdesk/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace sd {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

bool shown_in(unsigned media, unsigned renderer) { return (media & renderer) != 0; }

/// The columns of `t` shown by `renderer`, the group column first.
std::vector<const Column*> columns_of(const Table& t, unsigned renderer) {
  std::vector<const Column*> out;
  if (t.group_column && shown_in(t.group_column->media, renderer)) out.push_back(&*t.group_column);
  for (const auto& c : t.columns)
    if (shown_in(c.media, renderer)) out.push_back(&c);
  return out;
}

/// The cell of `row` under `col` (the group's code under the group column).
Cell cell_of(const Table& t, const Row& row, const Column* col) {
  if (t.group_column && col == &*t.group_column) {
    const std::string code = row.group < t.groups.size() ? t.groups[row.group].code : "";
    return Cell{code, code, code, Verdict::none};
  }
  auto i = static_cast<std::size_t>(col - t.columns.data());
  return i < row.cells.size() ? row.cells[i] : Cell{};
}

// --- numbers -------------------------------------------------------------

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string whole(double v) { return std::to_string(std::llround(v)); }

// --- text ------------------------------------------------------------------

/// Columns padded to their widest cell (Japanese counts two columns), two
/// spaces apart, no trailing blanks; the headings even without rows.
std::string text_table(const Table& t) {
  auto cols = columns_of(t, kText);
  if (cols.empty()) return "";
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> head;
  for (const auto* c : cols) head.push_back(c->terse);
  lines.push_back(head);
  for (const auto& row : t.rows) {
    std::vector<std::string> line;
    for (const auto* c : cols) line.push_back(cell_of(t, row, c).terse);
    lines.push_back(std::move(line));
  }
  std::vector<std::size_t> widths(cols.size());
  for (const auto& line : lines)
    for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], display_width(line[i]));
  std::string out;
  for (const auto& line : lines) {
    std::string s;
    for (std::size_t i = 0; i < line.size(); ++i) {
      std::string pad(widths[i] - display_width(line[i]), ' ');
      if (i) s += "  ";
      s += cols[i]->right_in_text ? pad + line[i] : line[i] + (i + 1 < line.size() ? pad : "");
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out += s + "\n";
  }
  return out;
}

std::string text_spans(const std::vector<Span>& spans) {
  std::string out;
  for (const auto& s : spans) out += s.text;
  return out;
}

void text_blocks(const std::vector<Block>& blocks, std::string& out) {
  for (const auto& b : blocks)
    std::visit(Overloaded{
                   [&](const Paragraph& p) {
                     if (shown_in(p.media, kText)) out += text_spans(p.spans) + "\n\n";
                   },
                   [&](const Table& t) {
                     if (shown_in(t.media, kText)) out += text_table(t) + "\n";
                   },
                   [&](const Chart& c) {
                     if (shown_in(c.media, kText) && c.table && shown_in(c.table->media, kText))
                       out += text_table(*c.table) + "\n";
                   },
               },
               b);
}

void text_section(const Section& s, std::string& out) {
  if (shown_in(s.title_media, kText)) out += s.title + "\n\n";
  text_blocks(s.blocks, out);
  for (const auto& sub : s.sections) text_section(sub, out);
}

// --- Markdown ----------------------------------------------------------------

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

std::string md_heading(int level, std::string_view text) {
  return std::string(static_cast<std::size_t>(level), '#') + " " + md(text) + "\n\n";
}

std::string md_spans(const std::vector<Span>& spans) {
  std::string out;
  for (const auto& s : spans) out += s.strong ? "**" + md(s.text) + "**" : md(s.text);
  return out;
}

std::string md_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + c + " |";
  return out + "\n";
}

/// A table of `rows` (the table's, or one group's), or its empty text.
std::string md_table(const Table& t, const std::vector<const Row*>& rows) {
  if (rows.empty()) return md(t.empty) + "\n\n";
  auto cols = columns_of(t, kMarkdown);
  std::vector<std::string> head;
  std::string rule = "|";
  for (const auto* c : cols) {
    head.push_back(md(c->label));
    rule += c->align == Align::right ? "---:|" : c->align == Align::center ? ":---:|" : "---|";
  }
  std::string out = md_row(head) + rule + "\n";
  for (const auto* row : rows) {
    std::vector<std::string> cells;
    for (const auto* c : cols) {
      std::string v = md(cell_of(t, *row, c).shown);
      cells.push_back(row->total ? "**" + v + "**" : v);
    }
    out += md_row(cells);
  }
  return out + "\n";
}

std::vector<const Row*> rows_of(const Table& t, std::optional<std::size_t> group = std::nullopt) {
  std::vector<const Row*> out;
  for (const auto& r : t.rows)
    if (!group || r.group == *group) out.push_back(&r);
  return out;
}

/// A table inside a part of `level`: grouped tables give each group a
/// heading one level down.
std::string md_table_block(const Table& t, int level) {
  if (!t.group_column) return md_table(t, rows_of(t));
  if (t.rows.empty()) return md_heading(level + 1, t.title) + md_table(t, {});
  std::string out;
  for (std::size_t g = 0; g < t.groups.size(); ++g) {
    auto rows = rows_of(t, g);
    if (!rows.empty()) out += md_heading(level + 1, t.groups[g].label) + md_table(t, rows);
  }
  return out;
}

void md_blocks(const std::vector<Block>& blocks, int level, std::string& out) {
  for (const auto& b : blocks)
    std::visit(Overloaded{
                   [&](const Paragraph& p) {
                     if (shown_in(p.media, kMarkdown)) out += md_spans(p.spans) + "\n\n";
                   },
                   [&](const Table& t) {
                     if (shown_in(t.media, kMarkdown)) out += md_table_block(t, level);
                   },
                   [&](const Chart& c) {
                     if (shown_in(c.media, kMarkdown) && c.table && shown_in(c.table->media, kMarkdown))
                       out += md_table_block(*c.table, level);
                   },
               },
               b);
}

void md_section(const Section& s, int level, std::string& out) {
  if (shown_in(s.title_media, kMarkdown)) out += md_heading(level, s.title);
  md_blocks(s.blocks, level, out);
  for (const auto& sub : s.sections) md_section(sub, level + 1, out);
}

// --- HTML ------------------------------------------------------------------

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

std::string page_begin(const Document& d) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + html(d.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + html(d.page_title.empty() ? d.title : d.page_title) + "</title>\n<style>\n" +
         std::string(kCss) + "</style>\n</head>\n<body>\n";
  return out;
}

std::string html_heading(int level, std::string_view text) {
  auto h = std::to_string(std::min(level, 6));
  return "<h" + h + ">" + html(text) + "</h" + h + ">\n";
}

std::string html_spans(const std::vector<Span>& spans) {
  std::string out;
  for (const auto& s : spans) out += s.strong ? "<strong>" + html(s.text) + "</strong>" : html(s.text);
  return out;
}

std::string td_class(const Column& c, Verdict v) {
  std::string cls = c.align == Align::nowrap ? "t" : c.align == Align::right ? "n" : c.align == Align::center ? "m" : "";
  if (v != Verdict::none) cls += std::string(cls.empty() ? "" : " ") + (v == Verdict::kept ? "ok" : "ng");
  return cls;
}

std::string td(const Column& c, const Cell& cell, bool strong) {
  std::string cls = td_class(c, cell.verdict);
  std::string text = strong ? "<strong>" + html(cell.shown) + "</strong>" : html(cell.shown);
  return (cls.empty() ? "<td>" : "<td class=\"" + cls + "\">") + text + "</td>";
}

std::string html_table(const Table& t, const std::vector<const Row*>& rows) {
  if (rows.empty() && !t.empty.empty()) return "<p class=\"none\">" + html(t.empty) + "</p>\n";
  auto cols = columns_of(t, kHtml);
  if (t.across && !cols.empty()) {
    std::string out = "<table>\n<thead><tr>";
    for (const auto* row : rows) out += "<th scope=\"col\">" + html(cell_of(t, *row, cols[0]).shown) + "</th>";
    out += "</tr></thead>\n<tbody>";
    for (std::size_t i = 1; i < cols.size(); ++i) {
      out += "<tr>";
      for (const auto* row : rows) out += td(*cols[i], cell_of(t, *row, cols[i]), row->total);
      out += "</tr>";
    }
    return out + "</tbody>\n</table>\n";
  }
  std::string out = "<table>\n<thead><tr>";
  for (const auto* c : cols) out += "<th scope=\"col\">" + html(c->label) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto* row : rows) {
    out += "<tr>";
    for (const auto* c : cols) out += td(*c, cell_of(t, *row, c), row->total);
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string html_table_block(const Table& t, int level) {
  if (!t.group_column) return html_table(t, rows_of(t));
  if (t.rows.empty()) return html_heading(level + 1, t.title) + html_table(t, {});
  std::string out;
  for (std::size_t g = 0; g < t.groups.size(); ++g) {
    auto rows = rows_of(t, g);
    if (!rows.empty()) out += html_heading(level + 1, t.groups[g].label) + html_table(t, rows);
  }
  return out;
}

// --- SVG charts --------------------------------------------------------------

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

std::string bar_class(const ChartPoint& p) { return p.tone.empty() ? "bar" : "bar " + p.tone; }

/// The text alternative: the summary, then every point's tip.
std::string chart_desc(const Chart& ch) {
  std::string desc = ch.summary;
  for (const auto& p : ch.points) desc += " " + p.tip + ";";
  return desc;
}

double max_value(const Chart& ch) {
  double max = 0;
  for (const auto& p : ch.points)
    if (p.value) max = std::max(max, *p.value);
  return max;
}

/// Horizontal bars, one labelled row per point, the value after the bar.
std::string svg_bars(const Chart& ch) {
  constexpr double kW = 960, kLeft = 280, kRight = 70, kTop = 12, kRow = 26, kBar = 16;
  const double max = max_value(ch);
  if (ch.points.empty() || max <= 0) {
    std::string out = svg_open(kW, 90, ch.id, ch.title, chart_desc(ch));
    out += "<rect x=\"1\" y=\"1\" width=\"" + c(kW - 2) + "\" height=\"88\" class=\"frame\"/>\n";
    out += svg_text(kW / 2, 51, ch.no_data, "middle", "empty");
    return out + "</svg>\n";
  }
  const double rows = static_cast<double>(ch.points.size());
  std::string out = svg_open(kW, kTop + kRow * rows + 24, ch.id, ch.title, chart_desc(ch));
  const double span = kW - kLeft - kRight;
  const double step = ch.top ? (ch.step > 0 ? ch.step : nice_step(*ch.top, 5)) : nice_step(max, 5);
  const double top_value = ch.top ? *ch.top : step * std::ceil(max / step);
  const double bottom = kTop + kRow * rows;
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    double x = kLeft + span * v / top_value;
    out += svg_line(x, kTop - 4, x, bottom, "grid");
    out += svg_text(x, bottom + 16, whole(v) + ch.tick_suffix, "middle", "small");
  }
  for (std::size_t i = 0; i < ch.points.size(); ++i) {
    const auto& p = ch.points[i];
    double y = kTop + kRow * static_cast<double>(i);
    out += svg_text(kLeft - 8, y + kRow / 2 + 4, truncate_to_width(p.label, 40), "end");
    if (!p.value) {
      out += svg_text(kLeft + 6, y + kRow / 2 + 4, p.shown, "start", "small");
      continue;
    }
    double w = span * std::max(0.0, *p.value) / top_value;
    out += svg_rect(kLeft, y + (kRow - kBar) / 2, w, kBar, bar_class(p), p.tip);
    out += svg_text(kLeft + w + 6, y + kRow / 2 + 4, p.shown, "start", "value");
  }
  out += svg_line(kLeft, kTop - 4, kLeft, bottom, "axis");
  return out + "</svg>\n";
}

/// Vertical bars over a value axis, with reference lines and a legend.
std::string svg_columns(const Chart& ch) {
  const std::size_t n = ch.points.size();
  const bool rotate = n > 14;  // labels no longer fit side by side
  const bool line_labels = std::any_of(ch.lines.begin(), ch.lines.end(), [](const auto& l) { return !l.label.empty(); });
  constexpr double kW = 960, kLeft = 56, kTop = 22, kPlot = 210;
  const double right = line_labels ? 78 : 20;
  const double bottom = (rotate ? 70 : 30) + (ch.legend.empty() ? 0 : 32);
  const double height = kTop + kPlot + bottom;
  const double pw = kW - kLeft - right, ph = kPlot, base = kTop + ph;
  double step = 0, top_value = 0;
  if (ch.top) {
    top_value = *ch.top;
    step = ch.step > 0 ? ch.step : nice_step(top_value, 5);
  } else {
    double reach = std::max(1.0, max_value(ch));
    for (const auto& l : ch.lines) reach = std::max(reach, l.value + 5);  // the lines stay inside the plot
    step = nice_step(reach, 5);
    top_value = step * std::ceil(reach / step);
  }
  auto y_of = [&](double v) { return kTop + ph * (1 - std::max(0.0, v) / top_value); };
  std::string out = svg_open(kW, height, ch.id, ch.title, chart_desc(ch));
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    out += svg_line(kLeft, y_of(v), kLeft + pw, y_of(v), v == 0 ? "axis" : "grid");
    out += svg_text(kLeft - 6, y_of(v) + 4, whole(v) + ch.tick_suffix, "end", "small");
  }
  out += svg_line(kLeft, kTop, kLeft, base, "axis");
  if (!ch.unit.empty()) out += svg_text(14, kTop + ph / 2, ch.unit, "middle", "small");
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = ch.points[i];
    double slot = pw / static_cast<double>(n), cx = kLeft + slot * (static_cast<double>(i) + 0.5);
    double bw = std::min(44.0, slot * 0.62);
    if (p.value) {
      any = true;
      double top = y_of(*p.value);
      out += svg_rect(cx - bw / 2, top, bw, base - top, bar_class(p), p.tip);
      if (n <= 40) {
        if (base - top >= 20) out += svg_text(cx, top + 14, p.shown, "middle", "inbar");
        else out += svg_text(cx, top - 4, p.shown, "middle", "value");
      }
    } else {
      out += svg_text(cx, base - 4, p.shown, "middle", "small");
    }
    if (rotate)
      out += "<text x=\"" + c(cx) + "\" y=\"" + c(base + 12) + "\" text-anchor=\"end\" class=\"small\" transform=\"rotate(-40 " +
             c(cx) + " " + c(base + 12) + ")\">" + html(p.label) + "</text>\n";
    else
      out += svg_text(cx, base + 15, p.label, "middle", "small");
  }
  for (const auto& l : ch.lines) {
    out += svg_line(kLeft, y_of(l.value), kLeft + pw, y_of(l.value), l.tone);
    if (!l.label.empty()) out += svg_text(kLeft + pw + 6, y_of(l.value) + 4, l.label, "start", "small");
  }
  // The legend, in the bottom margin; 11.5px text is about 6px a column.
  double x = kLeft, ly = height - 12;
  for (const auto& e : ch.legend) {
    double text_w = static_cast<double>(display_width(e.text)) * 6;
    if (e.kind == LegendEntry::Kind::line) {
      out += svg_line(x, ly - 4, x + 28, ly - 4, e.tone);
      x += 34;
    } else if (e.kind == LegendEntry::Kind::box) {
      out += svg_rect(x, ly - 10, 12, 10, "bar " + e.tone, e.tip);
      x += 18;
    }
    out += svg_text(x, ly, e.text, "start", "small");
    x += text_w + 24;
  }
  if (!any) out += svg_text(kLeft + pw / 2, kTop + ph / 2, ch.no_data, "middle", "empty");
  return out + "</svg>\n";
}

std::string html_figure(const Chart& ch) {
  std::string out = "<figure>\n" + (ch.shape == Chart::Shape::bars ? svg_bars(ch) : svg_columns(ch));
  if (!ch.caption.empty()) out += "<figcaption>" + html(ch.caption) + "</figcaption>\n";
  return out + "</figure>\n";
}

void html_blocks(const std::vector<Block>& blocks, int level, std::string& out) {
  for (const auto& b : blocks)
    std::visit(Overloaded{
                   [&](const Paragraph& p) {
                     if (!shown_in(p.media, kHtml)) return;
                     out += p.tone == Tone::ok   ? "<p class=\"verdict ok\">"
                            : p.tone == Tone::ng ? "<p class=\"verdict ng\">"
                                                 : "<p>";
                     out += html_spans(p.spans) + "</p>\n";
                   },
                   [&](const Table& t) {
                     if (shown_in(t.media, kHtml)) out += html_table_block(t, level);
                   },
                   [&](const Chart& ch) {
                     if (shown_in(ch.media, kHtml)) out += html_figure(ch);
                   },
               },
               b);
}

void html_section(const Section& s, int level, std::string& out) {
  bool wrap = level == 2;
  if (wrap) out += "<section>\n";
  if (shown_in(s.title_media, kHtml)) out += html_heading(level, s.title);
  html_blocks(s.blocks, level, out);
  for (const auto& sub : s.sections) html_section(sub, level + 1, out);
  if (wrap) out += "</section>\n";
}

// --- CSV -------------------------------------------------------------------

void csv_tables(const std::vector<Block>& blocks, std::vector<const Table*>& out);

void csv_tables(const Section& s, std::vector<const Table*>& out) {
  csv_tables(s.blocks, out);
  for (const auto& sub : s.sections) csv_tables(sub, out);
}

void csv_tables(const std::vector<Block>& blocks, std::vector<const Table*>& out) {
  for (const auto& b : blocks) {
    if (const auto* t = std::get_if<Table>(&b); t && shown_in(t->media, kCsv)) out.push_back(t);
    if (const auto* ch = std::get_if<Chart>(&b); ch && shown_in(ch->media, kCsv) && ch->table &&
                                                  shown_in(ch->table->media, kCsv))
      out.push_back(&*ch->table);
  }
}

}  // namespace

std::string render_text(const Document& d) {
  std::string out = (d.text_title.empty() ? d.title : d.text_title) + "\n\n";
  bool any = false;
  for (const auto& f : d.meta)
    if (shown_in(f.media, kText)) {
      out += f.label + ": " + f.value + "\n";
      any = true;
    }
  if (any) out += "\n";
  text_blocks(d.blocks, out);
  for (const auto& s : d.sections) text_section(s, out);
  for (const auto& f : d.footer)
    if (shown_in(f.media, kText)) out += f.label + ": " + f.value + "\n";
  if (!d.text_definition.empty()) out += d.text_definition + "\n";
  else if (shown_in(d.definition.media, kText) && !d.definition.value.empty()) out += d.definition.value + "\n";
  return out;
}

std::string render_markdown(const Document& d) {
  std::string out = md_heading(1, d.title);
  for (const auto& f : d.meta)
    if (shown_in(f.media, kMarkdown)) out += md(f.label) + ": " + md(f.value) + "\n\n";
  md_blocks(d.blocks, 1, out);
  for (const auto& s : d.sections) md_section(s, 2, out);
  std::vector<std::string> lines;
  for (const auto& f : d.footer)
    if (shown_in(f.media, kMarkdown)) lines.push_back(md(f.label) + ": " + md(f.value));
  if (shown_in(d.definition.media, kMarkdown) && !d.definition.value.empty())
    lines.push_back(md(d.definition.label) + ": " + md(d.definition.value));
  if (!lines.empty()) {
    out += "---\n\n";
    for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n\n" : "") + lines[i];
    out += "\n";
  }
  return out;
}

std::string render_html(const Document& d) {
  std::string out = page_begin(d);
  out += "<header>\n" + html_heading(1, d.title);
  std::string meta;
  for (const auto& f : d.meta)
    if (shown_in(f.media, kHtml)) meta += "<dt>" + html(f.label) + "</dt><dd>" + html(f.value) + "</dd>";
  if (!meta.empty()) out += "<dl class=\"meta\">" + meta + "</dl>\n";
  out += "</header>\n<main>\n";
  html_blocks(d.blocks, 1, out);
  for (const auto& s : d.sections) html_section(s, 2, out);
  out += "</main>\n";
  std::string footer;
  for (const auto& f : d.footer)
    if (shown_in(f.media, kHtml)) footer += "<p>" + html(f.label) + ": " + html(f.value) + "</p>\n";
  if (shown_in(d.definition.media, kHtml) && !d.definition.value.empty())
    footer += "<p>" + html(d.definition.label) + ": " + html(d.definition.value) + "</p>\n";
  if (!footer.empty()) out += "<footer>\n" + footer + "</footer>\n";
  return out + "</body>\n</html>\n";
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

std::string render_csv(const Document& d) {
  std::vector<const Table*> tables;
  csv_tables(d.blocks, tables);
  for (const auto& s : d.sections) csv_tables(s, tables);
  // The sheet's columns: `section`, then every table's keys in order of
  // first appearance.
  std::vector<std::string> header{"section"};
  std::map<std::string, std::size_t> index;
  for (const auto* t : tables)
    for (const auto* col : columns_of(*t, kCsv))
      if (index.emplace(col->key, header.size()).second) header.push_back(col->key);
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\r\n";
  };
  emit(header);
  for (const auto* t : tables) {
    auto cols = columns_of(*t, kCsv);
    for (const auto& row : t->rows) {
      std::vector<std::string> cells(header.size());
      cells[0] = t->id;
      for (const auto* col : cols) cells[index.at(col->key)] = cell_of(*t, row, col).raw;
      emit(cells);
    }
  }
  return out;
}

}  // namespace sd
