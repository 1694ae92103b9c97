"""The build: data/ -> typed records -> triples (+ SDG vocabulary + ontology) -> SHACL validation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from loaders import sdg, sdg_colours
from loaders.errors import BuildError, Problem
from loaders.mapping import to_graph
from loaders.namespaces import SEGMENTS, Minter
from loaders.read import Dataset, read_dataset
from loaders.references import check_references
from loaders.shacl_engine import Validator, checked, validate_with
from loaders.validate import ValidationReport, load_shapes


@dataclass
class BuildResult:
    dataset: Dataset
    graph: Graph
    report: ValidationReport
    validator: Validator  # the SHACL engine that made the report ("pyshacl" when "fast" fell back to it)


def load_ontology(ontology_dir: Path) -> Graph:
    graph = Graph()
    for path in sorted(ontology_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def assemble(data_dir: Path, ontology_dir: Path, base_iri: str) -> tuple[Dataset, Graph]:
    """Read and check the records, map them, and add the SDG vocabulary (with goal colours) and the ontology."""
    ds = read_dataset(data_dir)
    sdg_graph = sdg.load(data_dir / "sdg")
    colours = sdg_colours.read(data_dir / "sdg")
    check_references(ds, sdg.codes(sdg_graph))
    graph = to_graph(ds, Minter(base_iri))
    graph += sdg_graph
    graph += sdg_colours.to_graph(colours)
    graph += load_ontology(ontology_dir)
    return ds, graph


def locate(ds: Dataset, base_iri: str, focus: str) -> str | None:
    """The data file and record an IRI of the graph was made from, e.g. 'data/cities.yaml record tetouan'."""
    if not focus.startswith(base_iri):
        return None
    parts = focus[len(base_iri) :].split("/")
    if len(parts) < 2:
        return None
    kinds = {segment: kind for kind, segment in SEGMENTS.items()}
    kind = kinds.get(parts[0])
    if kind is None or (kind, parts[1]) not in ds.origin:
        return None
    return f"{ds.origin[(kind, parts[1])]} record '{parts[1]}'"


def build(data_dir: Path, ontology_dir: Path, shapes_dir: Path, base_iri: str, validator: str = "fast") -> BuildResult:
    """Build and validate with the SHACL engine ``validator`` (see :mod:`loaders.shacl_engine`).

    Raises :class:`BuildError` if the data or the graph is invalid, ValueError for an unknown engine.
    """
    engine = checked(validator)
    ds, graph = assemble(data_dir, ontology_dir, base_iri)
    report, used = validate_with(graph, load_shapes(shapes_dir), engine)
    if not report.conforms:
        problems = []
        for v in report.violations:
            where = locate(ds, base_iri, v.focus) or "graph"
            problems.append(Problem(where, None, v.path, f"{v.focus}: {v.message} [{v.component}]"))
        raise BuildError(problems)
    return BuildResult(dataset=ds, graph=graph, report=report, validator=used)


def sorted_ntriples(graph: Graph) -> bytes:
    """Canonical output: N-Triples lines sorted bytewise (no blank nodes are minted, so this is stable)."""
    text = graph.serialize(format="nt", encoding="utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return b"\n".join(lines) + b"\n"
