#!/usr/bin/env bash
# One naming rule for every --json output and every hook document (sd(1),
# JSON): an instant is under a key that is "at" or ends in "_at"; a length of
# time is whole seconds under a key ending in "_seconds" (no minutes, hours
# or days of wall time); an absent value is null, never "". A desk with one
# of everything (requests paused, urgent, escalated, exempt and late;
# incidents from alerts and by hand, notified, recovered, reopened; the
# inbox; a problem, a change and CIs; contacts, criteria and hosts) is
# walked through every command that prints JSON, and every key of every
# document is checked. Values a user or a monitoring system gave (request
# fields, alert labels, change sets, event data) and the stored before and
# after of audit entries are theirs, and are not walked.
. "$(dirname "$0")/lib.sh"
need jq

# The rule, in jq: one line per key that breaks it, "PATH: why".
RULE='
def iso: type == "string" and test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)$");
def theirs: . as $k | ["fields", "labels", "sets", "data", "before", "after", "match", "payload", "settings"] | index($k);
def walk_keys(p):
  if type == "object" then
    to_entries[] | .key as $k | .value as $v | (p + "." + $k) as $q |
      ( if ($v | iso) and ($k != "at" and ($k | endswith("_at") | not)) then "\($q): an instant not named at or *_at"
        elif $v == "" then "\($q): an empty string for an absent value"
        elif ($k | test("minutes|hours")) then "\($q): a length of time not in seconds"
        elif ($k | test("seconds")) and ($k | endswith("_seconds") | not) then "\($q): seconds not named *_seconds"
        elif ($k | test("(^|_)due$")) and ($v | type) == "string" then "\($q): a due time not named *_at"
        else empty end ),
      ( if ($k | theirs) then empty else $v | walk_keys($q) end )
  elif type == "array" then .[] | walk_keys(p + "[]")
  else empty end;
[walk_keys("")] | unique[]'

# check WHAT FILE: every JSON document in FILE (one, or one a line) follows the rule.
check() {
  local bad
  bad=$(jq -r "$RULE" "$2" 2>&1) || { fail "$1: not JSON: $bad"; return; }
  if [ -z "$bad" ]; then ok; else fail "$1 breaks the JSON naming rule:"$'\n'"$bad"; fi
}
# json ARGS...: runs sd --json ARGS (which must succeed) and checks its output.
json() {
  run --json "$@"
  if [ "$RC" -ne 0 ]; then fail "sd --json $* exited $RC: $ERR"; return; fi
  if [ -z "$OUT" ]; then fail "sd --json $* printed nothing"; return; fi
  printf '%s\n' "$OUT" > "$T/doc.json"
  check "sd --json $*" "$T/doc.json"
}

# Every hook event writes its document where the suite can read it.
for ev in incident.opened incident.judged incident.notified incident.recovered incident.closed \
          alert.received alert.cleared alert.inboxed obligation.due-soon obligation.missed; do
  mkdir -p "$XDG_CONFIG_HOME/sd/hooks/$ev.d"
  printf '#!/bin/sh\ncat > "%s/hook.$SD_EVENT.$$.json"\n' "$T" > "$XDG_CONFIG_HOME/sd/hooks/$ev.d/keep"
  chmod 755 "$XDG_CONFIG_HOME/sd/hooks/$ev.d/keep"
done

# --- the desk (Monday 2026-11-30, Tokyo) ------------------------------------------
expect_ok init
json customer add ACME --name "Acme 株式会社" --plan advanced
json contact add ACME --name "田中 一郎" --phone 03-1234-5678
json contact add ACME --name "Suzuki Hanako" --phone 090-1111-2222 --role 情報システム部 --email hanako@example.jp
json customer host add ACME web01
json customer host add ACME db01 batch01
json customer host remove ACME batch01
json customer criteria add ACME --match host=web* --impact yes
json customer criteria add ACME --match host=batch* --impact no -m "batch is not a service"
json customer criteria remove ACME 2

json request new --customer ACME --type backup --field op=add --field host=web01 --received-at 2026-11-20T18:00
json request new --customer ACME --type security-group --field op=add --field host=web01 \
  --field rule="203.0.113.0/24 から 443/tcp" --via phone --caller "田中 一郎"
json request wait ACME-2 -m "送信元の確認待ち"
SD_NOW=2026-11-30T11:00:00+09:00 json request resume ACME-2
json request new --customer ACME --type patch --field host=db01 --field target=PostgreSQL --field patch=15.9 \
  --received-at 2026-11-27T16:00
json request new --customer ACME --type server-power --field op=restart --field host=web01 --urgent \
  --received-at 2026-11-30T09:00
json request new --customer ACME --type consultation --field content="DR 構成の相談" --priority low
json request assign ACME-3 suzuki
json request escalate ACME-3 --to support-center -m "needs a DBA"
json request resolve ACME-1 --miss-reason "host was unreachable"
json request new --customer ACME --type restore --field host=web02 --field snapshot=snap-1 --received-at 2026-11-24T10:00
json request start ACME-6
json request exempt ACME-6 -m "customer asked to wait for their vendor"
json request list
json request list --open
json request show ACME-1
json request show ACME-2
json request show ACME-4
json request explain ACME-1

run alert ingest <<'JSON'
{"version":"4","status":"firing","receiver":"sd","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093","alerts":[{"status":"firing","labels":{"alertname":"HTTPDown","instance":"web01:443","severity":"critical"},"annotations":{"summary":"https://www.acme.example/ does not answer"},"startsAt":"2026-11-30T00:58:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://p:9090/graph","fingerprint":"6f1c2d3e4a5b6c7d"}]}
JSON
eq 0 "$RC" "an alert opens an incident: $ERR"
printf 'plain text, no JSON\n' | "$SD" --json alert ingest > "$T/kept.json" 2>/dev/null
check "sd --json alert ingest (kept in the inbox)" "$T/kept.json"
json incident open --customer ACME --title "disk 80%" --impact no --received-at 2026-11-30T09:30
quiet=$(jq -r .key <<<"$OUT")
loud=$("$SD" --json incident list | jq -r '.[] | select(.host == "web01") | .key')
[ -n "$loud" ] && ok || fail "the alert's incident is not listed"
SD_NOW=2026-11-30T10:16:00+09:00 run --json incident check
printf '%s\n' "$OUT" > "$T/check.json"
check "sd --json incident check" "$T/check.json"
SD_NOW=2026-11-30T10:17:00+09:00 json incident judge "$loud" --impact yes
SD_NOW=2026-11-30T10:18:00+09:00 json incident notify "$loud" --via phone --contact 1 --result answered
SD_NOW=2026-11-30T10:20:00+09:00 json incident comment "$loud" -m "looking at nginx"
SD_NOW=2026-11-30T11:10:00+09:00 json incident update "$loud" -m "still restarting"
SD_NOW=2026-11-30T11:20:00+09:00 json incident escalate "$loud" --to support-center -m "needs the network team"
SD_NOW=2026-11-30T11:30:00+09:00 json incident recover "$loud" -m "restarted nginx"
SD_NOW=2026-11-30T11:40:00+09:00 json incident confirm "$loud"
SD_NOW=2026-11-30T11:50:00+09:00 json incident notify "$loud" --via backlog --kind recovery
SD_NOW=2026-11-30T12:00:00+09:00 json incident close "$loud"
json incident assign "$quiet" suzuki
json incident edit "$quiet" --title "disk 85%"
json incident message "$quiet" --kind first
json incident list
json incident list --all
json incident show "$loud"
json incident show "$quiet"
json incident calls "$quiet"
printf '%s' '{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","instance":"web09:9100"},"annotations":{},"startsAt":"2026-11-30T01:00:00Z","fingerprint":"0a0b0c0d"}]}' |
  "$SD" --json alert ingest > "$T/unplaced.json" 2>/dev/null
check "sd --json alert ingest (no customer for its host)" "$T/unplaced.json"
unplaced=$(jq -r .inbox_id "$T/unplaced.json")
json alert inbox
json customer host add ACME web09
json alert retry "$unplaced"
json alert dismiss 1 -m "not an alert"
json alert inbox --all

json ci add web01 --customer ACME --type ec2
json ci add rds01 --customer ACME --type rds --version 15.3
json ci link web01 depends-on rds01
json ci list
json ci show rds01
json ci impact rds01
json problem new --title "web01 stops under load" --from ACME-1
json problem rca PRB-1 -m "too few workers"
json problem list
json problem show PRB-1
json problem trends --from 2026-11-01 --to 2026-12-01
json change new --customer ACME --title "Upgrade rds01" --ci rds01 --risk medium --impact "a short failover" \
  --set version=15.4
json change list
json change show CHG-1
json change calendar --from 2026-11-01 --to 2027-01-01

json customer list
json customer show ACME
json contact list ACME
json customer host list
json customer criteria list ACME
json calendar add 2026-11-20T18:00 1bd
json calendar explain 2026-11-20T18:00 1bd
json calendar between 2026-11-20T12:00 2026-11-24T15:30
json calendar holidays 2026
json calendar is-business-day 2026-11-24
json calendar show 2026-11
json catalog list
json catalog show backup
SD_NOW=2026-12-01T10:00:00+09:00 run --json slo check
printf '%s\n' "$OUT" > "$T/slo-check.json"
check "sd --json slo check" "$T/slo-check.json"
json slo report --month 2026-11
expect_ok customer host add ACME undo01
json undo --dry-run
json undo --yes
json log
json config show
json db check

# --- the hook documents -----------------------------------------------------------
docs=("$T"/hook.*.json)
if [ -e "${docs[0]}" ]; then ok; else fail "no hook ran"; fi
for d in "${docs[@]}"; do
  [ -e "$d" ] && check "the hook document of $(basename "$d" | cut -d. -f2-3)" "$d"
done
for ev in incident.opened incident.notified incident.recovered alert.inboxed obligation.missed; do
  compgen -G "$T/hook.$ev.*.json" >/dev/null && ok || fail "no $ev document was written"
done

finish
