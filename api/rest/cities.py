"""Cities: the filtered list, and one city in full."""

from __future__ import annotations

from typing import Any

from api.rest.links import Linker
from api.rest.models import CityDetail, CitySummary, MeetingLink, MigrantShare
from api.rest.paging import Window
from api.rest.record import gather
from api.rest.rows import Row, integer, number, select, text
from api.state import GraphState
from cmkg.bindings import Binding


def _summary(linker: Linker, row: Row) -> dict[str, Any]:
    return {
        **linker.fields(row["item"].value),
        "label": text(row, "label"),
        "country": linker.from_row(row, "country", "countryLabel"),
        "action_count": integer(row, "actions") or 0,
    }


async def search(state: GraphState, filters: dict[str, Binding], page: Window) -> tuple[int, list[CitySummary]]:
    rows = await select(state, "rest-city-list", filters)
    linker = Linker(state.settings.base_iri)
    return len(rows), [CitySummary(**_summary(linker, row)) for row in page.cut(rows)]


def _share(linker: Linker, row: Row) -> MigrantShare:
    return MigrantShare(
        value=number(row, "value") or 0.0,
        year=integer(row, "year"),
        source=linker.link(row["source"].value, text(row, "sourceLabel")),
        passage=text(row, "passage"),
        note=text(row, "note"),
    )


async def detail(state: GraphState, id: str) -> CityDetail:
    rec = await gather(state, "city", id)
    iri, row, rels, own, linker = rec.iri, rec.row, rec.rels, rec.own, rec.linker
    share_rows = await select(state, "rest-city-shares", {"item": [iri]})
    meetings = [
        linker.extended(MeetingLink, r["target"].value, text(r, "label"), start=text(r, "start"), end=text(r, "end"))
        for r in rels["meeting"]
    ]
    return CityDetail(
        **_summary(linker, row),
        labels=own.labels,
        alt_labels=own.alt_labels,
        migrant_shares=[_share(linker, r) for r in share_rows],
        actions=linker.links(rels["action"]),
        recommendations=linker.links(rels["recommendation"]),
        districts=linker.links(rels["district"]),
        meetings=meetings,
        publications=linker.links(rels["publication"]),
        sources=rec.sources,
        notes=rec.notes,
    )
