#!/usr/bin/env bash
# Data that leaves and comes back. sd export writes every table of the store
# as JSON Lines (a header naming the format and schema version, then rows by
# primary key, integers as integers, absent values null, the inbox's raw
# payload as base64); sd import loads it into a new store, and exporting
# that gives the same bytes, on the demo's store (scripts/demo.sh) with an
# inbox payload, CIs and a problem added. Import is all or nothing: a file
# it cannot open, a bad header, a newer or older schema, a --since export, a
# store that is not empty, a malformed line N, an unknown table, a missing
# or unknown column and a wrong type are each refused with one line naming
# the line and field, and the store is left as it was. --since keeps the
# records changed since then. sd db backup copies the store 0600, refuses
# an existing file without --force and a directory it cannot write, and
# copies a sound store while another sd writes; sd db migrate says from
# which version to which. On PostgreSQL, export and import work alike: the
# demo's store made on PostgreSQL exports the same bytes as made on SQLite;
# that export loads into a second PostgreSQL store and into a SQLite file,
# and both export those bytes again; the next request after an import takes
# the next key and id; a row a constraint refuses is named by its line,
# inside a batch too, and nothing is kept; a store that is not empty is
# refused; sd db backup refuses (exit 78), pointing at pg_dump. The rest of
# the suite reads the SQLite file itself, and is SQLite's.
. "$(dirname "$0")/lib.sh"
if [ "$SD_BACKEND" = postgresql ]; then
  need jq cmp base64
  : "${SD_SOURCE_DIR:?SD_SOURCE_DIR must point at the source tree}"
  PG_DB_URL=$SD_DB
  # The same session on each store: the demo, then what it leaves out.
  session() {  # session ADDRESS DIR
    SD_DEMO_DB="$1" sh "$SD_SOURCE_DIR/scripts/demo.sh" "$SD" "$2" >/dev/null 2>&1 && ok || fail "the demo failed on $1"
    local SD_DB="$1" XDG_CONFIG_HOME="$2/config" SD_NOW=2026-11-30T11:00:00+09:00
    export SD_DB XDG_CONFIG_HOME SD_NOW
    printf '{"id":"x","status":"firing","title":"disk \xff full","host":"nohost","check":"disk"}' >"$T/payload"
    expect_exit 65 alert ingest --format generic <"$T/payload"
    expect_ok ci add web01 --customer ACME --type ec2
    expect_ok ci add app01 --customer ACME --type ecs
    expect_ok ci link app01 runs-on web01
    expect_ok problem new --title "HTTP が落ちる" -m "原因調査中"
    expect_ok problem link PRB-1 ACME-5
    expect_ok change new --customer ACME --title "web01 の OS 更新" --ci web01 --risk low --impact "数分の再起動" --set version=2
    expect_ok change rollback-plan CHG-1 -m "スナップショットから戻す"
  }
  session "$PG_DB_URL" "$T/pgdemo"
  session "$T/lite.db" "$T/litedemo"
  export SD_NOW=2026-11-30T11:00:00+09:00 XDG_CONFIG_HOME="$T/pgdemo/config"
  "$SD" export >"$T/one.jsonl" 2>"$T/err"; eq 0 $? "export on PostgreSQL exits 0"
  eq "" "$(cat "$T/err")" "export writes nothing on stderr"
  eq '{"format":"sd-export","format_version":1,"schema_version":'"$(store_sql 'SELECT version FROM sd_schema')"',"since_at":null}' \
     "$(head -n 1 "$T/one.jsonl")" "the header names the store's schema version"
  SD_DB="$T/lite.db" "$SD" export >"$T/lite.jsonl"
  cmp "$T/lite.jsonl" "$T/one.jsonl" && ok || fail "the same session exports other bytes on PostgreSQL than on SQLite"
  for t in $(store_sql "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'sd_schema'"); do
    eq "$(store_sql "SELECT count(*) FROM $t")" "$(jq -r --arg t "$t" 'select(.table == $t) | 1' "$T/one.jsonl" | wc -l)" "rows of $t"
  done
  eq "number null string" \
     "$(jq -r 'select(.table == "requests" and .row.id == 1) | .row | "\(.received_at | type) \(.resolved_at | type) \(.title | type)"' "$T/one.jsonl")" \
     "types of a request's columns"
  eq "$(base64 -w0 <"$T/payload")" "$(jq -r 'select(.table == "inbox") | .row.payload' "$T/one.jsonl")" \
     "the inbox payload, bytes and all, as base64"
  # Into a second PostgreSQL store (a schema of its own) and into a SQLite file.
  export SD_DB="$PG_DB_URL options=-csearch_path=two"
  expect_ok init
  expect_ok import "$T/one.jsonl" --json
  eq "$(($(wc -l <"$T/one.jsonl") - 1))" "$(jq -r .rows <<<"$OUT")" "import --json counts the rows"
  "$SD" export >"$T/two.jsonl"
  cmp "$T/one.jsonl" "$T/two.jsonl" && ok || fail "export -> import -> export differs on PostgreSQL"
  expect_ok db check
  next=$(($(jq -r 'select(.table == "customers" and .row.key == "ACME") | .row.next_number' "$T/one.jsonl")))
  expect_ok request new --customer ACME --type backup --field op=add --field host=web01 --json
  eq "ACME-$next" "$(jq -r .key <<<"$OUT")" "the next request after the import takes the next key"
  maxid=$(jq -r 'select(.table == "requests") | .row.id' "$T/one.jsonl" | sort -n | tail -n 1)
  eq "$((maxid + 1))" "$(psql "$PG_URL options=-csearch_path=two" -Atqc "SELECT max(id) FROM requests")" "and the next id"
  expect_unchanged 78 "the store is not empty \(customers has rows\)" import "$T/one.jsonl"
  SD_DB="$T/back.db" expect_ok init
  SD_DB="$T/back.db" expect_ok import "$T/one.jsonl"
  SD_DB="$T/back.db" "$SD" export | cmp -s - "$T/one.jsonl" && ok || fail "PostgreSQL's export loaded into SQLite exports other bytes"
  # Refused rows, named by their lines; nothing is kept.
  export SD_DB="$PG_DB_URL options=-csearch_path=three"
  expect_ok init
  "$SD" export >"$T/empty-before.jsonl"
  bad() {  # bad CODE PATTERN FILE: import FILE is refused and the store stays empty
    expect_unchanged "$1" "$2" import "$3"
    "$SD" export | cmp -s - "$T/empty-before.jsonl" && ok || fail "import $3 left rows behind"
  }
  head -n 1 "$T/one.jsonl" >"$T/h"
  body() { tail -n +2 "$T/one.jsonl"; }
  { cat "$T/h"; body | head -n 1 | jq -c '.row.name = null'; } >"$T/b14.jsonl"; bad 65 "line 2: customers: .*not-null" "$T/b14.jsonl"
  { cat "$T/h"; body | grep '"table":"contacts"' | head -n 1; } >"$T/b15.jsonl"; bad 65 "line 2: contacts: .*foreign key" "$T/b15.jsonl"
  { cat "$T/h"; body | head -n 1; body | head -n 1; } >"$T/b17.jsonl"; bad 65 "line 3: customers: .*unique" "$T/b17.jsonl"
  # A repeated event among the others, found when its table's rows go in together.
  { cat "$T/h"; body | grep -v '"table":"audit"'; body | grep '"table":"request_events"' | sed -n 3p
    body | grep '"table":"audit"'; } >"$T/b18.jsonl"
  line=$(grep -n . "$T/b18.jsonl" | grep '"table":"request_events"' | tail -n 1 | cut -d: -f1)
  bad 65 "b18.jsonl: line $line: request_events: .*unique" "$T/b18.jsonl"
  { cat "$T/h"; body | grep -v '"table":"audit"'
    body | grep '"table":"audit"' | sed '$s/"actor":"[^"]*"/"actor":null/'; } >"$T/b19.jsonl"
  line=$(wc -l <"$T/b19.jsonl")
  bad 65 "b19.jsonl: line $line: audit: .*not-null" "$T/b19.jsonl"
  # sd db backup copies a SQLite file; PostgreSQL's own tools back it up.
  expect_unchanged 78 "pg_dump" db backup "$T/copy.db"
  [ ! -e "$T/copy.db" ] && ok || fail "db backup on PostgreSQL wrote a file"
  expect_ok db migrate --json
  eq "false" "$(jq -r .migrated <<<"$OUT")" "db migrate on PostgreSQL: already up to date"
  finish
  exit
fi
need jq sqlite3 cmp base64
: "${SD_SOURCE_DIR:?SD_SOURCE_DIR must point at the source tree}"

# --- the demo's store, and what the demo leaves out
sh "$SD_SOURCE_DIR/scripts/demo.sh" "$SD" "$T/demo" >/dev/null 2>&1 && ok || fail "make demo's script failed"
export SD_DB="$T/demo/sd.db" XDG_CONFIG_HOME="$T/demo/config"
export SD_NOW=2026-11-30T11:00:00+09:00
# An alert nobody owns: its payload is kept in the inbox, bytes and all.
printf '{"id":"x","status":"firing","title":"disk \xff full","host":"nohost","check":"disk"}' >"$T/payload"
expect_exit 65 alert ingest --format generic <"$T/payload"
expect_ok ci add web01 --customer ACME --type ec2
expect_ok ci add app01 --customer ACME --type ecs
expect_ok ci link app01 runs-on web01
expect_ok problem new --title "HTTP が落ちる" -m "原因調査中"
expect_ok problem link PRB-1 ACME-5
expect_ok change new --customer ACME --title "web01 の OS 更新" --ci web01 --risk low --impact "数分の再起動" --set version=2
expect_ok change rollback-plan CHG-1 -m "スナップショットから戻す"

"$SD" export >"$T/one.jsonl" 2>"$T/err"; eq 0 $? "export exits 0"
eq "" "$(cat "$T/err")" "export writes nothing on stderr"
eq '{"format":"sd-export","format_version":1,"schema_version":'"$(sqlite3 "$SD_DB" 'PRAGMA user_version')"',"since_at":null}' \
   "$(head -n 1 "$T/one.jsonl")" "the header names the format and the store's schema version"
# Every table of the store is in the export, in order, each by primary key.
tables=$(sqlite3 "$SD_DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'" | sort)
eq "" "$(jq -r '.table // empty' "$T/one.jsonl" | sort -u | comm -13 <(printf '%s\n' "$tables") -)" "only the store's tables"
for t in $tables; do
  eq "$(sqlite3 "$SD_DB" "SELECT count(*) FROM $t")" "$(jq -r --arg t "$t" 'select(.table == $t) | 1' "$T/one.jsonl" | wc -l)" \
     "rows of $t"
done
eq "1 1 1 1 1 1" "$(for t in alerts inbox problems ci_links changes change_cis; do sqlite3 "$SD_DB" "SELECT count(*) > 0 FROM $t"; done | paste -sd' ')" \
   "the store has alerts, an inbox item, a problem, a CI link and a change on a CI"
eq "$(sqlite3 "$SD_DB" 'SELECT id FROM requests ORDER BY id' | paste -sd,)" \
   "$(jq -r 'select(.table == "requests") | .row.id' "$T/one.jsonl" | paste -sd,)" "requests by id"
# Faithful types: integers stay integers, NULL is null, text is text, blobs base64.
eq "number null string" \
   "$(jq -r 'select(.table == "requests" and .row.id == 1) | .row | "\(.received_at | type) \(.resolved_at | type) \(.title | type)"' "$T/one.jsonl")" \
   "types of a request's columns"
eq "$(base64 -w0 <"$T/payload")" "$(jq -r 'select(.table == "inbox") | .row.payload' "$T/one.jsonl")" \
   "the inbox payload, bytes and all, as base64"

# --- import into a new store, and export again: the same bytes
export SD_DB="$T/two.db"
expect_ok init
expect_ok import "$T/one.jsonl"
contains "Imported $(($(wc -l <"$T/one.jsonl") - 1)) rows into $T/two.db" "$OUT"
"$SD" export >"$T/two.jsonl"
cmp "$T/one.jsonl" "$T/two.jsonl" && ok || fail "export -> import -> export differs"
expect_ok request show ACME-1 --json
eq "ACME-1" "$(jq -r .key <<<"$OUT")" "the imported store answers"
expect_ok db check
# -o writes the same bytes, 0600; from stdin too, with --json.
expect_ok export -o "$T/three.jsonl"
contains "to $T/three.jsonl" "$OUT"
cmp "$T/one.jsonl" "$T/three.jsonl" && ok || fail "export -o differs from stdout"
eq 600 "$(stat -c %a "$T/three.jsonl")" "export -o file mode"
export SD_DB="$T/four.db"
expect_ok init
run import - --json <"$T/one.jsonl"
eq 0 "$RC" "import - exits 0"
eq "$(($(wc -l <"$T/one.jsonl") - 1))" "$(jq -r .rows <<<"$OUT")" "import --json counts the rows"

# --- import refuses, naming why, and changes nothing
export SD_DB="$T/empty.db"
expect_ok init
"$SD" export >"$T/empty-before.jsonl"
bad() {  # bad CODE PATTERN FILE: import FILE is refused and the store stays empty
  expect_unchanged "$1" "$2" import "$3"
  "$SD" export | cmp -s - "$T/empty-before.jsonl" && ok || fail "import $3 left rows behind"
}
head -n 1 "$T/one.jsonl" >"$T/h"
body() { tail -n +2 "$T/one.jsonl"; }
bad 66 "nope.jsonl: cannot open" "$T/nope.jsonl"
: >"$T/e.jsonl"; bad 65 "line 1: empty" "$T/e.jsonl"
echo 'not json' >"$T/b1.jsonl"; bad 65 "b1.jsonl: line 1: not JSON" "$T/b1.jsonl"
{ echo '{"format":"csv","format_version":1,"schema_version":7,"since_at":null}'; body; } >"$T/b2.jsonl"
bad 65 "line 1: format: not an sd export" "$T/b2.jsonl"
{ jq -c '.format_version = 2' "$T/h"; body; } >"$T/b3.jsonl"; bad 65 "line 1: format_version: 2 is not" "$T/b3.jsonl"
{ jq -c '.schema_version += 1' "$T/h"; body; } >"$T/b4.jsonl"; bad 65 "line 1: schema_version: [0-9]+ is newer" "$T/b4.jsonl"
# Schema 9's rows are schema 10's (version 10 added an index): its export
# imports as it is; one older than that is refused.
{ jq -c '.schema_version -= 2' "$T/h"; body; } >"$T/b5.jsonl"
bad 65 "line 1: schema_version: [0-9]+ is older than this sd reads \(9 to [0-9]+\).*sd db migrate" "$T/b5.jsonl"
{ jq -c '.since_at = "2026-11-30T00:00:00+09:00"' "$T/h"; body; } >"$T/b6.jsonl"; bad 65 "line 1: since_at: a partial export" "$T/b6.jsonl"
{ cat "$T/h"; echo '{"table":"customers"}'; } >"$T/b7.jsonl"; bad 65 "line 2: row: missing" "$T/b7.jsonl"
# A malformed line in the middle: everything before it is rolled back.
{ head -n 5 "$T/one.jsonl"; echo '{"table":"customers","row":'; tail -n +6 "$T/one.jsonl"; } >"$T/b8.jsonl"
bad 65 "b8.jsonl: line 6: not JSON" "$T/b8.jsonl"
{ head -n 3 "$T/one.jsonl"; echo '{"table":"unlisted_table","row":{"id":1}}'; } >"$T/b9.jsonl"
bad 65 "line 4: table: 'unlisted_table' is not a table sd exports" "$T/b9.jsonl"
{ cat "$T/h"; body | head -n 1 | jq -c 'del(.row.name)'; } >"$T/b10.jsonl"; bad 65 "line 2: customers.name: missing" "$T/b10.jsonl"
{ cat "$T/h"; body | head -n 1 | jq -c '.row.colour = "red"'; } >"$T/b11.jsonl"; bad 65 "line 2: customers.colour: no such column" "$T/b11.jsonl"
{ cat "$T/h"; body | head -n 1 | jq -c '.row.created_at = "yesterday"'; } >"$T/b12.jsonl"
bad 65 "line 2: customers.created_at: expected an integer or null, got text" "$T/b12.jsonl"
{ cat "$T/h"; body | head -n 1 | jq -c '.row.name = 3'; } >"$T/b13.jsonl"; bad 65 "line 2: customers.name: expected text or null" "$T/b13.jsonl"
{ cat "$T/h"; body | head -n 1 | jq -c '.row.name = null'; } >"$T/b14.jsonl"; bad 65 "line 2: customers: .*NOT NULL" "$T/b14.jsonl"
{ cat "$T/h"; body | grep '"table":"contacts"' | head -n 1; } >"$T/b15.jsonl"; bad 65 "line 2: contacts: .*FOREIGN KEY" "$T/b15.jsonl"
{ cat "$T/h"; body | grep '"table":"customers"' | head -n 1; body | grep '"table":"inbox"' | jq -c '.row.payload = "%%"'; } >"$T/b16.jsonl"
bad 65 "line 3: inbox.payload: not base64" "$T/b16.jsonl"
{ cat "$T/h"; body | head -n 1; body | head -n 1; } >"$T/b17.jsonl"; bad 65 "line 3: customers: .*UNIQUE" "$T/b17.jsonl"
{ jq -c '.schema_version = 9' "$T/h"; body; } >"$T/v9.jsonl"
SD_DB="$T/v9.db" expect_ok init
SD_DB="$T/v9.db" expect_ok import "$T/v9.jsonl"
SD_DB="$T/v9.db" "$SD" export | cmp -s - "$T/one.jsonl" && ok || fail "an export of schema 9 does not import as it is"
# A store that holds anything is refused, whatever the file.
export SD_DB="$T/two.db"
expect_unchanged 78 "the store is not empty \(customers has rows\)" import "$T/one.jsonl"
export SD_DB="$T/none.db"
expect_exit 66 import "$T/one.jsonl"
[ ! -e "$T/none.db" ] && ok || fail "import made a store"
expect_exit 64 import

# --- --since: the records changed since then
export SD_DB="$T/demo/sd.db"
SD_NOW=2026-11-30T12:00:00+09:00 expect_ok request start ACME-3
run export --since 2026-11-30T11:30:00+09:00
eq 0 "$RC" "export --since exits 0"
eq '"2026-11-30T11:30:00+09:00"' "$(head -n 1 <<<"$OUT" | jq -c .since_at)" "the header's since_at"
eq "3" "$(jq -r 'select(.table == "requests") | .row.number' <<<"$OUT" | paste -sd,)" "only the request changed since (ACME-3)"
eq "0" "$(jq -r 'select(.table == "incidents" or .table == "customers") | 1' <<<"$OUT" | wc -l)" "nothing else"
contains '"action":"request.start"' "$OUT"
expect_error 65 "since" export --since yesterday-ish

# --- sd db backup and sd db migrate
expect_ok db backup "$T/backup.db" --json
eq "$T/backup.db" "$(jq -r .path <<<"$OUT")" "backup --json path"
[ -s "$T/backup.db" ] && ok || fail "no backup written"
mkdir -p "$T/bk"
expect_ok db backup "$T/bk/copy.db"
contains "Backed up $T/demo/sd.db to $T/bk/copy.db" "$OUT"
eq 600 "$(stat -c %a "$T/bk/copy.db")" "backup mode"
SD_DB="$T/bk/copy.db" "$SD" export | cmp -s - <("$SD" export) && ok || fail "the backup holds another store"
expect_unchanged 73 "copy.db: exists; give --force to replace it" db backup "$T/bk/copy.db"
expect_ok db backup --force "$T/bk/copy.db"
# A directory that cannot hold the copy (here a file: refused even to root).
expect_unchanged 73 "cannot create a file in" db backup "$T/payload/x.db"
expect_unchanged 73 "cannot create a file in" db backup "$T/missing-dir/x.db"
eq "" "$(ls -A "$T/bk" | grep tmp)" "no temporary left beside the copy"
expect_exit 64 db backup
# While another sd writes: each copy is one sound state of the store.
( for i in $(seq 1 20); do "$SD" contact add ACME --name "writer $i" --phone "03-0000-$i" >/dev/null 2>&1; done ) &
writer=$!
for i in 1 2 3; do
  expect_ok db backup --force "$T/bk/live.db"
  SD_DB="$T/bk/live.db" expect_ok db check
done
wait "$writer"
expect_ok db migrate
contains "Already at schema $(sqlite3 "$SD_DB" 'PRAGMA user_version')" "$OUT"
expect_ok db migrate --json
eq "false" "$(jq -r .migrated <<<"$OUT")" "migrate --json when current"
# An older store is migrated, two versions at once, and says from which
# version to which: the audit log's index by actor came with the last
# migration and the tickets' version columns with the one before it
# (schema.cpp), so a store without them, two versions back, is what an older
# sd left. A new migration changes what is dropped here.
cur=$(sqlite3 "$SD_DB" 'PRAGMA user_version') prev=$(($(sqlite3 "$SD_DB" 'PRAGMA user_version') - 2))
older() {
  sqlite3 "$T/bk/copy.db" "DROP INDEX audit_by_actor; ALTER TABLE requests DROP COLUMN version;
                          ALTER TABLE incidents DROP COLUMN version; PRAGMA user_version = $prev"
}
older
SD_DB="$T/bk/copy.db" expect_ok db migrate --json
eq "true $prev $cur" "$(jq -r '"\(.migrated) \(.from_version) \(.to_version)"' <<<"$OUT")" "migrate --json from an older schema"
older
SD_DB="$T/bk/copy.db" expect_ok db migrate
contains "Migrated sd store at $T/bk/copy.db from schema $prev to $cur" "$OUT"
sqlite3 "$T/bk/copy.db" "PRAGMA user_version = 99"
SD_DB="$T/bk/copy.db" expect_error 78 "newer than this sd knows" db migrate
SD_DB="$T/nowhere.db" expect_exit 66 db migrate

finish
