#!/bin/sh
# The start of small commands, counted rather than timed: system calls (and
# of them stat-like calls) from `strace -f -c`, and instructions from
# callgrind, for `sd --version`, `sd calendar add ...` and `sd request show`
# on a store of five requests. Counts, unlike times, hold still on a shared
# machine. Usage: sh bench/start_counts.sh [path/to/sd]   (default build/apps/sd/sd)
set -eu
SD_BIN=$(cd "$(dirname "${1:-build/apps/sd/sd}")" && pwd)/$(basename "${1:-build/apps/sd/sd}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SD_DB="$dir/sd.db" SD_ACTOR=bench XDG_CONFIG_HOME="$dir/config" SD_NOW=2026-11-30T10:00:00+09:00
"$SD_BIN" init >/dev/null
"$SD_BIN" customer add ACME --name "Acme" --plan advanced >/dev/null
for i in 1 2 3 4 5; do
  "$SD_BIN" request new --customer ACME --type consultation --field content="question $i" >/dev/null
done
count() {
  strace -f -c -o "$dir/strace" "$SD_BIN" "$@" >/dev/null
  calls=$(awk '$NF == "total" { print $4 }' "$dir/strace")
  stats=$(awk '$NF ~ /^(stat|lstat|fstat|newfstatat|statx)$/ { s += $4 } END { print s + 0 }' "$dir/strace")
  instr=-
  if command -v valgrind >/dev/null 2>&1; then
    instr=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$SD_BIN" "$@" 2>&1 >/dev/null |
      sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
  fi
  printf '| `sd %s` | %s | %s (%s) |\n' "$*" "$instr" "$calls" "$stats"
}
echo '| command | instructions | system calls (of them stat) |'
echo '|---|---|---|'
count --version
count calendar add 2026-04-30T16:00+09:00 5bd
count request show ACME-3
