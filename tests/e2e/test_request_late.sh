#!/usr/bin/env bash
# One meaning of late, for requests. ACME-2, a backup request (SLO 1
# business day) received Monday 2026-11-30 14:00, is due Tuesday 14:00
# (5h on Monday, 4h on Tuesday); resolved at 14:30 it is 30 minutes late,
# and every command says so: resolve, request list, request show, the JSON
# (.slo.late, .slo.standing), slo report, slo metrics, and while it was
# open slo check. An open request past its due time shows how late it is to
# the minute ("<1m" at 30 seconds, never "0m"), and request list --overdue
# lists exactly those: due exactly now is not yet overdue. ACME-1, due
# Monday 19:00, shows how late it is after hours too.
. "$(dirname "$0")/lib.sh"
need jq
at() { local when=$1; shift; SD_NOW="$when" expect_ok "$@"; }

export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
at 2026-11-30T10:00:00+09:00 request new --customer ACME --type backup --field op=add --field host=web01
eq "ACME-1" "$OUT"
at 2026-11-30T14:00:00+09:00 request new --customer ACME --type backup --field op=add --field host=db01
eq "ACME-2" "$OUT"
eq "2026-11-30T19:00:00+09:00 2026-12-01T14:00:00+09:00" \
  "$("$SD" request list --json | jq -r 'map(.due_at) | join(" ")')" "due times"

overdue() { SD_NOW="$1" "$SD" request list --overdue --json | jq -r 'map(.key) | join(" ")'; }
# left WHEN KEY: the LEFT cell of KEY's row in request list at WHEN (in a
# pipe the list is tab-separated).
left() {
  SD_NOW="$1" "$SD" request list | awk -F'\t' -v key="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "LEFT") c = i; next }
    c && $1 == key { print $c }'
}

# --- ACME-1 after hours: due Monday 19:00
eq "" "$(overdue 2026-11-30T19:00:00+09:00)" "due exactly now is not overdue"
eq "ACME-1" "$(overdue 2026-11-30T19:00:01+09:00)" "a second later it is"
eq "late <1m after hours" "$(left 2026-11-30T19:00:30+09:00 ACME-1)" "30 seconds late: <1m, never 0m"
eq "late 30m after hours" "$(left 2026-11-30T19:30:00+09:00 ACME-1)" "30 minutes late in the evening"
SD_NOW=2026-11-30T19:30:00+09:00 expect_exit 2 slo check
contains "CRITICAL ACME-1 due 2026-11-30T19:00:00+09:00, late 30m after hours" "$OUT" "slo check after hours"
# Tuesday 10:30: 30 business minutes past.
eq "late 30m" "$(left 2026-12-01T10:30:00+09:00 ACME-1)" "business time past the due time"

# --- ACME-2: due Tuesday 14:00
eq "ACME-1" "$(overdue 2026-12-01T14:00:00+09:00)" "ACME-2 due exactly now: not overdue"
SD_NOW=2026-12-01T14:00:00+09:00 expect_exit 2 slo check --json
eq "WARNING" "$(jq -r '.requests[] | select(.key == "ACME-2") | .state' <<<"$OUT")" "due now: WARNING, not CRITICAL"
eq "ACME-1 ACME-2" "$(overdue 2026-12-01T14:00:30+09:00)" "30 seconds later: overdue"
eq "late <1m" "$(left 2026-12-01T14:00:30+09:00 ACME-2)" "list: <1m"
SD_NOW=2026-12-01T14:00:30+09:00 expect_exit 2 slo check
contains "CRITICAL ACME-2 due 2026-12-01T14:00:00+09:00, late <1m" "$OUT" "slo check: <1m"
# 14:30, still open: 30 minutes late everywhere.
eq "late 30m" "$(left 2026-12-01T14:30:00+09:00 ACME-2)" "list: open, 30m late"
at 2026-12-01T14:30:00+09:00 request show ACME-2
eq "late 30m  (used 1bd 30m of 1bd)" "$(sed -n 's/^left: *//p' <<<"$OUT")" "show: open, 30m late"
SD_NOW=2026-12-01T14:30:00+09:00 expect_exit 2 slo check
contains "CRITICAL ACME-2 due 2026-12-01T14:00:00+09:00, late 30m" "$OUT" "slo check: 30m late"
SD_NOW=2026-12-01T14:30:00+09:00 expect_exit 2 slo check --json
eq "2 0" "$(jq -r '"\(.overdue) \(.due_soon)"' <<<"$OUT")" "slo check --json counts both as overdue"

# --- resolved at 14:30: late in every command
SD_NOW=2026-12-01T14:30:00+09:00 expect_unchanged 65 "^sd: --miss-reason: ACME-2 is past its due time 2026-12-01T14:00:00\+09:00" \
  request resolve ACME-2
SD_NOW=2026-12-01T14:30:00+09:00 expect_ok request resolve ACME-2 --miss-reason "バックアップ先の容量不足に気づくのが遅れた"
eq "ACME-2  resolved  due 2026-12-01 14:00  late 30m" "$OUT" "resolve says late"
SD_NOW=2026-12-01T15:00:00+09:00 expect_ok request list --status resolved
eq "late 30m" "$(left 2026-12-01T15:00:00+09:00 ACME-2)" "list: resolved 30m late"
SD_NOW=2026-12-01T15:00:00+09:00 expect_ok request show ACME-2
contains "resolved:   2026-12-01T14:30:00+09:00  late 30m" "$OUT" "show: resolved late"
eq "late 30m  (used 1bd 30m of 1bd)" "$(sed -n 's/^left: *//p' <<<"$OUT")" "show: left says late"
SD_NOW=2026-12-01T15:00:00+09:00 expect_ok request show ACME-2 --json
eq "true missed" "$(jq -r '"\(.slo.late) \(.slo.standing)"' <<<"$OUT")" ".slo.late and .slo.standing"
eq "ACME-1" "$(overdue 2026-12-01T15:00:00+09:00)" "a resolved request is not overdue"
SD_NOW=2026-12-01T15:00:00+09:00 expect_ok slo report --month 2026-12 --json
eq '[1,0,1,0]' "$(jq -c '.requests[] | select(.type == "backup") | [.due, .met, .missed, .open_overdue]' <<<"$OUT")" "slo report: missed"
SD_NOW=2026-12-01T15:00:00+09:00 expect_ok slo report --month 2026-12
contains "×" "$(grep バックアップ作業 <<<"$OUT")" "slo report table: not kept"
SD_NOW=2026-12-01T15:00:00+09:00 expect_ok slo metrics
contains 'sd_requests_missed{customer="ACME",tier="minor",type="backup"} 1' "$OUT" "metrics: ACME-2 resolved late"
contains 'sd_requests_met{customer="ACME",tier="minor",type="backup"} 0' "$OUT" "metrics: none met"
contains 'sd_requests_overdue{customer="ACME",tier="minor",type="backup"} 1' "$OUT" "metrics: ACME-1 open and overdue"
# The check now names only the open one.
SD_NOW=2026-12-01T15:00:00+09:00 expect_exit 2 slo check --json
eq "ACME-1" "$(jq -r '.requests | map(.key) | join(" ")' <<<"$OUT")" "slo check: the resolved one is done"

# A request resolved on time says met, and resolve adds nothing.
at 2026-12-01T15:00:00+09:00 request new --customer ACME --type backup --field op=add --field host=ap01
SD_NOW=2026-12-01T15:10:00+09:00 expect_ok request resolve ACME-3
eq "ACME-3  resolved  due 2026-12-02 15:00" "$OUT" "on time: no lateness"
eq "met" "$(left 2026-12-01T15:10:00+09:00 ACME-3)" "list: met"

# --- bad input
expect_unchanged 64 "--status cannot be combined with --open or --overdue" request list --overdue --status open

finish
