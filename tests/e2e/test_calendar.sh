#!/usr/bin/env bash
# sd calendar: due times, business days, holidays against the Cabinet Office
# list, closures, working dates and overrides from the config, DST with --tz,
# the month grid, explain, and the errors of each; zones read from $TZDIR.
. "$(dirname "$0")/lib.sh"
need jq

# --- add: the acceptance cases (defaults, Asia/Tokyo) -------------------------
expect_ok calendar add 2026-11-30T15:00+09:00 1bd
eq "2026-12-01T15:00:00+09:00" "$OUT" "add: Monday afternoon + 1bd"
expect_ok calendar add 2026-11-20T18:00+09:00 1bd
eq "2026-11-24T18:00:00+09:00" "$OUT" "add: over 勤労感謝の日 on a Monday"
expect_ok calendar add 2026-11-21T12:00+09:00 1bd
eq "2026-11-24T19:00:00+09:00" "$OUT" "add: received on Saturday"
expect_ok calendar add 2026-11-25T08:00+09:00 1bd
eq "2026-11-25T19:00:00+09:00" "$OUT" "add: received before opening"
expect_ok calendar add 2026-04-30T16:00+09:00 5bd
eq "2026-05-12T16:00:00+09:00" "$OUT" "add: over Golden Week"

expect_ok calendar add 2026-11-30T15:00+09:00 0bd
eq "2026-11-30T15:00:00+09:00" "$OUT" "add 0bd is the start"
expect_ok calendar add 2026-11-30T15:00+09:00 3bh
eq "2026-11-30T18:00:00+09:00" "$OUT" "add 3bh"
expect_ok calendar add 2026-11-30T18:00 90bm
eq "2026-12-01T10:30:00+09:00" "$OUT" "add 90bm, local time input"
expect_ok calendar add 2026-11-30 1bd
eq "2026-11-30T19:00:00+09:00" "$OUT" "add to a date: from its start"
expect_ok calendar add now 1bd
eq "2026-11-30T19:00:00+09:00" "$OUT" "add to now (SD_NOW is Monday 10:00)"
expect_ok calendar add 2026-11-30T06:00Z 1bh
eq "2026-11-30T16:00:00+09:00" "$OUT" "add: UTC input, shown in the desk zone"

expect_ok --json calendar add 2026-11-20T18:00+09:00 1bd
eq '["start_at","duration","business_seconds","business_time","due_at","skipped"]' \
  "$(jq -c keys_unsorted <<<"$OUT")" "add --json keys"
eq 32400 "$(jq .business_seconds <<<"$OUT")" "add --json business_seconds"
eq "9h (1bd)" "$(jq -r .business_time <<<"$OUT")" "add --json business_time"
eq "2026-11-24T18:00:00+09:00" "$(jq -r .due_at <<<"$OUT")" "add --json due"
eq '[{"date":"2026-11-21","weekday":"Sat","reason":"weekend"},{"date":"2026-11-22","weekday":"Sun","reason":"weekend"},{"date":"2026-11-23","weekday":"Mon","reason":"holiday: 勤労感謝の日"}]' \
  "$(jq -c .skipped <<<"$OUT")" "add --json skipped"

# --- is-business-day ---------------------------------------------------------
expect_exit 1 calendar is-business-day 2025-11-24
eq "" "$OUT" "is-business-day prints nothing"
expect_exit 0 calendar is-business-day 2026-11-30
expect_exit 1 calendar is-business-day 2026-11-21
expect_exit 0 calendar is-business-day   # today: SD_NOW, a Monday
expect_exit 0 calendar is-business-day today
expect_exit 1 calendar is-business-day 2026-11-23T12:00+09:00
expect_exit 1 calendar is-business-day --verbose 2025-11-24
eq "2025-11-24 Mon: not a business day (holiday: 振替休日)" "$OUT" "--verbose 振替休日"
expect_exit 1 calendar is-business-day -v 2026-11-21
eq "2026-11-21 Sat: not a business day (weekend)" "$OUT" "--verbose weekend"
expect_exit 0 calendar is-business-day -v 2026-11-30
eq "2026-11-30 Mon: business day" "$OUT" "--verbose business day"
expect_exit 1 --json calendar is-business-day 2026-09-22
eq '{"date":"2026-09-22","business_day":false,"reason":"holiday: 国民の休日"}' "$(jq -c . <<<"$OUT")" \
  "is-business-day --json"
expect_exit 0 calendar is-business-day 2026-09-24 --json
eq '{"date":"2026-09-24","business_day":true,"reason":null}' "$(jq -c . <<<"$OUT")" \
  "is-business-day --json, a business day"

# --- holidays ----------------------------------------------------------------
# In a pipe the table is tab-separated.
TAB=$(printf '\t')
expect_ok calendar holidays
eq "DATE${TAB}DAY${TAB}NAME${TAB}ENGLISH" "$(printf '%s\n' "$OUT" | head -1)" "holidays header"
eq "2026-01-01" "$(printf '%s\n' "$OUT" | sed -n 2p | cut -f1)" "holidays: this year by default"
contains "2026-09-22${TAB}Tue${TAB}国民の休日${TAB}" "$OUT" "holidays table"
contains "Citizens' Holiday" "$(printf '%s\n' "$OUT" | grep 2026-09-22)" "holidays table, English"

expect_ok calendar holidays 2026 --json
eq '{"date":"2026-09-22","name":"国民の休日","name_en":"Citizens'"'"' Holiday","kind":"citizens"}' \
  "$(jq -c '.[] | select(.date == "2026-09-22")' <<<"$OUT")" "holidays --json citizens"
eq '"substitute"' "$(jq -c '.[] | select(.date == "2026-05-06") | .kind' <<<"$OUT")" "2026-05-06 substitute"
eq 18 "$(jq length <<<"$OUT")" "2026 has 18 holidays"

# Date for date against the Cabinet Office list (which calls every 振替休日
# and 国民の休日 just 休日, and one-off days by a short name).
csv="$SD_FIXTURES/jp-national-holidays-1955-2027.csv"
expect_ok calendar holidays 1955 2027 --json
if diff <(tail -n +2 "$csv" | cut -d, -f1 | sort) <(jq -r '.[].date' <<<"$OUT") >"$T/diff"; then ok
else fail "holidays 1955-2027 differ from the Cabinet Office list: $(head -5 "$T/diff")"; fi
if diff <(tail -n +2 "$csv" | grep -v -E ',(休日|結婚の儀|大喪の礼|即位礼正殿の儀)' | sed 's/（スポーツの日）//') \
        <(jq -r '.[] | select(.kind == "holiday") | "\(.date),\(.name)"' <<<"$OUT") >"$T/diff"; then ok
else fail "names of the regular holidays differ: $(head -5 "$T/diff")"; fi
eq "$(grep -c ',休日$' "$csv")" "$(jq '[.[] | select(.kind == "substitute" or .kind == "citizens")] | length' <<<"$OUT")" \
  "every 休日 is a substitute or citizens' holiday"

expect_ok calendar holidays 2019-04-27 2019-05-06 --json
eq "2019-04-29 2019-04-30 2019-05-01 2019-05-02 2019-05-03 2019-05-04 2019-05-05 2019-05-06" \
  "$(jq -r '[.[].date] | join(" ")' <<<"$OUT")" "2019's ten-day Golden Week"
eq "holiday citizens special citizens holiday holiday holiday substitute" \
  "$(jq -r '[.[].kind] | join(" ")' <<<"$OUT")" "2019 kinds"
expect_ok calendar holidays 2020-07-23
eq "海の日" "$(printf '%s\n' "$OUT" | sed -n 2p | awk '{print $3}')" "one date alone"

expect_ok calendar holidays 1955 2099 --json
eq 1955-01-01 "$(jq -r '.[0].date' <<<"$OUT")" "first holiday"
eq 2099 "$(jq -r '.[-1].date[0:4]' <<<"$OUT")" "holidays up to 2099"

# --- between -----------------------------------------------------------------
expect_ok calendar between 2026-11-20T12:00+09:00 2026-11-24T15:30+09:00
eq "12h 30m (1bd 3h 30m)" "$OUT" "between text"
expect_ok calendar between 2026-11-21 2026-11-23
eq "0m" "$OUT" "between over a weekend"
expect_ok calendar between 2026-11-30T15:00 2026-11-30T16:30
eq "1h 30m" "$OUT" "between under a day"
expect_ok --json calendar between 2026-11-20T12:00+09:00 2026-11-24T15:30+09:00
eq '{"from_at":"2026-11-20T12:00:00+09:00","to_at":"2026-11-24T15:30:00+09:00","business_seconds":45000,"business_days":1.3889,"text":"12h 30m (1bd 3h 30m)"}' \
  "$(jq -c . <<<"$OUT")" "between --json"

# --- show --------------------------------------------------------------------
expect_ok calendar show 2026-11
eq "November 2026" "$(printf '%s\n' "$OUT" | head -1 | sed 's/^ *//')" "show title"
eq "Su  Mo  Tu  We  Th  Fr  Sa" "$(printf '%s\n' "$OUT" | sed -n 2p | sed 's/^ *//')" "show weekdays"
eq "1   2   3*  4   5   6   7" "$(printf '%s\n' "$OUT" | sed -n 3p | sed 's/^ *//')" "show first week"
eq "22  23* 24  25  26  27  28" "$(printf '%s\n' "$OUT" | sed -n 6p | sed 's/^ *//')" "show 23*"
contains "勤労感謝の日" "$OUT" "show lists the month's holidays"
expect_ok calendar show
eq "November 2026" "$(printf '%s\n' "$OUT" | head -1 | sed 's/^ *//')" "show: this month by default"
expect_ok calendar show 2026-09 --json
eq 30 "$(jq '.days | length' <<<"$OUT")" "show --json days"
eq '{"date":"2026-09-22","weekday":"Tue","business_day":false,"reason":"holiday: 国民の休日","working_date":false}' \
  "$(jq -c '.days[21]' <<<"$OUT")" "show --json day"
eq "2026-09-21 2026-09-22 2026-09-23" "$(jq -r '[.holidays[].date] | join(" ")' <<<"$OUT")" "show --json holidays"
eq 19 "$(jq '[.days[] | select(.business_day)] | length' <<<"$OUT")" "19 business days in 2026-09"

# --- explain -----------------------------------------------------------------
expect_ok calendar explain 2026-11-20T18:00+09:00 1bd
contains "start  2026-11-20T18:00:00+09:00" "$OUT" "explain start"
contains "due    2026-11-24T18:00:00+09:00" "$OUT" "explain due"
contains "18:00-19:00" "$(printf '%s\n' "$OUT" | grep '^2026-11-20')" "explain first day"
contains "holiday: 勤労感謝の日" "$(printf '%s\n' "$OUT" | grep '^2026-11-23')" "explain skipped holiday"
contains "10:00-18:00" "$(printf '%s\n' "$OUT" | grep '^2026-11-24')" "explain last day"
expect_ok calendar explain 2026-11-20T18:00+09:00 1bd --json
eq 5 "$(jq '.days | length' <<<"$OUT")" "explain --json days"
eq '["weekend","weekend","holiday: 勤労感謝の日"]' "$(jq -c '[.days[].skipped | select(. != null)]' <<<"$OUT")" \
  "explain --json skipped"
eq 32400 "$(jq '[.days[].counted_seconds] | add' <<<"$OUT")" "explain --json counted adds up"
eq "2026-11-24T10:00:00+09:00" "$(jq -r '.days[4].from_at' <<<"$OUT")" "explain --json span"

# --- DST, with the desk's calendar read in New York ---------------------------
expect_ok calendar add 2026-03-06T15:00-05:00 1bd --tz America/New_York
eq "2026-03-09T15:00:00-04:00" "$OUT" "add over spring forward"
expect_ok calendar between 2026-03-06T15:00-05:00 2026-03-09T15:00-04:00 --tz America/New_York
eq "9h (1bd)" "$OUT" "between over spring forward"
expect_ok calendar add 2026-10-30T15:00-04:00 1bd --tz America/New_York
eq "2026-11-02T15:00:00-05:00" "$OUT" "add over fall back"

# --- errors ------------------------------------------------------------------
expect_error 65 "INSTANT: '2026-02-30'" calendar add 2026-02-30 1bd
expect_error 65 "DURATION: '5xd'" calendar add 2026-11-30 5xd
expect_error 65 "DURATION: '-1bd'" calendar add 2026-11-30 -- -1bd
# A malformed --tz is bad data (65), as in sd customer add; a bad zone in the
# config file is bad config (78, below).
expect_error 65 "^sd: --tz: unknown time zone 'Mars/Olympus'" calendar add 2026-11-30 1bd --tz Mars/Olympus
for sub in "holidays 2026" "is-business-day 2026-11-30" "between 2026-11-30 2026-12-01" "show 2026-11" "explain 2026-11-30 1bd"; do
  # shellcheck disable=SC2086
  expect_error 65 "^sd: --tz: unknown time zone 'Asia/Tokio'" calendar $sub --tz Asia/Tokio
done
expect_error 65 "FROM 2027 is after TO 2026" calendar holidays 2027 2026
expect_error 65 "FROM: 1954 is outside" calendar holidays 1954
expect_error 65 "TO: 2100 is outside" calendar holidays 2026 2100
expect_error 65 "FROM: '2026-02-30'" calendar holidays 2026-02-30
expect_error 65 "DATE: 2100-01-01 is outside" calendar is-business-day 2100-01-01
expect_error 65 "DATE: '2026-02-30'" calendar is-business-day 2026-02-30
expect_error 65 "INSTANT: 1954-12-31 is outside" calendar add 1954-12-31 1bd
expect_error 65 "after 2099-12-31" calendar add 2099-12-31T10:00 2bd
expect_error 65 "MONTH: '2026-13'" calendar show 2026-13
expect_error 65 "TO .* is before FROM" calendar between 2026-12-01 2026-11-30
expect_error 64 "INSTANT is required" calendar add
expect_error 64 "DURATION is required" calendar add 2026-11-30
expect_error 64 "" calendar add 2026-11-30 1bd extra
expect_error 64 "" calendar

# --- the desk's config: closures, working dates, overrides, zone ---------------
mkdir -p "$XDG_CONFIG_HOME/sd"
cat >"$XDG_CONFIG_HOME/sd/overrides.txt" <<'EOF'
# test overrides
2030-05-01 add 即位の日 | Enthronement Day
2030-03-20 cancel
EOF
cat >"$XDG_CONFIG_HOME/sd/config" <<'EOF'
[calendar]
closed = 12-29..01-03 年末年始
closed = 2026-08-13..2026-08-14 夏季休業
open = 2026-11-23
holiday_overrides = overrides.txt
EOF
expect_ok calendar add 2026-12-28T18:00 1bd
eq "2027-01-04T18:00:00+09:00" "$OUT" "add over the year-end closure"
expect_ok calendar add 2026-11-20T18:00 1bd
eq "2026-11-23T18:00:00+09:00" "$OUT" "a working date counts"
expect_exit 0 calendar is-business-day -v 2026-11-23
eq "2026-11-23 Mon: business day (a configured working date)" "$OUT" "--verbose working date"
expect_exit 1 calendar is-business-day -v 2026-08-13
eq "2026-08-13 Thu: not a business day (closure: 夏季休業)" "$OUT" "--verbose closure"
expect_ok calendar holidays 2026-12-28 2027-01-05 --json
eq '["2026-12-29 closure","2026-12-30 closure","2026-12-31 closure","2027-01-01 holiday","2027-01-01 closure","2027-01-02 closure","2027-01-03 closure"]' \
  "$(jq -c '[.[] | "\(.date) \(.kind)"]' <<<"$OUT")" "closures in holidays --json"
eq '"年末年始"' "$(jq -c '.[0].name' <<<"$OUT")" "closure name"
expect_ok calendar holidays 2026-11-01 2026-11-30 --json
eq '["2026-11-03"]' "$(jq -c '[.[].date]' <<<"$OUT")" "a working date is no closed day"
expect_exit 1 calendar is-business-day --verbose 2030-05-01
eq "2030-05-01 Wed: not a business day (holiday: 即位の日)" "$OUT" "an added holiday"
expect_exit 0 calendar is-business-day 2030-03-20
expect_ok calendar show 2026-12
eq "27  28  29* 30* 31*" "$(printf '%s\n' "$OUT" | grep '^ 27' | sed 's/^ *//')" "show marks closures"
expect_ok calendar show 2026-11
contains "23+" "$OUT" "show marks working dates"

cat >"$XDG_CONFIG_HOME/sd/overrides.txt" <<'EOF'
2030-05-01 add 即位の日 | Enthronement Day
2030-05-01 cancel
EOF
expect_error 78 "overrides.txt:2: 2030-05-01 is already overridden on line 1" calendar is-business-day 2030-05-01

printf '[calendar]\nzone = Mars/Olympus\n' >"$XDG_CONFIG_HOME/sd/config"
expect_error 78 "unknown time zone 'Mars/Olympus'" calendar is-business-day 2026-11-30

# A desk in New York on its own clock, with no Japanese holidays.
printf '[calendar]\nzone = America/New_York\nholidays = none\n' >"$XDG_CONFIG_HOME/sd/config"
expect_ok calendar add 2026-10-30T15:00 1bd
eq "2026-11-02T15:00:00-05:00" "$OUT" "a New York desk over fall back"
expect_exit 0 calendar is-business-day 2026-11-23
expect_ok --json calendar holidays 2026
eq "[]" "$(jq -c . <<<"$OUT")" "no holidays with holidays = none"
rm -f "$XDG_CONFIG_HOME/sd/config"

# --- the zone is read from its own file, not found in a database ---------------
# With TZDIR holding nothing but a copy of Asia/Tokyo, and a copy of New York
# under a made-up name, the due times are the same: sd opens the one file the
# zone names. (The date library's database walks /usr/share/zoneinfo whatever
# TZDIR says, and has no Desk/Local.)
mkdir -p "$T/zoneinfo/Asia" "$T/zoneinfo/Desk"
cp /usr/share/zoneinfo/Asia/Tokyo "$T/zoneinfo/Asia/Tokyo"
cp /usr/share/zoneinfo/America/New_York "$T/zoneinfo/Desk/Local"
printf 'not a zone\n' >"$T/zoneinfo/Desk/Text"
export TZDIR="$T/zoneinfo"
expect_ok calendar add 2026-04-30T16:00+09:00 5bd
eq "2026-05-12T16:00:00+09:00" "$OUT" "add with only Asia/Tokyo in TZDIR"
SD_NOW=2026-11-30T10:00 expect_ok calendar add now 1bd
eq "2026-11-30T19:00:00+09:00" "$OUT" "SD_NOW read in the zone from TZDIR"
expect_ok calendar add 2026-10-30T15:00 1bd --tz Desk/Local
eq "2026-11-02T15:00:00-05:00" "$OUT" "a zone file under any name in TZDIR"
expect_error 65 "^sd: --tz: unknown time zone 'America/New_York'" calendar add 2026-11-30 1bd --tz America/New_York
expect_error 65 "^sd: --tz: unknown time zone 'Desk/Text'" calendar add 2026-11-30 1bd --tz Desk/Text
expect_error 65 "^sd: --tz: unknown time zone '../zoneinfo/Asia/Tokyo'" calendar add 2026-11-30 1bd --tz ../zoneinfo/Asia/Tokyo
expect_error 65 "^sd: --tz: unknown time zone '/etc/passwd'" calendar add 2026-11-30 1bd --tz /etc/passwd
unset TZDIR

# --- help: every subcommand is described ----------------------------------------
expect_ok calendar --help
help=$OUT
for sub in holidays is-business-day add between show explain; do
  contains "$sub" "$help" "calendar --help"
  expect_ok calendar "$sub" --help
  contains "--tz ZONE" "$OUT" "calendar $sub --help"
done

finish
