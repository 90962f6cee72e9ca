#!/usr/bin/env bash
# sd log written as it is read: on a store written before schema 5 (its
# audit rows whole copies of each record), migrated on first use, `sd log`
# prints byte for byte what it printed before, as a table (aligned on a
# terminal; in a pipe, tab-separated with the same cells) and as a JSON
# array, for the whole log, a customer, a ticket, --limit and --since;
# --jsonl prints the same entries one per line. Changes made after the
# migration keep only what changed, before and after, and a new request
# what it was created as; every kind of change still shows who changed what.
# On PostgreSQL the old store is moved over with sd db copy (migrated on the
# way), and prints the same.
. "$(dirname "$0")/lib.sh"
need jq sqlite3 script
F="$SD_FIXTURES/audit-v4"
load_sqlite_dump "$F/store.sql"

# same FIXTURE ARGS...: sd ARGS... prints exactly the file FIXTURE.
same() {
  "$SD" "${@:2}" > "$T/got" 2>"$T/.err" || { fail "sd ${*:2}: exit $? $(cat "$T/.err")"; return; }
  if cmp -s "$F/$1" "$T/got"; then ok; else fail "sd ${*:2} differs from $1: $(diff "$F/$1" "$T/got" | head -5)"; fi
}
same log.json log --json
# The schema version this sd writes: that of a store it makes.
"$SD" --db "$T/fresh.db" init >/dev/null
if [ "$SD_BACKEND" = sqlite ]; then
  eq "$(sqlite3 "$T/fresh.db" 'PRAGMA user_version')" "$(sqlite3 "$SD_DB" 'PRAGMA user_version')" "migrated to this sd's schema on first use"
else
  eq "$(sqlite3 "$T/fresh.db" 'PRAGMA user_version')" "$(store_sql 'SELECT version FROM sd_schema')" "copied at this sd's schema"
fi
same log.tsv log
# On a terminal, the table as it was printed then.
COLUMNS=80 script -qec "'$SD' --color never log" /dev/null </dev/null | tr -d '\r' >"$T/got"
if cmp -s "$F/log.txt" "$T/got"; then ok; else fail "sd log on a terminal differs from log.txt: $(diff "$F/log.txt" "$T/got" | head -5)"; fi
same log-ACME.json log ACME --json
same log-ACME-1.json log ACME-1 --json
same log-BETA.json log BETA --json
same log-limit-3.json log --limit 3 --json
same log-since.json log --since 2026-11-04 --json
same log-none.json log --since 2027-01-01 --json

# --jsonl: the same entries, one compact object per line.
expect_ok log --jsonl
eq "$(jq -c '.[]' "$F/log.json")" "$OUT" "--jsonl is the array's items, one per line"
expect_ok log ACME-1 --jsonl --limit 2
eq "$(jq -c '.[-2:][]' "$F/log-ACME-1.json")" "$OUT" "--jsonl with a key and --limit"
expect_ok log --since 2027-01-01 --jsonl
eq "" "$OUT" "--jsonl with no entry prints nothing"
expect_error 66 "no request ACME-99" log ACME-99 --jsonl
expect_error 65 "--limit: '0' is not allowed" log --jsonl --limit 0

# A customer key's entries are its own, its contacts', hosts' and criteria's
# and its tickets': not another customer's whose key starts the same.
expect_ok customer add ACMEX --name "Acme X"
expect_ok log ACME --json
eq "$(jq -r 'map(.entity) | unique | join(" ")' "$F/log-ACME.json")" "$(jq -r 'map(.entity) | unique | join(" ")' <<<"$OUT")" \
  "ACME's log leaves out ACMEX"

# After the migration: what changed, before and after.
SD_NOW=2026-11-30T10:00:00+09:00 expect_ok request new --customer ACME --type backup --field op=add --field host=web01 --json
key=$(jq -r .key <<<"$OUT")
SD_NOW=2026-11-30T11:00:00+09:00 SD_ACTOR=sato expect_ok request start "$key"
SD_NOW=2026-11-30T11:30:00+09:00 expect_ok request edit "$key" --field host=web02
expect_ok log "$key" --json
eq "request.new request.start request.edit" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "the new request's entries"
eq 'null {"type":"backup","priority":"normal","status":"open"}' "$(jq -c '.[0] | .before, .after' <<<"$OUT" | paste -sd' ')" \
  "request.new: what it was created as"
eq "sato open in-progress" "$(jq -r '.[1] | "\(.actor) \(.before.status) \(.after.status)"' <<<"$OUT")" "start: who, and the status before and after"
eq "null" "$(jq -c '.[1].after.title' <<<"$OUT")" "start: what did not change is not repeated"
eq "web01 web02 add" "$(jq -r '.[2] | "\(.before.fields.host) \(.after.fields.host) \(.after.fields.op // "add")"' <<<"$OUT")" \
  "edit: the changed field before and after"
eq '["host"]' "$(jq -c '.[2].after.fields | keys' <<<"$OUT")" "edit: only the changed field"
SD_NOW=2026-11-30T12:00:00+09:00 expect_ok contact edit ACME 1 --phone 03-3333-3333
expect_ok log ACME/contact/1 --json
eq '{"phone":"03-2222-2222"} {"phone":"03-3333-3333"}' "$(jq -c '.[-1] | .before, .after' <<<"$OUT" | paste -sd' ')" \
  "contact edit: the phone before and after"
expect_ok db check
finish
