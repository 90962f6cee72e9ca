#!/bin/sh
# The report benchmark (bench/README.md, "Reports"): how long `sd slo report`,
# `sd report service` and `sd slo metrics` take on a store of 40 customers,
# one million requests over five years and 100,000 incidents, and how much
# memory they use. Targets: under 1 s and under 100 MB each for the year's
# SLO report and the monthly service report.
#
# usage: sh bench/report_bench.sh [--fresh] [BUILD]
#   BUILD      the build directory (default: build)
#   --fresh    generate the store again even when a cached one matches
#   BENCH_DIR  where the store and the results are kept (default: /tmp/sd-bench)
#
# The store is generated once by BUILD/bench/gen_store and kept as
# $BENCH_DIR/sd-1m.db (about 0.9 GB); it is generated again when the
# generator's arguments change or with --fresh (do that after changing
# gen_store.cpp or the schema).
set -eu

usage() {
  echo "usage: sh bench/report_bench.sh [--fresh] [BUILD]   (BENCH_DIR: where the store is kept, default /tmp/sd-bench)"
}

fresh=0
build=build
for arg in "$@"; do
  case $arg in
    --fresh) fresh=1 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "report_bench.sh: unknown option $arg" >&2; usage >&2; exit 64 ;;
    *) build=$arg ;;
  esac
done

build=$(cd "$build" && pwd)
sd=$build/apps/sd/sd
gen=$build/bench/gen_store
for f in "$sd" "$gen"; do
  [ -x "$f" ] || { echo "report_bench.sh: $f is missing; build them first (make bench, or configure with -DSD_BUILD_BENCH=ON)" >&2; exit 66; }
done
command -v hyperfine >/dev/null 2>&1 ||
  { echo "report_bench.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 69; }
[ -x /usr/bin/time ] ||
  { echo "report_bench.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 69; }

bench_dir=${BENCH_DIR:-/tmp/sd-bench}
mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)
db=$bench_dir/sd-1m.db
gen_args="--customers 40 --requests 1000000 --incidents 100000 --years 5 --end 2026-11-30 --seed 1"

# The desk's defaults (no config file; catalog and holidays from the source
# tree's share/), and a fixed "now" equal to the generator's --end, noon.
conf=$(mktemp -d)
scratch=$(mktemp -d)
trap 'rm -rf "$conf" "$scratch"' EXIT
export XDG_CONFIG_HOME="$conf" SD_NOW=2026-11-30T12:00:00+09:00
unset SD_CONFIG SD_DB

if [ "$fresh" = 1 ] || [ ! -s "$db" ] || [ "$(cat "$db.args" 2>/dev/null)" != "$gen_args" ]; then
  rm -f "$db" "$db-wal" "$db-shm" "$db.args"
  echo "== generating $db (gen_store $gen_args)"
  # shellcheck disable=SC2086  # gen_args is a list of words
  "$gen" --db "$db" $gen_args
  printf '%s\n' "$gen_args" >"$db.args"
else
  echo "== using the cached store $db (--fresh to generate it again)"
fi
size=$(wc -c <"$db")
echo "store: $(awk -v b="$size" 'BEGIN { printf "%.0f MB", b / 1e6 }') on disk"

# label | arguments | target ("-" for none)
cat >"$scratch/commands" <<'EOF'
slo report --year 2025 --format json|slo report --year 2025 --format json|1 s, 100 MB
slo report --year 2025|slo report --year 2025|1 s, 100 MB
report service --customer C07 --month 2025-06 --format html|report service --customer C07 --month 2025-06 --format html|1 s, 100 MB
report service --customer C07 --month 2025-06 --format json|report service --customer C07 --month 2025-06 --format json|1 s, 100 MB
slo metrics|slo metrics|-
EOF

# Time: hyperfine, one warm-up run (the store is then in the page cache)
# and five measured runs of each command.
set --
while IFS='|' read -r _ args _; do
  set -- "$@" "'$sd' --db '$db' $args"
done <"$scratch/commands"
echo "== timing (hyperfine --warmup 1 --runs 5)"
hyperfine --style basic --warmup 1 --runs 5 --export-json "$bench_dir/report_bench.json" "$@"

# Memory: the peak resident set of each command, the largest of three runs.
: >"$scratch/rss"
while IFS='|' read -r _ args _; do
  peak=0
  for _ in 1 2 3; do
    # shellcheck disable=SC2086  # args is a list of words
    /usr/bin/time -v -o "$scratch/time" "$sd" --db "$db" $args >/dev/null
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$scratch/time")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  echo "$peak" >>"$scratch/rss"
done <"$scratch/commands"

# The medians, in the order of the commands.
awk -F': *' '/"median"/ { sub(/,$/, "", $2); print $2 }' "$bench_dir/report_bench.json" >"$scratch/median"

echo
echo "== results ($(nproc) cores; SD_NOW=$SD_NOW; store $db)"
paste -d'|' "$scratch/commands" "$scratch/median" "$scratch/rss" | awk -F'|' '
  BEGIN { printf "%-62s %10s %12s  %s\n", "command", "median ms", "max RSS MB", "target" }
  {
    ms = $4 * 1000; mb = $5 / 1024
    verdict = ""
    if ($3 != "-") verdict = (ms < 1000 && mb < 100) ? "  ok" : "  MISSED"
    printf "%-62s %10.0f %12.1f  %s%s\n", "sd " $1, ms, mb, ($3 == "-" ? "-" : "< " $3), verdict
  }' | tee "$bench_dir/report_bench.txt"
echo "(hyperfine's figures: $bench_dir/report_bench.json; this table: $bench_dir/report_bench.txt)"
