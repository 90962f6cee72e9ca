#!/usr/bin/env bash
# Emergency requests run 24/365 (white paper §3.3.1): sd request new --urgent
# is due the desk's urgent target (config [requests] urgent_target_minutes,
# 4 hours by default) of wall time after receipt: no business hours,
# weekends or holidays. The target is stored on the request, so a later
# config change does not move old due times; waiting on the customer pauses
# the wall clock. show, list, explain, slo check and the report all read it
# on that clock.
# 2026-12-05 is a Saturday and 2026-12-06 a Sunday (Asia/Tokyo).
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-12-05T22:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
power=(--type server-power --field op=restart --field host=web01 --via phone --caller "山田")

# Saturday 22:00, by phone: due Sunday 02:00, four hours later, weekend or not.
expect_ok request new --customer ACME "${power[@]}" --urgent --json
eq "ACME-1 high wall true 14400" "$(jq -r '"\(.key) \(.priority) \(.clock) \(.urgent) \(.urgent_target_seconds)"' <<<"$OUT")"
eq "2026-12-06T02:00:00+09:00 2026-12-06T02:00:00+09:00" "$(jq -r '"\(.due_at) \(.slo_due_at)"' <<<"$OUT")" "due 4h later on the wall clock"
eq "14400" "$(jq -r .slo.budget_seconds <<<"$OUT")" "the budget is 4 hours of wall time"
# An ordinary request taken at the same time waits for Monday.
expect_ok request new --customer ACME "${power[@]}" --json
eq "ACME-2 business 2026-12-07T19:00:00+09:00" "$(jq -r '"\(.key) \(.clock) \(.due_at)"' <<<"$OUT")"

# Urgent requests are never low.
expect_unchanged 65 "^sd: --priority: an urgent request is worked at once" \
  request new --customer ACME "${power[@]}" --urgent --priority low

expect_ok request show ACME-1
contains "urgent:     24/365, target 4h of wall time from receipt" "$OUT"
contains "due:        2026-12-06T02:00:00+09:00" "$OUT"
expect_ok request explain ACME-1
contains "ACME-1: urgent, 24/365 on the wall clock: target 4h from receipt" "$OUT"
contains "due        2026-12-06T02:00:00+09:00" "$OUT"
expect_ok request explain ACME-1 --json
eq "wall 14400 2026-12-06T02:00:00+09:00" "$(jq -r '"\(.clock) \(.urgent_target_seconds) \(.due_at)"' <<<"$OUT")"

# Sunday 01:00: one hour left, on the wall clock (a business clock would say
# nothing has run yet).
export SD_NOW=2026-12-06T01:00:00+09:00
expect_ok request list --customer ACME
contains "ACME-1" "$OUT"
eq "1h" "$(grep '^ACME-1' <<<"$OUT" | awk '{print $8}')" "LEFT is wall time"
expect_exit 1 slo check --customer ACME
contains "WARNING ACME-1 due 2026-12-06T02:00:00+09:00, 1h left" "$OUT"
expect_exit 1 slo check --customer ACME --json
eq "WARNING wall 3600" "$(jq -r '.requests[0] | "\(.state) \(.clock) \(.left_seconds)"' <<<"$OUT")"
# Sunday 02:30: past due on a Sunday night: CRITICAL, 30 minutes late.
export SD_NOW=2026-12-06T02:30:00+09:00
expect_exit 2 slo check --customer ACME
contains "CRITICAL ACME-1 due 2026-12-06T02:00:00+09:00, late 30m" "$OUT"
expect_ok request list --overdue --json
eq "ACME-1" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "overdue on a Sunday"
expect_unchanged 65 "ACME-1 is past its due time 2026-12-06T02:00:00\+09:00" request resolve ACME-1
expect_ok request resolve ACME-1 --miss-reason "夜間の連絡がつかなかった"

# Another at Sunday 03:00, resolved at 06:59: met (due 07:00).
export SD_NOW=2026-12-06T03:00:00+09:00
expect_ok request new --customer ACME "${power[@]}" --urgent
eq "ACME-3" "$OUT"
SD_NOW=2026-12-06T06:59:00+09:00 expect_ok request resolve ACME-3 --json
eq "met" "$(jq -r .slo.standing <<<"$OUT")"

# The desk shortens its target to 60 minutes: new urgent requests get it,
# old ones keep theirs, even after recompute.
mkdir -p "$XDG_CONFIG_HOME/sd"
printf '[requests]\nurgent_target_minutes = 60\n' > "$XDG_CONFIG_HOME/sd/config"
export SD_NOW=2026-12-07T12:00:00+09:00
expect_ok request new --customer ACME "${power[@]}" --urgent --json
eq "ACME-4 3600 2026-12-07T13:00:00+09:00" "$(jq -r '"\(.key) \(.urgent_target_seconds) \(.due_at)"' <<<"$OUT")"
expect_ok request recompute
expect_ok request show ACME-1 --json
eq "14400 2026-12-06T02:00:00+09:00" "$(jq -r '"\(.urgent_target_seconds) \(.due_at)"' <<<"$OUT")" "an old target stays"
# Waiting on the customer pauses the wall clock: 30 minutes waited, due 13:30.
SD_NOW=2026-12-07T12:20:00+09:00 expect_ok request wait ACME-4 -m "確認待ち"
SD_NOW=2026-12-07T12:50:00+09:00 expect_ok request resume ACME-4 --json
eq "2026-12-07T13:30:00+09:00 1800" "$(jq -r '"\(.due_at) \(.slo.paused_seconds)"' <<<"$OUT")" "due moved by the wall time waited"
SD_NOW=2026-12-07T13:20:00+09:00 expect_ok request resolve ACME-4

# A bad target in the config is refused.
printf '[requests]\nurgent_target_minutes = 0\n' > "$XDG_CONFIG_HOME/sd/config"
expect_error 78 "urgent_target_minutes: '0' is not allowed; use a whole number from 1 to 10080" \
  request new --customer ACME "${power[@]}" --urgent
rm "$XDG_CONFIG_HOME/sd/config"

# The report counts them on their own clock: server-power due in December:
# ACME-1 missed, ACME-3 met, ACME-4 met, ACME-2 (business days) open past due.
export SD_NOW=2026-12-31T12:00:00+09:00
expect_ok slo report --month 2026-12 --json
eq "4 2 2" "$(jq -r '.requests[] | select(.type == "server-power") | "\(.due) \(.met) \(.missed)"' <<<"$OUT")"
finish
