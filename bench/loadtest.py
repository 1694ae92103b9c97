"""Bounded load test: starts the service on 127.0.0.1, drives a mixed workload, stops by itself.

    .venv/bin/python -m bench.loadtest [--duration 60] [--concurrency 32]

The mix: canned queries, REST lists and items, dumps (with and without revalidation), URI content
negotiation and /sparql. Prints throughput and latency percentiles; exits 1 if any request failed.
Only loopback addresses are used; the request loop ends after --duration seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent
RECOMMENDATIONS = ["protection-against-discrimination", "welcome-instruments", "access-to-education",
                   "multilevel-governance", "access-to-health"]  # fmt: skip
CITIES = ["tangier", "tetouan", "oujda", "beirut", "amman", "rabat", "nador", "sfax"]
SPARQL = [
    "PREFIX cmkg: <https://w3id.org/cmkg/ontology#> SELECT ?a WHERE { ?a cmkg:city ?c } LIMIT 20",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { <https://w3id.org/cmkg/city/tetouan> ?p ?o }",
]


def pick(rng: random.Random) -> tuple[str, str, dict[str, str], dict[str, str]]:
    """(name, path, params, headers) of one request of the mix."""
    kind = rng.choices(["canned", "rest", "dump", "conneg", "sparql"], weights=[30, 30, 10, 15, 15])[0]
    if kind == "canned":
        rec = rng.choice(RECOMMENDATIONS)
        return kind, "/queries/cities-addressing-recommendation", {"recommendation": rec}, {}
    if kind == "rest":
        if rng.random() < 0.5:
            return kind, "/actions", {"recommendation": rng.choice(RECOMMENDATIONS), "limit": "10"}, {}
        return kind, f"/cities/{rng.choice(CITIES)}", {}, {}
    if kind == "dump":
        return kind, "/dumps/graph.ttl.gz", {}, {}
    if kind == "conneg":
        accept = rng.choice(["text/turtle", "application/ld+json", "text/html", "application/n-triples"])
        return kind, f"/city/{rng.choice(CITIES)}", {}, {"Accept": accept}
    return kind, "/sparql", {"query": rng.choice(SPARQL)}, {"Accept": "application/sparql-results+json"}


async def user(client: httpx.AsyncClient, seed: int, stop_at: float, samples: list, errors: Counter) -> None:
    rng = random.Random(seed)
    etags: dict[str, str] = {}
    while time.monotonic() < stop_at:
        kind, path, params, headers = pick(rng)
        if kind == "dump" and path in etags and rng.random() < 0.5:
            headers = {"If-None-Match": etags[path]}
        started = time.perf_counter()
        try:
            response = await client.get(path, params=params, headers=headers)
        except httpx.HTTPError as exc:
            errors[f"{kind}: {type(exc).__name__}"] += 1
            continue
        samples.append((kind, time.perf_counter() - started))
        if response.status_code not in (200, 304):
            errors[f"{kind}: HTTP {response.status_code}"] += 1
        elif "etag" in response.headers:
            etags[path] = response.headers["etag"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


async def drive(url: str, duration: float, concurrency: int) -> tuple[list, Counter, float]:
    samples: list[tuple[str, float]] = []
    errors: Counter = Counter()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        started = time.monotonic()
        stop_at = started + duration
        await asyncio.gather(*(user(client, i, stop_at, samples, errors) for i in range(concurrency)))
        return samples, errors, time.monotonic() - started


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "CMKG_QUERY_WORKERS": str(workers)}
    cmd = [
        sys.executable,
        "-m",
        "cmkg.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(url: str, process: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become ready")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="query worker processes of the server")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(port, args.workers)
    try:
        wait_ready(url, server)
        samples, errors, elapsed = asyncio.run(drive(url, args.duration, args.concurrency))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    latencies = [s for _k, s in samples]
    print(f"load test: {args.concurrency} concurrent clients for {elapsed:.1f} s against {url} (1 uvicorn worker)")
    print(f"requests: {len(samples)}  throughput: {len(samples) / elapsed:.0f} req/s  errors: {sum(errors.values())}")
    print(f"latency ms: p50 {percentile(latencies, 0.5):.1f}  p95 {percentile(latencies, 0.95):.1f}  "
          f"p99 {percentile(latencies, 0.99):.1f}  max {max(latencies, default=0) * 1000:.1f}")  # fmt: skip
    for kind in sorted({k for k, _ in samples}):
        values = [s for k, s in samples if k == kind]
        print(f"  {kind:7s} n={len(values):6d}  p50 {percentile(values, 0.5):7.1f}  p99 {percentile(values, 0.99):7.1f}"
              f"  mean {statistics.mean(values) * 1000:7.1f}")  # fmt: skip
    for error, count in errors.most_common():
        print(f"  error {error}: {count}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
