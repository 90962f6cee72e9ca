#!/bin/sh
# debian-root.sh [DIR]: a minimal Debian 12 root, made once with debootstrap
# and kept (default /var/cache/sd/debian-12-root), for the test that
# installs the package with dpkg as on a fresh machine
# (tests/e2e/test_package_install.sh). It holds what the package depends on
# (libsqlite3-0, tzdata) and what the test looks with (man-db,
# bash-completion, zsh), and nothing of sd. Run as root; scripts/deps.sh runs
# it. A root left half made by an interrupted run is made again.
set -eu
dir=${1:-/var/cache/sd/debian-12-root}
[ -e "$dir/.sd-complete" ] && exit 0
mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
mirror=${mirror:-http://deb.debian.org/debian}
echo "sd: making a Debian 12 root for the package test (once): $dir" >&2
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
log=$(mktemp)
if debootstrap --variant=minbase --include=libsqlite3-0,tzdata,man-db,bash-completion,zsh \
     bookworm "$dir" "$mirror" >"$log" 2>&1; then
  rm -f "$log"
else
  cat "$log" >&2; rm -f "$log"
  echo "sd: failed: debootstrap bookworm $dir" >&2
  exit 1
fi
# Kept small: no package lists or downloaded archives.
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
touch "$dir/.sd-complete"
