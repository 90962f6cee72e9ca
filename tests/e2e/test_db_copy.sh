#!/usr/bin/env bash
# A desk moves from SQLite to PostgreSQL with sd db copy, and every report
# reads the same after, byte for byte. November 2026 on a SQLite file: the
# demo's session (scripts/demo.sh: ACME-1 to ACME-5), then requests of every tier, met, missed,
# still open and waiting; incidents impacting, not impacting and unjudged,
# with calls, interim reports (one late) and recoveries; a problem with its
# root cause and workaround; a change from draft to closed on a CI; and the
# audit of all of it. Every report command, in JSON (and the SLO report in
# its other formats), run on 2026-12-10 for the month and for the year, on
# the file and then on the PostgreSQL copy: the same bytes and exit status.
# Both stores export the same bytes; the next request on the copy takes the
# next key. sd db copy --json says what it copied; it refuses a missing
# source (66), the same store twice (65), a store that holds rows (73, and
# leaves it as it was), an empty or unreachable address (65, 74), each
# naming --from or --to.
# It needs PostgreSQL (ctest label pg): without a server it is skipped.
. "$(dirname "$0")/lib.sh"
if [ "$SD_BACKEND" != postgresql ]; then
  printf '%s: skipped: needs a PostgreSQL server (SD_TEST_PG)\n' "$(basename "$0" .sh)"
  exit 77
fi
need jq cmp
: "${SD_SOURCE_DIR:?SD_SOURCE_DIR must point at the source tree}"
PG=$SD_DB
LITE="$T/desk/sd.db"

# --- the month on SQLite
sh "$SD_SOURCE_DIR/scripts/demo.sh" "$SD" "$T/desk" >/dev/null 2>&1 && ok || fail "the demo failed"
export SD_DB="$LITE" XDG_CONFIG_HOME="$T/desk/config"
at() { SD_NOW="$1:00+09:00"; shift; expect_ok "$@"; }
at 2026-11-01T09:00 customer add BETA --name "ベータ商事"
at 2026-11-01T09:00 contact add BETA --name 佐藤 --phone 03-2222-2222
at 2026-11-01T09:00 customer host add BETA app01
# Requests: minor met and missed, impacting open past due, basic and advanced.
at 2026-11-05T10:00 request new --customer ACME --type backup --field op=add --field host=web02
at 2026-11-05T15:00 request resolve ACME-6
at 2026-11-05T10:00 request new --customer ACME --type restore --field host=web01 --field snapshot=snap-1
at 2026-11-06T12:00 request resolve ACME-7 --miss-reason "担当者の確認漏れ"
at 2026-11-24T10:00 request new --customer ACME --type patch --field host=web01 --field target=kernel --field patch=CVE-2026-1
at 2026-11-09T10:00 request new --customer ACME --type capacity-planning --field content="年末の容量"
at 2026-11-10T10:00 request wait ACME-9 -m "数値の提供待ち"
at 2026-11-12T10:00 request resume ACME-9
at 2026-11-13T10:00 request new --customer ACME --type study-session --field content="AWS 入門"
at 2026-11-05T10:00 request new --customer BETA --type backup --field op=add --field host=app01
at 2026-11-05T12:00 request resolve BETA-1
# Incidents: impacting with a late report, unjudged, not impacting.
at 2026-11-10T10:00 incident open --customer ACME --impact yes --detected-at 2026-11-10T09:50 --title "web01 停止"
at 2026-11-10T10:40 incident notify ACME-11 --via phone --contact 1 --result answered -m "障害発生のご連絡"
at 2026-11-10T10:40 incident notify ACME-11 --via backlog -m "障害発生のご連絡"
at 2026-11-10T11:30 incident update ACME-11 -m "調査中です"
at 2026-11-10T12:50 incident update ACME-11 -m "復旧作業中です"
at 2026-11-10T13:00 incident recover ACME-11 -m "再起動で復旧"
at 2026-11-11T10:00 incident open --customer ACME --title "db01 遅延"
at 2026-11-11T10:10 incident notify ACME-12 --via backlog -m "ご連絡"
at 2026-11-11T10:50 incident recover ACME-12 -m "自然回復"
at 2026-11-12T10:00 incident open --customer BETA --impact no --title "片系障害"
at 2026-11-12T10:50 incident notify BETA-2 --via backlog -m "ご報告"
# A problem and a change, with a CI.
at 2026-11-13T10:00 problem new --title "web01 が再起動を要する" --from ACME-11 -m "メモリリーク"
at 2026-11-13T11:00 problem rca PRB-1 -m "ミドルウェアのリーク"
at 2026-11-13T11:00 problem workaround PRB-1 -m "週次再起動"
at 2026-11-14T10:00 ci add web01 --customer ACME --type ec2
at 2026-11-14T10:00 change new --customer ACME --title "web01 の更新" --ci web01 --risk low --impact "数分の再起動" --set version=2
at 2026-11-14T10:00 change rollback-plan CHG-1 -m "スナップショットから戻す"
at 2026-11-14T10:00 change assess CHG-1 -m "影響は軽微"
at 2026-11-15T10:00 change approve CHG-1
at 2026-11-15T10:00 change schedule CHG-1 --start 2026-11-20T02:00 --end 2026-11-20T03:00
at 2026-11-20T02:00 change implement CHG-1
at 2026-11-20T02:30 change succeed CHG-1
at 2026-11-21T10:00 change review CHG-1 --goal-met yes -m "問題なし"
at 2026-11-21T10:00 change close CHG-1
export SD_NOW=2026-12-10T10:00:00+09:00

# --- every report, on the store given: one file each, its exit status first
reports() {  # reports DIR
  mkdir -p "$1"
  local i=0 cmd
  while IFS= read -r cmd; do
    [ -n "$cmd" ] || continue
    i=$((i + 1))
    eval "run $cmd"
    { printf 'sd %s => %s\n' "$cmd" "$RC"; printf '%s\n' "$OUT"; } >"$1/$i"
  done <<'EOF'
slo report --month 2026-11 --json
slo report --year 2026 --json
slo report --month 2026-11 --customer ACME --json
slo report --month 2026-11 --customer BETA --json
slo report --year 2026 --customer ACME --json
slo report --from 2026-11-01 --to 2026-11-15 --json
slo report --month 2026-11 --format csv
slo report --month 2026-11 --customer ACME --format markdown
slo report --month 2026-11 --customer ACME --format html
slo report --month 2026-11
report service --customer ACME --month 2026-11 --json
report service --customer BETA --month 2026-11 --json
report service --customer ACME --month 2026-11 --format html
slo check --json
incident check --json
request list --json
incident list --all --json
incident show ACME-11 --json
request show ACME-9 --json
problem list --json
problem show PRB-1 --json
problem trends --from 2026-11-01 --json
change list --json
change show CHG-1 --json
change calendar --json
ci list --json
customer list --json
customer show ACME --json
log --json
EOF
  run slo metrics --output "$1/metrics.prom"
}
reports "$T/lite"
eq 29 "$(ls "$T/lite" | grep -c '^[0-9]')" "29 reports"
eq "" "$(grep -h '^sd .* => ' "$T/lite"/[0-9]* | grep -vE ' => [012]$')" "every report ran on SQLite"
jq -e '.requests_total.due > 0 and .incidents_total.count == 4' <(sed 1d "$T/lite/1") >/dev/null && ok ||
  fail "the month has requests due and four incidents: $(cat "$T/lite/1")"

# --- the copy
expect_ok db copy --from "$LITE" --to "$PG" --json
eq "$LITE $PG 22" "$(jq -r '"\(.from) \(.to) \(.tables)"' <<<"$OUT")" "copy --json: from, to, tables"
SD_DB="$LITE" "$SD" export >"$T/lite.jsonl"
eq "$(($(wc -l <"$T/lite.jsonl") - 1))" "$(jq -r .rows <<<"$OUT")" "copy --json: every row"

export SD_DB="$PG"
reports "$T/pg"
for f in "$T/lite"/*; do
  cmp "$f" "$T/pg/$(basename "$f")" && ok || fail "$(head -n 1 "$f") differs on PostgreSQL: $(diff "$f" "$T/pg/$(basename "$f")" | head -n 5)"
done
"$SD" export >"$T/pg.jsonl"
cmp "$T/lite.jsonl" "$T/pg.jsonl" && ok || fail "the copy exports other bytes"
expect_ok db check

# The next request takes the next key, on the copy as on the file.
SD_DB="$LITE" expect_ok request new --customer ACME --type backup --field op=add --field host=web03 --json
lite_key=$(jq -r .key <<<"$OUT")
expect_ok request new --customer ACME --type backup --field op=add --field host=web03 --json
eq "$lite_key" "$(jq -r .key <<<"$OUT")" "the next key on the copy"
expect_ok incident open --customer BETA --title "次の障害" --json
eq "BETA-3" "$(jq -r .key <<<"$OUT")" "BETA's next key"
expect_ok problem new --title "次の問題" --json
eq "PRB-2" "$(jq -r .key <<<"$OUT")" "the next problem"

# --- refused, naming the field, and nothing changed
expect_unchanged 73 "^sd: --to: the store is not empty \(customers has rows\)" db copy --from "$LITE" --to "$PG"
expect_unchanged 66 "^sd: --from: no store at $T/none.db" db copy --from "$T/none.db" --to "$PG"
[ ! -e "$T/none.db" ] && ok || fail "copy made the missing source"
expect_unchanged 65 "^sd: --to: is the store --from names" db copy --from "$PG" --to "$PG"
SD_DB="$LITE" expect_unchanged 65 "^sd: --to: is the store --from names" db copy --from "$LITE" --to "$T/desk/../desk/sd.db"
expect_unchanged 65 "^sd: --to: empty" db copy --from "$LITE" --to ""
expect_unchanged 74 "^sd: --to: store: cannot connect to postgresql://sd@127.0.0.1:1/none" \
  db copy --from "$LITE" --to "postgresql://sd@127.0.0.1:1/none"
expect_error 64 "from" db copy --to "$T/x.db"
[ ! -e "$T/x.db" ] && ok || fail "copy without --from made a store"

# --- back again: PostgreSQL to a new SQLite file, the same bytes
expect_ok db copy --from "$PG" --to "$T/back.db"
contains "tables from $PG to $T/back.db" "$OUT"
"$SD" export >"$T/pg2.jsonl"
SD_DB="$T/back.db" "$SD" export | cmp -s - "$T/pg2.jsonl" && ok || fail "PostgreSQL copied to SQLite exports other bytes"

finish
