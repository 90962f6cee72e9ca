#!/usr/bin/env bash
# One meaning of late for interim reports: an hourly report posted after its
# due time stays counted as late once it is posted, and one still owed when
# the recovery is recorded stays missing. `sd incident list --breached` lists
# exactly the incidents that breached: a first notice past its SLO or SLA, an
# interim report late (posted late, or not posted in time), or an obligation
# past due now; `incident show` lists each interim report with its due time
# and when it was posted.
#
# Every incident is received on 2026-11-30 (a Monday) at 10:00 and is
# impacting, so its first notice is due 10:15 (SLO) and 10:30 (SLA), and
# interim reports every 60 minutes after the last notice:
#   ACME-1  notified 10:10; report due 11:10 posted 11:30 (20 min late);
#           next due 12:30.
#   ACME-2  notified 10:05; report due 11:05 posted 11:00 (on time); next
#           due 12:00; at 11:31 nothing is late.
#   ACME-3  never notified: past its SLA at 10:31.
#   ACME-4  not impacting, notified 10:50 (within its 60 minutes): no
#           interim reports, never breached.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok contact add ACME --name 田中 --phone 03-1111-1111

at() { SD_NOW="2026-11-30T$1:00+09:00"; shift; expect_ok "$@"; }
at 10:00 incident open --customer ACME --impact yes --title "web01 停止"
at 10:00 incident open --customer ACME --impact yes --title "db01 遅延"
at 10:00 incident open --customer ACME --impact yes --title "api 応答なし"
at 10:00 incident open --customer ACME --impact no --title "片系障害"
# The first notice of an impacting incident: an answered call and a post.
at 10:10 incident notify ACME-1 --via phone --contact 1 --result answered -m "障害発生のご連絡"
at 10:10 incident notify ACME-1 --via backlog -m "障害発生のご連絡"
at 10:05 incident notify ACME-2 --via phone --contact 1 --result answered -m "障害発生のご連絡"
at 10:05 incident notify ACME-2 --via backlog -m "障害発生のご連絡"
at 10:50 incident notify ACME-4 --via backlog -m "片系障害のご報告"
at 11:00 incident update ACME-2 -m "調査中です"

# 11:20: ACME-1's report (due 11:10) is overdue now, ACME-3 missed its SLA.
SD_NOW=2026-11-30T11:20:00+09:00 expect_ok incident list --breached --json
eq "ACME-1 ACME-3" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "11:20: overdue report and missed SLA"

# 11:30 the report is posted, 20 minutes late. The hour restarts (12:30),
# nothing is overdue at 11:31, and ACME-1 stays breached all the same.
at 11:30 incident update ACME-1 -m "復旧作業中です"
SD_NOW=2026-11-30T11:31:00+09:00 expect_ok incident list --breached --json
eq "ACME-1 ACME-3" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "a report posted late stays late"
SD_NOW=2026-11-30T11:31:00+09:00 expect_ok incident list --breached
eq "3" "$(wc -l <<<"$OUT")" "text: a heading and two lines"
contains "ACME-1" "$OUT"
SD_NOW=2026-11-30T11:31:00+09:00 expect_ok incident show ACME-1 --json
eq "2026-11-30T11:10:00+09:00 2026-11-30T11:30:00+09:00 true" \
   "$(jq -r '.interim_reports | map("\(.due_at) \(.posted_at) \(.late)") | join(",")' <<<"$OUT")" "show: the late report"
eq "2026-11-30T12:30:00+09:00" "$(jq -r .clock.next_interim_due_at <<<"$OUT")" "the next report from the late one"
SD_NOW=2026-11-30T11:31:00+09:00 expect_ok incident show ACME-1
contains "interim:      1 owed, 1 late" "$OUT"
contains "  due 2026-11-30 11:10  posted 2026-11-30 11:30  LATE" "$OUT"
SD_NOW=2026-11-30T11:31:00+09:00 expect_ok incident show ACME-2 --json
eq "2026-11-30T11:05:00+09:00 2026-11-30T11:00:00+09:00 false" \
   "$(jq -r '.interim_reports | map("\(.due_at) \(.posted_at) \(.late)") | join(",")' <<<"$OUT")" "show: a report on time"
# The check looks at what is owed now: the late report is behind it.
SD_NOW=2026-11-30T11:31:00+09:00 run incident check --customer ACME --json
eq "ACME-3" "$(jq -r '[.obligations[] | select(.state == "CRITICAL") | .key] | unique | join(" ")' <<<"$OUT")" "check: only what is overdue now"

# ACME-2 recovers at 12:30 without the report due at 12:00: owed and never
# posted, so late, and still late after the recovery.
at 12:30 incident recover ACME-2 -m "再起動で復旧"
SD_NOW=2026-11-30T12:31:00+09:00 expect_ok incident show ACME-2 --json
eq "2026-11-30T11:05:00+09:00 2026-11-30T11:00:00+09:00 false,2026-11-30T12:00:00+09:00 null true" \
   "$(jq -r '.interim_reports | map("\(.due_at) \(.posted_at) \(.late)") | join(",")' <<<"$OUT")" "a report owed before recovery"
SD_NOW=2026-11-30T12:31:00+09:00 expect_ok incident list --breached --json
eq "ACME-1 ACME-2 ACME-3" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "12:31: the missing report counts"

# A recovery recorded before the report fell due owes none: ACME-4 has no
# interim reports at all (not impacting), and is never breached.
SD_NOW=2026-11-30T23:00:00+09:00 expect_ok incident show ACME-4 --json
eq "0" "$(jq '.interim_reports | length' <<<"$OUT")" "not impacting: no interim reports"
SD_NOW=2026-11-30T23:00:00+09:00 expect_ok incident list --breached --impact no --json
eq "" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "not impacting, notified in time: not breached"

# The reports count the late reports per incident and per impact.
SD_NOW=2026-12-01T10:00:00+09:00 expect_ok slo report --month 2026-11 --customer ACME --json
eq "ACME-1:2/2 ACME-2:2/1 ACME-3:0/0 ACME-4:0/0" \
   "$(jq -r '.incident_details | map("\(.key):\(.interim_owed)/\(.interim_late)") | join(" ")' <<<"$OUT")" \
   "owed/late per incident (ACME-1's 12:30 report is also overdue by now)"
eq "4 3" "$(jq -r '.incidents[] | select(.impact == "yes") | "\(.interim_owed) \(.interim_late)"' <<<"$OUT")" "per impact"

# Errors: one line, nothing changed.
expect_unchanged 65 "--impact: 'maybe' is not allowed" incident list --breached --impact maybe
finish
