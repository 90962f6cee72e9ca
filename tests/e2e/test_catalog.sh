#!/usr/bin/env bash
# sd catalog: the shipped catalog, its list and show commands in text and
# JSON, their errors, and a deployment's own catalog file.
. "$(dirname "$0")/lib.sh"
need jq
TAB=$(printf '\t')
# cell N: the Nth tab-separated cell of the row on standard input (tables
# are tab-separated in a pipe).
cell() { cut -f"$1"; }

# --- list -------------------------------------------------------------------
expect_ok catalog list
eq 24 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" "list: header and 23 types"
eq "CODE" "$(printf '%s\n' "$OUT" | head -1 | awk '{print $1}')" "list header"
contains "種別" "$(printf '%s\n' "$OUT" | head -1)" "list header"
contains "RAISED BY" "$(printf '%s\n' "$OUT" | head -1)" "list header"
line=$(printf '%s\n' "$OUT" | grep "^backup${TAB}")
eq "minor" "$(cell 2 <<<"$line")" "backup row: tier"
eq "1bd" "$(cell 3 <<<"$line")" "backup row: SLO"
eq "バックアップ作業" "$(cell 4 <<<"$line")" "backup row: 種別"
eq "Backup" "$(cell 5 <<<"$line")" "backup row: name"
eq "customer" "$(cell 6 <<<"$line")" "backup row: raised by"
eq "5bd" "$(printf '%s\n' "$OUT" | grep "^disk${TAB}" | cell 3)" "disk row"
eq "provider" "$(printf '%s\n' "$OUT" | grep "^feature-proposal${TAB}" | cell 6)" "feature-proposal row"
eq "both" "$(printf '%s\n' "$OUT" | grep "^ops-improvement${TAB}" | cell 6)" "ops-improvement row"
# Grouped by tier: minor, impacting, basic, advanced.
eq "minor impacting basic advanced" \
  "$(printf '%s\n' "$OUT" | tail -n +2 | awk '{print $2}' | uniq | tr '\n' ' ' | sed 's/ $//')" "tier order"

expect_ok catalog list --tier basic
eq "vulnerability ops-improvement capacity-planning" \
  "$(printf '%s\n' "$OUT" | tail -n +2 | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//')" "list --tier basic"
expect_ok catalog list --tier advanced
eq 6 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" "list --tier advanced: header and 5 types"

expect_ok catalog list --json
eq 23 "$(jq length <<<"$OUT")" "list --json length"
eq '["code","name","name_en","tier","slo_days","raised_by","fields"]' \
  "$(jq -c '.[0] | keys_unsorted' <<<"$OUT")" "list --json keys"
eq '{"code":"backup","name":"バックアップ作業","name_en":"Backup","tier":"minor","slo_days":1,"raised_by":"customer"}' \
  "$(jq -c '.[] | select(.code == "backup") | del(.fields)' <<<"$OUT")" "backup as JSON"
eq '["minor","impacting","basic","advanced"]' \
  "$(jq -c 'reduce .[].tier as $t ([]; if .[-1] == $t then . else . + [$t] end)' <<<"$OUT")" "JSON tier order"
eq 6 "$(jq '[.[] | select(.slo_days == 1)] | length' <<<"$OUT")" "six 1-day types"
eq "[]" "$(jq -c '[.[] | select(.slo_days != 1 and .slo_days != 5)]' <<<"$OUT")" "SLOs are 1 or 5"
expect_ok --json catalog list --tier minor
eq '["account","backup","security-group","monitoring","restore","server-power"]' \
  "$(jq -c '[.[].code]' <<<"$OUT")" "--json before the command, --tier minor"

# --- show -------------------------------------------------------------------
expect_ok catalog show account
contains "アカウント管理作業" "$OUT" "show account"
contains "minor (サービスへの影響が軽微なご依頼)" "$OUT" "show account tier"
contains "1 business day" "$OUT" "show account SLO"
eq "add, change, delete" "$(printf '%s\n' "$OUT" | grep "^op${TAB}" | cell 3)" "show account op"
eq "when kind=os" "$(printf '%s\n' "$OUT" | grep "^host${TAB}" | cell 2)" "show account host"
eq "when op is add or change" "$(printf '%s\n' "$OUT" | grep "^permissions${TAB}" | cell 2)" "show account permissions"
contains "必要な権限" "$OUT" "show account description"
contains "Permissions the account needs" "$OUT" "show account English description"
# The Japanese name (種別) shows the same type as the code.
expect_ok catalog show account --json
want=$OUT
expect_ok catalog show アカウント管理作業 --json
eq "$want" "$OUT" "show by 種別 is show by code"
expect_error 65 "^sd: TYPE: unknown type 'アカウント管理'; " catalog show アカウント管理
expect_ok catalog show software-update
eq "no (absent: latest)" "$(printf '%s\n' "$OUT" | grep "^version${TAB}" | cell 2)" "show software-update version"
contains "5 business days" "$OUT" "show software-update SLO"
expect_ok catalog show study-session
contains "advanced (アドバンスドサポート)" "$OUT" "show study-session tier"

expect_ok catalog show disk --json
eq '["code","name","name_en","tier","slo_days","raised_by","fields"]' "$(jq -c 'keys_unsorted' <<<"$OUT")" "show --json keys"
eq '["op","host","size","disk"]' "$(jq -c '[.fields[].name]' <<<"$OUT")" "show --json field order"
eq '["name","description","description_en","required","allowed","required_when","when_absent"]' \
  "$(jq -c '.fields[0] | keys_unsorted' <<<"$OUT")" "show --json field keys"
eq '{"op":["add"]}' "$(jq -c '.fields[2].required_when' <<<"$OUT")" "size required_when"
eq false "$(jq '.fields[2].required' <<<"$OUT")" "size not always required"
eq '["add","delete"]' "$(jq -c '.fields[0].allowed' <<<"$OUT")" "op allowed"
eq null "$(jq '.fields[1].when_absent' <<<"$OUT")" "when_absent null"
expect_ok --json catalog show software-update
eq '"latest"' "$(jq '.fields[2].when_absent' <<<"$OUT")" "version when_absent"
# list --json and show --json describe a type the same way.
expect_ok catalog list --json
list_disk=$(jq -c '.[] | select(.code == "disk")' <<<"$OUT")
expect_ok catalog show disk --json
eq "$list_disk" "$(jq -c . <<<"$OUT")" "list and show agree"

# --- errors -----------------------------------------------------------------
expect_error 65 "^sd: TYPE: unknown type 'bakup'; did you mean 'backup'\? \(see 'sd catalog list'\)$" catalog show bakup
expect_error 65 "did you mean 'backup'\?" catalog show Backup
expect_error 65 "^sd: TYPE: unknown type 'nothing-like-it'; types: account, backup, .*feature-proposal" catalog show nothing-like-it
expect_error 65 "^sd: --tier: unknown tier 'premium'; use minor, impacting, basic or advanced$" catalog list --tier premium
expect_error 65 "^sd: --tier: unknown tier 'Minor'" catalog list --tier Minor
expect_error 65 "^sd: --tier: unknown tier ''; use minor, impacting, basic or advanced$" catalog list --tier ''
expect_exit 64 catalog list --tier
expect_exit 64 catalog show
expect_exit 64 catalog
expect_exit 64 catalog lsit
eq "" "$OUT" "nothing on stdout after an error"

# --- a deployment's own catalog ---------------------------------------------
mkdir -p "$XDG_CONFIG_HOME/sd"
cat >"$T/mine.json" <<'EOF'
{
  "version": 1,
  "types": [
    {"code": "dns", "name": "DNS 設定作業", "name_en": "DNS settings", "tier": "minor", "slo_days": 2,
     "fields": [
       {"name": "op", "description": "作業の種類", "allowed": ["add", "delete"]},
       {"name": "record", "description": "レコード"}]},
    {"code": "audit", "name": "監査対応", "tier": "advanced", "slo_days": 10, "raised_by": "provider",
     "fields": []}
  ]
}
EOF
printf '[catalog]\npath = %s\n' "$T/mine.json" >"$XDG_CONFIG_HOME/sd/config"
expect_ok catalog list
eq 3 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" "own catalog: header and 2 types"
contains "DNS 設定作業" "$OUT" "own catalog list"
eq "2bd" "$(printf '%s\n' "$OUT" | grep "^dns${TAB}" | cell 3)" "own catalog SLO"
eq "10bd" "$(printf '%s\n' "$OUT" | grep "^audit${TAB}" | cell 3)" "own catalog SLO"
expect_ok catalog list --json
eq '[["dns",2,"customer"],["audit",10,"provider"]]' "$(jq -c '[.[] | [.code, .slo_days, .raised_by]]' <<<"$OUT")" "own catalog JSON"
expect_ok catalog show dns
contains "2 business days" "$OUT" "own catalog show"
expect_error 65 "did you mean 'dns'\?" catalog show dnss
expect_error 65 "types: dns, audit" catalog show backup
# A relative path is taken from the config file's directory.
cp "$T/mine.json" "$XDG_CONFIG_HOME/sd/relative.json"
printf '[catalog]\npath = relative.json\n' >"$XDG_CONFIG_HOME/sd/config"
expect_ok catalog list --tier advanced
contains "監査対応" "$OUT" "relative catalog path"
# --config names another config.
printf '[catalog]\npath = %s\n' "$T/mine.json" >"$T/other.conf"
rm "$XDG_CONFIG_HOME/sd/config"
expect_ok --config "$T/other.conf" catalog show audit
contains "監査対応" "$OUT" "--config catalog"

# What list --json prints is a catalog again (sd-catalog(5)).
rm -f "$XDG_CONFIG_HOME/sd/config"
expect_ok catalog list --json
shipped=$OUT
jq '{version: 1, types: .}' <<<"$shipped" >"$T/round.json"
printf '[catalog]\npath = %s\n' "$T/round.json" >"$XDG_CONFIG_HOME/sd/config"
expect_ok catalog list --json
eq "$shipped" "$OUT" "list --json read back as a catalog"

# Broken catalogs: exit 78, one line naming the file and the place.
bad() { printf '%s' "$1" >"$T/bad.json"; printf '[catalog]\npath = %s\n' "$T/bad.json" >"$XDG_CONFIG_HOME/sd/config"; }
bad '{"version": 1, "types": ['
expect_error 78 "^sd: $T/bad.json: not valid JSON: parse error at line 1" catalog list
bad '{"version": 1, "types": [{"code": "x", "name": "X", "tier": "premium", "slo_days": 1, "fields": []}]}'
expect_error 78 "^sd: $T/bad.json: types\[0\]\.tier: unknown tier 'premium'; use minor, impacting, basic or advanced$" catalog list
bad '{"version": 1, "types": [{"code": "x", "name": "X", "tier": "minor", "slo_days": 0, "fields": []}]}'
expect_error 78 "types\[0\]\.slo_days: expected a whole number" catalog show x
bad '{"version": 1, "types": [
  {"code": "x", "name": "X", "tier": "minor", "slo_days": 1, "fields": []},
  {"code": "x", "name": "Y", "tier": "minor", "slo_days": 1, "fields": []}]}'
expect_error 78 "types\[1\]\.code: 'x' is already the code of types\[0\]" catalog list --json
bad '{"version": 1, "types": [{"code": "x", "name": "X", "tier": "minor", "slo_days": 1, "fields": [
  {"name": "op", "description": "d", "allowed": ["add"]},
  {"name": "size", "description": "d", "required_when": {"op": ["delete"]}}]}]}'
expect_error 78 "types\[0\]\.fields\[1\]\.required_when\.op\[0\]: 'delete' is not a value of op; allowed: add" catalog list
bad '{"version": 1, "types": [{"code": "x", "name": "X\nY", "tier": "minor", "slo_days": 1, "fields": []}]}'
expect_error 78 "types\[0\]\.name: control characters \(newlines included\) are not allowed$" catalog list
bad ''
expect_error 78 "not valid JSON" catalog list
printf '[catalog]\npath = %s\n' "$T/missing.json" >"$XDG_CONFIG_HOME/sd/config"
expect_error 78 "^sd: catalog: cannot read $T/missing.json$" catalog list

finish
