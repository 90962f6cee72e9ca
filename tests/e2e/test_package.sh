#!/usr/bin/env bash
# The package and the install tree: `cpack -G DEB` in the build tree makes
# supportdesk_VERSION_ARCH.deb with its control fields (name, Depends from
# the libraries, Conflicts: sd, section, maintainer, description), every file
# under /usr where Debian keeps it (man pages gzipped, completions where bash,
# zsh and fish look, copyright and changelog), a stripped program with no
# path of this machine in it. Unpacked into a throwaway root with dpkg -x, the
# program runs from there and finds its data there: --version, calendar
# holidays, the catalog, man -w and bash and zsh completion. `cmake --install`
# under another prefix gives the same layout, and still works once moved.
. "$(dirname "$0")/lib.sh"
need cpack dpkg-deb dpkg jq man readelf zsh
: "${SD_BUILD_DIR:?SD_BUILD_DIR must point at the build tree}"
: "${SD_SOURCE_DIR:?SD_SOURCE_DIR must point at the source tree}"
expect_ok --version
version=${OUT#sd }

# --- the package ---------------------------------------------------------------
if cpack -G DEB --config "$SD_BUILD_DIR/CPackConfig.cmake" -B "$T/pkg" >"$T/cpack.log" 2>&1; then ok
else fail "cpack: $(cat "$T/cpack.log")"; fi
deb=$(ls "$T"/pkg/*.deb 2>/dev/null)
arch=$(dpkg --print-architecture)
eq "$T/pkg/supportdesk_${version}_$arch.deb" "$deb" "the package file"

info=$(dpkg-deb -f "$deb" Package Version Architecture Section Priority Maintainer Conflicts)
eq "$(printf 'Package: supportdesk\nVersion: %s\nArchitecture: %s\nSection: utils\nPriority: optional\nMaintainer: sd maintainers <sd-maintainers@example.org>\nConflicts: sd' "$version" "$arch")" "$info" "control fields"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libstdc++6 libgcc-s1 libsqlite3-0 tzdata; do
  contains "$lib" "$depends" "Depends"
done
# libpq is loaded only for a PostgreSQL store: recommended, not required.
eq "libpq5" "$(dpkg-deb -f "$deb" Recommends)" "Recommends"
case "$depends" in *libpq*) fail "Depends names libpq: $depends" ;; *) ok ;; esac
description=$(dpkg-deb -f "$deb" Description)
contains "support desk for managed cloud services" "$description" "Description (summary)"
contains "SQLite file" "$description" "Description (long)"

dpkg-deb -c "$deb" >"$T/contents"
paths=$(awk '{ print $6 }' "$T/contents" | sed 's|^\./|/|; s|/$||' | LC_ALL=C sort)
for want in /usr/bin/sd /usr/share/sd/catalog.json /usr/share/sd/holidays.txt /usr/share/sd/config.example \
            /usr/share/sd/templates/incident-first.ja.txt /usr/share/man/man1/sd.1.gz /usr/share/man/man1/sd-config.1.gz \
            /usr/share/man/man5/sd-config.5.gz /usr/share/bash-completion/completions/sd \
            /usr/share/zsh/vendor-completions/_sd /usr/share/fish/vendor_completions.d/sd.fish \
            /usr/share/doc/supportdesk/copyright /usr/share/doc/supportdesk/changelog.gz \
            /usr/share/doc/supportdesk/NEWS.gz; do
  if grep -qx "$want" <<<"$paths"; then ok; else fail "the package lacks $want"; fi
done
eq "" "$(grep -v '^/usr\(/\|$\)' <<<"$paths" | grep -v '^$')" "every file under /usr"
eq "" "$(grep '^/usr/share/man/.*[^z]$' <<<"$paths" | grep -v '/man[15]\?$')" "no man page left uncompressed"
eq "$(ls "$SD_SOURCE_DIR"/man/*.[15] | wc -l)" "$(grep -c '^/usr/share/man/man[15]/.*\.gz$' <<<"$paths")" "every man page"
eq "" "$(awk '$2 != "root/root" { print }' "$T/contents")" "every file owned by root"

mkdir "$T/root"
dpkg -x "$deb" "$T/root"
bin=$T/root/usr/bin/sd
if readelf -S "$bin" | grep -q '\.symtab\|\.debug_info'; then fail "the packaged program is not stripped"; else ok; fi
# No path of the machine that built it: not the source tree's share/, nor the build tree.
eq "0" "$(grep -c -a -F "$SD_SOURCE_DIR" "$bin")" "the source tree's path in the program"
eq "0" "$(grep -c -a -F "$SD_BUILD_DIR" "$bin")" "the build tree's path in the program"
eq "0" "$(grep -c -a -F "/usr/share/sd" "$bin")" "a fixed data path in the program"
for page in "$T"/root/usr/share/man/man*/*.gz; do
  gzip -t "$page" || fail "$page is not gzip"
done
ok

# --- the unpacked program runs from its root ---------------------------------------
SD="$bin" expect_ok --version
eq "sd $version" "$OUT" "sd --version from the package"
SD="$bin" expect_ok config get share_dir
eq "$T/root/usr/share/sd" "$OUT" "the data beside the program"
SD="$bin" expect_ok calendar holidays 2026 --json
contains "元日" "$OUT" "calendar holidays from the package"
SD="$bin" expect_ok catalog list --json
[ "$(jq length <<<"$OUT")" -gt 0 ] && ok || fail "no catalog from the package"
SD="$bin" expect_ok init
SD="$bin" expect_ok customer add ACME --name Acme
eq "$T/root/usr/share/man/man1/sd.1.gz" "$(MANPATH="$T/root/usr/share/man" man -w sd 2>&1)" "man -w sd"
eq "$T/root/usr/share/man/man5/sd-config.5.gz" "$(MANPATH="$T/root/usr/share/man" man -w 5 sd-config 2>&1)" "man -w 5 sd-config"
warnings=$(MANPATH="$T/root/usr/share/man" MANWIDTH=80 man --warnings=w -E UTF-8 -Tutf8 -Z 1 sd-config 2>&1 >/dev/null)
eq "" "$warnings" "the gzipped sd-config(1) renders without a warning"
# bash: the package's completion script, as bash-completion loads it.
got=$(bash -c 'source "$1"; COMP_WORDS=("$2" conf); COMP_CWORD=1; COMPREPLY=(); _sd; printf "%s\n" "${COMPREPLY[@]}"' \
  bcomp "$T/root/usr/share/bash-completion/completions/sd" "$bin" 2>&1)
eq "config" "$got" "bash completion from the package"
got=$(bash -c 'source "$1"; COMP_WORDS=("$2" customer show ""); COMP_CWORD=3; COMPREPLY=(); _sd; printf "%s\n" "${COMPREPLY[@]}"' \
  bcomp "$T/root/usr/share/bash-completion/completions/sd" "$bin" 2>&1)
contains "ACME" "$got" "bash completes a key by asking the packaged sd"
# zsh: under /usr, in vendor-completions, where Debian's zsh looks (its fpath
# has no /usr/share/zsh/site-functions); compinit finds _sd there.
got=$(zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -d "$2"; print -r -- $_comps[sd]' \
  zcomp "$T/root/usr/share/zsh/vendor-completions" "$T/zcompdump" 2>&1)
eq "_sd" "$got" "zsh finds _sd in vendor-completions"

# --- cmake --install under another prefix, then moved --------------------------------
if cmake --install "$SD_BUILD_DIR" --prefix "$T/prefix" >"$T/install.log" 2>&1; then ok
else fail "cmake --install: $(cat "$T/install.log")"; fi
for want in bin/sd share/sd/catalog.json share/man/man1/sd.1.gz share/bash-completion/completions/sd \
            share/zsh/site-functions/_sd share/fish/vendor_completions.d/sd.fish share/doc/supportdesk/copyright; do
  [ -e "$T/prefix/$want" ] && ok || fail "cmake --install: no PREFIX/$want"
done
mv "$T/prefix" "$T/moved"
SD="$T/moved/bin/sd" expect_ok config get share_dir
eq "$T/moved/share/sd" "$OUT" "a moved prefix finds its data"
SD="$T/moved/bin/sd" expect_ok catalog list
finish
