#!/usr/bin/env bash
# The reports tell the whole story (white paper §5.3.3), for November 2026,
# made on 2026-12-10 at 10:00:
# - per incident: the time to the first notice against the SLO and the SLA
#   (an SLA breach named as such), the interim reports owed and late, and
#   the time to recovery (the outage);
# - an unjudged incident is listed among the serious ones until judged;
# - the Markdown and HTML reports are Japanese throughout, the definition
#   too; a basic-plan customer's report has no advanced rows;
# - the SLO report has a total row; CSV booleans are true/false and --bom
#   (or [report] csv_bom) starts it with a UTF-8 byte order mark;
# - the JSON has the fields sd-slo(1) documents, sla_* null without an SLA.
#
# ACME (advanced plan):
#   ACME-1 impact yes, failed 09:50 (detected), received 2026-11-10 10:00,
#          first notice (an answered call and a post) 10:40 (40 min: past the 15-minute SLO and the
#          30-minute SLA), reports posted 11:30 (due 11:40, on time) and
#          12:50 (due 12:30, 20 minutes late), recovered 13:00: an outage of
#          3 h 10 min (11400 s), 2 reports owed, 1 late.
#   ACME-2 not judged, received 2026-11-11 10:00, notified 10:10, recovered
#          10:50 (before a report was due): an outage of 50 minutes (3000 s).
#   ACME-3 impact no, received 2026-11-12 10:00, notified 10:50 (within 60).
#   ACME-4 backup received Thursday 2026-11-05 10:00 (due 19:00), resolved 15:00: met.
#   ACME-5 backup received 2026-11-05 10:00, resolved 11-06 12:00: missed.
#   ACME-6 patch received Tuesday 2026-11-24 10:00, due 2026-11-30 19:00,
#          still open: missed and overdue.
# BETA (basic plan): one backup, met.
. "$(dirname "$0")/lib.sh"
need jq od
export SD_NOW=2026-11-01T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社" --plan advanced
expect_ok customer add BETA --name "ベータ商事"
expect_ok contact add ACME --name 田中 --phone 03-1111-1111

at() { SD_NOW="$1:00+09:00"; shift; expect_ok "$@"; }
at 2026-11-10T10:00 incident open --customer ACME --impact yes --detected-at 2026-11-10T09:50 --title "web01 停止"
at 2026-11-10T10:40 incident notify ACME-1 --via phone --contact 1 --result answered -m "障害発生のご連絡"
at 2026-11-10T10:40 incident notify ACME-1 --via backlog -m "障害発生のご連絡"
at 2026-11-10T11:30 incident update ACME-1 -m "調査中です"
at 2026-11-10T12:50 incident update ACME-1 -m "復旧作業中です"
at 2026-11-10T13:00 incident recover ACME-1 -m "再起動で復旧"
at 2026-11-11T10:00 incident open --customer ACME --title "db01 遅延"
at 2026-11-11T10:10 incident notify ACME-2 --via phone --contact 1 --result answered -m "ご連絡"
at 2026-11-11T10:10 incident notify ACME-2 --via backlog -m "ご連絡"
at 2026-11-11T10:50 incident recover ACME-2 -m "自然回復"
at 2026-11-12T10:00 incident open --customer ACME --impact no --title "片系障害"
at 2026-11-12T10:50 incident notify ACME-3 --via backlog -m "ご報告"
at 2026-11-05T10:00 request new --customer ACME --type backup --field op=add --field host=web01
at 2026-11-05T10:00 request new --customer ACME --type backup --field op=add --field host=web02
at 2026-11-05T15:00 request resolve ACME-4
at 2026-11-06T12:00 request resolve ACME-5 --miss-reason "担当者の確認漏れ"
at 2026-11-24T10:00 request new --customer ACME --type patch --field host=web01 --field target=kernel --field patch=CVE-2026-1
at 2026-11-05T10:00 request new --customer BETA --type backup --field op=add --field host=app01
at 2026-11-05T12:00 request resolve BETA-1
export SD_NOW=2026-12-10T10:00:00+09:00

# --- per incident, in JSON
expect_ok slo report --month 2026-11 --customer ACME --json
J=$OUT
eq "ACME-1 yes 2400 true true 2 1 11400" \
   "$(jq -r '.incident_details[0] | "\(.key) \(.impact) \(.first_notice_seconds) \(.slo_missed) \(.sla_missed) \(.interim_owed) \(.interim_late) \(.outage_seconds)"' <<<"$J")" "ACME-1"
eq "ACME-2 unjudged 600 false false 0 0 3000" \
   "$(jq -r '.incident_details[1] | "\(.key) \(.impact) \(.first_notice_seconds) \(.slo_missed) \(.sla_missed) \(.interim_owed) \(.interim_late) \(.outage_seconds)"' <<<"$J")" "ACME-2"
eq "ACME-3 no 3000 false null null null" \
   "$(jq -r '.incident_details[2] | "\(.key) \(.impact) \(.first_notice_seconds) \(.slo_missed) \(.sla_missed) \(.sla_due_at) \(.outage_seconds)"' <<<"$J")" "ACME-3: no SLA, not recovered"
eq "2026-11-10T09:50:00+09:00 2026-11-10T10:15:00+09:00 2026-11-10T10:30:00+09:00 2026-11-10T13:00:00+09:00" \
   "$(jq -r '.incident_details[0] | "\(.detected_at) \(.slo_due_at) \(.sla_due_at) \(.recovered_at)"' <<<"$J")" "ACME-1 times"

# --- the documented JSON, field by field (sd-slo(1), OUTPUT FORMATS, json)
eq "period customer generated_at any_missed requests requests_total incidents incidents_total incident_details escalated_requests definition definition_ja noted_requests" \
   "$(jq -r 'keys_unsorted | join(" ")' <<<"$J")" "top-level keys"
eq "type name name_en tier raised_by slo_days due met missed open_overdue open kept mark attainment_pct" \
   "$(jq -r '.requests[0] | keys_unsorted | join(" ")' <<<"$J")" "request keys"
eq "due met missed open_overdue open kept mark attainment_pct" \
   "$(jq -r '.requests_total | keys_unsorted | join(" ")' <<<"$J")" "total keys"
eq "impact count notified slo_missed sla_missed first_notice_median_seconds first_notice_p95_seconds slo_kept sla_kept slo_mark sla_mark interim_owed interim_late" \
   "$(jq -r '.incidents[0] | keys_unsorted | join(" ")' <<<"$J")" "incident row keys"
eq "count notified slo_missed sla_missed slo_kept sla_kept interim_owed interim_late" \
   "$(jq -r '.incidents_total | keys_unsorted | join(" ")' <<<"$J")" "incident total keys"
eq "key impact status title received_at detected_at first_notified_at first_notice_seconds slo_due_at sla_due_at slo_missed sla_missed interim_owed interim_late recovered_at outage_seconds recovery_action" \
   "$(jq -r '.incident_details[0] | keys_unsorted | join(" ")' <<<"$J")" "incident detail keys"
eq "yes:1:1:false:false:×:× no:0:null:true:null:○:null unjudged:0:0:true:true:○:○" \
   "$(jq -r '.incidents | map("\(.impact):\(.slo_missed):\(.sla_missed):\(.slo_kept):\(.sla_kept):\(.slo_mark):\(.sla_mark)") | join(" ")' <<<"$J")" "no impact: sla_* null"
eq "3 1 2 1 false × 33.3" \
   "$(jq -r '.requests_total | "\(.due) \(.met) \(.missed) \(.open_overdue) \(.kept) \(.mark) \(.attainment_pct * 10 | round / 10)"' <<<"$J")" "the total row"
eq "3 3 1 1 2 1" "$(jq -r '.incidents_total | "\(.count) \(.notified) \(.slo_missed) \(.sla_missed) \(.interim_owed) \(.interim_late)"' <<<"$J")" "incident totals"
eq "2026-11 true" "$(jq -r '"\(.period.label) \(.any_missed)"' <<<"$J")"
contains "Requests count in a period" "$(jq -r .definition <<<"$J")"
contains "ご依頼は、期限" "$(jq -r .definition_ja <<<"$J")"

# --- the terminal table: the total row and the incidents one by one
expect_ok slo report --month 2026-11 --customer ACME
contains "           total                合計" "$OUT"
grep -qE '^ +total +合計 +3 +1 +2 +1 +0 +× +33\.3%$' <<<"$OUT" && ok || fail "text total row: $OUT"
grep -qE '^total +3 +3 +1 +1 .*2 +1$' <<<"$OUT" && ok || fail "text incident total: $OUT"
grep -qE '^ACME-1 +yes +recovered +2026-11-10 10:00 +2026-11-10 10:40 +40m +× +× SLA breach +2 +1 +2026-11-10 13:00 +3h 10m$' <<<"$OUT" && ok || fail "text ACME-1: $OUT"

# --- Markdown: Japanese throughout, totals, the SLA breach by name
expect_ok slo report --month 2026-11 --customer ACME --format markdown
M=$OUT
contains "## 合計" "$M"
contains "| **3** | **1** | **2** | **1** | **×** | **33.3%** |" "$M"
contains "## 障害ごとの対応" "$M"
contains "| ACME-1 | サービス影響あり | web01 停止 | 復旧 | 2026-11-10 10:00 | 2026-11-10 10:40 | 40 分 | × | × (SLA 違反) | 2 | 1 | 2026-11-10 13:00 | 3 時間 10 分 | 再起動で復旧 |" "$M"
contains "| ACME-3 | サービス影響なし | 片系障害 | 対応中 | 2026-11-12 10:00 | 2026-11-12 10:50 | 50 分 | ○ | — | 0 | 0 | — | — |  |" "$M"
contains "定義: ご依頼は、期限" "$M"
# Every word of the page is Japanese, but for codes, keys and the zone.
words=$(grep -oE '[A-Za-z]{2,}' <<<"$M" | sort -u | tr '\n' ' ')
# (AWS and Security Group are in catalog names, db and web in titles.)
eq "ACME AWS Asia Backlog Group SLA SLO Security Tokyo db web " "$words" "ASCII words in the Markdown"
expect_ok slo report --month 2026-11 --customer ACME --format html
# The page's text (its style sheet and tags left out) is Japanese too.
words=$(sed -e '/<style>/,/<\/style>/d' -e 's/<[^>]*>/ /g' <<<"$OUT" | grep -oE '[A-Za-z]{2,}' | sort -u | tr '\n' ' ')
eq "ACME AWS Asia Backlog Group SLA SLO Security Tokyo db web " "$words" "ASCII words in the HTML"
contains "定義: ご依頼は、期限" "$OUT"
[[ "$OUT" != *"Requests count"* ]] && ok || fail "HTML has the English definition"

# --- the service report: the unjudged incident among the serious ones
expect_ok report service --customer ACME --month 2026-11 --json
eq "ACME-1 ACME-2" "$(jq -r '.serious_incidents | map(.key) | join(" ")' <<<"$OUT")" "serious: yes and unjudged"
eq "true true 1 11400" "$(jq -r '.serious_incidents[0] | "\(.missed) \(.sla_missed) \(.interim_late) \(.outage_seconds)"' <<<"$OUT")"
eq "ACME-1 初報が SLA (30 分) を超過 (SLA 違反)、中間報告の遅延 1 件 (期限到来 2 件中)" \
   "$(jq -r '.nonconformities[0] | "\(.key) \(.note)"' <<<"$OUT")" "the SLA breach named, the late report counted"
expect_ok report service --customer ACME --month 2026-11 --format html
words=$(sed -e '/<style>/,/<\/style>/d' -e 's/<[^>]*>/ /g' <<<"$OUT" | grep -oE '[A-Za-z]{2,}' | sort -u | tr '\n' ' ')
eq "ACME AWS Acme Asia Backlog Group SLA SLO Security Tokyo db web " "$words" "ASCII words in the service report's HTML"
expect_ok report service --customer ACME --month 2026-11
contains "| ACME-2 | 影響未判定 | db01 遅延 | 復旧 | 2026-11-11 10:00 | 2026-11-11 10:10 | 10 分 | ○ | ○ | 0 | 0 | 2026-11-11 10:50 | 50 分 | 自然回復 |" "$OUT"
contains "定義: ご依頼は、期限" "$OUT"
[[ "$OUT" != *"Requests count"* ]] && ok || fail "service report has the English definition"
words=$(grep -oE '[A-Za-z]{2,}' <<<"$OUT" | sort -u | tr '\n' ' ')
eq "ACME AWS Acme Asia Backlog Group SLA SLO Security Tokyo db web " "$words" "ASCII words in the service report"

# --- a basic-plan customer: no advanced rows
expect_ok slo report --month 2026-11 --customer BETA --json
eq "0 1" "$(jq -r '[.requests[] | select(.tier == "advanced")] | length' <<<"$OUT") $(jq -r '.requests_total.met' <<<"$OUT")" "BETA: no advanced rows"
expect_ok report service --customer BETA --month 2026-11
[[ "$OUT" != *"アドバンスドサポート"* ]] && ok || fail "BETA's service report shows the advanced tier"
contains "### ベーシックサポート" "$OUT"
expect_ok report service --customer ACME --month 2026-11
contains "### アドバンスドサポート" "$OUT"
expect_ok slo report --month 2026-11 --json
eq "5" "$(jq '[.requests[] | select(.tier == "advanced")] | length' <<<"$OUT")" "every customer's report has every type"

# --- CSV: true/false, the total row, --bom and the config default
expect_ok slo report --month 2026-11 --customer ACME --format csv
C=$OUT
eq "section,tier,code,name,name_en,raised_by,slo_days,due,met,missed,open_overdue,open,kept,attainment_pct,impact,count,notified,slo_missed,sla_missed,first_notice_median_seconds,first_notice_p95_seconds,slo_kept,sla_kept,interim_owed,interim_late" \
   "$(head -n 1 <<<"$C" | tr -d '\r')" "CSV header"
contains "type,minor,backup,バックアップ作業,Backup,customer,1,2,1,1,0,0,false,50.0," "$C"
contains "type,,total,合計,,,,3,1,2,1,0,false,33.3," "$C"
contains "incident,,,,,,,,,,,,,,no,1,1,0,,3000,3000,true,,0,0" "$C"
contains "incident,,,,,,,,,,,,,,total,3,3,1,1,,,false,false,2,1" "$C"
[[ "$C" != *"○"* && "$C" != *"×"* ]] && ok || fail "CSV has marks"
eq "73 65 63" "$(printf '%s' "$C" | head -c 3 | od -An -tx1 | tr -s ' ' | sed 's/^ //;s/ $//')" "no BOM by default"
"$SD" slo report --month 2026-11 --customer ACME --format csv --bom > "$T/bom.csv"
eq "ef bb bf 73" "$(head -c 4 "$T/bom.csv" | od -An -tx1 | tr -s ' ' | sed 's/^ //;s/ $//')" "--bom"
mkdir -p "$XDG_CONFIG_HOME/sd"
printf '[report]\ncsv_bom = true\n' > "$XDG_CONFIG_HOME/sd/config"
"$SD" slo report --month 2026-11 --customer ACME --format csv > "$T/cfg.csv"
eq "ef bb bf 73" "$(head -c 4 "$T/cfg.csv" | od -An -tx1 | tr -s ' ' | sed 's/^ //;s/ $//')" "[report] csv_bom = true"
"$SD" slo report --month 2026-11 --customer ACME --format csv --no-bom > "$T/nobom.csv"
eq "73 65 63" "$(head -c 3 "$T/nobom.csv" | od -An -tx1 | tr -s ' ' | sed 's/^ //;s/ $//')" "--no-bom wins over the config"
expect_ok slo report --month 2026-11 --customer ACME --format markdown
[[ "$OUT" != $'\xef\xbb\xbf'* ]] && ok || fail "a BOM outside CSV"

# Errors: one line.
expect_error 64 "^sd: --bom goes with --format csv$" slo report --month 2026-11 --format markdown --bom
printf '[report]\ncsv_bom = yes\n' > "$XDG_CONFIG_HOME/sd/config"
expect_error 78 "csv_bom: 'yes' is not allowed; use true or false" slo report --month 2026-11 --format csv
printf '[report]\nbom = true\n' > "$XDG_CONFIG_HOME/sd/config"
expect_error 78 "unknown key 'bom' in \[report\]; allowed: csv_bom" slo report --month 2026-11
rm "$XDG_CONFIG_HOME/sd/config"
finish
