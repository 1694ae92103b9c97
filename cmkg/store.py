"""The store interface and its embedded pyoxigraph backend."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from cmkg.bindings import apply_bindings

Term = ox.NamedNode | ox.Literal | ox.BlankNode


@dataclass(frozen=True)
class SelectResult:
    variables: list[str]
    rows: list[dict[str, Term]]


class Store(Protocol):
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


class OxigraphStore:
    """Embedded pyoxigraph store, in memory (default) or on disk (``path``)."""

    def __init__(self, path: Path | None = None):
        self._store = ox.Store(str(path)) if path else ox.Store()
        self.version = "empty"

    @classmethod
    def from_ntriples(cls, data: bytes, path: Path | None = None) -> OxigraphStore:
        store = cls(path)
        store.replace(data)
        return store

    def replace(self, ntriples: bytes) -> None:
        self._store.clear()
        self._store.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
        self.version = hashlib.sha256(ntriples).hexdigest()[:16]

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> SelectResult:
        result = self._store.query(apply_bindings(query, bindings or {}))
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in variables:
                value = solution[name]
                if value is not None:
                    row[name] = value
            rows.append(row)
        return SelectResult(variables, rows)

    def raw_query(self, query: str, bindings: Mapping[str, Term] | None = None):
        substitutions = {ox.Variable(name): term for name, term in (bindings or {}).items()}
        return self._store.query(query, substitutions=substitutions)

    def query(
        self, query: str, bindings: Mapping[str, Term] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run any read query; results are lazy iterators (SELECT, CONSTRUCT/DESCRIBE) or a boolean (ASK)."""
        return self._store.query(apply_bindings(query, bindings or {}))

    def contains(self, subject: ox.NamedNode, predicate: ox.NamedNode | None = None, obj: Term | None = None) -> bool:
        return next(iter(self._store.quads_for_pattern(subject, predicate, obj)), None) is not None

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return self._store.dump(format=fmt, from_graph=ox.DefaultGraph())

    def dump_with_prefixes(self, fmt: ox.RdfFormat, prefixes: Mapping[str, str]) -> bytes:
        return self._store.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=dict(prefixes))

    def __len__(self) -> int:
        return len(self._store)
