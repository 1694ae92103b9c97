"""`make bench`: our service against its peers on synthetic graphs, ratios measured in the same run.

For each size (10k, 100k, 1M triples; BENCH_SIZES=10000,100000 to choose): load time and peak memory
(ours vs rdflib Graph.parse vs raw pyoxigraph), three canned queries (median of 5, ours in-process vs
rdflib's engine), the memory of a serving process, and HTTP throughput and p50/p99 with `hey` at
concurrency 8 against one uvicorn worker of ours, rdflib-endpoint, `oxigraph serve` (in memory) and
Virtuoso when its scripts are installed. Writes bench/RESULTS.md. Never part of the tests.
"""

from __future__ import annotations

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

from bench.measure import bound_queries
from bench.synth import write as write_synth
from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
PY = sys.executable
VENV_BIN = Path(PY).parent
HEY_SECONDS = int(os.environ.get("BENCH_HEY_SECONDS", "10"))


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
def process(cmd: list[str], ready_url: str, env: dict | None = None) -> Iterator[None]:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})  # fmt: skip
    try:
        wait_for(ready_url)
        yield
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
    if not codes or not (rps and p50 and p99):
        return {"rps": 0.0, "p50_ms": float("nan"), "p99_ms": float("nan"), "codes": {"none in time": "0"}}
    return {"rps": float(rps.group(1)), "p50_ms": float(p50.group(1)) * 1000, "p99_ms": float(p99.group(1)) * 1000,
            "codes": codes}  # fmt: skip


def sparql_url(base: str, query: str) -> str:
    return f"{base}?{urllib.parse.urlencode({'query': query})}"


# the canned query's own SPARQL (a join + GROUP BY), sent to /sparql, which has no cache
UNCACHED = bound_queries()["cities-addressing-recommendation"]


def http_ours(path: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with process([PY, "-m", "bench.serve_file", str(path), str(port)], f"{base}/health"):
        canned = f"{base}/queries/cities-addressing-recommendation?recommendation=recommendation-0"
        return {
            "canned": hey(canned),
            "sparql": hey(
                sparql_url(f"{base}/sparql", UNCACHED), headers={"Accept": "application/sparql-results+json"}
            ),
            "dump": hey(f"{base}/dumps/graph.nt"),
            "dump.gz": hey(f"{base}/dumps/graph.nt.gz"),
            "dump 304": hey(f"{base}/dumps/graph.nt.gz", headers={"If-None-Match": _etag(f"{base}/dumps/graph.nt.gz")}),
        }


def _etag(url: str) -> str:
    return httpx.get(url, timeout=60).headers["etag"]


def http_rdflib_endpoint(path: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"  # the `serve` command mounts the endpoint at the root
    cmd = [str(VENV_BIN / "rdflib-endpoint"), "serve", str(path), "--host", "127.0.0.1", "--port", str(port)]
    canned = bound_queries()["cities-addressing-recommendation"]
    with process(cmd, sparql_url(base, "ASK {}")):
        accept = {"Accept": "application/sparql-results+json"}
        return {"canned": hey(sparql_url(base, canned), headers=accept),
                "sparql": hey(sparql_url(base, UNCACHED), headers=accept)}  # fmt: skip


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
        accept = {"Accept": "application/sparql-results+json"}
        return {
            "canned": hey(sparql_url(f"{base}/query", canned), headers=accept),
            "sparql": hey(sparql_url(f"{base}/query", UNCACHED), headers=accept),
            "dump": hey(f"{base}/store?default", headers={"Accept": "application/n-triples"}),
        }


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "n/a"


def run_size(size: int, engines: dict[str, Callable[[Path], dict]]) -> dict:
    path = synthetic(size)
    print(f"== {size:,} triples ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
    result: dict = {"size": size}
    for task in ("load-ours", "load-oxigraph", "load-oxigraph-bulk", "load-rdflib", "queries-ours", "queries-rdflib",
                 "serve-rss", "dump-serialise"):  # fmt: skip
        result[task] = measure(task, path)
        print(f"  {task}: {result[task]['seconds']:.2f} s, peak {result[task]['peak_mb']:.0f} MB", flush=True)
    for name, engine in engines.items():
        try:
            result[f"http-{name}"] = engine(path)
        except (RuntimeError, subprocess.SubprocessError, httpx.HTTPError) as exc:
            result[f"http-{name}"] = {"skipped": f"{type(exc).__name__}: {exc}"}
        print(f"  http {name}: {result[f'http-{name}']}", flush=True)
    return result


def versions() -> str:
    import fastapi
    import pyoxigraph
    import rdflib

    hey_version = "hey (Debian)"
    return (f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
            f"FastAPI {fastapi.__version__}, {hey_version}")  # fmt: skip


def report(results: list[dict]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores, "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB; {versions()}.",
        "Synthetic graphs from `bench/synth.py` (seed 1). Every figure of a table comes from the same run; ratios",
        "compare against the baseline measured in that run. HTTP: `hey -c 8` for "
        f"{HEY_SECONDS} s against one server process each.",
        "",
        "## Load (seconds, peak memory above the process's baseline after imports)",
        "",
        "| triples | ours (`Store.load`) | raw pyoxigraph load | pyoxigraph bulk_load | rdflib `Graph.parse` "
        "| ours vs rdflib | ours vs raw |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        o, x, b, f = r["load-ours"], r["load-oxigraph"], r["load-oxigraph-bulk"], r["load-rdflib"]
        cells = [f"{m['seconds']:.2f} s / +{m['peak_mb'] - m['baseline_mb']:.0f} MB" for m in (o, x, b, f)]
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
              "| triples | RSS of a serving process (graph + pre-serialised dumps) | one N-Triples serialisation |",
              "| --- | --- | --- |"]  # fmt: skip
    for r in results:
        dump = r["dump-serialise"]
        rss = f"{r['serve-rss']['peak_mb']:.0f} MB"
        lines.append(f"| {r['size']:,} | {rss} | {dump['serialise_ms']:.0f} ms ({dump['bytes'] / 1e6:.1f} MB) |")
    lines += [
        "",
        "## HTTP (requests/s, p50 / p99 ms, concurrency 8, one server process)",
        "",
        "| triples | endpoint | canned query | uncached /sparql | dump (N-Triples) | dump .gz | dump 304 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        for key in [k for k in r if k.startswith("http-")]:
            cells = []
            for kind in ("canned", "sparql", "dump", "dump.gz", "dump 304"):
                m = r[key].get(kind)
                bad = {c: n for c, n in (m or {}).get("codes", {}).items() if c not in ("200", "304")}
                if m and not m["rps"]:
                    bad = {"no answer": f"within {HEY_SECONDS} s"}
                if m and bad:
                    cells.append(f"errors {bad}")
                elif m:
                    cells.append(f"{m['rps']:.0f} ({m['p50_ms']:.1f} / {m['p99_ms']:.1f})")
                else:
                    cells.append(r[key].get("skipped", "—"))  # fmt: skip
            lines.append(f"| {r['size']:,} | {key[5:]} | " + " | ".join(cells) + " |")
    lines += ["", "## Ratios against the targets", ""]
    for r in results:
        size = f"{r['size']:,}"
        ours, rdfe, oxi = r.get("http-ours", {}), r.get("http-rdflib-endpoint", {}), r.get("http-oxigraph", {})

        def rps(result: dict, kind: str) -> float:
            return result[kind]["rps"] if kind in result else 0.0

        if "canned" in ours and "canned" in rdfe:
            lines.append(
                f"- {size}: canned query, ours / rdflib-endpoint = {ratio(rps(ours, 'canned'), rps(rdfe, 'canned'))}"
            )
        if "canned" in ours and "canned" in oxi:
            lines.append(
                f"- {size}: canned query, ours / oxigraph serve = {ratio(rps(ours, 'canned'), rps(oxi, 'canned'))}"
            )
            lines.append(
                f"- {size}: uncached /sparql, ours / oxigraph = {ratio(rps(ours, 'sparql'), rps(oxi, 'sparql'))}"
            )
        if "dump" in ours and "dump" in oxi:
            dump = ratio(rps(ours, "dump"), rps(oxi, "dump"))
            lines.append(f"- {size}: dump, ours (pre-serialised) / oxigraph (serialised per request) = {dump}")
        serialise_ms = r["dump-serialise"]["serialise_ms"]
        if "dump" in ours and serialise_ms:
            per_request = 1000 / serialise_ms  # at best, one core serialising the graph for each request
            lines.append(f"- {size}: dump, ours pre-serialised {rps(ours, 'dump'):.0f} req/s vs serialising "
                         f"per request (pyoxigraph, {serialise_ms:.0f} ms each) at most {per_request:.1f} req/s = "
                         f"{ratio(rps(ours, 'dump'), per_request)}; .gz {ratio(rps(ours, 'dump.gz'), per_request)}, "
                         f"304 {ratio(rps(ours, 'dump 304'), per_request)}")  # fmt: skip
        load, raw = r["load-ours"]["seconds"], r["load-oxigraph"]["seconds"]
        lines.append(f"- {size}: load, ours {ratio(r['load-rdflib']['seconds'], load)} faster than rdflib, "
                     f"{load / raw:.2f}x raw pyoxigraph")  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")]
    if not shutil.which("hey"):
        print("bench: `hey` is missing (apt-get install hey)", file=sys.stderr)
        return 1
    engines: dict[str, Callable[[Path], dict]] = {
        "ours": http_ours, "rdflib-endpoint": http_rdflib_endpoint, "oxigraph": http_oxigraph,
    }  # fmt: skip
    with tempfile.TemporaryDirectory():
        results = [run_size(size, engines) for size in sizes]
    text = report(results)
    (ROOT / "bench" / "RESULTS.md").write_text(text, encoding="utf-8")
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
