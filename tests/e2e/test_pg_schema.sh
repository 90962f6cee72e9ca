#!/usr/bin/env bash
# The PostgreSQL store's own set-up (PostgreSQL only): `sd init` makes the
# store in an empty database; it refuses a database that holds tables of
# something else, and changes nothing there; `--pg-schema NAME` (or
# SD_PG_SCHEMA) puts a store in a schema of its own, so that two stores
# share one database with their own customers and ticket numbers, and an
# address that sets the schema itself works the same; a bad schema name, a
# schema for a SQLite store and a schema given twice are refused with one
# line naming --pg-schema. `sd config show` says where the schema came from.
. "$(dirname "$0")/lib.sh"
need jq
[ "$SD_BACKEND" = postgresql ] || { echo "test_pg_schema: skipped: PostgreSQL only (SD_TEST_PG)"; exit 77; }
export SD_NOW=2026-11-30T10:00:00+09:00

# A database of something else: refused, and left as it was.
store_sql "CREATE TABLE invoices (id integer PRIMARY KEY, total numeric)" >/dev/null
expect_unchanged 78 "^sd: store: service=sdtest holds tables that are not sd's; 'sd init' sets up a store only in an empty database or schema$" init
eq "invoices" "$(store_sql "SELECT string_agg(tablename, ' ') FROM pg_tables WHERE schemaname = 'public'")" "only its own table"

# Beside it, a store in a schema of its own.
expect_ok --pg-schema desk init --json
eq "true" "$(jq -r .created <<<"$OUT")" "created in schema desk"
expect_ok --pg-schema desk customer add ACME --name "Acme 株式会社"
expect_ok --pg-schema desk request new --customer ACME --type backup --field op=add --field host=web01 -m "nightly"
eq "ACME-1" "$OUT" "the first key in desk"
eq "sd_schema" "$(store_sql "SELECT tablename FROM pg_tables WHERE schemaname = 'desk' AND tablename = 'sd_schema'")" "sd's tables are in desk"
eq "invoices" "$(store_sql "SELECT string_agg(tablename, ' ') FROM pg_tables WHERE schemaname = 'public'")" "public untouched"

# A second store in the same database: its own customers and numbers.
export SD_PG_SCHEMA=trial
expect_ok init
expect_ok customer add ACME --name "Acme trial"
expect_ok request new --customer ACME --type backup --field op=add --field host=web01 -m "trial"
eq "ACME-1" "$OUT" "the trial store numbers from 1"
expect_ok --pg-schema desk request new --customer ACME --type backup --field op=add --field host=web02 -m "weekly"
eq "ACME-2" "$OUT" "desk keeps its own numbers"
expect_ok request list --json
eq "1" "$(jq length <<<"$OUT")" "the trial store lists its one request"
eq "1 2" "$(store_sql "SELECT count(*) FROM trial.requests") $(store_sql "SELECT count(*) FROM desk.requests")" "one request in trial, two in desk"
expect_ok config show --json
eq "trial env SD_PG_SCHEMA" "$(jq -r '.[] | select(.key == "pg_schema") | "\(.value) \(.origin) \(.where)"' <<<"$OUT")" "config show: from the environment"
expect_ok --pg-schema desk config get pg_schema
eq "desk" "$OUT" "config get: the option wins"
unset SD_PG_SCHEMA

# The address may name the schema itself.
expect_ok --db "service=sdtest options=-csearch_path=desk" request list --json
eq "2" "$(jq length <<<"$OUT")" "the desk store through the address"

# Refused, one line naming the option, nothing changed.
expect_unchanged 65 "^sd: --pg-schema: 'Desk' is not allowed; use lower-case letters, digits and _ \(at most 63\), not starting with a digit$" \
  --pg-schema Desk request list
expect_unchanged 65 "^sd: --pg-schema: '1desk' is not allowed" --pg-schema 1desk request list
expect_unchanged 65 "^sd: --pg-schema: 'de;sk' is not allowed" --pg-schema 'de;sk' init
expect_unchanged 65 "^sd: --pg-schema: the store's address sets options itself" \
  --db "service=sdtest options=-csearch_path=desk" --pg-schema trial request list
expect_unchanged 65 "^sd: --pg-schema: names a PostgreSQL schema, and the store $T/x.db is a SQLite file$" \
  --db "$T/x.db" --pg-schema desk init
[ ! -e "$T/x.db" ] && ok || fail "a refused init created a SQLite file"
# With no --db and no SD_DB the store is the default file, and the message names it.
KEPT_DB=$SD_DB; unset SD_DB; export XDG_DATA_HOME="$T/elsewhere"
expect_error 65 "^sd: --pg-schema: names a PostgreSQL schema, and the store $T/elsewhere/sd/sd.db is a SQLite file$" \
  --pg-schema desk init
export SD_DB=$KEPT_DB XDG_DATA_HOME="$T/data"
[ ! -e "$T/elsewhere/sd/sd.db" ] && ok || fail "a refused init created the default store"
expect_unchanged 66 "no store at service=sdtest options=-csearch_path=nowhere; run 'sd init'" --pg-schema nowhere request list
finish
