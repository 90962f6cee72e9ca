#!/usr/bin/env bash
# sd undo: the actor's last change taken back from the audit log, newest
# first, one command's entries at a time; asked on a terminal, --yes
# elsewhere; a request's move taken back with its event, so its pauses and
# due time are as before; refused when the entity changed since or the
# action cannot be taken back; itself audited; --dry-run and --json.
. "$(dirname "$0")/lib.sh"
need jq script
# as ACTOR TIME ARGS...: sd as ACTOR at 2026-12-01 TIME (JST); must succeed.
as() { SD_ACTOR=$1 SD_NOW="2026-12-01T$2:00+09:00" "$SD" "${@:3}" >/dev/null 2>>"$T/setup.err" || fail "setup: sd ${*:3}"; }
# undo_as ACTOR TIME ARGS...: sd undo as ACTOR at TIME, with expect_ok.
undo_as() { SD_ACTOR=$1 SD_NOW="2026-12-01T$2:00+09:00" expect_ok undo "${@:3}"; }
# a request's JSON as a user compares it: without what every write moves on.
request_state() { "$SD" request show "$1" --json | jq -S 'del(.version, .updated_at, .history)'; }

expect_ok init
as tester 09:00 customer add ACME --name "Acme 株式会社"
as tester 09:00 contact add ACME --name 田中 --phone 03-1111-1111 --email tanaka@example.jp
as tester 09:00 contact add ACME --name 佐藤 --phone 03-2222-2222
as tester 09:00 customer criteria add ACME --match host=web* --impact yes

# --- nothing to undo; not at a terminal ------------------------------------------
SD_ACTOR=nobody expect_unchanged 66 "^sd: undo: nobody has no change left to take back \(see 'sd log --actor nobody'\)$" undo --yes
as alice 10:00 customer host add ACME web01 db01
expect_unchanged 64 "undo: standard input is not a terminal.*--yes" undo </dev/null
SD_ACTOR=alice expect_unchanged 64 "--yes" undo </dev/null

# --- one command's entries, taken back together --------------------------------
SD_ACTOR=alice expect_ok undo --dry-run
contains "would undo:" "$OUT" "dry run"
contains "host.add  ACME/host/db01" "$OUT" "dry run names the newest entry"
contains "dry run: nothing was written" "$OUT" "dry run"
before=$(store_state)
SD_ACTOR=alice expect_ok undo --dry-run --json
eq "true 2 host.add ACME/host/db01" "$(jq -r '"\(.dry_run) \(.undone | length) \(.undone[0].action) \(.undone[0].entity)"' <<<"$OUT")" \
  "dry run --json: both entries, newest first"
eq "$before" "$(store_state)" "a dry run writes nothing"
undo_as alice 10:05 --yes --json
eq "false ACME/host/db01 ACME/host/web01" "$(jq -r '"\(.dry_run) \(.undone | map(.entity) | join(" "))"' <<<"$OUT")" \
  "undo --json: the entries taken back"
expect_ok customer host list ACME --json
eq "0" "$(jq length <<<"$OUT")" "both hosts of the one command are gone"
expect_ok log --actor alice --json
eq "host.add host.add undo undo" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "each entry taken back has its undo entry"
db=$(jq -r '.[1].id' <<<"$OUT")
eq "$db host.add {\"customer\":\"ACME\",\"host\":\"db01\"} null alice ACME/host/db01" \
  "$(jq -r '.[2] | "\(.after.entry) \(.after.action) \(.after.before | tojson) \(.after.after) \(.actor) \(.entity)"' <<<"$OUT")" \
  "the undo entry names the entry, what was and what is"
SD_ACTOR=alice expect_unchanged 66 "alice has no change left" undo --yes

# --- the stack: newest first, then the one before ------------------------------
as bob 10:10 customer host add ACME web01
as bob 10:11 contact edit ACME 田中 --phone 03-9999-9999
as bob 10:12 customer edit ACME --name "Acme Corp"
undo_as bob 10:20 --yes
contains "customer.edit  ACME" "$OUT" "text output names the entry"
expect_ok customer show ACME --json
eq "Acme 株式会社" "$(jq -r .name <<<"$OUT")" "customer edit taken back"
undo_as bob 10:21 --yes
expect_ok contact list ACME --json
eq "03-1111-1111 tanaka@example.jp" "$(jq -r '.[0] | "\(.phone) \(.email)"' <<<"$OUT")" "contact edit taken back"
undo_as bob 10:22 --yes
expect_ok customer host list ACME --json
eq "0" "$(jq length <<<"$OUT")" "then the host add"

# --- contacts: remove, add, reorder ----------------------------------------------
as carol 10:30 contact remove ACME 田中
undo_as carol 10:31 --yes
expect_ok contact list ACME --json
eq "1 田中 03-1111-1111 tanaka@example.jp" "$(jq -r '.[0] | "\(.order) \(.name) \(.phone) \(.email)"' <<<"$OUT")" \
  "a removed contact comes back in its place with its values"
as carol 10:32 contact reorder ACME 佐藤
undo_as carol 10:33 --yes
expect_ok contact list ACME --json
eq "田中 佐藤" "$(jq -r 'map(.name) | join(" ")' <<<"$OUT")" "a reorder taken back"
as carol 10:34 contact add ACME --name 鈴木 --phone 03-3333-3333 --order 1
undo_as carol 10:35 --yes
expect_ok contact list ACME --json
eq "1 田中 2 佐藤" "$(jq -r 'map("\(.order) \(.name)") | join(" ")' <<<"$OUT")" "an added contact removed, the order closed up"

# --- one second, two commands of different actions: two changes ------------------
as mike 10:38 customer host add ACME m01
as mike 10:38 contact edit ACME 佐藤 --email sato@example.jp
undo_as mike 10:39 --yes --json
eq "contact.edit" "$(jq -r '.undone | map(.action) | join(" ")' <<<"$OUT")" "only the newest command's entries"
undo_as mike 10:39 --yes --json
eq "host.add" "$(jq -r '.undone | map(.action) | join(" ")' <<<"$OUT")" "then the one before, in the same second"

# --- changed since: refused, nothing written -----------------------------------
as dave 10:40 contact edit ACME 佐藤 --phone 03-4444-4444
as erin 10:41 contact edit ACME 佐藤 --role 窓口
as erin 10:42 contact edit ACME 佐藤 --phone 03-5555-5555
SD_ACTOR=dave expect_unchanged 65 \
  "^sd: undo: ACME/contact/[0-9]+ has changed since entry [0-9]+ \(contact.edit\): phone is \"03-5555-5555\", not \"03-4444-4444\"; taking it back would undo that too; nothing was written$" \
  undo --yes
undo_as erin 10:43 --yes
undo_as dave 10:44 --yes
expect_ok contact list ACME --json
eq "03-2222-2222 窓口" "$(jq -r '.[1] | "\(.phone) \(.role)"' <<<"$OUT")" \
  "erin's newest change taken back, then dave's: the phone as before, erin's role kept"
undo_as erin 10:45 --yes
expect_ok contact list ACME --json
eq "null" "$(jq -r '.[1].role' <<<"$OUT")" "erin's role taken back"

# --- criteria: only the last comes back in its place -----------------------------
as frank 10:50 customer criteria add ACME --match check=url --impact no -m URL
as frank 10:51 customer criteria remove ACME 1
SD_ACTOR=frank expect_unchanged 65 "criterion 1 was not the last" undo --yes
as grace 10:52 customer criteria remove ACME 2
undo_as grace 10:53 --yes
expect_ok customer criteria list ACME --json
eq '1 {"check":"url"} no URL' "$(jq -r '.[] | select(.match.check) | "\(.order) \(.match | tojson) \(.impact) \(.note)"' <<<"$OUT")" \
  "the last criterion comes back with its rule"

# --- requests: the event taken back with the move --------------------------------
as tester 11:00 request new --customer ACME --type backup --field op=add --field host=web01   # ACME-1
as tester 11:00 request new --customer ACME --type backup --field op=add --field host=db01    # ACME-2
as henry 11:10 request start ACME-1
started=$(request_state ACME-1)
as henry 13:00 request wait ACME-1 -m "お客様の回答待ち"
expect_ok request show ACME-1 --json
eq "waiting 1" "$(jq -r '"\(.status) \(.pauses | length)"' <<<"$OUT")" "waiting, one pause"
undo_as henry 14:00 --yes
eq "$started" "$(request_state ACME-1)" "wait taken back: status, pause and due time as before it"
expect_ok request show ACME-1 --json
eq "in-progress" "$(jq -r '[.history[] | select(.kind == "status") | .to] | join(",")' <<<"$OUT")" \
  "the wait's event is gone"
as henry 15:00 request resolve ACME-1
undo_as henry 15:01 --yes
eq "$started" "$(request_state ACME-1)" "resolve taken back: open again, no resolved_at"
as henry 15:02 request edit ACME-1 --title "web01 backup" --field host=web02
undo_as henry 15:03 --yes
eq "$started" "$(request_state ACME-1)" "edit taken back: title and field"
as ivy 15:10 request assign ACME-1 ACME-2 ivy
undo_as ivy 15:11 --yes --json
eq "ACME-2 ACME-1" "$(jq -r '.undone | map(.entity) | join(" ")' <<<"$OUT")" "both assignments, newest first"
expect_ok request list --json
eq "MSP MSP" "$(jq -r 'map(.assignee) | join(" ")' <<<"$OUT")" "assignees back"
as henry 15:20 request resolve ACME-1
as jack 15:21 request comment ACME-1 -m "確認しました"
SD_ACTOR=henry expect_unchanged 65 "ACME-1 has changed since entry [0-9]+ \(request.resolve\): it has a later event" undo --yes

# --- what cannot be taken back ---------------------------------------------------
as kate 16:00 request new --customer ACME --type backup --field op=add --field host=x
SD_ACTOR=kate expect_unchanged 65 "^sd: undo: entry [0-9]+ \(request.new of ACME-3\) cannot be taken back: .*; nothing was written$" undo --yes
SD_ACTOR=kate expect_unchanged 65 "cannot be taken back" undo --dry-run

# --- asked on a terminal -----------------------------------------------------------
as lee 16:10 customer host add ACME app01
before=$(store_state)
printf 'n\n' | SD_ACTOR=lee script -qec "$SD undo" /dev/null >"$T/tty.out" 2>&1; rc=$?
eq "1" "$rc" "answered no: exit 1"
contains "Undo it? [y/N]" "$(cat "$T/tty.out")" "the question"
contains "host.add  ACME/host/app01" "$(cat "$T/tty.out")" "the change shown before asking"
eq "$before" "$(store_state)" "answered no: nothing written"
printf 'y\n' | SD_ACTOR=lee script -qec "$SD undo" /dev/null >"$T/tty.out" 2>&1; rc=$?
eq "0" "$rc" "answered yes"
expect_ok customer host list ACME --json
eq "0" "$(jq length <<<"$OUT")" "answered yes: taken back"

finish
