#!/usr/bin/env bash
# Text search and ranges on lists, the same on SQLite and PostgreSQL:
# `request list` and `incident list` with --grep (title, details and
# comments, internal ones too; ASCII letters in either case, everything
# else as written: Japanese text matches exactly, full-width and accented
# letters only themselves), --received-since (included) and
# --received-until (excluded), alone and with the other filters; and
# `sd log --actor --since --until`. Every bad value is a one-line error
# naming the option, and changes nothing.
. "$(dirname "$0")/lib.sh"
need jq
keys() { jq -r '[.[].key] | join(" ")' <<<"$OUT"; }
entries() { jq -r '[.[] | .entity + ":" + .action] | join(" ")' <<<"$OUT"; }

export SD_NOW=2026-11-30T08:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok customer add BETA --name "Beta 合同会社"

# Monday 30 November 2026: tanaka and sato take requests, then incidents.
SD_NOW=2026-11-30T09:00:00+09:00 expect_ok --as tanaka request new --customer ACME --type backup \
  --field op=add --field host=web01 --title "Backup web01" -m "毎日 02:00 にバックアップ"
SD_NOW=2026-11-30T10:00:00+09:00 expect_ok --as sato request new --customer ACME --type patch \
  --field host=db1 --field target=MySQL --field patch=8.0.40 --title "db1 MySQL 8.0.40 パッチ適用"
SD_NOW=2026-11-30T10:00:00+09:00 expect_ok --as sato request new --customer BETA --type backup \
  --field op=add --field host=web02 --title "backup of web02"
SD_NOW=2026-11-30T11:00:00+09:00 expect_ok --as tanaka request new --customer ACME --type consultation \
  --field content=相談 --title "技術相談"
SD_NOW=2026-11-30T11:30:00+09:00 expect_ok --as sato request comment ACME-3 -m "ＭｙＳＱＬ の設定について"
SD_NOW=2026-11-30T11:30:00+09:00 expect_ok --as sato request comment ACME-3 -m "社内メモ: Élan" --internal
SD_NOW=2026-11-30T12:00:00+09:00 expect_ok --as tanaka incident open --customer ACME --title "web01 ダウン" \
  -m "HTTP 503 が続く" --impact yes
SD_NOW=2026-11-30T13:00:00+09:00 expect_ok --as tanaka incident open --customer BETA --title "CPU high on app1" --impact no
SD_NOW=2026-11-30T13:05:00+09:00 expect_ok --as tanaka incident notify BETA-2 --via backlog -m "調査中です"
SD_NOW=2026-11-30T13:10:00+09:00 expect_ok --as sato incident comment BETA-2 -m "原因は夜間バッチ処理" --internal
export SD_NOW=2026-11-30T18:00:00+09:00

# ---- request list --grep ------------------------------------------------------
expect_ok request list --grep mysql --json
eq "ACME-2" "$(keys)" "mysql matches MySQL in a title, not full-width ＭｙＳＱＬ"
expect_ok request list --grep ＭｙＳＱＬ --json
eq "ACME-3" "$(keys)" "full-width text matches itself, in a comment"
expect_ok request list --grep BACKUP --json
eq "ACME-1 BETA-1" "$(keys)" "BACKUP matches Backup and backup"
expect_ok request list --grep バックアップ --json
eq "ACME-1" "$(keys)" "Japanese text in the details"
expect_ok request list --grep パッチ適用 --json
eq "ACME-2" "$(keys)" "Japanese text in the title"
expect_ok request list --grep 設定 --json
eq "ACME-3" "$(keys)" "a comment's text"
expect_ok request list --grep Élan --json
eq "ACME-3" "$(keys)" "an internal comment too"
expect_ok request list --grep élan --json
eq "" "$(keys)" "É is not é: only A-Z fold"
expect_ok request list --grep "nothing like it" --json
eq "[]" "$(jq -c . <<<"$OUT")" "no match: an empty array"
expect_ok request list --grep 8.0.40 --json
eq "ACME-2" "$(keys)" "dots are plain characters"
expect_ok request list --grep % --json
eq "" "$(keys)" "% is no wildcard"
expect_ok request list --grep mysql
contains "ACME-2" "$OUT" "the table"
case "$OUT" in *ACME-1*|*ACME-3*) fail "the table shows only matches: $OUT" ;; *) ok ;; esac
expect_ok request list --grep backup --jsonl
eq "2" "$(wc -l <<<"$OUT" | tr -d ' ')" "--jsonl: one line each"
expect_ok request list --grep mysql --json
eq "ACME-2 patch open" "$(jq -r '.[0] | "\(.key) \(.type) \(.status)"' <<<"$OUT")" "the JSON keeps its shape"

# ---- request list --received-since / --received-until --------------------------
expect_ok request list --received-since 2026-11-30T10:00 --json
eq "ACME-2 ACME-3 BETA-1" "$(jq -r '[.[].key] | sort | join(" ")' <<<"$OUT")" "since: received exactly then is included"
expect_ok request list --received-until 2026-11-30T10:00 --json
eq "ACME-1" "$(keys)" "until: received exactly then is excluded"
expect_ok request list --received-since 2026-11-30T10:00 --received-until 2026-11-30T10:00:01 --json
eq "ACME-2 BETA-1" "$(jq -r '[.[].key] | sort | join(" ")' <<<"$OUT")" "a one-second range"
expect_ok request list --received-since 2026-11-30T10:00 --received-until 2026-11-30T10:00 --json
eq "[]" "$(jq -c . <<<"$OUT")" "since equal to until: an empty range"
expect_ok request list --received-since 2026-11-30 --received-until 2026-12-01 --json
eq "4" "$(jq length <<<"$OUT")" "dates: the whole day in the desk's zone"
expect_ok request list --received-until 2026-11-30 --json
eq "[]" "$(jq -c . <<<"$OUT")" "before the day began: none"
expect_ok request list --received-since 2026-11-30T01:00:00Z --json
eq "ACME-2 ACME-3 BETA-1" "$(jq -r '[.[].key] | sort | join(" ")' <<<"$OUT")" "ISO 8601 with an offset (10:00 in Tokyo)"

# ---- combined with the other filters -----------------------------------------
expect_ok request list --grep backup --customer BETA --json
eq "BETA-1" "$(keys)" "--grep with --customer"
expect_ok request list --grep backup --received-since 2026-11-30T10:00 --json
eq "BETA-1" "$(keys)" "--grep with --received-since"
expect_ok request list --grep backup --type backup --open --json
eq "ACME-1 BETA-1" "$(jq -r '[.[].key] | sort | join(" ")' <<<"$OUT")" "--grep with --type and --open"
expect_ok request list --grep backup --limit 1 --json
eq "1" "$(jq length <<<"$OUT")" "--limit counts matches"
expect_ok request list --grep mysql --status resolved --json
eq "[]" "$(jq -c . <<<"$OUT")" "--grep with --status: none resolved"

# ---- incident list ------------------------------------------------------------------
expect_ok incident list --grep ダウン --json
eq "ACME-4" "$(keys)" "Japanese text in an incident's title"
expect_ok incident list --grep http --json
eq "ACME-4" "$(keys)" "http matches HTTP in the details"
expect_ok incident list --grep バッチ --json
eq "BETA-2" "$(keys)" "an internal comment of an incident"
expect_ok incident list --grep web01 --json
eq "ACME-4" "$(keys)" "requests are not incidents"
expect_ok incident list --received-since 2026-11-30T13:00 --json
eq "BETA-2" "$(keys)" "since: exactly then is included"
expect_ok incident list --received-until 2026-11-30T13:00 --json
eq "ACME-4" "$(keys)" "until: exactly then is excluded"
expect_ok incident list --grep cpu --customer BETA --impact no --json
eq "BETA-2" "$(keys)" "--grep with --customer and --impact"
expect_ok incident list --grep cpu --customer ACME --json
eq "[]" "$(jq -c . <<<"$OUT")" "another customer's: none"
expect_ok incident list --grep cpu --status closed --json
eq "[]" "$(jq -c . <<<"$OUT")" "--grep with --status"
expect_ok incident list --all --grep ダウン --received-since 2026-11-30 --received-until 2026-12-01 --json
eq "ACME-4" "$(keys)" "--all with a day's range"
expect_ok incident list --breached --grep ダウン --json
eq "ACME-4" "$(keys)" "--breached: ACME-4 was never notified"
expect_ok incident list --breached --grep cpu --json
eq "[]" "$(jq -c . <<<"$OUT")" "--breached: BETA-2 owes nothing late yet"

# ---- sd log --actor --since --until ------------------------------------------------
expect_ok log --actor sato --json
eq "ACME-2:request.new BETA-1:request.new ACME-3:request.comment ACME-3:request.comment BETA-2:incident.comment" \
   "$(entries)" "--actor: sato's changes"
expect_ok log --actor tanaka --until 2026-11-30T11:00 --json
eq "ACME-1:request.new" "$(entries)" "--until: exactly then is excluded"
expect_ok log --since 2026-11-30T10:00 --until 2026-11-30T11:00 --json
eq "ACME-2:request.new BETA-1:request.new" "$(entries)" "--since: exactly then is included"
expect_ok log --since 2026-11-30T11:00 --until 2026-11-30T11:00 --json
eq "[]" "$(jq -c . <<<"$OUT")" "since equal to until: an empty range"
expect_ok log ACME --actor sato --json
eq "ACME-2:request.new ACME-3:request.comment ACME-3:request.comment" "$(entries)" "--actor with a customer key"
expect_ok log --actor sato --limit 1 --json
eq "BETA-2:incident.comment" "$(entries)" "--limit: the newest of sato's"
expect_ok log --actor Sato --json
eq "[]" "$(jq -c . <<<"$OUT")" "--actor is exact"
expect_ok log --actor tester --since 2026-11-30 --until 2026-12-01
contains "customer.add" "$OUT" "the table"
expect_ok log --actor nobody
eq "" "$(grep -v '^ID' <<<"$OUT")" "no entries: the header alone"

# ---- errors: one line, naming the option, nothing changed -----------------------------
expect_unchanged 65 '^sd: --grep: must not be empty' request list --grep ''
expect_unchanged 65 '^sd: --grep: must not be empty' incident list --grep ''
expect_unchanged 65 '^sd: --grep: .*UTF-8' request list --grep $'\xff'
expect_unchanged 65 '^sd: --received-since: .*ISO 8601' request list --received-since yesterday
expect_unchanged 65 '^sd: --received-until: .*ISO 8601' request list --received-until 2026-13-01
expect_unchanged 65 '^sd: --received-since: an empty time' request list --received-since ''
expect_unchanged 65 '^sd: --received-until: .*ISO 8601' incident list --received-until soon
expect_unchanged 65 '^sd: --received-since: must not be after --received-until' \
  request list --received-since 2026-12-01 --received-until 2026-11-30
expect_unchanged 65 '^sd: --received-since: must not be after --received-until' \
  incident list --received-since 2026-12-01 --received-until 2026-11-30 --breached
expect_unchanged 64 'received-since' request list --received-since
expect_unchanged 64 'grep' incident list --grep
expect_unchanged 66 'no customer NOPE' request list --grep backup --customer NOPE
expect_unchanged 65 '^sd: --actor: must not be empty' log --actor ''
expect_unchanged 65 '^sd: --until: .*ISO 8601' log --until tomorrow
expect_unchanged 65 '^sd: --since: must not be after --until' log --since 2026-12-01 --until 2026-11-30
expect_unchanged 64 'actor' log --actor
finish
