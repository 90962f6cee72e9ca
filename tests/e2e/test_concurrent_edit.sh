#!/usr/bin/env bash
# Two engineers change one ticket: the second write is refused and nothing
# is lost (optimistic locking, sd(1) CONCURRENCY). tanaka opens the editor
# for a comment on ACME-1; while it is open suzuki comments; when tanaka's
# editor closes, sd exits 75 naming suzuki and when, writes nothing, and
# keeps tanaka's text in $XDG_STATE_HOME/sd/message-ACME-1.txt. A script's
# --if-version N changes a request or an incident only while it is at
# version N (exit 75 and nothing written otherwise); a bad N is exit 65
# naming --if-version. show --json and list --json carry the version.
. "$(dirname "$0")/lib.sh"
need jq script
export XDG_STATE_HOME="$T/state"

expect_ok init
expect_ok customer add ACME --name 'Acme'
expect_ok request new --customer ACME --type backup --field op=add --field host=web01
rversion() { "$SD" request show "$1" --json | jq -r .version; }
iversion() { "$SD" incident show "$1" --json | jq -r .version; }
notes() { "$SD" request show ACME-1 --json | jq -r '[.history[] | select(.kind == "comment") | .note] | join("|")'; }
eq 1 "$(rversion ACME-1)" "a new request is at version 1"
expect_ok request list --json
eq 1 "$(jq -r '.[0].version' <<<"$OUT")" "list --json has the version"

# (a) The editor is open while another engineer comments.
cat >"$T/editor" <<'EDIT'
#!/bin/sh
printf 'moved the backup window to 02:00\n' >"$1"
: >"$SYNC/opened"
# Wait (boundedly) until the test lets the editor close.
i=0
while [ ! -e "$SYNC/close" ] && [ "$i" -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
EDIT
chmod +x "$T/editor"
mkdir "$T/sync"
SYNC="$T/sync" EDITOR="$T/editor" VISUAL='' SD_ACTOR=tanaka \
  script -qec "'$SD' request comment ACME-1" /dev/null </dev/null >"$T/tty" 2>&1 &
a=$!
i=0
while [ ! -e "$T/sync/opened" ] && [ "$i" -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
eq yes "$([ -e "$T/sync/opened" ] && echo yes)" "tanaka's editor opened"
SD_ACTOR=suzuki SD_NOW=2026-11-30T10:03:00+09:00 expect_ok request comment ACME-1 -m 'the customer called back'
eq 2 "$(rversion ACME-1)" "suzuki's comment moved ACME-1 to version 2"
# What a user would look at: the request with its history, and the audit
# log. (On SQLite the file's bytes may still move when tanaka's sd, the last
# to close the store, folds the write-ahead log into it.)
snapshot() { "$SD" request show ACME-1 --json; "$SD" log --json; }
before=$(snapshot)
: >"$T/sync/close"
wait "$a"
eq 75 "$?" "tanaka's comment exits 75"
tty=$(tr -d '\r' <"$T/tty")
contains "sd: ACME-1 was changed by suzuki at 2026-11-30T10:03:00+09:00 since you read it; nothing was written (read it again with 'sd request show ACME-1'); your message is kept in $T/state/sd/message-ACME-1.txt" "$tty" "the refusal names who changed it, when, and the kept file"
eq "moved the backup window to 02:00" "$(cat "$T/state/sd/message-ACME-1.txt")" "tanaka's text is kept"
eq "the customer called back" "$(notes)" "suzuki's comment is there, tanaka's is not"
eq "$before" "$(snapshot)" "tanaka's refused comment changed nothing"
eq 2 "$(rversion ACME-1)" "still at version 2"
# Taken up again from the kept file, against what is there now.
expect_ok request comment ACME-1 --as tanaka -F "$T/state/sd/message-ACME-1.txt" --if-version 2
eq "the customer called back|moved the backup window to 02:00" "$(notes)" "nothing is lost"

# (b) --if-version on a request: stale, ahead, right; bad values.
expect_unchanged 75 "^sd: ACME-1 was changed by tanaka at 2026-11-30T10:00:00\+09:00 since you read it; nothing was written \(read it again with 'sd request show ACME-1'\)$" \
  request comment ACME-1 -m late --if-version 2
expect_unchanged 75 "^sd: ACME-1 is at version 3, not 9; nothing was written" request start ACME-1 --if-version 9
expect_unchanged 75 "was changed by" request edit ACME-1 --title 'new title' --if-version 1
expect_unchanged 75 "was changed by" request assign ACME-1 sato --if-version 2
for bad in abc 0 -1 1.5 ''; do
  expect_unchanged 65 "^sd: --if-version: must be a version, a whole number 1 or more" \
    request comment ACME-1 -m x --if-version "$bad"
done
expect_ok request start ACME-1 --if-version 3 --json
eq "in-progress 4" "$(jq -r '"\(.status) \(.version)"' <<<"$OUT")" "the right version: changed, version + 1"
expect_ok request edit ACME-1 --title 'new title' --if-version 4
eq 5 "$(rversion ACME-1)" "edit moves the version on"
expect_ok request comment ACME-1 -m 'no expectation'
eq 6 "$(rversion ACME-1)" "without --if-version a change is made as before"

# The same on an incident.
expect_ok incident open --customer ACME --host web01 --title 'web01 down'
eq 1 "$(iversion ACME-2)" "a new incident is at version 1"
expect_ok incident list --json
eq 1 "$(jq -r '.[0].version' <<<"$OUT")" "incident list --json has the version"
expect_ok incident judge ACME-2 --impact yes --if-version 1
expect_unchanged 75 "^sd: ACME-2 was changed by tester at 2026-11-30T10:00:00\+09:00 since you read it; nothing was written \(read it again with 'sd incident show ACME-2'\)$" \
  incident comment ACME-2 -m stale --if-version 1
expect_unchanged 75 "was changed by" incident recover ACME-2 -m restarted --if-version 1
expect_unchanged 65 "^sd: --if-version: must be a version" incident close ACME-2 --if-version x
expect_ok incident recover ACME-2 -m restarted --if-version 2 --json
eq "recovered 3" "$(jq -r '"\(.status) \(.version)"' <<<"$OUT")" "incident recover at the right version"

finish
