#!/bin/sh
# The unit tests of the store on PostgreSQL (the doctest suite "pg"):
#   unit.sh UNIT_TESTS   with SD_TEST_PG naming the server's conninfo.
# Skipped (exit 77) when no server answers there.
set -u
if ! command -v psql >/dev/null 2>&1 || ! psql "${SD_TEST_PG:-}" -Atqc 'SELECT 1' >/dev/null 2>&1; then
  echo "unit_pg: skipped: no PostgreSQL server at '${SD_TEST_PG:-}'"
  exit 77
fi
exec "$1" --no-version=true -ts=pg
