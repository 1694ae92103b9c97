"""Validation of a pyoxigraph store by the compiled queries, with the same report as ``loaders.validate``.

pyshacl walks focus nodes one by one in Python; here the constraints of a shape are a few SPARQL queries that
oxigraph runs over all its focus nodes at once, and a valid graph returns no rows at all. The report is built
from the rows with the project's own ``Violation`` (same focus, path, component, value, message and severity).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import NamespaceManager

from loaders.shacl_fast.checks import Check, Query, compile_queries
from loaders.shacl_fast.messages import DataView, Messages
from loaders.shacl_fast.model import Shape, read_shapes
from loaders.shacl_fast.terms import OxTerm, store_from_graph, text
from loaders.validate import ValidationReport, Violation, _short


def report_of(violations: Iterable[Violation]) -> ValidationReport:
    unique = tuple(sorted(set(violations)))
    return ValidationReport(conforms=not any(v.severity == "sh:Violation" for v in unique), violations=unique)


class FastValidator:
    """Compiles a shapes graph once (raising :class:`UnsupportedShapeError` for anything it cannot express),
    then validates any number of stores against it."""

    def __init__(self, shapes: Graph):
        self.shapes = shapes
        self.roots: list[Shape] = read_shapes(shapes)
        self.queries: list[Query] = compile_queries(self.roots)

    def validate(self, store: ox.Store, namespaces: NamespaceManager | None = None) -> ValidationReport:
        """Every violation of the store. ``namespaces``: the prefixes pyshacl would see on the data graph (they
        appear in generic messages); by default rdflib's, as for a graph parsed from N-Triples."""
        return report_of(self.violations(store, [(query, None) for query in self.queries], namespaces))

    def violations(
        self,
        store: ox.Store,
        work: Iterable[tuple[Query, list[OxTerm] | None]],
        namespaces: NamespaceManager | None = None,
    ) -> list[Violation]:
        """The violations found by each query, on all its focus nodes (None) or on the given ones only."""
        messages = Messages(self.shapes, DataView(store, namespaces or Graph().namespace_manager))
        found = []
        for query, focus in work:
            text = query.text([str(term) for term in focus] if focus is not None else None)
            result = store.query(text)
            assert isinstance(result, ox.QuerySolutions)
            for row in result:
                this = row["this"]
                for i, check in enumerate(query.checks):
                    ok = row[f"ok{i}"]
                    if ok is None:
                        raise RuntimeError(f"the SPARQL test of {check} failed with an error on {this}")
                    if ok.value == "false":
                        value = this if check.value == "focus" else row["value"] if check.value == "value" else None
                        found.append(self.violation(check, messages, this, value))
        return found

    def violation(self, check: Check, messages: Messages, focus: OxTerm, value: OxTerm | None) -> Violation:
        path = check.source.path
        return Violation(
            focus=text(focus),
            path=path.text if path is not None else "",
            component=_short(check.component),
            message=messages.message(check, focus, value),
            value=text(value) if value is not None else None,
            severity=_short(check.source.severity),
        )


def validate_graph_fast(data: Graph, shapes: Graph) -> ValidationReport:
    """Drop-in for ``loaders.validate.validate_graph`` on an rdflib graph (loads it into a pyoxigraph store)."""
    return FastValidator(shapes).validate(store_from_graph(data), data.namespace_manager)
