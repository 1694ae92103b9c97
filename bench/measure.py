"""One measurement in a fresh process, so its peak memory is its own: prints a JSON line.

python -m bench.measure TASK FILE.nt [ARGS...]
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from cmkg.bindings import apply_bindings
from cmkg.catalog import load_catalog
from cmkg.config import PROJECT_ROOT
from cmkg.store import OxigraphStore

QUERIES = {
    # name -> raw parameters (synthetic graphs use recommendation-N and goal numbers)
    "cities-addressing-recommendation": {"recommendation": "recommendation-0"},
    "actions-per-goal": {},
    "actions-for-goal": {"goal": "16"},
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bound_queries() -> dict[str, str]:
    catalog = load_catalog(PROJECT_ROOT / "queries")
    texts = {}
    for name, raw in QUERIES.items():
        query = catalog[name]
        texts[name] = apply_bindings(query.text, query.bind(raw, "https://w3id.org/cmkg/"))
    return texts


def main() -> None:
    task, path = sys.argv[1], Path(sys.argv[2])
    data = path.read_bytes()
    base_mb = peak_mb()
    result: dict[str, object] = {"task": task}
    started = time.perf_counter()
    if task == "load-ours":
        # as `cmkg serve` loads a build the fast SHACL engine validated: oxigraph's strict parser has already
        # accepted these bytes there (the validate-fast task), so this second parse skips its checks
        store = OxigraphStore.from_ntriples(data, checked=True)
        result["triples"] = len(store)
    elif task == "load-oxigraph":
        raw = ox.Store()
        raw.load(data, format=ox.RdfFormat.N_TRIPLES)
        result["triples"] = len(raw)
    elif task == "load-oxigraph-bulk":
        raw = ox.Store()
        raw.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        result["triples"] = len(raw)
    elif task == "load-rdflib":
        from rdflib import Graph

        graph = Graph().parse(data=data, format="nt")
        result["triples"] = len(graph)
    elif task in ("queries-ours", "queries-rdflib"):
        texts = bound_queries()
        if task == "queries-ours":
            store = OxigraphStore.from_ntriples(data)
            run = lambda q: len(store.select(q).rows)  # noqa: E731
        else:
            from rdflib import Graph

            graph = Graph().parse(data=data, format="nt")
            run = lambda q: len(list(graph.query(q)))  # noqa: E731
        timings = {}
        for name, text in texts.items():
            runs = []
            try:
                for _ in range(5):
                    t = time.perf_counter()
                    rows = run(text)
                    runs.append(time.perf_counter() - t)
            except Exception as exc:  # rdflib's engine fails on some valid queries; report, don't crash
                timings[name] = {"error": f"{type(exc).__name__}: {exc}"}
                continue
            timings[name] = {"median_ms": statistics.median(runs) * 1000, "rows": rows}
        result["queries"] = timings
    elif task == "serve-rss":
        from api.state import GraphState
        from cmkg.config import Settings

        state = GraphState.open(OxigraphStore.from_ntriples(data), Settings(query_workers=0))
        state.dump("graph.nt")
        state.dump("graph.ttl")
        result["triples"] = len(state.store)
    elif task == "dump-serialise":
        store = OxigraphStore.from_ntriples(data)
        t = time.perf_counter()
        body = store.dump(ox.RdfFormat.N_TRIPLES)
        result["serialise_ms"] = (time.perf_counter() - t) * 1000
        result["bytes"] = len(body)
    elif task == "validate-pyshacl":  # rdflib parse + pyshacl, the reference engine (shapes parse included)
        from bench.shacl_bench import measure_pyshacl

        result.update(measure_pyshacl(path))
        result["seconds"] = result["shapes_s"] + result["load_s"] + result["validate_s"]
    elif task == "validate-fast":  # shapes compiled to SPARQL + pyoxigraph load + validation, then 7 one-record edits
        from bench.shacl_bench import measure_fast

        timings = measure_fast(path)
        result.update(timings)
        result["seconds"] = timings["compile_s"] + timings["load_s"] + timings["validate_s"]
    else:
        raise SystemExit(f"unknown task {task}")
    result.setdefault("seconds", time.perf_counter() - started)
    result["peak_mb"] = peak_mb()
    result["baseline_mb"] = base_mb
    print(json.dumps(result))


if __name__ == "__main__":
    main()
