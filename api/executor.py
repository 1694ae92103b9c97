"""Run a read-only SPARQL query with a deadline and a result cap, off the event loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool

from api.errors import QuerySyntax, QueryTimeout, QueryTooComplex, ServiceForbidden, UpdateForbidden
from api.query_worker import decode
from api.sparql_text import MAX_NESTING, looks_like_update, nesting_depth, uses_service
from cmkg.bindings import apply_bindings
from cmkg.store import Store

CHECK_EVERY = 256


class _Expired(Exception):
    pass


@dataclass
class QueryOutcome:
    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False
    # the result already serialised in the media type asked for its kind (by a query worker), or None
    body: bytes | None = None
    unacceptable: bool = False


def check_query(query: str, allow_service: bool) -> None:
    """Refuse what a read-only public endpoint must not run, before running anything."""
    if looks_like_update(query):
        raise UpdateForbidden("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused")
    depth = nesting_depth(query)
    if depth > MAX_NESTING:
        # a parser recursing that deep can overflow its stack: refuse before parsing
        raise QueryTooComplex(f"the query nests groups or expressions {depth} deep; the limit is {MAX_NESTING}")
    if not allow_service and uses_service(query):
        raise ServiceForbidden(
            "SERVICE (federated query) is disabled on this endpoint: it would make the server fetch URLs"
        )


def _execute(store: Store, query: str, bindings: Mapping, max_rows: int, deadline: float) -> QueryOutcome:
    try:
        result = store.query(query, bindings)
    except SyntaxError as exc:
        if looks_like_update(query):
            raise UpdateForbidden("this endpoint is read-only: SPARQL Update is refused") from None
        raise QuerySyntax(f"SPARQL syntax error: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryOutcome(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        outcome = QueryOutcome(kind="select", variables=variables)
        for count, solution in enumerate(result):
            if count >= max_rows:
                outcome.truncated = True
                break
            if count % CHECK_EVERY == 0 and time.monotonic() > deadline:
                raise _Expired
            outcome.rows.append({v: solution[v] for v in variables if solution[v] is not None})
        return outcome
    outcome = QueryOutcome(kind="graph")
    for count, triple in enumerate(result):
        if count >= max_rows:
            outcome.truncated = True
            break
        if count % CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise _Expired
        outcome.triples.append(triple)
    return outcome


def _decode(payload: dict) -> QueryOutcome:
    kind = payload["kind"]
    if "body" in payload or payload.get("unacceptable"):
        return QueryOutcome(
            kind=kind,
            body=payload.get("body"),
            truncated=payload.get("truncated", False),
            unacceptable=payload.get("unacceptable", False),
        )
    if kind == "ask":
        return QueryOutcome(kind="ask", boolean=payload["boolean"])
    if kind == "select":
        rows = [{name: decode(term) for name, term in row.items()} for row in payload["rows"]]
        return QueryOutcome(kind="select", variables=payload["variables"], rows=rows, truncated=payload["truncated"])
    triples = [ox.Triple(decode(s), decode(p), decode(o)) for s, p, o in payload["triples"]]
    return QueryOutcome(kind="graph", triples=triples, truncated=payload["truncated"])


async def run_query(
    store: Store,
    query: str,
    *,
    bindings: Mapping | None = None,
    timeout: float,
    max_rows: int,
    allow_service: bool = False,
    formats: Mapping | None = None,
) -> QueryOutcome:
    """Run a query. With ``formats`` ({"select": media type | None, "graph": ..., "prefixes": ...}) a query
    worker, when there is one, answers with the result already serialised (``QueryOutcome.body``): the
    fast path of /sparql. Callers must still handle an outcome without a body (no workers, or a capped
    result), and ``unacceptable`` (no serialisation of the result's kind was acceptable)."""
    check_query(query, allow_service)
    workers = getattr(store, "workers", None)
    if workers is not None:
        wire = dict(formats) if formats is not None else None
        payload = await workers.run(apply_bindings(query, bindings or {}), max_rows, timeout, wire)
        return _decode(payload)
    deadline = time.monotonic() + timeout
    message = f"the query ran longer than the {timeout:g} s limit (setting CMKG_QUERY_TIMEOUT)"
    try:
        return await asyncio.wait_for(
            run_in_threadpool(_execute, store, query, bindings or {}, max_rows, deadline), timeout
        )
    except (TimeoutError, _Expired):
        raise QueryTimeout(message) from None
    except OSError as exc:
        raise QuerySyntax(f"the query could not be evaluated: {exc}") from None
