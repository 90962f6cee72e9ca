#pragma once
/// Reports as data: a document of sections, paragraphs, tables and charts,
/// built once from a report's figures (report.hpp) and rendered by generic
/// renderers as text for a terminal, Markdown, self-contained HTML or CSV.
/// The builders hold every word and every unit; the renderers hold none, so
/// the four outputs cannot drift apart. Pure: no clock, no files.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sd {

/// Where a part of a document is shown: a mask of renderers. A part shown
/// nowhere in a format is left out of it.
inline constexpr unsigned kMarkdown = 1u << 0;
inline constexpr unsigned kHtml = 1u << 1;
inline constexpr unsigned kText = 1u << 2;
inline constexpr unsigned kCsv = 1u << 3;
inline constexpr unsigned kPages = kMarkdown | kHtml;  ///< the documents people read
inline constexpr unsigned kAllMedia = kPages | kText | kCsv;

/// A labelled value: the facts under the title (お客様, 対象期間) and the
/// lines of the footer.
struct Field {
  std::string label, value;
  unsigned media = kAllMedia;
};

/// A run of a paragraph's text; strong runs are emphasised.
struct Span {
  std::string text;
  bool strong = false;
};

/// How a paragraph stands out: `ok` and `ng` are a verdict (HTML boxes it
/// in green or red).
enum class Tone { plain, ok, ng };

struct Paragraph {
  std::vector<Span> spans;
  Tone tone = Tone::plain;
  unsigned media = kAllMedia;
};

/// A column's alignment in Markdown and HTML. `nowrap` is left-aligned text
/// kept on one line (times, codes); `right` is for figures; `center` for
/// marks.
enum class Align { left, nowrap, right, center };

struct Column {
  std::string key;    ///< the CSV header; columns of the same key share a CSV column
  std::string label;  ///< the heading in Markdown and HTML
  std::string terse;  ///< the heading on a terminal (may be empty: an unnamed column)
  Align align = Align::left;
  bool right_in_text = false;  ///< right-aligned on a terminal
  unsigned media = kAllMedia;
};

/// Whether a cell's figure kept or missed its target: HTML colours it
/// (a ○/× mark, or a count of misses that is not zero).
enum class Verdict { none, kept, missed };

/// One value in three forms, so that each format says it its own way.
struct Cell {
  std::string shown;  ///< Markdown and HTML: words for people ("1 営業日", "—")
  std::string terse;  ///< a terminal: compact ("1bd", "-")
  std::string raw;    ///< CSV: the bare value ("1", "" for none)
  Verdict verdict = Verdict::none;
};

struct Row {
  std::vector<Cell> cells;  ///< one per column
  std::size_t group = 0;    ///< the row's group (Table::groups), in a grouped table
  bool total = false;       ///< a total line: emphasised in Markdown and HTML
};

/// A group of rows: `code` on a terminal and in CSV, `label` as the heading
/// of the group's own table in Markdown and HTML.
struct Group {
  std::string code, label;
};

struct Table {
  std::string id;  ///< names the table's rows in CSV (its `section` column)
  std::vector<Column> columns;
  std::vector<Row> rows;
  /// Said instead of a table without rows, in Markdown and HTML; a terminal
  /// shows the headings alone.
  std::string empty;
  /// Grouped rows (requests by tier): Markdown and HTML give each group that
  /// has rows a heading one level down and a table of its own, in the order
  /// of `groups`, and with no rows at all `title` as heading and `empty`; a
  /// terminal and CSV keep one table with the group's code in a first column
  /// described by `group_column`.
  std::optional<Column> group_column;
  std::vector<Group> groups;
  std::string title;
  /// Laid across the page in HTML: the first column's cells become the
  /// header and each other column a row (a short list such as weekdays).
  bool across = false;
  unsigned media = kAllMedia;
};

/// One bar of a chart.
struct ChartPoint {
  std::string label;            ///< beside (bars) or under (columns) the bar
  std::optional<double> value;  ///< none: no bar, `shown` written at the base
  std::string shown;            ///< the value as written at the bar ("3 件", "80.0")
  std::string tip;              ///< the bar's tooltip, and its entry in the text alternative
  std::string tone;             ///< the bar's colour class: "", "ok", "warn" or "ng"
};

/// A reference line across a chart (a target, a deadline), with its label
/// at the right-hand end when there is one.
struct ChartLine {
  double value = 0;
  std::string tone;  ///< the line's class: "target", "slo", "sla"
  std::string label;
};

/// An entry of a chart's legend, under the plot.
struct LegendEntry {
  enum class Kind { line, box, text };
  Kind kind = Kind::text;
  std::string tone;  ///< the line's or the box's class
  std::string text;
  std::string tip;   ///< a box's tooltip
};

/// A chart of one series. HTML draws it as inline SVG with a text
/// alternative (the title, `summary` and every point's tip); renderers
/// without pictures show `table` instead, or leave the chart out when there
/// is none (its figures are in a table beside it).
struct Chart {
  enum class Shape { bars, columns };  ///< bars: horizontal, labelled rows; columns: vertical
  Shape shape = Shape::columns;
  std::string id;       ///< prefix of the SVG's element ids
  std::string title;    ///< the SVG's <title> and aria-label
  std::string summary;  ///< the first words of the text alternative (<desc>)
  std::string caption;  ///< under the figure
  std::string no_data;  ///< written across a chart with no values
  std::vector<ChartPoint> points;
  std::vector<ChartLine> lines;
  std::vector<LegendEntry> legend;
  std::optional<double> top;  ///< a fixed top of the scale; none: from the values and the lines
  double step = 0;            ///< the tick step with a fixed top (0: chosen)
  std::string tick_suffix;    ///< after each tick's number ("%")
  std::string unit;           ///< the value axis's unit, written beside it ("分")
  std::optional<Table> table;
  unsigned media = kAllMedia;
};

using Block = std::variant<Paragraph, Table, Chart>;

/// A titled part. Sections of a document are level 2 (## / <h2>, wrapped
/// in <section> in HTML); theirs are one level further down.
struct Section {
  std::string title;
  unsigned title_media = kAllMedia;  ///< where the heading shows; the content by its own media
  std::vector<Block> blocks;
  std::vector<Section> sections;  ///< after the blocks
};

struct Document {
  std::string lang = "ja";  ///< the language of the page (HTML lang)
  std::string title;        ///< # / <h1>
  std::string page_title;   ///< HTML <title>; empty: `title`
  std::string text_title;   ///< the first line on a terminal; empty: `title`
  std::vector<Field> meta;  ///< under the title
  std::vector<Block> blocks;      ///< before the first section
  std::vector<Section> sections;  ///< level 2
  std::vector<Field> footer;      ///< after a rule, at the end
  /// The definition of the figures: the footer's last line in Markdown and
  /// HTML (`label: value`), the last line on a terminal (the value alone).
  Field definition;
  /// The definition on a terminal, where it differs from `definition`
  /// (another language); empty: `definition`, if shown in kText.
  std::string text_definition;
};

/// The document for a terminal: `text_title`, then its tables aligned in
/// columns that stay aligned with Japanese text, and whatever else is shown
/// in kText; the definition last.
std::string render_text(const Document& d);
/// GitHub-style Markdown; text from the figures is escaped so that it
/// cannot start markup, and table cells stay on one line.
std::string render_markdown(const Document& d);
/// One self-contained HTML5 page: inline CSS and SVG, no scripts, nothing
/// loaded from anywhere; prints on A4.
std::string render_html(const Document& d);
/// One RFC 4180 sheet (UTF-8, CRLF): a `section` column naming each row's
/// table, then every table's columns side by side, each row filling its
/// own table's; the header alone when there are no rows.
std::string render_csv(const Document& d);

/// RFC 4180 field quoting.
std::string csv_field(std::string_view s);

}  // namespace sd
