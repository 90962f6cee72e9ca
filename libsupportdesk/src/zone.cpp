#include "supportdesk/zone.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace sd {
namespace {

using std::chrono::seconds;

/// Bounds of the periods before the first and after the last change: far
/// enough for any instant sd handles, near enough to add a day's offset to.
constexpr std::int64_t kMinSecond = -(std::int64_t{1} << 59);
constexpr std::int64_t kMaxSecond = std::int64_t{1} << 59;
/// More than any zone's offset from UTC.
constexpr std::int64_t kOffsetBound = 26 * 3600;

/// Names under the zoneinfo directory that are not zones: those the date
/// library's database leaves out when it walks the tree, so that a name is a
/// zone for sd exactly when it was one before.
bool excluded(std::string_view component) {
  static constexpr std::string_view kNotZones[] = {
      "posix",     "posixrules",  "right",     "Factory",     "iso3166.tab",      "version",
      "zone.tab",  "zone1970.tab", "tzdata.zi", "leapseconds", "leap-seconds.list"};
  if (component.empty() || component[0] == '.') return true;
  return std::find(std::begin(kNotZones), std::end(kNotZones), component) != std::end(kNotZones);
}

/// A name find() may open: relative, each component a real name.
bool valid_name(std::string_view name) {
  if (name.empty() || name.front() == '/') return false;
  std::size_t start = 0;
  while (true) {
    auto slash = name.find('/', start);
    auto part = name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (excluded(part)) return false;  // also "", ".", ".." and hidden files
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

/// The bytes of a regular file, or nullopt.
std::optional<std::string> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1 << 22)) {
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
      auto n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got == bytes.size()) out = std::move(bytes);
  }
  ::close(fd);
  return out;
}

[[noreturn]] void bad(const char* what) { throw std::runtime_error(std::string("not a TZif file: ") + what); }

/// Reads big-endian integers from the TZif bytes.
struct Reader {
  std::string_view s;
  std::size_t i = 0;
  void need(std::size_t n) const {
    if (s.size() - i < n) bad("truncated");
  }
  std::uint64_t be(std::size_t n) {
    need(n);
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < n; ++k) v = v << 8 | static_cast<unsigned char>(s[i + k]);
    i += n;
    return v;
  }
  std::int64_t signed_be(std::size_t n) {
    auto v = be(n);
    if (n < 8 && (v >> (8 * n - 1)) != 0) return static_cast<std::int64_t>(v) - (std::int64_t{1} << (8 * n));
    return static_cast<std::int64_t>(v);
  }
};

struct Header {
  char version = 0;
  std::size_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

Header header(Reader& r) {
  r.need(44);
  if (r.s.substr(r.i, 4) != "TZif") bad("no magic");
  Header h;
  h.version = r.s[r.i + 4];
  r.i += 20;
  h.isutcnt = r.be(4);
  h.isstdcnt = r.be(4);
  h.leapcnt = r.be(4);
  h.timecnt = r.be(4);
  h.typecnt = r.be(4);
  h.charcnt = r.be(4);
  if (h.typecnt == 0 || h.typecnt > 256 || h.charcnt == 0) bad("no local time types");
  return h;
}

std::size_t block_size(const Header& h, std::size_t time_size) {
  return h.timecnt * time_size + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * (time_size + 4) +
         h.isstdcnt + h.isutcnt;
}

// ---------------------------------------------------------------------------
// The POSIX TZ string of the footer (RFC 8536 section 3.3, with the version 3
// extensions: transition times from -167 to 167 hours).

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i == s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool lit(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  std::optional<int> number(int max_digits) {
    int v = 0, n = 0;
    while (n < max_digits && peek() >= '0' && peek() <= '9') v = v * 10 + (s[i++] - '0'), ++n;
    if (n == 0) return std::nullopt;
    return v;
  }
};

std::optional<std::string> tz_name(Cursor& c) {
  std::string out;
  if (c.lit('<')) {
    while (!c.done() && c.peek() != '>') out += c.s[c.i++];
    if (!c.lit('>') || out.size() < 3) return std::nullopt;
    return out;
  }
  while ((c.peek() >= 'A' && c.peek() <= 'Z') || (c.peek() >= 'a' && c.peek() <= 'z')) out += c.s[c.i++];
  if (out.size() < 3) return std::nullopt;
  return out;
}

/// `[+-]hh[:mm[:ss]]` in seconds, hours up to `max_hours`.
std::optional<std::int64_t> hms(Cursor& c, int max_hours) {
  int sign = 1;
  if (c.lit('-')) sign = -1;
  else c.lit('+');
  auto h = c.number(3);
  if (!h || *h > max_hours) return std::nullopt;
  std::int64_t v = *h * 3600;
  if (c.lit(':')) {
    auto m = c.number(2);
    if (!m || *m > 59) return std::nullopt;
    v += *m * 60;
    if (c.lit(':')) {
      auto sec = c.number(2);
      if (!sec || *sec > 59) return std::nullopt;
      v += *sec;
    }
  }
  return sign * v;
}

}  // namespace

/// A rule of the footer: standard time, and daylight time between two days
/// of every year.
struct Zone::Rule {
  enum class DayKind { julian_no_leap, zero_based, month_week_day };
  struct When {
    DayKind kind = DayKind::month_week_day;
    int n = 0, month = 0, week = 0, weekday = 0;
    std::int64_t time = 7200;  ///< local seconds after the start of the day
  };
  std::string std_name, dst_name;
  std::int64_t std_offset = 0, dst_offset = 0;  ///< seconds east of UTC
  bool has_dst = false;
  When start, end;

  static std::optional<When> when(Cursor& c) {
    When w;
    if (c.lit('J')) {
      auto n = c.number(3);
      if (!n || *n < 1 || *n > 365) return std::nullopt;
      w.kind = DayKind::julian_no_leap, w.n = *n;
    } else if (c.lit('M')) {
      auto m = c.number(2);
      if (!m || *m < 1 || *m > 12 || !c.lit('.')) return std::nullopt;
      auto wk = c.number(1);
      if (!wk || *wk < 1 || *wk > 5 || !c.lit('.')) return std::nullopt;
      auto d = c.number(1);
      if (!d || *d > 6) return std::nullopt;
      w.kind = DayKind::month_week_day, w.month = *m, w.week = *wk, w.weekday = *d;
    } else {
      auto n = c.number(3);
      if (!n || *n > 365) return std::nullopt;
      w.kind = DayKind::zero_based, w.n = *n;
    }
    if (c.lit('/')) {
      auto t = hms(c, 167);
      if (!t) return std::nullopt;
      w.time = *t;
    }
    return w;
  }

  static std::optional<Rule> parse(std::string_view text) {
    Cursor c{text};
    Rule r;
    auto sn = tz_name(c);
    if (!sn) return std::nullopt;
    r.std_name = *sn;
    auto so = hms(c, 24);
    if (!so) return std::nullopt;
    r.std_offset = -*so;  // POSIX counts west of UTC
    if (c.done()) return r;
    auto dn = tz_name(c);
    if (!dn) return std::nullopt;
    r.has_dst = true;
    r.dst_name = *dn;
    r.dst_offset = r.std_offset + 3600;
    if (c.peek() != ',' && !c.done()) {
      auto dof = hms(c, 24);
      if (!dof) return std::nullopt;
      r.dst_offset = -*dof;
    }
    if (c.done()) {
      // No rule: the one POSIX implementations assume (the US rule).
      r.start = When{DayKind::month_week_day, 0, 3, 2, 0, 7200};
      r.end = When{DayKind::month_week_day, 0, 11, 1, 0, 7200};
      return r;
    }
    if (!c.lit(',')) return std::nullopt;
    auto s = when(c);
    if (!s || !c.lit(',')) return std::nullopt;
    auto e = when(c);
    if (!e || !c.done()) return std::nullopt;
    r.start = *s;
    r.end = *e;
    return r;
  }

  /// The day `w` falls on in `year`, as days since 1970-01-01.
  static std::int64_t day(int year, const When& w) {
    auto jan1 = date::sys_days{date::year{year} / date::January / 1}.time_since_epoch().count();
    switch (w.kind) {
      case DayKind::julian_no_leap:
        return jan1 + w.n - 1 + (date::year{year}.is_leap() && w.n >= 60 ? 1 : 0);
      case DayKind::zero_based:
        return jan1 + w.n;
      case DayKind::month_week_day: {
        auto month = date::month{static_cast<unsigned>(w.month)};
        auto first = date::sys_days{date::year{year} / month / 1};
        auto last = date::sys_days{date::year{year} / month / date::last};
        auto wd = static_cast<int>(date::weekday{first}.c_encoding());
        auto d = first + date::days{(w.weekday - wd + 7) % 7 + 7 * (w.week - 1)};
        while (d > last) d -= date::days{7};
        return d.time_since_epoch().count();
      }
    }
    return jan1;
  }
};

Zone::Zone(std::string name, std::string_view tzif) : name_(std::move(name)) {
  Reader r{tzif};
  Header h = header(r);
  std::size_t time_size = 4;
  if (h.version != '\0') {
    // Version 2 and later: skip the 32-bit block to the 64-bit one.
    r.need(block_size(h, 4));
    r.i += block_size(h, 4);
    h = header(r);
    time_size = 8;
  }
  r.need(block_size(h, time_size));
  times_.reserve(h.timecnt);
  for (std::size_t k = 0; k < h.timecnt; ++k) {
    times_.push_back(r.signed_be(time_size));
    if (k > 0 && times_[k] <= times_[k - 1]) bad("transitions out of order");
  }
  for (std::size_t k = 0; k < h.timecnt; ++k) {
    types_.push_back(static_cast<std::uint8_t>(r.be(1)));
    if (types_.back() >= h.typecnt) bad("bad type index");
  }
  for (std::size_t k = 0; k < h.typecnt; ++k) {
    offsets_.push_back(static_cast<std::int32_t>(r.signed_be(4)));
    dst_.push_back(static_cast<std::uint8_t>(r.be(1)));
    abbrevs_.push_back(static_cast<std::uint32_t>(r.be(1)));
    if (abbrevs_.back() >= h.charcnt) bad("bad abbreviation index");
  }
  chars_ = std::string(r.s.substr(r.i, h.charcnt));
  chars_.back() = '\0';
  r.i += h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt;
  // Before the first transition: the first standard-time type, as the date
  // library has it (type 0 in every file zic writes).
  auto std_type = std::find(dst_.begin(), dst_.end(), 0);
  first_type_ = static_cast<std::uint8_t>(std_type == dst_.end() ? 0 : std_type - dst_.begin());
  if (h.version != '\0' && r.i < r.s.size() && r.s[r.i] == '\n') {
    auto end = r.s.find('\n', r.i + 1);
    if (end == std::string_view::npos) bad("unterminated footer");
    auto footer = r.s.substr(r.i + 1, end - r.i - 1);
    if (!footer.empty()) {
      auto rule = Rule::parse(footer);
      if (!rule) bad("bad footer");
      rule_ = std::make_unique<Rule>(std::move(*rule));
    }
  }
}

Zone::~Zone() = default;

ZonePeriod Zone::type_period(std::size_t type, std::int64_t begin, std::int64_t end) const {
  return ZonePeriod{date::sys_seconds{seconds{begin}}, date::sys_seconds{seconds{end}}, seconds{offsets_[type]},
                    std::string_view(chars_.c_str() + abbrevs_[type])};
}

ZonePeriod Zone::rule_period(std::int64_t t) const {
  const Rule& r = *rule_;
  if (!r.has_dst)
    return ZonePeriod{date::sys_seconds{seconds{kMinSecond}}, date::sys_seconds{seconds{kMaxSecond}},
                      seconds{r.std_offset}, r.std_name};
  // The changes of the years around t, in order; at the same instant the
  // change to standard time first, so daylight time all year stays daylight.
  struct Change {
    std::int64_t at;
    bool to_dst;
  };
  auto year = static_cast<int>(
      date::year_month_day{date::floor<date::days>(date::sys_seconds{seconds{t + r.std_offset}})}.year());
  std::array<Change, 6> changes{};
  std::size_t n = 0;
  for (int y = year - 1; y <= year + 1; ++y) {
    changes[n++] = {Rule::day(y, r.start) * 86400 + r.start.time - r.std_offset, true};
    changes[n++] = {Rule::day(y, r.end) * 86400 + r.end.time - r.dst_offset, false};
  }
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return a.at != b.at ? a.at < b.at : (!a.to_dst && b.to_dst);
  });
  std::size_t k = 0;
  while (k < changes.size() && changes[k].at <= t) ++k;
  // k: the first change after t; the one before it is in force.
  bool dst = k > 0 ? changes[k - 1].to_dst : !changes[0].to_dst;
  std::int64_t begin = k > 0 ? changes[k - 1].at : kMinSecond;
  std::int64_t end = k < changes.size() ? changes[k].at : kMaxSecond;
  return ZonePeriod{date::sys_seconds{seconds{begin}}, date::sys_seconds{seconds{end}},
                    seconds{dst ? r.dst_offset : r.std_offset}, dst ? std::string_view(r.dst_name)
                                                                    : std::string_view(r.std_name)};
}

ZonePeriod Zone::period(date::sys_seconds when) const {
  auto t = when.time_since_epoch().count();
  if (times_.empty()) {
    if (rule_) return rule_period(t);
    return type_period(first_type_, kMinSecond, kMaxSecond);
  }
  if (t < times_.front()) return type_period(first_type_, kMinSecond, times_.front());
  auto next = std::upper_bound(times_.begin(), times_.end(), t);
  auto k = static_cast<std::size_t>(next - times_.begin()) - 1;
  if (next != times_.end()) return type_period(types_[k], times_[k], *next);
  if (!rule_) return type_period(types_[k], times_[k], kMaxSecond);
  auto p = rule_period(t);
  if (p.begin.time_since_epoch().count() < times_[k]) p.begin = date::sys_seconds{seconds{times_[k]}};
  return p;
}

LocalReading Zone::reading(date::local_seconds lt) const {
  auto l = lt.time_since_epoch().count();
  // Every period that an instant within a day of `l` falls in: any instant
  // whose local reading is `l` is one of those.
  std::array<ZonePeriod, 8> near{};
  std::size_t n = 0;
  auto t = l - kOffsetBound;
  while (n < near.size()) {
    auto p = period(date::sys_seconds{seconds{t}});
    if (p.begin != p.end) near[n++] = p;
    t = p.end.time_since_epoch().count();
    if (t > l + kOffsetBound || t >= kMaxSecond) break;
  }
  LocalReading out;
  std::size_t found = 0;
  for (std::size_t k = 0; k < n; ++k) {
    auto s = l - near[k].offset.count();
    if (s < near[k].begin.time_since_epoch().count() || s >= near[k].end.time_since_epoch().count()) continue;
    (found == 0 ? out.first : out.second) = near[k];
    if (++found == 2) break;
  }
  if (found == 2) {
    out.kind = LocalReading::ambiguous;
    return out;
  }
  if (found == 1) return out;
  // In no period: the clocks jumped over it between two of them.
  out.kind = LocalReading::nonexistent;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    if (l - near[k].offset.count() >= near[k].end.time_since_epoch().count() &&
        l - near[k + 1].offset.count() < near[k + 1].begin.time_since_epoch().count()) {
      out.first = near[k];
      out.second = near[k + 1];
      return out;
    }
  }
  out.first = out.second = near[0];  // not reached for a well-formed zone
  return out;
}

date::sys_seconds Zone::to_sys(date::local_seconds lt, Choose choice) const {
  auto r = reading(lt);
  switch (r.kind) {
    case LocalReading::nonexistent:
      return r.first.end;
    case LocalReading::ambiguous:
      if (choice == Choose::latest) return date::sys_seconds{lt.time_since_epoch() - r.second.offset};
      break;
    case LocalReading::unique:
      break;
  }
  return date::sys_seconds{lt.time_since_epoch() - r.first.offset};
}

std::string Zone::directory() {
  const char* dir = std::getenv("TZDIR");
  return dir && *dir ? std::string(dir) : std::string("/usr/share/zoneinfo");
}

const Zone* Zone::find(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Zone>, std::less<>> zones;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = zones.find(name); it != zones.end()) return it->second.get();
  if (!valid_name(name)) return nullptr;
  auto bytes = read_file(directory() + "/" + std::string(name));
  if (!bytes) return nullptr;
  try {
    auto zone = std::make_unique<Zone>(std::string(name), *bytes);
    return zones.emplace(std::string(name), std::move(zone)).first->second.get();
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

const Zone& Zone::utc() {
  // A version 1 TZif file: no transitions, one type (offset 0, "UTC").
  static const Zone zone("Etc/UTC", std::string_view("TZif\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                                                     "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1\0\0\0\4"
                                                     "\0\0\0\0\0\0UTC\0",
                                                     4 + 16 + 24 + 6 + 4));
  return zone;
}

std::vector<std::string> Zone::names() {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  auto walk = [&](auto& self, const fs::path& dir, const std::string& prefix) -> void {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      auto leaf = it->path().filename().string();
      if (excluded(leaf)) continue;
      std::error_code sec;
      auto status = fs::status(it->path(), sec);  // follows links, as the date library does
      if (sec) continue;
      if (fs::is_directory(status)) self(self, it->path(), prefix + leaf + "/");
      else if (fs::is_regular_file(status)) out.push_back(prefix + leaf);
    }
  };
  walk(walk, fs::path(directory()), "");
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sd
