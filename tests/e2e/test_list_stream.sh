#!/usr/bin/env bash
# Streamed lists print what the lists printed when they were built whole:
# on a store written by bench/gen_store (tests/fixtures/stream/store.sql)
# plus a desk of open, waiting, urgent, unscheduled, exempt and escalated
# requests, open incidents and inbox payloads with terminal controls, the
# JSON of `sd request list` (with and without filters), `sd incident list`
# and `sd alert inbox`, and their tables, are byte for byte the files under
# tests/fixtures/stream/ (captured before the lists streamed; the tables,
# tab-separated in a pipe, captured again when they became so: the same
# cells, but for titles whole instead of cut and a tab in a title written
# \t instead of a blank). `--jsonl`
# prints the array's elements, one per line; --json with --jsonl, and bad
# filters, are refused with one line and nothing on stdout. On PostgreSQL
# the generated store is moved over with sd db copy, and prints the same.
#
# To rewrite the expected files (after a deliberate change of output):
#   SD=build/apps/sd/sd SD_FIXTURES=tests/fixtures SD_WRITE_FIXTURES=1 bash tests/e2e/test_list_stream.sh
. "$(dirname "$0")/lib.sh"
need jq sqlite3 cmp
F="$SD_FIXTURES/stream"

load_sqlite_dump "$F/store.sql"
export SD_NOW=2026-11-30T12:00:00+09:00

# --- a desk on top of the generated history (Monday 2026-11-30, Tokyo)
expect_ok customer add ACME --name "Acme 株式会社" --plan advanced
expect_ok customer host add ACME web01
expect_ok request new --customer ACME --type backup --field op=add --field host=web01 \
  --received-at 2026-11-20T18:00 --title "web01 の個別バックアップ"
expect_ok request new --customer ACME --type security-group --field op=add --field host=web01 \
  --field rule="203.0.113.0/24 から 443/tcp を許可" --via phone --caller "田中 一郎"
expect_ok request wait ACME-2 -m "送信元の確認待ち"
expect_ok request new --customer ACME --type patch --field host=db01 --field target=PostgreSQL \
  --field patch=15.9 --received-at 2026-11-27T16:00 --title $'a title with a tab\there and quotes "q"'
expect_ok request new --customer ACME --type consultation --field content="DR 構成の相談" --priority low
expect_ok request new --customer ACME --type server-power --field op=restart --field host=web01 --urgent \
  --received-at 2026-11-30T09:00
expect_ok request new --customer ACME --type restore --field host=web02 --field snapshot=snap-1 \
  --received-at 2026-11-24T10:00 --title "a long title that the table cuts at forty columns, and more"
expect_ok request start ACME-6
expect_ok request exempt ACME-6 -m "customer asked to wait for their vendor"
expect_ok request escalate ACME-3 --to support-center -m "needs a DBA"
expect_ok request new --customer ACME --type backup --field op=delete --field host=web09 \
  --received-at 2026-11-25T11:00
expect_ok request resolve ACME-7 --miss-reason "host was unreachable"
expect_ok incident open --customer ACME --host web01 --title "web01 down" --received-at 2026-11-30T11:00
expect_ok incident open --customer ACME --impact no --title "disk 80%" --received-at 2026-11-30T11:30
printf '{"alerts": "\033[31mred\033[0m \177 not an alert"}' | "$SD" alert ingest >/dev/null 2>&1
printf 'plain text, no JSON\n' | "$SD" alert ingest >/dev/null 2>&1

# --- the lists, whole, against their captured output
lists=(
  "request-all.json|request list --json"
  "request-customer.json|request list --json --customer C02"
  "request-acme.json|request list --json --customer ACME"
  "request-open.json|request list --json --open"
  "request-overdue.json|request list --json --overdue"
  "request-closed-backup.json|request list --json --status closed --type backup"
  "request-high-due.json|request list --json --priority normal --due-before 2026-06-01"
  "request-limit.json|request list --json --limit 7"
  "request-empty.json|request list --json --due-before 2000-01-01"
  "request-all.txt|request list"
  "request-acme.txt|request list --customer ACME"
  "incident-all.json|incident list --json --all"
  "incident-open.json|incident list --json"
  "incident-breached.json|incident list --json --all --breached"
  "incident-all.txt|incident list --all"
  "inbox-all.json|alert inbox --json --all"
  "inbox-all.txt|alert inbox --all"
)
for entry in "${lists[@]}"; do
  file=${entry%%|*}
  read -r -a args <<<"${entry#*|}"
  "$SD" "${args[@]}" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" -ne 0 ]; then fail "sd ${args[*]} exited $rc: $(cat "$T/err")"; continue; fi
  if [ "${SD_WRITE_FIXTURES:-}" = 1 ]; then cp "$T/out" "$F/$file"; ok; continue; fi
  if cmp -s "$T/out" "$F/$file"; then ok; else
    fail "sd ${args[*]} differs from $file: $(diff "$F/$file" "$T/out" | head -5)"
  fi
done
eq 100 "$(jq '[.[] | select(.customer != "ACME")] | length' "$F/request-all.json")" "every generated request is listed"

# --- --jsonl: the same objects, one a line
for args in "request list" "request list --customer C01 --status closed" "incident list --all" "alert inbox --all"; do
  read -r -a a <<<"$args"
  "$SD" "${a[@]}" --json >"$T/array" 2>/dev/null
  "$SD" "${a[@]}" --jsonl >"$T/lines" 2>"$T/err"
  eq 0 $? "sd $args --jsonl exits 0"
  eq "$(jq 'length' "$T/array")" "$(wc -l <"$T/lines" | tr -d ' ')" "sd $args --jsonl: one line per element"
  eq "$(jq -c '.[]' "$T/array")" "$(jq -c . "$T/lines")" "sd $args --jsonl: the array's elements"
done
"$SD" request list --jsonl --due-before 2000-01-01 >"$T/lines"
eq 0 "$(wc -c <"$T/lines" | tr -d ' ')" "--jsonl of nothing prints nothing"
eq "$(jq -c '.[] | select(.key == "ACME-2")' "$F/request-acme.json")" \
  "$("$SD" request list --jsonl --customer ACME | grep '"key":"ACME-2"')" "a --jsonl line is one compact object"
# Terminal controls in a payload stay escaped in --jsonl as in --json.
"$SD" alert inbox --all --jsonl >"$T/lines"
eq 0 "$(tr -d '\n' <"$T/lines" | LC_ALL=C grep -c $'[\001-\037\177]')" "--jsonl carries no raw control byte"

# --- errors: one line, nothing printed
expect_error 64 "--json(l)? excludes --json" request list --json --jsonl
expect_error 64 "--json(l)? excludes --json" incident list --jsonl --json
eq "" "$OUT" "nothing on stdout for a refused pair"
expect_error 65 "customer key: 'lower' is not allowed" request list --jsonl --customer lower
eq "" "$OUT" "nothing on stdout for a bad filter"
expect_error 65 "--status: 'sleeping' is not allowed" request list --jsonl --status sleeping
expect_error 64 "--status cannot be combined with --open" request list --jsonl --open --status open
eq "" "$OUT" "nothing on stdout for a refused filter"
finish
