#!/usr/bin/env python3
"""The side-by-side benchmark (bench/README.md, "Side by side"): sd against
the bare sqlite3 shell on sd's own store, and against Taskwarrior 2.6.

Run it through bench/compare.sh, which checks the tools and says the usage.
Everything is read from the environment compare.sh passes on:

  SD, GEN_STORE   the binaries; SOURCE: the source tree (for the commit)
  SIZES           requests per store, e.g. "10000 100000 1000000"
  RUNS            measured runs of each pair (default 7)
  RUNS_LONG       runs of a pair whose warm-up took over LONG_SECONDS (3)
  TW_MAX          largest size Taskwarrior is measured at (100000)
  BYTES_RUNS      tickets added to measure bytes per ticket (200)
  BENCH_DIR       where stores are kept (default /tmp/sd-bench)
  OUT             the report (default bench/RESULTS.md)
  NOTE            a paragraph put at the top of the report

Each pair runs interleaved after one warm-up run of each: A B A B ... The
wall time is the median of the runs; the ratio is the median of the
per-pair ratios A_i / B_i; peak memory is the largest maximum resident set
(getrusage of the child, as GNU time's %M) over the runs.
"""

import datetime
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

E = os.environ
SD = E["SD"]
GEN_STORE = E["GEN_STORE"]
SOURCE = E.get("SOURCE", ".")
SIZES = [int(s) for s in E.get("SIZES", "10000 100000 1000000").split()]
RUNS = int(E.get("RUNS", "7"))
RUNS_LONG = int(E.get("RUNS_LONG", "3"))
LONG_SECONDS = float(E.get("LONG_SECONDS", "2"))
TW_MAX = int(E.get("TW_MAX", "100000"))
BYTES_RUNS = int(E.get("BYTES_RUNS", "200"))
BENCH_DIR = os.path.abspath(E.get("BENCH_DIR", "/tmp/sd-bench"))
OUT = E.get("OUT", os.path.join(SOURCE, "bench", "RESULTS.md"))
NOTE = E.get("NOTE", "")
TASK = shutil.which("task")
SQLITE3 = shutil.which("sqlite3")
TIME = E.get("GNU_TIME", "/usr/bin/time")

# The desk's defaults (no config file), a fixed "now" equal to the
# generator's --end at noon, and a fixed customer for the one-customer
# commands (C07: about 5 % of the requests).
NOW_ISO = "2026-11-30T12:00:00+09:00"
NOW = int(datetime.datetime.fromisoformat(NOW_ISO).timestamp())
TZ = datetime.timezone(datetime.timedelta(hours=9))  # Asia/Tokyo, the default desk zone
YEAR = 2025
YEAR_FROM = int(datetime.datetime(YEAR, 1, 1, tzinfo=TZ).timestamp())
YEAR_TO = int(datetime.datetime(YEAR + 1, 1, 1, tzinfo=TZ).timestamp())
CUSTOMER = "C07"
# IncidentPolicy's defaults, in seconds: first notice SLO 15 min impacting,
# 60 min otherwise, SLA 30 min.
SLO_IMP, SLO_NOT, SLA = 15 * 60, 60 * 60, 30 * 60
GEN_ARGS = "--customers 40 --years 5 --end 2026-11-30 --seed 1 --audit"

work = os.path.join(BENCH_DIR, "compare")
os.makedirs(work, exist_ok=True)
conf = tempfile.mkdtemp(prefix="sd-compare-")
ENV = dict(E)
for k in ("SD_CONFIG", "SD_DB", "TASKRC", "TASKDATA"):
    ENV.pop(k, None)
ENV.update(XDG_CONFIG_HOME=conf, XDG_DATA_HOME=conf, SD_NOW=NOW_ISO, LC_ALL="C.UTF-8", TZ="Asia/Tokyo")


def log(*a):
    print("compare:", *a, file=sys.stderr, flush=True)


# ---- running a command ----------------------------------------------------------

class Failed(Exception):
    pass


def run_once(argv, env=ENV, ok=(0,), memory=False):
    """Wall and CPU (user + system) seconds of one run, output to
    /dev/null; with `memory`, the peak
    resident set (KiB) instead, from GNU time's %M: a child forked from
    this Python process would count the parent's pages it had before exec."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        if memory:
            argv = [TIME, "-f", "%M", "-o", rss.name, *argv]
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        t1 = time.perf_counter()
        code = p.returncode = os.waitstatus_to_exitcode(status)
        if memory:
            # The last word: a failing command's status line comes first.
            words = rss.read().split()
            kib = int(words[-1]) if words and words[-1].isdigit() else 0
        if code not in ok:
            err.seek(0)
            msg = err.read().decode(errors="replace").strip().splitlines()
            msg = [m for m in msg if not m.startswith("Command exited with non-zero status")]
            raise Failed(f"{' '.join(os.path.basename(a) if i == 0 else a for i, a in enumerate(argv[:5]))}"
                         f"... exited {code}: {msg[0] if msg else ''}")
    return kib if memory else (t1 - t0, ru.ru_utime + ru.ru_stime)


def pair(a, b, runs=None):
    """a, b: dicts with argv (and optionally env, ok). Runs each once to
    warm up, then A B A B ..., then each once more under GNU time for its
    peak memory."""
    def one(x, memory=False):
        return run_once(x["argv"], x.get("env", ENV), x.get("ok", (0,)), memory)
    wa, wb = one(a), one(b)
    n = runs or (min(RUNS, RUNS_LONG) if wa[0] + wb[0] > LONG_SECONDS else RUNS)
    ta, tb = [], []
    for _ in range(n):
        ta.append(one(a))
        tb.append(one(b))
    wall_a, wall_b = [x[0] for x in ta], [x[0] for x in tb]
    cpu_a, cpu_b = [x[1] for x in ta], [x[1] for x in tb]
    return {
        "runs": n,
        "a_s": statistics.median(wall_a), "b_s": statistics.median(wall_b),
        "a_kib": one(a, True), "b_kib": one(b, True),
        "ratio": statistics.median(x / y for x, y in zip(wall_a, wall_b)),
        "a_min": min(wall_a), "a_max": max(wall_a), "b_min": min(wall_b), "b_max": max(wall_b),
        "a_cpu": statistics.median(cpu_a), "b_cpu": statistics.median(cpu_b),
        "cpu_ratio": statistics.median(x / max(y, 1e-4) for x, y in zip(cpu_a, cpu_b)),
    }


# ---- stores ---------------------------------------------------------------------

def store_for(n):
    """The generated store of n requests and n/10 incidents, from the cache
    when it was made with the same arguments. Returns (path, seconds the
    generation took)."""
    db = os.path.join(work, f"sd-{n}.db")
    args = f"--requests {n} --incidents {n // 10} {GEN_ARGS}"
    # The generator's own bytes too: a library change (schema, audit rows)
    # rebuilds it, and the store must then be written again.
    with open(GEN_STORE, "rb") as f:
        ident = f"{args} (gen_store {hashlib.sha1(f.read()).hexdigest()[:12]})"
    meta = db + ".args"
    if os.path.exists(db) and os.path.exists(meta):
        with open(meta) as f:
            lines = f.read().splitlines()
        if lines and lines[0] == ident:
            log(f"using the cached store {db}")
            return db, float(lines[1]) if len(lines) > 1 else None
    for suffix in ("", "-wal", "-shm", ".args", ".tmp"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    log(f"generating {db} (gen_store {args})")
    t0 = time.perf_counter()
    subprocess.run([GEN_STORE, "--db", db + ".tmp", *args.split()], check=True, env=ENV,
                   stderr=subprocess.DEVNULL if n < 100000 else None)
    took = time.perf_counter() - t0
    os.rename(db + ".tmp", db)
    with open(meta, "w") as f:
        f.write(f"{ident}\n{took:.1f}\n")
    return db, took


def copy_store(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    shutil.copyfile(src, dst)
    return dst


def q(s):
    return "'" + str(s).replace("'", "''") + "'"


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, bytes):
        return "X'" + v.hex() + "'"
    return q(v)


# ---- what the store holds for the commands ---------------------------------------

def facts(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    f = {}
    f["customer_id"] = c.execute("SELECT id FROM customers WHERE key = ?", (CUSTOMER,)).fetchone()[0]
    # The ticket of `show` and `log`: the customer's oldest open request
    # (open in Taskwarrior too, so it has an ID there), else its last one.
    row = c.execute("SELECT id, number FROM requests WHERE customer_id = ? AND status IN "
                    "('open', 'in-progress', 'waiting') ORDER BY id LIMIT 1", (f["customer_id"],)).fetchone()
    row = row or c.execute("SELECT id, number FROM requests WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
                           (f["customer_id"],)).fetchone()
    f["request_id"], f["number"] = row
    f["key"] = f"{CUSTOMER}-{row[1]}"
    for what, sql in {
        "requests": "SELECT count(*) FROM requests",
        "incidents": "SELECT count(*) FROM incidents",
        "audit": "SELECT count(*) FROM audit",
        "customer_requests": f"SELECT count(*) FROM requests WHERE customer_id = {f['customer_id']}",
        "customer_open": f"SELECT count(*) FROM requests WHERE customer_id = {f['customer_id']} "
                         "AND status IN ('open', 'in-progress', 'waiting')",
        "open": "SELECT count(*) FROM requests WHERE status IN ('open', 'in-progress', 'waiting')",
    }.items():
        f[what] = c.execute(sql).fetchone()[0]
    c.close()
    f["bytes"] = os.path.getsize(db)
    return f


def iso(col):
    """A column of epoch seconds as sd prints it (the desk's zone)."""
    return f"strftime('%Y-%m-%dT%H:%M:%S+09:00', {col} + 32400, 'unixepoch')"


REQUEST_JSON_COLUMNS = (
    "c.key || '-' || r.number AS key, c.key AS customer, r.number, r.type, r.tier, r.slo_days, r.title, "
    "r.priority, r.status, r.assignee, r.via, r.caller, "
    "(SELECT json_group_object(f.name, f.value) FROM request_fields f WHERE f.request_id = r.id) AS fields, "
    f"r.details, {iso('r.received_at')} AS received_at, {iso('r.clock_start')} AS clock_started_at, "
    f"{iso('r.desired_at')} AS desired_at, {iso('r.due_at')} AS due_at, {iso('r.resolved_at')} AS resolved_at, "
    f"{iso('r.closed_at')} AS closed_at, r.miss_reason, r.escalated_to, r.urgent_minutes, "
    f"{iso('r.slo_due_at')} AS slo_due_at, {iso('r.exempt_at')} AS exempt_at, r.exempt_by, r.exempt_reason, "
    f"(SELECT json_group_array(json_object('at', {iso('e.at')}, 'from', e.from_value, 'to', e.to_value)) "
    "FROM request_events e WHERE e.request_id = r.id AND e.kind = 'status') AS status_events")
# What the table of `request list` prints, and what its LEFT column needs
# (the due time and the status events that pause the clock).
REQUEST_TABLE_COLUMNS = (
    f"c.key || '-' || r.number, r.type, r.priority, r.status, r.assignee, {iso('r.due_at')}, r.clock_start, "
    "r.urgent_minutes, r.resolved_at, "
    "(SELECT group_concat(e.at || ' ' || e.to_value, ',') FROM request_events e "
    "WHERE e.request_id = r.id AND e.kind = 'status'), substr(r.title, 1, 40)")
ORDER = " ORDER BY r.due_at IS NULL, r.due_at, c.key, r.number"
OPEN = "r.status IN ('open', 'in-progress', 'waiting')"
REQ_COLS = ("r.id, r.customer_id, c.key, r.number, r.type, r.tier, r.slo_days, r.title, r.priority, r.status, "
            "r.assignee, r.via, r.caller, r.details, r.received_at, r.clock_start, r.desired_at, r.due_at, "
            "r.resolved_at, r.closed_at, r.miss_reason, r.created_at, r.updated_at, r.escalated_to, "
            "r.urgent_minutes, r.slo_due_at, r.exempt_at, r.exempt_by, r.exempt_reason "
            "FROM requests r JOIN customers c ON c.id = r.customer_id")
INC_COLS = "i.*, c.key FROM incidents i JOIN customers c ON c.id = i.customer_id"
INC_EVENTS = ("i.*, c.key, e.* FROM incidents i JOIN customers c ON c.id = i.customer_id "
              "LEFT JOIN incident_events e ON e.incident_id = i.id")


def shell_sql(f):
    """The bare query of each reading command: the same columns, one
    set-based statement per kind of row."""
    x, rid, now = q(CUSTOMER), f["request_id"], NOW
    met = "(r.resolved_at IS NOT NULL AND r.resolved_at <= r.due_at)"
    missed = f"(r.resolved_at > r.due_at OR (r.resolved_at IS NULL AND r.due_at < {now}))"
    overdue = f"(r.resolved_at IS NULL AND r.due_at < {now})"
    pending = f"(r.resolved_at IS NULL AND r.due_at >= {now})"
    counted = "(r.exempt_at IS NULL)"
    noted = (f"(NOT {counted} OR r.due_at > r.slo_due_at OR (r.priority = 'high' AND (r.resolved_at > r.desired_at "
             f"OR (r.resolved_at IS NULL AND r.desired_at < {now}))))")
    slo_due = f"(i.received_at + CASE WHEN i.impact = 'no' THEN {SLO_NOT} ELSE {SLO_IMP} END)"
    slo_missed = f"(i.first_notified_at > {slo_due} OR (i.first_notified_at IS NULL AND {slo_due} < {now}))"
    sla_due = f"(i.received_at + {SLA})"
    sla_missed = (f"(i.impact <> 'no' AND (i.first_notified_at > {sla_due} OR "
                  f"(i.first_notified_at IS NULL AND {sla_due} < {now})))")
    year = f"{YEAR_FROM} AND {YEAR_TO - 1}"
    sql = {}
    sql["show"] = (
        f"SELECT {REQ_COLS} WHERE c.key = {x} AND r.number = {f['number']};"
        f"SELECT name, value FROM request_fields WHERE request_id = {rid} ORDER BY position;"
        f"SELECT id, at, actor, kind, from_value, to_value, note, internal FROM request_events "
        f"WHERE request_id = {rid} ORDER BY id;")
    sql["list_open"] = (f"SELECT {REQUEST_TABLE_COLUMNS} FROM requests r JOIN customers c ON c.id = r.customer_id "
                        f"WHERE c.key = {x} AND {OPEN}{ORDER};")
    sql["list_customer"] = (f"SELECT {REQUEST_TABLE_COLUMNS} FROM requests r JOIN customers c "
                            f"ON c.id = r.customer_id WHERE c.key = {x}{ORDER};")
    sql["list_json"] = f"SELECT {REQUEST_JSON_COLUMNS} FROM requests r JOIN customers c ON c.id = r.customer_id{ORDER};"
    sql["log"] = f"SELECT id, {iso('at')}, actor, entity, action FROM audit WHERE entity = {q(f['key'])} ORDER BY id;"
    sql["slo_report"] = (
        f"SELECT r.type, count(*), sum({met}), sum({missed}), sum({overdue}), sum({pending}) "
        f"FROM requests r WHERE r.due_at BETWEEN {year} AND {counted} GROUP BY r.type;"
        f"SELECT {REQ_COLS} WHERE r.due_at BETWEEN {year} AND {noted} ORDER BY r.due_at, r.number;"
        f"SELECT i.impact, count(*), count(i.first_notified_at), sum({slo_missed}), sum({sla_missed}) "
        f"FROM incidents i WHERE i.received_at BETWEEN {year} GROUP BY i.impact;"
        # nearest-rank median and 95th percentile of the time to first notice
        "SELECT impact, d FROM (SELECT i.impact, i.first_notified_at - i.received_at AS d, "
        "row_number() OVER (PARTITION BY i.impact ORDER BY i.first_notified_at - i.received_at) AS k, "
        "count(*) OVER (PARTITION BY i.impact) AS n FROM incidents i "
        f"WHERE i.received_at BETWEEN {year} AND i.first_notified_at IS NOT NULL) "
        "WHERE k = (n + 1) / 2 OR k = (95 * n + 99) / 100;"
        f"SELECT {INC_EVENTS} WHERE i.received_at BETWEEN {year} "
        "ORDER BY i.received_at, i.number, e.id;"
        f"SELECT {REQ_COLS} WHERE r.received_at BETWEEN {year} AND r.escalated_to != '' "
        "ORDER BY r.received_at, r.number;")
    sql["slo_metrics"] = (
        f"SELECT c.key, r.tier, r.type, sum({OPEN}), sum({overdue}), sum({met} AND {counted}), "
        f"sum(r.resolved_at > r.due_at AND {counted}) FROM requests r JOIN customers c ON c.id = r.customer_id "
        "GROUP BY r.customer_id, r.tier, r.type ORDER BY c.key, r.tier, r.type;"
        f"SELECT c.key, i.impact, sum(i.status IN ('open', 'recovered', 'confirmed')), count(*), sum({slo_missed}), "
        f"sum({sla_missed}) FROM incidents i JOIN customers c ON c.id = i.customer_id "
        "GROUP BY c.key, i.impact ORDER BY c.key, i.impact;"
        "SELECT format, count(*) FROM inbox WHERE status = 'pending' GROUP BY format;")
    # incident check: a write transaction reading the open incidents (the
    # obligations are computed from their columns).
    sql["incident_check"] = (
        f"BEGIN IMMEDIATE; SELECT {INC_COLS} WHERE i.status IN ('open', 'recovered', 'confirmed') "
        "ORDER BY i.received_at, c.key, i.number; COMMIT;")
    return sql


def has_export():
    """Whether this sd has an `sd export` command (its --help lists it)."""
    out = subprocess.run([SD, "--help"], env=ENV, capture_output=True, text=True).stdout
    return any(line.split()[:1] == ["export"] for line in out.splitlines() if line.startswith(" "))


def new_request_args(db):
    return ["--db", db, "request", "new", "--customer", CUSTOMER, "--type", "account", "--field", "op=add",
            "--field", "kind=os", "--field", "user=deploy", "--field", "host=c07-web01",
            "--field", "permissions=sudo", "-m", "デプロイ用のアカウントを追加してください。"]


def new_request_sql(db):
    """The transaction `sd request new` ran last on db, as literal SQL the
    shell runs again: the same statements and the same values, read back
    from the rows sd wrote (so it follows the schema). The new request's id
    and number are taken afresh each time."""
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    req = c.execute("SELECT * FROM requests ORDER BY id DESC LIMIT 1").fetchone()
    cid = req["customer_id"]
    new_id = "(SELECT max(id) FROM requests)"
    out = ["BEGIN IMMEDIATE;",
           f"SELECT * FROM customers WHERE key = {q(CUSTOMER)};",
           f"SELECT next_number FROM customers WHERE id = {cid};",
           f"UPDATE customers SET next_number = next_number + 1 WHERE id = {cid};"]

    def insert(table, row, subst):
        cols = [k for k in row.keys() if k != "id"]
        vals = [subst.get(k, literal(row[k])) for k in cols]
        return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(vals)});"

    out.append(insert("requests", req, {"number": f"(SELECT next_number - 1 FROM customers WHERE id = {cid})"}))
    for row in c.execute("SELECT * FROM request_fields WHERE request_id = ? ORDER BY position", (req["id"],)):
        out.append(insert("request_fields", row, {"request_id": new_id}))
    for row in c.execute("SELECT * FROM request_events WHERE request_id = ? ORDER BY id", (req["id"],)):
        out.append(insert("request_events", row, {"request_id": new_id}))
    key = f"{CUSTOMER}-{req['number']}"
    for row in c.execute("SELECT * FROM audit WHERE entity = ? ORDER BY id", (key,)):
        out.append(insert("audit", row, {"entity": f"({q(CUSTOMER + '-')} || (SELECT next_number - 1 FROM customers "
                                                   f"WHERE id = {cid}))"}))
    out.append("COMMIT;")
    c.close()
    return "\n".join(out)


# ---- Taskwarrior --------------------------------------------------------------------

TASKRC = """data.location={data}
confirmation=off
hooks=off
verbose=nothing
color=off
detection=off
recurrence=off
json.array=on
uda.ticket.type=string
uda.type.type=string
uda.tier.type=string
uda.assignee.type=string
uda.via.type=string
uda.fields.type=string
"""


def ff4(value):
    """A value in Taskwarrior's FF4 file format (JSON-escaped, brackets as
    entities)."""
    v = json.dumps(str(value), ensure_ascii=False)[1:-1]
    return v.replace("[", "&open;").replace("]", "&close;")


def taskwarrior_for(n, db):
    """A Taskwarrior data directory holding the store's requests as tasks:
    open ones pending, the rest completed; title, customer (project),
    priority, due, entry, end, type, tier, assignee, via, fields and the
    details as an annotation. Written in Taskwarrior's own file format, as
    `task import` would leave it (without its undo log). Cached."""
    d = os.path.join(work, f"tw-{n}")
    stamp = os.path.join(d, "made-from")
    ident = f"{os.path.getsize(db)} {os.path.getmtime(db)}"
    if os.path.exists(stamp) and open(stamp).read() == ident:
        return d
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    log(f"writing the Taskwarrior data of {n} requests to {d}")
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    fields = {}
    for rid, name, value in c.execute("SELECT request_id, name, value FROM request_fields ORDER BY request_id, position"):
        fields.setdefault(rid, []).append(f"{name}={value}")
    prio = {"high": "H", "normal": "M", "low": "L"}
    ids = {}
    import uuid as uuidlib
    with open(os.path.join(d, "pending.data"), "w") as pend, open(os.path.join(d, "completed.data"), "w") as comp:
        rows = c.execute(
            "SELECT r.id, c.key, r.number, r.title, r.priority, r.status, r.assignee, r.via, r.type, r.tier, "
            "r.details, r.received_at, r.due_at, coalesce(r.resolved_at, r.closed_at), r.updated_at "
            "FROM requests r JOIN customers c ON c.id = r.customer_id ORDER BY r.id")
        for (rid, cust, number, title, pri, status, assignee, via, typ, tier, details, received, due, end,
             updated) in rows:
            open_ = status in ("open", "in-progress", "waiting")
            t = {"description": title, "entry": received, "modified": updated, "priority": prio[pri],
                 "project": cust, "status": "pending" if open_ else "completed",
                 "uuid": str(uuidlib.UUID(int=rid)), "ticket": f"{cust}-{number}", "type": typ, "tier": tier,
                 "assignee": assignee, "via": via}
            if due:
                t["due"] = due
            if not open_:
                t["end"] = end or updated
            if rid in fields:
                t["fields"] = "; ".join(fields[rid])
            if details:
                t[f"annotation_{received}"] = details
            line = "[" + " ".join(f'{k}:"{ff4(v)}"' for k, v in sorted(t.items())) + "]\n"
            if open_:
                pend.write(line)
                ids[rid] = len(ids) + 1
            else:
                comp.write(line)
    c.close()
    with open(os.path.join(d, "ids.json"), "w") as f:
        json.dump(ids, f)
    with open(stamp, "w") as f:
        f.write(ident)
    return d


def tw_env(data):
    rc = os.path.join(data, "taskrc")
    with open(rc, "w") as f:
        f.write(TASKRC.format(data=data))
    env = dict(ENV)
    env.update(TASKRC=rc, TASKDATA=data)
    return env


def dir_bytes(d):
    return sum(os.path.getsize(os.path.join(d, x)) for x in os.listdir(d) if x.endswith(".data"))


# ---- one size --------------------------------------------------------------------------

def guarded(res, what, fn):
    """Runs fn; a failure becomes a note in the report and the run goes on."""
    try:
        return fn()
    except (Failed, OSError, subprocess.CalledProcessError, sqlite3.Error, ValueError, TypeError) as e:
        log(f"{res['n']}: {what}: {e}")
        res["notes"].append(f"{what}: not measured ({e})")
        return None


def sd_bytes(db, copy):
    """Bytes per ticket through `sd request new`: BYTES_RUNS requests added
    to a copy, vacuumed before and after (so free pages do not count)."""
    copy_store(db, copy)
    try:
        subprocess.run([SQLITE3, copy, "VACUUM"], check=True)
        before = os.path.getsize(copy)
        for _ in range(BYTES_RUNS):
            run_once([SD, *new_request_args(copy)])
        subprocess.run([SQLITE3, copy, "VACUUM"], check=True)
        return (os.path.getsize(copy) - before) / BYTES_RUNS
    finally:
        os.remove(copy)


def tw_bytes(tw, copy, add_argv):
    """Bytes per task through `task add`: all of Taskwarrior's files
    (pending, undo and backlog), and pending.data alone."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(tw, copy)
    try:
        env = tw_env(copy)
        before, pend0 = dir_bytes(copy), os.path.getsize(os.path.join(copy, "pending.data"))
        for _ in range(BYTES_RUNS):
            run_once(add_argv, env)
        return ((dir_bytes(copy) - before) / BYTES_RUNS,
                (os.path.getsize(os.path.join(copy, "pending.data")) - pend0) / BYTES_RUNS)
    finally:
        shutil.rmtree(copy)


def measure(n):
    res = {"n": n, "pairs": [], "tw": [], "notes": []}
    t_size = time.perf_counter()
    db, gen_s = store_for(n)
    res["gen_s"] = gen_s
    f = facts(db)
    res["facts"] = f
    log(f"{n}: {f['requests']} requests, {f['incidents']} incidents, {f['audit']} audit rows, "
        f"{f['bytes'] / 1e6:.0f} MB; customer {CUSTOMER}: {f['customer_requests']} requests, "
        f"{f['customer_open']} open; KEY {f['key']}")
    sql = shell_sql(f)
    sh = [SQLITE3, "-batch", db]
    sdb = [SD, "--db", db]

    def add(label, a, b, into="pairs"):
        log(f"{n}: {label}")
        r = guarded(res, label, lambda: pair(a, b))
        if r:
            r["label"] = label
            res[into].append(r)
            log(f"{n}: {label}: {r['a_s'] * 1000:.1f} ms / {r['b_s'] * 1000:.1f} ms, ratio {r['ratio']:.2f}, "
                f"{r['a_kib'] / 1024:.1f} / {r['b_kib'] / 1024:.1f} MiB")

    add("--version | sqlite3 -version", {"argv": [SD, "--version"]}, {"argv": [SQLITE3, "-version"]})

    # Writers run on a copy taken for this size (the cached store stays as
    # generated); every writing pair's requests go into it, a few tens.
    wdb = copy_store(db, os.path.join(work, f"sd-{n}.work.db"))
    new = [SD, *new_request_args(wdb)]

    def first_new():
        run_once(new)
        text = new_request_sql(wdb)
        with open(os.path.join(work, "request-new.sql"), "w") as fh:
            fh.write(text)
        return text

    new_sql = guarded(res, "request new", first_new)
    if new_sql:
        add("request new | the same INSERTs in one transaction", {"argv": new},
            {"argv": [SQLITE3, "-batch", wdb, new_sql]})
    add("request show KEY | the request, its fields, its events",
        {"argv": [*sdb, "request", "show", f["key"]]}, {"argv": [*sh, sql["show"]]})
    add(f"request list --customer {CUSTOMER} --open | the printed columns, open only",
        {"argv": [*sdb, "request", "list", "--customer", CUSTOMER, "--open"]}, {"argv": [*sh, sql["list_open"]]})
    add(f"request list --customer {CUSTOMER} | the printed columns",
        {"argv": [*sdb, "request", "list", "--customer", CUSTOMER]}, {"argv": [*sh, sql["list_customer"]]})
    add("request list --json | the same columns, -json", {"argv": [*sdb, "--json", "request", "list"]},
        {"argv": [SQLITE3, "-batch", "-json", db, sql["list_json"]]})
    add("log KEY | the key's audit rows", {"argv": [*sdb, "log", f["key"]]}, {"argv": [*sh, sql["log"]]})
    add(f"slo report --year {YEAR} | the report's six queries",
        {"argv": [*sdb, "slo", "report", "--year", str(YEAR)]}, {"argv": [*sh, sql["slo_report"]]})
    add("slo metrics | the three grouped queries", {"argv": [*sdb, "slo", "metrics"]},
        {"argv": [*sh, sql["slo_metrics"]]})
    # A Nagios check: exits 0-3 all count as a run. It writes (which
    # obligations' hooks fired), so it runs on the copy.
    add("incident check | the open incidents, in a write transaction",
        {"argv": [SD, "--db", wdb, "incident", "check"], "ok": (0, 1, 2, 3)},
        {"argv": [SQLITE3, "-batch", wdb, sql["incident_check"]]})
    if has_export():
        add("export | sqlite3 .dump", {"argv": [*sdb, "export"]}, {"argv": [*sh, ".dump"]})
    else:
        res["notes"].append("export: this sd has no `sd export` command; not measured")

    if n <= TW_MAX:
        res["sd_bytes"] = guarded(res, "bytes per ticket", lambda: sd_bytes(db, os.path.join(work, f"sd-{n}.bytes.db")))

    if TASK and n <= TW_MAX:
        tw = guarded(res, "Taskwarrior data", lambda: taskwarrior_for(n, db))
    else:
        tw = None
        if n <= TW_MAX:
            res["notes"].append("Taskwarrior (`task`) is not installed: not compared")
    if tw:
        with open(os.path.join(tw, "ids.json")) as fh:
            tw_id = json.load(fh).get(str(f["request_id"]))
        env = tw_env(tw)
        ww = os.path.join(work, f"tw-{n}.work")
        shutil.rmtree(ww, ignore_errors=True)
        shutil.copytree(tw, ww)
        add_argv = [TASK, "add", "デプロイ用のアカウントを追加", f"project:{CUSTOMER}", "priority:M",
                    "due:2026-12-01T12:00:00", "type:account", "tier:minor", "assignee:MSP", "via:backlog",
                    "fields:op=add; kind=os; user=deploy; host=c07-web01; permissions=sudo"]
        add("request new | task add", {"argv": new}, {"argv": add_argv, "env": tw_env(ww)}, "tw")
        add(f"request list --customer {CUSTOMER} --open | task project:{CUSTOMER} status:pending count",
            {"argv": [*sdb, "request", "list", "--customer", CUSTOMER, "--open"]},
            {"argv": [TASK, f"project:{CUSTOMER}", "status:pending", "count"], "env": env}, "tw")
        add("request list --json | task export", {"argv": [*sdb, "--json", "request", "list"]},
            {"argv": [TASK, "export"], "env": env}, "tw")
        if tw_id:
            add("request show KEY | task ID info", {"argv": [*sdb, "request", "show", f["key"]]},
                {"argv": [TASK, str(tw_id), "info"], "env": env}, "tw")
        else:
            res["notes"].append(f"task ID info: {f['key']} is not open, so it has no Taskwarrior ID; not measured")
        shutil.rmtree(ww)
        got = guarded(res, "bytes per task", lambda: tw_bytes(tw, os.path.join(work, f"tw-{n}.bytes"), add_argv))
        if got:
            res["tw_bytes"], res["tw_pending_bytes"] = got
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(wdb + suffix):
            os.remove(wdb + suffix)
    res["run_s"] = time.perf_counter() - t_size
    log(f"{n}: done in {res['run_s']:.0f} s")
    return res


# ---- the report ---------------------------------------------------------------------------

def sh_out(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, env=ENV).stdout.strip()
    except OSError:
        return ""


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kib = int(fh.readline().split()[1])
    build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(SD))))
    cxx, btype = "", ""
    cache = os.path.join(build, "CMakeCache.txt")
    if os.path.exists(cache):
        for line in open(cache):
            if line.startswith("CMAKE_CXX_COMPILER:"):
                cxx = line.split("=", 1)[1].strip()
            if line.startswith("CMAKE_BUILD_TYPE:"):
                btype = line.split("=", 1)[1].strip()
    commit = sh_out(["git", "-C", SOURCE, "rev-parse", "--short=12", "HEAD"])
    if sh_out(["git", "-C", SOURCE, "status", "--porcelain", "--untracked-files=no"]):
        commit += " (with uncommitted changes)"
    return {
        "cpu": cpu, "cores": os.cpu_count(), "mem": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "compiler": (sh_out([cxx or "c++", "--version"]).splitlines() or [""])[0] + (f", {btype}" if btype else ""),
        "commit": commit, "sqlite3": sh_out([SQLITE3, "-version"]).split(" ")[0],
        "task": sh_out([TASK, "--version"]) if TASK else "not installed",
        "sd": sh_out([SD, "--version"]),
    }


def ms(s):
    return f"{s * 1000:,.1f} ms" if s < 10 else f"{s:,.1f} s"


def cpu(p):
    return f"{ms(p['a_cpu'])}, {ms(p['b_cpu'])}, {p['cpu_ratio']:.2f}×"


def mib(kib):
    return f"{kib / 1024:,.1f} MiB"


def find(res, prefix, tw=False):
    for p in res["tw" if tw else "pairs"]:
        if p["label"].startswith(prefix):
            return p
    return None


def verdict(ok):
    return "met" if ok else "**missed**"


def targets(results):
    rows = []
    for res in results:
        n = res["n"]
        for p in res["pairs"]:
            rows.append((f"{n:,}: `sd {p['label'].split(' | ')[0]}` within 1.5× of the shell",
                         f"{p['ratio']:.2f}×", verdict(p["ratio"] <= 1.5)))
    big = [r for r in results if r["n"] >= 1000000]
    largest = max(results, key=lambda r: r["n"])
    judged = big[-1] if big else largest
    at = f"{judged['n']:,}" + ("" if big else " (1M not measured in this run: shown, not judged)")

    def row(what, value, ok):
        rows.append((f"{at}: {what}", value, verdict(ok) if big else "not judged"))

    p = find(judged, "request list --json")
    if p:
        rate = judged["facts"]["requests"] / p["a_s"]
        row("`request list --json` ≥ 300,000 requests/s", f"{rate:,.0f}/s", rate >= 300000)
    for prefix in ("request list", "log KEY", "export"):
        for p in judged["pairs"]:
            if p["label"].startswith(prefix):
                row(f"`sd {p['label'].split(' | ')[0]}` peak memory < 32 MiB", mib(p["a_kib"]), p["a_kib"] < 32 * 1024)
    for prefix, limit in ((f"request list --customer {CUSTOMER} --open", 0.010), ("log KEY", 0.010),
                          ("slo metrics", 0.3), ("slo report", 0.3)):
        p = find(judged, prefix)
        if p:
            row(f"`sd {p['label'].split(' | ')[0]}` < {limit * 1000:g} ms", ms(p["a_s"]), p["a_s"] < limit)
    for res in results:
        for p in res["tw"]:
            rows.append((f"{res['n']:,}: `sd {p['label'].split(' | ')[0]}` faster than `{p['label'].split(' | ')[1]}`",
                         f"{p['ratio']:.2f}×", verdict(p["ratio"] < 1)))
        if res.get("sd_bytes") and res.get("tw_bytes"):
            rows.append((f"{res['n']:,}: bytes per ticket through `sd request new` ≤ Taskwarrior's per task",
                         f"{res['sd_bytes']:,.0f} B vs {res['tw_bytes']:,.0f} B",
                         verdict(res["sd_bytes"] <= res["tw_bytes"])))
    return rows


def machine_table(w, m, started, finished):
    """The head of a report's "Machine and run" table (bench/stores.py too)."""
    w("## Machine and run")
    w("")
    w("| | |")
    w("|---|---|")
    w(f"| date | {started:%Y-%m-%d %H:%M} – {finished:%H:%M} UTC |")
    w(f"| CPU | {m['cpu']}, {m['cores']} cores |")
    w(f"| memory | {m['mem']} |")
    w(f"| kernel | Linux {m['kernel']} |")
    w(f"| compiler | {m['compiler']} |")
    w(f"| sd | {m['sd']}, commit {m['commit']} |")


def write_report(results, m, started, finished, load0, load1):
    L = []
    w = L.append
    w("# Side by side: sd, the sqlite3 shell and Taskwarrior")
    w("")
    w("Written by `bench/compare.sh` (see bench/README.md, \"Side by side\"); do not edit by hand.")
    w("")
    if NOTE:
        w(NOTE)
        w("")
    machine_table(w, m, started, finished)
    w(f"| sqlite3 shell | {m['sqlite3']} |")
    w(f"| Taskwarrior | {m['task']} |")
    w(f"| load average (1 min) | {load0:.1f} at the start, {load1:.1f} at the end |")
    w(f"| runs | {RUNS} measured runs per pair after one warm-up each, interleaved A B A B …; "
      f"{RUNS_LONG} when the warm-up pair took over {LONG_SECONDS:g} s |")
    w(f"| clock | SD_NOW={NOW_ISO}, no config file (the desk's defaults, Asia/Tokyo) |")
    w("")
    w("Wall time is the median of the runs, from fork to exit, output to /dev/null. Peak memory is the "
      "maximum resident set size (GNU time's `%M`) of one more run of each after the timed ones. "
      "The ratio is the median of the per-pair ratios A/B (sd over the other), not the ratio of the medians: "
      "the pairs ran next to each other in time, so a burst of load hits both. CPU is the child's user + "
      "system time (`getrusage`), median of the runs, and its ratio the median of the per-pair ratios: "
      "on a busy machine it moves much less than the wall time, though it leaves out time spent "
      "waiting for the disk. The targets are judged on wall time.")
    w("")
    w("The stores come from `gen_store --requests N --incidents N/10 " + GEN_ARGS + "`: 40 customers, five "
      "years, one creation audit row per ticket. `request new` and `incident check` write, so they run on a "
      "copy of the store taken for the run; sd's, the shell's and the Taskwarrior pair's requests all go "
      f"into it, 3 × ({RUNS} + 2) + 1 requests at most, under 0.5 % of a store of 10,000. Bytes per ticket: "
      f"{BYTES_RUNS} requests added through `sd request new` to another copy, `VACUUM`ed before and after; "
      f"Taskwarrior: {BYTES_RUNS} `task add` to a copy of its data, the growth of all its files "
      "(pending, undo, backlog).")
    w("")
    for res in results:
        f = res["facts"]
        w(f"## {res['n']:,} requests")
        w("")
        gen = f"{res['gen_s']:.1f} s" if res.get("gen_s") is not None else "unknown"
        w(f"Store: {f['requests']:,} requests ({f['open']:,} open), {f['incidents']:,} incidents, "
          f"{f['audit']:,} audit rows, {f['bytes'] / 1e6:,.1f} MB; generated in {gen}. "
          f"`{CUSTOMER}` has {f['customer_requests']:,} requests, {f['customer_open']:,} open; "
          f"KEY is `{f['key']}`. This size took {res['run_s']:.0f} s to measure.")
        w("")
        w("| command | sd | sd peak | sqlite3 shell: the same question | shell | shell peak | ratio | "
          "CPU: sd, shell, ratio | runs |")
        w("|---|---:|---:|---|---:|---:|---:|---:|---:|")
        for p in res["pairs"]:
            a, b = p["label"].split(" | ")
            w(f"| `sd {a}` | {ms(p['a_s'])} | {mib(p['a_kib'])} | {b} | {ms(p['b_s'])} | {mib(p['b_kib'])} | "
              f"{p['ratio']:.2f}× | {cpu(p)} | {p['runs']} |")
        w("")
        w("The shell's queries are in `bench/compare.py` (`shell_sql`, `new_request_sql`): one set-based "
          "statement per kind of row, the same columns, in sd's order, times formatted in the desk's zone "
          "where sd prints them.")
        w("")
        if res["tw"]:
            w("| sd | Taskwarrior | sd | sd peak | task | task peak | ratio | CPU: sd, task, ratio | runs |")
            w("|---|---|---:|---:|---:|---:|---:|---:|---:|")
            for p in res["tw"]:
                a, b = p["label"].split(" | ")
                w(f"| `sd {a}` | `{b}` | {ms(p['a_s'])} | {mib(p['a_kib'])} | {ms(p['b_s'])} | "
                  f"{mib(p['b_kib'])} | {p['ratio']:.2f}× | {cpu(p)} | {p['runs']} |")
            w("")
        if res.get("sd_bytes"):
            line = f"Bytes per ticket: `sd request new` {res['sd_bytes']:,.0f} B"
            if res.get("tw_bytes"):
                line += (f"; `task add` {res['tw_bytes']:,.0f} B ({res['tw_pending_bytes']:,.0f} B of it in "
                         "pending.data, the rest in undo.data and backlog.data)")
            w(line + ".")
            w("")
        for note in res["notes"]:
            w(f"- {note}")
        if res["notes"]:
            w("")
    w("## Targets")
    w("")
    w("| target | measured | |")
    w("|---|---:|---|")
    for what, value, v in targets(results):
        w(f"| {what} | {value} | {v} |")
    w("")
    with open(OUT, "w") as fh:
        fh.write("\n".join(L))
    with open(os.path.join(work, "results.json"), "w") as fh:
        json.dump({"machine": m, "results": results}, fh, indent=1)
    log(f"wrote {OUT} (raw figures: {os.path.join(work, 'results.json')})")


def main():
    started = datetime.datetime.now(datetime.timezone.utc)
    load0 = os.getloadavg()[0]
    m = machine()
    results = []
    try:
        for n in SIZES:
            results.append(measure(n))
    finally:
        shutil.rmtree(conf, ignore_errors=True)
    write_report(results, m, started, datetime.datetime.now(datetime.timezone.utc), load0, os.getloadavg()[0])


if __name__ == "__main__":
    main()
