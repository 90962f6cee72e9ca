#!/usr/bin/env bash
# What a person at the desk reads: the text (not --json) of `sd incident show`
# and `sd incident list` through an incident's life — key, status, impact,
# the first notification's deadlines and whether they were met, the next
# interim report, recovery and closing — in the desk's time zone. In a pipe
# the list is tab-separated, its cells whole; on a terminal (script(1), 120
# columns) its columns are aligned and a long title is cut with "…" to fit.
. "$(dirname "$0")/lib.sh"
need jq script
export SD_NOW=2026-11-30T10:00:00+09:00
TAB=$(printf '\t')
# at TIME ARGS...: sd at 2026-11-30 TIME (JST), for setting up; must succeed.
at() { SD_NOW="2026-11-30T$1:00+09:00" "$SD" "${@:2}" >/dev/null 2>>"$T/setup.err" || fail "setup: sd ${*:2}"; }
# field NAME: the value of the "NAME:" line of $OUT (show's layout).
field() { printf '%s\n' "$OUT" | sed -n "s/^$1: *//p"; }
# col KEY COLUMN: the cell of COLUMN (by its heading) in KEY's row of $OUT,
# the list as a pipe gets it (tab-separated).
col() {
  printf '%s\n' "$OUT" | awk -F'\t' -v key="$1" -v name="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
    c && $1 == key { print $c }'
}
# on_tty WHEN [ARGS...]: $TTY, `sd incident list ARGS` at WHEN as a terminal
# of 120 columns shows it, without colour.
on_tty() {
  local when=$1; shift
  TTY=$(SD_NOW="$when" COLUMNS=120 script -qec "'$SD' --color never incident list $*" /dev/null </dev/null | tr -d '\r')
}
# tty_col KEY COLUMN: the cell of COLUMN in KEY's row of $TTY, read at the
# header's offsets (everything left of TITLE is ASCII, so bytes are columns).
tty_col() {
  printf '%s\n' "$TTY" | awk -v key="$1" -v name="$2" '
    NR == 1 {
      n = split("KEY IMPACT STATUS ASSIGNEE RECEIVED NOTIFIED NEXT TITLE", names, " ")
      for (i = 1; i <= n; i++) start[names[i]] = index($0, names[i])
      for (i = 1; i < n; i++) if (names[i] == name) stop = start[names[i + 1]]
      if (name == "TITLE") stop = 0
      next
    }
    $1 == key {
      cell = stop ? substr($0, start[name], stop - start[name]) : substr($0, start[name])
      sub(/ +$/, "", cell); print cell
    }'
}
# aligned LABEL WHEN [ARGS...]: on a terminal (on_tty), the list has the rows
# of $OUT, and every row has a blank before, and text at, each header column.
aligned() {
  local label=$1 bad; shift
  on_tty "$@"
  eq "$(printf '%s\n' "$OUT" | cut -f1)" "$(printf '%s\n' "$TTY" | cut -d' ' -f1)" "$label: the same rows on a terminal"
  bad=$(printf '%s\n' "$TTY" | awk '
    NR == 1 {
      n = split("IMPACT STATUS ASSIGNEE RECEIVED NOTIFIED NEXT TITLE", names, " ")
      for (i = 1; i <= n; i++) start[i] = index($0, names[i])
      next
    }
    { for (i = 1; i <= n; i++)
        if (substr($0, start[i] - 1, 1) != " " || substr($0, start[i], 1) == " ") { print NR ": " $0; break } }')
  eq "" "$bad" "$label: rows not aligned with the header"
}

expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok customer add BETA --name "Beta"
expect_ok contact add ACME --name 田中 --phone 03-1111-1111
expect_ok contact add ACME --name 佐藤 --phone 03-2222-2222

# Three incidents: impacting (phoned in at 10:00), not impacting (10:05), not
# yet judged (10:10, a title longer than the column).
at 10:00 incident open --customer ACME --impact yes --host web01 --via phone --detected-at 2026-11-30T09:50 \
  --business-impact "EC サイトで決済ができない" --title "web01 決済エラー" -m "500 が発生"
at 10:05 incident open --customer BETA --impact no --title "db02 片系停止 (フェイルオーバー済)"
at 10:10 incident open --customer ACME --title "バッチサーバー batch01 のディスク使用率が 95% を超えました (要確認)"

# --- show, before anyone is told
SD_NOW=2026-11-30T10:12:00+09:00 expect_ok incident show ACME-1
eq "ACME-1" "$(field key)" "show: key"
eq "web01 決済エラー" "$(field title)" "show: title"
eq "open" "$(field status)" "show: status"
eq "yes  (judged by tester)" "$(field impact)" "show: impact and who judged it"
eq "web01" "$(field host)" "show: host"
eq "phone  priority high" "$(field via)" "show: channel and priority"
eq "2026-11-30T10:00:00+09:00" "$(field received)" "show: received, in the desk zone"
eq "2026-11-30T09:50:00+09:00" "$(field detected)" "show: detected"
eq "EC サイトで決済ができない" "$(field business)" "show: business impact"
eq "SLO 2026-11-30 10:15, SLA 2026-11-30 10:30" "$(field 'first notice')" "show: impacting: 15 and 30 minutes"
eq "" "$(field notified)" "show: not notified yet"
contains "500 が発生" "$OUT" "show: details"
eq "0" "$(printf '%s\n' "$OUT" | grep -c '^closed:')" "show: no closing yet"

SD_NOW=2026-11-30T10:12:00+09:00 expect_ok incident show BETA-1
eq "no  (judged by tester)" "$(field impact)" "show: not impacting"
eq "SLO 2026-11-30 11:05, no SLA" "$(field 'first notice')" "show: not impacting: 60 minutes, no SLA"
SD_NOW=2026-11-30T10:12:00+09:00 expect_ok incident show ACME-2
eq "unjudged  (not judged: deadlines as if impacting)" "$(field impact)" "show: unjudged"
eq "SLO 2026-11-30 10:25, SLA 2026-11-30 10:40" "$(field 'first notice')" "show: unjudged runs on the impacting clock"

# --- list, before anyone is told
SD_NOW=2026-11-30T10:12:00+09:00 expect_ok incident list
eq "KEY${TAB}IMPACT${TAB}STATUS${TAB}ASSIGNEE${TAB}RECEIVED${TAB}NOTIFIED${TAB}NEXT${TAB}TITLE" "$(head -1 <<<"$OUT")" "list: header"
eq "MSP" "$(col ACME-1 ASSIGNEE)" "list: the desk owns a new incident"
eq "ACME-1 BETA-1 ACME-2" "$(tail -n +2 <<<"$OUT" | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//')" "list: in the order received"
aligned "list at 10:12" 2026-11-30T10:12:00+09:00
eq "yes" "$(col ACME-1 IMPACT)"
eq "open" "$(col ACME-1 STATUS)"
eq "2026-11-30 10:00" "$(col ACME-1 RECEIVED)" "list: received, in the desk zone"
eq "-" "$(col ACME-1 NOTIFIED)" "list: not notified yet"
eq "first SLO 10:15 (in 3m)" "$(col ACME-1 NEXT)" "list: the first SLO is next"
eq "web01 決済エラー" "$(col ACME-1 TITLE)"
eq "first SLO 11:05 (in 53m)" "$(col BETA-1 NEXT)" "list: not impacting: 60 minutes"
eq "unjudged" "$(col ACME-2 IMPACT)"
eq "バッチサーバー batch01 のディスク使用率が 95% を超えました (要確認)" "$(col ACME-2 TITLE)" "list: a long title whole in a pipe"
eq "web01 決済エラー" "$(tty_col ACME-1 TITLE)" "terminal: a title that fits is whole"
# 90 columns before TITLE, so 30 for it: "バッチサーバー" is 14 of them.
eq "バッチサーバー batch01 のディ…" "$(tty_col ACME-2 TITLE)" "terminal: a long title is cut to fit 120 columns"
eq "2026-11-30 10:10" "$(tty_col ACME-2 RECEIVED)" "terminal: the time whole"

# --- the first notification: the first call is not answered, the second is,
# after the SLO (10:15) and before the SLA (10:30). The ticket was updated
# on Backlog at 10:19: an impacting incident needs both (white paper 4.2.2).
at 10:18 incident notify ACME-1 --via phone --contact 1 --result no-answer
at 10:19 incident notify ACME-1 --via backlog -m "障害発生のご連絡"
at 10:20 incident notify ACME-1 --via phone --contact 佐藤 --result answered -m "障害発生をご連絡"
at 10:30 incident notify BETA-1 --via email
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok incident show ACME-1
eq "2026-11-30T10:20:00+09:00  SLO LATE, SLA on time" "$(field notified)" "show: the answered call completes the notice"
eq "2026-11-30T11:20:00+09:00" "$(field 'next report')" "show: the interim report an hour later"
contains "10:18  tester  notify first by phone to 田中 (no-answer)" "$OUT" "show: timeline, unanswered call"
contains "10:20  tester  notify first by phone to 佐藤 (answered)" "$OUT" "show: timeline, answered call"
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok incident show BETA-1
eq "2026-11-30T10:30:00+09:00  SLO on time" "$(field notified)" "show: not impacting: on time, and no SLA to meet"
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok incident list
aligned "list at 10:40" 2026-11-30T10:40:00+09:00
eq "10:20 late" "$(col ACME-1 NOTIFIED)" "list: notified after the SLO"
eq "interim 11:20 (in 40m)" "$(col ACME-1 NEXT)" "list: the interim report is next"
eq "10:30" "$(col BETA-1 NOTIFIED)" "list: notified in time"
eq "-" "$(col BETA-1 NEXT)" "list: nothing owed on a non-impacting incident"
eq "first SLO 10:25 (late 15m)" "$(col ACME-2 NEXT)" "list: a missed first SLO"

# --- the desk's zone: the same incidents read from a desk in New York
mkdir -p "$XDG_CONFIG_HOME/sd"
printf '[calendar]\nzone = America/New_York\n' > "$XDG_CONFIG_HOME/sd/config"
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok incident show ACME-1
eq "2026-11-29T20:00:00-05:00" "$(field received)" "show: received in New York time"
eq "SLO 2026-11-29 20:15, SLA 2026-11-29 20:30" "$(field 'first notice')" "show: deadlines in New York time"
eq "2026-11-29T21:20:00-05:00" "$(field 'next report')" "show: next report in New York time"
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok incident list
eq "2026-11-29 20:00" "$(col ACME-1 RECEIVED)" "list: received in New York time"
eq "20:20 late" "$(col ACME-1 NOTIFIED)" "list: notified in New York time"
eq "interim 21:20 (in 40m)" "$(col ACME-1 NEXT)" "list: next in New York time"
rm "$XDG_CONFIG_HOME/sd/config"

# --- recovery and closing
at 11:00 incident update ACME-1 -m "原因調査中"
at 11:05 incident escalate ACME-1 --to aws --case 1234567890 -m "EC2 ホスト障害の疑い"
at 11:30 incident recover ACME-1 --at 2026-11-30T11:25 -m "インスタンスを再起動"
SD_NOW=2026-11-30T11:35:00+09:00 expect_ok incident list
eq "recovered" "$(col ACME-1 STATUS)" "list: recovered"
eq "-" "$(col ACME-1 NEXT)" "list: no interim report owed once recovered"
aligned "list at 11:35" 2026-11-30T11:35:00+09:00
at 11:40 incident confirm ACME-1 -m "決済の成功を確認"
at 11:45 incident notify ACME-1 --via backlog -m "復旧しました"
at 11:50 incident close ACME-1
SD_NOW=2026-11-30T11:50:00+09:00 expect_ok incident show ACME-1
eq "closed" "$(field status)" "show: closed"
eq "aws" "$(field 'escalated to')" "show: escalated"
eq "2026-11-30T11:25:00+09:00  インスタンスを再起動" "$(field recovered)" "show: recovered at the time given, with the action"
eq "2026-11-30T11:45:00+09:00  (recovery notice)" "$(field told)" "show: the recovery notice"
eq "2026-11-30T11:40:00+09:00" "$(field confirmed)" "show: confirmed"
eq "2026-11-30T11:50:00+09:00" "$(field closed)" "show: closed at"
eq "" "$(field 'next report')" "show: no report owed once closed"
eq "opened notify notify notify update escalate recover confirm notify close" \
  "$(printf '%s\n' "$OUT" | sed -n '/^timeline:/,$p' | grep -E '^  [0-9]{4}-' | awk '{print $4}' | tr '\n' ' ' | sed 's/ $//')" \
  "show: the timeline, oldest first"
contains "11:05  tester  escalate to aws case 1234567890" "$OUT" "show: escalation with the case"
SD_NOW=2026-11-30T11:50:00+09:00 expect_ok incident list
eq "BETA-1 ACME-2" "$(tail -n +2 <<<"$OUT" | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//')" "list: closed incidents are left out"
SD_NOW=2026-11-30T11:50:00+09:00 expect_ok incident list --all
eq "closed" "$(col ACME-1 STATUS)" "list --all: closed"
aligned "list --all" 2026-11-30T11:50:00+09:00 --all
SD_NOW=2026-11-30T11:50:00+09:00 expect_ok incident list --assignee nobody-at-all
eq "1" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" "list: a header and no rows when nothing matches"

# The text and --json agree on what they both show.
SD_NOW=2026-11-30T11:50:00+09:00 expect_ok incident show ACME-1 --json
eq "ACME-1 closed yes 2026-11-30T11:25:00+09:00" "$(jq -r '"\(.key) \(.status) \(.impact) \(.recovered_at)"' <<<"$OUT")" "show --json"

# A note and details of several lines: every line indented as the first.
at 11:55 incident open --customer BETA --impact no --title "db03 応答遅延" -m $'遅延は 5 秒程度\n  対象: db03\n\n再発の有無を確認中'
at 11:56 incident update BETA-2 -m $'一次切り分け:\n  ネットワーク正常\n  ディスク I/O 高'
SD_NOW=2026-11-30T11:57:00+09:00 expect_ok incident show BETA-2
eq $'details:\n  遅延は 5 秒程度\n    対象: db03\n\n  再発の有無を確認中' \
  "$(printf '%s\n' "$OUT" | sed -n '/^details:/,/^timeline:/p' | sed '$d')" "show: details indented line by line"
eq $'      一次切り分け:\n        ネットワーク正常\n        ディスク I/O 高' \
  "$(printf '%s\n' "$OUT" | grep -A3 '  update$' | tail -3)" "show: an update's note indented line by line"

[ -s "$T/setup.err" ] && fail "set-up wrote errors: $(cat "$T/setup.err")"
finish
