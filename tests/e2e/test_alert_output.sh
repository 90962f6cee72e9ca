#!/usr/bin/env bash
# A hostile sender cannot forge what sd prints: an escape sequence (ESC [
# 31m, an OSC title with BEL, a C1 CSI) or a bidi override (U+202E, U+2066)
# in an alert's identity, title, summary or labels never reaches stdout or
# stderr raw: not from alert ingest, incident show, incident list, alert
# inbox or sd log, as text or --json. At intake each becomes a space in what
# sd stores (sd-alert-formats(5), Rules for every format); --json writes the
# ones a raw payload may still hold as \u escapes; the payload is kept as
# it came, in the inbox only.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme"
expect_ok customer host add ACME web01

# kept N FILE: inbox item N is FILE byte for byte.
kept() {
  "$SD" alert show "$1" >"$T/shown" 2>/dev/null
  if cmp -s "$2" "$T/shown"; then ok; else fail "inbox #$1 is not $(basename "$2") byte for byte"; fi
}

ESC=$'\e' BIDI=$'\xe2\x80\xae' CSI1=$'\xc2\x9b' BEL=$'\a'
# raw TEXT WHAT: TEXT holds no ESC, BEL, C1 CSI nor bidi override.
raw() {
  case "$1" in
    *"$ESC"* | *"$BIDI"* | *"$CSI1"* | *"$BEL"*) fail "$2 holds a raw control: $(printf '%q' "$1")" ;;
    *) ok ;;
  esac
}
evil='{"id":"evil\u001b[31mred\u202egnp.exe\u009b2J","status":"firing","host":"web01","title":"\u001b]0;owned\u0007CPU \u202ehigh","summary":"line\u001b[2Kone","labels":{"team\u001b[1m":"ops\u2066x"}}'
expect_ok alert ingest <<<"$evil"
raw "$OUT" "alert ingest"
contains "opened ACME-1 evil [31mred gnp.exe 2J" "$OUT"
expect_ok alert ingest --json <<<"$evil"
raw "$OUT" "alert ingest --json"
eq "duplicate evil [31mred gnp.exe 2J" "$(jq -r '.alerts[0] | "\(.action) \(.identity)"' <<<"$OUT")" "the cleaned identity, as stored"
expect_ok incident show ACME-1
raw "$OUT" "incident show"
contains "title:        ]0;owned CPU high" "$OUT"
expect_ok incident show ACME-1 --json
raw "$OUT" "incident show --json"
eq "evil [31mred gnp.exe 2J|ops x" "$(jq -r '.alerts[0] | "\(.identity)|\(.labels["team [1m"])"' <<<"$OUT")" "alert in show --json"
expect_ok incident list
raw "$OUT" "incident list"
contains "]0;owned CPU high" "$OUT"
expect_ok incident list --json
raw "$OUT" "incident list --json"
expect_ok log
raw "$OUT" "sd log"
expect_ok log --json
raw "$OUT" "sd log --json"
# A payload kept for want of a customer names the alert in its reason.
expect_exit 65 alert ingest <<<'{"id":"x\u001b[31m\u202e","status":"firing"}'
raw "$ERR" "the error on stderr"
contains "x [31m : no customer" "$ERR"
# Raw bytes are valid JSON in a string: a bidi override and a C1 CSI sent
# as they are. The payload is kept as it came, and --json escapes them.
printf '{"id":"y%s%s","status":"firing"}' "$BIDI" "$CSI1" >"$T/rawbidi.json"
expect_error 65 "#2: y  : no customer" alert ingest <"$T/rawbidi.json"
raw "$ERR" "the error on stderr"
kept 2 "$T/rawbidi.json"
expect_ok alert inbox
raw "$OUT" "alert inbox"
contains "y  : no customer" "$OUT"
# The check of unplaced alerts and open incidents (a Nagios plugin's lines).
expect_exit 1 incident check
raw "$OUT" "incident check"
expect_exit 1 incident check --json
raw "$OUT" "incident check --json"
expect_ok alert inbox --json
raw "$OUT" "alert inbox --json"
contains '"payload": "{\"id\":\"y\u202e\u009b\",' "$OUT"
eq "$(cat "$T/rawbidi.json")" "$(jq -r '.[-1].payload' <<<"$OUT")" "the payload through --json"

finish
