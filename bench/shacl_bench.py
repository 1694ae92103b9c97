"""SHACL validation at scale: pyshacl against the fast validator on synthetic graphs of 100k and 1M triples.

Each measurement runs in its own child process, so its peak memory (``ru_maxrss``) is its own. For each size:
pyshacl (``loaders.validate.validate_graph``, inference none) and ``loaders.shacl_fast`` on the same N-Triples
and the same shapes: load time, validation time (wall and CPU), peak RSS, the speed-up, and the time to
revalidate after editing one record (an action: new title, one objective fewer, one more city).

    python -m bench.shacl_bench                      # 100k and 1M (pyshacl at 1M takes several minutes)
    python -m bench.shacl_bench --sizes 100000 --seed 2
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.synth import ROOT, write

SHAPES_DIR = ROOT / "shapes"


def _timed(work: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_pyshacl(data: Path) -> dict[str, Any]:
    from rdflib import Graph

    from loaders.validate import load_shapes, validate_graph

    shapes, shapes_wall, _ = _timed(lambda: load_shapes(SHAPES_DIR))
    graph, load_wall, _ = _timed(lambda: Graph().parse(data, format="nt"))
    report, wall, cpu = _timed(lambda: validate_graph(graph, shapes))
    return {
        "triples": len(graph),
        "shapes_s": shapes_wall,
        "load_s": load_wall,
        "validate_s": wall,
        "validate_cpu_s": cpu,
        "violations": len(report.violations),
        "peak_mb": _peak_mb(),
    }


def validate_fast(data: Path) -> tuple[dict[str, Any], Any, Any, Any]:
    """Compile the shapes, bulk-load the N-Triples into pyoxigraph and validate: timings, validator, store, report."""
    import pyoxigraph as ox

    from loaders.shacl_fast import FastValidator
    from loaders.validate import load_shapes

    validator, compile_wall, _ = _timed(lambda: FastValidator(load_shapes(SHAPES_DIR)))
    store = ox.Store()
    _, load_wall, _ = _timed(lambda: store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES))
    report, wall, cpu = _timed(lambda: validator.validate(store))
    timings = {
        "triples": len(store),
        "compile_s": compile_wall,
        "load_s": load_wall,
        "validate_s": wall,
        "validate_cpu_s": cpu,
        "violations": len(report.violations),
        "conforms": report.conforms,
    }
    return timings, validator, store, report


def measure_fast(data: Path) -> dict[str, Any]:
    from loaders.shacl_fast.incremental import LiveValidator

    result, validator, store, report = validate_fast(data)
    live = LiveValidator(validator, store, report=report)
    edits = [_edit_one_action(live, n) for n in range(1, 8)]
    return {
        **result,
        "revalidate_s": statistics.median(t for t, _ in edits),
        "revalidate_max_s": max(t for t, _ in edits),
        "revalidated_focus_nodes": max(n for _, n in edits),
        "revalidation_exact": live.report == validator.validate(store),
        "peak_mb": _peak_mb(),
    }


def _edit_one_action(live: Any, n: int) -> tuple[float, int]:
    """Edit one record as an editor would (title, an objective, a city) and revalidate what it affects."""
    import pyoxigraph as ox

    base, ontology = "https://w3id.org/cmkg/", "https://w3id.org/cmkg/ontology#"
    action = ox.NamedNode(f"{base}action/action-{n * 97}")
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    objective, city = ox.NamedNode(f"{ontology}hasObjective"), ox.NamedNode(f"{ontology}city")
    start = time.perf_counter()
    with live.editing([action]) as store:
        for quad in list(store.quads_for_pattern(action, title, None)):
            store.remove(quad)
        store.add(ox.Quad(action, title, ox.Literal(f"Edited title {n}", language="en")))
        for quad in list(store.quads_for_pattern(action, objective, None))[:1]:
            store.remove(quad)
        store.add(ox.Quad(action, city, ox.NamedNode(f"{base}city/city-{n}")))
    return time.perf_counter() - start, len(live.last_focus or ())


def child(kind: str, data: Path) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return what it printed (JSON)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.shacl_bench", "--child", kind, str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(sizes: list[int], seed: int, workdir: Path) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        data = workdir / f"synth-{size}-{seed}.nt"
        with data.open("wb") as out:
            write(size, seed, out)
        print(f"\n== {size:,} triples requested (seed {seed}) ==", flush=True)
        fast = child("fast", data)
        print(f"fast:    {json.dumps(fast)}", flush=True)
        reference = child("pyshacl", data)
        print(f"pyshacl: {json.dumps(reference)}", flush=True)
        rows.append({"size": size, "fast": fast, "pyshacl": reference})
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| triples | pyshacl validate (cpu) | pyshacl peak | fast validate (cpu) | fast peak | speed-up | "
        "load: rdflib / oxigraph | one-record revalidation |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        p, f = row["pyshacl"], row["fast"]
        lines.append(
            f"| {f['triples']:,} | {p['validate_s']:.1f} s ({p['validate_cpu_s']:.1f}) | {p['peak_mb']:.0f} MB "
            f"| {f['validate_s']:.2f} s ({f['validate_cpu_s']:.2f}) | {f['peak_mb']:.0f} MB "
            f"| {p['validate_s'] / f['validate_s']:.1f}x (cpu {p['validate_cpu_s'] / f['validate_cpu_s']:.1f}x) "
            f"| {p['load_s']:.1f} s / {f['load_s']:.1f} s "
            f"| {f['revalidate_s'] * 1000:.0f} ms (max {f['revalidate_max_s'] * 1000:.0f} ms, "
            f"{f['revalidated_focus_nodes']} focus nodes) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, data = args.child
        measure = measure_fast if kind == "fast" else measure_pyshacl
        print(json.dumps(measure(Path(data))))
        return 0
    with tempfile.TemporaryDirectory(prefix="cmkg-bench-") as workdir:
        rows = run(args.sizes, args.seed, Path(workdir))
    for row in rows:
        p, f = row["pyshacl"], row["fast"]
        assert p["violations"] == f["violations"] == 0, "the synthetic graph should be valid for both"
        assert f["revalidation_exact"], "revalidation must give the full validation's report"
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
