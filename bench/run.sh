#!/bin/sh
# make bench: the benchmarks of bench/README.md, measured as it describes.
#   1. Calendar: calendar_bench seven times (the median of each figure),
#      then `sd calendar ...` end to end under hyperfine.
#   2. Reports: bench/report_bench.sh (generates its store on the first run).
#   3. Side by side: bench/compare.sh (sd, the sqlite3 shell and Taskwarrior
#      at 10k, 100k and 1M requests, or $SIZES; writes bench/RESULTS.md).
#   4. The two stores: bench/stores.sh (the same commands on SQLite and on
#      PostgreSQL at 100k and 1M requests, or $SIZES; writes bench/RESULTS-stores.md).
#   5. Writers: bench/writers.sh (eight writers on SQLite and on PostgreSQL,
#      on a throwaway server of scripts/pg-test-server.sh).
# usage: sh bench/run.sh [BUILD]   (BUILD: the build directory, default build)
# Needs hyperfine, GNU time and Taskwarrior (sh scripts/deps.sh bench).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
for f in "$build/bench/calendar_bench" "$build/apps/sd/sd"; do
  [ -x "$f" ] || { echo "run.sh: $f is missing; build them first (make bench, or configure with -DSD_BUILD_BENCH=ON)" >&2; exit 66; }
done
command -v hyperfine >/dev/null 2>&1 || { echo "run.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 69; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "== Calendar: calendar_bench, median of 7 runs"
for _ in 1 2 3 4 5 6 7; do "$build/bench/calendar_bench" >>"$scratch/calendar"; done
# Lines are "WHAT: N ms ..."; print each WHAT once, in order, with its median.
awk -F': ' '
  {
    split($2, w, " ")
    if (!($1 in n)) order[++count] = $1
    v[$1, ++n[$1]] = w[1] + 0
  }
  END {
    for (k = 1; k <= count; k++) {
      what = order[k]; m = n[what]
      for (i = 2; i <= m; i++)  # insertion sort of the runs
        for (j = i; j > 1 && v[what, j - 1] > v[what, j]; j--) {
          t = v[what, j]; v[what, j] = v[what, j - 1]; v[what, j - 1] = t
        }
      med = m % 2 ? v[what, (m + 1) / 2] : (v[what, m / 2] + v[what, m / 2 + 1]) / 2
      printf "%-48s %8.2f ms\n", what, med
    }
  }' "$scratch/calendar"

echo
echo "== Calendar: sd end to end (hyperfine, 5 warm-up runs, 100 runs)"
mkdir "$scratch/config"
(
  export SD_NOW=2026-11-30T10:00:00+09:00 XDG_CONFIG_HOME="$scratch/config"  # no config
  unset SD_CONFIG
  hyperfine --style basic -N --warmup 5 --runs 100 \
    "$build/apps/sd/sd calendar holidays 1955 2099 --json" \
    "$build/apps/sd/sd calendar add 2026-04-30T16:00+09:00 5bd"
)

echo
echo "== Reports"
sh "$here/report_bench.sh" "$build"

echo
echo "== Side by side (bench/compare.sh; writes bench/RESULTS.md)"
sh "$here/compare.sh" "$build"

echo
echo "== The two stores (bench/stores.sh; writes bench/RESULTS-stores.md)"
sh "$here/stores.sh" "$build"

echo
echo "== Eight writers, SQLite and PostgreSQL (bench/writers.sh)"
bash "$here/writers.sh" "$build"
