#!/usr/bin/env bash
# Notices say what is true. sd incident message reports the situation given
# with -m (or on stdin), never a note recorded earlier; it promises the next
# report at the time the incident clock tracks; its times are in the
# customer's zone and say which; an English notice uses the customer's
# English name; the desk's name comes from the config. Internal notes
# (incident comment --internal) are never in a message and do not restart
# the hour. incident edit corrects an incident with an audit entry (impact
# by the rule of judge), incident assign sets its owner, and incident open
# records who called or wrote (--caller, --via email).
. "$(dirname "$0")/lib.sh"
need jq
at() { local when=$1; shift; SD_NOW="$when" expect_ok "$@"; }

export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社" --name-en "Acme Corp."
expect_ok customer add GLOBEX --name "グローベックス" --tz America/New_York --name-en "Globex Inc."
expect_ok contact add ACME --name 山田 --phone 03-1111-2222

# --- the English name: stored, shown, changed, removed
expect_ok customer show ACME --json
eq "Acme Corp." "$(jq -r .name_en <<<"$OUT")" "customer show --json name_en"
expect_ok customer show ACME
contains "name_en:  Acme Corp." "$OUT" "customer show"
expect_ok customer edit GLOBEX --name-en ""
eq "null" "$(jq -r .name_en <<<"$("$SD" customer show GLOBEX --json)")" "--name-en \"\" removes it"
expect_ok customer edit GLOBEX --name-en "Globex Inc."
eq "Globex Inc." "$(jq -r .name_en <<<"$("$SD" customer show GLOBEX --json)")" "customer edit --name-en"
expect_unchanged 65 "^sd: --name-en: must be one line$" customer edit ACME --name-en $'a\nb'
expect_unchanged 65 "^sd: --name-en: not valid UTF-8$" customer add BAD --name x --name-en $'\xc3\x28'
expect_unchanged 64 "give --name, --name-en, --plan or --tz" customer edit ACME

# --- an impacting incident: first notice at 10:10, so the next report is due 11:10
at 2026-11-30T10:00:00+09:00 incident open --customer ACME --impact yes --host web01 --title "web01 が応答しない"
eq "ACME-1" "$OUT"
at 2026-11-30T10:05:00+09:00 incident comment ACME-1 --internal -m "内部メモ: DB も怪しい"
at 2026-11-30T10:08:00+09:00 incident notify ACME-1 --via backlog -m "第一報を Backlog に投稿"
at 2026-11-30T10:10:00+09:00 incident notify ACME-1 --via phone --contact 1 --result answered -m "第一報を電話でご連絡"
eq "2026-11-30T11:10:00+09:00" "$(jq -r .clock.next_interim_due_at <<<"$("$SD" incident show ACME-1 --json)")" "due an hour after the first notice"

# An internal note at 10:20 and a plain comment at 10:30 are not notices: the hour still runs from 10:10.
at 2026-11-30T10:20:00+09:00 incident comment ACME-1 --internal -m "再起動を検討"
eq "ACME-1  open  impact yes  next interim 11:10 (in 50m)" "$OUT" "comment --internal prints the summary line"
at 2026-11-30T10:30:00+09:00 incident comment ACME-1 -m "お客様から状況の問い合わせあり"
at 2026-11-30T10:30:00+09:00 incident show ACME-1 --json
eq "2026-11-30T11:10:00+09:00 2026-11-30T10:10:00+09:00" "$(jq -r '"\(.clock.next_interim_due_at) \(.last_notice_at)"' <<<"$OUT")" "comments move no deadline"
eq "true true false" "$(jq -r '[.timeline[] | select(.kind == "comment") | .data.internal | tostring] | join(" ")' <<<"$OUT")" "internal and plain comments told apart"
at 2026-11-30T10:30:00+09:00 incident show ACME-1
contains "comment (internal)" "$OUT" "show marks internal notes"
contains "      再起動を検討" "$OUT" "show keeps the note"
SD_NOW=2026-11-30T10:30:00+09:00 expect_exit 0 incident check

# 10:40: the interim report says what -m says, and the tracked 11:10, in the customer's zone.
at 2026-11-30T10:40:00+09:00 incident message ACME-1 --kind interim -m "web01 を再起動しています"
msg=$OUT
contains "■ 現在の状況 (2026-11-30 10:40 JST 時点):
web01 を再起動しています" "$msg" "the situation is -m's"
contains "■ 次回のご報告予定: 2026-11-30 11:10 JST" "$msg" "next report: the tracked due time"
contains "■ 受付日時: 2026-11-30 10:00 JST" "$msg" "times say their zone"
for note in "内部メモ" "再起動を検討" "第一報を電話でご連絡" "第一報を Backlog に投稿" "状況の問い合わせ"; do
  case "$msg" in *"$note"*) fail "the message quotes a recorded note: $note" ;; *) ok ;; esac
done
contains "お世話になっております。サポートデスクです。" "$msg" "the desk's default name"
# Without -m: the template's own words, still no recorded note.
at 2026-11-30T10:40:00+09:00 incident message ACME-1 --kind interim
contains "原因の調査および復旧対応を継続しております。" "$OUT" "no -m: the template's fallback"
case "$OUT" in *"再起動を検討"*|*"第一報を電話で"*) fail "message without -m quotes a note" ;; *) ok ;; esac
# -m - reads the situation from standard input, several lines kept.
OUT=$(printf 'DB を切り替えました\n監視は正常です\n' | SD_NOW=2026-11-30T10:40:00+09:00 "$SD" incident message ACME-1 --kind interim -m - 2>&1); RC=$?
eq 0 "$RC" "message -m - exits 0"
contains "DB を切り替えました
監視は正常です
■ 次回のご報告予定" "$OUT" "-m - reads stdin, several lines, the last newline dropped"
# English: the English name, the same times labelled.
at 2026-11-30T10:40:00+09:00 incident message ACME-1 --kind interim --lang en -m "Restarting web01."
contains "Dear Acme Corp. team," "$OUT" "English notices use name_en"
contains "- Next report by: 2026-11-30 11:10 JST" "$OUT" "English: tracked due, labelled"
contains "Support Desk" "$OUT" "the default English desk name"
at 2026-11-30T10:40:00+09:00 incident message ACME-1 --kind interim --json -m "x"
eq "interim" "$(jq -r .kind <<<"$OUT")" "message --json"
expect_unchanged 65 "^sd: -m: control characters are not allowed$" incident message ACME-1 --kind interim -m $'a\x01b'

# The first notice of an incident not yet notified promises an hour after now.
at 2026-11-30T10:45:00+09:00 incident open --customer GLOBEX --impact yes --title "db down"
eq "GLOBEX-1" "$OUT"
at 2026-11-30T10:50:00+09:00 incident message GLOBEX-1 --kind first --lang en
contains "Dear Globex Inc. team," "$OUT" "GLOBEX's English name"
contains "- Received at: 2026-11-29 20:45 EST" "$OUT" "in the customer's zone, New York"
contains "- Next report by: 2026-11-29 21:50 EST" "$OUT" "not yet notified: an hour from now"
at 2026-11-30T10:50:00+09:00 incident message GLOBEX-1 --kind first
contains "グローベックス ご担当者様" "$OUT" "Japanese notices keep the name"
contains "■ 受付日時: 2026-11-29 20:45 EST" "$OUT" "Japanese notice, customer's zone"

# The desk's name from the config.
mkdir -p "$XDG_CONFIG_HOME/sd"
printf '[desk]\nname = 運用センター\n' > "$XDG_CONFIG_HOME/sd/config"
at 2026-11-30T10:50:00+09:00 incident message ACME-1 --kind interim
contains "お世話になっております。運用センターです。" "$OUT" "[desk] name"
case "$OUT" in *サポートデスク*) fail "the default desk name with [desk] name set" ;; *) ok ;; esac
rm "$XDG_CONFIG_HOME/sd/config"

# --- edit: corrected with an audit entry; impact by the rule of judge
at 2026-11-30T10:55:00+09:00 incident edit ACME-1 --title "web01 HTTP 503" --host web01.acme.example --priority 中
at 2026-11-30T10:55:00+09:00 incident show ACME-1 --json
eq "web01 HTTP 503 web01.acme.example normal" "$(jq -r '"\(.title) \(.host) \(.priority)"' <<<"$OUT")" "edit changes the fields"
eq '{"title":{"from":"web01 が応答しない","to":"web01 HTTP 503"},"host":{"from":"web01","to":"web01.acme.example"},"priority":{"from":"high","to":"normal"}}' \
  "$(jq -c '.timeline[-1].data' <<<"$OUT")" "the timeline names each change"
expect_ok log ACME-1 --json
eq "incident.edit web01 が応答しない web01 HTTP 503" "$(jq -r '.[-1] | "\(.action) \(.before.title) \(.after.title)"' <<<"$OUT")" "audit: before and after"
at 2026-11-30T10:56:00+09:00 --as suzuki incident edit ACME-1 --impact no
at 2026-11-30T10:56:00+09:00 incident show ACME-1 --json
eq "no suzuki 2026-11-30T10:56:00+09:00 judged" "$(jq -r '"\(.impact) \(.judged_by) \(.judged_at) \(.timeline[-1].kind)"' <<<"$OUT")" "impact through judge's rule"
expect_unchanged 65 "^sd: incident edit: ACME-1 already has the values given$" incident edit ACME-1 --impact no --title "web01 HTTP 503"
expect_unchanged 64 "nothing to change" incident edit ACME-1
expect_unchanged 65 "^sd: --title: must not be empty$" incident edit ACME-1 --title " "
expect_unchanged 65 "^sd: --impact: 'maybe' is not allowed" incident edit ACME-1 --impact maybe
expect_unchanged 66 "no incident ACME-9" incident edit ACME-9 --title x

# --- assign: the owner, in list, show and JSON, and a filter
at 2026-11-30T11:00:00+09:00 incident list
# In a pipe the list is tab-separated: ASSIGNEE is the fourth cell.
TAB=$(printf '\t')
eq "ASSIGNEE" "$(head -1 <<<"$OUT" | cut -f4)" "list has an ASSIGNEE column"
eq "MSP" "$(grep "^ACME-1${TAB}" <<<"$OUT" | cut -f4)" "the desk owns a new incident"
at 2026-11-30T11:00:00+09:00 incident assign ACME-1 鈴木 -m "DB 担当"
at 2026-11-30T11:00:00+09:00 incident list --assignee 鈴木 --json
eq "ACME-1 鈴木" "$(jq -r 'map("\(.key) \(.assignee)") | join(",")' <<<"$OUT")" "list --assignee"
at 2026-11-30T11:00:00+09:00 incident list --assignee MSP --json
eq "GLOBEX-1" "$(jq -r 'map(.key) | join(",")' <<<"$OUT")" "the others stay with the desk"
at 2026-11-30T11:00:00+09:00 incident show ACME-1
contains "assignee:     鈴木" "$OUT" "show names the owner"
contains "assign MSP -> 鈴木" "$OUT" "the timeline has the hand-over"
expect_unchanged 65 "^sd: ACME-1 is already assigned to 鈴木$" incident assign ACME-1 鈴木
expect_unchanged 65 "^sd: ASSIGNEE: must not be empty$" incident assign ACME-1 " "
expect_unchanged 64 "ASSIGNEE is required" incident assign ACME-1
expect_unchanged 65 "^sd: -m: must not be empty$" incident comment ACME-1 -m " "
expect_unchanged 64 "required" incident comment ACME-1

# --- who reported it: --caller, and --via email
at 2026-11-30T11:10:00+09:00 incident open --customer ACME --via email --caller "佐藤 (情報システム部)" --title "メールで障害のご連絡"
key=$OUT
at 2026-11-30T11:10:00+09:00 incident show "$key" --json
eq "email 佐藤 (情報システム部)" "$(jq -r '"\(.via) \(.caller)"' <<<"$OUT")" "via email, caller stored"
at 2026-11-30T11:10:00+09:00 incident show "$key"
contains "via:          email  caller: 佐藤 (情報システム部)  priority high" "$OUT" "show names the caller"
expect_unchanged 65 "^sd: --via: 'fax' is not allowed; use monitoring, backlog, phone or email$" incident open --customer ACME --via fax
expect_unchanged 65 "^sd: --caller: must be one line$" incident open --customer ACME --caller $'a\nb'

finish
