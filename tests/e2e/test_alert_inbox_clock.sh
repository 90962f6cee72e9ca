#!/usr/bin/env bash
# An alert that waited in the inbox keeps its clock: placed 40 minutes after
# it arrived (by sd alert retry, once its host has an owner), its incident
# was received when the alert arrived, so a first notice 45 minutes after
# arrival is 45 minutes late by the SLO's reckoning, not 5. While it waits,
# sd incident check reports it and the metrics count it.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok contact add ACME --name 田中 --phone 03-1111-1111
payload='{"id":"db01-cpu","status":"firing","title":"CPU high on db01","host":"db01","check":"cpu","severity":"critical","starts_at":"2026-11-30T09:58:00+09:00"}'

# 10:00: nobody owns db01, so the payload is kept (exit 65).
SD_NOW=2026-11-30T10:00:00+09:00 expect_exit 65 alert ingest --format generic <<<"$payload"
SD_NOW=2026-11-30T10:00:00+09:00 expect_ok alert inbox --json
eq "1" "$(jq length <<<"$OUT")" "kept in the inbox"

# 10:05: due 10:15; not yet within --warn 5, but an alert nobody can act on
# is at least WARNING.
SD_NOW=2026-11-30T10:05:00+09:00 expect_exit 1 incident check --warn 5
contains "SD INCIDENT WARNING - 0 deadlines missed, 1 due within 5m, 0 open obligations, 1 alert payload not placed" "$OUT"
contains "WARNING inbox #1 first notification (SLO) due 2026-11-30T10:15:00+09:00, in 10m" "$OUT"
SD_NOW=2026-11-30T10:05:00+09:00 expect_exit 1 incident check --json
eq "WARNING 1 1" "$(jq -r '"\(.status) \(.unplaced) \(.obligations[0].inbox_id)"' <<<"$OUT")" "check --json names the inbox item"

# 10:16: the SLO has passed: CRITICAL.
SD_NOW=2026-11-30T10:16:00+09:00 expect_exit 2 incident check
contains "CRITICAL inbox #1 first notification (SLO) due 2026-11-30T10:15:00+09:00, 1m late" "$OUT"
# 30 seconds past a deadline is late, and says so: never "0m".
SD_NOW=2026-11-30T10:15:30+09:00 expect_exit 2 incident check
contains "CRITICAL inbox #1 first notification (SLO) due 2026-11-30T10:15:00+09:00, <1m late" "$OUT"
# A check of one customer leaves out alerts that belong to no customer yet.
SD_NOW=2026-11-30T10:16:00+09:00 expect_exit 0 incident check --customer ACME
SD_NOW=2026-11-30T10:16:00+09:00 expect_ok slo metrics
contains 'sd_alerts_unplaced{format="generic"} 1' "$OUT"

# 10:38 the host gets its owner; 10:40 the retry places it.
SD_NOW=2026-11-30T10:38:00+09:00 expect_ok customer host add ACME db01
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok alert retry 1 --json
key=$(jq -r '.alerts[0].key' <<<"$OUT")
eq "opened ACME-1" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")" "retry opens the incident"
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok incident show "$key" --json
eq "2026-11-30T10:00:00+09:00" "$(jq -r .received_at <<<"$OUT")" "received when the alert arrived"
eq "2026-11-30T10:00:00+09:00" "$(jq -r '.alerts[0].received_at' <<<"$OUT")" "the alert too"
eq "2026-11-30T10:15:00+09:00 2026-11-30T10:30:00+09:00" \
   "$(jq -r '"\(.clock.first_slo_due_at) \(.clock.first_sla_due_at)"' <<<"$OUT")" "deadlines from arrival"
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok slo metrics
contains 'sd_alerts_unplaced{format="generic"} 0' "$OUT"

# 10:45: notified 45 minutes after arrival: the SLO and the SLA are missed.
# The incident is unjudged, so its first notice is a Backlog post and an
# answered call (white paper 4.2.2): both at 10:45.
SD_NOW=2026-11-30T10:45:00+09:00 expect_ok incident notify "$key" --via backlog -m "調査中"
SD_NOW=2026-11-30T10:45:00+09:00 expect_ok incident notify "$key" --via phone --contact 1 --result answered
SD_NOW=2026-11-30T10:45:00+09:00 expect_ok incident show "$key" --json
eq "false false" "$(jq -r '"\(.clock.first_slo_met) \(.clock.first_sla_met)"' <<<"$OUT")" "late by the arrival's clock"
SD_NOW=2026-11-30T11:00:00+09:00 expect_ok slo report --month 2026-11 --json
eq "1 1 1 2700" "$(jq -r '.incidents[] | select(.impact == "unjudged") | "\(.count) \(.slo_missed) \(.sla_missed) \(.first_notice_median_seconds)"' <<<"$OUT")" \
   "the report counts 45 minutes to the first notice"
finish
