#!/usr/bin/env bash
# sd db check finds each way a store can be damaged and names it in one line:
# a sound store is "SD DB OK" (exit 0); each store below is a copy of that
# sound one damaged with the sqlite3 shell in one way (a ticket number
# missing, used twice, a wrong next number, an event without its request, a
# contact without its customer, an instant past 2099, text that is not
# UTF-8, an audit entry that is not JSON, a reset user_version, a foreign
# application_id, an index that no longer matches its table), and the check
# exits 1 naming that problem. No store at all is UNKNOWN (exit 3).
# On PostgreSQL the same damage is done with psql to a fresh copy of the
# sound database (foreign keys off for the session, as a hand edit by the
# database's owner would); what PostgreSQL itself cannot hold (text that is
# not UTF-8) or does not have (SQLite's user_version, application_id and
# index pages, a foreign key the server enforces) is checked on SQLite only,
# and PostgreSQL's own schema mark (sd_schema) in its place.
. "$(dirname "$0")/lib.sh"
need jq
[ "$SD_BACKEND" = postgresql ] || need sqlite3
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok customer add BETA --name "Beta"
expect_ok contact add BETA --name 佐藤 --phone 03-2222-2222
# ACME-1..3 are requests, ACME-4 an incident: one sequence.
expect_ok request new --customer ACME --type backup --field op=add --field host=web01 -m "nightly"
expect_ok request new --customer ACME --type backup --field op=add --field host=web02 -m "weekly"
expect_ok request new --customer ACME --type backup --field op=add --field host=web03 -m "monthly"
expect_ok incident open --customer ACME --host web01 --via phone --title "web01 down"
run request show ACME-2 --json
eq "ACME-2" "$(jq -r .key <<<"$OUT")" "the second request"

# The sound store.
expect_exit 0 db check
eq "SD DB OK - $SD_DB: no problems found" "$OUT" "status line of a sound store"
expect_exit 0 db check --json
eq "OK 0 0" "$(jq -r '"\(.status) \(.count) \(.problems | length)"' <<<"$OUT")" "--json of a sound store"
keep_store
# finds LINE: sd db check exits 1 and prints LINE among its problems.
finds() {
  expect_exit 1 db check
  contains "$1" "$OUT" "sd db check"
  contains "SD DB WARNING - $SD_DB: " "$(head -n 1 <<<"$OUT")" "status line"
}

# A ticket number missing: ACME-2 deleted with its fields and events.
damage "DELETE FROM request_fields WHERE request_id = 2; DELETE FROM request_events WHERE request_id = 2;
        DELETE FROM requests WHERE id = 2;"
finds "ticket_number ACME: ACME-2 is missing"
eq 2 "$(wc -l <<<"$OUT")" "one problem, one line"
expect_exit 1 db check --json
eq "WARNING 1 ticket_number ACME" "$(jq -r '"\(.status) \(.count) \(.problems[0].check) \(.problems[0].where)"' <<<"$OUT")" \
  "--json names the problem"
eq "ACME-2 is missing" "$(jq -r '.problems[0].detail' <<<"$OUT")" "--json detail"

# A number used by a request and by the incident.
damage "UPDATE incidents SET number = 1;"
finds "ticket_number ACME: ACME-1 is used by more than one ticket"
finds "ticket_number ACME: next ticket number is 5, expected 4"

# The customer's next number behind its tickets.
damage "UPDATE customers SET next_number = 3 WHERE key = 'ACME';"
finds "ticket_number ACME: next ticket number is 3, expected 5"

# An event whose request is gone.
damage "DELETE FROM request_fields WHERE request_id = 3; DELETE FROM requests WHERE id = 3;"
finds "orphan_event request_events row 3: its request (id 3) is missing"
# An alert-less incident's events likewise.
damage "DELETE FROM incidents WHERE number = 4;"
finds "orphan_event incident_events row 1: its incident (id 1) is missing"

if [ "$SD_BACKEND" = sqlite ]; then
  # A contact whose customer is gone.
  damage "DELETE FROM customers WHERE key = 'BETA';"
  finds "foreign_key contacts row 1: refers to a row missing from customers"
fi

# An instant past the years sd stores (year 5138), and one a second before
# them (1899-12-31T23:59:59Z).
damage "UPDATE requests SET due_at = 99999999999 WHERE id = 1; UPDATE audit SET at = -2208988801 WHERE id = 1;"
finds "instant_range requests.due_at row 1: 99999999999 seconds is outside the times sd stores (1900-01-01T00:00:00Z to 2200-12-31T23:59:59Z)"
finds "instant_range audit.at row 1: -2208988801 seconds is outside the times sd stores"

if [ "$SD_BACKEND" = sqlite ]; then
  # Text that is not UTF-8.
  damage "UPDATE requests SET title = CAST(X'41FF42' AS TEXT) WHERE id = 1;"
  finds "utf8 requests.title row 1: is not valid UTF-8"
fi

# An audit entry whose after is not JSON.
damage "UPDATE audit SET after = '{\"key\": ' WHERE id = 1;"
finds "audit audit.after row 1: is not JSON"

if [ "$SD_BACKEND" = sqlite ]; then
  # A user_version reset to 0.
  damage "PRAGMA user_version = 0;"
  finds "schema user_version: is 0 in a store that holds sd's tables"

  # A file that is not an sd store: nothing else is checked.
  damage "PRAGMA application_id = 0;"
  finds "schema application_id: is 0, not sd's 1396986699: not an sd store"
  eq 2 "$(wc -l <<<"$OUT")" "only the application_id is reported"

  # An index that no longer matches its table: SQLite's integrity check.
  damage "PRAGMA writable_schema = ON;
          UPDATE sqlite_schema SET sql = replace(sql, '(status, due_at)', '(status, received_at)')
           WHERE name = 'requests_by_status_due';"
  finds "integrity: row 1 missing from index requests_by_status_due"
fi

if [ "$SD_BACKEND" = postgresql ]; then
  # The schema mark emptied, or an older version in it.
  damage "DELETE FROM sd_schema;"
  finds "schema sd_schema: holds no version"
  damage "UPDATE sd_schema SET version = version - 1;"
  older=$(store_sql 'SELECT version FROM sd_schema')
  finds "schema version: is $older, this sd's is $((older + 1)); run 'sd init'"
fi

# The check changes nothing.
restore_store
before=$(store_state)
expect_exit 0 db check
eq "$before" "$(store_state)" "the store is unchanged"

# No store: UNKNOWN, exit 3, the error on stderr too.
expect_exit 3 --db "$T/none.db" db check
contains "SD DB UNKNOWN - no store at $T/none.db" "$OUT"
contains "no store at" "$ERR"
expect_exit 3 --db "$T/none.db" db check --json
eq "UNKNOWN" "$(jq -r .status <<<"$OUT")" "--json UNKNOWN"
# db alone wants its subcommand.
expect_exit 64 db
finish
