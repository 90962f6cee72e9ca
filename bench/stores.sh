#!/bin/sh
# The two stores side by side (bench/README.md, "SQLite and PostgreSQL"):
# at each size, sd's everyday commands on the generated store of
# bench/compare.sh as a SQLite file and copied onto PostgreSQL 15 (a
# throwaway server of scripts/pg-test-server.sh). Writes
# bench/RESULTS-stores.md.
#
# usage: sh bench/stores.sh [BUILD] [SIZES...]
#   BUILD      the build directory (default: build), configured with -DSD_BUILD_BENCH=ON
#   SIZES      requests per store (default: 100000 1000000; or SIZES="..." in the environment)
# Environment: RUNS [7], RUNS_LONG [3], BENCH_DIR [/tmp/sd-bench], OUT, NOTE, as
# bench/compare.sh. The stores are shared with compare.sh (compare/ in BENCH_DIR).
#
# The measuring is done by bench/stores.py (python3, standard library).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=build
sizes=${SIZES:-}
for arg in "$@"; do
  case $arg in
    -h | --help) sed -n '/^# usage:/,/^# The measuring/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "stores.sh: unknown option $arg" >&2; exit 64 ;;
    *[!0-9]*) build=$arg ;;
    *) sizes="$sizes $arg" ;;
  esac
done
[ -n "$sizes" ] || sizes="100000 1000000"
[ -d "$build" ] || { echo "stores.sh: no build directory $build" >&2; exit 66; }
build=$(cd "$build" && pwd)
for f in "$build/apps/sd/sd" "$build/bench/gen_store"; do
  [ -x "$f" ] || { echo "stores.sh: $f is missing; build it first (make bench, or configure with -DSD_BUILD_BENCH=ON)" >&2; exit 66; }
done
for tool in python3 sqlite3 psql; do
  command -v $tool >/dev/null 2>&1 || { echo "stores.sh: needs $tool (sh scripts/deps.sh bench)" >&2; exit 69; }
done

scratch=$(mktemp -d)
chmod 755 "$scratch"  # the server's user (as root: postgres) reaches its socket
pg="$scratch/pg"
cleanup() {
  sh "$here/../scripts/pg-test-server.sh" stop "$pg" >/dev/null 2>&1 || :
  rm -rf "$scratch"
}
trap cleanup EXIT INT TERM
sh "$here/../scripts/pg-test-server.sh" start "$pg"

SD=$build/apps/sd/sd GEN_STORE=$build/bench/gen_store SOURCE=$(cd "$here/.." && pwd) SIZES=$sizes \
  BENCH_DIR=${BENCH_DIR:-/tmp/sd-bench} OUT=${OUT:-$here/RESULTS-stores.md} \
  PG_URL=$(sh "$here/../scripts/pg-test-server.sh" url "$pg") PG_SOCKET="$(cd "$pg" && pwd)/sock" \
  PG_USER_NAME=$(id -un) python3 "$here/stores.py"
