#include "supportdesk/error.hpp"
#include "supportdesk/text.hpp"
#include "supportdesk/time.hpp"

#include <doctest/doctest.h>

using namespace sd;

TEST_CASE("UTF-8 is checked strictly") {
  CHECK(is_valid_utf8("ascii"));
  CHECK(is_valid_utf8("勤労感謝の日"));
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("\xE3\x81"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_THROWS_WITH_AS(check_text("a\xFF", "--name"), "--name: not valid UTF-8", Error);
  CHECK_THROWS_AS(check_text("a\x1b[31m", "--name"), Error);
  CHECK_NOTHROW(check_text("line one\nline two\tx", "-m"));
}

TEST_CASE("full-width characters take two columns") {
  CHECK(display_width("ACME") == 4);
  CHECK(display_width("勤労感謝の日") == 12);
  CHECK(display_width("Acme 株式会社") == 13);
  CHECK(display_width("ｱｲｳ") == 3);  // half-width katakana
  CHECK(display_width("ＡＢ") == 4);  // full-width Latin
  CHECK(truncate_to_width("バックアップ作業", 7) == "バック…");
  CHECK(truncate_to_width("short", 10) == "short");
}

TEST_CASE("instants are read in every form the desk writes them") {
  const auto* tokyo = find_zone("Asia/Tokyo", "test");
  Instant now = parse_instant("2026-11-30T10:00:00+09:00", tokyo, Instant{}, "t");
  auto read = [&](const char* s) { return format_instant(parse_instant(s, tokyo, now, "WHEN"), tokyo); };
  CHECK(read("2026-11-30T15:00+09:00") == "2026-11-30T15:00:00+09:00");
  CHECK(read("2026-11-30T06:00:00Z") == "2026-11-30T15:00:00+09:00");
  CHECK(read("2026-11-30T01:00-05:00") == "2026-11-30T15:00:00+09:00");
  CHECK(read("2026-11-30T15:00") == "2026-11-30T15:00:00+09:00");
  CHECK(read("2026-11-30 15:00:30") == "2026-11-30T15:00:30+09:00");
  CHECK(read("2026-11-30") == "2026-11-30T00:00:00+09:00");
  CHECK(read("now") == "2026-11-30T10:00:00+09:00");
  for (const char* bad : {"2026-02-30", "2026-11-30T25:00", "tomorrow", "2026-11-30T15", "2026-11-30T15:00+9",
                          "2026-11-30T15:00+09:00x", ""}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_instant(bad, tokyo, now, "WHEN"), Error);
  }
  // In the years sd accepts where it was written, but not in UTC: refused,
  // since the store could not hold it. The first and last seconds are read.
  for (const char* bad : {"2200-12-31T23:00-05:00", "1900-01-01", "1900-01-01T08:59:59", "1900-01-01T00:00+00:01"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_instant(bad, tokyo, now, "WHEN"), Error);
  }
  CHECK(read("1900-01-01T09:00") == "1900-01-01T09:00:00+09:00");
  CHECK(format_instant(parse_instant("1900-01-01T00:00:00Z", tokyo, now, "t"), find_zone("UTC", "test")) ==
        "1900-01-01T00:00:00+00:00");
  CHECK(format_instant(parse_instant("2200-12-31T23:59:59Z", tokyo, now, "t"), find_zone("UTC", "test")) ==
        "2200-12-31T23:59:59+00:00");
  const auto* ny = find_zone("America/New_York", "test");
  // A local time inside the spring-forward gap means the moment the gap ends;
  // one in the fall-back overlap, its first occurrence.
  CHECK(format_instant(parse_instant("2026-03-08T02:30", ny, now, "t"), ny) == "2026-03-08T03:00:00-04:00");
  CHECK(format_instant(parse_instant("2026-11-01T01:30", ny, now, "t"), ny) == "2026-11-01T01:30:00-04:00");
  CHECK(format_instant(parse_instant("2026-07-01T12:00", ny, now, "t"), ny) == "2026-07-01T12:00:00-04:00");
}

TEST_CASE("durations: whole minutes, and <1m for less than a minute but not nothing") {
  using std::chrono::seconds;
  CHECK(sd::format_duration(seconds{0}) == "0m");
  CHECK(sd::format_duration(seconds{30}) == "<1m");
  CHECK(sd::format_duration(seconds{-30}) == "<1m");
  CHECK(sd::format_duration(seconds{60}) == "1m");
  CHECK(sd::format_duration(seconds{90 * 60 + 59}) == "1h 30m");
  CHECK(sd::format_duration(seconds{-(2 * 86400 + 60)}) == "-2d 1m");
}

TEST_CASE("fold_width folds full-width ASCII, the ideographic space and half-width katakana as NFKC does") {
  using sd::fold_width;
  CHECK(fold_width("０３－１２３４－５６７８") == "03-1234-5678");
  CHECK(fold_width("＋８１（３）１２３４") == "+81(3)1234");
  CHECK(fold_width("ＡＣＭＥ　ｔａｒｏ") == "ACME taro");
  CHECK(fold_width("！～") == "!~");
  CHECK(fold_width("ﾔﾏﾀﾞ ﾀﾛｳ") == "ヤマダ タロウ");
  CHECK(fold_width("ﾊﾟﾋﾟﾌﾟ") == "パピプ");
  CHECK(fold_width("ｳﾞｧｲｵﾘﾝ") == "ヴァイオリン");
  CHECK(fold_width("ｶﾞｷﾞｸﾞｹﾞｺﾞﾂﾞﾄﾞ") == "ガギグゲゴヅド");
  CHECK(fold_width("ｰ｡｢｣､･") == "ー。「」、・");
  // A mark that joins nothing stays a combining mark, as in NFKC.
  CHECK(fold_width("ｱﾞ") == "ア\u3099");
  CHECK(fold_width("ﾞ") == "\u3099");
  // Already composed, or outside the ranges: unchanged.
  CHECK(fold_width("山田 太郎 ガ か\u3099") == "山田 太郎 ガ が");
  CHECK(fold_width("ｶ") == "カ");
  CHECK(fold_width("") == "");
  CHECK(fold_width("plain ascii 123") == "plain ascii 123");
  // Bytes that are not UTF-8 are kept as they are.
  CHECK(fold_width("a\xff" "b") == "a\xff" "b");
}

TEST_CASE("name_key: names compare without spaces and width differences") {
  using sd::name_key;
  CHECK(name_key("山田 太郎") == name_key("山田太郎"));
  CHECK(name_key("山田　太郎") == name_key("山田太郎"));
  CHECK(name_key("ﾔﾏﾀﾞ ﾀﾛｳ") == name_key("ヤマダタロウ"));
  CHECK(name_key("Ｔａｒｏ　Ｙａｍａｄａ") == name_key("Taro Yamada"));
  CHECK(name_key("Taro Yamada") != name_key("taro yamada"));
  CHECK(name_key("ヤマダ") != name_key("やまだ"));
}

TEST_CASE("printable text holds no control a terminal obeys") {
  CHECK(printable("a\x1b[31mb") == "a [31mb");
  CHECK(printable("a\tb\nc\x7f") == "a b c ");
  CHECK(printable("a\tb\nc", true) == "a\tb\nc");
  CHECK(printable("\xc2\x9b" "2J") == " 2J");                   // C1 CSI
  CHECK(printable("a\xe2\x80\xae" "b\xe2\x81\xa6" "c") == "a b c");  // RLO, LRI
  CHECK(printable("\xe2\x80\x8e" "日本") == "\xe2\x80\x8e" "日本");  // LRM is kept
  CHECK(printable("a\xff" "b") == "a\xef\xbf\xbd" "b");
  CHECK(is_unsafe_char(0x9F));
  CHECK_FALSE(is_unsafe_char(0xA0));
  CHECK(is_unsafe_char(0x2069));
  CHECK_FALSE(is_unsafe_char(0x206A));
}

TEST_CASE("text_contains folds A-Z alone, as both stores' SQL does") {
  CHECK(text_contains("db1 MySQL 8.0.40", "mysql"));
  CHECK(text_contains("backup", "BACKUP"));
  CHECK(text_contains("毎日 02:00 にバックアップ", "バックアップ"));
  CHECK_FALSE(text_contains("Élan", "élan"));
  CHECK_FALSE(text_contains("ＭｙＳＱＬ", "mysql"));
  CHECK_FALSE(text_contains("ＭｙＳＱＬ", "ｍｙｓｑｌ"));
  CHECK(fold_ascii_case("AbC É Ｚ") == "abc É Ｚ");
}
