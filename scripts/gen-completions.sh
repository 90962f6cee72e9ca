#!/bin/sh
# Regenerates the committed completion scripts from a built sd:
#   scripts/gen-completions.sh BUILD_DIR
# writes completions/sd.bash, completions/_sd and completions/sd.fish with
# `sd completion bash|zsh|fish`, which walks the same command tree that
# parses. tests/e2e/test_completion.sh fails when they differ from the binary.
set -eu
usage="usage: scripts/gen-completions.sh BUILD_DIR (the cmake build directory)"
build=${1:?$usage}
sd=$build/apps/sd/sd
if [ ! -x "$sd" ]; then
  echo "gen-completions: no sd binary at $sd; build first (cmake --build $build)" >&2
  exit 1
fi
out=$(cd "$(dirname "$0")/.." && pwd)/completions
mkdir -p "$out"
for shell in bash zsh fish; do
  case $shell in
    bash) file=sd.bash ;;
    zsh) file=_sd ;;
    fish) file=sd.fish ;;
  esac
  # Write beside the target and rename, so a failure leaves the old file.
  "$sd" completion "$shell" >"$out/$file.tmp" || { rm -f "$out/$file.tmp"; exit 1; }
  mv "$out/$file.tmp" "$out/$file"
  echo "wrote completions/$file"
done
