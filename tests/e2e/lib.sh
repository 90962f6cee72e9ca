# Shared helpers for the end-to-end suites. Each suite sources this, runs the
# real binary ($SD) against a store in its own temp dir, and ends with `finish`.
#
# Exit 77 means "skipped". tests/CMakeLists.txt sets SKIP_RETURN_CODE 77 on
# every test, so a suite that cannot run its checks is reported by ctest as
# skipped, never as passed. A suite names every tool it runs besides sd and
# the base system with `need TOOL...` before its first check; when one is
# missing it prints one line saying which and exits 77. Never skip a check
# quietly (an `if command -v ...` around it): scripts/deps.sh installs every
# tool the suites need, so on a machine it has set up nothing is skipped.
set -u
: "${SD:?SD must point at the sd binary}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
export SD_DB="$T/sd.db" SD_ACTOR=tester SD_NOW=2026-11-30T10:00:00+09:00
unset SD_CONFIG SD_SHARE_DIR
# Colour is decided by the suite: none of the runner's own settings.
unset NO_COLOR CLICOLOR_FORCE
# The system-wide config (/etc/xdg/sd/config) of the machine running the
# tests is not read: a suite that wants one writes it here.
export XDG_CONFIG_DIRS="$T/xdg"
mkdir -p "$HOME"

# SD_TEST_PG (a libpq key=value conninfo of a server the tests may create
# databases on, e.g. from scripts/pg-test-server.sh url): the suite runs
# against PostgreSQL instead, in a database of its own, created now and
# dropped at the end, which sd reaches as service `sdtest` of a
# pg_service.conf in the temp dir (so SD_DB holds no host or password).
# Without a server it is skipped (exit 77).
SD_BACKEND=sqlite
if [ -n "${SD_TEST_PG:-}" ]; then
  SD_BACKEND=postgresql
  for tool in psql pg_dump; do
    command -v "$tool" >/dev/null 2>&1 ||
      { printf '%s: skipped: not installed: %s (scripts/deps.sh installs it)\n' "$(basename "$0" .sh)" "$tool"; exit 77; }
  done
  if ! psql "$SD_TEST_PG" -Atqc 'SELECT 1' >/dev/null 2>&1; then
    printf '%s: skipped: no PostgreSQL server at %s\n' "$(basename "$0" .sh)" "$SD_TEST_PG"
    exit 77
  fi
  PG_DB="sd_$(basename "$0" .sh | tr -c 'a-z0-9_\n' _)_$$"
  psql "$SD_TEST_PG" -Atqc "CREATE DATABASE $PG_DB" >/dev/null || exit 1
  { for kv in $SD_TEST_PG; do case "$kv" in dbname=*) ;; *) printf '%s\n' "$kv" ;; esac; done
    printf 'dbname=%s\n' "$PG_DB"; } > "$T/pg_service.conf.body"
  { echo '[sdtest]'; cat "$T/pg_service.conf.body"; } > "$T/pg_service.conf"
  export PGSERVICEFILE="$T/pg_service.conf" SD_DB="service=sdtest"
  PG_URL="service=sdtest"
  PG_COPIES=""
  trap 'for d in $PG_DB $PG_COPIES; do psql "$SD_TEST_PG" -Atqc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1; done
        rm -rf "$T"' EXIT
fi
# copy_store NAME: a copy of the store as it is now, whichever it is, its
# address for --db in STORE_COPY: a copy of the file, or on PostgreSQL a
# database made from the suite's own (CREATE DATABASE … TEMPLATE), reached
# as service sdtest_NAME and dropped at the end.
copy_store() {
  if [ "$SD_BACKEND" = postgresql ]; then
    psql "$SD_TEST_PG" -Atqc "CREATE DATABASE ${PG_DB}_$1 TEMPLATE $PG_DB" >/dev/null || fail "copy the store to ${PG_DB}_$1"
    PG_COPIES="$PG_COPIES ${PG_DB}_$1"
    { echo "[sdtest_$1]"; sed "s/^dbname=.*/dbname=${PG_DB}_$1/" "$T/pg_service.conf.body"; } >> "$T/pg_service.conf"
    STORE_COPY="service=sdtest_$1"
  else
    cp "$SD_DB" "$T/$1.db"
    STORE_COPY="$T/$1.db"
  fi
}
# load_sqlite_dump FILE: the store is what the SQLite dump FILE (the sqlite3
# shell's .dump of an sd store, maybe of an older schema) holds: loaded into
# the file, or on PostgreSQL into a SQLite file first and moved over with
# `sd db copy` (which migrates it on the way).
load_sqlite_dump() {
  if [ "$SD_BACKEND" = postgresql ]; then
    sqlite3 "$T/dump.db" < "$1" || fail "sqlite3 < $1"
    "$SD" db copy --from "$T/dump.db" --to "$SD_DB" >/dev/null 2>"$T/.copy.err" || fail "sd db copy: $(cat "$T/.copy.err")"
  else
    sqlite3 "$SD_DB" < "$1" || fail "sqlite3 < $1"
  fi
}
# keep_store: remembers the store as it is now (copy_store sound), for
# restore_store to put back; damage SQL: the remembered store put back, then
# SQL run on it behind sd's back: by the sqlite3 shell (which, unlike sd,
# does not enforce foreign keys), or by psql with the foreign-key triggers
# off (session_replication_role), as a hand edit by the database's owner.
keep_store() { copy_store sound; }
restore_store() {
  if [ "$SD_BACKEND" = postgresql ]; then
    psql "$SD_TEST_PG" -Atqc "DROP DATABASE $PG_DB WITH (FORCE)" >/dev/null &&
      psql "$SD_TEST_PG" -Atqc "CREATE DATABASE $PG_DB TEMPLATE ${PG_DB}_sound" >/dev/null || fail "restore the store"
  else
    cp "$T/sound.db" "$SD_DB"
    rm -f "$SD_DB-wal" "$SD_DB-shm"
  fi
}
damage() {
  restore_store
  if [ "$SD_BACKEND" = postgresql ]; then
    psql "$PG_URL" -Atq -v ON_ERROR_STOP=1 -c "SET session_replication_role = replica; $1" >/dev/null || fail "psql: $1"
  else
    sqlite3 "$SD_DB" "$1" || fail "sqlite3: $1"
  fi
}
# store_sql SQL: runs SQL on the store, whichever it is, printing each row's
# columns separated by '|'.
store_sql() {
  if [ "$SD_BACKEND" = postgresql ]; then psql "$PG_URL" -Atqc "$1"; else sqlite3 "$SD_DB" "$1"; fi
}
# store_state: what "the store is unchanged" compares: the file's bytes, or
# on PostgreSQL a dump of its rows (sequences left out: a refused insert
# may use up an id, which changes no row; and pg_dump's \restrict lines,
# which carry a new random key each time).
store_state() {
  if [ "$SD_BACKEND" = postgresql ]; then
    pg_dump "$PG_URL" --data-only --no-owner | grep -vE '^(SELECT pg_catalog\.setval|\\(un)?restrict )' | cksum
  else
    cksum < "$SD_DB"
  fi
}
PASS=0 FAIL=0

# Under the sanitizers (make test-sanitize; tests/CMakeLists.txt sets the
# options) a finding stops sd, but a check that reads only its output, or
# wants it to fail, would not see why. AddressSanitizer and LeakSanitizer
# write each report to a file here, and `finish` fails the suite for each
# one, printing it. UndefinedBehaviorSanitizer (GCC's runtime, beside ASan's)
# writes to stderr whatever log_path says: `run` fails on its reports, and
# ctest on any that reaches the suite's output.
if [ -n "${ASAN_OPTIONS:-}" ]; then
  mkdir "$T/sanitizer"
  export ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$T/sanitizer/report"
fi

# need TOOL...: exit 77 (skipped), naming what is missing, unless every TOOL
# is installed.
need() {
  local tool missing=""
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
  done
  [ -z "$missing" ] && return 0
  printf '%s: skipped: not installed:%s (scripts/deps.sh installs it)\n' "$(basename "$0" .sh)" "$missing"
  exit 77
}

fail() { FAIL=$((FAIL + 1)); printf 'FAIL: %s\n' "$*" >&2; }
ok() { PASS=$((PASS + 1)); }

# run ARGS...: runs sd, keeping stdout in $OUT, stderr in $ERR, status in $RC.
run() {
  OUT=$("$SD" "$@" 2>"$T/.err"); RC=$?
  ERR=$(cat "$T/.err")
  case "$ERR" in *": runtime error: "*) fail "sd $*: UndefinedBehaviorSanitizer: $ERR" ;; esac
}
# expect_ok ARGS...: the command must exit 0.
expect_ok() {
  run "$@"
  if [ "$RC" -eq 0 ]; then ok; else fail "sd $* exited $RC: $ERR"; fi
}
# expect_exit CODE ARGS...: the command must exit CODE with a one-line error.
expect_exit() {
  local code=$1; shift
  run "$@"
  if [ "$RC" -ne "$code" ]; then fail "sd $* exited $RC, wanted $code (stderr: $ERR)"; return; fi
  if [ "$code" -ge 64 ] && [ "$(printf '%s\n' "$ERR" | wc -l)" -ne 1 ]; then
    fail "sd $*: error is not one line: $ERR"; return
  fi
  ok
}
# expect_error CODE PATTERN ARGS...: exit CODE and stderr matching PATTERN (grep -E).
expect_error() {
  local code=$1 pat=$2; shift 2
  expect_exit "$code" "$@"
  if ! printf '%s' "$ERR" | grep -qE -- "$pat"; then fail "sd $*: stderr '$ERR' lacks /$pat/"; fi
}
# expect_unchanged CODE PATTERN ARGS...: like expect_error, and the store is
# the same afterwards (store_state).
expect_unchanged() {
  local before after
  before=$(store_state)
  expect_error "$@"
  after=$(store_state)
  if [ "$before" != "$after" ]; then fail "sd ${*:3} changed the store"; else ok; fi
}
# eq WANT GOT [WHAT]
eq() {
  if [ "$1" = "$2" ]; then ok; else fail "${3:-value}: wanted '$1', got '$2'"; fi
}
# contains NEEDLE HAYSTACK [WHAT]
contains() {
  case "$2" in *"$1"*) ok ;; *) fail "${3:-output} lacks '$1': $2" ;; esac
}


finish() {
  local report
  for report in "$T"/sanitizer/report.*; do
    [ -e "$report" ] || continue
    fail "sanitizer report $report:"
    cat "$report" >&2
  done
  printf '%s: %d passed, %d failed\n' "$(basename "$0" .sh)" "$PASS" "$FAIL"
  [ "$FAIL" -eq 0 ]
}
