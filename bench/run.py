"""`make bench`: our service against its peers on synthetic graphs, ratios measured in the same run.

For each size (10k, 100k, 1M triples; BENCH_SIZES=10000,100000 to choose): build + validate time and peak
memory (rdflib + pyshacl vs pyoxigraph + the fast validator), load time and peak memory (ours vs rdflib
Graph.parse vs raw pyoxigraph vs Virtuoso), three canned queries (median of 5, ours in-process vs rdflib's
engine), the memory of a serving process, and HTTP throughput and p50/p99 with `hey` at concurrency 8 against
one uvicorn worker of ours, rdflib-endpoint, `oxigraph serve` (in memory) and Virtuoso 7 (when `virtuoso-t` is
on PATH; scripts/engines/virtuoso.sh). Writes bench/RESULTS.md and bench/results.json. Never part of the tests.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench.measure import bound_queries
from bench.synth import write as write_synth
from cmkg.bindings import apply_bindings
from cmkg.stores.base import store_query
from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
PY = sys.executable
VENV_BIN = Path(PY).parent
HEY_SECONDS = int(os.environ.get("BENCH_HEY_SECONDS", "10"))
SPARQL_JSON = {"Accept": "application/sparql-results+json"}


def synthetic(size: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"synth-{size}.nt"
    if not path.exists():
        with path.open("wb") as out:
            write_synth(size, 1, out)
    return path


def measure(task: str, path: Path) -> dict:
    out = subprocess.run([PY, "-m", "bench.measure", task, str(path)], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=3600)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def wait_for(url: str, limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


@contextmanager
def process(cmd: list[str], ready_url: str, env: dict | None = None) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})  # fmt: skip
    try:
        wait_for(ready_url)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def hey(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> dict:
    cmd = ["hey", "-z", f"{HEY_SECONDS}s", "-c", "8", "-m", method]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True, timeout=HEY_SECONDS + 120).stdout
    codes = dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", out))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50, p99 = re.search(r"50% in ([\d.]+) secs", out), re.search(r"99% in ([\d.]+) secs", out)
    # hey prints no 99% line below 100 responses (slow dumps at 1M): the slowest one bounds it from above
    tail = p99 or re.search(r"Slowest:\s+([\d.]+) secs", out)
    if not codes or not (rps and p50 and tail):
        return {"rps": 0.0, "p50_ms": float("nan"), "p99_ms": float("nan"), "codes": {"none in time": "0"}}
    return {"rps": float(rps.group(1)), "p50_ms": float(p50.group(1)) * 1000, "p99_ms": float(tail.group(1)) * 1000,
            "codes": codes, **({} if p99 else {"p99_is_max": True})}  # fmt: skip


def sparql_url(base: str, query: str) -> str:
    return f"{base}?{urllib.parse.urlencode({'query': query})}"


# the canned query's own SPARQL (a join + GROUP BY), sent to /sparql, which has no cache
UNCACHED = bound_queries()["cities-addressing-recommendation"]


@functools.cache
def reference(path: Path) -> tuple[int, int]:
    """Triples of the file and rows of the benchmarked query, by pyoxigraph in-process: what an engine must answer."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return len(store), len(list(store.query(UNCACHED)))


def check_rows(url: str, path: Path) -> None:
    """One GET before `hey`: the engine answers the query with pyoxigraph's rows (never benchmark an error page)."""
    response = httpx.get(url, headers=SPARQL_JSON, timeout=120)
    rows = len(response.json()["results"]["bindings"]) if response.status_code == 200 else None
    if rows != reference(path)[1]:
        detail = response.text[:200] if rows is None else f"{rows} rows"
        raise RuntimeError(f"HTTP {response.status_code}, {detail}; pyoxigraph in-process gives {reference(path)[1]}")


def http_ours(path: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with process([PY, "-m", "bench.serve_file", str(path), str(port)], f"{base}/health") as server:
        canned = f"{base}/queries/cities-addressing-recommendation?recommendation=recommendation-0"
        result = {
            "canned": hey(canned),
            "sparql": hey(sparql_url(f"{base}/sparql", UNCACHED), headers=SPARQL_JSON),
            "dump": hey(f"{base}/dumps/graph.nt", headers={"Accept-Encoding": "identity"}),
            "dump encoded": hey(f"{base}/dumps/graph.nt"),
            "dump.gz": hey(f"{base}/dumps/graph.nt.gz"),
            "dump 304": hey(f"{base}/dumps/graph.nt.gz", headers={"If-None-Match": _etag(f"{base}/dumps/graph.nt.gz")}),
        }
        result["rss"] = process_tree_rss(server.pid)
        return result


def _status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def process_tree_rss(pid: int) -> dict:
    """RSS now and at its peak (VmHWM) of the server process and of each of its children (query workers),
    read after the HTTP runs, so the dumps and the workers' copies of the graph are all in."""
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        kids = [int(k) for k in children.read().split()]
    workers = [k for k in kids if _status_kb(k, "VmRSS") > 20_000]  # not multiprocessing's resource tracker
    return {
        "main_mb": _status_kb(pid, "VmRSS") / 1024,
        "main_peak_mb": _status_kb(pid, "VmHWM") / 1024,
        "workers_mb": [_status_kb(k, "VmRSS") / 1024 for k in workers],
    }


def _etag(url: str) -> str:
    return httpx.get(url, timeout=60).headers["etag"]


def http_rdflib_endpoint(path: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"  # the `serve` command mounts the endpoint at the root
    cmd = [str(VENV_BIN / "rdflib-endpoint"), "serve", str(path), "--host", "127.0.0.1", "--port", str(port)]
    canned = bound_queries()["cities-addressing-recommendation"]
    with process(cmd, sparql_url(base, "ASK {}")):
        return {"canned": hey(sparql_url(base, canned), headers=SPARQL_JSON),
                "sparql": hey(sparql_url(base, UNCACHED), headers=SPARQL_JSON)}  # fmt: skip


def http_oxigraph(path: Path) -> dict:
    binary = shutil.which("oxigraph", path=str(VENV_BIN)) or shutil.which("oxigraph")
    if not binary:
        return {"skipped": "no oxigraph server binary (pip install oxigraph)"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    canned = bound_queries()["cities-addressing-recommendation"]
    with process([binary, "serve", "--bind", f"127.0.0.1:{port}"], f"{base}/query?query=ASK%7B%7D"):
        httpx.post(f"{base}/store?default", content=path.read_bytes(),
                   headers={"Content-Type": "application/n-triples"}, timeout=600).raise_for_status()  # fmt: skip
        check_rows(sparql_url(f"{base}/query", UNCACHED), path)
        return {
            "canned": hey(sparql_url(f"{base}/query", canned), headers=SPARQL_JSON),
            "sparql": hey(sparql_url(f"{base}/query", UNCACHED), headers=SPARQL_JSON),
            "dump": hey(f"{base}/store?default", headers={"Accept": "application/n-triples"}),
        }


VIRTUOSO_SCRIPT = ROOT / "scripts" / "engines" / "virtuoso.sh"
VIRTUOSO_GRAPH = "urn:x-cmkg:bench"  # queries without FROM see every graph in Virtuoso


@contextmanager
def virtuoso(directory: Path, port: int, isql_port: int) -> Iterator[int]:
    """A private Virtuoso (the project's script, as tests/engines/fixtures.py starts it): yields its process id."""
    env = {**os.environ, "VIRTUOSO_ISQL_PORT": str(isql_port), "VIRTUOSO_TIMEOUT": "30"}  # ours: query_timeout 30

    def script(action: str) -> subprocess.CompletedProcess:
        command = ["bash", str(VIRTUOSO_SCRIPT), action, str(directory), str(port)]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=180, check=False)

    try:
        started = script("start")
        if started.returncode != 0:
            raise RuntimeError(f"virtuoso did not start: {(started.stderr or started.stdout).strip()[-300:]}")
        yield int((directory / "virtuoso.pid").read_text())
    finally:
        script("stop")


def isql(port: int, statement: str) -> float:
    """Run one SQL statement through Virtuoso's isql-vt (which exits 0 on SQL errors); returns its seconds."""
    started = time.perf_counter()
    done = subprocess.run(["isql-vt", str(port), "dba", "dba", f"exec={statement}"], capture_output=True, text=True,
                          timeout=3600, check=False)  # fmt: skip
    if done.returncode or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql {statement[:40]}...: {(done.stderr or done.stdout).strip()[-300:]}")
    return time.perf_counter() - started


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return {key: int(value) / 1024 for key, value in re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M)}


def http_virtuoso(path: Path) -> dict:
    if not shutil.which("isql-vt"):
        return {"skipped": "no isql-vt (Debian package virtuoso-opensource) to bulk-load Virtuoso"}
    port, isql_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    canned = bound_queries()["cities-addressing-recommendation"]
    with tempfile.TemporaryDirectory(prefix="cmkg-bench-virtuoso-") as tmp, virtuoso(Path(tmp), port, isql_port) as pid:
        # TTLP_MT (parallel parser, no transaction log) reads the file from the server's own folder (DirsAllowed).
        # Measured at 1M triples on 2 cores: 16.6 s, against 28 s for the bulk loader (ld_dir + rdf_loader_run);
        # one Graph Store PUT failed there (Error 40001) after 35 s with 88% of the triples loaded.
        data = Path(tmp) / "data.nt"
        data.symlink_to(path.resolve())
        before = memory_mb(pid)
        threads = os.cpu_count() or 2
        load_s = isql(isql_port, f"DB.DBA.TTLP_MT(file_to_string_output('{data}'), '', '{VIRTUOSO_GRAPH}', 0, 2, "
                                 f"{threads});")  # fmt: skip
        checkpoint_s = isql(isql_port, "checkpoint;")
        after = memory_mb(pid)
        count = apply_bindings(store_query("count-graph"), {"graph": ox.NamedNode(VIRTUOSO_GRAPH)})
        answer = httpx.get(sparql_url(f"{base}/sparql", count), headers=SPARQL_JSON, timeout=120).json()
        triples = int(answer["results"]["bindings"][0]["triples"]["value"])
        if triples != reference(path)[0]:
            raise RuntimeError(f"virtuoso loaded {triples} triples, pyoxigraph {reference(path)[0]}")
        check_rows(sparql_url(f"{base}/sparql", UNCACHED), path)
        result: dict = {
            "load_s": load_s,
            "checkpoint_s": checkpoint_s,
            "load_peak_mb": after["VmHWM"] - before["VmRSS"],
            "rss_mb": after["VmRSS"],
            "triples": triples,
            "canned": hey(sparql_url(f"{base}/sparql", canned), headers=SPARQL_JSON),
            "sparql": hey(sparql_url(f"{base}/sparql", UNCACHED), headers=SPARQL_JSON),
        }
        # the Graph Store GET of the whole graph; checked once first (Virtuoso refuses more than 1M rows)
        dump = f"{base}/sparql-graph-crud?{urllib.parse.urlencode({'graph-uri': VIRTUOSO_GRAPH})}"
        nt = {"Accept": "application/n-triples"}
        response = httpx.get(dump, headers=nt, timeout=600)
        lines = response.content.count(b"\n") if response.status_code == 200 else None
        if lines == triples:
            result["dump"] = hey(dump, headers=nt)
        else:
            detail = response.text.strip().splitlines()[0][:120] if lines is None else f"{lines} lines"
            result["dump"] = {"error": f"HTTP {response.status_code}: {detail}"}
        return result


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "n/a"


def run_size(size: int, engines: dict[str, Callable[[Path], dict]]) -> dict:
    path = synthetic(size)
    print(f"== {size:,} triples ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
    result: dict = {"size": size}
    for task in ("validate-fast", "validate-pyshacl", "load-ours", "load-oxigraph", "load-oxigraph-bulk", "load-rdflib",
                 "queries-ours", "queries-rdflib", "serve-rss", "dump-serialise"):  # fmt: skip
        result[task] = measure(task, path)
        print(f"  {task}: {result[task]['seconds']:.2f} s, peak {result[task]['peak_mb']:.0f} MB", flush=True)
    for name, engine in engines.items():
        try:
            result[f"http-{name}"] = engine(path)
        except (RuntimeError, OSError, ValueError, KeyError, subprocess.SubprocessError, httpx.HTTPError) as exc:
            result[f"http-{name}"] = {"skipped": f"{type(exc).__name__}: {exc}"}
        print(f"  http {name}: {result[f'http-{name}']}", flush=True)
    return result


def versions() -> str:
    import fastapi
    import pyoxigraph
    import pyshacl
    import rdflib

    hey_version = "hey (Debian)"
    text = (f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
            f"pyshacl {pyshacl.__version__}, FastAPI {fastapi.__version__}, {hey_version}")  # fmt: skip
    if shutil.which("virtuoso-t"):
        out = subprocess.run(["virtuoso-t", "+version"], capture_output=True, text=True, timeout=30, check=False)
        found = re.search(r"Version (\S+)", out.stdout + out.stderr)
        text += f", Virtuoso {found.group(1) if found else '(version unknown)'}"
    return text


def above_baseline(m: dict) -> str:
    return f"+{m['peak_mb'] - m['baseline_mb']:.0f} MB"


def report(results: list[dict]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores, "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB; {versions()}.",
        "Synthetic graphs from `bench/synth.py` (seed 1). Every figure of a table comes from the same run; ratios",
        "compare against the baseline measured in that run. HTTP: `hey -c 8` for "
        f"{HEY_SECONDS} s against one server process each (ours: one uvicorn worker, with its 2 query worker",
        "processes; `oxigraph serve` and Virtuoso use their own threads). hey runs on the same 2 cores.",
        "",
        "## Build + validate (seconds, peak memory above the process's baseline after imports)",
        "",
        "The same N-Triples and `shapes/`: rdflib parse + pyshacl (`loaders.validate.validate_graph`), against",
        "pyoxigraph bulk_load + `loaders.shacl_fast.FastValidator` (its time includes compiling the shapes). An edit",
        "changes one action's title, drops an objective and adds a city; `LiveValidator` revalidates what it affects.",
        "",
        "| triples | rdflib + pyshacl (validation alone) | pyoxigraph + fast validator (validation alone) "
        "| speed-up (validation alone) | violations pyshacl / fast | one-record edit revalidated (median of 7, max) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    disagreements = []
    for r in results:
        p, f = r["validate-pyshacl"], r["validate-fast"]
        cells = [f"{m['seconds']:.2f} s ({m['validate_s']:.2f} s) / {above_baseline(m)}" for m in (p, f)]
        speed = f"{ratio(p['seconds'], f['seconds'])} ({ratio(p['validate_s'], f['validate_s'])})"
        found = f"{p['violations']} / {f['violations']}"
        if p["violations"] != f["violations"] or p["violations"]:
            found = f"**{found}**"
            disagreements.append(f"{r['size']:,} triples: pyshacl {p['violations']}, fast {f['violations']}")
        edit = "—"
        if "revalidate_s" in f:
            exact = "same report as a full run" if f["revalidation_exact"] else "**differs from a full run**"
            edit = (f"{f['revalidate_s'] * 1000:.0f} ms (max {f['revalidate_max_s'] * 1000:.0f} ms, "
                    f"{f['revalidated_focus_nodes']} focus nodes; {exact})")  # fmt: skip
        lines.append(f"| {r['size']:,} | " + " | ".join(cells) + f" | {speed} | {found} | {edit} |")
    if disagreements:
        lines += ["", "**Warning**: the synthetic graphs are valid, yet violations were reported: "
                  + "; ".join(disagreements) + "."]  # fmt: skip
    lines += [
        "",
        "## Load (seconds, peak memory above the process's baseline after imports)",
        "",
        "Ours: `OxigraphStore.from_ntriples` as `cmkg serve` runs it on a graph the build validated with the fast",
        "engine, whose strict oxigraph parse already accepted these bytes, so this parse is lenient (no second check",
        "of IRIs and language tags); raw pyoxigraph load is the strict one.",
        "Virtuoso: `DB.DBA.TTLP_MT` through isql (parallel parser, no transaction log) into a named graph, then the",
        "`checkpoint`; its memory is the server's peak RSS above its RSS before the load (buffers: 20,000 pages).",
        "",
        "| triples | ours (`Store.load`) | raw pyoxigraph load | pyoxigraph bulk_load | rdflib `Graph.parse` "
        "| Virtuoso (+ checkpoint) | ours vs rdflib | ours vs raw |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        o, x, b, f = r["load-ours"], r["load-oxigraph"], r["load-oxigraph-bulk"], r["load-rdflib"]
        cells = [f"{m['seconds']:.2f} s / {above_baseline(m)}" for m in (o, x, b, f)]
        v = r.get("http-virtuoso", {})
        if "load_s" in v:
            cells.append(f"{v['load_s']:.2f} s (+ {v['checkpoint_s']:.2f} s) / +{v['load_peak_mb']:.0f} MB")
        else:
            cells.append(v.get("skipped", "—")[:80])
        speed = f"{ratio(f['seconds'], o['seconds'])} faster | {o['seconds'] / x['seconds']:.2f}x of raw"
        lines.append(f"| {r['size']:,} | " + " | ".join(cells) + f" | {speed} |")
    lines += [
        "",
        "## Canned queries in-process (median of 5, ms)",
        "",
        "| triples | query | ours (pyoxigraph) | rdflib engine | speed-up |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        for name, ours in r["queries-ours"]["queries"].items():
            theirs = r["queries-rdflib"]["queries"][name]
            if "error" in theirs:
                lines.append(
                    f"| {r['size']:,} | {name} | {ours['median_ms']:.1f} | fails: {theirs['error'][:60]} | — |"
                )
                continue
            lines.append(f"| {r['size']:,} | {name} | {ours['median_ms']:.1f} | {theirs['median_ms']:.1f} | "
                         f"{ratio(theirs['median_ms'], ours['median_ms'])} |")  # fmt: skip
    lines += ["", "## Serving memory and dumps", "",
              "| triples | RSS of a serving process (graph + pre-serialised dumps) | live server after the HTTP runs: "
              "main process now (peak) + each query worker's own copy | one N-Triples serialisation |",
              "| --- | --- | --- | --- |"]  # fmt: skip
    for r in results:
        dump = r["dump-serialise"]
        rss = f"{r['serve-rss']['peak_mb']:.0f} MB"
        live = r.get("http-ours", {}).get("rss")
        tree = "—"
        if live:
            workers = " + ".join(f"{w:.0f}" for w in live["workers_mb"])
            total = live["main_mb"] + sum(live["workers_mb"])
            tree = f"{live['main_mb']:.0f} MB ({live['main_peak_mb']:.0f}) + {workers} MB = {total:.0f} MB"
        lines.append(
            f"| {r['size']:,} | {rss} | {tree} | {dump['serialise_ms']:.0f} ms ({dump['bytes'] / 1e6:.1f} MB) |"
        )
    lines += [
        "",
        "## HTTP (requests/s, p50 / p99 ms, concurrency 8, one server process)",
        "",
        "dump (N-Triples): `GET graph.nt` with `Accept-Encoding: identity` (all 16 MB per response at 100k triples).",
        "gzip-encoded: the same as hey sends it by default, `Accept-Encoding: gzip` like most HTTP clients; ours then",
        "answers from its pre-compressed copy (`Content-Encoding: gzip`, a tenth of the bytes) and hey, on the same",
        "2 cores, spends its time decompressing. The engines' dumps are measured as hey sends them by default.",
        "",
        "| triples | endpoint | canned query | uncached /sparql | dump (N-Triples) | dump, gzip-encoded | dump .gz "
        "| dump 304 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        for key in [k for k in r if k.startswith("http-")]:
            cells = []
            for kind in ("canned", "sparql", "dump", "dump encoded", "dump.gz", "dump 304"):
                m = r[key].get(kind)
                if m and "error" in m:
                    cells.append(f"fails: {m['error'][:120]}")
                    continue
                bad = {c: n for c, n in (m or {}).get("codes", {}).items() if c not in ("200", "304")}
                if m and not m["rps"]:
                    bad = {"no answer": f"within {HEY_SECONDS} s"}
                if m and bad:
                    cells.append(f"errors {bad}")
                elif m:
                    p99 = f"{m['p99_ms']:.1f}" + (" max" if m.get("p99_is_max") else "")
                    cells.append(f"{m['rps']:.0f} ({m['p50_ms']:.1f} / {p99})")
                else:
                    cells.append(r[key].get("skipped", "—"))  # fmt: skip
            lines.append(f"| {r['size']:,} | {key[5:]} | " + " | ".join(cells) + " |")
    lines += ["", "## Ratios against the targets", ""]

    def rps(result: dict, kind: str) -> float:
        return result.get(kind, {}).get("rps", 0.0)

    for r in results:
        size = f"{r['size']:,}"
        ours = r.get("http-ours", {})
        p, f = r["validate-pyshacl"], r["validate-fast"]
        lines.append(f"- {size}: build + validate, fast validator {ratio(p['seconds'], f['seconds'])} faster than "
                     f"pyshacl (validation alone {ratio(p['validate_s'], f['validate_s'])})")  # fmt: skip
        for key, label in (("rdflib-endpoint", "rdflib-endpoint"), ("oxigraph", "oxigraph serve"),
                           ("virtuoso", "Virtuoso")):  # fmt: skip
            peer = r.get(f"http-{key}", {})
            for kind, what in (("canned", "canned query"), ("sparql", "uncached /sparql")):
                if kind in ours and kind in peer:
                    lines.append(f"- {size}: {what}, ours / {label} = {ratio(rps(ours, kind), rps(peer, kind))}")
            if rps(ours, "dump") and rps(peer, "dump"):
                dump = ratio(rps(ours, "dump"), rps(peer, "dump"))
                lines.append(f"- {size}: dump, ours (pre-serialised) / {label} (serialised per request) = {dump}")
        serialise_ms = r["dump-serialise"]["serialise_ms"]
        if "dump" in ours and serialise_ms:
            per_request = 1000 / serialise_ms  # at best, one core serialising the graph for each request
            lines.append(f"- {size}: dump, ours pre-serialised {rps(ours, 'dump'):.0f} req/s vs serialising "
                         f"per request (pyoxigraph, {serialise_ms:.0f} ms each) at most {per_request:.1f} req/s = "
                         f"{ratio(rps(ours, 'dump'), per_request)}; gzip-encoded "
                         f"{ratio(rps(ours, 'dump encoded'), per_request)}, .gz "
                         f"{ratio(rps(ours, 'dump.gz'), per_request)}, "
                         f"304 {ratio(rps(ours, 'dump 304'), per_request)}")  # fmt: skip
        load, raw = r["load-ours"]["seconds"], r["load-oxigraph"]["seconds"]
        virtuoso_load = r.get("http-virtuoso", {}).get("load_s")
        versus = f", {ratio(virtuoso_load, load)} faster than Virtuoso (before its checkpoint)" if virtuoso_load else ""
        lines.append(f"- {size}: load, ours {ratio(r['load-rdflib']['seconds'], load)} faster than rdflib, "
                     f"{load / raw:.2f}x raw pyoxigraph{versus}")  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")]
    if not shutil.which("hey"):
        print("bench: `hey` is missing (apt-get install hey)", file=sys.stderr)
        return 1
    engines: dict[str, Callable[[Path], dict]] = {
        "ours": http_ours, "rdflib-endpoint": http_rdflib_endpoint, "oxigraph": http_oxigraph,
    }  # fmt: skip
    if shutil.which("virtuoso-t"):
        engines["virtuoso"] = http_virtuoso
    else:
        engines["virtuoso"] = lambda _path: {"skipped": "no virtuoso-t on PATH (apt-get install virtuoso-opensource)"}
    results = [run_size(size, engines) for size in sizes]
    text = report(results)
    (ROOT / "bench" / "RESULTS.md").write_text(text, encoding="utf-8")
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
