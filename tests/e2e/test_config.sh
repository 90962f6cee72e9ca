#!/usr/bin/env bash
# Config you can see: sd config show lists every effective setting with where
# it came from (default, the system-wide file under $XDG_CONFIG_DIRS, the
# user's file, an environment variable, a flag); sd config get prints one;
# sd config set edits the user's file keeping its other lines and comments,
# and refuses unknown keys, bad values and a broken file with one line and
# nothing written. Relative XDG paths are ignored. Without its data
# directory sd says to set SD_SHARE_DIR, and commands that need no catalog
# still run.
. "$(dirname "$0")/lib.sh"
need jq
USER_CFG=$XDG_CONFIG_HOME/sd/config

# --- defaults ----------------------------------------------------------------
expect_ok config show --json
eq "default Asia/Tokyo" "$(jq -r '.[] | select(.key == "calendar.zone") | "\(.origin) \(.value)"' <<<"$OUT")" "zone by default"
eq "null" "$(jq -r '.[] | select(.key == "calendar.zone") | .where' <<<"$OUT")" "a default comes from no file"
eq "env SD_DB $SD_DB" "$(jq -r '.[] | select(.key == "db") | "\(.origin) \(.where) \(.value)"' <<<"$OUT")" "db from SD_DB"
eq "env SD_ACTOR tester" "$(jq -r '.[] | select(.key == "actor") | "\(.origin) \(.where) \(.value)"' <<<"$OUT")" "actor from SD_ACTOR"
eq "default $USER_CFG" "$(jq -r '.[] | select(.key == "config") | "\(.origin) \(.value)"' <<<"$OUT")" "the user's config path"
eq "[]" "$(jq -c '.[] | select(.key == "calendar.closed") | .value' <<<"$OUT")" "a list key with nothing in it"
eq "null" "$(jq -c '.[] | select(.key == "desk.name") | .value' <<<"$OUT")" "an unset name is null"
eq "19" "$(jq length <<<"$OUT")" "every setting is shown"
expect_ok config show
contains "calendar.hours" "$OUT"
contains "10:00-19:00" "$OUT"
expect_ok --as alice --db "$T/other.db" config show --json
eq "flag --as alice" "$(jq -r '.[] | select(.key == "actor") | "\(.origin) \(.where) \(.value)"' <<<"$OUT")" "actor from --as"
eq "flag --db $T/other.db" "$(jq -r '.[] | select(.key == "db") | "\(.origin) \(.where) \(.value)"' <<<"$OUT")" "db from --db"
expect_ok config get calendar.hours
eq "10:00-19:00" "$OUT" "config get prints the value alone"
expect_ok config get desk.name
eq "" "$OUT" "an unset name prints nothing"

# --- the system-wide file, then the user's ------------------------------------
mkdir -p "$XDG_CONFIG_DIRS/sd" "$T/site/sd"
printf '[calendar]\nzone = Europe/Paris\nhours = 09:00-17:00\n' >"$XDG_CONFIG_DIRS/sd/config"
printf '[calendar]\nzone = America/New_York\n[desk]\nname = Site desk\n' >"$T/site/sd/config"
mkdir -p "$(dirname "$USER_CFG")"
printf '# my settings\n[calendar]\n; where I work\nzone = Asia/Tokyo\n\n[report]\ncsv_bom = true\n' >"$USER_CFG"
# The first directory of XDG_CONFIG_DIRS wins over the later ones; a
# relative one is ignored.
XDG_CONFIG_DIRS="$T/site:relative:$XDG_CONFIG_DIRS" expect_ok config show --json
eq "user $USER_CFG:4 Asia/Tokyo" "$(jq -r '.[] | select(.key == "calendar.zone") | "\(.origin) \(.where) \(.value)"' <<<"$OUT")" "the user's file wins"
eq "system $XDG_CONFIG_DIRS/sd/config:3 09:00-17:00" "$(jq -r '.[] | select(.key == "calendar.hours") | "\(.origin) \(.where) \(.value)"' <<<"$OUT")" "hours from the last system directory"
eq "system $T/site/sd/config:4 Site desk" "$(jq -r '.[] | select(.key == "desk.name") | "\(.origin) \(.where) \(.value)"' <<<"$OUT")" "name from the first system directory"
XDG_CONFIG_DIRS="$T/site:$XDG_CONFIG_DIRS" expect_ok config get --json calendar.workdays
eq "default mon-fri" "$(jq -r '"\(.origin) \(.value)"' <<<"$OUT")" "config get --json"
SD_CONFIG="$T/named.conf" expect_error 78 "config: cannot read $T/named.conf" config show
printf '[desk]\nname = Named\n' >"$T/named.conf"
SD_CONFIG="$T/named.conf" expect_ok config show --json
eq "env SD_CONFIG $T/named.conf" "$(jq -r '.[] | select(.key == "config") | "\(.origin) \(.where) \(.value)"' <<<"$OUT")" "config from SD_CONFIG"
eq "user $T/named.conf:2 Named" "$(jq -r '.[] | select(.key == "desk.name") | "\(.origin) \(.where) \(.value)"' <<<"$OUT")" "the named file is the user's"
expect_ok --config "$T/named.conf" config get desk.name
eq "Named" "$OUT" "--config names the user's file"
# A relative XDG_CONFIG_HOME is ignored: ~/.config is used.
mkdir -p "$HOME/.config/sd"
printf '[desk]\nname = Home\n' >"$HOME/.config/sd/config"
XDG_CONFIG_HOME=relative expect_ok config get desk.name
eq "Home" "$OUT" "relative XDG_CONFIG_HOME ignored"

# --- config set -----------------------------------------------------------------
expect_ok config set calendar.zone Europe/Berlin
contains "Set calendar.zone = Europe/Berlin in $USER_CFG:4" "$OUT"
eq "$(printf '# my settings\n[calendar]\n; where I work\nzone = Europe/Berlin\n\n[report]\ncsv_bom = true')" "$(cat "$USER_CFG")" "set replaces the line, keeps the rest"
expect_ok config set --json calendar.hours 08:30-17:30
eq "user $USER_CFG:5 08:30-17:30" "$(jq -r '"\(.origin) \(.where) \(.value)"' <<<"$OUT")" "set --json returns the setting"
expect_ok config set desk.name "ACME サポート"
eq "$(printf '# my settings\n[calendar]\n; where I work\nzone = Europe/Berlin\nhours = 08:30-17:30\n\n[report]\ncsv_bom = true\n\n[desk]\nname = ACME サポート')" "$(cat "$USER_CFG")" "a new key and section"
expect_ok config get desk.name
eq "ACME サポート" "$OUT" "get after set"
chmod 600 "$USER_CFG"
expect_ok config set calendar.closed "12-29..01-03 年末年始"
eq "600" "$(stat -c %a "$USER_CFG")" "the file keeps its mode"
# A config kept as a link: the file it points to is edited, the link stays.
mv "$USER_CFG" "$T/dotfile"
ln -s "$T/dotfile" "$USER_CFG"
expect_ok config set incident.refire new
[ -L "$USER_CFG" ] && ok || fail "the link was replaced"
contains "refire = new" "$(cat "$T/dotfile")" "the linked file"
# --config: that file is edited (and made, with its directory).
expect_ok --config "$T/new/dir/sd.conf" config set requests.urgent_target_minutes 90
eq "$(printf '[requests]\nurgent_target_minutes = 90')" "$(cat "$T/new/dir/sd.conf")" "a new file"

# --- errors: one line, nothing written ------------------------------------------
before=$(cat "$T/dotfile")
expect_error 65 "^sd: KEY: 'calendar.colour' is not a setting; use config, db, pg_schema, actor, share_dir, alerts.max_payload_bytes" config get calendar.colour
expect_error 65 "^sd: KEY: 'calendar.colour' is not a setting" config set calendar.colour blue
expect_error 65 "^sd: KEY: 'db' is not kept in the config file; set it with --db or SD_DB$" config set db /tmp/x.db
expect_error 65 "^sd: calendar.hours: the end must come after the start$" config set calendar.hours 19:00-10:00
expect_error 65 "^sd: calendar.zone: unknown time zone 'Mars/Olympus'" config set calendar.zone Mars/Olympus
expect_error 65 "^sd: report.csv_bom: 'yes' is not allowed; use true or false$" config set report.csv_bom yes
expect_error 65 "^sd: requests.urgent_target_minutes: '0' is not allowed; use a whole number from 1 to 10080$" config set requests.urgent_target_minutes 0
expect_error 65 "^sd: VALUE: desk.name: a value is one line$" config set desk.name "$(printf 'a\nb')"
expect_exit 64 config set calendar.zone
expect_exit 64 config get
eq "$before" "$(cat "$T/dotfile")" "refused sets wrote nothing"
# A broken file is refused, not made worse.
printf '[calendar]\nzone = Asia/Tokyo\ncolour = blue\n' >"$T/broken.conf"
expect_error 78 "^sd: $T/broken.conf:3: unknown key 'colour'" --config "$T/broken.conf" config set desk.name X
eq "$(printf '[calendar]\nzone = Asia/Tokyo\ncolour = blue')" "$(cat "$T/broken.conf")" "broken file untouched"
expect_error 78 "^sd: $T/broken.conf:3: unknown key 'colour'" --config "$T/broken.conf" config show

# --- the data directory ---------------------------------------------------------
rm -f "$USER_CFG"
expect_ok init
expect_ok customer add ACME --name Acme
SD_SHARE_DIR="$T/nowhere" expect_error 78 "catalog: cannot read $T/nowhere/catalog.json" catalog list
expect_ok config get share_dir
[ -f "$OUT/catalog.json" ] && ok || fail "share_dir $OUT has no catalog.json"
# A copy of the program away from its data: no path of the build is tried.
cp "$SD" "$T/sd-alone"
SD="$T/sd-alone" expect_error 78 "^sd: sd's data directory \(catalog.json, templates\) was not found beside the program; set SD_SHARE_DIR to it$" catalog list
SD="$T/sd-alone" expect_error 78 "SD_SHARE_DIR" request new --customer ACME --type backup --field op=add --field host=web01
# Commands that need no catalog run without it.
SD="$T/sd-alone" expect_ok customer list --json
eq "ACME" "$(jq -r '.[0].key' <<<"$OUT")" "customer list without the data directory"
SD="$T/sd-alone" expect_ok config show --json
eq "null" "$(jq -r '.[] | select(.key == "share_dir") | .value' <<<"$OUT")" "no data directory: null"
eq "null" "$(jq -r '.[] | select(.key == "catalog.path") | .value' <<<"$OUT")" "no shipped catalog: null"
SD="$T/sd-alone" expect_ok --version
SD="$T/sd-alone" SD_SHARE_DIR="$SD_SOURCE_DIR/share/sd" expect_ok catalog list --json
eq "env SD_SHARE_DIR" "$(SD_SHARE_DIR=/x "$T/sd-alone" config show --json | jq -r '.[] | select(.key == "share_dir") | "\(.origin) \(.where)"')" "share_dir from SD_SHARE_DIR"
finish
