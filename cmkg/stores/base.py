"""The store interface every backend implements, its result type and its errors."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import pyoxigraph as ox

from cmkg.config import PROJECT_ROOT

Term = ox.NamedNode | ox.Literal | ox.BlankNode
STORE_QUERIES = PROJECT_ROOT / "queries" / "store"


@dataclass(frozen=True)
class SelectResult:
    variables: list[str]
    rows: list[dict[str, Term]]


class Store(Protocol):
    """What the service and the command line need of a store, whatever engine is behind it.

    ``query`` answers with pyoxigraph objects (``QuerySolutions``, ``QueryBoolean``, or an iterable of
    ``Triple`` for CONSTRUCT/DESCRIBE) so callers never see which engine answered.
    """

    version: str

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> SelectResult: ...

    def query(
        self, query: str, bindings: Mapping[str, Term] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples: ...

    def contains(
        self, subject: ox.NamedNode, predicate: ox.NamedNode | None = None, obj: Term | None = None
    ) -> bool: ...

    def dump(self, fmt: ox.RdfFormat) -> bytes: ...

    def __len__(self) -> int: ...


class StoreError(Exception):
    """The store could not do what was asked, and it is not the query's fault (configuration, engine)."""


class StoreUnavailable(StoreError):
    """The engine cannot be reached, or answers with a server error: worth retrying later (HTTP 503)."""


class NotLoaded(StoreUnavailable):
    """The engine answers but holds no graph of ours yet (run `cmkg load`)."""


class StoreTimeout(StoreError, TimeoutError):
    """The engine stopped the query at its time limit (a TimeoutError, so callers treat it as one)."""


def graph_version(ntriples: bytes) -> str:
    """The version of a built graph: a digest of its sorted N-Triples (same data, same version)."""
    return hashlib.sha256(ntriples).hexdigest()[:16]


@lru_cache
def store_query(name: str) -> str:
    """The text of queries/store/{name}.rq (all SPARQL the backends send lives in files)."""
    return (STORE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def select_result(solutions: ox.QuerySolutions) -> SelectResult:
    variables = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        rows.append({name: value for name in variables if (value := solution[name]) is not None})
    return SelectResult(variables, rows)


def as_triples(items: Iterable[ox.Triple | ox.Quad]) -> list[ox.Triple]:
    return [ox.Triple(t.subject, t.predicate, t.object) for t in items]
