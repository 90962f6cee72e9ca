#!/usr/bin/env bash
# A command killed at any point leaves the store sound and holds all or
# nothing of what it was doing.
#
# sd request new and sd alert ingest are killed with SIGKILL 100 times in
# all (50 each), at points drawn from a fixed seed and spread over the
# command's whole run: how long each takes is measured first, and each kill
# lands between 0 and 1.1 times that, so that some land before the write
# transaction (in start-up), some during it or during the checkpoint that
# follows its commit, and some after the command has exited. An alert
# payload is either one alert sd places (it opens an incident) or, one time
# in three, that alert and one sd cannot place (an unknown customer), which
# sd places and keeps in the inbox.
#
# After each kill:
# - sd db check exits 0 (integrity, foreign keys, ticket numbers 1..n per
#   customer with none used twice or missing, no orphan events or alerts);
# - the request is absent from sd request list --json, or there once and
#   whole: its fields, its "created" history entry (sd request show --json)
#   and its one request.new audit entry (sd log KEY --json);
# - the alert is absent (no incident, no inbox item holds it), or placed
#   once, on an incident whose sd incident show --json lists it and whose
#   sd log has its incident.open; a payload with an unplaceable alert is
#   then also kept whole in the inbox (sd alert inbox --json), never placed
#   in part and lost in part;
# - a command that ran to its end exited 0 (65 for a payload kept), never
#   anything else, and what it did is there.
# At the end every command that exited 0 (or 65) is still there, once.
. "$(dirname "$0")/lib.sh"
# On PostgreSQL the killed process is a client: the server rolls back what
# it left open. On SQLite the file is on tmpfs where there is one: what is
# checked here (what other processes see, and what a killed process leaves)
# does not depend on fsync, and a busy disk's fsync would only make the run
# slow.
if [ "$SD_BACKEND" = sqlite ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  SHM=$(mktemp -d /dev/shm/sd-crash.XXXXXX)
  trap 'rm -rf "$T" "$SHM"' EXIT
  export SD_DB=$SHM/sd.db
fi
need jq
export SD_NOW=2026-11-30T10:00:00+09:00 SD_BUSY_TIMEOUT=10000
KILLS=100
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
RANDOM=1729
mkfifo "$T/fifo"
exec 9<>"$T/fifo"
# pause MICROSECONDS: sleep without starting a process (read times out).
pause() { [ "$1" -gt 0 ] && read -r -t "$(printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)))" -u 9 || :; }
now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }

# payload ID [ID2]: a generic alert for ACME; with ID2, an array that also
# holds an alert for a customer that does not exist.
payload() {
  local one='{"id":"%s","status":"firing","title":"%s","host":"%s.example","customer":"%s","starts_at":"2026-11-30T09:58:00+09:00"}'
  # shellcheck disable=SC2059
  if [ -n "${2:-}" ]; then
    printf "[$one,$one]" "$1" "$1" "$1" ACME "$2" "$2" "$2" NOSUCH
  else
    printf "$one" "$1" "$1" "$1" ACME
  fi
}

# start KIND MARKER [ID2]: runs the command in the background; PID is its
# process id.
start() {
  case $1 in
    request) "$SD" request new --customer ACME --type backup --field op=add --field "host=$2.example" \
               --title "$2" >"$T/out" 2>"$T/err" </dev/null & ;;
    alert) payload "$2" "${3:-}" >"$T/in"
           "$SD" alert ingest <"$T/in" >"$T/out" 2>"$T/err" & ;;
  esac
  PID=$!
}

# check KIND MARKER ID2 STATUS: the store is sound and holds all or nothing
# of the command; sets STATE to "absent" or "present" (else what is wrong).
check() {
  local kind=$1 m=$2 m2=$3 rc=$4 n key state
  run db check
  [ "$RC" -eq 0 ] || { fail "after $kind $m (exit $rc): sd db check exited $RC: $OUT"; STATE=broken; return; }
  if [ "$kind" = request ]; then
    run request list --json
    n=$(jq --arg m "$m" '[.[] | select(.title == $m)] | length' <<<"$OUT")
    key=$(jq -r --arg m "$m" '.[] | select(.title == $m) | .key' <<<"$OUT")
    if [ "$n" -eq 0 ]; then state=absent; elif [ "$n" -eq 1 ]; then state=present; else state="$n times"; fi
    if [ "$state" = present ]; then
      run request show "$key" --json
      eq "add $m.example open created" "$(jq -r '"\(.fields.op) \(.fields.host) \(.status) \(.history[0].kind)"' <<<"$OUT")" \
        "$m ($key) is whole"
      run log "$key" --json
      eq "request.new" "$(jq -r '[.[].action] | join(" ")' <<<"$OUT")" "$m ($key): one audit entry"
    fi
  else
    run incident list --all --json
    n=$(jq --arg m "$m" '[.[] | select(.title == $m)] | length' <<<"$OUT")
    key=$(jq -r --arg m "$m" '.[] | select(.title == $m) | .key' <<<"$OUT")
    run alert inbox --all --json
    local kept
    kept=$(jq --arg m "$m" '[.[] | select(.payload | contains("\"" + $m + "\""))] | length' <<<"$OUT")
    if [ "$n" -eq 0 ] && [ "$kept" -eq 0 ]; then state=absent
    elif [ "$n" -eq 1 ] && [ "$kept" -eq "$([ -n "$m2" ] && echo 1 || echo 0)" ]; then state=present
    else state="placed $n times, kept $kept times"; fi
    if [ "$state" = present ]; then
      run incident show "$key" --json
      eq "$m opened" "$(jq -r '"\([.alerts[].identity] | join(",")) \(.timeline[0].kind)"' <<<"$OUT")" "$m ($key) is whole"
      run log "$key" --json
      eq "incident.open" "$(jq -r '[.[].action] | join(" ")' <<<"$OUT")" "$m ($key): one audit entry"
    fi
  fi
  STATE=$state
}

# Each command's run time, from its start to its exit: the middle of three
# runs (which are not killed, and are checked like the others).
declare -A took
for kind in request alert; do
  times=()
  for i in 1 2 3; do
    m="crash-$kind-t$i" t0=$(now_us)
    start "$kind" "$m"
    wait "$PID"; rc=$?
    times+=($(($(now_us) - t0)))
    eq 0 "$rc" "$kind $m, not killed"
    check "$kind" "$m" "" "$rc"
    eq present "$STATE" "$kind $m that exited 0"
    printf '%s\t%s\t-\t%s\n' "$kind" "$m" "$rc" >>"$T/runs"
  done
  took[$kind]=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
done

declare -A count
for ((k = 1; k <= KILLS; k++)); do
  kind=$([ $((k % 2)) -eq 0 ] && echo request || echo alert)
  m="crash-$kind-$k" m2=""
  [ "$kind" = alert ] && [ $((RANDOM % 3)) -eq 0 ] && m2="$m-x"
  span=$((took[$kind] * 11 / 10))
  delay=$(((RANDOM * 32768 + RANDOM) % span))
  start "$kind" "$m" "$m2"
  pause "$delay"
  kill -KILL "$PID" 2>/dev/null
  wait "$PID"; rc=$?
  check "$kind" "$m" "$m2" "$rc"
  state=$STATE
  if [ "$rc" -eq 137 ]; then
    case $state in
      absent | present) count[$kind.killed.$state]=$((${count[$kind.killed.$state]:-0} + 1)); ok ;;
      *) fail "$kind $m killed after ${delay}us: $state" ;;
    esac
  else
    want=$([ -n "$m2" ] && echo 65 || echo 0)
    eq "$want" "$rc" "$kind $m that ran to its end (stderr: $(cat "$T/err"))"
    eq present "$state" "$kind $m that exited $rc"
    count[$kind.finished]=$((${count[$kind.finished]:-0} + 1))
  fi
  printf '%s\t%s\t%s\t%s\n' "$kind" "$m" "${m2:--}" "$rc" >>"$T/runs"
done

# Every command that ran to its end is still there, once.
run request list --json
requests=$OUT
run incident list --all --json
incidents=$OUT
while IFS=$'\t' read -r kind m m2 rc; do
  [ "$rc" -eq 137 ] && continue
  if [ "$kind" = request ]; then n=$(jq --arg m "$m" '[.[] | select(.title == $m)] | length' <<<"$requests")
  else n=$(jq --arg m "$m" '[.[] | select(.title == $m)] | length' <<<"$incidents"); fi
  eq 1 "$n" "$kind $m (exit $rc) at the end"
done <"$T/runs"
# Ticket numbers from sd's own lists: 1..n, none twice.
nums=$( (jq -r '.[].number' <<<"$requests"; jq -r '.[].number' <<<"$incidents") | sort -n)
eq "$(seq 1 "$(wc -l <<<"$nums")")" "$nums" "ticket numbers 1..n"
expect_exit 0 db check

printf 'crash: request %sus, alert %sus; request killed: %s absent, %s whole; ran to the end: %s; alert killed: %s absent, %s whole; ran to the end: %s\n' \
  "${took[request]}" "${took[alert]}" \
  "${count[request.killed.absent]:-0}" "${count[request.killed.present]:-0}" "${count[request.finished]:-0}" \
  "${count[alert.killed.absent]:-0}" "${count[alert.killed.present]:-0}" "${count[alert.finished]:-0}"
finish
