#!/usr/bin/env bash
# sd alert ingest/inbox/show/retry over real payloads of every format:
# placement, deduplication, clearing, judgement by criteria, and the inbox
# that keeps what could not be parsed or placed.
. "$(dirname "$0")/lib.sh"
need jq
A="$SD_FIXTURES/alerts"
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok customer add BETA --name "Beta"
expect_ok customer criteria add ACME --match check=url --impact yes -m "URL 監視は影響あり"
count() { "$SD" incident list --all --json | jq length; }

# Every format: firing opens one incident holding one alert; the same
# delivery again changes nothing; the resolved form records the clear and
# leaves the incident open.
n=0
for pair in alertmanager-firing:alertmanager-resolved cloudwatch-alarm:cloudwatch-ok \
            datadog-triggered:datadog-recovered pagerduty-trigger:pagerduty-resolve; do
  fire=${pair%%:*} clear=${pair##*:}
  expect_ok alert ingest --customer ACME --json < "$A/$fire.json"
  eq "opened" "$(jq -r '.alerts | map(.action) | unique | join(" ")' <<<"$OUT")" "$fire opens"
  key=$(jq -r '.alerts[0].key' <<<"$OUT")
  n=$((n + $(jq '.alerts | length' <<<"$OUT")))
  expect_ok alert ingest --customer ACME --json < "$A/$fire.json"
  eq "duplicate $key" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")" "$fire twice"
  eq "duplicate" "$(jq -r '.alerts | map(.action) | unique | join(" ")' <<<"$OUT")" "$fire twice: every alert a duplicate"
  eq "$n" "$(count)" "$fire twice: still one incident per alert"
  expect_ok incident show "$key" --json
  eq "1 firing" "$(jq -r '"\(.alerts | length) \(.alerts[0].status)"' <<<"$OUT")" "$fire twice: one incident holding one alert"
  expect_ok alert ingest --customer ACME --json < "$A/$clear.json"
  eq "cleared $key" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")" "$clear clears"
  expect_ok incident show "$key" --json
  eq "open 2" "$(jq -r '"\(.status) \(.alerts | length)"' <<<"$OUT")" "$clear: still open, one alert and its clear"
  eq "alert-cleared" "$(jq -r '.timeline[-1].kind' <<<"$OUT")"
done

# The acceptance clock: an alert received at 10:00 opens an unjudged
# incident due by 10:15 (SLO) and 10:30 (SLA); the check warns at 10:11 and
# is critical at 10:16, naming it.
cat > "$T/fresh.json" <<'JSON'
{"version":"4","status":"firing","receiver":"sd","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","instance":"db07:9100","customer":"BETA"},"annotations":{"summary":"disk full"},"startsAt":"2026-11-30T00:59:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom","fingerprint":"0fedcba987654321"}]}
JSON
expect_ok alert ingest --json < "$T/fresh.json"
fresh=$(jq -r '.alerts[0].key' <<<"$OUT")
eq "BETA-1" "$fresh" "the customer label places it"
expect_ok incident show "$fresh" --json
eq "unjudged 2026-11-30T10:00:00+09:00 2026-11-30T10:15:00+09:00 2026-11-30T10:30:00+09:00" \
  "$(jq -r '"\(.impact) \(.received_at) \(.clock.first_slo_due_at) \(.clock.first_sla_due_at)"' <<<"$OUT")" "alert at 10:00: due 10:15 and 10:30"
SD_NOW=2026-11-30T10:11:00+09:00 run incident check --warn 5 --customer BETA
eq 1 "$RC" "10:11: WARNING"
SD_NOW=2026-11-30T10:16:00+09:00 run incident check --warn 5 --customer BETA
eq 2 "$RC" "10:16: CRITICAL"
contains "CRITICAL $fresh first notification (SLO)" "$OUT"

# The generic form; the customer comes from the payload, the judgement from
# the criteria (check=url -> impacting).
expect_ok alert ingest --json < "$A/generic-single.json"
eq "opened" "$(jq -r '.alerts[0].action' <<<"$OUT")"
key=$(jq -r '.alerts[0].key' <<<"$OUT")
expect_ok incident show "$key" --json
eq "yes" "$(jq -r .impact <<<"$OUT")" "judged by the customer's criteria"
contains "criterion" "$(jq -r .judged_by <<<"$OUT")"
eq "2026-11-30T10:00:00+09:00 2026-11-30T10:15:00+09:00" "$(jq -r '"\(.received_at) \(.clock.first_slo_due_at)"' <<<"$OUT")" "the clock starts when sd received it"
eq "2026-11-30T10:02:00+09:00" "$(jq -r '.alerts[0].starts_at' <<<"$OUT")" "the alert's own start is kept"

# --- the inbox: nothing a monitoring system sends is dropped
printf '{"version":"4","alerts":[{"status":"fir' > "$T/truncated.json"
run alert ingest < "$T/truncated.json"
eq 65 "$RC" "truncated JSON exits 65"
contains "kept in the inbox as #1" "$ERR"
eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "one line"
printf 'CPU high on web01\n' | "$SD" alert ingest >/dev/null 2>"$T/err"; eq 65 $? "non-JSON exits 65"
expect_ok alert inbox --json
eq "2 pending" "$(jq -r '"\(length) \(.[0].status)"' <<<"$OUT")" "both kept"
expect_ok alert show 1
eq "$(cat "$T/truncated.json")" "$OUT" "kept whole, byte for byte"
expect_ok alert inbox
contains "not JSON" "$OUT"

# An alert for a host nobody owns is kept; after the host is added, retry places it.
cat > "$T/unknown-host.json" <<'JSON'
{"id":"db09-disk","status":"firing","title":"Disk full on db09","host":"db09","check":"disk"}
JSON
run alert ingest < "$T/unknown-host.json"
eq 65 "$RC" "an alert that cannot be placed exits 65"
contains "no customer" "$ERR"
expect_ok customer host add BETA db09
expect_ok alert retry 3 --json
eq "opened BETA-2" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")" "retry places it"
expect_ok alert inbox --all --json
eq "placed BETA-2" "$(jq -r '.[2] | "\(.status) \(.result)"' <<<"$OUT")"
expect_unchanged 65 "was placed already" alert retry 3
expect_unchanged 66 "no item 99" alert retry 99
run alert retry 1
eq 65 "$RC" "a retry that fails again exits 65"

# An item that can never be placed is dismissed by hand: kept, no longer pending.
expect_ok alert dismiss 2 -m "監視側の設定ミス、手動で確認済み" --json
eq "dismissed 監視側の設定ミス、手動で確認済み" "$(jq -r '"\(.status) \(.result)"' <<<"$OUT")"
expect_ok alert inbox --json
eq "false" "$(jq 'map(.id) | index(2) != null' <<<"$OUT")" "no longer pending"
expect_ok alert show 2
contains "CPU high" "$OUT" "still kept"
expect_unchanged 65 "is dismissed already" alert dismiss 2 -m again
expect_unchanged 65 "was dismissed" alert retry 2
expect_unchanged 66 "no item 99" alert dismiss 99 -m x
expect_unchanged 64 "-m,--message is required|--message is required" alert dismiss 1

# A resolved alert with no incident is kept too.
sed 's/"firing"/"resolved"/; s/db09-disk/none-such/' "$T/unknown-host.json" > "$T/orphan.json"
run alert ingest --customer BETA < "$T/orphan.json"
eq 65 "$RC"
contains "no open incident holds this alert" "$ERR"

# Bad flags change nothing.
# An unknown format is a bad value, as for every option with fixed values.
expect_unchanged 65 "--format: 'nagios' is not allowed; use auto, alertmanager" alert ingest --format nagios < "$A/generic-single.json"
# A --customer that names no customer: kept, not lost, until retried with the right one.
run alert ingest --customer NOPE < "$A/generic-single.json"
eq 65 "$RC" "an unknown --customer keeps the payload"
contains "no customer NOPE" "$ERR"
id=$("$SD" alert inbox --json | jq '.[-1].id')
expect_ok alert retry "$id" --customer ACME --json
eq "duplicate" "$(jq -r '.alerts[0].action' <<<"$OUT")" "retried with the right customer"
expect_unchanged 65 "customer key" alert ingest --customer nope < "$A/generic-single.json"

finish
