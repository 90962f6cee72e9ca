// Japan's national holidays by rule, checked date for date against the
// Cabinet Office's list, and the holiday overrides file.
#include "supportdesk/calendar.hpp"
#include "supportdesk/error.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace {

date::year_month_day ymd(int y, unsigned m, unsigned d) {
  return date::year{y} / date::month{m} / date::day{d};
}

std::string text_of(date::year_month_day d) { return date::format("%Y-%m-%d", d); }

/// The Cabinet Office list: date -> name as published.
std::map<std::string, std::string> load_official() {
  std::ifstream in(SD_FIXTURES_DIR "/jp-national-holidays-1955-2027.csv");
  REQUIRE(in);
  std::map<std::string, std::string> out;
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "date,name");
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto comma = line.find(',');
    REQUIRE(comma != std::string::npos);
    out.emplace(line.substr(0, comma), line.substr(comma + 1));
  }
  return out;
}

/// Whether our holiday matches the name the Cabinet Office lists:
/// - every 振替休日 and 国民の休日 is listed as just 休日;
/// - 2019's two one-off days are 休日（祝日扱い）;
/// - other one-off days carry a short form of our name (結婚の儀, 大喪の礼);
/// - 2019-10-14 is listed as 体育の日（スポーツの日）, the law's name then
///   being 体育の日 with a note on the coming rename.
bool same_name(const std::string& official, const sd::Holiday& h) {
  if (official == "休日")
    return h.kind == sd::DayKind::substitute || h.kind == sd::DayKind::citizens;
  if (official == "休日（祝日扱い）") return h.kind == sd::DayKind::special;
  if (h.kind == sd::DayKind::special) return h.name.find(official) != std::string::npos;
  if (official == h.name) return true;
  return official.rfind(h.name + "（", 0) == 0 && official.size() > h.name.size() &&
         official.substr(official.size() - 3) == "）";
}

}  // namespace

TEST_CASE("national holidays agree with the Cabinet Office list, 1955-2027") {
  auto official = load_official();
  REQUIRE(official.size() > 1000);
  std::size_t ours = 0;
  for (int y = 1955; y <= 2027; ++y) {
    CAPTURE(y);
    auto days = sd::japanese_holidays(y);
    // None invented, names right.
    for (const auto& h : days) {
      ++ours;
      auto d = text_of(h.date);
      CAPTURE(d);
      CAPTURE(h.name);
      REQUIRE(h.date.year() == date::year{y});
      auto it = official.find(d);
      CHECK_MESSAGE(it != official.end(), "invented: " << d << " " << h.name);
      if (it != official.end()) CHECK_MESSAGE(same_name(it->second, h), it->second);
      CHECK(!h.name_en.empty());
      CHECK(h.kind != sd::DayKind::closure);
    }
    // None missed.
    for (auto it = official.lower_bound(std::to_string(y));
         it != official.end() && it->first.compare(0, 4, std::to_string(y)) == 0; ++it) {
      bool found = false;
      for (const auto& h : days) found = found || text_of(h.date) == it->first;
      CHECK_MESSAGE(found, "missed: " << it->first << " " << it->second);
    }
    // Sorted, one per date.
    for (std::size_t i = 1; i < days.size(); ++i)
      CHECK(date::sys_days{days[i - 1].date} < date::sys_days{days[i].date});
  }
  CHECK(ours == official.size());
}

TEST_CASE("holiday kinds and names") {
  auto find = [](date::year_month_day d) -> std::optional<sd::Holiday> {
    for (auto& h : sd::japanese_holidays(static_cast<int>(d.year())))
      if (h.date == d) return h;
    return std::nullopt;
  };
  auto h = find(ymd(2025, 11, 24));
  REQUIRE(h);
  CHECK(h->name == "振替休日");
  CHECK(h->name_en == "Substitute Holiday");
  CHECK(h->kind == sd::DayKind::substitute);

  h = find(ymd(2026, 9, 22));
  REQUIRE(h);
  CHECK(h->name == "国民の休日");
  CHECK(h->name_en == "Citizens' Holiday");
  CHECK(h->kind == sd::DayKind::citizens);

  h = find(ymd(2019, 5, 1));
  REQUIRE(h);
  CHECK(h->name == "天皇の即位の日");
  CHECK(h->kind == sd::DayKind::special);
  for (auto d : {ymd(2019, 4, 30), ymd(2019, 5, 2)}) {
    h = find(d);
    REQUIRE(h);
    CHECK(h->kind == sd::DayKind::citizens);
  }
  CHECK(find(ymd(1959, 4, 10))->name == "皇太子明仁親王の結婚の儀");
  CHECK(find(ymd(1989, 2, 24))->name == "昭和天皇の大喪の礼");
  CHECK(find(ymd(1990, 11, 12))->kind == sd::DayKind::special);
  CHECK(find(ymd(1993, 6, 9))->name == "皇太子徳仁親王の結婚の儀");
  CHECK(find(ymd(2019, 10, 22))->name == "即位礼正殿の儀");

  // The Emperor's Birthday moved with the reign, and 2019 had none.
  CHECK(find(ymd(1988, 4, 29))->name == "天皇誕生日");
  CHECK(find(ymd(1989, 4, 29))->name == "みどりの日");
  CHECK(find(ymd(2007, 4, 29))->name == "昭和の日");
  CHECK(find(ymd(2007, 5, 4))->name == "みどりの日");
  CHECK(find(ymd(2018, 12, 23))->name == "天皇誕生日");
  CHECK(!find(ymd(2019, 12, 23)));
  for (auto& d : sd::japanese_holidays(2019)) CHECK(d.name != "天皇誕生日");
  CHECK(find(ymd(2020, 2, 23))->name == "天皇誕生日");

  // 体育の日 became スポーツの日; the Olympic years moved it to July.
  CHECK(find(ymd(2019, 10, 14))->name == "体育の日");
  CHECK(find(ymd(2020, 7, 24))->name == "スポーツの日");
  CHECK(find(ymd(2021, 7, 23))->name == "スポーツの日");
  CHECK(find(ymd(2022, 10, 10))->name == "スポーツの日");
  CHECK(find(ymd(2021, 8, 8))->name == "山の日");
  CHECK(find(ymd(2021, 8, 9))->kind == sd::DayKind::substitute);
  CHECK(!find(ymd(2020, 10, 12)));
  CHECK(!find(ymd(2021, 8, 11)));
}

TEST_CASE("holiday rules beyond the published list") {
  auto names = [](int y) {
    std::map<std::string, std::string> m;
    for (auto& h : sd::japanese_holidays(y)) m[text_of(h.date)] = h.name;
    return m;
  };
  // Silver weeks: a day between 敬老の日 and 秋分の日.
  auto y2032 = names(2032);
  CHECK(y2032["2032-09-20"] == "敬老の日");
  CHECK(y2032["2032-09-21"] == "国民の休日");
  CHECK(y2032["2032-09-22"] == "秋分の日");
  auto y2037 = names(2037);
  CHECK(y2037["2037-09-22"] == "国民の休日");
  // 5/3 on a Sunday: the 振替休日 skips the holidays that follow it.
  CHECK(y2037["2037-05-06"] == "振替休日");
  // Happy Mondays.
  auto y2030 = names(2030);
  CHECK(y2030["2030-01-14"] == "成人の日");
  CHECK(y2030["2030-07-15"] == "海の日");
  CHECK(y2030["2030-09-16"] == "敬老の日");
  CHECK(y2030["2030-10-14"] == "スポーツの日");
  CHECK(y2030["2030-08-12"] == "振替休日");  // 山の日 8/11 is a Sunday
  // The last year has its holidays too.
  CHECK(sd::japanese_holidays(2099).size() >= 16);
}

TEST_CASE("holidays are refused outside 1955-2099") {
  for (int y : {1954, 2100, 0}) {
    CAPTURE(y);
    try {
      sd::japanese_holidays(y);
      FAIL("no error");
    } catch (const sd::Error& e) {
      CHECK(e.code() == sd::Exit::data);
      CHECK(std::string(e.what()).find(std::to_string(y)) != std::string::npos);
    }
  }
  CHECK_NOTHROW(sd::japanese_holidays(1955));
  CHECK_NOTHROW(sd::japanese_holidays(2099));
}

TEST_CASE("day kinds have stable names") {
  CHECK(sd::to_string(sd::DayKind::holiday) == "holiday");
  CHECK(sd::to_string(sd::DayKind::substitute) == "substitute");
  CHECK(sd::to_string(sd::DayKind::citizens) == "citizens");
  CHECK(sd::to_string(sd::DayKind::special) == "special");
  CHECK(sd::to_string(sd::DayKind::closure) == "closure");
}

TEST_CASE("parsing a holiday overrides file") {
  auto list = sd::parse_holiday_overrides(
      "# comment\n"
      "\n"
      "2030-05-01 add 即位の日 | Enthronement Day\n"
      "  2031-03-21   cancel  \r\n"
      "2032-01-02 add 特別休日\n"
      "2033-06-01 add 記念日 | Memorial Day | holiday\n",
      "holidays.txt");
  REQUIRE(list.size() == 4);
  CHECK(list[0].date == ymd(2030, 5, 1));
  CHECK(!list[0].cancel);
  CHECK(list[0].name == "即位の日");
  CHECK(list[0].name_en == "Enthronement Day");
  CHECK(list[0].kind == sd::DayKind::special);
  CHECK(list[1].date == ymd(2031, 3, 21));
  CHECK(list[1].cancel);
  CHECK(list[2].name_en == "特別休日");  // no English name: the name serves
  CHECK(list[3].kind == sd::DayKind::holiday);
  CHECK(sd::parse_holiday_overrides("", "empty").empty());
}

TEST_CASE("holiday overrides errors name the file and line") {
  struct Bad {
    const char* text;
    const char* needle;
  };
  for (auto [text, needle] : {
           Bad{"2030-02-30 add X", "f.txt:1: "},
           Bad{"# ok\n2030-05-01 remove", "f.txt:2: unknown action 'remove'"},
           Bad{"2030-05-01", "f.txt:1: expected"},
           Bad{"2030-05-01 add", "needs a name"},
           Bad{"2030-05-01 add | Name", "needs a name"},
           Bad{"2030-05-01 add A | B | bank", "kind 'bank'"},
           Bad{"2030-05-01 add A | B | closure", "kind 'closure'"},
           Bad{"2030-05-01 add A | B | special | x", "too many"},
           Bad{"2030-05-01 cancel now", "takes nothing"},
           Bad{"1954-05-01 cancel", "outside"},
           Bad{"2100-01-01 cancel", "outside"},
           Bad{"2030-05-01 cancel\n2030-05-01 add X", "f.txt:2: 2030-05-01 is already overridden on line 1"},
           Bad{"30-05-01 cancel", "f.txt:1: "},
           Bad{"2030-05-01 add \x01", "f.txt:1: "},
           Bad{"2030-05-01 add \xff", "not valid UTF-8"},
       }) {
    CAPTURE(text);
    try {
      sd::parse_holiday_overrides(text, "f.txt");
      FAIL("no error");
    } catch (const sd::Error& e) {
      CHECK(e.code() == sd::Exit::config);
      CHECK_MESSAGE(std::string(e.what()).find(needle) != std::string::npos, e.what());
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  }
}

TEST_CASE("the shipped overrides file parses") {
  std::ifstream in(SD_SHARE_DIR "/holidays.txt");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK_NOTHROW(sd::parse_holiday_overrides(ss.str(), "holidays.txt"));
  // It documents the format in its comments.
  CHECK(ss.str().find("add") != std::string::npos);
  CHECK(ss.str().find("cancel") != std::string::npos);
}
