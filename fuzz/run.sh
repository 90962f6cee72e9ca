#!/bin/sh
# make fuzz: runs each fuzz target (fuzz/*.cpp, built by make fuzz) for
# SECONDS, one after the other, from its seed corpus fuzz/corpus/TARGET/
# and the inputs kept in fuzz/regressions/TARGET/. New inputs that reach
# new code go to BUILD/fuzz-corpus/TARGET/ (the committed corpus is left as
# it is); an input that crashes, trips a sanitizer, breaks a property or
# times out is written to BUILD/fuzz-crashes/ and the run fails.
# usage: sh fuzz/run.sh BUILD SECONDS [TARGET...]   (no TARGET: all)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: sh fuzz/run.sh BUILD SECONDS [TARGET...]" >&2; exit 64; }
build=$(cd "$1" && pwd)
seconds=$2
shift 2
case $seconds in
  ''|*[!0-9]*|0) echo "run.sh: FUZZ_SECONDS must be a whole number of seconds above 0, not '$seconds'" >&2; exit 64 ;;
esac
# Every target has a seed corpus: its directory names it.
if [ $# -eq 0 ]; then
  for d in "$here"/corpus/*/; do set -- "$@" "$(basename "$d")"; done
fi
for t in "$@"; do
  [ -x "$build/fuzz/fuzz_$t" ] || {
    echo "run.sh: no fuzz target $t in $build/fuzz (make fuzz builds them; the targets are named in fuzz/CMakeLists.txt)" >&2
    exit 66
  }
done

crashes="$build/fuzz-crashes"
mkdir -p "$crashes"
failed=""
for t in "$@"; do
  work="$build/fuzz-corpus/$t"
  log="$build/fuzz-$t.log"
  mkdir -p "$work"
  dirs="$work $here/corpus/$t"
  [ -d "$here/regressions/$t" ] && dirs="$dirs $here/regressions/$t"
  dict=""
  [ -f "$here/dict/$t.dict" ] && dict="-dict=$here/dict/$t.dict"
  case $t in alert_*) [ -f "$here/dict/alert.dict" ] && dict="-dict=$here/dict/alert.dict" ;; esac
  # -timeout: one input taking this long is a finding (a hang).
  # shellcheck disable=SC2086
  if "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$crashes/$t-" $dict $dirs >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed="$failed $t"
  fi
  awk -v t="$t" -v s="$status" '
    /^stat::number_of_executed_units:/ { runs = $2 }
    /^stat::average_exec_per_sec:/ { rate = $2 }
    /^stat::new_units_added:/ { added = $2 }
    END { printf "%-20s %-6s %10d runs %8d exec/s %6d new inputs\n", t, s, runs, rate, added }' "$log"
  if [ "$status" = FAILED ]; then
    grep -E '^(==[0-9]+== ?ERROR|SUMMARY|fuzz: property failed|.*runtime error:|ALARM)' "$log" | head -5 | sed 's/^/    /'
    sed -n 's/.*Test unit written to /    input: /p' "$log"
    echo "    log: $log"
  fi
done

if [ -n "$failed" ]; then
  echo "fuzz: failed:$failed" >&2
  echo "fuzz: run an input again with $build/fuzz/fuzz_TARGET INPUT" >&2
  echo "fuzz: fix the bug, then keep the input in fuzz/regressions/TARGET/ under a name that says what it is" >&2
  exit 1
fi
