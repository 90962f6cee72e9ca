#!/usr/bin/env bash
# Problem management (white paper §5.3.2) end to end: an incident on a host
# becomes a problem (--from), which gets a root cause and a workaround,
# becomes a known error, is resolved and closed; its history shows each
# stage; the incident's show lists the problem; sd log PRB-n has its audit
# entries; the monthly service report lists it; trends count incidents by
# customer, host and alert kind and name what recurs. Every refusal (unknown
# PRB, bad priority, illegal transitions, a known error without a root cause
# or workaround, the customer key PRB) exits non-zero with a one-line error
# naming the field, and changes nothing. sd db check reports a customer
# with the key PRB and a gap in the problem numbers.
. "$(dirname "$0")/lib.sh"
need jq
[ "$SD_BACKEND" = postgresql ] || need sqlite3
export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok customer add BETA --name "Beta 株式会社"
expect_ok customer host add ACME db01
expect_ok customer host add ACME web01
expect_ok customer host add BETA app01

# The keys PRB and CHG are the desk's own.
expect_unchanged 65 '^sd: KEY: .PRB. is kept for' customer add PRB --name "P"
expect_unchanged 65 '^sd: KEY: .CHG. is kept for' customer add CHG --name "C"

# Three alerts on db01 (two of the same check), one on web01, one on BETA's app01.
alert() { # TIME ID HOST CHECK
  SD_NOW=$1 expect_ok alert ingest --format generic <<<"{\"id\":\"$2\",\"status\":\"firing\",\"host\":\"$3\",\"check\":\"$4\",\"severity\":\"critical\"}"
}
alert 2026-11-02T10:00:00+09:00 a1 db01 mysql-connections
alert 2026-11-09T10:00:00+09:00 a2 db01 mysql-connections
alert 2026-11-16T10:00:00+09:00 a3 db01 disk-full
alert 2026-11-20T10:00:00+09:00 a4 web01 http-5xx
alert 2026-11-21T10:00:00+09:00 a5 app01 http-5xx
expect_ok incident list --all --json
eq "ACME-1 ACME-2 ACME-3 ACME-4 BETA-1" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "the incidents"
expect_ok request new --customer ACME --type backup --field op=add --field host=db01 --json
eq "ACME-5" "$(jq -r .key <<<"$OUT")" "a request"

# --- a problem from the incident ----------------------------------------------------
SD_NOW=2026-11-30T10:00:00+09:00 expect_ok problem new --title "db01 runs out of connections" --from ACME-1 \
  --priority high --category database -m "Seen twice this month"
eq "PRB-1" "$OUT" "the first problem key"
SD_NOW=2026-11-30T10:01:00+09:00 expect_ok problem new --title "Second" --json
eq "PRB-2 open normal null []" "$(jq -r '"\(.key) \(.status) \(.priority) \(.category) \(.tickets)"' <<<"$OUT")" \
   "a problem without --from"
expect_ok problem link PRB-1 ACME-2
expect_ok problem show PRB-1 --json
eq "ACME-1 ACME-2" "$(jq -r '.tickets | join(" ")' <<<"$OUT")" "linked tickets"
expect_ok incident show ACME-1 --json
eq '["PRB-1"]' "$(jq -c .problems <<<"$OUT")" "the incident lists its problem"
expect_ok incident show ACME-3 --json
eq '[]' "$(jq -c .problems <<<"$OUT")" "an incident with no problem"
expect_ok incident show ACME-1
contains "problems:     PRB-1" "$OUT" "incident show text"
expect_ok request show ACME-5 --json
eq '[]' "$(jq -c .problems <<<"$OUT")" "a request with no problem"

# --- refusals that change nothing -----------------------------------------------------
expect_unchanged 66 '^sd: problem: no problem PRB-9' problem show PRB-9
expect_unchanged 66 '^sd: problem: no problem PRB-9' problem rca PRB-9 -m x
expect_unchanged 65 '^sd: KEY: .ACME-1. is not a problem key' problem rca ACME-1 -m x
expect_unchanged 65 '^sd: --priority: .urgent. is not allowed' problem new --title x --priority urgent
expect_unchanged 65 '^sd: --priority: .urgent. is not allowed' problem edit PRB-1 --priority urgent
expect_unchanged 66 '^sd: --from: no incident or request ACME-99' problem new --title x --from ACME-99
expect_unchanged 65 '^sd: --from: .nope. is not a ticket key' problem new --title x --from nope
expect_unchanged 65 '^sd: --title: must not be empty' problem new --title " "
expect_unchanged 65 '^sd: TICKET: ACME-1 is already linked to PRB-1' problem link PRB-1 ACME-1
expect_unchanged 65 '^sd: TICKET: ACME-3 is not linked to PRB-1' problem unlink PRB-1 ACME-3
expect_unchanged 64 'nothing to change' problem edit PRB-1
expect_unchanged 65 '^sd: close: PRB-1 is open; only a problem that is resolved allows it' problem close PRB-1
expect_unchanged 65 '^sd: root_cause: PRB-1 has none yet' problem known-error PRB-1
expect_unchanged 64 'message' problem rca PRB-1
expect_unchanged 66 '^sd: customer: no customer NOPE' problem list --customer NOPE

# --- the stages --------------------------------------------------------------------
SD_NOW=2026-11-30T11:00:00+09:00 expect_ok problem rca PRB-1 -m "max_connections too low for the nightly batch"
expect_unchanged 65 '^sd: workaround: PRB-1 has none yet' problem known-error PRB-1
SD_NOW=2026-11-30T11:05:00+09:00 expect_ok problem workaround PRB-1 -m "Run the batch with 4 workers"
SD_NOW=2026-11-30T11:10:00+09:00 expect_ok problem edit PRB-1 --category mysql --title "db01: too few connections"
SD_NOW=2026-11-30T11:15:00+09:00 expect_ok problem escalate PRB-1 --to "DBA team" -m "needs a config change"
SD_NOW=2026-11-30T11:20:00+09:00 expect_ok problem known-error PRB-1 --json
eq "known-error true" "$(jq -r '"\(.status) \(.known_error)"' <<<"$OUT")" "a known error"
expect_unchanged 65 '^sd: known error: PRB-1 is known-error; only a problem that is open allows it' problem known-error PRB-1
expect_ok problem list --known-error --json
eq "PRB-1" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "list --known-error"
expect_ok problem list --status open --json
eq "PRB-2" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "list --status open"
expect_ok problem list --customer ACME --json
eq "PRB-1" "$(jq -r '[.[].key] | join(" ")' <<<"$OUT")" "list --customer"
expect_ok problem list --customer BETA --json
eq "0" "$(jq length <<<"$OUT")" "no BETA problems"
expect_ok problem list
contains "PRB-1" "$OUT" "the table"

SD_NOW=2026-11-30T12:00:00+09:00 expect_ok problem resolve PRB-1 -m "max_connections raised to 500"
expect_unchanged 65 '^sd: root cause: PRB-1 is resolved; only a problem that is open or known-error allows it' \
  problem rca PRB-1 -m again
expect_unchanged 65 '^sd: resolve: PRB-1 is resolved' problem resolve PRB-1
SD_NOW=2026-11-30T12:30:00+09:00 expect_ok problem comment PRB-1 -m "Confirmed with the customer"
SD_NOW=2026-11-30T13:00:00+09:00 expect_ok problem close PRB-1
expect_unchanged 65 '^sd: root cause: PRB-1 is closed; only a problem that is open or known-error allows it' \
  problem rca PRB-1 -m again
expect_unchanged 65 '^sd: link: PRB-1 is closed' problem link PRB-1 ACME-3
expect_unchanged 65 '^sd: edit: PRB-1 is closed' problem edit PRB-1 --priority low

expect_ok problem show PRB-1 --json
eq "closed true high mysql" "$(jq -r '"\(.status) \(.known_error) \(.priority) \(.category)"' <<<"$OUT")" "the closed problem"
eq "record identify prioritize classify identify update update update classify escalate update resolve update close" \
   "$(jq -r '[.history[].stage] | join(" ")' <<<"$OUT")" "the stages of its history"
eq "max_connections too low for the nightly batch" "$(jq -r .root_cause <<<"$OUT")" "root cause"
eq "DBA team" "$(jq -r .escalated_to <<<"$OUT")" "escalated to"
expect_ok problem show PRB-1
contains "resolve  " "$OUT" "stages in the text history"
contains "escalated DBA team" "$OUT" "the escalation in the text history"

# --- the audit log ----------------------------------------------------------------------
expect_ok log PRB-1 --json
eq "problem.new problem.link problem.rca problem.workaround problem.edit problem.escalate problem.known-error problem.resolve problem.comment problem.close" \
   "$(jq -r '[.[].action] | join(" ")' <<<"$OUT")" "sd log PRB-1"
expect_exit 66 log PRB-7

# --- the monthly service report ---------------------------------------------------------
SD_NOW=2026-12-02T10:00:00+09:00 expect_ok report service --customer ACME --month 2026-11 --json
eq 'PRB-1|closed|true|ACME-1 ACME-2|max_connections too low for the nightly batch' \
   "$(jq -r '.problems[] | "\(.key)|\(.status)|\(.known_error)|\(.tickets | join(" "))|\(.root_cause)"' <<<"$OUT")" \
   "the report's problems"
SD_NOW=2026-12-02T10:00:00+09:00 expect_ok report service --customer ACME --month 2026-11 --format markdown
contains "## 6. 問題管理" "$OUT" "markdown section"
contains '| PRB-1 | db01: too few connections | closed | max\_connections too low for the nightly batch | はい | ACME-1, ACME-2 |' "$OUT" "markdown row"
SD_NOW=2026-12-02T10:00:00+09:00 expect_ok report service --customer BETA --month 2026-11 --json
eq '[]' "$(jq -c .problems <<<"$OUT")" "BETA has no problems"
SD_NOW=2026-12-02T10:00:00+09:00 expect_ok report service --customer BETA --month 2026-11 --format html
contains "問題管理" "$OUT" "html section"

# --- trends ------------------------------------------------------------------------------
trend() { SD_NOW=2026-11-30T14:00:00+09:00 expect_ok problem trends "$@" --json; }
trend --from 2026-11-01 --to 2026-12-01
eq "ACME:4 BETA:1" "$(jq -r '[.groups.customer[] | "\(.value):\(.incidents)"] | join(" ")' <<<"$OUT")" "by customer"
eq "db01:3 app01:1 web01:1" "$(jq -r '[.groups.host[] | "\(.value):\(.incidents)"] | join(" ")' <<<"$OUT")" "by host"
eq "http-5xx:2 mysql-connections:2 disk-full:1" "$(jq -r '[.groups.kind[] | "\(.value):\(.incidents)"] | join(" ")' <<<"$OUT")" "by kind"
eq "host db01 3 2026-11-02T10:00:00+09:00 2026-11-16T10:00:00+09:00|kind http-5xx 2|kind mysql-connections 2" \
   "$(jq -r '[.recurrence[] | "\(.group) \(.value) \(.incidents)" + (if .group == "host" then " \(.first_at) \(.last_at)" else "" end)] | join("|")' <<<"$OUT")" \
   "recurrence"
trend --from 2026-11-01 --to 2026-12-01 --customer ACME
eq "mysql-connections:2 disk-full:1 http-5xx:1" "$(jq -r '[.groups.kind[] | "\(.value):\(.incidents)"] | join(" ")' <<<"$OUT")" "one customer's kinds"
trend --from 2026-11-10 --to 2026-12-01
eq "0" "$(jq '[.recurrence[] | select(.value == "mysql-connections")] | length' <<<"$OUT")" "one in the window does not recur"
# The default window: the 30 days up to now.
trend
eq "2026-10-31T14:00:00+09:00 2026-11-30T14:00:00+09:00" "$(jq -r '"\(.from_at) \(.to_at)"' <<<"$OUT")" "default window"
SD_NOW=2026-11-30T14:00:00+09:00 expect_ok problem trends --from 2026-11-01 --to 2026-12-01
contains "recurring (2 or more incidents):" "$OUT" "trends text"
contains "host db01: 3 incidents" "$OUT" "trends text recurrence"
expect_unchanged 65 '^sd: --from: .* is not before --to' problem trends --from 2026-12-01 --to 2026-11-01
expect_unchanged 65 '^sd: --from:' problem trends --from yesterday-ish
expect_unchanged 66 '^sd: customer: no customer NOPE' problem trends --customer NOPE

# --- the store check ---------------------------------------------------------------------
expect_ok db check
# A customer PRB from an earlier sd, and a gap in the problem numbers.
store_sql "INSERT INTO customers (key, name, plan, tz, created_at) VALUES ('PRB', 'p', 'basic', 'Asia/Tokyo', 1764460800)"
expect_exit 1 db check --json
eq "reserved_key PRB" "$(jq -r '.problems[] | "\(.check) \(.where)"' <<<"$OUT")" "a customer with a reserved key"
store_sql "DELETE FROM customers WHERE key = 'PRB'"
expect_ok db check
store_sql "UPDATE problems SET number = 3 WHERE number = 2"
expect_exit 1 db check --json
eq "ticket_number PRB PRB-2 is missing" "$(jq -r '.problems[] | "\(.check) \(.where) \(.detail)"' <<<"$OUT")" "a gap in problem numbers"
finish
