#!/usr/bin/env bash
# The audit log (sd log) of incidents, alert intake, customers' hosts and
# impact criteria: one row per change, naming the entity and the action, who
# and when, with the object before and after; `sd log KEY` for a customer,
# an incident or one entity; the table and --json; a change that fails
# leaves no row.
. "$(dirname "$0")/lib.sh"
need jq
TAB=$(printf '\t')
export SD_NOW=2026-11-30T10:00:00+09:00
A="$SD_FIXTURES/alerts"
# at TIME ARGS...: sd at 2026-11-30 TIME (JST), for setting up; must succeed.
at() { SD_NOW="2026-11-30T$1:00+09:00" "$SD" "${@:2}" >/dev/null 2>>"$T/setup.err" || fail "setup: sd ${*:2}"; }
# rows JQ: for each row of the JSON log in $OUT, JQ's output as one line.
rows() { jq -r ".[] | $1" <<<"$OUT"; }
# last ENTITY ACTION: the newest row of the whole log for ENTITY and ACTION, as JSON.
last() { "$SD" log --json | jq -c --arg e "$1" --arg a "$2" '[.[] | select(.entity == $e and .action == $a)] | last'; }
count() { "$SD" log --json | jq length; }

expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok customer add BETA --name "Beta"
expect_ok contact add ACME --name 田中 --phone 03-1111-1111

# --- hosts ---------------------------------------------------------------------
SD_NOW=2026-11-30T09:00:00+09:00 SD_ACTOR=suzuki expect_ok customer host add ACME web01 web02
expect_ok log ACME/host/web01 --json
eq "ACME/host/web01 host.add suzuki 2026-11-30T09:00:00+09:00" \
  "$(rows '"\(.entity) \(.action) \(.actor) \(.at)"')" "host add: one row per host"
eq 'null {"customer":"ACME","host":"web01"}' "$(rows '"\(.before) \(.after | tojson)"')" "host add: no before, the host after"
expect_ok customer host remove ACME web02
expect_ok log ACME/host/web02 --json
eq "host.add host.remove" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "host remove"
eq '{"customer":"ACME","host":"web02"} null' "$(jq -r '.[1] | "\(.before | tojson) \(.after)"' <<<"$OUT")" "host remove: the host before, nothing after"
n=$(count)
expect_unchanged 65 "already belongs to ACME" customer host add ACME web01
expect_unchanged 66 "has no host web02" customer host remove ACME web02
eq "$n" "$(count)" "failed host changes leave no row"

# --- impact criteria -----------------------------------------------------------
expect_ok customer criteria add ACME --match host=web* --match check=url --impact yes -m "Web の URL 監視"
expect_ok customer criteria add ACME --match host=batch* --impact no --json
expect_ok customer criteria list ACME --json
web=$(jq -r '.[0].id' <<<"$OUT") batch=$(jq -r '.[1].id' <<<"$OUT")
eq "1 2" "$web $batch" "criteria ids"
row=$(last "ACME/criteria/$web" criteria.add)
eq "null" "$(jq -c .before <<<"$row")" "criteria add: no before"
eq '{"host":"web*","check":"url"} yes Web の URL 監視' "$(jq -r '"\(.after.match | tojson) \(.after.impact) \(.after.note)"' <<<"$row")" \
  "criteria add: the rule after"
expect_ok customer criteria remove ACME "$batch"
row=$(last "ACME/criteria/$batch" criteria.remove)
eq '{"host":"batch*"} no' "$(jq -r '"\(.before.match | tojson) \(.before.impact)"' <<<"$row")" "criteria remove: the rule before"
eq "null" "$(jq -c .after <<<"$row")" "criteria remove: nothing after"
n=$(count)
expect_unchanged 66 "has no criterion 999" customer criteria remove ACME 999
expect_unchanged 65 "--impact: 'maybe'" customer criteria add ACME --match host=x --impact maybe
eq "$n" "$(count)" "failed criteria changes leave no row"

# --- an incident's life --------------------------------------------------------
at 10:00 incident open --customer ACME --host web01 --title "web01 決済エラー"           # ACME-1
at 10:05 incident judge ACME-1 --impact yes -m "決済不可"
at 10:10 incident notify ACME-1 --via phone --contact 1 --result answered
at 11:00 incident update ACME-1 -m "原因調査中"
at 11:30 incident recover ACME-1 --at 2026-11-30T11:25 -m "再起動"
at 11:40 incident confirm ACME-1 -m "確認済み"
at 11:45 incident notify ACME-1 --via backlog --kind recovery
at 11:50 incident close ACME-1
expect_ok log ACME-1 --json
eq "incident.open incident.judge incident.notify incident.update incident.recover incident.confirm incident.notify incident.close" \
  "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "log of an incident key: its rows, in order"
eq "ACME-1" "$(jq -r 'map(.entity) | unique | join(" ")' <<<"$OUT")" "log of an incident key: nothing else"
eq "10:00 10:05 10:10 11:00 11:30 11:40 11:45 11:50" "$(jq -r 'map(.at[11:16]) | join(" ")' <<<"$OUT")" "when, in the desk zone"
eq "null open unjudged web01" "$(jq -r '.[0] | "\(.before) \(.after.status) \(.after.impact) \(.after.host)"' <<<"$OUT")" "open: the new incident"
eq "unjudged yes tester" "$(jq -r '.[1] | "\(.before.impact) \(.after.impact) \(.after.judged_by)"' <<<"$OUT")" "judge: impact before and after"
# An impacting incident's first notice is the answered call and a Backlog
# post (white paper 4.2.2): the call at 10:10 is one part, the update posted
# at 11:00 the other.
eq "null 2026-11-30T10:10:00+09:00 null" \
  "$(jq -r '.[2] | "\(.before.first_called_at) \(.after.first_called_at) \(.after.first_notified_at)"' <<<"$OUT")" "notify: the call"
eq "null 2026-11-30T11:00:00+09:00" "$(jq -r '.[3] | "\(.before.first_notified_at) \(.after.first_notified_at)"' <<<"$OUT")" "update: the first notice"
eq "open recovered 2026-11-30T11:25:00+09:00 再起動" \
  "$(jq -r '.[4] | "\(.before.status) \(.after.status) \(.after.recovered_at) \(.after.recovery_action)"' <<<"$OUT")" "recover"
eq "recovered confirmed" "$(jq -r '.[5] | "\(.before.status) \(.after.status)"' <<<"$OUT")" "confirm"
eq "null 2026-11-30T11:45:00+09:00" "$(jq -r '.[6] | "\(.before.recovery_notified_at) \(.after.recovery_notified_at)"' <<<"$OUT")" "the recovery notice"
eq "confirmed closed 2026-11-30T11:50:00+09:00" "$(jq -r '.[7] | "\(.before.status) \(.after.status) \(.after.closed_at)"' <<<"$OUT")" "close"
# The table (tab-separated in a pipe): the same rows, times in the desk zone.
expect_ok log ACME-1
eq "ID${TAB}AT${TAB}ACTOR${TAB}ENTITY${TAB}ACTION" "$(head -1 <<<"$OUT")" "log table header"
eq 9 "$(wc -l <<<"$OUT" | tr -d ' ')" "log table: a header and eight rows"
eq "2026-11-30 10:05${TAB}tester${TAB}ACME-1${TAB}incident.judge" "$(sed -n 3p <<<"$OUT" | cut -f2-5)" "log table row"
eq "2026-11-30 11:50${TAB}tester${TAB}ACME-1${TAB}incident.close" "$(tail -1 <<<"$OUT" | cut -f2-5)" "log table: oldest first"
# A failed change to the incident leaves no row.
n=$(count)
expect_unchanged 65 "ACME-1 is closed" incident notify ACME-1 --via backlog
eq "$n" "$(count)" "a refused notice leaves no row"
# The customer's log holds its incidents, hosts and criteria too.
expect_ok log ACME --json
eq "ACME ACME-1 ACME/contact/1 ACME/criteria/1 ACME/criteria/2 ACME/host/web01 ACME/host/web02" \
  "$(jq -r 'map(.entity) | unique | join(" ")' <<<"$OUT")" "log of a customer: all its entities"
expect_ok log BETA --json
eq "customer.add" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "log of another customer: only its own"
expect_unchanged 66 "^sd: ticket: no request ACME-77, and no incident by that key" log ACME-77

# --- alert intake --------------------------------------------------------------
# A firing alert opens an incident: the row is the incident, as opened.
SD_NOW=2026-11-30T12:00:00+09:00 expect_ok alert ingest --json < "$A/generic-single.json"
key=$(jq -r '.alerts[0].key' <<<"$OUT")
eq "ACME-2" "$key" "the alert opened ACME-2"
expect_ok log "$key" --json
eq "incident.open" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "ingest: one row"
eq "null monitoring web01.acme.example HTTP check failed on web01 yes criterion $web" \
  "$(jq -r '.[0] | "\(.before) \(.after.via) \(.after.host) \(.after.title) \(.after.impact) \(.after.judged_by)"' <<<"$OUT")" \
  "ingest: the incident the alert opened, judged by the criterion"
eq "2026-11-30T12:00:00+09:00 2026-11-30T10:02:00+09:00" "$(jq -r '.[0] | "\(.at) \(.after.detected_at)"' <<<"$OUT")" \
  "ingest: logged when received; detected when the alert started"
# The same delivery again changes nothing and logs nothing.
n=$(count)
SD_NOW=2026-11-30T12:01:00+09:00 expect_ok alert ingest --json < "$A/generic-single.json"
eq "duplicate" "$(jq -r '.alerts[0].action' <<<"$OUT")"
eq "$n" "$(count)" "a duplicate delivery leaves no row"
# Its resolution is a row on the incident.
sed 's/"firing"/"resolved"/' "$A/generic-single.json" > "$T/resolved.json"
SD_NOW=2026-11-30T12:30:00+09:00 expect_ok alert ingest --json < "$T/resolved.json"
eq "cleared $key" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")"
row=$(last "$key" incident.alert-cleared)
# An entry keeps only what changed: the status stayed open, so it is in
# neither side; the update time is in both.
eq "2026-11-30T12:30:00+09:00 null null 2026-11-30T12:00:00+09:00 2026-11-30T12:30:00+09:00" \
  "$(jq -r '"\(.at) \(.before.status) \(.after.status) \(.before.updated_at) \(.after.updated_at)"' <<<"$row")" \
  "a cleared alert: the incident updated"
expect_ok incident show "$key" --json
eq "open" "$(jq -r .status <<<"$OUT")" "a cleared alert: the incident stays open"
# What cannot be placed is kept in the inbox: a row for the item, and one for
# its retry.
cat > "$T/unknown-host.json" <<'JSON'
{"id":"db09-disk","status":"firing","title":"Disk full on db09","host":"db09","check":"disk"}
JSON
SD_NOW=2026-11-30T13:00:00+09:00 run alert ingest < "$T/unknown-host.json"
eq 65 "$RC" "an alert for nobody's host exits 65"
id=$("$SD" alert inbox --json | jq '.[-1].id')
row=$(last "inbox/$id" alert.inbox)
eq "null 94" "$(jq -r '"\(.before) \(.after.bytes)"' <<<"$row")" "inbox: the kept payload's size"
contains "host 'db09' belongs to no customer" "$(jq -r .after.reason <<<"$row")" "inbox: why it was kept"
SD_NOW=2026-11-30T13:05:00+09:00 expect_ok customer host add BETA db09
SD_NOW=2026-11-30T13:10:00+09:00 expect_ok alert retry "$id" --json
eq "opened BETA-1" "$(jq -r '.alerts[0] | "\(.action) \(.key)"' <<<"$OUT")"
row=$(last "inbox/$id" alert.retry)
eq "pending placed BETA-1" "$(jq -r '"\(.before.status) \(.after.status) \(.after.result)"' <<<"$row")" "retry: pending before, placed after"
eq "incident.open monitoring db09" "$(last BETA-1 incident.open | jq -r '"\(.action) \(.after.via) \(.after.host)"')" "retry: the incident it opened"
printf 'CPU high on web01\n' | SD_NOW=2026-11-30T13:20:00+09:00 "$SD" alert ingest >/dev/null 2>&1
id=$("$SD" alert inbox --json | jq '.[-1].id')
SD_NOW=2026-11-30T13:25:00+09:00 expect_ok alert dismiss "$id" -m "監視側の設定ミス"
row=$(last "inbox/$id" alert.dismiss)
eq "pending dismissed 監視側の設定ミス" "$(jq -r '"\(.before.status) \(.after.status) \(.after.result)"' <<<"$row")" "dismiss"
# The table shows the same rows.
expect_ok log --since 2026-11-30T12:00
eq "ACME-2 incident.open|ACME-2 incident.alert-cleared|inbox/1 alert.inbox|BETA/host/db09 host.add|BETA-1 incident.open|inbox/1 alert.retry|inbox/2 alert.inbox|inbox/2 alert.dismiss" \
  "$(tail -n +2 <<<"$OUT" | awk '{print $5, $6}' | paste -sd'|')" "log table --since: the intake's rows"

[ -s "$T/setup.err" ] && fail "set-up wrote errors: $(cat "$T/setup.err")"
finish
