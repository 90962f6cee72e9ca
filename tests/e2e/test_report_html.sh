#!/usr/bin/env bash
# sd report service --format html, looked at in a real browser: a month of
# requests and incidents is recorded through sd, the report is rendered by
# headless Chromium, and the screenshot must show a page with its charts.
# The browser is $CHROMIUM, else chromium on PATH (scripts/deps.sh installs
# it); without one the suite exits 77 (skipped).
. "$(dirname "$0")/lib.sh"
need python3
CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
[ -n "$CHROMIUM" ] || need chromium

# --- November 2026 for ACME (all times JST)
SD_NOW=2026-11-01T09:00:00+09:00 expect_ok init
SD_NOW=2026-11-01T09:00:00+09:00 expect_ok customer add ACME --name "Acme 株式会社" --plan advanced
# at: SD_NOW for one command, as a local time in November.
at() { local when=$1; shift; SD_NOW="2026-11-${when}:00+09:00" "$@"; }

# Monday 2: a backup, done the same afternoon (met).
at 02T10:00 expect_ok request new --customer ACME --type backup --field op=add --field host=web01 --title "web01 日次バックアップ追加"
at 02T11:00 expect_ok request start ACME-1 -m 着手
at 02T15:00 expect_ok request resolve ACME-1 -m 完了
# Thursday 5: a restart, resolved the next day after its 1-day SLO (missed).
at 05T10:00 expect_ok request new --customer ACME --type server-power --field op=restart --field host=web02
at 05T11:00 expect_ok request start ACME-2
at 06T15:00 expect_ok request resolve ACME-2 --miss-reason "担当者の割り当て漏れ"
# Monday 9: a patch (impacting, 5 days), done on Thursday (met).
at 09T10:00 expect_ok request new --customer ACME --type patch --field host=db01 --field target=PostgreSQL --field patch=15.8
at 10T10:00 expect_ok request start ACME-3
at 12T16:00 expect_ok request resolve ACME-3 -m "適用完了"
# Monday 16: a restore, done the same day (met).
at 16T10:00 expect_ok request new --customer ACME --type restore --field host=web02 --field snapshot=snap-1
at 16T10:30 expect_ok request start ACME-4
at 16T13:00 expect_ok request resolve ACME-4
# Wednesday 18: a consultation, done in time (met).
at 18T10:00 expect_ok request new --customer ACME --type consultation --field content="DR 構成の相談"
at 19T10:00 expect_ok request start ACME-5
at 20T17:00 expect_ok request resolve ACME-5

# Incidents: notified in 8 minutes, in 25 minutes (SLO missed), and one
# without service impact notified in 40 minutes. A service-impacting one is
# notified by a Backlog post and an answered call (white paper 4.2.2).
SD_NOW=2026-11-01T09:00:00+09:00 expect_ok contact add ACME --name 田中 --phone 03-1111-1111
at 10T10:00 expect_ok incident open --customer ACME --impact yes --host web01 --title "web01 応答遅延"
at 10T10:06 expect_ok incident notify ACME-6 --via phone --contact 1 --result answered
at 10T10:08 expect_ok incident notify ACME-6 --via backlog -m "障害発生のご連絡"
at 20T10:00 expect_ok incident open --customer ACME --impact yes --host db01 --title "db01 接続エラー"
at 20T10:25 expect_ok incident notify ACME-7 --via backlog -m "障害発生のご連絡"
at 20T10:25 expect_ok incident notify ACME-7 --via phone --contact 1 --result answered
at 24T10:00 expect_ok incident open --customer ACME --impact no --host web02 --title "web02 片系停止 (フェイルオーバー済)"
at 24T10:40 expect_ok incident notify ACME-8 --via backlog -m "障害発生のご連絡"

# --- the report
SD_NOW=2026-12-01T09:00:00+09:00 run report service --customer ACME --month 2026-11 --format html
if [ "$RC" -ne 0 ]; then
  fail "sd report service exited $RC: $ERR"
  finish
  exit 1
fi
ok
printf '%s\n' "$OUT" > "$T/r.html"
contains "Acme 株式会社" "$OUT" "the report"

# Self-contained: three charts with bars, nothing to run, nothing to fetch.
python3 - "$T/r.html" <<'EOF' || fail "the HTML is not a self-contained page with three bar charts"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
problems = []
charts = re.findall(r"<svg\b.*?</svg>", html, re.S)
if len(charts) != 3:
    problems.append(f"{len(charts)} <svg> charts, wanted 3")
for i, svg in enumerate(charts):
    if "<rect" not in svg:
        problems.append(f"chart {i + 1} has no <rect> bars")
if re.search(r"<script", html, re.I):
    problems.append("has a <script>")
# Text is escaped, so a "<" starts a real tag: no tag may load anything.
for m in re.finditer(r"<[^>]*\s(?:src|href|xlink:href)\s*=[^>]*>|url\(|@import|@font-face", html, re.I):
    problems.append(f"loads something: {m.group(0)[:80]!r}")
if re.search(r"https?://", html, re.I):
    problems.append("refers to the network")
if '<meta charset="utf-8">' not in html:
    problems.append("no <meta charset>")
if not re.search(r'<html[^>]*\blang="ja"', html):
    problems.append('no lang="ja"')
for p in problems:
    print("report html:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
ok

chrome() {
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$T/chrome" "$@" "file://$T/r.html"
}

# The DOM as the browser built it names the customer and holds the charts.
DOM=$(chrome --dump-dom 2>"$T/chrome-dom.err"); rc=$?
if [ "$rc" -ne 0 ]; then
  fail "chromium --dump-dom exited $rc: $(tail -3 "$T/chrome-dom.err")"
else
  contains "Acme 株式会社" "$DOM" "the rendered DOM"
  eq 3 "$(grep -o '<svg' <<<"$DOM" | wc -l | tr -d ' ')" "charts in the rendered DOM"
fi

# The screenshot is a page, not a blank: enough ink and some colour (the bars).
chrome --screenshot="$T/shot.png" --window-size=1200,2400 >"$T/chrome-shot.out" 2>&1; rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$T/shot.png" ]; then
  fail "chromium --screenshot exited $rc: $(tail -3 "$T/chrome-shot.out")"
else
  ok
  python3 - "$T/shot.png" <<'EOF' || fail "the screenshot looks blank or has no charts"
import struct, sys, zlib

def decode(path):
    """8-bit RGB or RGBA PNG (what Chromium writes) -> width, height, channels, rows."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace != 0:
                raise SystemExit(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 0xFF
            elif f == 2:
                line[x] = (line[x] + b) & 0xFF
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
            elif f != 0:
                raise SystemExit(f"bad PNG filter {f}")
        rows.append(line)
        prev = line
    return width, height, channels, rows

width, height, channels, rows = decode(sys.argv[1])
total = ink = colourful = 0
colours = set()
for line in rows:
    for x in range(0, width * channels, channels):
        r, g, b = line[x], line[x + 1], line[x + 2]
        total += 1
        if min(r, g, b) < 240:
            ink += 1
        if max(r, g, b) - min(r, g, b) > 80:
            colourful += 1
        colours.add((r >> 3, g >> 3, b >> 3))
print(f"screenshot {width}x{height}: {100 * ink / total:.1f}% non-white, "
      f"{100 * colourful / total:.2f}% saturated, {len(colours)} colours")
problems = []
if (width, height) != (1200, 2400):
    problems.append(f"size {width}x{height}, wanted 1200x2400")
if ink < 0.02 * total:
    problems.append("less than 2% of the pixels are not white")
if colourful < 0.005 * total:
    problems.append("almost no coloured pixels: the chart bars are missing")
if len(colours) < 16:
    problems.append(f"only {len(colours)} distinct colours")
for p in problems:
    print("screenshot:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
fi

finish
