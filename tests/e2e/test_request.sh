#!/usr/bin/env bash
# sd request: intake checked against the catalog, priorities, the lifecycle,
# pauses, due times and their explanation, and every error path. Tables
# are read as a pipe gets them: tab-separated.
. "$(dirname "$0")/lib.sh"
need jq
TAB=$(printf '\t')
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社" --plan advanced
expect_ok customer add BASIC --name "Basic Co"

# --- intake (now: Monday 2026-11-30 10:00 JST)
expect_ok request new --customer ACME --type backup --field op=add --field host=web01 -m "nightly + 1"
eq "ACME-1" "$OUT" "new prints the key"
expect_ok request show ACME-1 --json
eq "2026-11-30T19:00:00+09:00" "$(jq -r .due_at <<<"$OUT")" "1bd from Monday 10:00"
eq "2026-11-30T19:00:00+09:00" "$(jq -r .desired_at <<<"$OUT")" "normal: desired defaults to the due time"
eq "MSP backlog normal open minor 1" "$(jq -r '"\(.assignee) \(.via) \(.priority) \(.status) \(.tier) \(.slo_days)"' <<<"$OUT")" "defaults"
eq '{"op":"add","host":"web01"}' "$(jq -c .fields <<<"$OUT")" "fields in catalog order"

# Received on Friday 18:00 before the 勤労感謝の日 Monday: due Tuesday 18:00.
expect_ok request new --customer ACME --type account --field op=add --field kind=os --field user=deploy \
  --field host=web01 --field permissions=sudo --received-at 2026-11-20T18:00 --json
eq "ACME-2 2026-11-24T18:00:00+09:00" "$(jq -r '"\(.key) \(.due_at)"' <<<"$OUT")" "due over a holiday"
# Impacting: 5 business days.
expect_ok request new --customer ACME --type patch --field host=db01 --field target=PostgreSQL --field patch=15.8 --json
eq "2026-12-04T19:00:00+09:00" "$(jq -r .due_at <<<"$OUT")" "5bd from Monday 10:00 ends at Friday's close"
# Phone intake records the caller.
expect_ok request new --customer ACME --type restore --field host=web02 --field snapshot=snap-1 --via phone --caller "山田 太郎" --json
eq "phone 山田 太郎" "$(jq -r '"\(.via) \(.caller)"' <<<"$OUT")"
# High priority: any desired time.
expect_ok request new --customer ACME --type server-power --field op=restart --field host=web01 --priority high --desired 2026-11-30T12:00 --json
eq "high 2026-11-30T12:00:00+09:00 2026-11-30T19:00:00+09:00" "$(jq -r '"\(.priority) \(.desired_at) \(.due_at)"' <<<"$OUT")"
# Low priority: no date, no clock.
expect_ok request new --customer ACME --type consultation --field content="DR の相談" --priority low --json
eq "ACME-6 null null false" "$(jq -r '"\(.key) \(.due_at) \(.desired_at) \(.slo.started)"' <<<"$OUT")"

# --- bad intake: one line naming the field, nothing written
expect_unchanged 65 "--type: unknown type 'bakup'" request new --customer ACME --type bakup --field op=add
expect_unchanged 65 "--field op: 'remove' is not allowed" request new --customer ACME --type backup --field op=remove --field host=a
expect_unchanged 65 "--field colour: unknown field" request new --customer ACME --type backup --field op=add --field host=a --field colour=red
expect_unchanged 65 "--field host" request new --customer ACME --type backup --field op=add
expect_unchanged 65 "--field host: required when kind=os" request new --customer ACME --type account --field op=delete --field kind=os --field user=u
expect_unchanged 65 "--field: 'host' has no '='" request new --customer ACME --type backup --field host
expect_unchanged 65 "advanced-support type and BASIC is on the basic plan" request new --customer BASIC --type study-session --field content=x
expect_unchanged 65 "--caller: a phone request needs the caller's name" request new --customer ACME --type backup --field op=add --field host=a --via phone
expect_unchanged 65 "--desired: .* is earlier than the SLO due time .*use --priority high" request new --customer ACME --type backup --field op=add --field host=a --desired 2026-11-30T15:00
expect_unchanged 65 "--desired: a low-priority request has no date yet" request new --customer ACME --type consultation --field content=x --priority low --desired 2026-12-10
expect_unchanged 65 "--priority: 'urgent' is not allowed; use high, normal, low, 高, 中 or 低" request new --customer ACME --type backup --field op=add --field host=a --priority urgent
expect_unchanged 65 "--via: 'fax' is not allowed" request new --customer ACME --type backup --field op=add --field host=a --via fax
expect_unchanged 65 "--received-at: '2026-02-30' is not a time" request new --customer ACME --type backup --field op=add --field host=a --received-at 2026-02-30
expect_unchanged 65 "--received-at: .* is in the future" request new --customer ACME --type backup --field op=add --field host=a --received-at 2026-12-30
expect_unchanged 65 "--title: not valid UTF-8" request new --customer ACME --type backup --field op=add --field host=a --title $'\xc3\x28'
expect_unchanged 66 "customer: no customer NOPE" request new --customer NOPE --type backup --field op=add --field host=a
expect_unchanged 64 "--type is required" request new --customer ACME
expect_unchanged 64 "" request nwe
contains "did you mean 'new'" "$ERR" "did you mean"
# An unknown option is named, with the closest one of the command or the
# global options, and where the help is.
expect_unchanged 64 "^sd: unknown option '--overdu'; did you mean '--overdue'\? \(see 'sd request list --help'\)$" request list --overdu
expect_unchanged 64 "unknown option '--jsn'; did you mean '--json'" request list --jsn
expect_unchanged 64 "^sd: unknown option '--zzzz=1' \(see 'sd request list --help'\)$" request list --zzzz=1
expect_unchanged 64 "^sd: unexpected argument 'extra'" request list extra

# --- list
expect_ok request list
eq "KEY${TAB}TYPE${TAB}PRI${TAB}STATUS${TAB}ASSIGNEE${TAB}DUE" "$(head -1 <<<"$OUT" | cut -f1-6)" "list header"
eq "ACME-2" "$(sed -n 2p <<<"$OUT" | cut -f1)" "sorted by due time"
contains "late 3bd 1h" "$(sed -n 2p <<<"$OUT")" "ACME-2 is late by 28 business hours"
contains "unscheduled" "$(tail -1 <<<"$OUT")" "low without a date sorts last"
expect_ok request list --overdue --json
eq "ACME-2" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "--overdue"
expect_ok request list --tier impacting --json
eq "ACME-3 ACME-6" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "--tier"
expect_ok request list --priority high --json
eq "ACME-5" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "--priority"
expect_ok request list --due-before 2026-12-01 --json
eq "ACME-2 ACME-1 ACME-4 ACME-5" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "--due-before"
expect_ok request list --type backup --customer ACME --assignee MSP --json
eq "ACME-1" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "--type --customer --assignee"
expect_unchanged 65 "--status: 'done' is not allowed" request list --status done
expect_unchanged 65 "--tier: 'gold' is not allowed" request list --tier gold
expect_unchanged 65 "--type: unknown type" request list --type nope
# A filter on a customer that does not exist fails, as every command naming
# one does, instead of listing nothing.
expect_unchanged 66 "no customer NOPE" request list --customer NOPE
eq "" "$OUT" "no list for an unknown customer"
expect_unchanged 66 "no customer NOPE" request list --customer NOPE --json
eq "" "$OUT" "no JSON for an unknown customer"
expect_unchanged 65 "not allowed" request list --customer bad-key
expect_unchanged 64 "--status cannot be combined" request list --status open --open
expect_ok request list --limit 2 --json
eq "ACME-2 ACME-1" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "--limit keeps the first by due time"
expect_ok request list --limit 0 --json
eq "6" "$(jq length <<<"$OUT")" "--limit 0 lists all"
expect_unchanged 65 "^sd: --limit: '-1' is not allowed; use a whole number, 0 or more$" request list --limit -1
expect_unchanged 64 "--limit" request list --limit many

# --- lifecycle, pauses and the due time
SD_NOW=2026-11-30T11:00:00+09:00 expect_ok request start ACME-1 -m "着手"
SD_NOW=2026-11-30T12:00:00+09:00 expect_ok request wait ACME-1 -m "ホスト名の確認待ち"
SD_NOW=2026-12-01T10:00:00+09:00 expect_ok request list --status waiting
contains "paused 7h" "$OUT" "7h left while waiting"
SD_NOW=2026-12-01T13:00:00+09:00 expect_ok request resume ACME-1 --json
# Waited 12:00 Mon .. 13:00 Tue = 7h + 3h = 10h of business time: due moves
# from Mon 19:00 by 10 business hours, to Wed 11:00.
eq "2026-12-02T11:00:00+09:00" "$(jq -r .due_at <<<"$OUT")" "due moved by the pause"
eq "36000" "$(jq -r .slo.paused_seconds <<<"$OUT")"
SD_NOW=2026-12-01T13:00:00+09:00 expect_ok request explain ACME-1
contains "paused: waiting on the customer" "$OUT"
contains "due        2026-12-02T11:00:00+09:00" "$OUT"
SD_NOW=2026-12-01T13:00:00+09:00 expect_ok request explain ACME-1 --json
eq "32400" "$(jq '[.days[] | select(.counted) | .business_seconds] | add' <<<"$OUT")" "explain counts 9h"
expect_ok request explain ACME-2
contains "2026-11-23${TAB}Mon${TAB}" "$OUT" "explain lists the holiday's day"
contains "勤労感謝の日" "$OUT" "explain names the holiday"

expect_unchanged 65 "ACME-1 is in-progress; 'resume' needs a request that is waiting" request resume ACME-1
expect_unchanged 65 "'close' needs a request that is resolved" request close ACME-1
expect_unchanged 64 "--miss-reason" request start ACME-1 --miss-reason y
expect_unchanged 66 "request: no request ACME-99" request start ACME-99
expect_unchanged 65 "KEY: 'ACME1' is not a ticket key" request start ACME1

# Resolving late needs the cause (white paper 5.4.8).
SD_NOW=2026-12-02T15:00:00+09:00 expect_unchanged 65 "--miss-reason: ACME-1 is past its due time" request resolve ACME-1
SD_NOW=2026-12-02T15:00:00+09:00 expect_ok request resolve ACME-1 --miss-reason "確認待ちの連絡が遅れた" --json
eq "resolved 確認待ちの連絡が遅れた true" "$(jq -r '"\(.status) \(.miss_reason) \(.slo.late)"' <<<"$OUT")"
SD_NOW=2026-12-02T15:10:00+09:00 expect_ok request close ACME-1
SD_NOW=2026-12-02T15:20:00+09:00 expect_ok request reopen ACME-1 --json
eq "in-progress null" "$(jq -r '"\(.status) \(.resolved_at)"' <<<"$OUT")"
# On time: no reason needed.
SD_NOW=2026-11-30T16:00:00+09:00 expect_unchanged 65 "--miss-reason: ACME-5 is on time" request resolve ACME-5 --miss-reason x
SD_NOW=2026-11-30T16:00:00+09:00 expect_ok request resolve ACME-5 --json
eq "false" "$(jq -r .slo.late <<<"$OUT")"

# --- comment, assign, edit
expect_ok request comment ACME-3 -m "メンテナンス時間を確認中" --internal
expect_ok request assign ACME-3 tanaka -m "DB 担当"
expect_ok request edit ACME-3 --field patch=15.9 --title "PostgreSQL 15.9"
expect_ok request show ACME-3 --json
eq "tanaka 15.9 PostgreSQL 15.9" "$(jq -r '"\(.assignee) \(.fields.patch) \(.title)"' <<<"$OUT")"
eq "created comment assign edit" "$(jq -r '.history | map(.kind) | join(" ")' <<<"$OUT")"
eq "true" "$(jq -r '.history[1].internal' <<<"$OUT")"
expect_unchanged 65 "--field target" request edit ACME-3 --unset target
expect_unchanged 65 "--field op: 'x' is not allowed" request edit ACME-1 --field op=x
expect_unchanged 64 "nothing to change" request edit ACME-3
expect_unchanged 65 "--field patch: given more than once" request edit ACME-3 --field patch=1 --field patch=2
expect_unchanged 65 "-m: must not be empty" request comment ACME-3 -m ""
expect_unchanged 65 "--desired: .* is earlier than the SLO due time" request edit ACME-3 --desired 2026-12-01T10:00
expect_ok request edit ACME-3 --priority high --desired 2026-12-01T10:00 --json
eq "high 2026-12-01T10:00:00+09:00" "$(jq -r '"\(.priority) \(.desired_at)"' <<<"$OUT")"

# --- schedule a low-priority request: the clock starts then
expect_unchanged 65 "has no date yet" request wait ACME-6
SD_NOW=2026-12-03T10:00:00+09:00 expect_unchanged 65 "WHEN: .* is earlier than the SLO due time" request schedule ACME-6 2026-12-04T10:00
SD_NOW=2026-12-03T10:00:00+09:00 expect_ok request schedule ACME-6 2026-12-14T10:00 -m "12/14 に実施で合意" --json
# The agreed date is later than the SLO due time (12-09 19:00): the
# customer's window, so the request is due then (white paper §4.1.1).
eq "normal 2026-12-03T10:00:00+09:00 2026-12-14T10:00:00+09:00 2026-12-14T10:00:00+09:00 2026-12-09T19:00:00+09:00" \
  "$(jq -r '"\(.priority) \(.clock_started_at) \(.due_at) \(.desired_at) \(.slo_due_at)"' <<<"$OUT")" "schedule"

# --- the white paper's priority words: 高, 中, 低 stand for high, normal, low
expect_ok request new --customer ACME --type backup --field op=add --field host=jp01 --priority 高 --json
jp=$(jq -r .key <<<"$OUT")
eq "high" "$(jq -r .priority <<<"$OUT")" "new --priority 高 stores high"
expect_ok request list --priority 高 --json
contains "$jp" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "list --priority 高"
eq "high" "$(jq -r 'map(.priority) | unique | join(" ")' <<<"$OUT")" "list --priority 高 lists only high"
expect_ok request edit "$jp" --priority 中 --json
eq "normal" "$(jq -r .priority <<<"$OUT")" "edit --priority 中"
expect_ok request new --customer ACME --type consultation --field content=x --priority 低 --json
low=$(jq -r .key <<<"$OUT")
eq "low false" "$(jq -r '"\(.priority) \(.slo.started)"' <<<"$OUT")" "new --priority 低 is low, unscheduled"
SD_NOW=2026-12-03T10:00:00+09:00 expect_ok request schedule "$low" 2026-12-04T10:00 --priority 高 --json
eq "high" "$(jq -r .priority <<<"$OUT")" "schedule --priority 高"
expect_unchanged 65 "^sd: --priority: '最高' is not allowed; use high, normal, low, 高, 中 or 低$" \
  request list --priority 最高

# --- a type by its Japanese name (種別): the code is what is stored
expect_ok request new --customer ACME --type バックアップ作業 --field op=add --field host=jp02 --json
eq "backup バックアップ作業" "$(jq -r '"\(.type) \(.title)"' <<<"$OUT")" "new --type 種別 stores the code"
jptype=$(jq -r .key <<<"$OUT")
expect_ok request list --type バックアップ作業 --json
contains "$jptype" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "list --type 種別"
eq "backup" "$(jq -r 'map(.type) | unique | join(" ")' <<<"$OUT")" "list --type 種別 lists only that type"

# --- show
expect_ok request show ACME-2
contains "due:        2026-11-24T18:00:00+09:00" "$OUT"
contains "kind = os" "$OUT"
# A note and details of several lines: every line indented as the first.
expect_ok request comment ACME-2 -m $'一行目\n  二行目 (字下げ)\n\n四行目'
expect_ok request edit ACME-2 -m $'手順:\n1. 停止\n2. 起動'
expect_ok request show ACME-2
eq $'details:\n  手順:\n  1. 停止\n  2. 起動' "$(sed -n '/^details:/,/^[a-z]/p' <<<"$OUT" | sed '$d')" "details indented line by line"
eq $'      一行目\n        二行目 (字下げ)\n\n      四行目' "$(grep -A4 ' comment$' <<<"$OUT" | sed -n 2,5p)" "a comment's lines indented alike"

# --- a corrected calendar: recompute replays the events
mkdir -p "$XDG_CONFIG_HOME/sd"
printf '[calendar]\nclosed = 2026-12-01 臨時休業\n' > "$XDG_CONFIG_HOME/sd/config"
expect_ok request recompute --json
contains "ACME-3" "$(jq -r '.changed | join(" ")' <<<"$OUT")" "recompute changes the 5bd request"
expect_ok request show ACME-3 --json
eq "2026-12-07T19:00:00+09:00" "$(jq -r .due_at <<<"$OUT")" "one more closed day moves it a day"
expect_ok request recompute
contains "0 due times changed" "$OUT" "recompute is idempotent"
rm "$XDG_CONFIG_HOME/sd/config"

# --- already late when it starts waiting: late, never a negative time left
# Received Monday 10:00, due 19:00; waits from Tuesday 11:00, 1h of business time past the due.
expect_ok request new --customer ACME --type backup --field op=add --field host=late01
late=$OUT
SD_NOW=2026-12-01T10:30:00+09:00 expect_ok request start "$late"
SD_NOW=2026-12-01T11:00:00+09:00 expect_ok request wait "$late" -m "後から確認待ち"
SD_NOW=2026-12-02T15:00:00+09:00 expect_ok request show "$late"
eq "paused, late 1h  (used 1bd 1h of 1bd)" "$(sed -n 's/^left: *//p' <<<"$OUT")" "show: late before the wait"
eq "  2026-12-01 11:00 .. now  1bd 4h of business time" "$(sed -n '/^pauses/{n;p}' <<<"$OUT")" "show: the pause is positive"
SD_NOW=2026-12-02T15:00:00+09:00 expect_ok request list --status waiting
eq "paused, late 1h" "$(grep "^$late${TAB}" <<<"$OUT" | cut -f7)" "list: late before the wait"
SD_NOW=2026-12-02T15:00:00+09:00 expect_ok request explain "$late"
contains "due        2026-11-30T19:00:00+09:00" "$OUT" "explain: a wait after the due time does not move it"
SD_NOW=2026-12-02T15:00:00+09:00 expect_ok request show "$late" --json
eq "true 46800 -3600" "$(jq -r '"\(.slo.paused) \(.slo.paused_seconds) \(.slo.left_seconds)"' <<<"$OUT")" "show --json: pause positive, left negative"

finish
