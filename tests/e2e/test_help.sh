#!/usr/bin/env bash
# sd help TOPIC opens the manual page, as git help does: a command group's
# page in section 1, a file format's in section 5, from the source tree when
# sd runs from a build tree. An unknown topic is a one-line error with the
# closest topic and the list. Every --help ends with the global options, its
# group's examples (each naming only options the command has) and the page
# to read.
. "$(dirname "$0")/lib.sh"
need jq
: "${SD_SOURCE_DIR:?SD_SOURCE_DIR must point at the source tree}"

# A man(1) that only says what it was asked, first on the path.
mkdir -p "$T/bin"
cat >"$T/bin/man" <<'EOF'
#!/bin/sh
printf 'man %s\n' "$*"
EOF
chmod +x "$T/bin/man"
with_man() { PATH="$T/bin:$PATH" "$@"; }

OUT=$(with_man "$SD" help request 2>&1); RC=$?
eq 0 "$RC" "sd help request exits as man does"
eq "man -l $SD_SOURCE_DIR/man/sd-request.1" "$OUT" "sd help request opens sd-request(1)"
OUT=$(with_man "$SD" help hooks 2>&1)
eq "man -l $SD_SOURCE_DIR/man/sd-hooks.5" "$OUT" "a format's page is in section 5"
OUT=$(with_man "$SD" help config-file 2>&1)
eq "man -l $SD_SOURCE_DIR/man/sd-config.5" "$OUT" "config-file is sd-config(5)"
OUT=$(with_man "$SD" help sd 2>&1)
eq "man -l $SD_SOURCE_DIR/man/sd.1" "$OUT" "sd help sd opens sd(1)"

# Every topic has its page.
expect_ok help request --json
eq "sd-request(1) $SD_SOURCE_DIR/man/sd-request.1" "$(jq -r '"\(.page) \(.file)"' <<<"$OUT")" "--json"
topics=$("$SD" completion --json | jq -r '.commands[] | select(.name == "help") | .arguments[0].choices[]')
[ -n "$topics" ] && ok || fail "help has no topics to complete"
for topic in $topics; do
  expect_ok help "$topic" --json
  file=$(jq -r .file <<<"$OUT")
  if [ -f "$file" ]; then ok; else fail "sd help $topic: no page ($file)"; fi
done

# With no topic, the list of commands.
expect_ok help
contains "Subcommands:" "$OUT" "sd help: the commands"

expect_exit 64 help reqest
contains "no help on 'reqest'; did you mean 'request'?" "$ERR" "closest topic"
contains "topics: sd, init" "$ERR" "the topics"
expect_exit 64 help zzz
contains "(topics: " "$ERR"

# --help: global options, examples, the manual.
expect_ok request list --help
contains "--db PATH  --as NAME  --config PATH  --json  --jsonl" "$OUT" "global options in a command's help"
contains "sd request list --open --customer ACME" "$OUT" "examples"
contains "The manual: sd help request" "$OUT" "where the manual is"

# Each example names a command and options that exist: the words before the
# first argument are the command, and each --option is one of its own or a
# global one.
tree=$("$SD" completion --json)
groups=$(jq -r '.commands[].name' <<<"$tree")
for group in $groups; do
  help=$("$SD" "$group" --help)
  examples=$(sed -n '/^Examples:/,/^$/p' <<<"$help" | sed '1d;/^$/d')
  if [ -n "$examples" ]; then ok; else fail "sd $group --help has no examples"; continue; fi
  while IFS= read -r line; do
    line=${line%%|*}
    read -r -a words <<<"$line"
    [ "${words[0]}" = sd ] || { fail "example '$line' does not start with sd"; continue; }
    path="sd"
    for w in "${words[@]:1}"; do
      jq -e --arg p "$path $w" 'any(.. | objects; .path? == $p)' <<<"$tree" >/dev/null || break
      path="$path $w"
    done
    options=$(jq -r --arg p "$path" '(.. | objects | select(.path? == $p) | .options[].names[]), (.options[] | select(.global) | .names[])' <<<"$tree")
    for w in "${words[@]}"; do
      case $w in
        --*) w=${w%%=*}
             if grep -qx -- "$w" <<<"$options"; then ok; else fail "example '$line': $path has no $w"; fi ;;
      esac
    done
  done <<<"$examples"
done

finish
