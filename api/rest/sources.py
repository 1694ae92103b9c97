"""Source documents: the list, and one document with the number of records transcribed from it."""

from __future__ import annotations

from typing import Any

from api.rest.links import Linker
from api.rest.models import SourceDetail, SourceSummary
from api.rest.paging import Window
from api.rest.rows import Row, find_one, integer, select, text
from api.rest.texts import texts_of
from api.state import GraphState
from cmkg.bindings import Binding


def _summary(linker: Linker, row: Row) -> dict[str, Any]:
    return {
        **linker.fields(row["item"].value),
        "title": text(row, "label"),
        "file": text(row, "file"),
        "kind": text(row, "kind"),
        "publisher": text(row, "publisher"),
    }


async def search(state: GraphState, filters: dict[str, Binding], page: Window) -> tuple[int, list[SourceSummary]]:
    rows = await select(state, "rest-source-list", filters)
    linker = Linker(state.settings.base_iri)
    return len(rows), [SourceSummary(**_summary(linker, row)) for row in page.cut(rows)]


async def detail(state: GraphState, id: str) -> SourceDetail:
    iri, row = await find_one(state, "rest-source-list", "source", id)
    items = [iri]
    count_rows = await select(state, "rest-source-counts", {"item": items})
    texts = await texts_of(state, items)
    own = texts[iri.value]
    return SourceDetail(
        **_summary(Linker(state.settings.base_iri), row),
        titles=own.labels,
        description=own.description,
        records={r["records"].value: integer(r, "count") or 0 for r in count_rows},
    )
