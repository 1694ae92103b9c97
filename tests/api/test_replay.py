"""Exact repeats of cacheable GETs are replayed before routing (api/replay.py): same bytes and headers as the
application's own answer, per Accept, 304 on revalidation, never an error, never across graph versions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.state import GraphState
from cmkg.config import Settings
from cmkg.pipeline import Built
from cmkg.store import OxigraphStore, Store

STORE_BACKENDS = ("embedded",)
CANNED = "/queries/cities-addressing-recommendation?recommendation=protection-against-discrimination"
VOLATILE = {"x-cache", "date", "content-length"}


@pytest.fixture
def fresh(settings: Settings, store: Store) -> Iterator[TestClient]:
    """A client with empty caches (the session client's caches hold other tests' requests)."""
    with TestClient(create_app(settings, store)) as client:
        yield client


def stable(headers) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k not in VOLATILE}


def test_a_repeat_is_replayed_with_the_same_bytes_and_headers(fresh: TestClient) -> None:
    first = fresh.get(CANNED)
    assert first.status_code == 200 and first.headers["x-cache"] == "miss"
    assert len(fresh.app.state.graph.replay) == 1
    again = fresh.get(CANNED)
    assert again.headers["x-cache"] == "hit"
    assert again.content == first.content
    assert stable(again.headers) == stable(first.headers)
    assert int(again.headers["content-length"]) == len(again.content)


def test_each_accept_is_its_own_entry(fresh: TestClient) -> None:
    rows = fresh.get(CANNED).json()
    csv_first = fresh.get(CANNED, headers={"Accept": "text/csv"})
    csv_again = fresh.get(CANNED, headers={"Accept": "text/csv"})
    assert csv_first.headers["content-type"].startswith("text/csv")
    assert csv_again.headers["x-cache"] == "hit" and csv_again.text == csv_first.text
    assert fresh.get(CANNED).json() == rows
    assert len(fresh.app.state.graph.replay) == 2


def test_revalidation_and_head_and_cors_on_a_replay(fresh: TestClient) -> None:
    etag = fresh.get(CANNED).headers["etag"]
    r = fresh.get(CANNED, headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == etag
    assert fresh.get(CANNED, headers={"If-None-Match": '"other"'}).status_code == 200
    head = fresh.head(CANNED)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(fresh.get(CANNED).content)
    cors = fresh.get(CANNED, headers={"Origin": "https://example.org"})
    assert cors.headers["x-cache"] == "hit" and cors.headers["access-control-allow-origin"] == "*"


def test_errors_and_uncacheable_answers_are_never_replayed(fresh: TestClient) -> None:
    for _ in range(2):
        assert fresh.get("/queries/cities-addressing-recommendation?recommendation=nope").status_code == 404
        assert fresh.get("/queries/cities-addressing-recommendation?recommendation=a&x=1").status_code == 422
        assert "x-cache" not in fresh.get("/health").headers
        sparql = fresh.get("/sparql", params={"query": "ASK {}"})
        assert sparql.status_code == 200 and "x-cache" not in sparql.headers
    assert len(fresh.app.state.graph.replay) == 0


def test_a_new_graph_version_is_never_answered_from_the_old_one(settings: Settings, built: Built) -> None:
    recommendation = b"<https://w3id.org/cmkg/recommendation/protection-against-discrimination>"
    fewer = b"".join(line + b"\n" for line in built.ntriples.splitlines() if not line.startswith(recommendation))
    with TestClient(create_app(settings, OxigraphStore.from_ntriples(built.ntriples))) as client:
        before = client.get("/recommendations")
        assert client.get("/recommendations").headers["x-cache"] == "hit"
        client.app.state.graph = GraphState.open(OxigraphStore.from_ntriples(fewer), settings)
        after = client.get("/recommendations")
    assert after.headers["x-cache"] == "miss" and after.headers["etag"] != before.headers["etag"]
    assert after.json()["total"] == before.json()["total"] - 1
