"""The UN SDG goals and targets: an extract of the official UN SDG KOS that we ship in ``data/sdg/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from loaders.errors import BuildError, Problem
from loaders.namespaces import SDG, SDG_SCHEME, SDGO

EXTRACT_FILE = "un-sdg-goals-targets.ttl"

CITATION = (
    "United Nations Statistics Division, SDG KOS (Sustainable Development Goals Taxonomy): goals and "
    "targets, http://metadata.un.org/sdg/ . Free to copy with citation."
)

# Predicates copied from the UN KOS for goals and targets (indicators are left out).
KEPT_PREDICATES = {
    RDF.type,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.notation,
    SKOS.note,
    SKOS.broader,
    SKOS.inScheme,
    SKOS.exactMatch,
    SKOS.topConceptOf,
    SDGO.isTargetOf,
    SDGO.hasTarget,
}


# Faults of the UN file that we leave out of the extract, on purpose (each is a label that does not
# belong to its concept): target 12.3 carries a truncated English title and the French and Spanish
# names of a "macroeconomic dashboard", beside its real titles.
DROPPED_LABELS = {
    (SDG["12.3"], Literal("By 2030,d", lang="en")),
    (SDG["12.3"], Literal("Tableau de bord macroéconomique", lang="fr")),
    (SDG["12.3"], Literal("Tablero macroeconómico", lang="es")),
}


@dataclass(frozen=True)
class SdgCodes:
    goals: frozenset[int]
    targets: frozenset[str]


def _is_goal_or_target(graph: Graph, node: URIRef) -> bool:
    return (node, RDF.type, SDGO.Goal) in graph or (node, RDF.type, SDGO.Target) in graph


def extract(reference: Path) -> Graph:
    """Goals and targets (with their UN labels, notations and links) from the full UN KOS file."""
    full = Graph().parse(reference, format="turtle")
    out = Graph()
    out.bind("sdg", "http://metadata.un.org/sdg/")
    out.bind("sdgo", SDGO)
    out.bind("skos", SKOS)
    for s, p, o in full:
        if not isinstance(s, URIRef) or p not in KEPT_PREDICATES:
            continue
        if s == SDG_SCHEME:
            if p in (RDF.type, SKOS.prefLabel) or (p == SKOS.hasTopConcept):
                out.add((s, p, o))
            continue
        if not _is_goal_or_target(full, s) or (s, o) in DROPPED_LABELS:
            continue
        linked = isinstance(o, URIRef) and p in (SKOS.broader, SDGO.hasTarget, SDGO.isTargetOf)
        if linked and not _is_goal_or_target(full, o):
            continue
        out.add((s, p, o))
    for top in full.objects(SDG_SCHEME, SKOS.hasTopConcept):
        out.add((SDG_SCHEME, SKOS.hasTopConcept, top))
    return out


def write_extract(reference: Path, destination: Path) -> int:
    graph = extract(reference)
    header = (
        "# Extract of the UN SDG KOS: the 17 goals and 169 targets (indicators left out).\n"
        "# Left out on purpose: labels of target 12.3 that belong to no target (see loaders/sdg.py).\n"
        f"# Source: {CITATION}\n"
        f"# Made by `cmkg sdg-extract` from {reference.name}; do not edit by hand.\n"
    )
    body = graph.serialize(format="turtle")
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(header + body, encoding="utf-8")
    return len(graph)


def load(sdg_dir: Path) -> Graph:
    path = sdg_dir / EXTRACT_FILE
    rel = f"data/sdg/{EXTRACT_FILE}"
    if not path.exists():
        raise BuildError([Problem(rel, None, None, "file is missing (regenerate it with `cmkg sdg-extract`)")])
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several types for bad syntax and bad encodings
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BuildError([Problem(rel, None, None, f"malformed Turtle: {first_line}")]) from None


def codes(graph: Graph) -> SdgCodes:
    goals: set[int] = set()
    targets: set[str] = set()
    for node in graph.subjects(RDF.type, SDGO.Goal):
        goals.add(int(str(node).rsplit("/", 1)[1]))
    for node in graph.subjects(RDF.type, SDGO.Target):
        targets.add(str(node).rsplit("/", 1)[1])
    return SdgCodes(frozenset(goals), frozenset(targets))
