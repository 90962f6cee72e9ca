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
# The system-wide config (/etc/xdg/sd/config) of the machine running the
# tests is not read: a suite that wants one writes it here.
export XDG_CONFIG_DIRS="$T/xdg"
mkdir -p "$HOME"
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
# expect_unchanged CODE PATTERN ARGS...: like expect_error, and the store file
# is byte-for-byte the same afterwards.
expect_unchanged() {
  local before after
  before=$(cksum < "$SD_DB")
  expect_error "$@"
  after=$(cksum < "$SD_DB")
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
