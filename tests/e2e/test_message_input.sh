#!/usr/bin/env bash
# A message comes as git commit takes one: -m TEXT, -m - (standard input),
# -F FILE or -F - (standard input), or, for a command that needs one and got
# none on a terminal, the editor ($VISUAL, then $EDITOR), whose '#' lines are
# left out. Every command with -m has the same forms. A missing file, -m with
# -F, an empty editor text or a failed editor change nothing; without a
# terminal a missing message is an error, never a wait for an editor.
. "$(dirname "$0")/lib.sh"
need jq script

expect_ok init
expect_ok customer add ACME --name 'Acme'
expect_ok request new --customer ACME --type backup --field op=add --field host=web01
notes() { "$SD" request show ACME-1 --json | jq -r '[.history[] | select(.kind == "comment") | .note] | join("|")'; }

OUT=$(printf 'from stdin\n' | "$SD" request comment ACME-1 -m - 2>&1); RC=$?
eq 0 "$RC" "-m -: $OUT"
eq "from stdin" "$(notes)" "-m - reads standard input, without its last newline"

printf 'from a file\n\n' >"$T/msg"
expect_ok request comment ACME-1 -F "$T/msg"
eq "from stdin|from a file" "$(notes)" "-F FILE"
OUT=$(printf 'piped to -F\n' | "$SD" request comment ACME-1 --message-file - 2>&1); RC=$?
eq 0 "$RC" "-F -: $OUT"
eq "from stdin|from a file|piped to -F" "$(notes)" "--message-file - reads standard input"

# Other groups have it too: a problem's root cause from a file.
expect_ok problem new --title 'slow backups' --from ACME-1
printf 'the snapshot window overlaps the batch\n' >"$T/rca"
expect_ok problem rca PRB-1 -F "$T/rca" --json
eq "the snapshot window overlaps the batch" "$(jq -r .root_cause <<<"$OUT")" "problem rca -F"
expect_ok problem rca --help
contains "-F,--message-file FILE" "$OUT" "--help shows -F"

# Errors change nothing.
expect_unchanged 66 "^sd: --message-file: cannot read $T/nope: No such file or directory$" request comment ACME-1 -F "$T/nope"
expect_unchanged 66 "is a directory" request comment ACME-1 -F "$T"
expect_unchanged 64 "^sd: --message-file: -m gives the message already; use one of them$" request comment ACME-1 -F "$T/msg" -m x
expect_unchanged 64 "^sd: --message is required: -m TEXT, -m - \(standard input\) or -F FILE$" request comment ACME-1 </dev/null
expect_unchanged 65 "" request comment ACME-1 -m - </dev/null

# On a terminal, the editor. script(1) gives sd one; the editor is a script
# that writes a text above sd's own '#' lines.
cat >"$T/editor" <<'EDIT'
#!/bin/sh
{ printf 'written in the editor\n# not this line\n'; cat "$1"; } >"$1.new" && mv "$1.new" "$1"
EDIT
chmod +x "$T/editor"
on_tty() { script -qec "$*" /dev/null </dev/null >"$T/tty" 2>&1; }
EDITOR="$T/editor" VISUAL='' on_tty "'$SD' request comment ACME-1"
eq "from stdin|from a file|piped to -F|written in the editor" "$(notes)" "\$EDITOR writes the message"
VISUAL="$T/editor" EDITOR=false on_tty "'$SD' request comment ACME-1"
eq "from stdin|from a file|piped to -F|written in the editor|written in the editor" "$(notes)" "\$VISUAL comes first"

before=$(store_state)
EDITOR=true VISUAL='' on_tty "'$SD' request comment ACME-1"
contains "sd: -m: empty; nothing was done" "$(cat "$T/tty")" "an empty message does nothing"
EDITOR=false VISUAL='' on_tty "'$SD' request comment ACME-1"
contains "the editor (false) failed; nothing was done" "$(cat "$T/tty")" "a failed editor does nothing"
eq "$before" "$(store_state)" "the store is unchanged"

finish
