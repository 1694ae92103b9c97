"""Organisations: the list, and one organisation with its roles."""

from __future__ import annotations

from typing import Any

from api.rest.links import Linker
from api.rest.models import OrganisationDetail, OrganisationSummary
from api.rest.paging import Window
from api.rest.record import gather
from api.rest.rows import Row, select, text
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
    rec = await gather(state, "organisation", id)
    row, rels, own, linker = rec.row, rec.rels, rec.own, rec.linker
    return OrganisationDetail(
        **_summary(linker, row),
        labels=own.labels,
        alt_labels=own.alt_labels,
        roles=[linker.role(r) for r in rels["role"]],
        meetings=linker.links(rels["meeting"]),
        sources=rec.sources,
        notes=rec.notes,
    )
