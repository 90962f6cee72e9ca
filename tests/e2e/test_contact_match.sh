#!/usr/bin/env bash
# Contacts are named as people type them. A name matches ignoring spaces and
# full-width/half-width differences (山田 太郎 = 山田太郎 = 山田　太郎,
# ﾀﾅｶ ﾊﾅｺ = タナカハナコ) wherever a contact is named: contact edit, remove
# and reorder, incident notify --contact, and so incident calls. A phone
# number typed in full-width digits, ＋, － and （） is accepted and stored
# in ASCII. Two names that would match each other cannot both exist.
. "$(dirname "$0")/lib.sh"
need jq
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"

# --- phone numbers in full-width are stored in ASCII
expect_ok contact add ACME --name "山田 太郎" --phone "０３－１２３４－５６７８"
eq "ACME contact 1: 山田 太郎" "$OUT"
expect_ok contact add ACME --name "ﾀﾅｶ ﾊﾅｺ" --phone "＋８１（９０）１１１１－２２２２"
expect_ok contact add ACME --name "Ｓａｔｏ" --phone "03 0000 0000"
expect_ok contact list ACME --json
eq "03-1234-5678|+81(90)1111-2222|03 0000 0000" "$(jq -r 'map(.phone) | join("|")' <<<"$OUT")" "phones stored in ASCII"
eq "山田 太郎|ﾀﾅｶ ﾊﾅｺ|Ｓａｔｏ" "$(jq -r 'map(.name) | join("|")' <<<"$OUT")" "names kept as typed"
expect_unchanged 65 "^sd: --phone: '０３－ＡＢＣＤ' is not a phone number; use digits with \+ - \( \) or spaces$" \
  contact add ACME --name 鈴木 --phone "０３－ＡＢＣＤ"
expect_unchanged 65 "^sd: --phone: '１' is not a phone number" contact add ACME --name 鈴木 --phone "１"

# --- a name that matches another is the same name
expect_unchanged 65 "^sd: --name: ACME already has a contact named 山田 太郎$" contact add ACME --name "山田太郎" --phone 03-0000-0001
expect_unchanged 65 "^sd: --name: ACME already has a contact named ﾀﾅｶ ﾊﾅｺ$" contact add ACME --name "タナカ　ハナコ" --phone 03-0000-0001
expect_unchanged 65 "^sd: --name: ACME already has a contact named Ｓａｔｏ$" contact edit ACME 1 --name "Sato"
expect_unchanged 65 "^sd: --name: a contact's name cannot be a number" contact add ACME --name "１２" --phone 03-0000-0001

# --- edit, by a name typed another way; full-width digits name a place
expect_ok contact edit ACME "山田　太郎" --role 部長
expect_ok contact edit ACME "山田太郎" --phone "０９０ ９９９９ ８８８８"
expect_ok contact edit ACME "タナカハナコ" --role 課長
expect_ok contact edit ACME "Sato" --email sato@example.com
expect_ok contact edit ACME "３" --role 担当
expect_ok contact list ACME --json
eq "部長 090 9999 8888|課長 +81(90)1111-2222|担当 sato@example.com" \
  "$(jq -r 'map("\(.role) \(if .order == 3 then .email else .phone end)") | join("|")' <<<"$OUT")" "edits found their contacts"
# A contact may be renamed to a spelling of its own name.
expect_ok contact edit ACME "Sato" --name "Sato"
expect_unchanged 66 "^sd: contact: ACME has no contact named 鈴木 \(see 'sd contact list ACME'\)$" contact edit ACME 鈴木 --role x
expect_unchanged 66 "^sd: contact: ACME has no contact at position ９" contact edit ACME "９" --role x
expect_unchanged 66 "has no contact named やまだたろう" contact remove ACME "やまだたろう"

# --- incident notify --contact and incident calls
expect_ok incident open --customer ACME --impact yes --host web01
SD_NOW=2026-11-30T10:05:00+09:00 expect_ok incident notify ACME-1 --via phone --contact "山田太郎" --result no-answer
SD_NOW=2026-11-30T10:06:00+09:00 expect_ok incident notify ACME-1 --via phone --contact "ﾀﾅｶﾊﾅｺ" --result answered
SD_NOW=2026-11-30T10:07:00+09:00 expect_ok incident notify ACME-1 --via phone --contact "３" --result voicemail
expect_ok incident calls ACME-1 --json
eq "山田 太郎:no-answer|ﾀﾅｶ ﾊﾅｺ:answered|Sato:voicemail" \
  "$(jq -r 'map("\(.name):\(.calls | map(.result) | join(","))") | join("|")' <<<"$OUT")" "calls found by any spelling"
expect_unchanged 66 "has no contact named 佐藤" incident notify ACME-1 --via phone --contact 佐藤 --result answered

# --- reorder and remove by any spelling
expect_ok contact reorder ACME "ﾀﾅｶ ﾊﾅｺ" "山田太郎"
expect_ok contact list ACME --json
eq "ﾀﾅｶ ﾊﾅｺ|山田 太郎|Sato" "$(jq -r 'map(.name) | join("|")' <<<"$OUT")" "reorder"
expect_ok contact remove ACME "タナカ ハナコ"
eq "ACME: removed ﾀﾅｶ ﾊﾅｺ" "$OUT"
expect_ok contact list ACME --json
eq "1:山田 太郎|2:Sato" "$(jq -r 'map("\(.order):\(.name)") | join("|")' <<<"$OUT")" "remove"

finish
