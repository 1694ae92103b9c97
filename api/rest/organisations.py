"""Organisations: the list, and one organisation with its roles."""

from __future__ import annotations

from typing import Any

from api.rest.links import Linker
from api.rest.models import OrganisationDetail, OrganisationSummary
from api.rest.paging import Window
from api.rest.provenance import notes_of, sources_of
from api.rest.rows import Row, by_rel, find_one, select, text
from api.rest.texts import texts_of
from api.state import GraphState
from cmkg.bindings import Binding


def _summary(linker: Linker, row: Row) -> dict[str, Any]:
    return {
        **linker.fields(row["item"].value),
        "label": text(row, "label"),
        "acronym": text(row, "acronym"),
        "kind": text(row, "kind"),
        "country": linker.from_row(row, "country", "countryLabel"),
        "homepage": text(row, "homepage"),
    }


async def search(state: GraphState, filters: dict[str, Binding], page: Window) -> tuple[int, list[OrganisationSummary]]:
    rows = await select(state, "rest-organisation-list", filters)
    linker = Linker(state.settings.base_iri)
    return len(rows), [OrganisationSummary(**_summary(linker, row)) for row in page.cut(rows)]


async def detail(state: GraphState, id: str) -> OrganisationDetail:
    iri, row = await find_one(state, "rest-organisation-list", "organisation", id)
    items = [iri]
    link_rows = await select(state, "rest-organisation-links", {"item": items})
    texts = await texts_of(state, items)
    sources = await sources_of(state, items)
    notes = await notes_of(state, items)
    linker = Linker(state.settings.base_iri)
    rels = by_rel(link_rows)
    own = texts[iri.value]
    return OrganisationDetail(
        **_summary(linker, row),
        labels=own.labels,
        alt_labels=own.alt_labels,
        roles=[linker.role(r) for r in rels["role"]],
        meetings=linker.links(rels["meeting"]),
        sources=sources[iri.value],
        notes=notes[iri.value],
    )
