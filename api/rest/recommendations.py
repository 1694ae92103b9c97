"""MC2CM policy recommendations: the list, and one recommendation in full."""

from __future__ import annotations

from typing import Any

from api.rest.links import Linker
from api.rest.models import RecommendationDetail, RecommendationSummary
from api.rest.paging import Window
from api.rest.record import gather
from api.rest.rows import Row, integer, select, text
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
    rec = await gather(state, "recommendation", id)
    row, rels, own, linker = rec.row, rec.rels, rec.own, rec.linker
    return RecommendationDetail(
        **_summary(linker, row),
        labels=own.labels,
        alt_labels=own.alt_labels,
        definition=own.definition,
        actions=linker.links(rels["action"]),
        cities=linker.links(rels["city"]),
        sources=rec.sources,
        notes=rec.notes,
    )
