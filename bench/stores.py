#!/usr/bin/env python3
"""The two stores side by side (bench/README.md, "SQLite and PostgreSQL"):
the same sd commands on the same generated store, once as a SQLite file and
once copied onto PostgreSQL with `sd db copy`.

Run it through bench/stores.sh, which starts a throwaway PostgreSQL server
and says the usage. It reuses bench/compare.py's stores, runner and
machine table (imported as a module), and reads from the environment:

  SD, GEN_STORE, SOURCE, SIZES, RUNS, RUNS_LONG, BENCH_DIR: as compare.py
  PG_URL          the server's libpq conninfo (databases sd_N are made on it)
  PG_SOCKET       the directory of its Unix socket; PG_USER_NAME: the role
  OUT             the report (default bench/RESULTS-stores.md)
  NOTE            a paragraph put at the top of the report

Each pair runs interleaved after one warm-up run of each, PostgreSQL then
SQLite; the ratio is PostgreSQL over SQLite, the median of the per-pair
ratios.
"""

import datetime
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare as c  # noqa: E402  (reads the environment on import)

PG_URL = os.environ["PG_URL"]  # libpq conninfo of the server's postgres database, for psql
PG_SOCKET = os.environ["PG_SOCKET"]  # the directory of its Unix socket
PG_USER = os.environ.get("PG_USER_NAME", os.environ.get("USER", "root"))
OUT = os.environ.get("OUT", os.path.join(c.SOURCE, "bench", "RESULTS-stores.md"))
NOTE = os.environ.get("NOTE", "")


def log(*a):
    print("stores:", *a, file=sys.stderr, flush=True)


def pg_database(n):
    """A new database sd_N on the server, and its address."""
    name = f"sd_{n}"
    subprocess.run(["psql", PG_URL, "-Atqc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", PG_URL, "-Atqc", f"CREATE DATABASE {name}"], check=True)
    # sd takes a URI (or service=); the server listens on its socket directory.
    return f"postgresql:///{name}?host={PG_SOCKET}&user={PG_USER}"


def measure(n):
    res = {"n": n, "pairs": [], "notes": []}
    t_size = time.perf_counter()
    db, _ = c.store_for(n)
    f = c.facts(db)
    res["facts"] = f
    # The writing command runs on a copy of the file, as in compare.py.
    wdb = c.copy_store(db, os.path.join(c.work, f"sd-{n}.stores.db"))
    pg = pg_database(n)
    log(f"{n}: copying the store onto PostgreSQL")
    t0 = time.perf_counter()
    subprocess.run([c.SD, "db", "copy", "--from", wdb, "--to", pg], check=True, env=c.ENV,
                   stdout=subprocess.DEVNULL)
    res["copy_s"] = time.perf_counter() - t0
    subprocess.run(["psql", pg, "-Atqc", "VACUUM ANALYZE"], check=True)
    res["pg_bytes"] = int(subprocess.run(["psql", pg, "-Atqc", "SELECT pg_database_size(current_database())"],
                                         check=True, capture_output=True, text=True).stdout)
    log(f"{n}: copied in {res['copy_s']:.1f} s")

    def add(label, argv, ok=(0,)):
        log(f"{n}: {label}")
        # c.pair's ratio is its first over its second: PostgreSQL first.
        on_pg = {"argv": [c.SD, "--db", pg, *argv], "ok": ok}
        on_file = {"argv": [c.SD, "--db", wdb, *argv], "ok": ok}
        r = c.guarded(res, label, lambda: c.pair(on_pg, on_file))
        if r:
            r["label"] = label
            res["pairs"].append(r)
            log(f"{n}: {label}: SQLite {r['b_s'] * 1000:.1f} ms, PostgreSQL {r['a_s'] * 1000:.1f} ms, "
                f"ratio {r['ratio']:.2f}")

    new = c.new_request_args("X")[2:]  # without "--db X"
    add("request new", new)
    add(f"request show {f['key']}", ["request", "show", f["key"]])
    add(f"request list --customer {c.CUSTOMER} --open", ["request", "list", "--customer", c.CUSTOMER, "--open"])
    add(f"request list --customer {c.CUSTOMER}", ["request", "list", "--customer", c.CUSTOMER])
    add("request list --json", ["--json", "request", "list"])
    add(f"log {f['key']}", ["log", f["key"]])
    add(f"slo report --year {c.YEAR}", ["slo", "report", "--year", str(c.YEAR)])
    add("slo metrics", ["slo", "metrics"])
    add("incident check", ["incident", "check"], ok=(0, 1, 2, 3))
    res["run_s"] = time.perf_counter() - t_size
    subprocess.run(["psql", PG_URL, "-Atqc", f"DROP DATABASE IF EXISTS sd_{n}"], check=False)
    os.remove(wdb)
    return res


def write_report(results, m, started, finished, load0, load1, server):
    L = []
    w = L.append
    w("# The two stores side by side: SQLite and PostgreSQL")
    w("")
    w("Written by `bench/stores.sh` (see bench/README.md, \"SQLite and PostgreSQL\"); do not edit by hand.")
    w("")
    if NOTE:
        w(NOTE)
        w("")
    c.machine_table(w, m, started, finished)
    w(f"| PostgreSQL | {server}, on the same machine, a Unix socket, fsync off (scripts/pg-test-server.sh) |")
    w(f"| load average (1 min) | {load0:.1f} at the start, {load1:.1f} at the end |")
    w(f"| runs | {c.RUNS} measured runs per pair after one warm-up each, interleaved PostgreSQL SQLite …; "
      f"{c.RUNS_LONG} when the warm-up pair took over {c.LONG_SECONDS:g} s |")
    w(f"| clock | SD_NOW={c.NOW_ISO}, no config file (the desk's defaults, Asia/Tokyo) |")
    w("")
    w("Wall time is the median of the runs, from fork to exit, output to /dev/null; for PostgreSQL it "
      "includes the connection. The ratio is the median of the per-pair ratios PostgreSQL/SQLite. Peak "
      "memory is sd's own (the server's is not counted). The store is the one of `bench/compare.sh` "
      "(`gen_store --requests N --incidents N/10 " + c.GEN_ARGS + "`), copied with `sd db copy` into a "
      "new database and `VACUUM ANALYZE`d; `request new` and `incident check` write into the copies.")
    w("")
    for res in results:
        f = res["facts"]
        w(f"## {res['n']:,} requests")
        w("")
        w(f"Store: {f['requests']:,} requests ({f['open']:,} open), {f['incidents']:,} incidents, "
          f"{f['audit']:,} audit rows; {f['bytes'] / 1e6:,.1f} MB as a SQLite file, "
          f"{res['pg_bytes'] / 1e6:,.1f} MB as a PostgreSQL database. `sd db copy` took "
          f"{res['copy_s']:.1f} s. This size took {res['run_s']:.0f} s to measure.")
        w("")
        w("| command | SQLite | PostgreSQL | ratio | CPU of sd: SQLite, PostgreSQL | sd peak: SQLite, PostgreSQL | runs |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        for p in res["pairs"]:
            w(f"| `sd {p['label']}` | {c.ms(p['b_s'])} | {c.ms(p['a_s'])} | {p['ratio']:.2f}× | "
              f"{c.ms(p['b_cpu'])}, {c.ms(p['a_cpu'])} | {c.mib(p['b_kib'])}, {c.mib(p['a_kib'])} | {p['runs']} |")
        w("")
        for note in res["notes"]:
            w(f"- {note}")
        if res["notes"]:
            w("")
    with open(OUT, "w") as fh:
        fh.write("\n".join(L))
    log(f"wrote {OUT}")


def main():
    started = datetime.datetime.now(datetime.timezone.utc)
    load0 = os.getloadavg()[0]
    m = c.machine()
    server = subprocess.run(["psql", PG_URL, "-Atqc", "SHOW server_version"], check=True,
                            capture_output=True, text=True).stdout.strip()
    results = []
    try:
        for n in c.SIZES:
            results.append(measure(n))
    finally:
        c.shutil.rmtree(c.conf, ignore_errors=True)
    write_report(results, m, started, datetime.datetime.now(datetime.timezone.utc), load0, os.getloadavg()[0],
                 server)


if __name__ == "__main__":
    main()
