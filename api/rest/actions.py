"""Actions: the filtered list, and one action in full."""

from __future__ import annotations

from typing import Any

from api.rest.iris import code_key
from api.rest.links import Linker
from api.rest.models import ActionDetail, ActionSummary
from api.rest.paging import Window
from api.rest.record import gather
from api.rest.rows import Row, boolean, by_item, by_rel, select, text
from api.state import GraphState
from cmkg.bindings import Binding


def _summary(linker: Linker, row: Row, links: list[Row]) -> dict[str, Any]:
    rels = by_rel(links)
    return {
        **linker.fields(row["item"].value),
        "kind": text(row, "kind"),
        "title": text(row, "title"),
        "cities": linker.links(rels["city"]),
        "countries": linker.links(rels["country"]),
        "recommendations": linker.links(rels["recommendation"]),
        "goals": sorted(linker.links(rels["goal"]), key=lambda link: code_key(link.id)),
        "targets": sorted((linker.target(r) for r in rels["target"]), key=lambda link: code_key(link.id)),
    }


async def search(state: GraphState, filters: dict[str, Binding], page: Window) -> tuple[int, list[ActionSummary]]:
    rows = await select(state, "rest-action-list", filters)
    shown = page.cut(rows)
    items = [row["item"] for row in shown]
    links = by_item(await select(state, "rest-action-links", {"item": items})) if items else {}
    linker = Linker(state.settings.base_iri)
    return len(rows), [ActionSummary(**_summary(linker, row, links.get(row["item"].value, []))) for row in shown]


async def detail(state: GraphState, id: str) -> ActionDetail:
    rec = await gather(state, "action", id)
    iri, row, link_rows, rels, own, linker = rec.iri, rec.row, rec.link_rows, rec.rels, rec.own, rec.linker
    part_rows = await select(state, "rest-action-parts", {"item": [iri]})
    parts = by_rel(part_rows)
    projects = linker.links(rels["project"])
    return ActionDetail(
        **_summary(linker, row, link_rows),
        titles=own.labels,
        alt_titles=own.alt_labels,
        description=own.description,
        districts=linker.links(rels["district"]),
        global_scope=boolean(row, "globalScope"),
        objectives=[r["text"].value for r in parts["objective"]],
        activities=[r["text"].value for r in parts["activity"]],
        outcomes=[r["text"].value for r in parts["outcome"]],
        outcome_statements=linker.links(rels["outcome_statement"]),
        focus_areas=linker.links(rels["focus_area"]),
        project=projects[0] if projects else None,
        organisations=[linker.role(r) for r in rels["organisation"]],
        homepage=text(row, "homepage"),
        start=text(row, "start"),
        end=text(row, "end"),
        sources=rec.sources,
        notes=rec.notes,
    )
