#!/usr/bin/env bash
# sd slo report/metrics/check and sd report service over a store with known
# outcomes, built through the sd commands.
. "$(dirname "$0")/lib.sh"
need jq python3
at() { SD_NOW="$1" "$SD" "${@:2}" >/dev/null 2>>"$T/setup.err" || fail "setup: sd ${*:2}"; }
expect_ok init
at 2026-11-01T09:00 customer add ACME --name "Acme 株式会社" --plan advanced
at 2026-11-01T09:00 customer add BETA --name "Beta"
# Requests (the desk calendar: 10:00-19:00 on Japanese business days)
at 2026-11-02T10:00 request new --customer ACME --type backup --field op=add --field host=web01       # ACME-1 due 11-02 19:00
at 2026-11-02T15:00 request resolve ACME-1                                                             # met
at 2026-11-05T10:00 request new --customer ACME --type backup --field op=add --field host=web02       # ACME-2 due 11-05 19:00
at 2026-11-06T12:00 request resolve ACME-2 --miss-reason "担当者の確認漏れ"                                 # missed
at 2026-11-24T10:00 request new --customer ACME --type patch --field host=db01 --field target=PostgreSQL --field patch=15.9  # ACME-3 due 11-30 19:00, left open
at 2026-11-30T18:00 request new --customer BETA --type security-group --field op=add --field host=lb1 --field rule=443   # BETA-1 due 12-01 18:00
at 2026-12-01T17:00 request resolve BETA-1                                                             # met
at 2026-12-09T10:00 request new --customer ACME --type consultation --field content=DR                # ACME-4 due 12-15 19:00, open
# Incidents
# An impacting or unjudged incident's first notice is a Backlog post and an
# answered call (white paper 4.2.2): it is given when both are done.
at 2026-11-01T09:00 contact add ACME --name 田中 --phone 03-1111
at 2026-11-10T10:00 incident open --customer ACME --impact yes --title "web 停止"                       # ACME-5
at 2026-11-10T10:05 incident notify ACME-5 --via phone --contact 田中 --result answered
at 2026-11-10T10:10 incident notify ACME-5 --via backlog                                              # 10 min: SLO and SLA met
at 2026-11-11T10:00 incident open --customer ACME --title "判定前"                                       # ACME-6 unjudged
at 2026-11-11T10:02 incident notify ACME-6 --via backlog
at 2026-11-11T10:20 incident notify ACME-6 --via phone --contact 田中 --result answered                # 20 min: SLO missed, SLA met
at 2026-11-12T10:00 incident open --customer BETA --impact no --title "片系"                            # BETA-2
at 2026-11-12T10:50 incident notify BETA-2 --via email                                                # 50 min: within 60
at 2026-12-01T10:00 incident open --customer ACME --impact yes --title "未連絡"                          # ACME-7, never notified
export SD_NOW=2026-12-10T10:00:00+09:00

row() { jq -c --arg t "$2" '.requests[] | select(.type == $t) | [.due, .met, .missed, .open_overdue, .open, .mark]' <<<"$1"; }
inc() { jq -c --arg i "$2" '.incidents[] | select(.impact == $i) | [.count, .notified, .slo_missed, .sla_missed, .first_notice_median_seconds, .slo_mark, .sla_mark]' <<<"$1"; }

# --- a month
expect_ok slo report --month 2026-11 --format json
R=$OUT
eq "[2,1,1,0,0,\"×\"]" "$(row "$R" backup)" "Nov backup"
eq "50" "$(jq '.requests[] | select(.type == "backup") | .attainment_pct' <<<"$R")" "Nov backup attainment"
eq "[1,0,1,1,0,\"×\"]" "$(row "$R" patch)" "Nov patch: open past due"
eq "[0,0,0,0,0,\"○\"]" "$(row "$R" security-group)" "Nov security-group: nothing due"
eq "null" "$(jq '.requests[] | select(.type == "security-group") | .attainment_pct' <<<"$R")"
eq "23" "$(jq '.requests | length' <<<"$R")" "every catalog type listed"
eq "minor" "$(jq -r '.requests[0].tier' <<<"$R")" "grouped by tier"
eq "[1,1,0,0,600,\"○\",\"○\"]" "$(inc "$R" yes)" "Nov impacting incidents"
eq "[1,1,1,0,1200,\"×\",\"○\"]" "$(inc "$R" unjudged)" "Nov unjudged incidents"
eq "[1,1,0,null,3000,\"○\",null]" "$(inc "$R" no)" "Nov non-impacting incidents: no SLA (null: does not apply)"
contains "due time" "$(jq -r .definition <<<"$R")" "the definition travels with the data"

# --- another month, a year, one customer
expect_ok slo report --month 2026-12 --json
eq "[1,1,0,0,0,\"○\"]" "$(row "$OUT" security-group)" "Dec security-group"
eq "[1,0,0,0,1,\"○\"]" "$(row "$OUT" consultation)" "Dec consultation: open, not yet due"
eq "[1,0,1,1,null,\"×\",\"×\"]" "$(inc "$OUT" yes)" "Dec: never notified misses both"
expect_ok slo report --year 2026 --format json
eq "[2,1,1,0,0,\"×\"]" "$(row "$OUT" backup)" "2026 backup"
eq "[2,1,1,1,600,\"×\",\"×\"]" "$(inc "$OUT" yes)" "2026 impacting"
eq "2026" "$(jq -r .period.label <<<"$OUT")"
expect_ok slo report --month 2026-11 --customer BETA --format json
eq "[0,0,0,0,0,\"○\"]" "$(row "$OUT" backup)" "BETA has no backups"
eq "[1,1,0,null,3000,\"○\",null]" "$(inc "$OUT" no)" "BETA's incident"
eq "[0,0,0,0,null,\"○\",\"○\"]" "$(inc "$OUT" yes)"
expect_ok slo report --from 2026-11-01 --to 2026-11-05 --json
eq "[2,1,1,0,0,\"×\"]" "$(row "$OUT" backup)" "a range includes its last day"
eq "2026-11-01..2026-11-05" "$(jq -r .period.label <<<"$OUT")"

# --- formats
expect_ok slo report --month 2026-11
contains "backup" "$OUT"
contains "×" "$OUT"
expect_ok slo report --month 2026-11 --format markdown
contains "| バックアップ作業 |" "$OUT"
expect_ok slo report --month 2026-11 --format html
contains "<table" "$OUT"
expect_ok slo report --month 2026-11 --format csv
eq "2" "$(printf '%s' "$OUT" | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
print([r for r in rows if r.get("code") == "backup"][0]["due"])')" "CSV read back"

# CSV survives Japanese names with commas and quotes (a desk's own catalog).
mkdir -p "$XDG_CONFIG_HOME/sd"
jq '(.types[] | select(.code == "backup") | .name) |= "バックアップ \"週次\", 特別"' \
  "$SD_SOURCE_DIR/share/sd/catalog.json" > "$T/catalog.json"
printf '[catalog]\npath = %s\n' "$T/catalog.json" > "$XDG_CONFIG_HOME/sd/config"
expect_ok slo report --month 2026-11 --format csv
printf '%s' "$OUT" > "$T/report.csv"
eq 'バックアップ "週次", 特別|2|1' "$(python3 -c '
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
r = [r for r in rows if r.get("code") == "backup"][0]
print(r["name"] + "|" + r["due"] + "|" + r["met"])' "$T/report.csv")" "CSV round trip"
grep -q $'\r$' "$T/report.csv" && ok || fail "CSV lines end in CRLF"
rm "$XDG_CONFIG_HOME/sd/config"

# --- --fail-on-breach
run slo report --month 2026-11 --fail-on-breach
eq 1 "$RC" "a missed target fails the run"
run slo report --month 2026-10 --fail-on-breach
eq 0 "$RC" "a clean month passes"

# --- bad input
expect_unchanged 65 "--month: '2026-13' is not a month" slo report --month 2026-13
expect_unchanged 65 "--year: 'twenty' is not a year" slo report --year twenty
expect_unchanged 65 "--year: '20x6' is not a year" slo report --year 20x6
expect_unchanged 65 "--month: '2026-1x' is not a month" slo report --month 2026-1x
expect_unchanged 64 "give one of" slo report --month 2026-11 --year 2026
expect_unchanged 64 "--from and --to go together" slo report --from 2026-11-01
expect_unchanged 65 "--to: 2026-10-01 is before --from" slo report --from 2026-11-01 --to 2026-10-01
expect_unchanged 65 "--format: 'pdf' is not allowed" slo report --format pdf
expect_unchanged 66 "no customer NOPE" slo report --customer NOPE

# --- metrics
expect_ok slo metrics
contains '# TYPE sd_requests_overdue gauge' "$OUT"
contains 'sd_requests_overdue{customer="ACME",tier="impacting",type="patch"} 1' "$OUT"
contains 'sd_requests_missed{customer="ACME",tier="minor",type="backup"} 1' "$OUT"
contains 'sd_incident_first_notification_sla_missed{customer="ACME",impact="yes"} 1' "$OUT"
eq "" "$(grep -v '^#' <<<"$OUT" | grep -vE '^sd_[a-z_]+\{[a-z]+="[^"]*"(,[a-z]+="[^"]*")*\} [0-9]+$')" "every sample: bounded labels, a value, no timestamp"
eq "" "$(grep -v '^#' <<<"$OUT" | grep -oE '[a-z_]+=' | sort -u | grep -vE '^(customer|tier|type|impact|format)=$')" "only customer, tier, type, impact, format labels"
mkdir -p "$T/textfile"
expect_ok slo metrics --output "$T/textfile/sd.prom"
eq "$("$SD" slo metrics)" "$(cat "$T/textfile/sd.prom")" "--output writes the same text"
eq "sd.prom" "$(ls -A "$T/textfile")" "no temp file left behind"
expect_error 73 "no/such/dir/sd.prom: cannot create a file in" slo metrics --output "$T/no/such/dir/sd.prom"

# --- slo check (Nagios)
run slo check
eq 2 "$RC" "an overdue request is CRITICAL"
contains "CRITICAL ACME-3" "$OUT"
contains " | overdue=1;;1;0 " "$(head -1 <<<"$OUT")" "performance data: the overdue count"
run slo check --json
eq "$(jq .overdue <<<"$OUT")" "$(sed -n 's/.* | overdue=\([0-9]*\);.*/\1/p' <<<"$("$SD" slo check)")" "--json and the performance data agree"
run slo check --customer BETA
eq 0 "$RC" "BETA has nothing open"
eq "SD SLO OK - 0 requests overdue, 0 due within 2 business hours | overdue=0;;1;0 due_soon=0;1;;0 unscheduled=0;1;;0 open=0;;;0" "$OUT" "status line with performance data"
at 2026-12-10T10:00 request resolve ACME-3 --miss-reason "部品待ち"
SD_NOW=2026-12-15T17:30:00+09:00 run slo check --warn 2 --json
eq "1 WARNING ACME-4" "$RC $(jq -r '"\(.status) \(.requests[0].key)"' <<<"$OUT")" "within 2 business hours: WARNING"
SD_NOW=2026-12-15T15:00:00+09:00 run slo check --warn 2
eq 0 "$RC" "4 business hours left: OK"
run slo check --warn -1
eq 3 "$RC" "a bad --warn is UNKNOWN"
contains "SD SLO UNKNOWN" "$OUT"

# --- the service report
expect_ok report service --customer ACME --month 2026-11 --format json
eq "Acme 株式会社" "$(jq -r .customer_name <<<"$OUT")"
# ACME-5 and ACME-6 are still open with no interim report posted: the one
# due an hour after each first notice is late.
eq "ACME-2:担当者の確認漏れ ACME-3:部品待ち ACME-5:中間報告の遅延 1 件 (期限到来 1 件中) ACME-6:初報が SLO (15 分) を超過、中間報告の遅延 1 件 (期限到来 1 件中)" \
  "$(jq -r '.nonconformities | map("\(.key):\(.note)") | sort | join(" ")' <<<"$OUT")" "misses with their causes"
eq "ACME-3" "$(jq -r '.major_requests | map(.key) | join(" ")' <<<"$OUT")" "major requests"
eq "ACME-5 ACME-6" "$(jq -r '.serious_incidents | map(.key) | join(" ")' <<<"$OUT")" "serious incidents: the unjudged one too"
eq "12 2026-11 1 2" "$(jq -r '"\(.trend | length) \(.trend[-1].month) \(.trend[-1].met) \(.trend[-1].missed)"' <<<"$OUT")" "trend"
eq "backup:2 patch:1" "$(jq -r '.requests_by_type | map("\(.type):\(.count)") | join(" ")' <<<"$OUT")"
eq "月:1 火:1 水:0 木:1 金:0 土:0 日:0" "$(jq -r '.requests_by_weekday | map("\(.weekday):\(.count)") | join(" ")' <<<"$OUT")"
expect_ok report service --customer ACME --month 2026-11
contains "Acme 株式会社" "$OUT"
contains "担当者の確認漏れ" "$OUT"
expect_ok report service --customer ACME --month 2026-11 --format html
contains "<svg" "$OUT"
expect_unchanged 66 "no customer NOPE" report service --customer NOPE --month 2026-11
expect_unchanged 64 "--month is required" report service --customer ACME
expect_unchanged 65 "--format: 'csv' is not allowed" report service --customer ACME --month 2026-11 --format csv

finish
