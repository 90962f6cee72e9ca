#!/usr/bin/env bash
# Change management (white paper §5.4.7, §5.3.1.1–5.3.1.2) end to end: a
# change made from an impacting-tier request is linked both ways (and one
# from a minor-tier request is accepted and says its tier); it needs a
# rollback plan to be approved, which records the approver; it is scheduled,
# implemented and succeeds, and its declared --set lands on its CIs with the
# change named in their history; another fails, is rolled back, reviewed and
# closed; the calendar lists windows in start order and warns of overlaps on
# a CI; list filters by status, customer, CI and time; sd log CHG-n has every
# step; the monthly service report lists the month's changes with counts.
# Every refusal (unknown CHG, a CI of another customer, an illegal
# transition naming the states that allow it, a window ending before it
# starts, ...) exits non-zero with a one-line error naming the field and
# changes nothing. sd db check reports a change linked to another
# customer's CI, and a gap in the change numbers.
. "$(dirname "$0")/lib.sh"
need jq sqlite3
export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok customer add BETA --name "Beta 株式会社"
expect_ok ci add rds01 --customer ACME --type rds --version 15.3
expect_ok ci add web01 --customer ACME --type ec2
expect_ok ci add beta-db --customer BETA --type rds
expect_ok request new --customer ACME --type software-update --field host=rds01 --field target=postgresql --json
eq "ACME-1" "$(jq -r .key <<<"$OUT")" "an impacting-tier request"
expect_ok request new --customer ACME --type backup --field op=add --field host=web01 --json
eq "ACME-2" "$(jq -r .key <<<"$OUT")" "a minor-tier request"
printf 'Step 1: snapshot rds01\nStep 2: upgrade\n' >"$T/procedure.txt"

# --- new, and what it refuses ----------------------------------------------------------
SD_NOW=2026-11-30T10:00:00+09:00 expect_ok change new --customer ACME --title "Upgrade rds01 to 15.4" --from ACME-1 \
  --ci rds01 --risk medium --impact "5 minutes of failover" --set version=15.4 --procedure-file "$T/procedure.txt"
eq "CHG-1" "$OUT" "the first change key"
expect_ok change show CHG-1 --json
eq "draft medium ACME-1 software-update impacting true rds01 15.4" \
   "$(jq -r '"\(.status) \(.risk) \(.from.key) \(.from.type) \(.from.tier) \(.from.impacting) \(.cis | join(",")) \(.sets.version)"' <<<"$OUT")" \
   "show: request, CIs and sets"
eq 'Step 1: snapshot rds01
Step 2: upgrade' "$(jq -r .procedure <<<"$OUT")" "the procedure kept as text"
eq "rollback_plan pretest plan_review" "$(jq -r '.missing | join(" ")' <<<"$OUT")" "what is missing before approval"
expect_ok request show ACME-1 --json
eq '["CHG-1"]' "$(jq -c .changes <<<"$OUT")" "the request lists its change"
expect_ok request show ACME-1
contains "changes:    CHG-1" "$OUT" "request show text"
SD_NOW=2026-11-30T10:01:00+09:00 expect_ok change new --customer ACME --title "Second backup target" --from ACME-2 \
  --ci web01 --risk low --impact "none" --json
eq "CHG-2 false backup minor" "$(jq -r '"\(.key) \(.from.impacting) \(.from.type) \(.from.tier)"' <<<"$OUT")" \
   "a change from a minor-tier request is accepted"
expect_ok change show CHG-2
contains "ACME-2  backup, minor tier (not a request of the impacting tier)" "$OUT" "show text names the tier"
expect_ok request show ACME-2 --json
eq '["CHG-2"]' "$(jq -c .changes <<<"$OUT")" "linked both ways for any tier"

new() { expect_unchanged "$1" "$2" change new "${@:3}"; }
new 65 '^sd: --ci: beta-db belongs to BETA, not to ACME' --customer ACME --title x --ci beta-db --risk low --impact y
new 66 '^sd: --ci: no CI named nope' --customer ACME --title x --ci nope --risk low --impact y
new 66 '^sd: customer: no customer NOPE' --customer NOPE --title x --risk low --impact y
new 65 '^sd: --risk: .huge. is not allowed' --customer ACME --title x --risk huge --impact y
new 64 'risk' --customer ACME --title x --impact y
new 65 '^sd: --title: must not be empty' --customer ACME --title " " --risk low --impact y
new 65 '^sd: --impact: must not be empty' --customer ACME --title x --risk low --impact ""
new 65 '^sd: --from: BETA-1 is a request of BETA, not of ACME' --customer ACME --title x --from BETA-1 --risk low --impact y
new 66 '^sd: --from: no request ACME-99' --customer ACME --title x --from ACME-99 --risk low --impact y
new 65 '^sd: --from: .nope. is not a request key' --customer ACME --title x --from nope --risk low --impact y
new 65 '^sd: --set: ' --customer ACME --title x --ci rds01 --risk low --impact y --set colour=red
new 65 '^sd: --set: .*has no' --customer ACME --title x --ci rds01 --risk low --impact y --set version
new 65 '^sd: --set: a change sets attributes on its CIs; name them with --ci' --customer ACME --title x --risk low --impact y --set version=1
new 66 '^sd: --procedure-file: cannot read' --customer ACME --title x --risk low --impact y --procedure-file "$T/missing.txt"
new 65 '^sd: --ci: rds01 is named twice' --customer ACME --title x --ci rds01 --ci rds01 --risk low --impact y
expect_unchanged 66 '^sd: change: no change CHG-9' change show CHG-9
expect_unchanged 66 '^sd: change: no change CHG-9' change assess CHG-9
expect_unchanged 65 '^sd: KEY: .ACME-1. is not a change key' change assess ACME-1

# --- the lifecycle --------------------------------------------------------------------
expect_unchanged 65 '^sd: approve: CHG-1 is draft; only a change that is assessed allows it' change approve CHG-1
expect_unchanged 65 '^sd: implement: CHG-1 is draft; only a change that is scheduled allows it' change implement CHG-1
expect_unchanged 65 '^sd: schedule: CHG-1 is draft; only a change that is approved or scheduled allows it' \
  change schedule CHG-1 --start 2026-12-05T02:00 --end 2026-12-05T04:00
expect_unchanged 65 '^sd: close: CHG-1 is draft; only a change that is reviewed or rejected allows it' change close CHG-1
expect_unchanged 65 '^sd: review: CHG-1 is draft; only a change that is succeeded, failed or rolled-back allows it' \
  change review CHG-1 --goal-met yes -m x
SD_NOW=2026-11-30T10:10:00+09:00 expect_ok change edit CHG-1 --risk high --impact "10 minutes of failover"
expect_unchanged 64 'nothing to change' change edit CHG-1
expect_unchanged 65 '^sd: --risk: .huge. is not allowed' change edit CHG-1 --risk huge
SD_NOW=2026-11-30T10:20:00+09:00 expect_ok change assess CHG-1 -m "Failover tested in staging"
expect_unchanged 65 '^sd: assess: CHG-1 is assessed; only a change that is draft allows it' change assess CHG-1
expect_unchanged 65 '^sd: rollback_plan: CHG-1 has none yet' change approve CHG-1
expect_unchanged 64 'message' change rollback-plan CHG-1
SD_NOW=2026-11-30T10:30:00+09:00 expect_ok change rollback-plan CHG-1 -m "Restore the snapshot taken in step 1"
SD_NOW=2026-11-30T10:35:00+09:00 expect_ok change pretest CHG-1 -m "Upgraded a staging copy; the app passed its checks"
expect_ok change show CHG-1 --json
eq "plan_review" "$(jq -r '.missing | join(" ")' <<<"$OUT")" "only the plan review is missing"
SD_NOW=2026-11-30T10:40:00+09:00 expect_ok --as alice change approve CHG-1 --json
eq "approved alice" "$(jq -r '"\(.status) \(.approved_by)"' <<<"$OUT")" "approve records the approver"
expect_unchanged 65 '^sd: rollback-plan: CHG-1 is approved; only a change that is draft or assessed allows it' \
  change rollback-plan CHG-1 -m again
expect_unchanged 65 '^sd: edit: CHG-1 is approved' change edit CHG-1 --title again
SD_NOW=2026-11-30T10:45:00+09:00 expect_ok change plan-review CHG-1 -m "Reviewed by the DBA team"
expect_unchanged 65 '^sd: --end: .* is not after --start' \
  change schedule CHG-1 --start 2026-12-05T04:00 --end 2026-12-05T02:00
expect_unchanged 65 '^sd: --start:' change schedule CHG-1 --start soon --end 2026-12-05T02:00
SD_NOW=2026-11-30T11:00:00+09:00 expect_ok change schedule CHG-1 --start 2026-12-05T01:00 --end 2026-12-05T03:00
SD_NOW=2026-11-30T11:05:00+09:00 expect_ok change schedule CHG-1 --start 2026-12-05T02:00 --end 2026-12-05T04:00 --json
eq "scheduled 2026-12-05T02:00:00+09:00 2026-12-05T04:00:00+09:00" \
   "$(jq -r '"\(.status) \(.start_at) \(.end_at)"' <<<"$OUT")" "scheduling again replaces the window"

# CHG-3 on rds01 too, overlapping CHG-1; CHG-4 on rds01, after it.
newer() { SD_NOW=2026-11-30T12:00:00+09:00 expect_ok change new --customer ACME --risk low --impact none "$@"; }
walk() { # KEY START END: to scheduled
  SD_NOW=2026-11-30T12:10:00+09:00 expect_ok change assess "$1"
  SD_NOW=2026-11-30T12:10:00+09:00 expect_ok change rollback-plan "$1" -m "undo"
  SD_NOW=2026-11-30T12:10:00+09:00 expect_ok change approve "$1"
  SD_NOW=2026-11-30T12:10:00+09:00 expect_ok change schedule "$1" --start "$2" --end "$3"
}
newer --title "Parameter group change" --ci rds01
eq "CHG-3" "$OUT" "a third change"
walk CHG-3 2026-12-05T03:00 2026-12-05T05:00
newer --title "Minor version check" --ci rds01 --ci web01
walk CHG-4 2026-12-05T05:00 2026-12-05T06:00
expect_ok change calendar --from 2026-12-01 --to 2026-12-08 --json
eq "CHG-1 CHG-3 CHG-4" "$(jq -r '[.changes[].key] | join(" ")' <<<"$OUT")" "the calendar in start order"
eq "rds01:CHG-1,CHG-3" "$(jq -r '[.overlaps[] | "\(.ci):\(.changes | join(","))"] | join(" ")' <<<"$OUT")" \
   "the overlap on rds01 (CHG-4 only touches CHG-3's end)"
expect_ok change calendar --from 2026-12-01 --to 2026-12-08
contains "warning: CHG-1 and CHG-3 overlap on rds01" "$OUT" "calendar text warns"
expect_ok change calendar --from 2026-12-05T04:30 --to 2026-12-08 --json
eq "CHG-3 CHG-4" "$(jq -r '[.changes[].key] | join(" ")' <<<"$OUT")" "windows that overlap the range"
eq "0" "$(jq '.overlaps | length' <<<"$OUT")" "no overlap among them"
SD_NOW=2026-12-01T09:00:00+09:00 expect_ok change calendar --json
eq "2026-12-01T09:00:00+09:00 2026-12-31T09:00:00+09:00" "$(jq -r '"\(.from_at) \(.to_at)"' <<<"$OUT")" \
   "the default range: now and 30 days"
expect_unchanged 65 '^sd: --from: .* is not before --to' change calendar --from 2026-12-08 --to 2026-12-01

# CHG-1 succeeds: rds01 gets its version, naming the change.
SD_NOW=2026-12-05T02:00:00+09:00 expect_ok change implement CHG-1
expect_unchanged 65 '^sd: rollback: CHG-1 is implementing; only a change that is failed allows it' change rollback CHG-1 -m x
SD_NOW=2026-12-05T03:30:00+09:00 expect_ok change succeed CHG-1 -m "Upgraded"
expect_ok ci show rds01 --json
eq "15.4" "$(jq -r .version <<<"$OUT")" "the CI has the new version"
eq "15.3 15.4 tester CHG-1" \
   "$(jq -r '[.history[] | select(.attribute == "version")] | last | "\(.before) \(.after) \(.actor) \(.why)"' <<<"$OUT")" \
   "the CI's history names the change"
expect_unchanged 65 '^sd: close: CHG-1 is succeeded; only a change that is reviewed or rejected allows it' change close CHG-1
expect_unchanged 65 '^sd: --goal-met: .maybe. is not allowed' change review CHG-1 --goal-met maybe -m x
SD_NOW=2026-12-05T10:00:00+09:00 expect_ok change review CHG-1 --goal-met yes -m "No errors since"
SD_NOW=2026-12-05T10:05:00+09:00 expect_ok change comment CHG-1 -m "Customer informed"
SD_NOW=2026-12-05T10:10:00+09:00 expect_ok change close CHG-1 --json
eq "closed true succeeded" "$(jq -r '"\(.status) \(.goal_met) \(.outcome)"' <<<"$OUT")" "closed after review"

# CHG-3 fails and is rolled back; CHG-2 is rejected.
SD_NOW=2026-12-05T03:00:00+09:00 expect_ok change implement CHG-3
expect_unchanged 64 'message' change fail CHG-3
SD_NOW=2026-12-05T03:30:00+09:00 expect_ok change fail CHG-3 -m "Parameter group refused"
SD_NOW=2026-12-05T03:40:00+09:00 expect_ok change rollback CHG-3 -m "Previous group restored"
SD_NOW=2026-12-05T09:00:00+09:00 expect_ok change review CHG-3 --goal-met no -m "Needs a reboot window"
expect_ok change show CHG-3 --json
eq "reviewed rolled-back false" "$(jq -r '"\(.status) \(.outcome) \(.goal_met)"' <<<"$OUT")" "a rolled-back change"
expect_unchanged 64 'message' change reject CHG-2
SD_NOW=2026-11-30T13:00:00+09:00 expect_ok change reject CHG-2 -m "Not needed"
SD_NOW=2026-11-30T13:05:00+09:00 expect_ok change close CHG-2
expect_ok change show CHG-3
contains "rolled-back" "$OUT" "show text history"
contains "rollback plan:" "$OUT" "show text records"

# --- list ---------------------------------------------------------------------------------
expect_ok change list --json
eq "CHG-1 CHG-2 CHG-3 CHG-4" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "list by number"
expect_ok change list --status scheduled --status reviewed --json
eq "CHG-3 CHG-4" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "list --status"
expect_ok change list --ci web01 --json
eq "CHG-2 CHG-4" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "list --ci"
expect_ok change list --customer BETA --json
eq "0" "$(jq length <<<"$OUT")" "list --customer"
expect_ok change list --from 2026-12-01 --json
eq "CHG-1 CHG-3 CHG-4" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "list --from: CHG-2 closed before"
expect_ok change list --to 2026-11-30T11:00 --json
eq "CHG-1 CHG-2" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "list --to: recorded before"
expect_ok --jsonl change list --customer ACME
eq "4" "$(wc -l <<<"$OUT" | tr -d ' ')" "list --jsonl"
expect_ok change list
contains "CHG-4" "$OUT" "the table"
expect_unchanged 65 '^sd: --status: .done. is not allowed' change list --status done
expect_unchanged 66 '^sd: customer: no customer NOPE' change list --customer NOPE
expect_unchanged 66 '^sd: --ci: no CI named nope' change list --ci nope
expect_unchanged 65 '^sd: --from: .* is not before --to' change list --from 2026-12-08 --to 2026-12-01

# --- the audit log --------------------------------------------------------------------
expect_ok log CHG-1 --json
eq "change.new change.edit change.assess change.rollback-plan change.pretest change.approve change.plan-review change.schedule change.schedule change.implement change.succeed change.review change.comment change.close" \
   "$(jq -r '[.[].action] | join(" ")' <<<"$OUT")" "sd log CHG-1"
expect_exit 66 log CHG-7

# --- the monthly service report -------------------------------------------------------
SD_NOW=2027-01-02T10:00:00+09:00 expect_ok report service --customer ACME --month 2026-12 --json
eq "CHG-1|closed|succeeded CHG-3|reviewed|rolled-back CHG-4|scheduled|null" \
   "$(jq -r '[.changes[] | "\(.key)|\(.status)|\(.outcome)"] | join(" ")' <<<"$OUT")" "the month's changes"
eq "1 0 1" "$(jq -r '.change_counts | "\(.succeeded) \(.failed) \(.rolled_back)"' <<<"$OUT")" "the counts"
SD_NOW=2027-01-02T10:00:00+09:00 expect_ok report service --customer ACME --month 2026-12 --format markdown
contains "## 7. 変更管理" "$OUT" "markdown section"
contains "| CHG-1 | Upgrade rds01 to 15.4 | ACME | closed | succeeded |" "$OUT" "markdown row"
SD_NOW=2027-01-02T10:00:00+09:00 expect_ok report service --customer BETA --month 2026-12 --format html
contains "変更管理" "$OUT" "html section"

# --- the store check ------------------------------------------------------------------------
expect_ok db check
store_sql "INSERT INTO change_cis (change_id, ci_id) SELECT ch.id, ci.id FROM changes ch, config_items ci WHERE ch.number = 4 AND ci.name = 'beta-db'"
expect_exit 1 db check --json
eq "change CHG-4 changes CI beta-db of BETA, not of its customer ACME" \
   "$(jq -r '.problems[] | "\(.check) \(.where) \(.detail)"' <<<"$OUT")" "a change linked to another customer's CI"
store_sql "DELETE FROM change_cis WHERE ci_id = (SELECT id FROM config_items WHERE name = 'beta-db')"
expect_ok db check
store_sql "UPDATE changes SET number = 5 WHERE number = 4"
expect_exit 1 db check --json
eq "ticket_number CHG CHG-4 is missing" "$(jq -r '.problems[] | "\(.check) \(.where) \(.detail)"' <<<"$OUT")" "a gap in change numbers"
finish
