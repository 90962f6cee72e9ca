#!/usr/bin/env bash
# The acceptance test of problem, change and configuration management
# (white paper §5.3.2, §5.4.6, §5.4.7), end to end on the real binary: a CI
# tree elb → web01, web02 → rds01; an incident on rds01, after which
# `sd ci impact rds01` lists web01, web02 and elb; a problem from that
# incident gets a root cause and a workaround and becomes a known error; a
# change with a rollback plan is approved, scheduled, implemented and
# succeeds, and `sd ci show rds01` then shows the new version and its
# history naming the change.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-12-01T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"

# --- the CI tree ------------------------------------------------------------------------
expect_ok ci add rds01 --customer ACME --type rds --version 15.3
expect_ok ci add web01 --customer ACME --type ec2
expect_ok ci add web02 --customer ACME --type ec2
expect_ok ci add elb --customer ACME --type elb
expect_ok ci link elb depends-on web01
expect_ok ci link elb depends-on web02
expect_ok ci link web01 depends-on rds01
expect_ok ci link web02 depends-on rds01

# --- an incident on rds01, and what it impacts ---------------------------------------------
SD_NOW=2026-12-01T10:00:00+09:00 expect_ok incident open --customer ACME --host rds01 --title "rds01 停止" --json
incident=$(jq -r .key <<<"$OUT")
eq "ACME-1" "$incident" "the incident"
expect_ok ci impact rds01 --json
eq "elb web01 web02" "$(jq -r '[.[].name] | sort | join(" ")' <<<"$OUT")" "sd ci impact rds01"

# --- a problem from the incident becomes a known error ---------------------------------------
SD_NOW=2026-12-01T11:00:00+09:00 expect_ok problem new --title "rds01 runs out of connections" --from "$incident"
eq "PRB-1" "$OUT" "the problem"
SD_NOW=2026-12-01T11:10:00+09:00 expect_ok problem rca PRB-1 -m "max_connections too low"
SD_NOW=2026-12-01T11:20:00+09:00 expect_ok problem workaround PRB-1 -m "Restart the batch with fewer workers"
SD_NOW=2026-12-01T11:30:00+09:00 expect_ok problem known-error PRB-1 --json
eq "known-error true ACME-1" "$(jq -r '"\(.status) \(.known_error) \(.tickets | join(","))"' <<<"$OUT")" "a known error"

# --- a change with a rollback plan succeeds -------------------------------------------------
SD_NOW=2026-12-01T12:00:00+09:00 expect_ok change new --customer ACME --title "Upgrade rds01" --ci rds01 \
  --risk medium --impact "Failover of a few minutes" --set version=15.4
eq "CHG-1" "$OUT" "the change"
SD_NOW=2026-12-01T12:10:00+09:00 expect_ok change rollback-plan CHG-1 -m "Restore the snapshot"
SD_NOW=2026-12-01T12:20:00+09:00 expect_ok change assess CHG-1
SD_NOW=2026-12-01T12:30:00+09:00 expect_ok --as manager change approve CHG-1
SD_NOW=2026-12-01T12:40:00+09:00 expect_ok change schedule CHG-1 --start 2026-12-03T02:00 --end 2026-12-03T04:00
SD_NOW=2026-12-03T02:00:00+09:00 expect_ok change implement CHG-1
SD_NOW=2026-12-03T03:00:00+09:00 expect_ok change succeed CHG-1 --json
eq "succeeded manager 2026-12-03T02:00:00+09:00" "$(jq -r '"\(.status) \(.approved_by) \(.start_at)"' <<<"$OUT")" \
   "the change succeeded"
expect_ok ci show rds01 --json
eq "15.4" "$(jq -r .version <<<"$OUT")" "sd ci show rds01: the new version"
eq "15.3 -> 15.4 CHG-1 2026-12-03T03:00:00+09:00" \
   "$(jq -r '[.history[] | select(.attribute == "version")] | last | "\(.before) -> \(.after) \(.why) \(.at)"' <<<"$OUT")" \
   "sd ci show rds01: its history names the change"
expect_ok ci show rds01
contains "15.3 → 15.4  (CHG-1)" "$OUT" "the history, as text"
finish
