#!/usr/bin/env bash
# sd customer and sd contact, with their error paths. Lists are
# tab-separated in a pipe; on a terminal (script(1)) their columns stay
# aligned with Japanese text, which takes two columns a character.
. "$(dirname "$0")/lib.sh"
need jq script
TAB=$(printf '\t')
expect_ok init

expect_ok customer add ACME --name "Acme 株式会社" --plan advanced
eq "ACME" "$OUT" "add prints the key"
expect_ok customer add BETA_2 --name "Beta" --tz America/New_York --json
eq "basic America/New_York" "$(jq -r '"\(.plan) \(.tz)"' <<<"$OUT")" "add --json"

expect_unchanged 65 "customer: ACME already exists" customer add ACME --name Again
expect_unchanged 65 "customer key: 'acme' is not allowed" customer add acme --name x
expect_unchanged 65 "customer key: '1ACME'" customer add 1ACME --name x
expect_unchanged 65 "--plan: 'gold' is not allowed; use basic or advanced" customer add GOLD --name x --plan gold
expect_unchanged 65 "--tz: unknown time zone 'Mars/Base'" customer add MARS --name x --tz Mars/Base
expect_unchanged 65 "--tz: unknown time zone" customer edit ACME --tz Nowhere
expect_unchanged 65 "--name: must not be empty" customer add EMPTY --name "  "
expect_unchanged 65 "--name: not valid UTF-8" customer add BAD --name $'\xff\xfe'
expect_unchanged 64 "--name is required" customer add NONAME

expect_ok customer list
eq "KEY${TAB}PLAN${TAB}TZ${TAB}NAME" "$(head -1 <<<"$OUT")" "list header"
contains "ACME${TAB}advanced${TAB}Asia/Tokyo${TAB}Acme 株式会社" "$OUT" "list row"
expect_ok customer list --json
eq "ACME BETA_2" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")"

expect_ok customer edit BETA_2 --name "Beta 合同会社" --plan advanced
contains "plan:     advanced" "$OUT"
expect_unchanged 66 "customer: no customer NOPE" customer edit NOPE --name x
expect_unchanged 64 "nothing to change" customer edit BETA_2
expect_unchanged 66 "no customer NOPE" customer show NOPE

# Contacts in call order (white paper 4.2.2).
expect_ok contact add ACME --name 田中 --phone 03-1234-5678 --email tanaka@example.jp --role インフラ担当
expect_ok contact add ACME --name 佐藤 --phone "+81 90-1111-2222"
expect_ok contact add ACME --name Suzuki --phone 080-3333-4444 --order 1
expect_ok contact list ACME --json
eq "Suzuki 田中 佐藤" "$(jq -r 'map(.name) | join(" ")' <<<"$OUT")" "--order 1 goes first"
eq "1 2 3" "$(jq -r 'map(.order) | join(" ")' <<<"$OUT")"
expect_ok contact list ACME
eq "ORDER${TAB}NAME${TAB}PHONE${TAB}EMAIL${TAB}ROLE" "$(head -1 <<<"$OUT")" "contact list header"
contains "2${TAB}田中${TAB}03-1234-5678${TAB}tanaka@example.jp${TAB}インフラ担当" "$OUT" "contact list row"
OUT=$(COLUMNS=80 script -qec "'$SD' --color never contact list ACME" /dev/null </dev/null | tr -d '\r')
eq "ORDER  NAME    PHONE             EMAIL              ROLE" "$(head -1 <<<"$OUT")" "terminal: contact list header"
contains "    2  田中    03-1234-5678      tanaka@example.jp  インフラ担当" "$OUT" "terminal: aligned with wide text"

expect_ok contact reorder ACME 佐藤 田中 --json
eq "佐藤 田中 Suzuki" "$(jq -r 'map(.name) | join(" ")' <<<"$OUT")" "reorder"
expect_ok contact reorder ACME 3
expect_ok contact list ACME --json
eq "Suzuki 佐藤 田中" "$(jq -r 'map(.name) | join(" ")' <<<"$OUT")" "reorder by place"
expect_ok contact edit ACME 佐藤 --phone 090-9999-0000
expect_ok contact remove ACME Suzuki
expect_ok contact list ACME --json
eq "佐藤:1:090-9999-0000 田中:2:03-1234-5678" "$(jq -r 'map("\(.name):\(.order):\(.phone)") | join(" ")' <<<"$OUT")" "after edit and remove"
expect_ok customer show ACME --json
eq "2" "$(jq '.contacts | length' <<<"$OUT")" "show has contacts"

expect_unchanged 65 "--phone: 'call me' is not a phone number" contact add ACME --name X --phone "call me"
expect_unchanged 65 "--email: 'nope' is not an email address" contact add ACME --name X --phone 03-1 --email nope
expect_unchanged 65 "already has a contact named 田中" contact add ACME --name 田中 --phone 03-1111
expect_unchanged 65 "--order: 5 is out of range; use 1 to 3" contact add ACME --name X --phone 03-1111 --order 5
expect_unchanged 66 "has no contact named Nobody" contact remove ACME Nobody
expect_unchanged 65 "--name: a contact's name cannot be a number" contact edit ACME 田中 --name 42
expect_unchanged 66 "has no contact at position 9" contact edit ACME 9 --role x
expect_unchanged 65 "is named twice" contact reorder ACME 田中 2
expect_unchanged 66 "no customer NOPE" contact list NOPE
expect_unchanged 64 "--phone is required" contact add ACME --name X

finish
