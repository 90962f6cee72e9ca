#!/usr/bin/env bash
# Output that adapts to where it goes (sd(1) OUTPUT). In a pipe a list is
# tab-separated: one header line, one line a row, cells whole (a long title
# is not cut) and a tab in a cell written \t, so `cut -f1` gives the keys.
# Colour says what the library judged: at Tuesday 18:00, ACME-1 (due Monday
# 19:00) is overdue and red, ACME-2 (due Tuesday 19:00) is due soon and
# yellow, ACME-3 (due Wednesday 11:00) has no colour. Colour never appears
# in a pipe unless asked (--color always, or CLICOLOR_FORCE in auto); never
# with NO_COLOR or TERM=dumb in auto; never with --color never, whatever the
# environment; never in --json. A bad --color word is a usage error (64)
# that changes nothing. On a terminal (script(1)) of 80 columns the table
# is aligned and fits: only the title is cut, with "…", and keys stay whole.
. "$(dirname "$0")/lib.sh"
need jq script
at() { local when=$1; shift; SD_NOW="$when" expect_ok "$@"; }
TAB=$(printf '\t')
ESC=$(printf '\033')
RED="${ESC}[31m"
YELLOW="${ESC}[33m"

export SD_NOW=2026-11-30T09:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
long="Nightly backup of the web01 document root and its database dumps"
at 2026-11-30T10:00:00+09:00 request new --customer ACME --type backup --field op=add --field host=web01 --title "$long"
at 2026-12-01T10:00:00+09:00 request new --customer ACME --type backup --field op=add --field host=db01 --title "a${TAB}b"
at 2026-12-01T11:00:00+09:00 request new --customer ACME --type backup --field op=add --field host=ap01
export SD_NOW=2026-12-01T18:00:00+09:00

# --- in a pipe: tab-separated, whole, no colour
expect_ok request list
eq "KEY${TAB}TYPE${TAB}PRI${TAB}STATUS${TAB}ASSIGNEE${TAB}DUE${TAB}LEFT${TAB}TITLE" "$(head -n 1 <<<"$OUT")" "one header line"
eq "4" "$(wc -l <<<"$OUT" | tr -d ' ')" "a line a row"
eq "KEY ACME-1 ACME-2 ACME-3" "$(cut -f1 <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')" "cut -f1 gives the keys"
eq "$long" "$(grep "^ACME-1${TAB}" <<<"$OUT" | cut -f8)" "the title whole"
eq 'a\tb' "$(grep "^ACME-2${TAB}" <<<"$OUT" | cut -f8)" "a tab in a cell is written \\t"
case "$OUT" in *"$ESC"*) fail "colour in a pipe: $OUT" ;; *) ok ;; esac
# Tables other than lists too (calendar explain), and lines with nothing
# to align are as they were.
expect_ok calendar holidays 2026-01-01 2026-01-12
eq "DATE${TAB}DAY${TAB}NAME${TAB}ENGLISH" "$(head -n 1 <<<"$OUT")" "holidays tab-separated"

# --- colour carries meaning
expect_ok --color always request list
eq "${RED}ACME-1${TAB}" "$(grep -F 'ACME-1' <<<"$OUT" | cut -c1-12)" "overdue: red"
contains "${YELLOW}ACME-2${TAB}" "$OUT" "due soon: yellow"
eq "ACME-3${TAB}" "$(grep -F 'ACME-3' <<<"$OUT" | cut -f1)${TAB}" "healthy: no colour"
case "$(grep -F 'ACME-3' <<<"$OUT")" in *"$ESC"*) fail "colour on a healthy row" ;; *) ok ;; esac
case "$(head -n 1 <<<"$OUT")" in *"$ESC"*) fail "colour on the header" ;; *) ok ;; esac
expect_ok --color always request show ACME-1
contains "${RED}late" "$OUT" "show: overdue red"
expect_ok --color always request list --json
case "$OUT" in *"$ESC"*) fail "colour in --json" ;; *) ok ;; esac
eq "ACME-1 ACME-2 ACME-3" "$(jq -r 'map(.key) | join(" ")' <<<"$OUT")" "--json as ever"
expect_ok --color always request list --jsonl
case "$OUT" in *"$ESC"*) fail "colour in --jsonl" ;; *) ok ;; esac
# A check's status line: CRITICAL red.
SD_NOW=2026-12-01T18:00:00+09:00 expect_exit 2 --color always slo check
eq "${RED}SD SLO CRITICAL" "$(head -n 1 <<<"$OUT" | cut -c1-20)" "CRITICAL red"

# --- the environment, in auto (the default)
OUT=$(CLICOLOR_FORCE=1 "$SD" request list)
contains "${RED}ACME-1" "$OUT" "CLICOLOR_FORCE=1 colours a pipe in auto"
OUT=$(CLICOLOR_FORCE=0 "$SD" request list)
case "$OUT" in *"$ESC"*) fail "CLICOLOR_FORCE=0 coloured" ;; *) ok ;; esac
OUT=$(NO_COLOR=1 CLICOLOR_FORCE=1 "$SD" --color auto request list)
case "$OUT" in *"$ESC"*) fail "NO_COLOR=1 with --color auto coloured" ;; *) ok ;; esac
OUT=$(TERM=dumb CLICOLOR_FORCE=1 "$SD" request list)
case "$OUT" in *"$ESC"*) fail "TERM=dumb coloured" ;; *) ok ;; esac
OUT=$(CLICOLOR_FORCE=1 "$SD" --color never request list)
case "$OUT" in *"$ESC"*) fail "--color never with CLICOLOR_FORCE=1 coloured" ;; *) ok ;; esac
OUT=$(NO_COLOR=1 TERM=dumb "$SD" --color always request list)
contains "${RED}ACME-1" "$OUT" "--color always wins over NO_COLOR and TERM=dumb"

# --- a bad word
expect_unchanged 64 "^sd: --color: 'sometimes' is not allowed; use auto, always or never$" \
  --color sometimes request new --customer ACME --type backup --field op=add --field host=x
expect_unchanged 64 "--color" --color "" request list

# --- on a terminal of 80 columns: aligned, fitted, only the title cut
tty_list() { COLUMNS=80 script -qec "'$SD' --color never request list" /dev/null </dev/null | tr -d '\r'; }
OUT=$(tty_list)
case "$OUT" in *"$TAB"*) fail "tabs on a terminal: $OUT" ;; *) ok ;; esac
contains "KEY     TYPE    PRI" "$OUT" "aligned on a terminal"
row=$(grep '^ACME-1 ' <<<"$OUT")
contains "…" "$row" "the title cut with …"
contains "Nightly" "$row" "the title's start kept"
eq "ACME-1" "$(cut -d' ' -f1 <<<"$row")" "the key whole"
contains "2026-11-30 19:00" "$row" "the due time whole"
# 80 columns: "…" is one column and three bytes (ACME-3's Japanese title
# is measured by eye: its bytes are not its columns).
eq "" "$(grep -v '^ACME-3 ' <<<"$OUT" | LC_ALL=C awk '{ n = length($0); if (index($0, "…")) n -= 2; if (n > 80) print }')" "no line past 80 columns"
# On a terminal, auto colours, and colour does not move the columns.
plain=$(tty_list)
coloured=$(COLUMNS=80 script -qec "'$SD' request list" /dev/null </dev/null | tr -d '\r')
contains "${RED}ACME-1" "$coloured" "auto colours a terminal"
eq "$plain" "$(sed "s/${ESC}\[[0-9;]*m//g" <<<"$coloured")" "colour leaves the columns where they were"
coloured=$(NO_COLOR=1 COLUMNS=80 script -qec "'$SD' request list" /dev/null </dev/null | tr -d '\r')
case "$coloured" in *"$ESC"*) fail "NO_COLOR=1 coloured a terminal" ;; *) ok ;; esac

finish
