"""Cities: the filtered list, and one city in full."""

from __future__ import annotations

from typing import Any

from api.rest.links import Linker
from api.rest.models import CityDetail, CitySummary, MeetingLink, MigrantShare
from api.rest.paging import Window
from api.rest.provenance import notes_of, sources_of
from api.rest.rows import Row, by_rel, find_one, integer, number, select, text
from api.rest.texts import texts_of
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
    iri, row = await find_one(state, "rest-city-list", "city", id)
    items = [iri]
    link_rows = await select(state, "rest-city-links", {"item": items})
    share_rows = await select(state, "rest-city-shares", {"item": items})
    texts = await texts_of(state, items)
    sources = await sources_of(state, items)
    notes = await notes_of(state, items)
    linker = Linker(state.settings.base_iri)
    rels = by_rel(link_rows)
    own = texts[iri.value]
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
        sources=sources[iri.value],
        notes=notes[iri.value],
    )
