#!/usr/bin/env bash
# The man pages say what the binary does, and only that. Each command group
# GROUP has its page man/sd-GROUP.1 (sd.1 for a group without one), whose
# SYNOPSIS shows every command of the group and whose text names every long
# option those commands take; every long option any page names is one the
# binary has; no page is a `.so` link (each reads on its own with
# `man -l man/PAGE`); every page has a FILES section; and the schema version
# sd-init(1) shows is the one `sd init` creates.
# The command tree is the one that parses, as `sd completion --json` walks it.
. "$(dirname "$0")/lib.sh"
need jq man col
: "${SD_SOURCE_DIR:?SD_SOURCE_DIR must point at the source tree}"
MAN_DIR=$SD_SOURCE_DIR/man

expect_ok completion --json
tree=$OUT

# Options that pages name but that belong to other programs, each with the
# program: they are not sd's to have.
foreign='--collector.textfile.directory --arg'  # node_exporter's, in sd-slo(1); jq's, in sd-hooks(5)

# page_of GROUP: the page that documents the group.
page_of() {
  if [ -f "$MAN_DIR/sd-$1.1" ]; then printf '%s' "$MAN_DIR/sd-$1.1"; else printf '%s' "$MAN_DIR/sd.1"; fi
}
# synopsis PAGE: the rendered SYNOPSIS on one line, spaces squeezed.
synopsis() {
  MANWIDTH=2000 man --nh -E UTF-8 -l "$1" 2>/dev/null | col -bx |
    sed -n '/^SYNOPSIS/,/^[A-Z]/p' | tr -s ' \n' '  '
}
# long_options PAGE: every --option the page's source names, one a line.
long_options() {
  sed 's/\\-/-/g; s/\\&//g' "$1" | grep -oE -- '(^|[^A-Za-z0-9-])--[a-z][a-z0-9.-]*' |
    sed 's/^[^-]*//; s/[.-]*$//' | sort -u
}

# Every command (a leaf of the tree) is in its group page's SYNOPSIS, as
# `sd [...] GROUP SUB` or among alternatives (`request show|explain KEY`).
leaves=$(jq -r '.. | objects | select(has("commands")) | select((.commands | length) == 0) | .path' <<<"$tree" |
  sed 's/^sd //')
[ -n "$leaves" ] && ok || fail "sd completion --json lists no commands"
declare -A synopses  # each page rendered once
while IFS= read -r path; do
  page=$(page_of "${path%% *}")
  [ -n "${synopses[$page]+set}" ] || synopses[$page]=$(synopsis "$page")
  last=${path##* } prefix=""
  [ "$path" != "$last" ] && prefix="${path% *} "
  pattern="sd( \[[^]]*\])* $prefix([a-z-]+\|)*$last(\|[a-z-]+)*( |\$)"
  if grep -qE -- "$pattern" <<<"${synopses[$page]}"; then ok; else fail "${page##*/}: SYNOPSIS lacks 'sd $path'"; fi
done <<<"$leaves"

# Every long option of a group's commands is named in the group's page;
# the global options in sd(1).
for group in $(jq -r '.commands[].name' <<<"$tree"); do
  page=$(page_of "$group")
  named=$(long_options "$page")
  jq -r --arg g "$group" '.commands[] | select(.name == $g) | .. | objects | select(has("options")) |
      .options[] | select(.global | not) | .names[] | select(startswith("--"))' <<<"$tree" | sort -u |
    grep -vx -- '--help' >"$T/options"
  while IFS= read -r option; do
    if grep -qx -- "$option" <<<"$named"; then ok; else fail "${page##*/}: never names $option of sd $group"; fi
  done <"$T/options"
done
for option in $(jq -r '.options[] | select(.global) | .names[] | select(startswith("--"))' <<<"$tree"); do
  if long_options "$MAN_DIR/sd.1" | grep -qx -- "$option"; then ok; else fail "sd.1: never names the global $option"; fi
done

# Every long option a page names is one sd has (on some command).
jq -r '.. | objects | select(has("options")) | .options[] | .names[] | select(startswith("--"))' <<<"$tree" |
  sort -u >"$T/all"
shopt -s nullglob
pages=("$MAN_DIR"/*.1 "$MAN_DIR"/*.5)
for page in "${pages[@]}"; do
  while IFS= read -r option; do
    [ -z "$option" ] && continue
    case " $foreign " in *" $option "*) continue ;; esac
    if grep -qx -- "$option" "$T/all"; then ok; else fail "${page##*/} names $option, which sd does not have"; fi
  done < <(long_options "$page")
done

# Each page reads on its own, and says which files it reads or writes.
for page in "${pages[@]}"; do
  if head -n 1 "$page" | grep -q '^\.so '; then fail "${page##*/} is a .so link, which man -l cannot follow"; else ok; fi
  if grep -q '^\.SH FILES' "$page"; then ok; else fail "${page##*/} has no FILES section"; fi
done

# The pages and the README show the schema version that sd init creates:
# in sd-init(1)'s examples and its history of versions, and in sd-db(1)'s.
expect_ok init --json
schema=$(jq -r .schema_version <<<"$OUT")
shown=$(grep -ohE '\(schema [0-9]+\)' "$MAN_DIR/sd-init.1" "$MAN_DIR/sd-db.1" "$SD_SOURCE_DIR/README.md" | sort -u)
eq "(schema $schema)" "$shown" "sd-init.1, sd-db.1, README: the schema version in their examples"
eq "This sd writes schema version $schema" "$(grep -oE '^This sd writes schema version [0-9]+' "$MAN_DIR/sd-init.1")" \
   "sd-init.1: the schema version it says this sd writes"
eq '"schema_version":'"$schema," "$(grep -oE '"schema_version":[0-9]+,' "$MAN_DIR/sd-export.1")" \
   "sd-export.1: the schema version in its header"
eq "Already at schema $schema:" "$(grep -oE '^Already at schema [0-9]+:' "$MAN_DIR/sd-db.1")" \
   "sd-db.1: the version sd db migrate finds a current store at"
eq "to $schema" "$(grep -ohE '^Migrated sd store at .* to [0-9]+$' "$MAN_DIR/sd-init.1" "$MAN_DIR/sd-db.1" |
                   grep -oE 'to [0-9]+$' | sort -u)" \
   "sd-init.1, sd-db.1: the version a migration reaches"

finish
