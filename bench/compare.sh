#!/bin/sh
# The side-by-side benchmark (bench/README.md, "Side by side"): at each
# size, the median wall time and peak memory of sd's everyday commands
# beside the bare sqlite3 shell answering the same question on sd's own
# store, and (up to TW_MAX requests) beside Taskwarrior 2.6 on the same
# tickets. Writes bench/RESULTS.md.
#
# usage: sh bench/compare.sh [--fresh] [BUILD] [SIZES...]
#   BUILD      the build directory (default: build), configured with -DSD_BUILD_BENCH=ON
#   SIZES      requests per store (default: 10000 100000 1000000; or SIZES="..." in the
#              environment); each store has a tenth as many incidents
#   --fresh    generate the stores again even when cached ones match
# Environment (defaults in brackets):
#   RUNS [7]         measured runs of each pair, interleaved A B A B ...
#   RUNS_LONG [3]    runs of a pair whose warm-up took more than LONG_SECONDS [2]
#   TW_MAX [100000]  the largest size Taskwarrior is measured at
#   BYTES_RUNS [200] tickets added to measure the bytes per ticket
#   BENCH_DIR [/tmp/sd-bench]  where the stores are kept (compare/ in it;
#              about 2.6 GB for 1M requests, twice that during the run)
#   OUT [bench/RESULTS.md]     the report
#   NOTE             a paragraph put at the top of the report
#
# The measuring is done by bench/compare.py (python3, standard library).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
usage() {
  sed -n '/^# usage:/,/^# The measuring/p' "$0" | sed 's/^# \{0,1\}//'
}

fresh=0
build=build
sizes=${SIZES:-}
for arg in "$@"; do
  case $arg in
    --fresh) fresh=1 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "compare.sh: unknown option $arg" >&2; usage >&2; exit 64 ;;
    *[!0-9]*) build=$arg ;;
    *) sizes="$sizes $arg" ;;
  esac
done
[ -n "$sizes" ] || sizes="10000 100000 1000000"

[ -d "$build" ] || { echo "compare.sh: no build directory $build" >&2; exit 66; }
build=$(cd "$build" && pwd)
for f in "$build/apps/sd/sd" "$build/bench/gen_store"; do
  [ -x "$f" ] || { echo "compare.sh: $f is missing; build it first (make bench, or configure with -DSD_BUILD_BENCH=ON)" >&2; exit 66; }
done
for tool in python3 sqlite3; do
  command -v $tool >/dev/null 2>&1 || { echo "compare.sh: needs $tool (sh scripts/deps.sh bench)" >&2; exit 69; }
done
command -v task >/dev/null 2>&1 ||
  echo "compare.sh: Taskwarrior (task) is not installed: its rows are left out (sh scripts/deps.sh bench)" >&2

bench_dir=${BENCH_DIR:-/tmp/sd-bench}
if [ "$fresh" = 1 ]; then
  rm -f "$bench_dir"/compare/sd-*.db "$bench_dir"/compare/sd-*.db.args
  rm -rf "$bench_dir"/compare/tw-*
fi

SD=$build/apps/sd/sd GEN_STORE=$build/bench/gen_store SOURCE=$(cd "$here/.." && pwd) SIZES=$sizes \
  BENCH_DIR=$bench_dir OUT=${OUT:-$here/RESULTS.md} \
  exec python3 "$here/compare.py"
