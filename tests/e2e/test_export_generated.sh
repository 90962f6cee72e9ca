#!/usr/bin/env bash
# export -> import -> export gives the same bytes on a generated store:
# 10,000 requests with their fields and events, 1,000 incidents with their
# events, and the audit rows of their creation, written by bench/gen_store
# through the library (bench/README.md measures the same at 100k). The
# imported store is sound (sd db check) and answers as the first did. On
# PostgreSQL the generated SQLite file is imported into the PostgreSQL store,
# which then exports the same bytes as the file.
. "$(dirname "$0")/lib.sh"
need cmp jq
: "${SD_GEN_STORE:?SD_GEN_STORE must point at bench/gen_store}"

"$SD_GEN_STORE" --db "$T/gen.db" --customers 12 --requests 10000 --incidents 1000 --years 2 --seed 7 --audit \
  >/dev/null 2>"$T/gen.err" && ok || fail "gen_store failed: $(cat "$T/gen.err")"
SD_DB="$T/gen.db" "$SD" export -o "$T/one.jsonl" >/dev/null && ok || fail "export of the generated store failed"
eq 10000 "$(grep -c '^{"table":"requests",' "$T/one.jsonl")" "every request exported"
eq 1000 "$(grep -c '^{"table":"incidents",' "$T/one.jsonl")" "every incident exported"

# The new store: a file, or the suite's PostgreSQL database (lib.sh).
[ "$SD_BACKEND" = postgresql ] || export SD_DB="$T/new.db"
expect_ok init
expect_ok import "$T/one.jsonl" --json
eq "$(($(wc -l <"$T/one.jsonl") - 1))" "$(jq -r .rows <<<"$OUT")" "every row imported"
"$SD" export -o "$T/two.jsonl" >/dev/null
cmp "$T/one.jsonl" "$T/two.jsonl" && ok || fail "export -> import -> export differs on the generated store"
expect_ok db check
SD_DB="$T/gen.db" "$SD" request list --json >"$T/list-one.json"
"$SD" request list --json >"$T/list-two.json"
cmp "$T/list-one.json" "$T/list-two.json" && ok || fail "the imported store lists other requests"

finish
