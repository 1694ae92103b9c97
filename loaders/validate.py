"""SHACL validation of a built graph (pyshacl), with a report that names record, property and message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str
    component: str
    message: str
    value: str | None
    severity: str

    def describe(self, where: str | None = None) -> str:
        prefix = f"{where}: " if where else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{prefix}{self.focus} {self.path}: {self.message}{value} [{self.component}]"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


def load_shapes(shapes_dir: Path) -> Graph:
    shapes = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def _short(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        for ns, prefix in (
            ("https://w3id.org/cmkg/ontology#", "cmkg:"),
            ("http://www.w3.org/ns/shacl#", "sh:"),
            ("http://www.w3.org/ns/prov#", "prov:"),
            ("http://purl.org/dc/terms/", "dct:"),
            ("http://www.w3.org/2004/02/skos/core#", "skos:"),
            ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
            ("https://schema.org/", "schema:"),
            ("http://www.w3.org/2003/01/geo/wgs84_pos#", "wgs:"),
        ):
            if text.startswith(ns):
                return prefix + text[len(ns) :]
        return text
    return str(node)


def _path_text(report: Graph, path: Node | None) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_short(inverse)}"
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(inverse links)"
    return "(path)"


def report_from_graph(report: Graph) -> ValidationReport:
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        violations.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=_path_text(report, report.value(result, SH.resultPath)),
                component=_short(report.value(result, SH.sourceConstraintComponent)),
                message=str(report.value(result, SH.resultMessage) or ""),
                value=(str(v) if (v := report.value(result, SH.value)) is not None else None),
                severity=_short(report.value(result, SH.resultSeverity)),
            )
        )
    conforms = not any(v.severity == "sh:Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=tuple(sorted(set(violations))))


def validate_graph(data: Graph, shapes: Graph) -> ValidationReport:
    """Run pyshacl (SHACL Core + SPARQL constraints, no inference) and return a sorted report."""
    _conforms, report_graph, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    assert isinstance(report_graph, Graph)
    return report_from_graph(report_graph)
