#!/bin/sh
# Installs the Debian packages sd builds and tests with, when any is missing;
# `deps.sh test` also the Debian 12 root the package is installed into
# (make test), `deps.sh bench` those the benchmarks run (make bench),
# `deps.sh fuzz` those the fuzz targets build with (make fuzz).
# As root it runs apt-get; otherwise through sudo when that works without a
# password; otherwise it prints the exact apt-get line and fails.
set -eu
# To build.
pkgs="g++ make cmake ccache pkg-config libcli11-dev libsqlite3-dev nlohmann-json3-dev libhowardhinnant-date-dev doctest-dev libpq-dev tzdata"
# To run every test suite with nothing skipped: each tests/e2e suite names
# what it runs with `need` (tests/e2e/lib.sh). jq: most suites; python3: slo,
# report_html and store (the busy store); sqlite3: store; man-db and
# groff-base: man; zsh and fish: completion; chromium: report_html;
# postgresql (the server, 15 on Debian 12): the suites run again against a
# throwaway cluster (scripts/pg-test-server.sh).
pkgs="$pkgs jq python3 sqlite3 man-db groff-base zsh fish chromium postgresql"
# `deps.sh test` (make test) also debootstrap, and with it a Debian 12 root
# the package is installed into with dpkg (scripts/debian-root.sh, made once
# below, kept in /var/cache/sd).
[ "${1:-}" = test ] && pkgs="$pkgs debootstrap"
# bench/run.sh times sd with hyperfine and measures memory with GNU time;
# bench/compare.sh sets sd beside Taskwarrior 2.6 (Debian 12: 2.6.2).
[ "${1:-}" = bench ] && pkgs="$pkgs hyperfine time taskwarrior"
# The fuzz targets are built with clang, whose libFuzzer and sanitizer
# runtimes are in libclang-rt (fuzz/CMakeLists.txt).
[ "${1:-}" = fuzz ] && pkgs="$pkgs clang libclang-rt-14-dev"
missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
cmd="apt-get install -y --no-install-recommends$missing"
# apt's progress and debconf's notes go to a log, shown only when apt fails,
# so the output of `make test` stays the same from run to run.
quietly() {
  log=$(mktemp)
  if "$@" >"$log" 2>&1; then rm -f "$log"; return 0; fi
  cat "$log" >&2; rm -f "$log"
  echo "sd: failed: $*" >&2
  exit 1
}
root_dir=/var/cache/sd/debian-12-root
want_root() { [ "${1:-}" = test ] && [ ! -e "$root_dir/.sd-complete" ]; }
[ -z "$missing" ] && ! want_root "${1:-}" && exit 0
if [ "$(id -u)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
elif [ -n "$missing" ]; then
  echo "sd: missing Debian packages:$missing" >&2
  echo "sd: run as root:  apt-get update && $cmd" >&2
  exit 1
else
  # Only the Debian 12 root is missing, and it takes root to make: the
  # builds go on, and the package install test says it is skipped, and why.
  exit 0
fi
if [ -n "$missing" ]; then
  echo "sd: installing:$missing" >&2
  quietly $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  quietly $as_root env DEBIAN_FRONTEND=noninteractive $cmd
fi
if want_root "${1:-}"; then $as_root sh "$(dirname "$0")/debian-root.sh" "$root_dir"; fi
