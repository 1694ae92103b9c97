"""The official colour of each SDG goal (``data/sdg/goal-colours.yaml``), as triples on the UN goal IRIs."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from loaders.errors import BuildError, Problem
from loaders.namespaces import CMKG, goal_iri
from loaders.read import load_yaml_file, validation_problems
from loaders.records import GoalColours

COLOURS_FILE = "goal-colours.yaml"


def read(sdg_dir: Path) -> GoalColours:
    """The colours file, checked (every goal once, #RRGGBB); raise :class:`BuildError` naming the problem."""
    rel = f"data/sdg/{COLOURS_FILE}"
    problems: list[Problem] = []
    content = load_yaml_file(sdg_dir / COLOURS_FILE, rel, problems)
    if problems:
        raise BuildError(problems)
    try:
        return GoalColours.model_validate(content)
    except ValidationError as exc:
        raise BuildError(validation_problems(exc, rel, None)) from None


def citation(colours: GoalColours) -> str:
    src = colours.source
    section = f", {src.section}" if src.section else ""
    return f"{src.publisher}, {src.title} ({src.date}){section}, {src.url}"


def to_graph(colours: GoalColours) -> Graph:
    """``sdg:N cmkg:colour "#RRGGBB"`` for the 17 goals, and the source cited on the property."""
    graph = Graph()
    for goal, hex_colour in sorted(colours.colours.items()):
        graph.add((goal_iri(goal), CMKG.colour, Literal(hex_colour)))
    graph.add((CMKG.colour, DCTERMS.source, URIRef(str(colours.source.url))))
    graph.add((CMKG.colour, DCTERMS.bibliographicCitation, Literal(citation(colours))))
    return graph
