"""Our IRIs and the paths that show them: IRI <-> id, REST URL (``href``) and linked-data page (``html``)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import RDF

from loaders.namespaces import CMKG, SDG, SDGO, SEGMENTS

SDG_BASE = str(SDG)
RDF_TYPE = ox.NamedNode(str(RDF.type))


@dataclass(frozen=True)
class Kind:
    name: str  # how messages name it ("city", "focus area")
    segment: str | None  # path segment of its IRIs under our base; None for the UN's SDG IRIs
    cls: str  # the class an IRI of this kind is typed with
    collection: str | None  # its REST collection on this server; None where the API has no endpoint


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("city", SEGMENTS["cities"], str(CMKG.City), "/cities"),
        Kind("action", SEGMENTS["actions"], str(CMKG.Action), "/actions"),
        Kind("recommendation", SEGMENTS["recommendations"], str(CMKG.PolicyRecommendation), "/recommendations"),
        Kind("organisation", SEGMENTS["organisations"], str(CMKG.Organisation), "/organisations"),
        Kind("source", SEGMENTS["sources"], str(CMKG.SourceDocument), "/sources"),
        Kind("goal", None, str(SDGO.Goal), "/sdg/goals"),
        Kind("target", None, str(SDGO.Target), "/sdg/targets"),
        Kind("country", SEGMENTS["countries"], str(CMKG.Country), None),
        Kind("district", SEGMENTS["districts"], str(CMKG.District), None),
        Kind("focus area", SEGMENTS["focus_areas"], str(CMKG.FocusArea), None),
        Kind("outcome statement", SEGMENTS["outcome_statements"], str(CMKG.OutcomeStatement), None),
        Kind("project", SEGMENTS["projects"], str(CMKG.Project), None),
        Kind("meeting", SEGMENTS["meetings"], str(CMKG.Meeting), None),
        Kind("publication", SEGMENTS["publications"], str(CMKG.Publication), None),
    )
}
BY_SEGMENT = {kind.segment: kind for kind in KINDS.values() if kind.segment}


def iri_of(kind: str, id: str, base: str) -> ox.NamedNode:
    """The IRI of a resource from its (already validated) id: a slug, a goal number or a target code."""
    if KINDS[kind].segment is None:
        return ox.NamedNode(f"{SDG_BASE}{id}")
    return ox.NamedNode(f"{base}{KINDS[kind].segment}/{id}")


def locate(iri: str, base: str) -> tuple[Kind | None, str]:
    """The kind and id of one of our resources (or an SDG goal or target); (None, iri) for anything else."""
    if iri.startswith(SDG_BASE):
        code = iri[len(SDG_BASE) :]
        if code.isdigit():
            return KINDS["goal"], code
        if "." in code and "/" not in code:
            return KINDS["target"], code
        return None, iri
    if iri.startswith(base):
        segment, _, slug = iri[len(base) :].partition("/")
        kind = BY_SEGMENT.get(segment)
        if kind and slug and "/" not in slug:
            return kind, slug
    return None, iri


def href_of(iri: str, base: str) -> str | None:
    """The REST URL of the resource on this server, where the API has one for its kind."""
    kind, id = locate(iri, base)
    return f"{kind.collection}/{id}" if kind and kind.collection else None


def html_of(iri: str, base: str) -> str | None:
    """The path of the linked-data page of an IRI under our base (e.g. /city/tetouan); None for others."""
    return "/" + iri[len(base) :] if iri.startswith(base) else None


def code_key(code: str) -> tuple[int, int, int, str]:
    """Sort key of SDG codes in the UN's order: 16, then 16.1 ... 16.10, then 16.a, 16.b."""
    goal, _, target = code.partition(".")
    number = int(target) if target.isdigit() else 0
    return (int(goal) if goal.isdigit() else 0, 1 if target and not target.isdigit() else 0, number, target)
