#!/usr/bin/env bash
# sd init, where the store lives, the audit log, and concurrent writers.
. "$(dirname "$0")/lib.sh"
need jq sqlite3

# A missing store: every store command says to run sd init, and creates nothing.
expect_error 66 "no store at $SD_DB; run 'sd init'" customer list
[ ! -e "$SD_DB" ] && ok || fail "a command other than init created the store"

expect_ok init
contains "Created sd store at $SD_DB" "$OUT"
eq "-rw-------" "$(stat -c %A "$SD_DB")" "store mode"
expect_ok init --json
eq "false" "$(jq -r .created <<<"$OUT")" "init is idempotent"
# The schema version this sd writes, as the store it made records it.
schema=$(sqlite3 "$SD_DB" 'PRAGMA user_version')
eq "$schema" "$(jq -r .schema_version <<<"$OUT")"
[ "$schema" -gt 1 ] && ok || fail "schema version $schema is not past the v1 fixture's"

# The default location under XDG_DATA_HOME, created 0700.
unset SD_DB
expect_ok init
[ -f "$XDG_DATA_HOME/sd/sd.db" ] && ok || fail "no store under XDG_DATA_HOME"
eq "drwx------" "$(stat -c %A "$XDG_DATA_HOME/sd")" "store dir mode"
rm -rf "$XDG_DATA_HOME"
( unset XDG_DATA_HOME; expect_ok init; [ -f "$HOME/.local/share/sd/sd.db" ] || exit 1 ) && ok || fail "no store under ~/.local/share"
# --db wins over SD_DB.
export SD_DB="$T/sd.db"
expect_ok --db "$T/other.db" init
[ -f "$T/other.db" ] && ok || fail "--db ignored"

# An empty file is no store: only init sets one up, 0600.
: > "$T/empty.db"; chmod 644 "$T/empty.db"
expect_error 66 "run 'sd init'" --db "$T/empty.db" customer list
eq 0 "$(stat -c %s "$T/empty.db")" "empty file untouched"
expect_ok --db "$T/empty.db" init --json
eq "true -rw-------" "$(jq -r .created <<<"$OUT") $(stat -c %A "$T/empty.db")" "init sets up an empty file"

# A store written by an older sd is migrated, its data kept.
sqlite3 "$T/v1.db" < "$SD_FIXTURES/store-v1.sql"
expect_ok --db "$T/v1.db" request list --json
eq "ACME-1 ACME-2" "$(jq -r 'map(.key) | sort | join(" ")' <<<"$OUT")" "requests survive the migration"
expect_ok --db "$T/v1.db" customer show ACME --json
eq "Acme 株式会社 null" "$(jq -r '"\(.name) \(.name_en)"' <<<"$OUT")" "a migrated customer has no English name yet"
expect_ok --db "$T/v1.db" init --json
eq "false null $schema" "$(jq -r '"\(.created) \(.migrated_from) \(.schema_version)"' <<<"$OUT")" "already migrated on first use"
sqlite3 "$T/v1b.db" < "$SD_FIXTURES/store-v1.sql"
expect_ok --db "$T/v1b.db" init
contains "Migrated sd store at $T/v1b.db from schema 1 to $schema" "$OUT"
# A store from a newer sd is refused.
newer=$((schema + 1))
sqlite3 "$T/v1b.db" "PRAGMA user_version = $newer"
expect_error 78 "schema version $newer, newer than this sd knows" --db "$T/v1b.db" customer list

# An SQLite file with no tables yet is no store either.
sqlite3 "$T/blank.db" 'PRAGMA user_version = 0'
sqlite3 "$T/blank.db" 'CREATE TABLE t (x); DROP TABLE t'
expect_error 66 "run 'sd init'" --db "$T/blank.db" customer list
expect_ok --db "$T/blank.db" init --json
eq "true" "$(jq -r .created <<<"$OUT")" "init sets up an empty database"

# A file that is not an sd store is refused, not overwritten.
printf 'not a database at all, just some text that is long enough to matter\n%.0s' {1..100} > "$T/junk.db"
before=$(cksum < "$T/junk.db")
expect_error 78 "store" --db "$T/junk.db" customer list
eq "$before" "$(cksum < "$T/junk.db")" "junk file untouched"

# The audit log: who, when, which entity, before and after.
expect_ok customer add ACME --name "Acme 株式会社"
SD_NOW=2026-11-30T11:00:00+09:00 SD_ACTOR=suzuki expect_ok customer edit ACME --plan advanced
expect_ok contact add ACME --name 田中 --phone 03-1234-5678
expect_ok request new --customer ACME --type backup --field op=add --field host=web01
expect_ok log ACME --json
eq "customer.add customer.edit contact.add request.new" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "log actions"
eq "suzuki" "$(jq -r '.[1].actor' <<<"$OUT")" "log actor"
eq "2026-11-30T11:00:00+09:00" "$(jq -r '.[1].at' <<<"$OUT")" "log time"
eq "basic advanced" "$(jq -r '.[1] | "\(.before.plan) \(.after.plan)"' <<<"$OUT")" "log before/after"
eq "null" "$(jq -r '.[0].before' <<<"$OUT")" "an add has no before"
expect_ok log ACME-1 --json
eq "1" "$(jq length <<<"$OUT")" "log of one ticket"
expect_ok log --since 2026-11-30T10:30 --json
eq "customer.edit" "$(jq -r "map(.action) | join(\" \")" <<<"$OUT")" "log --since keeps only the 11:00 edit"
expect_ok log
contains "customer.edit" "$OUT"
expect_ok log --limit 2 --json
eq "contact.add request.new" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "--limit keeps the newest"
expect_ok log "$(jq -r '.[0].entity' <<<"$OUT")" --json
eq "contact.add" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "log of an entity the log shows"
expect_unchanged 66 "no customer NOPE" log NOPE
expect_unchanged 66 "no request ACME-77" log ACME-77
expect_unchanged 65 "KEY: 'acme-x' is not a ticket key" log acme-x
expect_unchanged 65 "--since: 'yesterday' is not a time" log --since yesterday
expect_unchanged 64 "" log --limit many
expect_unchanged 65 "^sd: --limit: '-1' is not allowed; use a whole number, 1 or more$" log --limit -1
expect_unchanged 65 "^sd: --limit: '0' is not allowed; use a whole number, 1 or more$" log --limit 0

# A store another process holds for writing: readers go on (WAL), and a
# writer waits SD_BUSY_TIMEOUT milliseconds, then gives up with exit 75 and
# one line, having written nothing.
python3 - "$SD_DB" "$T/locked" <<'PY' >"$T/holder.out" 2>&1 &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(120)
PY
holder=$!
for _ in $(seq 1 100); do [ -e "$T/locked" ] && break; sleep 0.1; done
[ -e "$T/locked" ] && ok || fail "the lock holder did not start: $(cat "$T/holder.out")"
audit_before=$("$SD" log --json | jq length)
expect_ok customer list
contains "ACME" "$OUT" "a reader is not held up by a writer"
start=$(date +%s%N)
SD_BUSY_TIMEOUT=300 expect_unchanged 75 "^sd: store is busy: another sd holds the lock; try again" \
  customer add BUSY --name "Busy Co"
waited=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$waited" -ge 300 ] && [ "$waited" -lt 10000 ] && ok || fail "waited ${waited} ms for a 300 ms busy timeout"
SD_BUSY_TIMEOUT=300 expect_unchanged 75 "store is busy" \
  request new --customer ACME --type backup --field op=add --field host=busy
SD_BUSY_TIMEOUT=soon expect_error 78 "^sd: SD_BUSY_TIMEOUT: 'soon' is not a number of milliseconds" customer list
kill "$holder"; wait "$holder" 2>/dev/null
expect_ok customer list --json
eq "ACME" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "the busy writer added no customer"
eq "$audit_before" "$("$SD" log --json | jq length)" "the busy writers left no audit row"
expect_ok request list --json
eq 1 "$(jq length <<<"$OUT")" "the busy writer added no request"

# Twenty writers at once: all succeed, with twenty distinct consecutive keys.
for i in $(seq 1 20); do
  "$SD" request new --customer ACME --type backup --field op=add --field host="web$i" >"$T/out.$i" 2>"$T/err.$i" &
done
wait
codes=0
for i in $(seq 1 20); do [ -s "$T/err.$i" ] && codes=$((codes + 1)); done
eq 0 "$codes" "concurrent writers that failed"
keys=$(cat "$T"/out.* | sort -t- -k2 -n | tr '\n' ' ')
eq "$(for n in $(seq 2 21); do printf 'ACME-%s ' "$n"; done)" "$keys" "concurrent keys"
expect_ok request list --json
eq 21 "$(jq length <<<"$OUT")" "requests after concurrent writes"

# A SQLite store never loads libpq (and its TLS, Kerberos and LDAP
# libraries): sd loads it only to open a PostgreSQL store.
loaded=$(LD_DEBUG=libs "$SD" request list 2>&1 >/dev/null | grep -c 'calling init: .*libpq')
eq 0 "$loaded" "libpq loaded for a SQLite store"

finish
