#!/bin/sh
# make demo-pg: make demo's session on PostgreSQL. Starts a throwaway
# cluster (scripts/pg-test-server.sh) in a new temporary directory, runs
# scripts/demo.sh against a store in it, and stops and removes the cluster
# afterwards, whether the demo succeeded or not.
#   demo-pg.sh SD
set -eu
[ $# -eq 1 ] || { echo "usage: demo-pg.sh SD" >&2; exit 64; }
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
# The server may run as another user (pg-test-server.sh): it must reach DIR.
chmod 755 "$dir"
cleanup() {
  sh "$here/pg-test-server.sh" stop "$dir/pg" || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
sh "$here/pg-test-server.sh" start "$dir/pg"
sock=$(cd "$dir/pg/sock" && pwd)
export SD_DEMO_DB="postgresql:///postgres?host=$sock&user=$(id -un)"
printf '# A throwaway PostgreSQL cluster in %s (scripts/pg-test-server.sh);\n# the store is %s.\n' "$dir/pg" "$SD_DEMO_DB"
sh "$here/demo.sh" "$1"
printf '\n# The demo ran on PostgreSQL; its cluster is now stopped and removed.\n'
