"""What the service holds for one graph version: the store, its catalog, VoID, pre-serialised dumps."""

from __future__ import annotations

import gzip
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from api.cache import ResponseCache
from api.workers import QueryWorkers
from cmkg.catalog import CannedQuery, load_catalog
from cmkg.config import Settings
from cmkg.store import OxigraphStore, Store
from loaders.namespaces import PREFIXES, Minter
from loaders.void import GraphStats, describe

DUMPS = {
    "graph.ttl": (ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "graph.nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "graph.jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}


def load_api_queries(queries_dir: Path) -> dict[str, CannedQuery]:
    return load_catalog(queries_dir / "api")


@dataclass
class Dump:
    name: str
    media_type: str
    body: bytes
    gzipped: bytes


class IsolatedStore:
    """An embedded store whose user queries run in worker processes (api/workers.py).

    Everything else (existence checks, dumps, counts) goes to the in-process store: those are cheap
    and bounded, so they need no isolation."""

    def __init__(self, inner: Store, workers: QueryWorkers):
        self.inner = inner
        self.workers = workers

    @property
    def version(self) -> str:
        return self.inner.version

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def __len__(self) -> int:
        return len(self.inner)


@dataclass
class GraphState:
    store: Store
    settings: Settings
    catalog: dict[str, CannedQuery]
    api_queries: dict[str, CannedQuery]
    loaded_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    cache: ResponseCache = field(default_factory=lambda: ResponseCache(0))
    # responses replayed before routing for exact repeats of a request (api/replay.py)
    replay: ResponseCache = field(default_factory=lambda: ResponseCache(0))
    opened_version: str = ""
    _dumps: dict[str, Dump] = field(default_factory=dict)
    _void: bytes | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, store: Store, settings: Settings) -> GraphState:
        if settings.query_workers > 0 and isinstance(store, OxigraphStore):
            workers = QueryWorkers(
                store.dump(ox.RdfFormat.N_TRIPLES), settings.query_workers, settings.worker_memory_mb,
                settings.retry_after, settings.queue_timeout, in_memory=settings.worker_store == "memory",
            )  # fmt: skip
            store = IsolatedStore(store, workers)
        return cls(
            store=store,
            settings=settings,
            catalog=load_catalog(settings.queries_dir),
            api_queries=load_api_queries(settings.queries_dir),
            cache=ResponseCache(settings.cache_entries),
            replay=ResponseCache(settings.cache_entries),
            opened_version=store.version,
        )

    @property
    def stale(self) -> bool:
        """True once a remote store moved to another graph version (`cmkg load`): caches must not follow."""
        return self.store.version != self.opened_version

    @property
    def version(self) -> str:
        return self.store.version

    @property
    def workers(self) -> QueryWorkers | None:
        return self.store.workers if isinstance(self.store, IsolatedStore) else None

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()

    @property
    def etag(self) -> str:
        return f'"{self.version}"'

    @property
    def last_modified(self) -> str:
        return format_datetime(self.loaded_at, usegmt=True)

    def dump(self, name: str) -> Dump:
        """The named dump, serialised once per graph version (not per request)."""
        with self._lock:
            if name not in self._dumps:
                fmt, media_type = DUMPS[name]
                prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
                body = self.store.dump(fmt) if fmt == ox.RdfFormat.N_TRIPLES else self._dump_with(fmt, prefixes)
                self._dumps[name] = Dump(name, media_type, body, gzip.compress(body, compresslevel=6, mtime=0))
            return self._dumps[name]

    def _dump_with(self, fmt: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
        dump = getattr(self.store, "dump_with_prefixes", None)
        return dump(fmt, prefixes) if dump else self.store.dump(fmt)

    def stats(self) -> GraphStats:
        classes = self.store.select(self.api_queries["void-classes"].text)
        properties = self.store.select(self.api_queries["void-properties"].text)
        subjects = self.store.select(self.api_queries["void-subjects"].text)
        return GraphStats(
            triples=len(self.store),
            distinct_subjects=int(subjects.rows[0]["count"].value),
            classes={URIRef(r["class"].value): int(r["count"].value) for r in classes.rows},
            properties={URIRef(r["property"].value): int(r["count"].value) for r in properties.rows},
        )

    def void_turtle(self) -> bytes:
        with self._lock:
            if self._void is None:
                minter = Minter(self.settings.base_iri)
                graph = describe(self.stats(), self.settings.base_iri, minter.dataset())
                self._void = graph.serialize(format="turtle", encoding="utf-8")
            return self._void
