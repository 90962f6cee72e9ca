#!/usr/bin/env bash
# A hostile sender can neither crash intake nor lose what it posted
# (sd-alert(1), THE INBOX; sd-config(5), [alerts]):
# - a payload nested 60,000 levels deep (past the 64 sd reads), in every
#   format and inside an SNS Message string, is kept in the inbox, exit 65;
# - a number past the range of a double (1e400) is kept, exit 65; in a
#   catalog it is bad config, exit 78, as is a catalog nested too deep;
# - a payload over [alerts] max_payload_bytes is kept unread, exit 65, and
#   the key is checked like any other;
# - a time in 2200 by its offset but in 2201 in UTC is kept, exit 65, not
#   stored to be read back as a damaged store.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme"
expect_ok customer host add ACME web01

# kept N: the inbox holds N items, the last one byte for byte FILE.
kept() {
  local n=$1 file=$2
  expect_ok alert inbox --all
  eq "$n" "$(($(printf '%s\n' "$OUT" | wc -l) - 1))" "inbox items after $(basename "$file")"
  "$SD" alert show "$n" >"$T/shown" 2>/dev/null
  if cmp -s "$file" "$T/shown"; then ok; else fail "inbox #$n is not $(basename "$file") byte for byte"; fi
}

# --- 60,000 levels, in each format ------------------------------------------
printf '%*s' 60000 '' | tr ' ' '[' >"$T/open"
printf '%*s' 60000 '' | tr ' ' ']' >"$T/close"
deep() { printf '%s%s%s%s%s' "$1" "$(cat "$T/open")" 1 "$(cat "$T/close")" "$2"; }
deep '{"version":"4","receiver":"r","alerts":[{"fingerprint":"f1","status":"firing","labels":{"x":' '}}]}' >"$T/alertmanager.json"
deep '{"AlarmArn":"arn:aws:cloudwatch:ap-northeast-1:1:alarm:a","NewStateValue":"ALARM","Trigger":' '}' >"$T/cloudwatch.json"
deep '{"alert_id":"1","title":"t","event_type":"e","alert_cycle_key":"c","x":' '}' >"$T/datadog.json"
deep '{"event_action":"trigger","routing_key":"r","payload":{"summary":"s","custom_details":{"x":' '}}}' >"$T/pagerduty.json"
deep '{"id":"g1","status":"firing","host":"web01","labels":' '}' >"$T/generic.json"
n=0
for f in alertmanager cloudwatch datadog pagerduty generic; do
  n=$((n + 1))
  expect_error 65 "kept in the inbox as #$n: alert payload: nested deeper than 64 levels, the most sd reads" \
    alert ingest --format "$f" <"$T/$f.json"
  kept "$n" "$T/$f.json"
done
# Detected, not forced.
n=$((n + 1))
expect_error 65 "nested deeper than 64 levels" alert ingest <"$T/generic.json"
kept "$n" "$T/generic.json"
# Inside the SNS Message, which is JSON in a string.
{ printf '{"Type":"Notification","MessageId":"m1","Message":"'; cat "$T/open" "$T/close"; printf '"}'; } >"$T/sns.json"
n=$((n + 1))
expect_error 65 "SNS Message is nested deeper than 64 levels, the most sd reads; sd reads CloudWatch" \
  alert ingest --format cloudwatch <"$T/sns.json"
kept "$n" "$T/sns.json"
# 64 levels is still read.
printf '{"id":"g64","status":"firing","host":"web01","x":%s1%s}' \
  "$(printf '%*s' 63 '' | tr ' ' '[')" "$(printf '%*s' 63 '' | tr ' ' ']')" >"$T/g64.json"
expect_ok alert ingest --format generic <"$T/g64.json"
contains "opened ACME-1 g64" "$OUT"
# A retry reads it as carefully, and keeps it.
expect_error 65 "nested deeper than 64 levels" alert retry 1
# So does the check of unplaced payloads (WARNING: they wait, unread).
expect_exit 1 incident check
contains "7 alert payloads not placed" "$OUT"

# --- a number past a double ---------------------------------------------------
printf '{"id":"big","status":"firing","host":"web01","starts_at":1e400}' >"$T/big.json"
n=$((n + 1))
expect_error 65 "kept in the inbox as #$n: alert payload: not JSON sd can read \(a number past the range of a double\)" \
  alert ingest <"$T/big.json"
kept "$n" "$T/big.json"
printf '{"Type":"Notification","Message":"{\\"x\\": -1e400}"}' >"$T/snsbig.json"
n=$((n + 1))
expect_error 65 "SNS Message is not JSON sd can read" alert ingest --format cloudwatch <"$T/snsbig.json"
kept "$n" "$T/snsbig.json"

# In a catalog: bad config, exit 78, for the number and for the depth.
mkdir -p "$T/cfg"
printf '{"version": 1e400}' >"$T/cfg/big-catalog.json"
printf '[catalog]\npath = big-catalog.json\n' >"$T/cfg/big"
SD_CONFIG="$T/cfg/big" expect_error 78 "big-catalog.json: not valid JSON: .*" catalog list
{ printf '{"x":'; cat "$T/open" "$T/close"; printf '}'; } >"$T/cfg/deep-catalog.json"
printf '[catalog]\npath = deep-catalog.json\n' >"$T/cfg/deep"
SD_CONFIG="$T/cfg/deep" expect_error 78 "deep-catalog.json: nested deeper than 64 levels" catalog list

# --- the size limit -------------------------------------------------------------
printf '[alerts]\nmax_payload_bytes = 200\n' >"$T/cfg/small"
pad=$(printf '%*s' 300 '' | tr ' ' x)
printf '{"id":"huge","status":"firing","host":"web01","summary":"%s"}' "$pad" >"$T/huge.json"
bytes=$(wc -c <"$T/huge.json")
n=$((n + 1))
SD_CONFIG="$T/cfg/small" expect_error 65 \
  "kept in the inbox as #$n: alert payload: $bytes bytes, past the limit of 200 \(\[alerts\] max_payload_bytes\); not read" \
  alert ingest <"$T/huge.json"
kept "$n" "$T/huge.json"
# Under the default limit (4 MiB) the same payload is read.
expect_ok alert retry "$n"
contains "opened ACME-2 huge" "$OUT"
# Small payloads still pass under the small limit.
SD_CONFIG="$T/cfg/small" expect_ok alert ingest <<<'{"id":"tiny","status":"firing","host":"web01"}'
contains "opened ACME-3 tiny" "$OUT"
# Past the default limit: 4 MiB and one byte of '[' is kept without a parse.
{ printf '%*s' 4194305 '' | tr ' ' '['; } >"$T/4mib.json"
n=$((n + 1))
expect_error 65 "4194305 bytes, past the limit of 4194304" alert ingest <"$T/4mib.json"
kept "$n" "$T/4mib.json"
# The key is checked like any other.
printf '[alerts]\nmax_payload_bytes = 0\n' >"$T/cfg/zero"
SD_CONFIG="$T/cfg/zero" expect_error 78 "zero:2: max_payload_bytes: '0' is not allowed; use a whole number from 1 to 268435456" alert inbox
printf '[alerts]\nmax_bytes = 10\n' >"$T/cfg/unknown"
SD_CONFIG="$T/cfg/unknown" expect_error 78 "unknown key 'max_bytes' in \[alerts\]; allowed: max_payload_bytes" alert inbox

# --- a time the store cannot hold ------------------------------------------------
printf '{"id":"late","status":"firing","host":"web01","starts_at":"2200-12-31T23:00:00-05:00"}' >"$T/late.json"
n=$((n + 1))
expect_error 65 "kept in the inbox as #$n: alert payload: starts_at: '2200-12-31T23:00:00-05:00' is not a time" \
  alert ingest <"$T/late.json"
kept "$n" "$T/late.json"
expect_ok incident list
expect_ok db check

finish
