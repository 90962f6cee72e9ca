#!/usr/bin/env bash
# sd incident and sd customer criteria/host: the notification clock, the
# call tree, recovery, the Nagios check, hooks and messages.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok contact add ACME --name 田中 --phone 03-1111-1111 --role インフラ
expect_ok contact add ACME --name 佐藤 --phone 03-2222-2222
expect_ok request new --customer ACME --type backup --field op=add --field host=web01

# Hooks: one records every event, one always fails.
mkdir -p "$XDG_CONFIG_HOME/sd/hooks"
for ev in incident.opened incident.judged incident.notified incident.recovered incident.closed obligation.due-soon obligation.missed; do
  mkdir -p "$XDG_CONFIG_HOME/sd/hooks/$ev.d"
  printf '#!/bin/sh\n{ printf "%%s " "$SD_EVENT"; cat; echo; } >> "%s/hooks.log"\n' "$T" > "$XDG_CONFIG_HOME/sd/hooks/$ev.d/10-record"
  chmod +x "$XDG_CONFIG_HOME/sd/hooks/$ev.d/10-record"
done
printf '#!/bin/sh\nexit 3\n' > "$XDG_CONFIG_HOME/sd/hooks/incident.opened.d/20-broken"
chmod +x "$XDG_CONFIG_HOME/sd/hooks/incident.opened.d/20-broken"

# --- a customer's report (white paper 4.2.1), received at 10:00
expect_ok incident open --customer ACME --host web01 --via phone --detected-at 2026-11-30T09:50 \
  --business-impact "EC サイトで決済ができない" --title "web01 決済エラー" -m "500 が発生"
eq "ACME-2" "$OUT" "incidents share the customer's ticket numbers"
contains "hook" "$ERR" "a failing hook is reported"
contains "20-broken for incident.opened failed: exited 3" "$ERR"
expect_ok incident show ACME-2 --json
eq "open unjudged 2026-11-30T10:15:00+09:00 2026-11-30T10:30:00+09:00" \
  "$(jq -r '"\(.status) \(.impact) \(.clock.first_slo_due_at) \(.clock.first_sla_due_at)"' <<<"$OUT")" "unjudged: impacting deadlines"
eq "1" "$(grep -c '^incident.opened ' "$T/hooks.log")" "the hook saw the event once"
eq "ACME-2 incident.opened" "$(grep '^incident.opened ' "$T/hooks.log" | cut -d' ' -f2- | jq -r '"\(.incident.key) \(.event)"')" "hook JSON"

# --- the acceptance clock
SD_NOW=2026-11-30T10:11:00+09:00 run incident check --warn 5
eq 1 "$RC" "10:11: WARNING"
contains "SD INCIDENT WARNING" "$OUT"
contains "| missed=0;;1;0 due_soon=" "$(head -1 <<<"$OUT")" "performance data"
SD_NOW=2026-11-30T10:11:00+09:00 run incident check --warn 5 --json
eq "0 1" "$(jq -r '"\(.missed) \(.due_soon)"' <<<"$OUT")" "--json counts"
SD_NOW=2026-11-30T10:16:00+09:00 run incident check --warn 5
eq 2 "$RC" "10:16: CRITICAL"
contains "CRITICAL ACME-2 first notification (SLO)" "$OUT" "names the incident"
SD_NOW=2026-11-30T10:16:00+09:00 run incident check --json
eq "CRITICAL 1" "$(jq -r '"\(.status) \(.missed)"' <<<"$OUT")"
eq "1" "$(grep -c '^obligation.missed ' "$T/hooks.log")" "missed hook fired once"
SD_NOW=2026-11-30T10:17:00+09:00 run incident check
eq "1" "$(grep -c '^obligation.missed ' "$T/hooks.log")" "and not again a minute later"

# Calls in order: the first contact does not answer, the second does at 10:20.
# The ticket was updated on Backlog at 10:19: an unjudged incident needs the
# post and the answered call (white paper 4.2.2), so it is notified at 10:20.
SD_NOW=2026-11-30T10:18:00+09:00 expect_ok incident notify ACME-2 --via phone --contact 1 --result no-answer
SD_NOW=2026-11-30T10:19:00+09:00 expect_ok incident notify ACME-2 --via backlog -m "障害発生のご連絡"
SD_NOW=2026-11-30T10:20:00+09:00 expect_ok incident notify ACME-2 --via phone --contact 佐藤 --result answered -m "障害発生をご連絡"
expect_ok incident show ACME-2 --json
eq "2026-11-30T10:20:00+09:00 false true 2026-11-30T11:20:00+09:00" \
  "$(jq -r '"\(.first_notified_at) \(.clock.first_slo_met) \(.clock.first_sla_met) \(.clock.next_interim_due_at)"' <<<"$OUT")" \
  "late against the SLO, on time against the SLA, next report 11:20"
expect_ok incident calls ACME-2 --json
eq "田中:no-answer 佐藤:answered" "$(jq -r 'map("\(.name):\(.calls[0].result)") | join(" ")' <<<"$OUT")" "call tree"
expect_ok incident calls ACME-2
contains "10:18 no-answer" "$OUT"
SD_NOW=2026-11-30T11:00:00+09:00 run incident check
eq 0 "$RC" "OK until the interim report is near"
SD_NOW=2026-11-30T11:21:00+09:00 run incident check
eq 2 "$RC" "the hourly report is overdue"
contains "interim report" "$OUT"
expect_ok incident list --breached --json
eq "ACME-2" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "--breached"
SD_NOW=2026-11-30T11:15:00+09:00 expect_ok incident update ACME-2 -m "原因調査中です"
expect_ok incident show ACME-2 --json
eq "2026-11-30T12:15:00+09:00" "$(jq -r .clock.next_interim_due_at <<<"$OUT")" "an update restarts the hour"

# --- judgement
expect_ok incident judge ACME-2 --impact yes -m "決済不可"
expect_ok incident show ACME-2 --json
eq "yes tester" "$(jq -r '"\(.impact) \(.judged_by)"' <<<"$OUT")"
expect_unchanged 65 "--impact: 'maybe' is not allowed; use yes or no" incident judge ACME-2 --impact maybe
expect_ok incident open --customer ACME --impact no --title "片系障害 (フェイルオーバー済)" --json
eq "ACME-3 2026-11-30T11:00:00+09:00 null" "$(jq -r '"\(.key) \(.clock.first_slo_due_at) \(.clock.first_sla_due_at)"' <<<"$OUT")" "not impacting: 60 min, no SLA"

# --- escalation, recovery, confirmation, the recovery notice, closing
expect_ok incident escalate ACME-2 --to aws --case 1234567890 -m "EC2 ホスト障害の疑い"
expect_unchanged 65 "--to: 'boss' is not allowed; use support-center or aws" incident escalate ACME-2 --to boss
expect_unchanged 65 "'close' needs an incident whose recovery is confirmed" incident close ACME-2
expect_unchanged 65 "--kind: ACME-2 has not recovered" incident notify ACME-2 --via backlog --kind recovery
SD_NOW=2026-11-30T12:00:00+09:00 expect_ok incident recover ACME-2 --at 2026-11-30T11:50 -m "インスタンスを再起動"
expect_unchanged 65 "only an open incident recovers" incident recover ACME-2 -m again
expect_ok incident confirm ACME-2 -m "決済の成功を確認"
expect_unchanged 65 "has not been told it recovered" incident close ACME-2
SD_NOW=2026-11-30T12:05:00+09:00 expect_ok incident notify ACME-2 --via backlog -m "復旧しました"
expect_ok incident close ACME-2
expect_ok incident show ACME-2 --json
eq "closed 2026-11-30T11:50:00+09:00 aws" "$(jq -r '"\(.status) \(.recovered_at) \(.escalated_to)"' <<<"$OUT")"
eq "opened notify notify notify update judged escalate recover confirm notify close" "$(jq -r '.timeline | map(.kind) | join(" ")' <<<"$OUT")" "timeline"
expect_ok incident list --json
eq "ACME-3" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "closed ones are not listed by default"
expect_ok incident list --all --json
eq "ACME-2 ACME-3" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")"
# An unknown customer is an error, not an empty list.
expect_unchanged 66 "no customer NOPE" incident list --customer NOPE
expect_unchanged 66 "no customer NOPE" incident list --customer NOPE --breached --json
eq "" "$OUT" "no JSON for an unknown customer"

# --- messages from templates
expect_ok incident message ACME-3 --kind first
contains "Acme 株式会社" "$OUT"
contains "ACME-3" "$OUT"
expect_ok incident message ACME-2 --kind recovery --lang en --json
contains "インスタンスを再起動" "$(jq -r .text <<<"$OUT")" "recovery action in the notice"
mkdir -p "$XDG_CONFIG_HOME/sd/templates"
printf '{{key}} {{nope}}\n' > "$XDG_CONFIG_HOME/sd/templates/incident-first.ja.txt"
expect_error 78 "unknown placeholder" incident message ACME-3 --kind first
printf '[{{key}}] {{title}}\n' > "$XDG_CONFIG_HOME/sd/templates/incident-first.ja.txt"
expect_ok incident message ACME-3 --kind first
eq "[ACME-3] 片系障害 (フェイルオーバー済)" "$OUT" "a desk's own template wins"
expect_unchanged 65 "--kind: 'final' is not allowed" incident message ACME-3 --kind final
expect_unchanged 65 "--lang: 'fr' is not allowed" incident message ACME-3 --kind first --lang fr

# --- bad input: one line, nothing written
expect_unchanged 66 "no customer NOPE" incident open --customer NOPE
expect_unchanged 65 "customer key" incident open --customer nope
expect_unchanged 65 "--via: 'fax' is not allowed" incident open --customer ACME --via fax
expect_unchanged 65 "--received-at: .* is in the future" incident open --customer ACME --received-at 2026-12-01
expect_unchanged 65 "--detected-at: .* is after the report was received" incident open --customer ACME --detected-at 2026-11-30T10:00:01
expect_unchanged 65 "--result: required for a call" incident notify ACME-3 --via phone --contact 1
expect_unchanged 65 "--contact: a phone notification names who was called" incident notify ACME-3 --via phone --result answered
expect_unchanged 66 "has no contact named 鈴木" incident notify ACME-3 --via phone --contact 鈴木 --result answered
expect_unchanged 65 "--result: only a phone call has one" incident notify ACME-3 --via backlog --result answered
expect_unchanged 65 "ACME-2 is closed" incident notify ACME-2 --via backlog
expect_unchanged 66 "no incident ACME-1 \(it is a request" incident show ACME-1
expect_unchanged 66 "no incident ACME-9" incident judge ACME-9 --impact yes
expect_unchanged 65 "-m: must not be empty" incident update ACME-3 -m " "
expect_unchanged 64 "--impact is required" incident judge ACME-3
SD_NOW=2026-11-30T12:30:00+09:00 run incident check --warn x
eq "3" "$RC" "Nagios UNKNOWN on a bad option"
contains "SD INCIDENT UNKNOWN" "$OUT"
SD_NOW=2026-11-30T12:30:00+09:00 run incident check --customer NOPE
eq "3" "$RC" "Nagios UNKNOWN on an unknown customer"
SD_NOW=2026-11-30T12:30:00+09:00 run incident check --customer NOPE --json
eq "3 UNKNOWN" "$RC $(jq -r .status <<<"$OUT")" "UNKNOWN as JSON with --json"

# --- impact criteria and hosts
expect_ok customer criteria add ACME --match host=web* --match check=url --impact yes -m "Web の URL 監視"
expect_ok customer criteria add ACME --match host=batch* --impact no --json
eq "2 no null" "$(jq -r '"\(.order) \(.impact) \(.note)"' <<<"$OUT")" "criteria add --json: the rule added, no note is null"
expect_ok customer criteria list ACME --json
eq "host=web*,check=url:yes host=batch*:no" "$(jq -r 'map((.match | to_entries | map("\(.key)=\(.value)") | join(",")) + ":" + .impact) | join(" ")' <<<"$OUT")"
id=$(jq -r '.[1].id' <<<"$OUT")
expect_ok customer criteria remove ACME "$id" --json
eq "$id no" "$(jq -r '"\(.id) \(.impact)"' <<<"$OUT")" "criteria remove --json: the rule removed"
expect_unchanged 66 "has no criterion 999" customer criteria remove ACME 999
expect_unchanged 65 "--match: 'host' is not LABEL=PATTERN" customer criteria add ACME --match host --impact yes
expect_unchanged 65 "--impact: 'maybe'" customer criteria add ACME --match host=x --impact maybe
expect_unchanged 64 "--match is required" customer criteria add ACME --impact yes
expect_ok customer host add ACME web01 web02 --json
eq "ACME:web01 ACME:web02" "$(jq -r 'map("\(.customer):\(.host)") | join(" ")' <<<"$OUT")" "host add, several: an array of hosts"
expect_ok customer host add ACME web03 --json
eq '{"customer":"ACME","host":"web03"}' "$(jq -c . <<<"$OUT")" "host add, one: the host"
expect_ok customer host remove ACME web03 --json
eq '{"customer":"ACME","host":"web03"}' "$(jq -c . <<<"$OUT")" "host remove, one: the host removed"
expect_unchanged 65 "HOST: web01 already belongs to ACME" customer host add ACME web01
expect_ok customer host list --json
eq "ACME:web01 ACME:web02" "$(jq -r 'map("\(.customer):\(.host)") | join(" ")' <<<"$OUT")"
expect_ok customer host remove ACME web02
expect_unchanged 66 "has no host web02" customer host remove ACME web02

# The white paper's priority words: 高, 中, 低 stand for high, normal, low.
expect_unchanged 65 "^sd: --priority: '急' is not allowed; use high, normal, low, 高, 中 or 低$" \
  incident open --customer ACME --title x --priority 急
expect_ok incident open --customer ACME --title "priority in Japanese" --priority 低 --json
eq "low" "$(jq -r .priority <<<"$OUT")" "incident open --priority 低 records low"

finish
