#!/usr/bin/env bash
# sd completion: the committed scripts are exactly what the binary prints (so
# they never drift from the commands), the bash script completes subcommands,
# options and values at every depth, the zsh and fish scripts parse, fish
# completes, --json describes the tree, and errors are one-line usage errors.
. "$(dirname "$0")/lib.sh"
need jq zsh fish
: "${SD_SOURCE_DIR:?SD_SOURCE_DIR must point at the source tree}"

# --- the committed files match the binary --------------------------------------
for pair in bash:sd.bash zsh:_sd fish:sd.fish; do
  shell=${pair%%:*} file=${pair#*:}
  committed=$SD_SOURCE_DIR/completions/$file
  if ! "$SD" completion "$shell" >"$T/$file" 2>"$T/.err"; then
    fail "sd completion $shell exited non-zero: $(cat "$T/.err")"
    continue
  fi
  if [ ! -f "$committed" ]; then
    fail "completions/$file is missing: run scripts/gen-completions.sh BUILD_DIR"
  elif ! cmp -s "$committed" "$T/$file"; then
    fail "completions/$file differs from 'sd completion $shell': run scripts/gen-completions.sh BUILD_DIR ($(diff "$committed" "$T/$file" | head -5 | tr '\n' ' '))"
  else
    ok
  fi
done

# --- syntax ---------------------------------------------------------------------
if bash -n "$T/sd.bash" 2>"$T/.err"; then ok; else fail "bash -n: $(cat "$T/.err")"; fi
if zsh -n "$T/_sd" 2>"$T/.err"; then ok; else fail "zsh -n: $(cat "$T/.err")"; fi
if fish -n "$T/sd.fish" 2>"$T/.err"; then ok; else fail "fish -n: $(cat "$T/.err")"; fi

# --- bash completes -------------------------------------------------------------
# bcomp WORD...: the bash completions for a command line whose last word is the
# one under the cursor ('' for a new word), one per line, sorted. The first
# word is the sd binary itself, so values asked of sd come from the test store.
bcomp() {
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
    _sd
    if ((${#COMPREPLY[@]})); then printf "%s\n" "${COMPREPLY[@]}"; fi
  ' bcomp "$T/sd.bash" "$SD" "$@" 2>"$T/.cerr" | LC_ALL=C sort
  if [ -s "$T/.cerr" ]; then fail "completing '$*' wrote to stderr: $(cat "$T/.cerr")"; fi
}
lines() { printf '%s\n' "$@" | LC_ALL=C sort; }

eq "request" "$(bcomp req)" "bash: sd req"
got=$(bcomp request n)
contains "new" "$got" "bash: sd request n"
eq "" "$(printf '%s\n' "$got" | grep -v '^n')" "bash: sd request n offers only words starting with n"
# The subcommands of `sd calendar` as its --help lists them.
want=$("$SD" calendar --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' | LC_ALL=C sort)
[ -n "$want" ] && ok || fail "sd calendar --help lists no subcommands"
eq "$want" "$(bcomp calendar '')" "bash: sd calendar <TAB>"
eq "$(lines bash fish zsh)" "$(bcomp completion '')" "bash: sd completion <TAB>"
eq "" "$(bcomp completion bash '')" "bash: nothing after the shell"

# Options: the command's own and the global ones, at any depth.
eq "--priority" "$(bcomp request new --pri)" "bash: option name"
eq $'--json\n--jsonl' "$(bcomp request list --js)" "bash: global options in a subcommand"
eq "--jsonl" "$(bcomp request list --jsonl)" "bash: a global option by its whole name"
contains "--db" "$(bcomp customer list --)" "bash: global options offered"
eq "$(lines high low normal 高 中 低)" "$(bcomp request new --priority '')" "bash: option values"
eq "$(lines high low normal 高 中 低)" "$(bcomp --db "$T/x.db" request new --title 'a b' --priority '')" \
  "bash: values after options that take values"
eq "--via=phone" "$(bcomp request new --via=p)" "bash: --opt=value in one word"
eq "phone" "$(bcomp request new --via = p)" "bash: --opt = value split at '='"
eq "" "$(bcomp request new --title '')" "bash: free text offers nothing"
touch "$T/store-file.db"
eq "$T/store-file.db" "$(bcomp --db "$T/store-f")" "bash: --db completes file names"
eq "$T/store-file.db" "$(bcomp request list --config "$T/store-f")" "bash: --config completes file names"

# Values only sd knows: quiet and empty without a store, then from the store.
eq "" "$(bcomp request new --customer '')" "bash: customer keys without a store"
eq "" "$(bcomp request show '')" "bash: ticket keys without a store"
eq "backup" "$(bcomp request new --type bac)" "bash: request types come from the catalog"
eq "backup" "$(bcomp catalog show bac)" "bash: catalog show TYPE"
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok customer add BETA --name "Beta"
expect_ok request new --customer ACME --type backup --field op=add --field host=web1
eq "$(lines ACME BETA)" "$(bcomp request new --customer '')" "bash: customer keys"
eq "ACME" "$(bcomp customer show A)" "bash: customer show KEY"
eq "ACME" "$(bcomp contact add A)" "bash: contact add KEY"
eq "" "$(bcomp customer add A)" "bash: customer add names a new key"
eq "ACME-1" "$(bcomp request show '')" "bash: ticket keys"
eq "" "$(bcomp request show ACME-1 '')" "bash: nothing after the ticket key"
expect_ok incident open --customer ACME --title "web down"
eq "ACME-2" "$(bcomp incident show '')" "bash: incident keys"
eq "ACME-1" "$(bcomp request show '')" "bash: request keys are not incident keys"

# Keys come from the store named earlier on the line, not only from SD_DB.
SD_DB="$T/other.db" expect_ok init
SD_DB="$T/other.db" expect_ok customer add OTHER --name "Other"
eq "OTHER" "$(bcomp --db "$T/other.db" request new --customer '')" "bash: --db PATH earlier on the line"
eq "OTHER" "$(bcomp request new --db = "$T/other.db" --customer '')" "bash: --db = PATH split at '='"
eq "OTHER" "$(bcomp --db="$T/other.db" customer show '')" "bash: --db=PATH in one word"
eq "$(lines ACME BETA)" "$(bcomp --actor x customer show '')" "bash: other options leave the store alone"
# The catalog comes through the config: a broken config named on the line
# gives no types (sd refuses it, quietly), where the default gives backup.
printf 'not a setting\n' >"$T/broken-config"
eq "" "$(bcomp --config "$T/broken-config" request new --type bac)" "bash: --config PATH earlier on the line"

# Every command in the tree is reachable by completing its path word by word.
expect_ok completion --json
jq -r '.. | objects | select(has("path")) | .path' <<<"$OUT" >"$T/paths"
[ "$(wc -l <"$T/paths")" -gt 10 ] && ok || fail "completion --json: too few commands: $(cat "$T/paths")"
missing=$(bash -c '
  source "$1"
  while read -r -a words; do
    (( ${#words[@]} > 1 )) || continue
    last=${words[-1]}
    COMP_WORDS=("${words[@]:0:${#words[@]}-1}" "${last:0:2}"); COMP_CWORD=$(( ${#words[@]} - 1 ))
    COMPREPLY=()
    _sd
    found=0
    for w in "${COMPREPLY[@]}"; do [[ $w == "$last" ]] && found=1; done
    (( found )) || echo "${words[*]}"
  done <"$2"
' reach "$T/sd.bash" "$T/paths")
eq "" "$missing" "bash: commands not reachable by completion"

# --- fish completes -------------------------------------------------------------
# fish completes the command named sd: put the binary on PATH by that name.
mkdir -p "$T/bin" && ln -sf "$SD" "$T/bin/sd"
fcomp() {
  PATH="$T/bin:$PATH" fish -N -c 'source $argv[1]; complete -C $argv[2]' "$T/sd.fish" "$*" 2>&1 |
    cut -f1 | LC_ALL=C sort
}
eq "request" "$(fcomp sd req)" "fish: sd req"
eq "$want" "$(fcomp 'sd calendar ')" "fish: sd calendar <TAB>"
eq "$(lines high low normal 高 中 低)" "$(fcomp sd request new --priority '')" "fish: option values"
eq "ACME-1" "$(fcomp sd request show '')" "fish: ticket keys"
eq "OTHER" "$(fcomp sd --db "$T/other.db" customer show '')" "fish: --db PATH earlier on the line"
eq "OTHER" "$(fcomp sd --db="$T/other.db" customer show '')" "fish: --db=PATH in one word"
contains "--json" "$(fcomp sd request list --)" "fish: global options"
eq "" "$(PATH=/usr/bin:/bin fish -N -c 'source $argv[1]; complete -C "sd request show "' "$T/sd.fish" 2>&1)" \
  "fish: no sd on PATH: nothing offered, no error"

# --- --json ---------------------------------------------------------------------
expect_ok completion --json
eq "sd" "$(jq -r .name <<<"$OUT")" "json: root"
eq "true" "$(jq '[.options[] | select(.name == "--db")][0].global' <<<"$OUT")" "json: --db is global"
eq "files" "$(jq -r '[.options[] | select(.name == "--db")][0].complete' <<<"$OUT")" "json: --db completes files"
eq "bash zsh fish" "$(jq -r '.commands[] | select(.name == "completion") | .arguments[0].choices | join(" ")' <<<"$OUT")" \
  "json: completion SHELL choices"
contains "new" "$(jq -r '.commands[] | select(.name == "request") | .commands[].name' <<<"$OUT")" "json: request new"
eq "customers" "$(jq -r '.commands[] | select(.name == "request") | .commands[] | select(.name == "new")
  | .options[] | select(.name == "--customer") | .complete' <<<"$OUT")" "json: --customer completes keys"
expect_ok --json completion
eq "sd" "$(jq -r .name <<<"$OUT")" "json: --json before the subcommand"

# --- --values -------------------------------------------------------------------
expect_ok completion --values customers
eq "$(printf 'ACME\tAcme 株式会社\nBETA\tBeta')" "$OUT" "values: customers with names"
expect_ok completion --values types
contains "$(printf 'backup\tバックアップ作業')" "$OUT" "values: types"
expect_ok completion --values zones
contains "Asia/Tokyo" "$OUT" "values: zones"

# --- errors ---------------------------------------------------------------------
expect_error 64 "unknown shell 'tcsh'; use bash, zsh or fish" completion tcsh
expect_error 64 "bash, zsh or fish" completion
expect_error 64 "omit SHELL" completion --json bash
expect_error 64 "customers, types, requests, incidents or zones" completion --values bogus
SD_DB=$T/none.db expect_exit 66 completion --values customers

finish
