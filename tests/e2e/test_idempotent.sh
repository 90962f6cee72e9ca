#!/usr/bin/env bash
# An error after a commit is not silent, and a retry need not duplicate:
# `sd request new … > /dev/full` exits 74 with one line on stderr that says
# the request was created (the request exists once); with
# --idempotency-key a retry prints the same key and creates nothing, and
# the same key with other input is refused (exit 65, naming the key) with
# the store unchanged. The same for incident open and both comment commands.
. "$(dirname "$0")/lib.sh"
need jq sqlite3
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
new=(request new --customer ACME --type backup --field op=add --field host=web01 -m "nightly")

# --- stdout full after the commit: exit 74, one line saying what was done.
"$SD" "${new[@]}" >/dev/full 2>"$T/.err"; RC=$?
ERR=$(cat "$T/.err")
eq 74 "$RC" "a full stdout after the commit exits 74"
eq "sd: stdout: No space left on device; ACME-1 was created" "$ERR" "one line: the error and what was done"
expect_ok request list --json
eq "ACME-1" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "the request exists once"
"$SD" request comment ACME-1 -m "見ています" >/dev/full 2>"$T/.err"; RC=$?
eq "74 sd: stdout: No space left on device; the comment was added to ACME-1" "$RC $(cat "$T/.err")" "comment"
"$SD" request list >/dev/full 2>"$T/.err"; RC=$?
eq "74 sd: stdout: No space left on device" "$RC $(cat "$T/.err")" "a read-only command says only the error"

# --- request new with a key: the first creates, a retry returns the same.
SD_NOW=2026-11-30T10:01:00+09:00 expect_ok "${new[@]}" --idempotency-key job-7
eq "ACME-2" "$OUT" "created"
"$SD" "${new[@]}" --idempotency-key job-7 >/dev/full 2>/dev/null
eq 74 "$?" "the retry that cannot print still exits 74"
sum=$(cksum <"$SD_DB")
SD_NOW=2026-11-30T10:05:00+09:00 expect_ok "${new[@]}" --idempotency-key job-7
eq "ACME-2" "$OUT" "a retry prints the same key"
eq "$sum" "$(cksum <"$SD_DB")" "and writes nothing"
SD_NOW=2026-11-30T10:05:00+09:00 expect_ok "${new[@]}" --idempotency-key job-7 --json
eq "ACME-2 2026-11-30T10:01:00+09:00" "$(jq -r '"\(.key) \(.received_at)"' <<<"$OUT")" "--json: the first request"
expect_ok request list --json
eq "ACME-1 ACME-2" "$(jq -r '[.[].key] | sort | join(" ")' <<<"$OUT")" "two requests: the retries made none"
expect_unchanged 65 "^sd: --idempotency-key: 'job-7' was already used for request.new of ACME-2 with other input; use a new key$" \
  request new --customer ACME --type backup --field op=add --field host=web02 --idempotency-key job-7
expect_unchanged 65 "^sd: --idempotency-key: 'job-7' was already used for request.new of ACME-2" \
  request comment ACME-2 -m "x" --idempotency-key job-7
expect_unchanged 65 "^sd: --idempotency-key: " "${new[@]}" --idempotency-key $'a\nb'

# --- comments: once per key.
expect_ok request comment ACME-2 -m "取得しました" --idempotency-key c-1
line=$OUT
sum=$(cksum <"$SD_DB")
expect_ok request comment ACME-2 -m "取得しました" --idempotency-key c-1
eq "$line" "$OUT" "the same output as the first time"
eq "$sum" "$(cksum <"$SD_DB")" "no second comment"
expect_unchanged 65 "'c-1' was already used for request.comment of ACME-2" request comment ACME-2 -m "別" --idempotency-key c-1

# --- incidents: open and comment.
expect_ok incident open --customer ACME --host db01 --impact yes --idempotency-key inc-1
eq "ACME-3" "$OUT" "opened"
sum=$(cksum <"$SD_DB")
expect_ok incident open --customer ACME --host db01 --impact yes --idempotency-key inc-1
eq "ACME-3" "$OUT" "a retry prints the same key"
eq "$sum" "$(cksum <"$SD_DB")" "and writes nothing"
expect_unchanged 65 "'inc-1' was already used for incident.open of ACME-3" incident open --customer ACME --host db02 --idempotency-key inc-1
expect_ok incident comment ACME-3 -m "調査中" --idempotency-key ic-1
sum=$(cksum <"$SD_DB")
expect_ok incident comment ACME-3 -m "調査中" --idempotency-key ic-1
eq "$sum" "$(cksum <"$SD_DB")" "no second incident comment"
"$SD" incident open --customer ACME --host web09 >/dev/full 2>"$T/.err"; RC=$?
eq "74 sd: stdout: No space left on device; ACME-4 was opened" "$RC $(cat "$T/.err")" "incident open"

# --- the keys are kept in the store.
eq "c-1|ACME-2|request.comment ic-1|ACME-3|incident.comment inc-1|ACME-3|incident.open job-7|ACME-2|request.new" \
   "$(store_sql 'SELECT key, entity, action FROM idempotency_keys ORDER BY key' | tr '\n' ' ' | sed 's/ $//')" \
   "idempotency_keys"
finish
