#!/usr/bin/env bash
# --fields and --sort on the list commands (sd(1), OUTPUT, Lists): --fields
# keeps the named JSON keys of each object, in the order named, or the named
# columns of a table (headings in any case); --sort orders the list by JSON
# keys, nested ones as a.b, -KEY descending, nulls last either way, ties in
# the list's own order, and request list's --limit keeps the first of the
# sorted list. A name the table or the first object does not have is a usage
# error (exit 64) that names the ones there are, with nothing printed.
. "$(dirname "$0")/lib.sh"
need jq
TAB=$'\t'

expect_ok init
expect_ok customer add ACME --name "Acme 株式会社" --plan advanced
expect_ok customer add BETA --name "Beta 合同会社"
expect_ok contact add ACME --name "田中 一郎" --phone 03-1234-5678
expect_ok contact add ACME --name "Suzuki Hanako" --phone 090-1111-2222 --role 情報システム部
# Received out of key order, so that a sort by receipt is not the key order.
expect_ok request new --customer ACME --type backup --field op=add --field host=web01 --received-at 2026-11-26T11:00
expect_ok request new --customer BETA --type backup --field op=add --field host=db01 --received-at 2026-11-20T18:00
expect_ok request new --customer ACME --type patch --field host=db01 --field target=PostgreSQL --field patch=15.9 \
  --received-at 2026-11-27T16:00
expect_ok request new --customer ACME --type consultation --field content="DR 構成の相談" --priority low \
  --received-at 2026-11-24T10:00
expect_ok request new --customer BETA --type backup --field op=add --field host=web02 --received-at 2026-11-25T12:00

# --- --fields ------------------------------------------------------------------------
expect_ok request list --json --fields key,due_at,assignee
eq '[["key","due_at","assignee"]]' "$(jq -c 'map(keys_unsorted) | unique' <<<"$OUT")" "JSON: only the keys named, in order"
eq 5 "$(jq length <<<"$OUT")" "JSON: every request still listed"
expect_ok request list --jsonl --fields title,key
eq 5 "$(wc -l <<<"$OUT")" "JSON lines: one a line"
eq '["title","key"]' "$(head -n1 <<<"$OUT" | jq -c keys_unsorted)" "JSON lines: the keys named"
expect_ok request list --fields KEY,title,Due
eq "KEY${TAB}TITLE${TAB}DUE" "$(head -n1 <<<"$OUT")" "table: the columns named, any case"
eq 3 "$(sed -n 2p <<<"$OUT" | awk -F"$TAB" '{ print NF }')" "table: three cells a row"
expect_ok request list --fields key
eq "$("$SD" request list | cut -f1)" "$OUT" "table: one column, the rows of the whole list"

expect_unchanged 64 "^sd: --fields: 'nope' is not a column of this table; use key, type, pri, status, assignee, due, left, title \(with --json, the JSON keys\)$" \
  request list --fields key,nope
expect_unchanged 64 "^sd: --fields: 'due' is not a key of this list's objects; use key, customer, .*due_at" \
  request list --json --fields key,due
eq "" "$OUT" "nothing printed for a bad field"
# An empty list has no object to check a name against.
expect_ok problem list --json --fields nope
eq "[]" "$OUT" "an empty list stays empty"

# --- --sort --------------------------------------------------------------------------
expect_ok request list --json --sort received_at --fields key
eq "BETA-1 ACME-3 BETA-2 ACME-1 ACME-2" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "sorted by receipt"
expect_ok request list --json --sort -received_at --fields key
eq "ACME-2 ACME-1 BETA-2 ACME-3 BETA-1" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "-KEY: newest first"
# A low-priority request without a date has no due time: last in either direction.
expect_ok request list --json --sort due_at --fields key,due_at
eq "ACME-3" "$(jq -r 'last | .key' <<<"$OUT")" "null due time last"
eq "null" "$(jq -r 'last | .due_at' <<<"$OUT")"
expect_ok request list --json --sort -due_at --fields key
eq "ACME-3" "$(jq -r 'last | .key' <<<"$OUT")" "null due time last, descending too"
# Nested keys, and ties in the list's own order.
expect_ok request list --json --sort slo.left_seconds
eq "$(jq -c '[.[] | .slo.left_seconds] | map(select(. != null))' <<<"$OUT")" \
   "$(jq -c '[.[] | .slo.left_seconds] | map(select(. != null)) | sort' <<<"$OUT")" "a nested key"
expect_ok request list --json --sort customer,-received_at --fields key
eq "ACME-2 ACME-1 ACME-3 BETA-2 BETA-1" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "two keys"
expect_ok request list --json
default=$(jq -r 'map(.key) | join(" ")' <<<"$OUT")
expect_ok request list --json --sort status --fields key
eq "$default" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "ties keep the list's order"
# A table sorts by the JSON's keys too, and --limit keeps the first of the sorted list.
expect_ok request list --sort -received_at --fields key
eq "$(printf 'KEY\nACME-2\nACME-1\nBETA-2\nACME-3\nBETA-1')" "$OUT" "a table sorted by a JSON key"
expect_ok request list --sort received_at --limit 2 --fields key
eq "$(printf 'KEY\nBETA-1\nACME-3')" "$OUT" "--limit after --sort"
expect_ok request list --json --sort fields.host --fields key
eq "BETA-1 ACME-2 ACME-1 BETA-2 ACME-3" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "a catalog field, none last"

expect_unchanged 64 "^sd: --sort: 'slo.nope' is not a key of this list's objects; use key, .*slo.left_seconds" \
  request list --sort slo.nope
expect_unchanged 64 "^sd: --sort: an empty key" request list --json --sort=-
expect_unchanged 64 "--fields" incident list --fields

# --- the other lists -----------------------------------------------------------------------
expect_ok customer list --json --sort -key --fields key
eq '["BETA","ACME"]' "$(jq -c 'map(.key)' <<<"$OUT")" "customer list"
expect_ok contact list ACME --json --sort -order --fields name,role
eq '[{"name":"Suzuki Hanako","role":"情報システム部"},{"name":"田中 一郎","role":null}]' "$(jq -c . <<<"$OUT")" "contact list"
expect_ok calendar holidays 2026 --json --sort -date --fields date
eq "2026-11-23 2026-01-01" "$(jq -r '"\(.[0].date) \(.[-1].date)"' <<<"$OUT")" "calendar holidays"
expect_ok calendar holidays 2026 --fields date,english
eq "DATE${TAB}ENGLISH" "$(head -n1 <<<"$OUT")" "calendar holidays, a table"
expect_ok catalog list --json --sort slo_days,code --fields code,slo_days
eq "$(jq -c 'sort_by(.slo_days, .code)' <<<"$OUT")" "$(jq -c . <<<"$OUT")" "catalog list"
expect_ok customer host add ACME web02 web01
expect_ok customer host list --json --sort -host --fields host
eq '["web02","web01"]' "$(jq -c 'map(.host)' <<<"$OUT")" "customer host list"
expect_ok customer criteria add ACME --match host=web* --impact yes
expect_ok customer criteria add ACME --match host=batch* --impact no
expect_ok customer criteria list ACME --json --sort -order --fields impact
eq '["no","yes"]' "$(jq -c 'map(.impact)' <<<"$OUT")" "customer criteria list"
expect_ok incident open --customer ACME --title "web01 down" --received-at 2026-11-30T09:00
expect_ok incident open --customer BETA --title "db01 slow" --impact no --received-at 2026-11-30T08:00
expect_ok incident list --json --sort -received_at --fields key
[ "$(jq -r '.[0].key' <<<"$OUT")" = "$("$SD" --json incident list | jq -r 'max_by(.received_at) | .key')" ] && ok ||
  fail "incident list --sort -received_at: not newest first"
printf 'not an alert\n' | "$SD" alert ingest >/dev/null 2>&1
printf 'not one either\n' | "$SD" alert ingest >/dev/null 2>&1
expect_ok alert inbox --json --sort -id --fields id,bytes
eq "2 1" "$(jq -r 'map(.id) | join(" ")' <<<"$OUT")" "alert inbox"
expect_ok problem new --title "web01 stops" --from ACME-1
expect_ok problem new --title "db01 slow" --from BETA-1
expect_ok problem list --json --sort -key --fields key
eq '["PRB-2","PRB-1"]' "$(jq -c 'map(.key)' <<<"$OUT")" "problem list"
expect_ok change new --customer ACME --title "Upgrade nginx" --risk low --impact none
expect_ok change new --customer BETA --title "Upgrade db01" --risk high --impact "a failover"
expect_ok change list --json --sort -key --fields key,risk
eq '[{"key":"CHG-2","risk":"high"},{"key":"CHG-1","risk":"low"}]' "$(jq -c . <<<"$OUT")" "change list"
expect_ok ci add web01 --customer ACME --type ec2
expect_ok ci add db01 --customer BETA --type rds
expect_ok ci list --json --sort name --fields name
eq '["db01","web01"]' "$(jq -c 'map(.name)' <<<"$OUT")" "ci list"

# Keys sort by their numbers: BETA-9 before BETA-10 (BETA-3 is an incident).
for n in 4 5 6 7 8 9 10 11; do
  expect_ok request new --customer BETA --type backup --field op=add --field host=web$n
done
expect_ok request list --json --customer BETA --sort -key --fields key
eq "BETA-11 BETA-10 BETA-9" "$(jq -r 'map(.key) | .[0:3] | join(" ")' <<<"$OUT")" "digits by their value"

finish
