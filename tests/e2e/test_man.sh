#!/usr/bin/env bash
# The man pages are well-formed: each man/*.1 and man/*.5 renders with no
# warning at all (groff's -ww), its .TH names the file, every sd page it
# refers to exists, its version is the one `sd --version` prints, and sd(1)
# lists every command group the binary has.
# Needs man(1) or else groff(1); exits 77 (skipped) when neither is installed.
. "$(dirname "$0")/lib.sh"
need jq
: "${SD_SOURCE_DIR:?SD_SOURCE_DIR must point at the source tree}"
MAN_DIR=$SD_SOURCE_DIR/man

if command -v man >/dev/null 2>&1; then
  # man runs preconv for the Japanese text; every warning category is on.
  render() { MANWIDTH=80 man --warnings=w -E UTF-8 -l -Tutf8 -Z "$1" 2>&1 >/dev/null; }
else
  need groff
  render() { groff -k -man -ww -z -Tutf8 "$1" 2>&1; }
fi

# The version comes from project() in CMakeLists.txt; the pages repeat it.
expect_ok --version
version=$OUT
contains "sd " "$version" "sd --version"

shopt -s nullglob
pages=("$MAN_DIR"/*.1 "$MAN_DIR"/*.5)
[ "${#pages[@]}" -gt 0 ] && ok || fail "no man pages in $MAN_DIR"

for page in "${pages[@]}"; do
  file=${page##*/} name=${file%.*} section=${file##*.}
  warnings=$(render "$page")
  eq "" "$warnings" "$file: warnings"
  th=$(grep -m 1 '^\.TH ' "$page" | awk '{ print $2, $3 }')
  eq "$(printf '%s %s' "$name" "$section" | tr '[:lower:]' '[:upper:]')" "$th" "$file: .TH title and section"
  eq "$version" "$(grep -m 1 '^\.TH ' "$page" | awk -F'"' '{ print $2 }')" "$file: .TH version (project() in CMakeLists.txt)"
  # References to sd's own pages, as .BR sd\-request (1) or \fBsd\-request\fR(1).
  refs=$(sed -n 's/^\.BR \(sd[a-z\\-]*\) (\([15]\)).*/\1.\2/p; s/.*\\fB\(sd[a-z\\-]*\)\\fR(\([15]\)).*/\1.\2/p' "$page" |
         sed 's/\\-/-/g' | sort -u)
  for ref in $refs; do
    if [ -f "$MAN_DIR/$ref" ]; then ok; else fail "$file refers to ${ref%.*}(${ref##*.}), but man/$ref does not exist"; fi
  done
done

# sd(1) names every command group in its COMMANDS section.
if [ -f "$MAN_DIR/sd.1" ]; then
  expect_ok completion --json
  groups=$(jq -r '.commands[].name' <<<"$OUT")
  commands=$(sed -n '/^\.SH COMMANDS/,/^\.SH /p' "$MAN_DIR/sd.1")
  for g in $groups; do
    if grep -qx "\.B $g" <<<"$commands"; then ok; else fail "sd.1: COMMANDS does not list '$g'"; fi
  done
else
  fail "man/sd.1 is missing"
fi

finish
