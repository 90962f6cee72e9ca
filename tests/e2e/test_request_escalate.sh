#!/usr/bin/env bash
# Escalating a request, as incidents are (monitoring center -> support
# center -> AWS support): `sd request escalate KEY --to support-center|aws
# -m TEXT` records an escalate event (from the previous target to the new
# one) and a request.escalate audit entry; the target shows in request show
# (text and JSON), request list --json, sd log and both reports. Errors are
# one line, change nothing: an unknown target, no -m or a blank one, a
# resolved or closed request, an unknown key.
#
# ACME-1, a patch received Tuesday 2026-11-24 10:00 (due five business days
# later, Monday 2026-11-30 19:00), is escalated to the support center at
# 11:00 and to AWS at 14:00; ACME-2, a backup, is resolved and then refused.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-24T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社" --plan advanced
expect_ok request new --customer ACME --type patch --field host=web01 --field target=kernel --field patch=CVE-2026-1
expect_ok request new --customer ACME --type backup --field op=add --field host=web01

SD_NOW=2026-11-24T11:00:00+09:00 expect_ok request escalate ACME-1 --to support-center -m "カーネル更新の影響調査を依頼"
eq "ACME-1  open  due 2026-11-30 19:00" "$OUT" "prints the request's line"
SD_NOW=2026-11-24T14:00:00+09:00 expect_ok request escalate ACME-1 --to aws -m "AWS サポートへ問い合わせ (ケース 123)" --json
eq "aws" "$(jq -r .escalated_to <<<"$OUT")" "--json: the request changed"

expect_ok request show ACME-1
contains "escalated:  aws" "$OUT"
contains "2026-11-24 11:00  tester  escalate - -> support-center" "$OUT"
contains "2026-11-24 14:00  tester  escalate support-center -> aws" "$OUT"
contains "      AWS サポートへ問い合わせ (ケース 123)" "$OUT"
expect_ok request show ACME-1 --json
eq "aws" "$(jq -r .escalated_to <<<"$OUT")"
eq "escalate:null:support-center:カーネル更新の影響調査を依頼 escalate:support-center:aws:AWS サポートへ問い合わせ (ケース 123)" \
   "$(jq -r '[.history[] | select(.kind == "escalate") | "\(.kind):\(.from):\(.to):\(.note)"] | join(" ")' <<<"$OUT")" "history"
expect_ok request list --json
eq "ACME-1:aws ACME-2:null" "$(jq -r 'sort_by(.key) | map("\(.key):\(.escalated_to)") | join(" ")' <<<"$OUT")" "list --json"
expect_ok log --json
eq "2" "$(jq '[.[] | select(.action == "request.escalate" and .entity == "ACME-1")] | length' <<<"$OUT")" "audit entries"
eq "support-center aws" "$(jq -r '[.[] | select(.action == "request.escalate")] | sort_by(.id) | map(.after.escalated_to) | join(" ")' <<<"$OUT")" "audit after"
expect_ok log
contains "request.escalate" "$OUT"

# Errors: one line, nothing written.
expect_unchanged 65 "^sd: --to: 'boss' is not allowed; use support-center or aws$" request escalate ACME-1 --to boss -m x
expect_unchanged 64 "message is required" request escalate ACME-1 --to aws
expect_unchanged 65 "^sd: -m: must not be empty$" request escalate ACME-1 --to aws -m "  "
expect_unchanged 64 "to is required" request escalate ACME-1 -m x
expect_unchanged 66 "no request ACME-9" request escalate ACME-9 --to aws -m x
SD_NOW=2026-11-24T15:00:00+09:00 expect_ok request resolve ACME-2
expect_unchanged 65 "ACME-2 is resolved; only an open, in-progress or waiting request is escalated \(reopen it first\)" \
  request escalate ACME-2 --to aws -m x
SD_NOW=2026-11-24T15:10:00+09:00 expect_ok request close ACME-2
expect_unchanged 65 "ACME-2 is closed" request escalate ACME-2 --to aws -m x

# The reports: requests received in the period that were escalated.
export SD_NOW=2026-12-10T10:00:00+09:00
expect_ok slo report --month 2026-11 --json
eq "ACME-1 patch aws open 2026-11-24T10:00:00+09:00" \
   "$(jq -r '.escalated_requests | map("\(.key) \(.type) \(.escalated_to) \(.status) \(.received_at)") | join(",")' <<<"$OUT")" "slo report"
expect_ok slo report --month 2026-11
contains "KEY     TYPE   STATUS  ESCALATED TO  RECEIVED          TITLE" "$OUT"
contains "ACME-1  patch  open    aws           2026-11-24 10:00  ソフトウェアパッチ当て作業" "$OUT"
expect_ok slo report --month 2026-11 --format markdown
contains "## エスカレーションしたご依頼" "$OUT"
contains "| ACME-1 | ソフトウェアパッチ当て作業 | 受付済み | AWS サポート | 2026-11-24 10:00 | ソフトウェアパッチ当て作業 |" "$OUT"
expect_ok slo report --month 2026-10 --json
eq "0" "$(jq '.escalated_requests | length' <<<"$OUT")" "not in a month it was not received in"
expect_ok report service --customer ACME --month 2026-11 --json
eq "ACME-1:aws" "$(jq -r '.slo.escalated_requests | map("\(.key):\(.escalated_to)") | join(" ")' <<<"$OUT")" "service report"
expect_ok report service --customer ACME --month 2026-11
contains "### エスカレーションしたご依頼" "$OUT"
finish
