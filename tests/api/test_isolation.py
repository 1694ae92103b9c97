"""Runaway queries are really stopped (their worker process is killed) while the service keeps answering."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from cmkg.config import Settings
from cmkg.store import OxigraphStore

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture
def one_worker(settings: Settings, store: OxigraphStore) -> Iterator[TestClient]:
    strict = settings.model_copy(update={"query_timeout": 0.5, "query_workers": 1, "queue_timeout": 0.05})
    with TestClient(create_app(strict, store)) as client:
        yield client


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child not yet reaped is a zombie: it uses no CPU or memory any more
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):  # reaped between the two looks, or while reading
        return False


def test_runaway_query_is_killed_and_replaced(one_worker: TestClient) -> None:
    workers = one_worker.app.state.graph.workers
    (pid,) = workers.pids()
    started = time.monotonic()
    r = one_worker.get("/sparql", params={"query": RUNAWAY})
    took = time.monotonic() - started
    assert r.status_code == 503 and r.json()["error"] == "query_timeout"
    assert took < 5
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid), "the worker running the runaway query must be gone"
    while not workers.pids() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers.pids() and workers.pids() != [pid]
    assert workers.killed == 1
    ok = one_worker.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_health_answers_while_a_runaway_runs_and_excess_gets_429(one_worker: TestClient) -> None:
    results: dict[str, int] = {}

    def runaway() -> None:
        results["runaway"] = one_worker.get("/sparql", params={"query": RUNAWAY}).status_code

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.15)
    assert one_worker.get("/health").status_code == 200
    busy = one_worker.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert busy.status_code == 429
    assert busy.json()["error"] == "too_many_queries" and busy.headers["retry-after"] == "1"
    thread.join(timeout=15)
    assert results["runaway"] == 503


def test_worker_memory_is_bounded(settings: Settings, store: OxigraphStore) -> None:
    tight = settings.model_copy(update={"query_timeout": 20, "query_workers": 1, "worker_memory_mb": 800})
    hog = "SELECT ?a ?b ?c WHERE { ?a ?p1 ?x . ?b ?p2 ?y . ?c ?p3 ?z } ORDER BY ?a ?b ?c"
    with TestClient(create_app(tight, store)) as client:
        r = client.get("/sparql", params={"query": hog})
        assert r.status_code == 503
        assert r.json()["error"] in ("query_memory_limit", "query_timeout")
        assert client.get("/health").status_code == 200


@pytest.mark.parametrize("worker_store", ["memory", "disk"])
def test_both_worker_stores_answer_the_same(settings: Settings, store: OxigraphStore, worker_store: str) -> None:
    """Workers hold their own in-memory copy (default) or share a read-only disk copy: same answers, and a
    runaway query is stopped either way."""
    chosen = settings.model_copy(update={"worker_store": worker_store, "query_timeout": 0.5, "query_workers": 1})
    query = (
        "SELECT ?label WHERE { <https://w3id.org/cmkg/city/tetouan> <http://www.w3.org/2000/01/rdf-schema#label> "
        "?label }"
    )
    with TestClient(create_app(chosen, store)) as client:
        assert client.app.state.graph.workers.source[0] == worker_store
        labels = {
            b["label"]["value"] for b in client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
        }
        assert labels == {"Tetouan"}
        assert client.get("/sparql", params={"query": RUNAWAY}).status_code == 503
        deadline = time.monotonic() + 60  # the killed worker's replacement loads its copy in the background
        while (after := client.get("/sparql", params={"query": query, "format": "csv"})).status_code == 429:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert after.status_code == 200 and after.text.splitlines()[1] == "Tetouan"
