"""MC2CM policy recommendations: the list, and one recommendation in full."""

from __future__ import annotations

from typing import Any

from api.rest.links import Linker
from api.rest.models import RecommendationDetail, RecommendationSummary
from api.rest.paging import Window
from api.rest.provenance import notes_of, sources_of
from api.rest.rows import Row, by_rel, find_one, integer, select, text
from api.rest.texts import texts_of
from api.state import GraphState
from cmkg.bindings import Binding


def _summary(linker: Linker, row: Row) -> dict[str, Any]:
    return {
        **linker.fields(row["item"].value),
        "label": text(row, "label"),
        "action_count": integer(row, "actions") or 0,
        "city_count": integer(row, "cities") or 0,
    }


async def search(
    state: GraphState, filters: dict[str, Binding], page: Window
) -> tuple[int, list[RecommendationSummary]]:
    rows = await select(state, "rest-recommendation-list", filters)
    linker = Linker(state.settings.base_iri)
    return len(rows), [RecommendationSummary(**_summary(linker, row)) for row in page.cut(rows)]


async def detail(state: GraphState, id: str) -> RecommendationDetail:
    iri, row = await find_one(state, "rest-recommendation-list", "recommendation", id)
    items = [iri]
    link_rows = await select(state, "rest-recommendation-links", {"item": items})
    texts = await texts_of(state, items)
    sources = await sources_of(state, items)
    notes = await notes_of(state, items)
    linker = Linker(state.settings.base_iri)
    rels = by_rel(link_rows)
    own = texts[iri.value]
    return RecommendationDetail(
        **_summary(linker, row),
        labels=own.labels,
        alt_labels=own.alt_labels,
        definition=own.definition,
        actions=linker.links(rels["action"]),
        cities=linker.links(rels["city"]),
        sources=sources[iri.value],
        notes=notes[iri.value],
    )
