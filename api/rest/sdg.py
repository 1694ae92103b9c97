"""UN SDG goals and targets (the UN's own IRIs), with the actions linked to them."""

from __future__ import annotations

from typing import Any

from api.rest.iris import code_key
from api.rest.links import Linker
from api.rest.models import GoalAction, GoalDetail, GoalSummary, TargetDetail, TargetSummary
from api.rest.paging import Window
from api.rest.rows import Row, by_rel, find_one, integer, select, text
from api.rest.texts import texts_of
from api.state import GraphState
from cmkg.bindings import Binding


def _goal(linker: Linker, row: Row) -> dict[str, Any]:
    return {
        **linker.fields(row["item"].value),
        "number": integer(row, "number"),
        "title": text(row, "label"),
        "short_name": text(row, "shortName"),
        "target_count": integer(row, "targets") or 0,
        "action_count": integer(row, "actions") or 0,
    }


def _target(linker: Linker, row: Row) -> dict[str, Any]:
    return {
        **linker.fields(row["item"].value),
        "code": text(row, "code"),
        "title": text(row, "label"),
        "goal": linker.link(row["goal"].value, text(row, "goalLabel")),
        "action_count": integer(row, "actions") or 0,
    }


async def search_goals(state: GraphState, filters: dict[str, Binding], page: Window) -> tuple[int, list[GoalSummary]]:
    rows = await select(state, "rest-goal-list", filters)
    linker = Linker(state.settings.base_iri)
    return len(rows), [GoalSummary(**_goal(linker, row)) for row in page.cut(rows)]


async def search_targets(
    state: GraphState, filters: dict[str, Binding], page: Window
) -> tuple[int, list[TargetSummary]]:
    rows = await select(state, "rest-target-list", filters)
    linker = Linker(state.settings.base_iri)
    return len(rows), [TargetSummary(**_target(linker, row)) for row in page.cut(rows)]


def _actions_via(linker: Linker, rows: list[Row]) -> list[GoalAction]:
    """Each action once, with every way it reaches the goal: "goal" first, then target codes in order."""
    vias: dict[str, list[str]] = {}
    labels: dict[str, str | None] = {}
    for row in rows:
        iri = row["target"].value
        labels.setdefault(iri, text(row, "label"))
        vias.setdefault(iri, []).append(row["via"].value)
    return [
        linker.extended(GoalAction, iri, labels[iri], via=sorted(set(via), key=_via_key)) for iri, via in vias.items()
    ]


def _via_key(via: str) -> tuple[int, tuple[int, int, int, str]]:
    return (0, (0, 0, 0, "")) if via == "goal" else (1, code_key(via))


async def goal_detail(state: GraphState, number: int) -> GoalDetail:
    iri, row = await find_one(state, "rest-goal-list", "goal", str(number))
    items = [iri]
    link_rows = await select(state, "rest-goal-links", {"item": items})
    texts = await texts_of(state, items)
    linker = Linker(state.settings.base_iri)
    rels = by_rel(link_rows)
    return GoalDetail(
        **_goal(linker, row),
        titles=texts[iri.value].labels,
        targets=sorted(linker.links(rels["target"]), key=lambda link: code_key(link.id)),
        actions=_actions_via(linker, rels["action"]),
    )


async def target_detail(state: GraphState, code: str) -> TargetDetail:
    iri, row = await find_one(state, "rest-target-list", "target", code)
    items = [iri]
    link_rows = await select(state, "rest-target-links", {"item": items})
    texts = await texts_of(state, items)
    linker = Linker(state.settings.base_iri)
    return TargetDetail(
        **_target(linker, row),
        titles=texts[iri.value].labels,
        actions=linker.links(by_rel(link_rows)["action"]),
    )
