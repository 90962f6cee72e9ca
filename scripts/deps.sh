#!/bin/sh
# Installs the Debian packages sd builds with, when any is missing.
# As root it runs apt-get; otherwise through sudo when that works without a
# password; otherwise it prints the exact apt-get line and fails.
set -eu
pkgs="g++ make cmake pkg-config libcli11-dev libsqlite3-dev nlohmann-json3-dev libhowardhinnant-date-dev doctest-dev tzdata jq sqlite3 python3"
missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
  echo "sd: installing:$missing" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $cmd >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "sd: installing:$missing" >&2
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  sudo -n env DEBIAN_FRONTEND=noninteractive $cmd >/dev/null
else
  echo "sd: missing Debian packages:$missing" >&2
  echo "sd: run as root:  apt-get update && $cmd" >&2
  exit 1
fi
