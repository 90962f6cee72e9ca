#!/usr/bin/env bash
# Eight writers and two readers share one store, and nothing is lost,
# doubled or half written.
#
# Eight writer processes each run 300 operations, chosen from a fixed seed,
# against one store: new requests, comments on them and every status
# change their lifecycle allows (start, wait, resume, resolve, close,
# reopen); incidents opened, commented, judged, recovered, confirmed,
# notified and closed; and alerts ingested in each format (alertmanager,
# cloudwatch, datadog, pagerduty, generic), some of them payloads that hold
# one alert sd can place and one it cannot (an unknown customer), which are
# placed and kept in the inbox. Every operation carries a unique marker (a
# request or incident title, a comment or note, an alert identity), and each
# writer records it with its exit status. Seven writers wait for the lock
# (SD_BUSY_TIMEOUT of 60 s); the eighth gives up at once (SD_BUSY_TIMEOUT=0,
# or 1 on PostgreSQL: see below), so that the busy path is taken often.
# Meanwhile two readers run sd slo report, sd request list --json,
# sd incident check and sd slo metrics in a loop.
#
# Afterwards:
# - sd db check exits 0 (integrity, foreign keys, ticket numbers 1..n per
#   customer with none used twice, no orphan rows);
# - every operation exited 0, or 75 (busy), or, for a payload with an alert
#   sd cannot place, 65; never 70, a signal, or anything else;
# - every operation that exited 0 is in the store exactly once, as sd shows
#   it: a request or incident once in sd request list --json or
#   sd incident list --all --json under the key the command printed, each
#   status as the writer's own successful changes left it; each comment or
#   note exactly once in that ticket's history (read from the events tables
#   with sqlite3 or psql, since sd shows a history one ticket at a time, and
#   checked against sd request show --json / sd incident show --json for a sample);
#   each alert once on the incident the command named; each kept payload
#   once in sd alert inbox --json; and sd log --json has one audit entry per
#   successful change, of the right action, and none for a failed one;
# - every operation that exited 75 left nothing: no ticket with its title,
#   no event with its note, no alert with its identity, no inbox item;
# - ticket numbers per customer, requests and incidents together, are 1..n
#   with no gap and no duplicate (from sd's JSON, not only sd db check);
# - the readers only ever exited 0 (sd incident check: 0, 1 or 2, or 3 with
#   a "store is busy" UNKNOWN, since it marks fired hooks and so writes), or
#   75, and every sd request list --json they read was a whole JSON array.
#
# On PostgreSQL (SD_TEST_PG, ctest's e2e_pg_test_soak) the same writers and
# checks run against one database. There a writer waits for another only
# on the rows both need (a customer's ticket counter, a ticket), for at most
# its lock_timeout, which SD_BUSY_TIMEOUT sets; since 0 there waits without
# limit, the eighth writer's "at once" is SD_BUSY_TIMEOUT=1 (1 ms). A
# deadlock between writers is run again by sd itself, so it shows here only
# as a success, or as a 75 after the last attempt. The events and alerts are
# read with psql instead of sqlite3, and the store lives in the server, not
# on tmpfs.
. "$(dirname "$0")/lib.sh"
# The store on tmpfs where there is one: what is checked here (what other
# processes see, and what a killed process leaves) does not depend on
# fsync, and a busy disk's fsync would only make the run slow.
if [ "$SD_BACKEND" = sqlite ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  SHM=$(mktemp -d /dev/shm/sd-soak.XXXXXX)
  trap 'rm -rf "$T" "$SHM"' EXIT
  export SD_DB=$SHM/sd.db
fi
need jq
if [ "$SD_BACKEND" = sqlite ]; then need sqlite3; GIVE_UP=0; else GIVE_UP=1; fi
# tsv_sql SQL: the rows of one query, tab-separated, from either store.
tsv_sql() {
  if [ "$SD_BACKEND" = postgresql ]; then psql "$PG_URL" -AtqF $'\t' -c "$1"
  else sqlite3 -separator $'\t' "$SD_DB" "$1"; fi
}
export SD_NOW=2026-11-30T10:00:00+09:00
WRITERS=8 OPS=300 READERS=2
CUSTS=(ACME BETA GAMMA DELTA)
expect_ok init
for c in "${CUSTS[@]}"; do expect_ok customer add "$c" --name "$c Inc."; done
# Audit entries made before the soak (customer.add), left out of the count.
run log --json
base_audit=$(jq length <<<"$OUT")

# alert_payload FORMAT IDENTITY CUSTOMER [IDENTITY2 CUSTOMER2]: a firing
# payload in FORMAT; with a second identity, a generic array or an
# Alertmanager group of two alerts.
alert_payload() {
  local fmt=$1 id=$2 cust=$3 id2=${4:-} cust2=${5:-}
  case $fmt in
    generic)
      if [ -n "$id2" ]; then
        printf '[{"id":"%s","status":"firing","title":"%s","host":"%s.example","customer":"%s","starts_at":"2026-11-30T09:58:00+09:00"},{"id":"%s","status":"firing","title":"%s","host":"%s.example","customer":"%s","starts_at":"2026-11-30T09:58:00+09:00"}]' \
          "$id" "$id" "$id" "$cust" "$id2" "$id2" "$id2" "$cust2"
      else
        printf '{"id":"%s","status":"firing","title":"%s","host":"%s.example","customer":"%s","starts_at":"2026-11-30T09:58:00+09:00"}' \
          "$id" "$id" "$id" "$cust"
      fi ;;
    alertmanager)
      local one='{"status":"firing","labels":{"alertname":"%s","customer":"%s","instance":"%s.example:9100"},"annotations":{"summary":"%s"},"startsAt":"2026-11-30T00:58:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"%s"}'
      local alerts
      # shellcheck disable=SC2059
      alerts=$(printf "$one" "$id" "$cust" "$id" "$id" "$id")
      # shellcheck disable=SC2059
      [ -n "$id2" ] && alerts="$alerts,$(printf "$one" "$id2" "$cust2" "$id2" "$id2" "$id2")"
      printf '{"receiver":"sd","status":"firing","alerts":[%s],"groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am.example","version":"4","groupKey":"{}:{}"}' "$alerts" ;;
    cloudwatch)
      printf '{"Type":"Notification","MessageId":"%s","TopicArn":"arn:aws:sns:ap-northeast-1:123456789012:sd","Subject":"ALARM","Message":"{\\"AlarmName\\":\\"%s\\",\\"AlarmDescription\\":\\"soak customer=%s\\",\\"NewStateValue\\":\\"ALARM\\",\\"NewStateReason\\":\\"Threshold crossed\\",\\"StateChangeTime\\":\\"2026-11-30T00:58:00.000+0000\\",\\"AlarmArn\\":\\"%s\\",\\"OldStateValue\\":\\"OK\\",\\"Trigger\\":{\\"Dimensions\\":[{\\"value\\":\\"%s\\",\\"name\\":\\"InstanceId\\"}]}}","Timestamp":"2026-11-30T00:58:01.000Z"}' \
        "$id" "$id" "$cust" "$id" "$id" ;;
    datadog)
      printf '{"id":"%s","title":"[Triggered on {host:%s.example}] %s","body":"soak","last_updated":"1795996812000","date":"1795996812000","event_type":"query_alert_monitor","alert_id":"%s","alert_cycle_key":"%s","alert_title":"%s","alert_transition":"Triggered","alert_type":"error","hostname":"%s.example","tags":"customer:%s,env:prod"}' \
        "$id" "$id" "$id" "$id" "$id" "$id" "$id" "${cust,,}" ;;
    pagerduty)
      printf '{"payload":{"summary":"%s","timestamp":"2026-11-30T00:58:00.000+00:00","source":"%s.example","severity":"critical","custom_details":{"customer":"%s"}},"routing_key":"R0123456789ABCDEF0123456789ABCDE","dedup_key":"%s","event_action":"trigger"}' \
        "$id" "$id" "$cust" "$id" ;;
  esac
}
FORMATS=(generic alertmanager cloudwatch datadog pagerduty)

# The record of one writer: a line per operation, tab-separated:
# writer, number, kind, ticket key, marker, exit status, second marker.
# Its sd stderr is kept in err.W for the failure messages.
writer() {
  local w=$1 log=$T/ops.$1 err=$T/err.$1
  RANDOM=$((4242 + w))
  local -a rkeys=() rstat=() ikeys=() istep=()
  local i r n c m out rc kind key act to fmt m2
  : >"$log"
  for ((i = 1; i <= OPS; i++)); do
    m="soak-w$w-$i"
    r=$((RANDOM % 100)) c=${CUSTS[RANDOM % 4]}
    # Lifecycle steps need a ticket of one's own first.
    if [ "$r" -lt 45 ] && [ ${#rkeys[@]} -eq 0 ]; then r=0; fi
    if [ "$r" -ge 52 ] && [ "$r" -lt 70 ]; then
      # A step on one of one's incidents; a closed one takes none, so
      # another incident is opened instead.
      [ ${#ikeys[@]} -gt 0 ] && n=$((RANDOM % ${#ikeys[@]}))
      if [ ${#ikeys[@]} -eq 0 ] || [ "${istep[n]}" -ge 5 ]; then r=45; fi
    fi
    m2=""
    if [ "$r" -lt 20 ]; then
      kind=request.new key=""
      out=$("$SD" request new --customer "$c" --type backup --field op=add --field "host=$m" --title "$m" 2>>"$err"); rc=$?
      if [ "$rc" -eq 0 ]; then key=$out rkeys+=("$key") rstat+=(open); fi
    elif [ "$r" -lt 30 ]; then
      n=$((RANDOM % ${#rkeys[@]})) key=${rkeys[n]} kind=request.comment
      "$SD" request comment "$key" -m "$m" >/dev/null 2>>"$err"; rc=$?
    elif [ "$r" -lt 45 ]; then
      n=$((RANDOM % ${#rkeys[@]})) key=${rkeys[n]}
      case ${rstat[n]} in
        open) act=(start wait resolve) ;;
        in-progress) act=(wait resolve) ;;
        waiting) act=(resume resolve) ;;
        resolved) act=(close reopen) ;;
        closed) act=(reopen) ;;
      esac
      act=${act[RANDOM % ${#act[@]}]} kind=request.$act
      case $act in start | resume | reopen) to=in-progress ;; wait) to=waiting ;; resolve) to=resolved ;; close) to=closed ;; esac
      "$SD" request "$act" "$key" -m "$m" >/dev/null 2>>"$err"; rc=$?
      [ "$rc" -eq 0 ] && rstat[n]=$to
    elif [ "$r" -lt 52 ]; then
      kind=incident.open key=""
      out=$("$SD" incident open --customer "$c" --title "$m" --host "$m.example" 2>>"$err"); rc=$?
      if [ "$rc" -eq 0 ]; then key=$out ikeys+=("$key") istep+=(0); fi
    elif [ "$r" -lt 70 ]; then
      key=${ikeys[n]}
      # A comment, or the incident's next step.
      if [ $((RANDOM % 2)) -eq 0 ]; then
        kind=incident.comment
        "$SD" incident comment "$key" -m "$m" >/dev/null 2>>"$err"; rc=$?
      else
        case ${istep[n]} in
          0) kind=incident.judge; "$SD" incident judge "$key" --impact "$([ $((RANDOM % 2)) -eq 0 ] && echo yes || echo no)" -m "$m" ;;
          1) kind=incident.recover; "$SD" incident recover "$key" -m "$m" ;;
          2) kind=incident.confirm; "$SD" incident confirm "$key" -m "$m" ;;
          3) kind=incident.notify; "$SD" incident notify "$key" --via backlog --kind recovery -m "$m" ;;
          4) kind=incident.close; "$SD" incident close "$key" -m "$m" ;;
        esac >/dev/null 2>>"$err"
        rc=$?
        [ "$rc" -eq 0 ] && istep[n]=$((istep[n] + 1))
      fi
    else
      fmt=${FORMATS[RANDOM % 5]} key=""
      # One payload in six also holds an alert nobody owns.
      if [ $((RANDOM % 6)) -eq 0 ]; then
        kind=alert.split m2="$m-x"
        [ "$fmt" = generic ] || fmt=alertmanager
      else
        kind=alert.ingest
      fi
      out=$(alert_payload "$fmt" "$m" "$c" ${m2:+"$m2" NOSUCH} | "$SD" alert ingest 2>>"$err"); rc=$?
      # "opened ACME-7 IDENTITY": the key the alert went to.
      [ "$rc" -eq 0 ] || [ "$rc" -eq 65 ] && key=$(awk -v id="$m" '$3 == id { print $2 }' <<<"$out")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$i" "$kind" "$key" "$m" "$rc" "$m2" >>"$log"
  done
  # The statuses the writer's own successful changes left.
  for n in "${!rkeys[@]}"; do printf '%s\t%s\n' "${rkeys[n]}" "${rstat[n]}"; done >"$T/rstat.$w"
  local -a names=(open judged recovered confirmed notified closed)
  for n in "${!ikeys[@]}"; do printf '%s\t%s\n' "${ikeys[n]}" "${names[istep[n]]}"; done >"$T/istat.$w"
}

# A reader runs the reports until the writers are done: a line per run,
# "reader command status".
reader() {
  local r=$1 log=$T/reads.$1 rc
  : >"$log"
  while [ ! -e "$T/stop" ]; do
    "$SD" slo report --month 2026-11 >/dev/null 2>>"$T/rerr.$r"; rc=$?
    printf '%s\treport\t%s\n' "$r" "$rc" >>"$log"
    "$SD" request list --json >"$T/list.$r" 2>>"$T/rerr.$r"; rc=$?
    if [ "$rc" -eq 0 ] && ! jq -e 'type == "array"' "$T/list.$r" >/dev/null 2>&1; then rc=json; fi
    printf '%s\tlist\t%s\n' "$r" "$rc" >>"$log"
    "$SD" incident check >"$T/check.$r" 2>>"$T/rerr.$r"; rc=$?
    if [ "$rc" -eq 3 ] && grep -q "UNKNOWN - store is busy" "$T/check.$r"; then rc=busy; fi
    printf '%s\tcheck\t%s\n' "$r" "$rc" >>"$log"
    "$SD" slo metrics >/dev/null 2>>"$T/rerr.$r"; rc=$?
    printf '%s\tmetrics\t%s\n' "$r" "$rc" >>"$log"
    read -r -t 0.05 -u 9 || :
  done
}

# The readers pause between rounds (a read that times out on a FIFO
# nobody writes to), leaving the writers most of the machine.
mkfifo "$T/fifo"
exec 9<>"$T/fifo"
started=$SECONDS
pids=()
for ((r = 1; r <= READERS; r++)); do reader "$r" & rpids+=($!); done
for ((w = 1; w <= WRITERS; w++)); do
  if [ "$w" -eq "$WRITERS" ]; then
    SD_BUSY_TIMEOUT=$GIVE_UP writer "$w" &
  else
    SD_BUSY_TIMEOUT=60000 writer "$w" &
  fi
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "writer $p exited $?"; done
touch "$T/stop"
for p in "${rpids[@]}"; do wait "$p" || fail "reader $p exited $?"; done
cat "$T"/ops.* >"$T/ops"
cat "$T"/reads.* >"$T/reads"
cat "$T"/rstat.* >"$T/rstat"
cat "$T"/istat.* >"$T/istat"
eq $((WRITERS * OPS)) "$(wc -l <"$T/ops")" "operations recorded"

# --- Exit statuses: 0, 75, and 65 only for a payload with an unowned alert.
bad=$(awk -F'\t' '!($6 == 0 || $6 == 75 || ($6 == 65 && $3 == "alert.split"))' "$T/ops")
eq "" "$bad" "operations that exited other than 0, 75 (or 65 with an unowned alert)"
[ -z "$bad" ] || cat "$T"/err.* >&2
bad=$(awk -F'\t' '$3 == "alert.split" && $6 == 0' "$T/ops")
eq "" "$bad" "a payload with an unowned alert exits 65, never 0"
# A busy command says so in one line, naming no internal error.
grep -q "internal error" "$T"/err.* && fail "a writer saw an internal error: $(grep -h "internal error" "$T"/err.* | head -3)"
grep -vh "store is busy\|nobody owns\|NOSUCH\|no customer" "$T"/err.* | head -3 >"$T/odd"
eq "" "$(cat "$T/odd")" "writers' stderr holds only busy and unplaced-alert lines"

# --- The store is sound.
expect_exit 0 db check
eq "SD DB OK - $SD_DB: no problems found" "$OUT" "sd db check after the soak"

# --- What sd shows.
run request list --json
jq -r '.[] | [.key, .title, .status] | @tsv' <<<"$OUT" | sort >"$T/requests"
run incident list --all --json
jq -r '.[] | [.key, .title, .status] | @tsv' <<<"$OUT" | sort >"$T/incidents"
run log --json
jq -r --argjson skip "$base_audit" '.[$skip:][] | [.entity, .action] | @tsv' <<<"$OUT" | sort >"$T/audit"
run alert inbox --all --json
jq -r '.[] | .payload' <<<"$OUT" >"$T/inbox"
eq "$(jq length <<<"$OUT")" "$(awk -F'\t' '$3 == "alert.split" && $6 == 65' "$T/ops" | wc -l)" \
  "one inbox item per payload kept"
# Events and alerts, all at once, by note and identity (sd shows them one
# ticket at a time).
tsv_sql "
  SELECT c.key || '-' || r.number, e.kind, e.note FROM request_events e
    JOIN requests r ON r.id = e.request_id JOIN customers c ON c.id = r.customer_id WHERE e.note != ''
  UNION ALL
  SELECT c.key || '-' || i.number, e.kind, e.note FROM incident_events e
    JOIN incidents i ON i.id = e.incident_id JOIN customers c ON c.id = i.customer_id WHERE e.note != ''" \
  | sort >"$T/events"
tsv_sql "
  SELECT a.identity, c.key || '-' || i.number FROM alerts a
    JOIN incidents i ON i.id = a.incident_id JOIN customers c ON c.id = i.customer_id" | sort >"$T/alerts"

# --- Each operation, against what sd shows: present exactly once when it
# succeeded, absent when it failed.
awk -F'\t' -v T="$T" '
  FILENAME ~ /requests$/ || FILENAME ~ /incidents$/ { titled[$2]++; titlekey[$2] = $1; next }
  FILENAME ~ /events$/ { noted[$3]++; notekey[$3] = $1; next }
  FILENAME ~ /alerts$/ { alerted[$1]++; alertkey[$1] = $2; next }
  FILENAME ~ /inbox$/ { inbox = inbox "\n" $0; next }
  function bad(msg) { print "op " $1 "/" $2 " " $3 " " $5 " (exit " $6 "): " msg; nbad++ }
  {
    m = $5; ok = ($6 == 0 || $6 == 65)
    if ($3 == "request.new" || $3 == "incident.open") {
      if (ok && titled[m] != 1) bad("ticket titled so " titled[m] + 0 " times, wanted once")
      else if (ok && titlekey[m] != $4) bad("under " titlekey[m] ", printed " $4)
      else if (!ok && titled[m]) bad("failed, yet a ticket has its title")
      if (ok) good[$3]++; else busy[$3]++
    } else if ($3 ~ /^alert/) {
      if (ok && alerted[m] != 1) bad("alert stored " alerted[m] + 0 " times, wanted once")
      else if (ok && alertkey[m] != $4) bad("alert on " alertkey[m] ", printed " $4)
      else if (!ok && (m in alerted)) bad("failed, yet its alert is stored")
      if (!ok && index(inbox, "\"" m "\"")) bad("failed, yet its payload is in the inbox")
      if ($7 != "") {
        if (ok && !index(inbox, "\"" $7 "\"")) bad("payload with " $7 " not kept in the inbox")
        if ($7 in alerted) bad("unowned alert " $7 " placed")
      }
      if (ok) good[$3]++; else busy[$3]++
    } else {
      if (ok && noted[m] != 1) bad("note found " noted[m] + 0 " times, wanted once")
      else if (ok && notekey[m] != $4) bad("note on " notekey[m] ", wanted " $4)
      else if (!ok && (m in noted)) bad("failed, yet its note is stored")
      if (ok) good[$3]++; else busy[$3]++
    }
  }
  END {
    for (k in good) printf "%s\t%d\n", k, good[k] > (T "/good")
    for (k in busy) printf "%s\t%d\n", k, busy[k] > (T "/busy")
    exit nbad > 0
  }' "$T/requests" "$T/incidents" "$T/events" "$T/alerts" "$T/inbox" "$T/ops" >"$T/mismatch"
eq "" "$(head -20 "$T/mismatch")" "operations against the store"

# --- Statuses: each ticket as its writer's successful changes left it.
awk -F'\t' 'NR == FNR { st[$1] = $3; next } st[$1] != $2 { print $1 ": " st[$1] ", wanted " $2 }' \
  "$T/requests" "$T/rstat" >"$T/badstat"
eq "" "$(head -5 "$T/badstat")" "request statuses"
awk -F'\t' '
  BEGIN { want["open"] = "open"; want["judged"] = "open"; want["recovered"] = "recovered"
          want["confirmed"] = "confirmed"; want["notified"] = "confirmed"; want["closed"] = "closed" }
  NR == FNR { st[$1] = $3; next } st[$1] != want[$2] { print $1 ": " st[$1] ", wanted " want[$2] }' \
  "$T/incidents" "$T/istat" >"$T/badstat"
eq "" "$(head -5 "$T/badstat")" "incident statuses"

# --- The audit log: one entry per successful change, of its action. A
# placed alert opens an incident (incident.open); a kept payload is
# alert.inbox.
want_audit=$(awk -F'\t' '
  $6 != 0 && $6 != 65 { next }
  $3 ~ /^alert/ { print $4 "\tincident.open"; next }
  { print $4 "\t" $3 }' "$T/ops" | sort)
got_audit=$(grep -v $'\talert.inbox$' "$T/audit")
eq "$want_audit" "$got_audit" "audit entries match the successful operations"
eq "$(awk -F'\t' '$3 == "alert.split" && $6 == 65' "$T/ops" | wc -l)" "$(grep -c $'\talert.inbox$' "$T/audit")" \
  "one alert.inbox audit entry per kept payload"

# --- Ticket numbers: per customer, requests and incidents together, 1..n.
cut -f1 "$T/requests" "$T/incidents" | awk -F- '{ n[$1]++; seen[$0]++; if ($2 > max[$1]) max[$1] = $2 }
  END { for (k in seen) if (seen[k] > 1) print k " twice"; for (c in n) if (max[c] != n[c]) print c ": " n[c] " tickets, highest " max[c] }' \
  >"$T/numbers"
eq "" "$(cat "$T/numbers")" "ticket numbers unique and without gaps"

# --- A sample checked through sd's own views: the first comment and the
# first note of each kind, by sd request show / sd incident show --json.
for kind in request.comment request.start request.wait request.resolve incident.comment incident.judge incident.recover; do
  line=$(awk -F'\t' -v k="$kind" '$3 == k && $6 == 0 { print; exit }' "$T/ops")
  [ -n "$line" ] || { fail "no successful $kind in the soak"; continue; }
  key=$(cut -f4 <<<"$line") m=$(cut -f5 <<<"$line")
  run "${kind%%.*}" show "$key" --json
  eq 1 "$(jq --arg m "$m" '[(.history // .timeline)[] | select(.note == $m)] | length' <<<"$OUT")" "sd ${kind%%.*} show $key has $m once"
done
line=$(awk -F'\t' '$3 == "alert.ingest" && $6 == 0 { print; exit }' "$T/ops")
run incident show "$(cut -f4 <<<"$line")" --json
eq "$(cut -f5 <<<"$line")" "$(jq -r '.alerts[0].identity' <<<"$OUT")" "sd incident show has the alert"

# --- Readers.
bad=$(awk -F'\t' '!($3 == 0 || $3 == 75 || $3 == "busy" || ($2 == "check" && ($3 == 1 || $3 == 2)))' "$T/reads")
eq "" "$(head -5 <<<"$bad")" "readers exited 0 or busy"
[ -z "$bad" ] || head -5 "$T"/rerr.* >&2
[ "$(wc -l <"$T/reads")" -ge 8 ] || fail "the readers ran $(wc -l <"$T/reads") reports"

printf 'soak: %d s; %s operations succeeded, %s busy (%s); readers ran %s commands, %s busy\n' \
  $((SECONDS - started)) \
  "$(awk -F'\t' '$6 == 0 || $6 == 65' "$T/ops" | wc -l)" "$(awk -F'\t' '$6 == 75' "$T/ops" | wc -l)" \
  "$(sort "$T/busy" 2>/dev/null | tr '\t\n' '= ' )" \
  "$(wc -l <"$T/reads")" "$(awk -F'\t' '$3 == 75 || $3 == "busy"' "$T/reads" | wc -l)"
finish
