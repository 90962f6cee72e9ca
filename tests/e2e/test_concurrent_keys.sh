#!/usr/bin/env bash
# Ticket numbers under many writers: twenty `sd request new` for one
# customer at once get twenty consecutive keys, ACME-1 to ACME-20, each
# once, and the store checks sound afterwards (no gap, no repeat); another
# customer's numbers are its own. On SQLite writers take turns on the
# file; on PostgreSQL (SD_TEST_PG) each locks only its customer's counter.
. "$(dirname "$0")/lib.sh"
expect_ok init
expect_ok customer add ACME --name Acme
expect_ok customer add BETA --name Beta
for i in $(seq 1 20); do
  "$SD" request new --customer ACME --type consultation --field content="q$i" >"$T/new.$i" 2>&1 &
done
"$SD" request new --customer BETA --type consultation --field content=b >"$T/beta" 2>&1 &
wait
keys=$(cat "$T"/new.* | sort -t- -k2 -n | tr '\n' ' ')
eq "$(for i in $(seq 1 20); do printf 'ACME-%s ' "$i"; done)" "$keys" "twenty concurrent requests, twenty consecutive keys"
eq "BETA-1" "$(cat "$T/beta")" "another customer's numbers are its own"
expect_ok db check
contains "no problems found" "$OUT" "sd db check"
finish
