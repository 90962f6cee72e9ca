#!/usr/bin/env bash
# Impacting incidents follow the white paper's §4.2.2. The first notice of
# a service-impacting (or unjudged) incident is a Backlog post AND an
# answered phone call in the customer's call order: ACME-1 (received 10:00)
# posted at 10:05 is still owed its notice, so sd incident check is
# CRITICAL at 10:16; the answered call at 10:12 completes it at 10:12, on
# time. Calling contact 2 before contact 1 is refused unless made on
# purpose with --out-of-order -m REASON (ACME-2: called 10:20 out of order,
# posted 10:14, so notified at 10:20: SLO missed, SLA met, and the report
# counts 20 minutes). The recovery notice waits for confirmation, and every
# incident, impacting or not, needs it before it closes (a Backlog post is
# enough). One without impact is notified by a post alone.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok contact add ACME --name 田中 --phone 03-1111-1111
expect_ok contact add ACME --name 佐藤 --phone 03-2222-2222
expect_ok contact add ACME --name 鈴木 --phone 03-3333-3333
at() { local t=$1; shift; SD_NOW="2026-11-30T$t:00+09:00" "$@"; }

# --- ACME-1: a Backlog post alone is not the first notice
at 10:00 expect_ok incident open --customer ACME --impact yes --host web01 --title "web01 停止"
at 10:05 expect_ok incident notify ACME-1 --via backlog -m "障害発生のご連絡"
at 10:05 expect_ok incident show ACME-1 --json
eq "null 2026-11-30T10:05:00+09:00 null null" \
  "$(jq -r '"\(.first_notified_at) \(.first_posted_at) \(.first_called_at) \(.clock.first_slo_met)"' <<<"$OUT")" \
  "posted, not notified"
at 10:05 expect_ok incident show ACME-1
contains "notified:     not yet: posted, no answered call (both are needed while it affects service)" "$OUT"
at 10:05 expect_ok incident list
contains "first SLO 10:15" "$OUT" "the first notice is still next"

# Out of order: refused, one line naming the flag, nothing written.
at 10:06 expect_unchanged 65 "^sd: --out-of-order: 佐藤 is number 2 in ACME's call order, and not yet called for this notice: 田中 \(1\); call in order, or on purpose with --out-of-order -m REASON$" \
  incident notify ACME-1 --via phone --contact 佐藤 --result answered
at 10:06 expect_unchanged 65 "^sd: --out-of-order: 鈴木 is number 3 .*: 田中 \(1\), 佐藤 \(2\);" \
  incident notify ACME-1 --via phone --contact 3 --result no-answer
at 10:06 expect_unchanged 65 "^sd: -m: say why the call is out of the customer's call order$" \
  incident notify ACME-1 --via phone --contact 佐藤 --result answered --out-of-order
at 10:06 expect_unchanged 65 "^sd: --out-of-order: only a call has a call order \(--via phone\)$" \
  incident notify ACME-1 --via backlog --out-of-order -m "x"

# In order: 田中 does not answer, 佐藤 does at 10:12; notified at 10:12.
at 10:10 expect_ok incident notify ACME-1 --via phone --contact 1 --result no-answer
at 10:12 expect_ok incident notify ACME-1 --via phone --contact 佐藤 --result answered -m "障害発生をご連絡"
at 10:12 expect_ok incident show ACME-1 --json
eq "2026-11-30T10:12:00+09:00 2026-11-30T10:12:00+09:00 true true 2026-11-30T11:12:00+09:00" \
  "$(jq -r '"\(.first_notified_at) \(.first_called_at) \(.clock.first_slo_met) \(.clock.first_sla_met) \(.clock.next_interim_due_at)"' <<<"$OUT")" \
  "notified when both were done, on time"

# --- ACME-2: nothing but a post by 10:16 is CRITICAL; a call out of order on purpose
at 10:00 expect_ok incident open --customer ACME --title "決済エラー"
at 10:14 expect_ok incident notify ACME-2 --via backlog -m "調査中"
at 10:16 expect_exit 2 incident check
contains "CRITICAL ACME-2 first notification (SLO) due 2026-11-30T10:15:00+09:00, 1m late" "$OUT" \
  "a post alone leaves the first notice owed"
at 10:20 expect_ok incident notify ACME-2 --via phone --contact 鈴木 --result answered --out-of-order \
  -m "田中様・佐藤様はご不在と事前にご連絡あり"
at 10:20 expect_ok incident calls ACME-2 --json
eq "true 田中様・佐藤様はご不在と事前にご連絡あり" "$(jq -r '.[2].calls[0] | "\(.out_of_order) \(.note)"' <<<"$OUT")" \
  "the call and its reason are recorded"
at 10:20 expect_ok incident show ACME-2
contains "notify first by phone to 鈴木 (answered) out of order" "$OUT"
at 10:20 expect_ok incident show ACME-2 --json
eq "2026-11-30T10:20:00+09:00 false true" "$(jq -r '"\(.first_notified_at) \(.clock.first_slo_met) \(.clock.first_sla_met)"' <<<"$OUT")" \
  "the later of the two parts: 10:20"

# --- the recovery notice comes after confirmation; closing after it
at 10:30 expect_ok incident recover ACME-1 -m "httpd を再起動"
at 10:31 expect_unchanged 65 "^sd: --kind: ACME-1 is recovered but the recovery is not confirmed; the recovery notice comes after 'sd incident confirm ACME-1'$" \
  incident notify ACME-1 --via backlog --kind recovery
at 10:32 expect_ok incident notify ACME-1 --via backlog -m "復旧作業を実施、確認中"
at 10:32 expect_ok incident show ACME-1 --json
eq "interim null" "$(jq -r '"\(.timeline[-1].data.kind) \(.recovery_notified_at)"' <<<"$OUT")" \
  "a notice before confirmation is no recovery notice"
at 10:35 expect_ok incident confirm ACME-1 -m "応答を確認"
at 10:36 expect_unchanged 65 "^sd: ACME-1: the customer has not been told it recovered, and every incident gets its recovery notice before it closes; send it first with 'sd incident notify ACME-1'$" \
  incident close ACME-1
at 10:40 expect_ok incident notify ACME-1 --via backlog -m "復旧しました"
at 10:40 expect_ok incident show ACME-1 --json
eq "recovery 2026-11-30T10:40:00+09:00" "$(jq -r '"\(.timeline[-1].data.kind) \(.recovery_notified_at)"' <<<"$OUT")" \
  "once confirmed, a post is the recovery notice"
at 10:41 expect_ok incident close ACME-1

# --- ACME-3, without service impact: a post is the first notice, and the
# recovery notice is still needed before it closes.
at 11:00 expect_ok incident open --customer ACME --impact no --title "片系停止 (フェイルオーバー済)"
at 11:20 expect_ok incident notify ACME-3 --via backlog -m "片系停止のご報告"
at 11:20 expect_ok incident show ACME-3 --json
eq "2026-11-30T11:20:00+09:00 true" "$(jq -r '"\(.first_notified_at) \(.clock.first_slo_met)"' <<<"$OUT")" "a post is enough"
at 11:30 expect_ok incident recover ACME-3 -m "切り戻し"
at 11:31 expect_ok incident confirm ACME-3
at 11:32 expect_unchanged 65 "has not been told it recovered" incident close ACME-3
at 11:33 expect_ok incident notify ACME-3 --via backlog -m "復旧しました"
at 11:34 expect_ok incident close ACME-3

# --- ACME-4: posted while unjudged, judged not impacting: notified at the post.
at 12:00 expect_ok incident open --customer ACME --title "判定前"
at 12:10 expect_ok incident notify ACME-4 --via backlog
at 12:10 expect_ok incident show ACME-4 --json
eq "null" "$(jq -r .first_notified_at <<<"$OUT")" "unjudged: a post alone is not enough"
at 12:20 expect_ok incident judge ACME-4 --impact no -m "冗長構成で影響なし"
at 12:20 expect_ok incident show ACME-4 --json
eq "2026-11-30T12:10:00+09:00 true" "$(jq -r '"\(.first_notified_at) \(.clock.first_slo_met)"' <<<"$OUT")" \
  "judged not impacting: the post was the notice"

# --- the report counts the first notice by the same rule
SD_NOW=2026-12-01T09:00:00+09:00 expect_ok slo report --month 2026-11 --json
eq "1 1 0 0 720" "$(jq -r '.incidents[] | select(.impact == "yes") | "\(.count) \(.notified) \(.slo_missed) \(.sla_missed) \(.first_notice_median_seconds)"' <<<"$OUT")" \
  "ACME-1: 12 minutes"
eq "1 1 1 0 1200" "$(jq -r '.incidents[] | select(.impact == "unjudged") | "\(.count) \(.notified) \(.slo_missed) \(.sla_missed) \(.first_notice_median_seconds)"' <<<"$OUT")" \
  "ACME-2: 20 minutes, the SLO missed"
finish
