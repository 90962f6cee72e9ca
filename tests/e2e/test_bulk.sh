#!/usr/bin/env bash
# Several requests changed by one command: `sd request close ACME-1 ACME-2`,
# or the keys on standard input with `-`, as a pipe from `request list --json
# | jq` gives them. All or nothing: an unknown key among good ones (exit 66),
# a key whose move is not allowed, a key given twice, a line on standard
# input that is not a key, each refuse the whole command with a one-line
# error naming the key (or line) and change nothing. `-` goes alone,
# --if-version goes with one key, and `-` cannot share standard input with
# `-m -`. Each request changed gets its own event and audit entry. --dry-run
# makes every check a real run makes, with the same exit codes, prints the
# requests as they would be and writes nothing. --json: one key prints the
# object as it always did; several keys (or `-`) print an array. `request
# assign KEY... NAME` hands several over the same way, and `incident assign`,
# `confirm` and `close` take several incidents with the same rules.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok ci add web01 --customer ACME --type ec2
for n in 1 2 3 4; do
  expect_ok request new --customer ACME --type backup --field op=add --field host=web01 --title "backup $n"
done

# Two keys at once: a line each, both moved, an audit entry each.
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok request start ACME-1 ACME-2
eq 2 "$(grep -c ' in-progress ' <<<"$OUT")" "a line per request"
contains "ACME-1  in-progress" "$OUT"
contains "ACME-2  in-progress" "$OUT"
expect_ok log --json
eq "ACME-1 ACME-2" "$(jq -r '[.[] | select(.action == "request.start") | .entity] | sort | join(" ")' <<<"$OUT")" \
   "one audit entry per request"

# --json: several keys give an array of the changed requests.
expect_ok request wait ACME-1 ACME-2 --json
eq "array 2" "$(jq -r '"\(type) \(length)"' <<<"$OUT")" "an array"
eq "ACME-1 waiting,ACME-2 waiting" "$(jq -r 'map("\(.key) \(.status)") | join(",")' <<<"$OUT")" "the changed objects"
# One key keeps the one object it always printed.
expect_ok request resume ACME-1 --json
eq "object ACME-1 in-progress" "$(jq -r '"\(type) \(.key) \(.status)"' <<<"$OUT")" "one key: the object"

# An unknown key among good ones: exit 66 naming it; nothing moved.
expect_unchanged 66 "ACME-99" request resume ACME-2 ACME-99
expect_ok request show ACME-2 --json
eq waiting "$(jq -r .status <<<"$OUT")" "ACME-2 still waiting"
# A move not allowed for one of them: the usual error naming that key.
expect_unchanged 65 "ACME-3 is open; 'resume' needs a request that is waiting" request resume ACME-2 ACME-3
# The same key twice, and a malformed key.
expect_unchanged 65 "ACME-2 is given more than once" request resume ACME-2 ACME-2
expect_unchanged 65 "'nope' is not a ticket key" request resume ACME-2 nope
# `-` goes alone; --if-version goes with one key.
expect_unchanged 64 "'-' reads the keys from standard input and stands alone" request resume - ACME-2 </dev/null
expect_unchanged 65 "if-version: goes with one key; 2 were given" request resume ACME-2 ACME-4 --if-version 3
expect_ok request resume ACME-2
expect_ok request show ACME-2 --json
eq in-progress "$(jq -r .status <<<"$OUT")" "ACME-2 resumed"

# --dry-run: the same checks and exit codes, what would change, nothing written.
before=$(store_state)
expect_ok request resolve ACME-1 ACME-2 --dry-run
contains "ACME-1  resolved" "$OUT"
contains "ACME-2  resolved" "$OUT"
contains "dry run: nothing was written" "$OUT"
expect_ok request resolve ACME-1 ACME-2 --dry-run --json
eq "ACME-1 resolved,ACME-2 resolved" "$(jq -r 'map("\(.key) \(.status)") | join(",")' <<<"$OUT")" "as they would be"
expect_ok request resolve ACME-1 --dry-run --json
eq "object resolved" "$(jq -r '"\(type) \(.status)"' <<<"$OUT")" "one key: the object as it would be"
eq "$before" "$(store_state)" "--dry-run wrote nothing"
expect_unchanged 66 "ACME-99" request resolve ACME-1 ACME-99 --dry-run
expect_unchanged 65 "ACME-1 is in-progress; 'start' needs" request start ACME-3 ACME-1 --dry-run
expect_ok log --json
eq 0 "$(jq '[.[] | select(.action == "request.resolve")] | length' <<<"$OUT")" "no audit entry from a dry run"

# Keys on standard input: from request list --json through jq.
export SD_NOW=2026-11-30T11:00:00+09:00
"$SD" request list --status in-progress --json | jq -r '.[].key' | "$SD" request resolve - >"$T/resolved.txt" 2>"$T/resolved.err"
eq "0 0 0" "${PIPESTATUS[*]}" "the pipe"
eq 2 "$(wc -l <"$T/resolved.txt" | tr -d ' ')" "a line per request"
contains "ACME-1  resolved" "$(cat "$T/resolved.txt")"
contains "ACME-2  resolved" "$(cat "$T/resolved.txt")"
# Blank lines and surrounding spaces are ignored; with `-` --json is an array
# even for one key.
expect_ok request close - --json <<<$'  ACME-1  \n\n\tACME-2\n'
eq "array ACME-1 closed,ACME-2 closed" "$(jq -r '"\(type) " + (map("\(.key) \(.status)") | join(","))' <<<"$OUT")" \
   "closed from standard input"
expect_ok request reopen - --json <<<"ACME-2"
eq "array 1 in-progress" "$(jq -r '"\(type) \(length) \(.[0].status)"' <<<"$OUT")" "one key on stdin: an array"
# A line that is not a key, an unknown key, a duplicate: nothing changed.
expect_unchanged 65 "standard input, line 3: 'nope' is not a ticket key" request start - <<<$'ACME-2\nACME-3\nnope\nACME-4'
expect_unchanged 66 "ACME-77" request start - <<<$'ACME-3\nACME-77'
expect_unchanged 65 "ACME-3 is given more than once" request start - <<<$'ACME-3\n ACME-3 '
# `-m -` reads standard input too: the two cannot share it.
expect_unchanged 64 "both read standard input" request start - -m - <<<"ACME-3"
# Nothing on standard input: nothing to do.
expect_ok request start - --json </dev/null
eq "[]" "$(jq -c . <<<"$OUT")" "no keys: an empty array"
expect_ok request start - <<<$'ACME-3\nACME-4'
eq 2 "$(grep -c ' in-progress ' <<<"$OUT")" "both started"


# A shift's queue handed to the next engineer: `request assign KEY... NAME`,
# or the keys on standard input. All or nothing, an event each, --dry-run.
export SD_NOW=2026-11-30T19:00:00+09:00
expect_ok request assign ACME-3 ACME-4 alice -m "night shift"
eq 2 "$(grep -c '^ACME-[34]  ' <<<"$OUT")" "a line per request"
expect_ok request show ACME-4 --json
eq "alice" "$(jq -r .assignee <<<"$OUT")" "ACME-4 handed over"
eq "assign MSP alice night shift" "$(jq -r '.history[-1] | "\(.kind) \(.from) \(.to) \(.note)"' <<<"$OUT")" "its event"
expect_ok log --json
eq "ACME-3 ACME-4" "$(jq -r '[.[] | select(.action == "request.assign") | .entity] | sort | join(" ")' <<<"$OUT")" \
   "an audit entry each"
"$SD" request list --assignee alice --json | jq -r '.[].key' | "$SD" request assign - bob --json >"$T/assign.json" 2>"$T/assign.err"
eq "0 0 0" "${PIPESTATUS[*]}" "the pipe"
eq "array ACME-3 bob,ACME-4 bob" "$(jq -r '"\(type) " + (map("\(.key) \(.assignee)") | join(","))' <"$T/assign.json")" \
   "handed over from standard input"
expect_unchanged 66 "ACME-99" request assign ACME-3 ACME-99 carol
expect_unchanged 65 "ACME-3 is given more than once" request assign ACME-3 ACME-3 carol
expect_unchanged 65 "if-version: goes with one key; 2 were given" request assign ACME-3 ACME-4 carol --if-version 2
expect_unchanged 64 "'-' reads the keys from standard input and stands alone" request assign - ACME-3 carol </dev/null
expect_unchanged 65 "^sd: ASSIGNEE: must not be empty$" request assign ACME-3 ACME-4 ""
expect_unchanged 64 "ASSIGNEE is required" request assign ACME-3
expect_unchanged 64 "both read standard input" request assign - carol -m - <<<"ACME-3"
before=$(store_state)
expect_ok request assign ACME-3 ACME-4 carol --dry-run
contains "dry run: nothing was written" "$OUT"
expect_ok request assign ACME-3 ACME-4 carol --dry-run --json
eq "ACME-3 carol,ACME-4 carol" "$(jq -r 'map("\(.key) \(.assignee)") | join(",")' <<<"$OUT")" "as they would be"
expect_ok request show ACME-3 --json
eq bob "$(jq -r .assignee <<<"$OUT")" "ACME-3 still bob's"
eq "$before" "$(store_state)" "the dry run wrote nothing"
# One key keeps the one object it always printed.
expect_ok request assign ACME-3 MSP --json
eq "object MSP" "$(jq -r '"\(type) \(.assignee)"' <<<"$OUT")" "one key: the object"


# Incidents the same way: one outage, three incidents, handed over, their
# recoveries confirmed and closed together, all or nothing.
export SD_NOW=2026-11-30T12:00:00+09:00
inc=()
for n in 1 2 3; do
  expect_ok incident open --customer ACME --impact no --title "片系障害 $n" --json
  inc+=("$(jq -r .key <<<"$OUT")")
done
expect_ok incident assign "${inc[0]}" "${inc[1]}" alice -m "夜間帯へ"
eq 2 "$(grep -c "^ACME-[0-9]*  open  " <<<"$OUT")" "a line per incident"
expect_ok incident show "${inc[1]}" --json
eq alice "$(jq -r .assignee <<<"$OUT")" "handed over"
expect_ok log --json
eq "${inc[0]} ${inc[1]}" "$(jq -r '[.[] | select(.action == "incident.assign") | .entity] | join(" ")' <<<"$OUT")" \
   "an audit entry each"
expect_unchanged 65 "${inc[1]} is already assigned to alice" incident assign "${inc[2]}" "${inc[1]}" alice
expect_unchanged 66 "ACME-99" incident assign "${inc[2]}" ACME-99 bob
expect_unchanged 64 "ASSIGNEE is required" incident assign "${inc[2]}"
# Not recovered yet: confirm refuses the whole command, naming the first.
expect_unchanged 65 "${inc[0]} is open; 'confirm' needs an incident that is recovered" \
  incident confirm "${inc[0]}" "${inc[1]}" "${inc[2]}"
for k in "${inc[@]}"; do expect_ok incident recover "$k" -m "フェイルオーバー"; done
export SD_NOW=2026-11-30T12:30:00+09:00
before=$(store_state)
expect_ok incident confirm "${inc[@]}" --dry-run
eq 3 "$(grep -c '  confirmed  ' <<<"$OUT")" "the dry run: as they would be"
contains "dry run: nothing was written" "$OUT"
eq "$before" "$(store_state)" "the dry run wrote nothing"
expect_unchanged 65 "${inc[2]} is given more than once" incident confirm "${inc[2]}" "${inc[2]}"
expect_unchanged 65 "if-version: goes with one key; 2 were given" incident confirm "${inc[0]}" "${inc[1]}" --if-version 1
expect_ok incident confirm - -m "疎通を確認" --json <<<"$(printf '%s\n' "${inc[@]}")"
eq "array confirmed,confirmed,confirmed" "$(jq -r '"\(type) " + (map(.status) | join(","))' <<<"$OUT")" \
   "confirmed from standard input"
# No recovery notice yet: close refuses them all.
expect_unchanged 65 "${inc[0]}: the customer has not been told it recovered" incident close "${inc[@]}"
for k in "${inc[@]}"; do expect_ok incident notify "$k" --via backlog --kind recovery -m "復旧しました"; done
"$SD" incident list --json | jq -r '.[] | select(.status == "confirmed") | .key' | "$SD" incident close - >"$T/closed.txt" 2>"$T/closed.err"
eq "0 0 0" "${PIPESTATUS[*]}" "the pipe"
eq 3 "$(grep -c '  closed  ' <"$T/closed.txt")" "all three closed"
expect_unchanged 65 "${inc[0]} is closed; 'close' needs an incident whose recovery is confirmed" incident close "${inc[0]}"

finish
