#!/bin/sh
# make demo: a short scripted session on a throwaway store.
#   demo.sh SD [DIR]: with DIR, the store (DIR/sd.db) and config are kept
#   there (tests/e2e/test_export.sh exports the demo's store). With
#   SD_DEMO_DB, the store is that address instead (make demo-pg gives a
#   PostgreSQL one).
set -eu
SD_BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ $# -ge 2 ]; then
  dir=$2
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
export SD_DB="${SD_DEMO_DB:-$dir/sd.db}" SD_ACTOR=demo XDG_CONFIG_HOME="$dir/config"
# The desk's clock, fixed so the demo reads the same every time:
# Monday 2026-11-30 10:00 in Tokyo.
export SD_NOW=2026-11-30T10:00:00+09:00

step() { printf '\n$ sd %s\n' "$*"; "$SD_BIN" "$@"; }

step init
step customer add ACME --name "Acme 株式会社" --plan advanced
step contact add ACME --name "田中 一郎" --phone 03-1234-5678 --role インフラ担当
step contact add ACME --name "Suzuki Hanako" --phone 090-1111-2222 --role 情報システム部
step customer show ACME

printf '\n# Requests received at different times (white paper 4.1):\n'
step request new --customer ACME --type backup --field op=add --field host=web01 \
  --received-at 2026-11-20T18:00 --title "web01 の個別バックアップ"
step request new --customer ACME --type security-group --field op=add --field host=web01 \
  --field rule="203.0.113.0/24 から 443/tcp を許可" --via phone --caller "田中 一郎"
step request new --customer ACME --type patch --field host=db01 --field target=PostgreSQL \
  --field patch=15.9 --received-at 2026-11-27T16:00
step request new --customer ACME --type consultation --field content="DR 構成の相談" --priority low

printf '\n# Friday 18:00 + 1 business day, over 勤労感謝の日 (Mon 11-23):\n'
step request explain ACME-1
step request wait ACME-2 -m "許可する送信元の確認待ち"
step request list
step calendar holidays 2026

printf '\n# An alert arrives at 10:00; the clock runs on the wall clock (white paper 3.3.3):\n'
step customer host add ACME web01
printf '$ sd alert ingest < alertmanager.json\n'
"$SD_BIN" alert ingest <<'JSON'
{"version":"4","status":"firing","receiver":"sd","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[{"status":"firing","labels":{"alertname":"HTTPDown","instance":"web01:443","severity":"critical"},"annotations":{"summary":"https://www.acme.example/ does not answer"},"startsAt":"2026-11-30T00:58:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph","fingerprint":"6f1c2d3e4a5b6c7d"}]}
JSON
SD_NOW=2026-11-30T10:16:00+09:00; export SD_NOW
printf '\n# 10:16, cron runs the check (Nagios: 2 = CRITICAL):\n'
step incident check || true
step incident calls ACME-5
printf '\n# 10:17, the ticket is updated on Backlog; alone, that is not yet the first notice (white paper 4.2.2):\n'
SD_NOW=2026-11-30T10:17:00+09:00; export SD_NOW
step incident notify ACME-5 --via backlog -m "障害発生のご連絡"
printf '\n# 10:18, the first contact answers: notified, late for the 15 min SLO, within the 30 min SLA:\n'
SD_NOW=2026-11-30T10:18:00+09:00; export SD_NOW
step incident notify ACME-5 --via phone --contact 1 --result answered
step incident show ACME-5
