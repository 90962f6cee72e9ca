#!/usr/bin/env bash
# The package installed as on a fresh Debian 12 machine: `cpack -G DEB`
# builds supportdesk_VERSION_ARCH.deb, and dpkg -i installs it into a copy of
# a minimal Debian 12 root made with debootstrap (scripts/debian-root.sh,
# which `make test` runs once through scripts/deps.sh test), with only what
# the package depends on beside it. In that root, under chroot: dpkg knows
# the package and its files, `sd --version`, `sd calendar holidays` and a
# small desk run from /usr with the data installed beside it, `man -w sd`
# finds the page, bash completion (as bash-completion loads it) and zsh's
# compinit (Debian's fpath, which has vendor-completions and no
# /usr/share/zsh/site-functions) find sd's, and dpkg -r removes every file
# it installed. No
# network is used: the root is copied from the cache.
. "$(dirname "$0")/lib.sh"
need cpack chroot cp mount umount
: "${SD_BUILD_DIR:?SD_BUILD_DIR must point at the build tree}"
cache=${SD_DEBIAN_ROOT:-/var/cache/sd/debian-12-root}
if [ "$(id -u)" != 0 ]; then
  echo "test_package_install: skipped: chroot and dpkg -i need root"
  exit 77
fi
if [ ! -e "$cache/.sd-complete" ]; then
  echo "test_package_install: skipped: no Debian 12 root at $cache (make it as root: sh scripts/debian-root.sh)"
  exit 77
fi
expect_ok --version
version=${OUT#sd }

if cpack -G DEB --config "$SD_BUILD_DIR/CPackConfig.cmake" -B "$T/pkg" >"$T/cpack.log" 2>&1; then ok
else fail "cpack: $(cat "$T/cpack.log")"; fi
deb=$(ls "$T"/pkg/*.deb 2>/dev/null)
[ -f "$deb" ] && ok || fail "cpack made no .deb"

root=$T/root
cp -a "$cache" "$root"
cp "$deb" "$root/tmp/supportdesk.deb"
# /proc, as on a running machine (sd finds its data beside /proc/self/exe);
# unmounted before the temp dir goes.
mount -t proc proc "$root/proc" || fail "mount /proc in the root"
trap 'umount "$root/proc" 2>/dev/null; rm -rf "$T"' EXIT
# in_root CMD...: runs CMD in the root as a fresh login would, keeping
# stdout in $OUT, stderr in $ERR and the status in $RC.
in_root() {
  OUT=$(env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb SD_DB=/root/sd.db \
        SD_NOW=2026-11-30T10:00:00+09:00 SD_ACTOR=tester chroot "$root" "$@" 2>"$T/.err"); RC=$?
  ERR=$(cat "$T/.err")
}
root_ok() {
  in_root "$@"
  if [ "$RC" -eq 0 ]; then ok; else fail "in the root: $* exited $RC: $ERR"; fi
}

# --- dpkg -i -----------------------------------------------------------------------
root_ok dpkg -i /tmp/supportdesk.deb
root_ok dpkg-query -W -f '${Status} ${Version}' supportdesk
eq "install ok installed $version" "$OUT" "dpkg knows the package"
root_ok dpkg -L supportdesk
contains "/usr/bin/sd" "$OUT" "dpkg -L"
contains "/usr/share/doc/supportdesk/NEWS.gz" "$OUT" "dpkg -L"

# --- it runs from /usr ---------------------------------------------------------------
root_ok sd --version
eq "sd $version" "$OUT" "sd --version in the root"
root_ok sd config get share_dir
eq "/usr/share/sd" "$OUT" "the data where the package put it"
root_ok sd calendar holidays 2026
contains "元日" "$OUT" "sd calendar holidays in the root"
root_ok sd init
root_ok sd customer add ACME --name Acme
root_ok sd request new --customer ACME --type backup --field op=add --field host=web01 --json
eq "ACME-1" "$(jq -r .key <<<"$OUT")" "a request in the root"
eq "" "$ERR" "no warning from sd"

# --- man and completion ----------------------------------------------------------------
root_ok man -w sd
eq "/usr/share/man/man1/sd.1.gz" "$OUT" "man -w sd"
root_ok man -w 5 sd-hooks
eq "/usr/share/man/man5/sd-hooks.5.gz" "$OUT" "man -w 5 sd-hooks"
root_ok bash -c '. /usr/share/bash-completion/bash_completion
  _completion_loader sd
  COMP_WORDS=(sd requ); COMP_CWORD=1; COMP_LINE="sd requ"; COMP_POINT=7; COMPREPLY=()
  "$(complete -p sd | sed "s/.*-F \([^ ]*\) .*/\1/")" sd requ sd
  printf "%s\n" "${COMPREPLY[@]}"'
eq "request" "$OUT" "bash completion, loaded by bash-completion"
root_ok zsh -f -c 'autoload -Uz compinit; compinit -u -d /tmp/zcompdump; print -r -- $_comps[sd]'
eq "_sd" "$OUT" "zsh's compinit finds _sd"

# --- dpkg -r ----------------------------------------------------------------------------
root_ok dpkg -r supportdesk
for gone in /usr/bin/sd /usr/share/sd/catalog.json /usr/share/man/man1/sd.1.gz \
            /usr/share/bash-completion/completions/sd; do
  [ -e "$root$gone" ] && fail "dpkg -r left $gone" || ok
done

finish
