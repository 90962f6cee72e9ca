#!/usr/bin/env bash
# The layering rules of doc/architecture.md, checked over the source tree:
#  - no string in libsupportdesk/ names a command-line flag (--x);
#  - no SQL outside libsupportdesk/src/db/ (the tests of the SQLite store
#    itself may open it);
#  - public headers include neither sqlite3.h nor CLI11, and the library
#    never throws a usage error;
#  - no minute of the incident policy is written outside compliance.hpp.
set -u
root=${SD_SOURCE_DIR:?set SD_SOURCE_DIR to the source tree}
command -v grep >/dev/null || { echo "layers: grep is missing"; exit 77; }
fail=0
bad() { echo "FAIL: $1"; shift; printf '  %s\n' "$@"; fail=1; }

lib="$root/libsupportdesk"
# A flag in a string literal: "…--name…". CSS custom properties (--ink) in
# the HTML renderer's style sheet are not flags.
hits=$(grep -rnE '"[^"]*[^-]--[a-z][a-z-]*[^"]*"|"--[a-z][a-z-]*' "$lib" \
       | grep -vE '^[^:]+:[0-9]+:\s*(//|///)' \
       | grep -vE 'document\.cpp:.*(var\(--|--[a-z]+:#|\{--)' || true)
[ -z "$hits" ] || bad "a library string names a flag" "$hits"

hits=$(grep -rnE '\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE)\b' \
         "$lib" "$root/apps" --include='*.cpp' --include='*.hpp' --include='*.ipp' \
       | grep -v "^$lib/src/db/" || true)
[ -z "$hits" ] || bad "SQL outside libsupportdesk/src/db/" "$hits"

hits=$(grep -rnE '#include [<"](sqlite3\.h|CLI/)' "$lib/include" || true)
[ -z "$hits" ] || bad "a public header includes sqlite3.h or CLI11" "$hits"

hits=$(grep -rnE 'usage_error\(' "$lib/src" || true)
[ -z "$hits" ] || bad "the library throws a usage error" "$hits"

# The policy's minutes, as literals next to a minute word or duration.
hits=$(grep -rnE '(minutes\{|minutes\()(15|30|60)\b|\b(15|30|60) ?(分|min\b)' \
         "$lib/src" "$lib/include" "$root/apps" --include='*.cpp' --include='*.hpp' \
       | grep -v 'compliance\.hpp' | grep -vE '^[^:]+:[0-9]+:\s*(//|///)' || true)
[ -z "$hits" ] || bad "a minute of the incident policy outside compliance.hpp" "$hits"

if [ "$fail" = 0 ]; then echo "layers: 5 passed, 0 failed"; else exit 1; fi
