#!/usr/bin/env bash
# sd request recompute in batches: with --batch N every request is looked at
# in batches of N, each committed (--json counts them and names the last
# request); the result is the same as in one batch; --after KEY resumes
# after a request; bad --batch and --after values are refused and change
# nothing.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
for i in 1 2 3 4 5; do
  expect_ok request new --customer ACME --type patch --field host=web01 --field target=os --field patch=kb$i
done
copy_store copy
copy=$STORE_COPY

# A closure on 2026-12-01 moves every 5-business-day due time by a day.
mkdir -p "$XDG_CONFIG_HOME/sd"
printf '[calendar]\nclosed = 2026-12-01 臨時休業\n' > "$XDG_CONFIG_HOME/sd/config"
expect_ok request recompute --batch 2 --json
eq "ACME-1 ACME-2 ACME-3 ACME-4 ACME-5|5 3 ACME-5" \
  "$(jq -r '"\(.changed | join(" "))|\(.checked) \(.batches) \(.last)"' <<<"$OUT")" "five requests in three batches"
expect_ok request list --json
batched=$OUT
expect_ok --db "$copy" request recompute --json
eq "5 1" "$(jq -r '"\(.checked) \(.batches)"' <<<"$OUT")" "one batch by default"
expect_ok --db "$copy" request list --json
eq "$batched" "$OUT" "the same due times as in one batch"
expect_ok request recompute
eq "0 due times changed" "$OUT" "recompute is idempotent"

# --after: only the requests taken after it.
expect_ok request recompute --after ACME-3 --json
eq "2 ACME-5" "$(jq -r '"\(.checked) \(.last)"' <<<"$OUT")" "--after ACME-3 looks at ACME-4 and ACME-5"
expect_ok request recompute --after ACME-5 --json
eq '0 0 null []' "$(jq -c '"\(.checked) \(.batches) \(.last) \(.changed)"' -r <<<"$OUT")" "nothing after the last request"

# Refused, and nothing changed.
expect_unchanged 65 "--batch: '0' is not allowed; use a whole number, 1 or more" request recompute --batch 0
expect_unchanged 64 "" request recompute --batch many
expect_unchanged 66 "no request ACME-99" request recompute --after ACME-99
expect_unchanged 64 "excludes" request recompute ACME-1 --after ACME-2
finish
