#!/usr/bin/env bash
# Garbage in the store or the environment is a clear one-line error, never a
# crash or a wrong answer: a store damaged behind sd's back (an instant in
# the year 5138, an audit entry that is not JSON; on SQLite also a title
# that is not UTF-8 and a user_version reset to 0, which PostgreSQL cannot
# hold or does not have) exits 78 naming the column, and
# sd db check names the same problem; implausible times are refused at input
# (years 1899 and 2201, a time of 1900 or 2200 whose offset or zone puts it
# outside those years in UTC, a fraction without digits or without seconds,
# an empty --desired) with exit 65 and the store unchanged; a directory given as
# the configuration or the catalog is exit 78 "is a directory"; --warn nan,
# inf or 1e300 is refused before anything runs; a hook writable by group or
# others, or owned by another user, is skipped with one warning line.
. "$(dirname "$0")/lib.sh"
need jq
[ "$SD_BACKEND" = postgresql ] || need sqlite3
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok request new --customer ACME --type backup --field op=add --field host=web01 -m "nightly"
eq "ACME-1" "$OUT" "the request"
keep_store

# --- the store
damage "UPDATE requests SET due_at = 99999999999 WHERE number = 1;"
expect_error 78 "^sd: store: requests.due_at holds 99999999999, not an instant between 1900 and 2200; the store is damaged \(see 'sd db check'\)$" \
  request show ACME-1
expect_error 78 "requests.due_at holds 99999999999" request list
expect_exit 1 db check
contains "instant_range requests.due_at row 1: 99999999999 seconds is outside the times sd stores" "$OUT"

if [ "$SD_BACKEND" = sqlite ]; then
  damage "UPDATE requests SET title = CAST(X'41FF42' AS TEXT) WHERE number = 1;"
  expect_error 78 "^sd: store: requests.title holds text that is not valid UTF-8; the store is damaged \(see 'sd db check'\)$" \
    request list
  expect_exit 1 db check
  contains "utf8 requests.title row 1: is not valid UTF-8" "$OUT"
fi

damage "UPDATE audit SET after = '{\"key\": ' WHERE id = 1;"
expect_error 78 "^sd: store: audit.after of entry 1 is not JSON; the store is damaged \(see 'sd db check'\)$" log
expect_exit 1 db check
contains "audit audit.after row 1: is not JSON" "$OUT"

if [ "$SD_BACKEND" = sqlite ]; then
  damage "PRAGMA user_version = 0;"
  expect_error 78 "^sd: store: .*/sd.db has schema version 0 but holds sd's tables \(its user_version was reset\); see 'sd db check'$" \
    request list
  # init does not try to build the tables again over the old ones.
  expect_error 78 "user_version was reset" init
  expect_exit 1 db check
  contains "schema user_version: is 0 in a store that holds sd's tables" "$OUT"
fi

# --- times at input
restore_store
new() { expect_unchanged 65 "$1" request new --customer ACME --type backup --field op=add --field host=web02 "${@:2}"; }
new "^sd: --desired: '1899-12-31T10:00' is outside the years sd accepts \(1900 to 2200\)$" --desired 1899-12-31T10:00
new "^sd: --desired: '2201-01-01' is outside the years sd accepts \(1900 to 2200\)$" --desired 2201-01-01
new "^sd: --received-at: '0001-01-01T00:00:00Z' is outside the years" --received-at 0001-01-01T00:00:00Z
# Written in the year 2200 (or 1900), but 2201 (or 1899) in UTC, where the
# store keeps it: refused, rather than stored and read back as damage.
new "^sd: --desired: '2200-12-31T23:00-05:00' is outside the times sd accepts \(1900-01-01T00:00:00Z to 2200-12-31T23:59:59Z\)$" \
  --desired 2200-12-31T23:00-05:00
new "^sd: --desired: '1900-01-01' is outside the times sd accepts" --desired 1900-01-01
# A time sd could store but the business calendar (1955-2099) cannot measure
# a due time to: refused, so that show and list never meet it.
new "^sd: --desired: 2150-06-01T12:00:00\+09:00 is outside the business calendar \(1955-01-01 to 2099-12-31\)$" \
  --desired 2150-06-01T12:00
new "^sd: --desired: '2026-12-01T10:00:00\.' is not a time" --desired 2026-12-01T10:00:00.
new "^sd: --desired: '2026-12-01T10:00\.5' is not a time" --desired 2026-12-01T10:00.5
new "^sd: --desired: '2026-12-01T10:00:\.' is not a time" --desired 2026-12-01T10:00:.
new "^sd: --desired: an empty time is not allowed; use ISO 8601" --desired ""
expect_unchanged 65 "^sd: --since: an empty time is not allowed" log --since ""
# A fraction after the seconds is still accepted (and dropped).
expect_ok request new --customer ACME --type backup --field op=add --field host=web02 --desired 2026-12-08T10:00:00.250+09:00 --json
eq "2026-12-08T10:00:00+09:00" "$(jq -r .desired_at <<<"$OUT")" "a fraction is dropped"
# The year 1900 and the year 2200 themselves are dates; outside the calendar
# they are refused as such.
expect_error 65 "is outside the calendar" calendar add 1900-01-02T10:00 1bd
expect_error 65 "is outside the calendar" calendar add 2200-12-31T10:00 1bd
expect_error 65 "outside the years sd accepts" calendar add 2201-01-01T10:00 1bd

# --- directories given as files
mkdir -p "$T/adir"
expect_error 78 "^sd: config: $T/adir is a directory$" --config "$T/adir" request list
printf '[catalog]\npath = %s\n' "$T/adir" > "$T/desk.conf"
# The catalog is read by the commands that need it: taking a request and
# listing the catalog refuse it; a plain list, which never reads it, runs.
expect_unchanged 78 "^sd: catalog: $T/adir is a directory$" --config "$T/desk.conf" request new --customer ACME --type backup --field op=add --field host=web09
expect_error 78 "^sd: catalog: $T/adir is a directory$" --config "$T/desk.conf" catalog list
expect_ok --config "$T/desk.conf" request list

# --- numbers that are no numbers
for bad in nan inf -inf 1e300 NaN 0x10 1e6x; do
  run slo check --warn="$bad"
  eq 3 "$RC" "slo check --warn '$bad' is UNKNOWN"
  contains "SD SLO UNKNOWN - --warn: '$bad' is not allowed; use a number up to 1000000" "$OUT"
  run slo check --unscheduled-age="$bad"
  eq 3 "$RC" "slo check --unscheduled-age '$bad' is UNKNOWN"
  contains "--unscheduled-age: '$bad' is not allowed; use a number up to 100000" "$OUT"
done
# Given empty, the number is missing.
run slo check --warn=
eq 3 "$RC" "slo check --warn= is UNKNOWN"
contains "SD SLO UNKNOWN - --warn" "$OUT"
# incident check takes whole minutes: none of these is one.
for bad in nan inf 1e300 NaN ""; do
  run incident check --warn="$bad"
  eq 3 "$RC" "incident check --warn '$bad' is UNKNOWN"
  contains "SD INCIDENT UNKNOWN - " "$OUT"
  contains "--warn" "$OUT"
done
expect_exit 0 slo check --warn 1.5 --unscheduled-age 0.5

# --- hooks: only the user's own (or root's), and not writable by others
mkdir -p "$XDG_CONFIG_HOME/sd/hooks/incident.opened.d"
hooks=$XDG_CONFIG_HOME/sd/hooks/incident.opened.d
printf '#!/bin/sh\necho ran >> "%s/ran-10"\n' "$T" > "$hooks/10-mine"
printf '#!/bin/sh\necho ran >> "%s/ran-20"\n' "$T" > "$hooks/20-shared"
chmod 755 "$hooks/10-mine"
chmod 775 "$hooks/20-shared"
expect_ok incident open --customer ACME --host web01 --via phone --title "web01 down"
eq "ran" "$(cat "$T/ran-10" 2>/dev/null)" "the user's own hook ran"
[ -e "$T/ran-20" ] && fail "a group-writable hook ran" || ok
eq "sd: warning: hook $hooks/20-shared for incident.opened skipped: writable by group or others (chmod go-w to run it)" \
  "$ERR" "one warning line"
chmod 757 "$hooks/20-shared"
expect_ok incident open --customer ACME --host web02 --via phone --title "web02 down"
contains "20-shared for incident.opened skipped: writable by group or others" "$ERR"
rm "$hooks/20-shared"
if [ "$(id -u)" = 0 ]; then
  # As root: a hook owned by another user is not run.
  chown nobody "$hooks/10-mine"
  expect_ok incident open --customer ACME --host web03 --via phone --title "web03 down"
  eq "sd: warning: hook $hooks/10-mine for incident.opened skipped: owned by uid $(id -u nobody), neither you (uid 0) nor root" \
    "$ERR" "another user's hook"
  eq 2 "$(wc -l < "$T/ran-10")" "it did not run"
else
  # As a user: root's hooks are trusted (a link to a root-owned program).
  rm "$hooks/10-mine"
  ln -s "$(command -v true)" "$hooks/30-root"
  expect_ok incident open --customer ACME --host web03 --via phone --title "web03 down"
  eq "" "$ERR" "root's hook runs without a warning"
fi
finish
