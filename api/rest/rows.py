"""Run a REST query (``queries/api/<name>.rq``) off the event loop, and read its rows."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping

import pyoxigraph as ox

from api.errors import UnknownResource
from api.executor import run_query
from api.rest.iris import KINDS, iri_of
from api.state import GraphState
from cmkg.bindings import Binding

log = logging.getLogger("cmkg.api")

Row = dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]


async def select(state: GraphState, name: str, bindings: Mapping[str, Binding]) -> list[Row]:
    """The rows of a named query, values bound as VALUES blocks (terms built from validated input only)."""
    outcome = await run_query(
        state.store,
        state.api_queries[name].text,
        bindings=bindings,
        timeout=state.settings.query_timeout,
        max_rows=state.settings.max_result_rows,
    )
    if outcome.truncated:
        log.warning("query %s was cut at %d rows (setting CMKG_MAX_RESULT_ROWS)", name, len(outcome.rows))
    return outcome.rows


def text(row: Row, key: str) -> str | None:
    term = row.get(key)
    return None if term is None else term.value


def integer(row: Row, key: str) -> int | None:
    value = text(row, key)
    return int(value) if value is not None else None


def number(row: Row, key: str) -> float | None:
    value = text(row, key)
    return float(value) if value is not None else None


def boolean(row: Row, key: str) -> bool:
    return text(row, key) in ("true", "1")


def by_item(rows: list[Row]) -> dict[str, list[Row]]:
    """Rows grouped by the IRI in their ``?item`` column, in query order."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["item"].value].append(row)
    return grouped


def by_rel(rows: list[Row]) -> dict[str, list[Row]]:
    """Rows grouped by their ``?rel`` column (the name of a relation), in query order."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["rel"].value].append(row)
    return grouped


async def find_one(state: GraphState, name: str, kind: str, id: str) -> tuple[ox.NamedNode, Row]:
    """The IRI and list row of one resource (its list query with ?item bound), or a 404."""
    iri = iri_of(kind, id, state.settings.base_iri)
    rows = await select(state, name, {"item": iri})
    if not rows:
        collection = KINDS[kind].collection
        raise UnknownResource(f"no {kind} '{id}' in the graph; see {collection}")
    return iri, rows[0]
