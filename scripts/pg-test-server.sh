#!/bin/sh
# A throwaway PostgreSQL cluster for the tests, run by the current
# (unprivileged) user; as root, PostgreSQL refuses to run, so the server
# runs as PG_USER (default postgres, which Debian's package creates) and
# DIR is handed to that user:
#   pg-test-server.sh start DIR   initdb a cluster in DIR and start it
#   pg-test-server.sh url DIR     print the libpq connection string of DIR's server
#   pg-test-server.sh stop DIR    stop it and remove DIR
# It listens on a Unix socket in DIR only (no TCP port), trusts local
# connections, and runs with fsync off: it holds test data, nothing else.
# The cluster is initialised with the C locale and UTF-8, so text sorts
# byte-wise as in SQLite. Quiet on success; on failure the server's log is
# printed. PG_BINDIR names the server's programs (default: Debian's
# PostgreSQL 15, else the newest installed, else the PATH).
set -eu
usage() { echo "usage: pg-test-server.sh start|stop|url DIR" >&2; exit 64; }
[ $# -eq 2 ] || usage
cmd=$1 dir=$2
if [ -z "${PG_BINDIR:-}" ]; then
  if [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then PG_BINDIR=/usr/lib/postgresql/15/bin
  else PG_BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
fi
bin() { if [ -n "$PG_BINDIR" ]; then echo "$PG_BINDIR/$1"; else echo "$1"; fi; }
# as_server CMD...: runs CMD as the user the server runs as.
as_server() {
  if [ "$(id -u)" = 0 ]; then runuser -u "${PG_USER:-postgres}" -- "$@"; else "$@"; fi
}
url() { echo "host=$(cd "$dir" && pwd)/sock dbname=postgres user=$(id -un)"; }
case "$cmd" in
  start)
    [ -e "$dir/data" ] && { echo "pg-test-server: $dir already holds a cluster" >&2; exit 1; }
    mkdir -p "$dir/sock"
    [ "$(id -u)" = 0 ] && chown -R "${PG_USER:-postgres}" "$dir"
    if ! as_server "$(bin initdb)" -D "$dir/data" -A trust -E UTF8 --locale=C -U "$(id -un)" \
         >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2; exit 1
    fi
    sock=$(cd "$dir/sock" && pwd)
    if ! as_server "$(bin pg_ctl)" -D "$dir/data" -l "$dir/server.log" -w -s \
         -o "-c listen_addresses='' -c unix_socket_directories='$sock' -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start \
         >/dev/null 2>&1; then
      cat "$dir/server.log" >&2; exit 1
    fi
    ;;
  url) url ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_server "$(bin pg_ctl)" -D "$dir/data" -m immediate -w -s stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
