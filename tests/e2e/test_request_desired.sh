#!/usr/bin/env bash
# The customer's desired time is honoured (white paper §4.1.1), and the desk
# can exempt a request for special circumstances (§4.1.3, §4.1.4):
# - a 中 (normal) request whose desired time is three days after its SLO due
#   time is due at the desired time: done in that window it is met, with no
#   miss reason, and the reports list it as judged against a desired time;
# - a 高 (high) request is counted against its SLO as usual, but the desk
#   works to its desired time: slo check warns and alerts on it, and the
#   reports list it separately when the desired time was missed;
# - a 低 (low) request without a date shows how long it has waited, and
#   slo check warns past --unscheduled-age (or the config's default);
# - sd request exempt records who approved it and why; the request leaves
#   the attainment figures and both reports list it with its reason.
# The calendar is the default one: Asia/Tokyo, weekdays 10:00-19:00;
# 2026-12-07 is a Monday with no holiday that week.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-20T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社" --plan advanced
expect_ok customer add BETA --name "Beta 合同会社"
backup=(--type backup --field op=add --field host=web01)

# ---- 低: a request that waits for a date, and how long it has waited ----------
expect_ok request new --customer BETA --type consultation --field content=相談 --priority 低 --json
eq "BETA-1 null" "$(jq -r '"\(.key) \(.due_at)"' <<<"$OUT")" "a low request has no due time"

# ---- 中: the customer's maintenance window ----------------------------------------
# Received Monday 10:00: a 1-business-day backup is due Monday 19:00 by the
# SLO; the customer wants it on Thursday 19:00, three days later.
export SD_NOW=2026-12-07T10:00:00+09:00
expect_ok request new --customer ACME "${backup[@]}" --priority 中 --desired 2026-12-10T19:00 --json
eq "ACME-1" "$(jq -r .key <<<"$OUT")"
eq "2026-12-10T19:00:00+09:00 2026-12-07T19:00:00+09:00 true" \
   "$(jq -r '"\(.due_at) \(.slo_due_at) \(.judged_by_desired)"' <<<"$OUT")" "due at the desired time"
# The same backup with no desired time, for comparison.
expect_ok request new --customer ACME "${backup[@]}" --json
eq "ACME-2 2026-12-07T19:00:00+09:00 false" "$(jq -r '"\(.key) \(.due_at) \(.judged_by_desired)"' <<<"$OUT")"

# ---- 高: sooner than standard --------------------------------------------------------
# A 5-business-day patch received Monday 10:00 is due Friday 19:00 by the
# SLO; the customer wants it by Tuesday 15:00.
expect_ok request new --customer ACME --type patch --field host=db01 --field target=kernel \
  --field patch=CVE-2026-1 --priority 高 --desired 2026-12-08T15:00 --json
eq "ACME-3 2026-12-11T19:00:00+09:00 2026-12-08T15:00:00+09:00 false" \
   "$(jq -r '"\(.key) \(.due_at) \(.working_due_at) \(.judged_by_desired)"' <<<"$OUT")" \
   "high: due by the SLO, working to the desired time"

# Wednesday 12:00: ACME-1 is past its SLO due time but inside the window, so
# it is not overdue; ACME-2 is.
export SD_NOW=2026-12-09T12:00:00+09:00
expect_ok request list --overdue --json
eq "ACME-2" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "only the request without a window is overdue"
expect_ok request show ACME-1
contains "due:        2026-12-10T19:00:00+09:00  (the customer's desired time; SLO due 2026-12-07T19:00:00+09:00)" "$OUT"
expect_ok request explain ACME-1
contains "SLO due    2026-12-07T19:00:00+09:00; the customer's desired time is later, so it is due then" "$OUT"
contains "due        2026-12-10T19:00:00+09:00" "$OUT"

# ---- the check: 高 on its desired time, 低 by its age -------------------------------
# Tuesday 13:30: ACME-3's desired time is 1h 30m away (WARNING); ACME-2 is
# overdue (CRITICAL); BETA-1 has waited 18 days 3h 30m for a date, past the
# default 14 days.
export SD_NOW=2026-12-08T13:30:00+09:00
expect_exit 2 slo check --customer ACME
contains "WARNING ACME-3 desired 2026-12-08T15:00:00+09:00, 1h 30m left" "$OUT"
contains "CRITICAL ACME-2 due 2026-12-07T19:00:00+09:00" "$OUT"
expect_exit 1 slo check --customer BETA
contains "SD SLO WARNING - 0 requests overdue, 0 due within 2 business hours, 1 without a date for more than 14 days" "$OUT"
contains "WARNING BETA-1 without a date for 18d 3h 30m (received 2026-11-20T10:00:00+09:00)" "$OUT"
expect_exit 1 slo check --customer BETA --json
eq "WARNING 1 date 1567800" "$(jq -r '"\(.status) \(.unscheduled) \(.requests[0].target) \(.requests[0].unscheduled_seconds)"' <<<"$OUT")"
expect_exit 0 slo check --customer BETA --unscheduled-age 20
expect_exit 3 slo check --customer BETA --unscheduled-age -1
contains "SD SLO UNKNOWN - --unscheduled-age: must be 0 or more days" "$OUT"
mkdir -p "$XDG_CONFIG_HOME/sd"
printf '[requests]\nunscheduled_warn_days = 30\n' > "$XDG_CONFIG_HOME/sd/config"
expect_exit 0 slo check --customer BETA
printf '[requests]\nunscheduled_warn_days = soon\n' > "$XDG_CONFIG_HOME/sd/config"
expect_error 78 "unscheduled_warn_days: 'soon' is not allowed; use a whole number from 1 to 3660" request list
rm "$XDG_CONFIG_HOME/sd/config"
# request list shows the wait in LEFT and as unscheduled_seconds.
expect_ok request list --customer BETA
contains "unscheduled 18d 3h 30m" "$OUT"
expect_ok request list --customer BETA --json
eq "1567800" "$(jq -r '.[0].unscheduled_seconds' <<<"$OUT")"
expect_ok request list --customer ACME --json
eq "null null null" "$(jq -r 'map(.unscheduled_seconds | tostring) | join(" ")' <<<"$OUT")" "scheduled requests have no wait"
# Tuesday 15:30: ACME-3 missed its desired time (CRITICAL), though its SLO
# due time is days away.
export SD_NOW=2026-12-08T15:30:00+09:00
expect_exit 2 slo check --customer ACME --json
eq "CRITICAL desired 2026-12-08T15:00:00+09:00" \
   "$(jq -r '.requests[] | select(.key == "ACME-3") | "\(.state) \(.target) \(.target_at)"' <<<"$OUT")"

# ---- resolving: in the window is met, no miss reason ---------------------------------
export SD_NOW=2026-12-09T12:00:00+09:00
expect_ok request resolve ACME-3
expect_ok request show ACME-3 --json
eq "met true" "$(jq -r '"\(.slo.standing) \(.desired_missed)"' <<<"$OUT")" "high: met by the SLO, desired time missed"
export SD_NOW=2026-12-10T18:00:00+09:00
expect_unchanged 65 "ACME-1 is on time \(due 2026-12-10T19:00:00\+09:00\)" request resolve ACME-1 --miss-reason "遅延"
expect_ok request resolve ACME-1 --json
eq "resolved met false" "$(jq -r '"\(.status) \(.slo.standing) \(.slo.late)"' <<<"$OUT")" "done in the window: met"
expect_unchanged 65 "ACME-2 is past its due time" request resolve ACME-2
expect_ok request resolve ACME-2 --miss-reason "作業手順の確認に時間を要した"

# ---- the report before any exemption ---------------------------------------------------
export SD_NOW=2026-12-31T12:00:00+09:00
expect_ok slo report --month 2026-12 --customer ACME --json
eq "2 1 1" "$(jq -r '.requests[] | select(.type == "backup") | "\(.due) \(.met) \(.missed)"' <<<"$OUT")" \
   "the window request is met, the other missed"
eq "1 1 0" "$(jq -r '.requests[] | select(.type == "patch") | "\(.due) \(.met) \(.missed)"' <<<"$OUT")" "high counted by its SLO"
eq "ACME-1 2026-12-10T19:00:00+09:00 2026-12-07T19:00:00+09:00 met" \
   "$(jq -r '.noted_requests.desired_window[] | "\(.key) \(.due_at) \(.slo_due_at) \(.standing)"' <<<"$OUT")" \
   "listed as judged against the desired time"
eq "ACME-3 2026-12-08T15:00:00+09:00" \
   "$(jq -r '.noted_requests.desired_missed[] | "\(.key) \(.desired_at)"' <<<"$OUT")" "the high request that missed its desired time"
eq "0" "$(jq -r '.noted_requests.exempt | length' <<<"$OUT")"

# ---- exempt ----------------------------------------------------------------------------
expect_error 64 "" request exempt ACME-2
expect_unchanged 65 "^sd: -m: must not be empty$" request exempt ACME-2 -m " "
expect_unchanged 66 "no request ACME-99" request exempt ACME-99 -m "理由"
expect_ok --as yamada request exempt ACME-2 -m "お客様都合で作業を中断 (特別な事情として承認)"
eq "ACME-2  exempt, approved by yamada: お客様都合で作業を中断 (特別な事情として承認)" "$OUT"
expect_unchanged 65 "ACME-2 is already exempt \(approved by yamada at 2026-12-31T12:00:00\+09:00: お客様都合で作業を中断" \
  --as suzuki request exempt ACME-2 -m "二度目"
expect_ok request show ACME-2 --json
eq "yamada 2026-12-31T12:00:00+09:00 exempt" \
   "$(jq -r '"\(.exempt.approved_by) \(.exempt.approved_at) \(.history[-1].kind)"' <<<"$OUT")"
expect_ok request show ACME-2
contains "exempt:     approved by yamada at 2026-12-31T12:00:00+09:00: お客様都合で作業を中断 (特別な事情として承認) (not counted in attainment)" "$OUT"
expect_ok log ACME-2 --json
eq "request.exempt yamada" "$(jq -r '.[-1] | "\(.action) \(.actor)"' <<<"$OUT")" "the audit log keeps who approved it"

# The exempt request leaves attainment: the metrics count ACME-1 met and
# nothing missed, and backup in the report is 1 due, 1 met.
expect_ok slo metrics
contains 'sd_requests_met{customer="ACME",tier="minor",type="backup"} 1' "$OUT"
contains 'sd_requests_missed{customer="ACME",tier="minor",type="backup"} 0' "$OUT"
expect_ok slo report --month 2026-12 --customer ACME --json
eq "1 1 0 100" "$(jq -r '.requests[] | select(.type == "backup") | "\(.due) \(.met) \(.missed) \(.attainment_pct)"' <<<"$OUT")"
eq "ACME-2 yamada お客様都合で作業を中断 (特別な事情として承認) missed" \
   "$(jq -r '.noted_requests.exempt[] | "\(.key) \(.exempt.approved_by) \(.exempt.reason) \(.standing)"' <<<"$OUT")"
expect_ok slo report --month 2026-12 --customer ACME
contains "ACME-2" "$OUT"
contains "お客様都合で作業を中断" "$OUT"
expect_ok slo report --month 2026-12 --customer ACME --format csv
contains $'exempt,,backup,' "$OUT"
contains "ACME-2,missed,yamada,お客様都合で作業を中断 (特別な事情として承認)" "$OUT"
contains "desired_window,,backup," "$OUT"
expect_ok slo report --month 2026-12 --customer ACME --format markdown
contains "達成率の集計から除外したご依頼" "$OUT"
contains "お客様のご希望日時で判定したご依頼" "$OUT"
expect_ok slo report --month 2026-12 --customer ACME --format html
contains "お客様都合で作業を中断" "$OUT"

# The service report: not a nonconformity, listed with its reason.
expect_ok report service --customer ACME --month 2026-12 --json
eq "" "$(jq -r '.nonconformities[] | select(.key == "ACME-2") | .key' <<<"$OUT")" "an exempt request is no nonconformity"
eq "ACME-2 お客様都合で作業を中断 (特別な事情として承認)" \
   "$(jq -r '.slo.noted_requests.exempt[] | "\(.key) \(.exempt.reason)"' <<<"$OUT")"
eq "ACME-1" "$(jq -r '.slo.noted_requests.desired_window[].key' <<<"$OUT")"
eq "2026-12 2 0" "$(jq -r '.trend[-1] | "\(.month) \(.met) \(.missed)"' <<<"$OUT")" "the trend leaves it out too"
expect_ok report service --customer ACME --month 2026-12
contains "6. ご希望日時と除外" "$OUT"
contains "お客様都合で作業を中断 (特別な事情として承認)" "$OUT"
contains "ご希望日時に間に合わなかった優先度「高」のご依頼" "$OUT"
expect_ok report service --customer ACME --month 2026-12 --format html
contains "yamada" "$OUT"
finish
