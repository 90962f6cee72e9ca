#!/usr/bin/env bash
# An alert that fires again after recovery is never silent. web01's HTTP
# alert opens ACME-1 at 10:00; the desk notifies, recovers, confirms and
# tells the customer; the alert resolves at 10:50 and fires again at 11:00.
# By default ([incident] refire = reopen) ACME-1 is open again and owes a
# notice of the new firing by 11:15 (SLO) and 11:30 (SLA): sd incident
# check is OK at 11:05, WARNING at 11:11 and CRITICAL (exit 2) at 11:16,
# the missed hook fires for it, and the history (show, log) records the
# reopening with the alert. Once the notice is given (a post and an
# answered call, in call order again), interim reports are owed hourly.
# With refire = new, a new firing opens a new incident that follows the
# old one (both show the link), and a closed incident's alert always does.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok contact add ACME --name 田中 --phone 03-1111-1111
expect_ok contact add ACME --name 佐藤 --phone 03-2222-2222
expect_ok customer host add ACME web01 db01 batch01
expect_ok customer criteria add ACME --match host=web01 --impact yes -m "Web の停止"
mkdir -p "$XDG_CONFIG_HOME/sd/hooks"
for ev in incident.reopened obligation.missed; do
  mkdir -p "$XDG_CONFIG_HOME/sd/hooks/$ev.d"
  printf '#!/bin/sh\n{ printf "%%s " "$SD_EVENT"; cat; echo; } >> "%s/hooks.log"\n' "$T" > "$XDG_CONFIG_HOME/sd/hooks/$ev.d/10-record"
  chmod +x "$XDG_CONFIG_HOME/sd/hooks/$ev.d/10-record"
done
touch "$T/hooks.log"
alert() { # ID STATUS STARTS_AT [ENDS_AT]
  printf '{"id":"%s","status":"%s","host":"%s","check":"http","title":"HTTP down on %s","starts_at":"%s"%s}\n' \
    "$1" "$2" "${1%%-*}" "${1%%-*}" "$3" "${4:+,\"ends_at\":\"$4\"}"
}

# --- the first life of ACME-1: on time, recovered, confirmed, told
SD_NOW=2026-11-30T10:00:00+09:00 expect_ok alert ingest --json <<<"$(alert web01-http firing 2026-11-30T09:58:00+09:00)"
eq "opened ACME-1" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")"
SD_NOW=2026-11-30T10:05:00+09:00 expect_ok incident notify ACME-1 --via backlog -m "障害発生のご連絡"
SD_NOW=2026-11-30T10:08:00+09:00 expect_ok incident notify ACME-1 --via phone --contact 1 --result answered
SD_NOW=2026-11-30T10:30:00+09:00 expect_ok incident recover ACME-1 --at 2026-11-30T10:28 -m "httpd を再起動"
SD_NOW=2026-11-30T10:35:00+09:00 expect_ok incident confirm ACME-1 -m "応答を確認"
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok incident notify ACME-1 --via backlog -m "復旧しました"
SD_NOW=2026-11-30T10:45:00+09:00 expect_exit 0 incident check
SD_NOW=2026-11-30T10:50:00+09:00 expect_ok alert ingest --json \
  <<<"$(alert web01-http resolved 2026-11-30T09:58:00+09:00 2026-11-30T10:49:00+09:00)"
eq "cleared ACME-1" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")" "the resolution is recorded, nothing else"

# --- 11:00 it fires again: ACME-1 is reopened
SD_NOW=2026-11-30T11:00:00+09:00 expect_ok alert ingest --json <<<"$(alert web01-http firing 2026-11-30T10:59:00+09:00)"
eq "reopened ACME-1" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")" "a new firing reopens the incident"
SD_NOW=2026-11-30T11:00:00+09:00 expect_ok incident show ACME-1 --json
eq "open 2026-11-30T11:00:00+09:00 null null null" \
  "$(jq -r '"\(.status) \(.reopened_at) \(.recovered_at) \(.confirmed_at) \(.recovery_notified_at)"' <<<"$OUT")" \
  "open again, its recovery cleared"
eq "2026-11-30T11:15:00+09:00 2026-11-30T11:30:00+09:00 null null" \
  "$(jq -r '"\(.clock.reopen_slo_due_at) \(.clock.reopen_sla_due_at) \(.clock.reopen_notified_at) \(.clock.next_interim_due_at)"' <<<"$OUT")" \
  "a notice is owed from the new firing, with the first notice's deadlines"
eq "2026-11-30T10:08:00+09:00 true" "$(jq -r '"\(.first_notified_at) \(.clock.first_slo_met)"' <<<"$OUT")" \
  "the first notice keeps its place in the reports"
eq "confirmed 2026-11-30T10:28:00+09:00 httpd を再起動 web01-http" \
  "$(jq -r '.timeline[] | select(.kind == "reopened") | .data | "\(.from) \(.recovered_at) \(.recovery_action) \(.alert.identity)"' <<<"$OUT")" \
  "the timeline keeps what the reopening cleared, with the alert"
eq "alert alert-cleared alert reopened" "$(jq -r '[.timeline[] | select(.kind | startswith("alert") or . == "reopened") | .kind] | join(" ")' <<<"$OUT")"
SD_NOW=2026-11-30T11:00:00+09:00 expect_ok incident show ACME-1
contains "reopened:     2026-11-30T11:00:00+09:00  notice SLO 2026-11-30 11:15, SLA 2026-11-30 11:30" "$OUT" "show: the reopening"
contains "reopened from confirmed by alert web01-http" "$OUT" "show: the timeline entry"
expect_ok log ACME-1 --json
eq "incident.reopen" "$(jq -r '.[-1].action' <<<"$OUT")" "the audit log records the reopening"
eq "confirmed open" "$(jq -r '.[-1] | "\(.before.status) \(.after.status)"' <<<"$OUT")"
eq "1" "$(grep -c '^incident.reopened ' "$T/hooks.log")" "the incident.reopened hook ran"
eq "web01-http" "$(grep '^incident.reopened ' "$T/hooks.log" | cut -d' ' -f2- | jq -r .alert.identity)"

# --- the check: OK, WARNING, then CRITICAL once the notice is late
SD_NOW=2026-11-30T11:05:00+09:00 expect_exit 0 incident check --warn 5
SD_NOW=2026-11-30T11:11:00+09:00 expect_exit 1 incident check --warn 5
contains "WARNING ACME-1 notification of the new firing (SLO) due 2026-11-30T11:15:00+09:00, in 4m" "$OUT"
SD_NOW=2026-11-30T11:16:00+09:00 expect_exit 2 incident check --warn 5
contains "SD INCIDENT CRITICAL - 1 deadline missed" "$OUT"
contains "CRITICAL ACME-1 notification of the new firing (SLO) due 2026-11-30T11:15:00+09:00, 1m late  HTTP down on web01" "$OUT"
SD_NOW=2026-11-30T11:16:00+09:00 expect_exit 2 incident check --json
eq "reopen-notification slo CRITICAL" "$(jq -r '.obligations[0] | "\(.kind) \(.target) \(.state)"' <<<"$OUT")"
eq "1" "$(grep -c '^obligation.missed ' "$T/hooks.log")" "the missed hook fired for the new obligation"
eq "reopen-notification" "$(grep '^obligation.missed ' "$T/hooks.log" | cut -d' ' -f2- | jq -r .obligation.kind)"
SD_NOW=2026-11-30T11:16:00+09:00 expect_ok incident list --breached --json
eq "ACME-1" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "--breached lists it"

# A post alone is not the notice while it affects service; calls start
# again from the first contact.
SD_NOW=2026-11-30T11:17:00+09:00 expect_ok incident notify ACME-1 --via backlog -m "再発しました"
SD_NOW=2026-11-30T11:18:00+09:00 expect_exit 2 incident check
expect_unchanged 65 "^sd: --out-of-order: 佐藤 is number 2 in ACME's call order, and not yet called for this notice: 田中 \(1\)" \
  incident notify ACME-1 --via phone --contact 佐藤 --result answered
SD_NOW=2026-11-30T11:20:00+09:00 expect_ok incident notify ACME-1 --via phone --contact 1 --result answered
SD_NOW=2026-11-30T11:20:00+09:00 expect_ok incident show ACME-1 --json
eq "2026-11-30T11:20:00+09:00 false true 2026-11-30T12:20:00+09:00" \
  "$(jq -r '"\(.clock.reopen_notified_at) \(.clock.reopen_slo_met) \(.clock.reopen_sla_met) \(.clock.next_interim_due_at)"' <<<"$OUT")" \
  "told at 11:20: late by the SLO, within the SLA; interim reports from then"
SD_NOW=2026-11-30T11:21:00+09:00 expect_ok incident list --breached --json
eq "ACME-1" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "a late notice of the new firing stays late"
SD_NOW=2026-11-30T11:21:00+09:00 expect_exit 0 incident check
SD_NOW=2026-11-30T12:21:00+09:00 expect_exit 2 incident check
contains "CRITICAL ACME-1 interim report due 2026-11-30T12:20:00+09:00, 1m late" "$OUT"

# --- refire = new: a new incident that follows the old one
printf '[incident]\nrefire = new\n' > "$XDG_CONFIG_HOME/sd/config"
SD_NOW=2026-11-30T11:21:00+09:00 expect_ok incident show ACME-1
contains "re-notified:  2026-11-30T11:20:00+09:00  SLO LATE, SLA on time" "$OUT"
SD_NOW=2026-11-30T13:00:00+09:00 expect_ok alert ingest --json <<<"$(alert db01-http firing 2026-11-30T12:59:00+09:00)"
eq "opened ACME-2" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")"
SD_NOW=2026-11-30T13:10:00+09:00 expect_ok incident notify ACME-2 --via backlog -m "障害発生"
SD_NOW=2026-11-30T13:11:00+09:00 expect_ok incident notify ACME-2 --via phone --contact 1 --result answered
SD_NOW=2026-11-30T13:30:00+09:00 expect_ok incident recover ACME-2 -m "DB を再起動"
SD_NOW=2026-11-30T14:00:00+09:00 expect_ok alert ingest --json <<<"$(alert db01-http firing 2026-11-30T13:58:00+09:00)"
eq "opened ACME-3" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")" "refire = new opens a new incident"
SD_NOW=2026-11-30T14:00:00+09:00 expect_ok incident show ACME-3 --json
eq "ACME-2 open 2026-11-30T14:00:00+09:00 2026-11-30T14:15:00+09:00" \
  "$(jq -r '"\(.follows) \(.status) \(.received_at) \(.clock.first_slo_due_at)"' <<<"$OUT")" "it follows ACME-2 and owes its own first notice"
eq "ACME-2" "$(jq -r '.timeline[0].data.follows' <<<"$OUT")" "its opening names the incident it follows"
SD_NOW=2026-11-30T14:00:00+09:00 expect_ok incident show ACME-2 --json
eq "recovered [\"ACME-3\"] ACME-3" "$(jq -c -r '"\(.status) \(.followed_by | tojson) \(.timeline[-1].data.by)"' <<<"$OUT")" \
  "the old incident stays recovered and names its follower"
SD_NOW=2026-11-30T14:00:00+09:00 expect_ok incident show ACME-2
contains "followed by:  ACME-3" "$OUT"
contains "followed by ACME-3 (alert db01-http)" "$OUT"
SD_NOW=2026-11-30T14:00:00+09:00 expect_ok incident show ACME-3
contains "follows:      ACME-2" "$OUT"
SD_NOW=2026-11-30T14:16:00+09:00 expect_exit 2 incident check --customer ACME
contains "CRITICAL ACME-3 first notification (SLO) due 2026-11-30T14:15:00+09:00, 1m late" "$OUT"

# --- a closed incident is never reopened, whatever refire says
rm "$XDG_CONFIG_HOME/sd/config"
SD_NOW=2026-11-30T15:00:00+09:00 expect_ok alert ingest --json <<<"$(alert batch01-http firing 2026-11-30T14:59:00+09:00)"
eq "opened ACME-4" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")"
SD_NOW=2026-11-30T15:05:00+09:00 expect_ok incident notify ACME-4 --via backlog
SD_NOW=2026-11-30T15:06:00+09:00 expect_ok incident notify ACME-4 --via phone --contact 1 --result answered
SD_NOW=2026-11-30T15:10:00+09:00 expect_ok incident recover ACME-4 -m "ジョブを再実行"
SD_NOW=2026-11-30T15:11:00+09:00 expect_ok incident confirm ACME-4
SD_NOW=2026-11-30T15:12:00+09:00 expect_ok incident notify ACME-4 --via backlog -m "復旧しました"
SD_NOW=2026-11-30T15:13:00+09:00 expect_ok incident close ACME-4
SD_NOW=2026-11-30T16:00:00+09:00 expect_ok alert ingest --json <<<"$(alert batch01-http firing 2026-11-30T15:59:00+09:00)"
eq "opened ACME-5" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")" "a closed incident's alert opens a new incident"
SD_NOW=2026-11-30T16:00:00+09:00 expect_ok incident show ACME-5 --json
eq "ACME-4" "$(jq -r .follows <<<"$OUT")"
SD_NOW=2026-11-30T16:00:00+09:00 expect_ok incident show ACME-4 --json
eq "closed [\"ACME-5\"]" "$(jq -c -r '"\(.status) \(.followed_by | tojson)"' <<<"$OUT")"

# --- bad configuration: one line naming the key, nothing written
printf '[incident]\nrefire = twice\n' > "$XDG_CONFIG_HOME/sd/config"
expect_unchanged 78 "^sd: .*config:2: refire: 'twice' is not allowed; use reopen or new$" incident list
printf '[incident]\nrefire_after = 5\n' > "$XDG_CONFIG_HOME/sd/config"
expect_unchanged 78 "unknown key 'refire_after' in \[incident\]; allowed: refire" incident list
rm "$XDG_CONFIG_HOME/sd/config"
finish
