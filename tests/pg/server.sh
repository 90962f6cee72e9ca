#!/bin/sh
# ctest's fixture around the PostgreSQL runs (tests/CMakeLists.txt):
#   server.sh start DIR   a fresh throwaway server in DIR (one left by an
#                         interrupted run is stopped first)
#   server.sh stop DIR    stops it and removes DIR
# Without PostgreSQL installed it starts nothing and succeeds: each suite
# that needs the server then finds none and is skipped (exit 77).
set -u
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../../scripts/pg-test-server.sh"
case "${1:-}" in
  start)
    sh "$script" stop "$2"
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
      echo "pg server: not installed (scripts/deps.sh installs postgresql); the PostgreSQL runs are skipped"
      exit 0
    fi
    exec sh "$script" start "$2" ;;
  stop) exec sh "$script" stop "$2" ;;
  *) echo "usage: server.sh start|stop DIR" >&2; exit 64 ;;
esac
