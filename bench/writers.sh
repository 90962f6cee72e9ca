#!/usr/bin/env bash
# Eight writers on PostgreSQL against eight on SQLite: operations per second,
# and none lost.
#
# usage: bash bench/writers.sh [BUILD]   (BUILD: the build directory, default build)
#   WRITERS (8) processes each run OPS (100) sd commands, one after another,
#   against one fresh store: of every ten, four `sd request new`, three
#   `sd request comment` on one of the writer's own requests, one
#   `sd request start` or `resolve` of one of them, one `sd incident open`
#   and one `sd incident comment`. Each store kind is measured RUNS (3)
#   times, the kinds interleaved (SQLite, PostgreSQL, SQLite, ...), each run
#   on a new store: a new SQLite file in a temporary directory, a new
#   database on a throwaway PostgreSQL 15 server (scripts/pg-test-server.sh,
#   started once for all the runs). The clock runs from the start of the
#   first writer to the end of the last.
# Printed per kind: the median wall time and operations per second over the
# runs (each run's figure is its successful commands over its wall time),
# the commands that gave up busy (exit 75), and "lost": what sd shows
# afterwards, against what the writers were told. Tickets: sd request list
# --json and sd incident list --all --json hold each ticket a writer was
# given, once; audit: sd log --json holds one entry per successful command;
# numbers: each customer's tickets are numbered 1..n. A run with anything
# lost, or any exit status but 0 and 75, makes the script exit 1.
# Not a test (nothing here runs under ctest): the figures depend on the
# machine and on what else runs on it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
SD="$build/apps/sd/sd"
[ -x "$SD" ] || { echo "writers.sh: $SD is missing; build it first" >&2; exit 66; }
for tool in jq psql; do
  command -v "$tool" >/dev/null 2>&1 || { echo "writers.sh: needs $tool (sh scripts/deps.sh)" >&2; exit 69; }
done
WRITERS=${WRITERS:-8} OPS=${OPS:-100} RUNS=${RUNS:-3}
CUSTS=(ACME BETA GAMMA DELTA)

scratch=$(mktemp -d)
chmod 755 "$scratch"  # the server's user (as root: postgres) reaches its socket
pg="$scratch/pg"
cleanup() {
  sh "$here/../scripts/pg-test-server.sh" stop "$pg" >/dev/null 2>&1 || :
  rm -rf "$scratch"
}
trap cleanup EXIT
sh "$here/../scripts/pg-test-server.sh" start "$pg"
PG=$(sh "$here/../scripts/pg-test-server.sh" url "$pg")

export SD_NOW=2026-11-30T10:00:00+09:00 SD_ACTOR=bench SD_BUSY_TIMEOUT=60000
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
export XDG_CONFIG_DIRS="$scratch/xdg"
unset SD_CONFIG SD_SHARE_DIR
mkdir -p "$HOME"

# writer W LOG: OPS commands; a line per command: kind, key, exit status.
writer() {
  local w=$1 log=$2 i kind key rc out c
  local -a mine=() stat=() incs=()
  RANDOM=$((77 + w))
  : >"$log"
  for ((i = 0; i < OPS; i++)); do
    c=${CUSTS[RANDOM % 4]} key=""
    case $((i % 10)) in
      0 | 1 | 2 | 3) kind=new ;;
      4 | 5 | 6) kind=comment ;;
      7) kind=status ;;
      8) kind=incident ;;
      9) kind=note ;;
    esac
    [ "$kind" != new ] && [ "$kind" != incident ] && [ ${#mine[@]} -eq 0 ] && kind=new
    [ "$kind" = note ] && [ ${#incs[@]} -eq 0 ] && kind=incident
    case $kind in
      new)
        out=$("$SD" request new --customer "$c" --type backup --field op=add --field "host=w$w-$i" \
              --title "bench w$w-$i" 2>>"$log.err") && rc=0 || rc=$?
        [ "$rc" -eq 0 ] && key=$out mine+=("$out") stat+=(open) ;;
      comment)
        key=${mine[RANDOM % ${#mine[@]}]}
        "$SD" request comment "$key" -m "bench w$w-$i" >/dev/null 2>>"$log.err" && rc=0 || rc=$? ;;
      status)
        local n=$((RANDOM % ${#mine[@]})) act=start
        key=${mine[n]}
        case ${stat[n]} in open) act=start ;; in-progress) act=resolve ;; *) kind=comment ;; esac
        if [ "$kind" = comment ]; then
          "$SD" request comment "$key" -m "bench w$w-$i" >/dev/null 2>>"$log.err" && rc=0 || rc=$?
        else
          "$SD" request "$act" "$key" -m "bench w$w-$i" >/dev/null 2>>"$log.err" && rc=0 || rc=$?
          if [ "$rc" -eq 0 ]; then
            if [ "$act" = start ]; then stat[n]=in-progress; else stat[n]=resolved; fi
          fi
        fi ;;
      incident)
        out=$("$SD" incident open --customer "$c" --title "bench w$w-$i" --host "w$w-$i.example" \
              2>>"$log.err") && rc=0 || rc=$?
        [ "$rc" -eq 0 ] && key=$out incs+=("$out") ;;
      note)
        key=${incs[RANDOM % ${#incs[@]}]}
        "$SD" incident comment "$key" -m "bench w$w-$i" >/dev/null 2>>"$log.err" && rc=0 || rc=$? ;;
    esac
    printf '%s\t%s\t%s\n' "$kind" "$key" "$rc" >>"$log"
  done
}

# one_run KIND N: a fresh store of KIND, the writers, the checks; appends
# "kind seconds ok busy other lost" to $scratch/results.
one_run() {
  local kind=$1 n=$2 dir="$scratch/run-$1-$2" w start end
  mkdir -p "$dir"
  if [ "$kind" = sqlite ]; then
    export SD_DB="$dir/sd.db"
  else
    # sd reaches the database as a service of a pg_service.conf, as a desk
    # would (sd(1)).
    psql "$PG" -Atqc "CREATE DATABASE bench_$n" >/dev/null
    { echo "[bench_$n]"; for kv in $PG; do case $kv in dbname=*) ;; *) echo "$kv" ;; esac; done
      echo "dbname=bench_$n"; } >>"$scratch/pg_service.conf"
    export PGSERVICEFILE="$scratch/pg_service.conf" SD_DB="service=bench_$n"
  fi
  "$SD" init >/dev/null
  for c in "${CUSTS[@]}"; do "$SD" customer add "$c" --name "$c Inc." >/dev/null; done
  local base_audit
  base_audit=$("$SD" log --json | jq length)
  start=$(date +%s.%N)
  local -a pids=()
  for ((w = 1; w <= WRITERS; w++)); do writer "$w" "$dir/ops.$w" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  cat "$dir"/ops.[0-9]* >"$dir/ops"
  local ok busy other lost=0 want got
  ok=$(awk -F'\t' '$3 == 0' "$dir/ops" | wc -l)
  busy=$(awk -F'\t' '$3 == 75' "$dir/ops" | wc -l)
  other=$(awk -F'\t' '$3 != 0 && $3 != 75' "$dir/ops" | wc -l)
  # Tickets: each one a writer was given, once, and no other.
  want=$(awk -F'\t' '$3 == 0 && ($1 == "new" || $1 == "incident") { print $2 }' "$dir/ops" | sort)
  got=$({ "$SD" request list --json | jq -r '.[].key'; "$SD" incident list --all --json | jq -r '.[].key'; } | sort)
  [ "$want" = "$got" ] || lost=$((lost + $(comm -3 <(echo "$want") <(echo "$got") | wc -l)))
  # Numbers: 1..n per customer.
  lost=$((lost + $(awk -F- '{ n[$1]++; if ($2 > m[$1]) m[$1] = $2 } END { for (c in n) if (m[c] != n[c]) print c }' <<<"$got" | wc -l)))
  # Audit: one entry per successful command.
  got=$("$SD" log --json | jq length)
  got=$((got - base_audit - ok))
  lost=$((lost + (got < 0 ? -got : got)))
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$(echo "$end - $start" | bc -l)" "$ok" "$busy" "$other" "$lost" \
    >>"$scratch/results"
  [ "$other" -eq 0 ] || { echo "writers.sh: $kind run $n: $other commands failed:" >&2; head -3 "$dir"/ops.*.err >&2; }
  if [ "$kind" = postgresql ]; then psql "$PG" -Atqc "DROP DATABASE bench_$n WITH (FORCE)" >/dev/null; fi
  rm -f "$dir/sd.db"*
}

command -v bc >/dev/null 2>&1 || { echo "writers.sh: needs bc" >&2; exit 69; }
echo "== $WRITERS writers x $OPS commands, $RUNS runs per store (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for ((r = 1; r <= RUNS; r++)); do
  one_run sqlite "$r"
  one_run postgresql "$r"
done
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-11s %8s %10s %10s %6s %6s %5s\n' store runs "wall s" "ops/s" busy other lost
for kind in sqlite postgresql; do
  awk -F'\t' -v k="$kind" '
    $1 == k { n++; t[n] = $2; r[n] = $3 / $2; busy += $4; other += $5; lost += $6 }
    function median(a, m,   i, j, x) {
      for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { x = a[j]; a[j] = a[j - 1]; a[j - 1] = x }
      return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    }
    END { printf "%-11s %8d %10.1f %10.1f %6d %6d %5d\n", k, n, median(t, n), median(r, n), busy, other, lost }' \
    "$scratch/results"
done
bad=$(awk -F'\t' '$5 != 0 || $6 != 0' "$scratch/results" | wc -l)
[ "$bad" -eq 0 ] || { echo "writers.sh: $bad runs lost commands or failed" >&2; exit 1; }
