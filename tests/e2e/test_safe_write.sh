#!/usr/bin/env bash
# Files sd writes (sd slo metrics --output) cannot be turned against the
# machine: a symbolic link planted at the name the old code used for its
# temporary (.NAME.tmp.PID, with the PID sd runs as), at other likely
# temporary names, or at the target itself, leaves the link's target
# untouched (content and mode); the file is written mode 0644 whatever was
# there before and whatever the umask; and a write that fails (exit 74) or a
# file that cannot be created (exit 73) leaves the old file as it was and no
# temporary behind, with a one-line error naming the file.
. "$(dirname "$0")/lib.sh"
need stat sqlite3
export SD_NOW=2026-11-30T10:00:00+09:00
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok slo metrics
want=$OUT

D="$T/textfile"
mkdir -p "$D"
V="$T/victim"
printf 'secret\n' >"$V"
chmod 0600 "$V"
victim_intact() {
  eq "secret" "$(cat "$V")" "$1: the link's target keeps its content"
  eq "600" "$(stat -c %a "$V")" "$1: the link's target keeps its mode"
}

# --- links at every temporary name sd could pick: the old .sd.prom.tmp.PID
# (the shell plants it for its own PID, then becomes sd with exec), the
# mkstemp template taken literally, and names editors and tools use.
planted=(.sd.prom.tmp .sd.prom.tmp.XXXXXX sd.prom.tmp sd.prom.new sd.prom~ .sd.prom.swp)
for n in "${planted[@]}"; do ln -s "$V" "$D/$n"; done
# and the PIDs around this shell's, in case sd runs as another
for p in $(seq $(($$ - 50)) $(($$ + 400))); do ln -s "$V" "$D/.sd.prom.tmp.$p" 2>/dev/null; done
OUT=$(umask 077; bash -c 'ln -sf "$1" "$2/.sd.prom.tmp.$$"; exec "$3" slo metrics --output "$2/sd.prom"' \
        _ "$V" "$D" "$SD" 2>"$T/.err"); RC=$?
eq 0 "$RC" "metrics --output with links planted (stderr: $(cat "$T/.err"))"
eq "" "$OUT" "nothing on stdout"
victim_intact "planted temporaries"
[ -f "$D/sd.prom" ] && [ ! -L "$D/sd.prom" ] && ok || fail "sd.prom is a regular file"
eq "644" "$(stat -c %a "$D/sd.prom")" "the file is mode 0644 under umask 077"
eq "$want" "$(cat "$D/sd.prom")" "the file holds the metrics"
eq "" "$(find "$D" -mindepth 1 ! -type l ! -name sd.prom)" "no temporary left behind"
eq "" "$(find "$D" -mindepth 1 -type l ! -lname "$V")" "the planted links are left as they were"
find "$D" -mindepth 1 -type l -delete

# --- a link at the target itself is replaced, never followed.
rm -f "$D/sd.prom"
ln -s "$V" "$D/sd.prom"
expect_ok slo metrics --output "$D/sd.prom"
victim_intact "link at the target"
[ -f "$D/sd.prom" ] && [ ! -L "$D/sd.prom" ] && ok || fail "the link at the target is replaced by a file"
eq "644" "$(stat -c %a "$D/sd.prom")" "the replacing file is mode 0644"

# --- an existing file of another mode is replaced by one of mode 0644.
printf 'old\n' >"$D/sd.prom"
chmod 0600 "$D/sd.prom"
expect_ok slo metrics --output "$D/sd.prom"
eq "644" "$(stat -c %a "$D/sd.prom")" "an old 0600 file becomes 0644"
eq "$want" "$(cat "$D/sd.prom")" "and holds the metrics"

# --- a write that fails: the file size limit is 0 and SIGXFSZ ignored, so
# write(2) fails with EFBIG. The old file stays, no temporary is left.
# (sqlite3 holds the store open meanwhile, so that its shared-memory file
# already has its size and sd need not grow it under the limit.)
printf 'old\n' >"$D/sd.prom"
mkfifo "$T/hold"
sqlite3 "$SD_DB" <"$T/hold" >/dev/null 2>&1 &
holder=$!
exec 3>"$T/hold"
echo 'SELECT count(*) FROM customers;' >&3
sleep 0.5
# (stderr goes to a pipe: under the limit no file can take it either)
ERR=$(trap '' XFSZ; ulimit -f 0; exec "$SD" slo metrics --output "$D/sd.prom" 2>&1 >/dev/null); RC=$?
eq 74 "$RC" "a failed write exits 74 (stderr: $ERR)"
eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "one line"
contains "sd: $D/sd.prom: cannot write: File too large" "$ERR" "the error"
eq "old" "$(cat "$D/sd.prom")" "the old file is intact"
eq "sd.prom" "$(ls -A "$D")" "no temporary left behind"
exec 3>&-
wait "$holder"

# --- the rename fails (the target is a directory that is not empty).
mkdir -p "$D/dir.prom/x"
expect_error 74 "^sd: $D/dir.prom: cannot replace it: " slo metrics --output "$D/dir.prom"
[ -d "$D/dir.prom/x" ] && ok || fail "the directory is left as it was"
eq "dir.prom sd.prom" "$(ls -A "$D" | tr '\n' ' ' | sed 's/ $//')" "no temporary left behind"

# --- no file can be created: the directory is missing (exit 73).
expect_error 73 "^sd: $T/no/such/dir/sd.prom: cannot create a file in $T/no/such/dir: No such file or directory$" \
  slo metrics --output "$T/no/such/dir/sd.prom"
expect_error 73 "^sd: $D/: not a file name$" slo metrics --output "$D/"
finish
