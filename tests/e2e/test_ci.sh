#!/usr/bin/env bash
# Configuration items end to end: a CI tree elb → web01 and web02 → rds01
# (elb depends on both web servers, both depend on rds01); an incident on
# host rds01 shows its CI (and counts under it in `sd problem trends`);
# `sd ci impact rds01` lists web01, web02 (depth 1)
# and elb (depth 2); an edit of rds01's version shows in `sd ci show` with
# its history (who, when, before → after, why) and in `sd log rds01`; the
# graph is DOT and JSON; alert intake places an alert whose host is only a
# CI with the CI's customer, and a registered host wins over a CI of the
# same name. Every bad input (unknown CI or customer, bad name, type,
# status, location or relation, a duplicate name or link, a self-link, a
# link across customers, a cycle) exits non-zero with one line naming the
# field, and leaves the store as it was. `sd db check` reports a self-link
# and a cycle written past sd. Runs on both stores (store_sql edits the store
# behind sd's back).
. "$(dirname "$0")/lib.sh"
need jq
[ "$SD_BACKEND" = postgresql ] || need sqlite3
expect_ok init
expect_ok customer add ACME --name "Acme 株式会社"
expect_ok customer add BETA --name "Beta"
expect_ok contact add ACME --name 田中 --phone 03-1111-1111

# ---- add, list ---------------------------------------------------------------------
expect_ok ci add rds01 --customer ACME --type rds --version 15.3 --location ap-northeast-1/ap-northeast-1a \
  --component EC-site --description "注文 DB" --json
eq "rds01 ACME rds active 15.3 ap-northeast-1/ap-northeast-1a EC-site" \
  "$(jq -r '"\(.name) \(.customer) \(.type) \(.status) \(.version) \(.location) \(.component)"' <<<"$OUT")" "add --json"
expect_ok ci add web01 --customer ACME --type ec2
eq "web01" "$OUT" "add prints the name"
expect_ok ci add web02 --customer ACME --type ec2 --status maintenance
expect_ok ci add elb --customer ACME --type alb
expect_ok ci add beta-db --customer BETA --type rds --location us-east-1
expect_ok ci list --json
eq "elb rds01 web01 web02 beta-db" "$(jq -r 'map(.name) | join(" ")' <<<"$OUT")" "list: by customer, then name"
eq "null" "$(jq -r '.[] | select(.name == "web01") | .version' <<<"$OUT")" "an absent version is null"
expect_ok ci list --customer ACME --type ec2 --json
eq "web01 web02" "$(jq -r 'map(.name) | join(" ")' <<<"$OUT")" "list --customer --type"
expect_ok ci list --status maintenance --jsonl
eq "web02" "$(jq -r .name <<<"$OUT")" "list --status, JSON lines"
expect_ok ci list --customer ACME
contains "NAME" "$(head -n 1 <<<"$OUT")" "list: a table with headers"
eq 5 "$(wc -l <<<"$OUT")" "list: four CIs and the headers"

# ---- link ---------------------------------------------------------------------------
expect_ok ci link elb depends-on web01
eq "elb depends-on web01" "$OUT" "link prints the link"
expect_ok ci link elb depends-on web02
expect_ok ci link web01 depends-on rds01 --json
eq "web01 depends-on rds01 ACME" "$(jq -r '"\(.from) \(.relation) \(.to) \(.customer)"' <<<"$OUT")" "link --json"
expect_ok ci link web02 depends-on rds01

# ---- an incident on rds01, and what its failure impacts ----------------------------
expect_ok incident open --customer ACME --host rds01 --title "rds01 停止" --json
inc=$(jq -r .key <<<"$OUT")
expect_ok incident show "$inc" --json
eq "rds01 rds ACME" "$(jq -r '"\(.ci.name) \(.ci.type) \(.ci.customer)"' <<<"$OUT")" "incident show --json: its ci"
expect_ok incident show "$inc"
contains "ci:           rds01  rds, active, version 15.3" "$OUT" "incident show names its CI"
expect_ok incident open --customer ACME --host db99 --title "db99" --json
expect_ok incident show "$(jq -r .key <<<"$OUT")" --json
eq "null" "$(jq -r .ci <<<"$OUT")" "a host that is no CI: ci is null"
# A CI of another customer is not this ticket's CI.
expect_ok incident open --customer ACME --host beta-db --title "beta-db" --json
expect_ok incident show "$(jq -r .key <<<"$OUT")" --json
eq "null" "$(jq -r .ci <<<"$OUT")" "another customer's CI is not the ticket's"
# Problem trends count incidents by the CI their host names, by the same rule:
# rds01 is ACME's CI; db99 is no CI, and beta-db is another customer's.
expect_ok problem trends --from 2026-11-01 --to 2026-12-31 --json
eq "rds01:1" "$(jq -r '[.groups.ci[] | "\(.value):\(.incidents)"] | join(" ")' <<<"$OUT")" "trends by CI"
expect_ok problem trends --from 2026-11-01 --to 2026-12-31
contains $'by ci:\n  1  rds01' "$OUT" "trends by CI, as text"

expect_ok ci impact rds01 --json
eq "web01:1 web02:1 elb:2" "$(jq -r 'map("\(.name):\(.depth)") | join(" ")' <<<"$OUT")" "impact: nearest first"
eq "elb web01 rds01" "$(jq -r '.[] | select(.name == "elb") | .path | join(" ")' <<<"$OUT")" "impact: elb's path"
eq "depends-on depends-on" "$(jq -r '.[] | select(.name == "elb") | .relations | join(" ")' <<<"$OUT")" "impact: relations"
expect_ok ci impact rds01
contains "elb → web01 → rds01" "$OUT" "impact: the path, as text"
expect_ok ci impact elb --json
eq "0" "$(jq length <<<"$OUT")" "nothing depends on elb"

# ---- a request on rds01 shows it too ----------------------------------------------
expect_ok request new --customer ACME --type backup --field op=add --field host=rds01 --title "rds01 backup" --json
req=$(jq -r .key <<<"$OUT")
expect_ok request show "$req" --json
eq "rds01" "$(jq -r .ci.name <<<"$OUT")" "request show --json: its ci"
expect_ok request show "$req"
contains "ci:         rds01  rds, active" "$OUT" "request show names its CI"

# ---- edit, show, history -----------------------------------------------------------
SD_NOW=2026-12-01T11:00:00+09:00 SD_ACTOR=suzuki expect_ok ci edit rds01 --version 15.4 -m "minor upgrade"
contains "version:     15.4" "$OUT" "edit prints the CI"
expect_ok ci show rds01 --json
eq "15.4" "$(jq -r .version <<<"$OUT")" "show: the new version"
eq "15.3 15.4 suzuki minor upgrade 2026-12-01T11:00:00+09:00" \
  "$(jq -r '[.history[] | select(.attribute == "version")] | last | "\(.before) \(.after) \(.actor) \(.why) \(.at)"' <<<"$OUT")" \
  "show: the version's history, before → after"
eq "null 15.3 tester" \
  "$(jq -r '[.history[] | select(.attribute == "version")] | first | "\(.before) \(.after) \(.actor)"' <<<"$OUT")" \
  "show: the version it was added with"
eq "web01 web02" "$(jq -r '.links_in | map(.from) | join(" ")' <<<"$OUT")" "show: links in"
eq "0" "$(jq -r '.links_out | length' <<<"$OUT")" "show: no links out"
expect_ok ci show rds01
contains "version:     15.4" "$OUT" "show text: version"
contains "15.3 → 15.4  (minor upgrade)" "$OUT" "show text: history"
contains "web01 depends-on rds01" "$OUT" "show text: linked from"
# An edit that sets what is already there writes nothing.
before=$(store_sql "SELECT count(*) FROM audit")
expect_ok ci edit rds01 --version 15.4
eq "$before" "$(store_sql "SELECT count(*) FROM audit")" "an edit that changes nothing is not logged"
expect_ok ci edit web02 --status active --description ""
expect_ok ci show web02 --json
eq "active null" "$(jq -r '"\(.status) \(.description)"' <<<"$OUT")" "edit: status, and an empty value"

# ---- sd log NAME ---------------------------------------------------------------------
expect_ok log rds01 --json
eq "ci.add ci.edit" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "log NAME: the CI's own entries"
eq "ci/rds01" "$(jq -r '.[0].entity' <<<"$OUT")" "log: the entity is ci/NAME"
expect_ok log ci/web01 --json
eq "ci.add ci.link" "$(jq -r 'map(.action) | join(" ")' <<<"$OUT")" "log ci/NAME: a link is logged under its first CI"

expect_unchanged 66 "^sd: KEY: no CI named web0, and it is no customer key" log web0
expect_unchanged 66 "no CI named nosuch" log ci/nosuch

# ---- graph ---------------------------------------------------------------------------
expect_ok ci graph --customer ACME
contains 'digraph "sd" {' "$OUT" "graph: DOT"
contains '"elb" -> "web01" [label="depends-on"];' "$OUT" "graph: an edge, quoted"
contains 'subgraph "cluster_ACME"' "$OUT" "graph: a cluster per customer"
eq "}" "$(tail -n 1 <<<"$OUT")" "graph: closed"
expect_ok ci graph --format json
eq "5 4" "$(jq -r '"\(.nodes | length) \(.edges | length)"' <<<"$OUT")" "graph json: nodes and edges"
expect_ok ci graph --customer BETA --json
eq "1 0" "$(jq -r '"\(.nodes | length) \(.edges | length)"' <<<"$OUT")" "graph --json of one customer"

# ---- unlink ------------------------------------------------------------------------
expect_ok ci link elb runs-on web01
expect_ok ci unlink elb runs-on web01
eq "elb runs-on web01 removed" "$OUT" "unlink"
expect_unchanged 66 "^sd: TO: no link elb runs-on web01" ci unlink elb runs-on web01

# ---- errors: one line naming the field, nothing changed ------------------------------
expect_unchanged 66 "^sd: NAME: no CI named nosuch" ci show nosuch
expect_unchanged 66 "^sd: NAME: no CI named nosuch" ci edit nosuch --version 1
expect_unchanged 66 "^sd: NAME: no CI named nosuch" ci impact nosuch
expect_unchanged 66 "^sd: FROM: no CI named nosuch" ci link nosuch depends-on rds01
expect_unchanged 66 "^sd: TO: no CI named nosuch" ci link web01 depends-on nosuch
expect_unchanged 66 "^sd: --customer: no customer NOPE" ci add x1 --customer NOPE --type ec2
expect_unchanged 65 "^sd: --customer: .*not allowed" ci add x1 --customer nope --type ec2
expect_unchanged 66 "^sd: --customer: no customer NOPE" ci list --customer NOPE
expect_unchanged 66 "^sd: --customer: no customer NOPE" ci graph --customer NOPE
expect_unchanged 65 "^sd: --type: 'mainframe' is not allowed; use ec2, rds" ci add x1 --customer ACME --type mainframe
expect_unchanged 65 "^sd: --type: 'mainframe' is not allowed" ci edit rds01 --type mainframe
expect_unchanged 65 "^sd: --status: 'broken' is not allowed; use planned, active, maintenance or retired" \
  ci add x1 --customer ACME --type ec2 --status broken
expect_unchanged 65 "^sd: --location: 'tokyo' is not a location" ci add x1 --customer ACME --type ec2 --location tokyo
expect_unchanged 65 "^sd: --location: 'ap-northeast-1/us-east-1a' is not a location" \
  ci edit rds01 --location ap-northeast-1/us-east-1a
expect_unchanged 65 "^sd: RELATION: 'uses' is not allowed; use depends-on, runs-on or part-of" ci link elb uses rds01
expect_unchanged 65 "^sd: NAME: 'web 03' is not a CI name" ci add "web 03" --customer ACME --type ec2
expect_unchanged 65 "^sd: NAME: '.web' is not a CI name" ci add .web --customer ACME --type ec2
expect_unchanged 65 "^sd: NAME: 'wéb' is not a CI name" ci add wéb --customer ACME --type ec2
expect_unchanged 65 "^sd: NAME: rds01 already exists \(a CI of ACME\)" ci add rds01 --customer BETA --type rds
expect_unchanged 65 "^sd: TO: a CI cannot be linked to itself" ci link rds01 depends-on rds01
expect_unchanged 65 "^sd: TO: elb depends-on web01 is already recorded" ci link elb depends-on web01
expect_unchanged 65 "^sd: TO: beta-db is a CI of BETA and web01 of ACME: links join CIs of one customer" \
  ci link web01 depends-on beta-db
expect_unchanged 65 "^sd: TO: rds01 part-of elb would close a cycle \(rds01 → elb → web01 → rds01\)" \
  ci link rds01 part-of elb
expect_unchanged 65 "^sd: --description: must be one line" ci edit rds01 --description $'a\nb'
expect_unchanged 64 "nothing to change" ci edit rds01
expect_unchanged 64 "" ci add x1 --customer ACME
expect_unchanged 65 "^sd: --format: 'svg' is not allowed; use dot or json" ci graph --format svg

# ---- alert intake: a CI's customer places its alerts -------------------------------
payload='{"id":"rds01-cpu","status":"firing","title":"CPU high on rds01","host":"rds01","check":"cpu","severity":"critical"}'
expect_ok alert ingest --format generic --json <<<"$payload"
eq "opened ACME" "$(jq -r '.alerts[0] | "\(.action) \(.key | split("-")[0])"' <<<"$OUT")" "an alert on a CI goes to its customer"
# A registered host comes first: beta-db registered to ACME goes to ACME.
expect_ok customer host add ACME beta-db
payload='{"id":"beta-db-cpu","status":"firing","title":"CPU high","host":"beta-db","check":"cpu","severity":"critical"}'
expect_ok alert ingest --format generic --json <<<"$payload"
eq "ACME" "$(jq -r '.alerts[0].key | split("-")[0]' <<<"$OUT")" "a registered host wins over a CI of that name"
payload='{"id":"ghost-cpu","status":"firing","title":"CPU high","host":"ghost01","check":"cpu","severity":"critical"}'
expect_exit 65 alert ingest --format generic <<<"$payload"
expect_ok alert inbox --json
contains "belongs to no customer and is no CI" "$(jq -r '.[0].reason' <<<"$OUT")" "unplaced: why"

# ---- sd db check: links written past sd -----------------------------------------------
expect_ok db check
# The store refuses a self-link itself (a CHECK constraint): turn it off as
# a hand-edit of the store would (SQLite: ignore_check_constraints; PostgreSQL:
# the constraint dropped).
if [ "$SD_BACKEND" = postgresql ]; then
  store_sql "DO \$\$ DECLARE c text; BEGIN
    FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'ci_links'::regclass AND contype = 'c'
      AND pg_get_constraintdef(oid) LIKE '%from_id <> to_id%' LOOP
      EXECUTE format('ALTER TABLE ci_links DROP CONSTRAINT %I', c); END LOOP; END \$\$" >/dev/null
  pragma=""
else
  pragma="PRAGMA ignore_check_constraints = ON;"
fi
store_sql "$pragma
  INSERT INTO ci_links (from_id, relation, to_id, created_at)
    SELECT id, 'runs-on', id, 1796000000 FROM config_items WHERE name = 'web01';
  INSERT INTO ci_links (from_id, relation, to_id, created_at)
    SELECT a.id, 'part-of', b.id, 1796000000 FROM config_items a, config_items b WHERE a.name = 'rds01' AND b.name = 'elb';"
expect_exit 1 db check --json
eq "2" "$(jq '[.problems[] | select(.check == "config_item")] | length' <<<"$OUT")" "db check: two bad links"
contains "links a CI to itself" "$(jq -r '.problems[] | select(.check == "config_item") | .detail' <<<"$OUT")" "self-link"
contains "closes a cycle" "$(jq -r '.problems[] | select(.check == "config_item") | .detail' <<<"$OUT")" "cycle"

finish
