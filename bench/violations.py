"""Seeded violations of every constraint the shapes use, injected into a valid (synthetic) graph.

To prove the fast validator equal to pyshacl on large graphs, both must see violations of every kind, not just
a valid graph. The injector is driven by the compiled shapes, not by a list of our properties: for each check
of each targeted shape it picks a few focus nodes and edits their triples the way that constraint forbids
(removes all values for sh:minCount, adds values for sh:maxCount, a wrong datatype for sh:datatype, ...). An
edit may break other constraints too, which is fine: the reports are compared whole. Which components really
got a result is checked on pyshacl's report by the tests.
"""

from __future__ import annotations

import random
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from loaders.shacl_fast import FastValidator
from loaders.shacl_fast.checks import Check, Query, all_focus_nodes
from loaders.shacl_fast.model import Shape
from loaders.shacl_fast.terms import OxTerm, to_ox

NOWHERE = "https://w3id.org/cmkg/nowhere/"
RDF_TYPE = ox.NamedNode(str(RDF.type))


class Injector:
    def __init__(self, store: ox.Store, validator: FastValidator, seed: int):
        self.store = store
        self.validator = validator
        self.rng = random.Random(seed)
        self.fresh = 0

    # -- reading and writing along a property path ----------------------------------------------------------
    def values(self, focus: OxTerm, shape: Shape) -> list[OxTerm]:
        assert shape.path is not None
        rows = self.store.query(f"SELECT DISTINCT ?v WHERE {{ {focus} {shape.path.sparql} ?v }}")
        return sorted((row["v"] for row in rows), key=str)  # type: ignore[union-attr]

    def steps(self, shape: Shape) -> list[tuple[ox.NamedNode, bool]]:
        """The one-step ways of a path (a predicate or its inverse); longer sequences are left alone."""
        assert shape.path is not None
        return [(ox.NamedNode(str(s[0][0])), s[0][1]) for s in sorted(shape.path.sequences) if len(s) == 1]

    def link(self, focus: OxTerm, shape: Shape, value: OxTerm) -> None:
        steps = self.steps(shape)
        if not steps:
            return
        predicate, forward = steps[0]
        if forward:
            self.store.add(ox.Quad(focus, predicate, value))  # type: ignore[arg-type]
        elif not isinstance(value, ox.Literal):
            self.store.add(ox.Quad(value, predicate, focus))  # type: ignore[arg-type]

    def unlink(self, focus: OxTerm, shape: Shape, value: OxTerm | None = None) -> None:
        for predicate, forward in self.steps(shape):
            pattern = (focus, predicate, value) if forward else (value, predicate, focus)
            for quad in list(self.store.quads_for_pattern(*pattern)):  # type: ignore[arg-type]
                self.store.remove(quad)

    def borrow(self, shape: Shape, exclude: set[OxTerm]) -> OxTerm | None:
        """A value the same predicate has elsewhere in the graph (another owner, another label, ...)."""
        steps = self.steps(shape)
        if not steps:
            return None
        predicate, forward = steps[0]
        rows = self.store.query(
            f"SELECT ?x WHERE {{ {'?s' if forward else '?x'} {predicate} {'?x' if forward else '?s'} }} LIMIT 200"
        )
        pool = [row["x"] for row in rows if row["x"] not in exclude]  # type: ignore[index]
        return self.rng.choice(pool) if pool else None

    def iri(self) -> ox.NamedNode:
        self.fresh += 1
        return ox.NamedNode(f"{NOWHERE}{self.fresh}")

    def replace(self, focus: OxTerm, shape: Shape, new: OxTerm) -> None:
        """Put ``new`` in place of one current value (or add it, if there is none)."""
        current = self.values(focus, shape)
        if current:
            self.unlink(focus, shape, self.rng.choice(current))
        self.link(focus, shape, new)

    # -- one edit per kind of constraint --------------------------------------------------------------------
    def violate(self, check: Check, focus: OxTerm) -> None:
        shape, c = check.source, check.constraint
        p = c.parameter
        if shape.path is None:
            self.violate_node(check, focus)
        elif p in (SH.minCount, SH.hasValue) or (
            p == SH.qualifiedValueShape and c.component == SH.QualifiedMinCountConstraintComponent
        ):
            self.unlink(focus, shape)
        elif p == SH.maxCount:
            current = set(self.values(focus, shape))
            for _ in range(c.count + 1 - len(current)):
                extra = self.borrow(shape, current)
                if extra is None:
                    break
                current.add(extra)
                self.link(focus, shape, extra)
        elif p == SH.qualifiedValueShape:  # qualifiedMaxCount: more values like the ones that conform
            for value in self.values(focus, shape)[:1]:
                for i in range(c.count + 1):
                    self.link(focus, shape, variant(value, i))
        elif p == SH.uniqueLang:
            for value in self.values(focus, shape)[:1]:
                self.link(focus, shape, variant(value, 1))
        else:
            self.replace(focus, shape, self.wrong_value(check, self.values(focus, shape)))

    def wrong_value(self, check: Check, current: list[OxTerm]) -> OxTerm:
        c, p = check.constraint, check.constraint.parameter
        example = current[0] if current else None
        if p == SH.datatype:
            if c.value == RDF.langString:
                return ox.Literal(example.value if example else "plain text")
            if c.value == XSD.string:
                return ox.Literal(example.value if example else "text", language="en")
            if self.rng.random() < 0.5 and ill_typed_comparable(check):
                return ox.Literal("not a value", datatype=ox.NamedNode(str(c.value)))  # ill-typed
            return ox.Literal("not a value")
        if p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            return out_of_bounds(c.value, p, example)  # type: ignore[arg-type]
        if p in (SH.minLength, SH.maxLength):
            length = max(c.count - 1, 0) if p == SH.minLength else c.count + 5
            lang = example.language if isinstance(example, ox.Literal) else None
            return ox.Literal("x" * length, language=lang) if lang else ox.Literal("x" * length)
        if p == SH.languageIn:
            return ox.Literal(example.value if example else "text", language="xx")
        if p == SH.nodeKind:
            return ox.Literal("not a node") if c.value in (SH.IRI, SH.BlankNodeOrIRI) else self.iri()
        if p == SH["or"] and not any(m.constraints and m.constraints[0].parameter == SH["class"] for m in c.shapes):
            return ox.Literal("soon")
        if p == SH.pattern and isinstance(example, ox.Literal):
            return ox.Literal("Not A Match!", language=example.language) if example.language else ox.Literal("No!")
        return self.iri()  # sh:class, sh:in, sh:pattern on IRIs, sh:or of classes, sh:node: a node nothing says

    def violate_node(self, check: Check, focus: OxTerm) -> None:
        """Node-level constraints: on the focus node itself."""
        c, p = check.constraint, check.constraint.parameter
        types = [q.object for q in self.store.quads_for_pattern(focus, RDF_TYPE, None)]  # type: ignore[arg-type]
        if p == SH["class"]:
            self.store.remove(ox.Quad(focus, RDF_TYPE, to_ox(c.value)))  # type: ignore[arg-type]
        elif p == SH.xone:
            for member in c.shapes:
                for inner in member.constraints:
                    if inner.parameter == SH["class"]:
                        self.store.add(ox.Quad(focus, RDF_TYPE, to_ox(inner.value)))  # type: ignore[arg-type]
        elif p in (SH["or"], SH["and"], SH.node):
            for member in c.shapes:
                for prop in [member] if member.is_property_shape else member.properties:
                    self.unlink(focus, prop)
        elif p in (SH.nodeKind, SH.pattern):
            # a new node of the same types, of the wrong kind / with a non-matching IRI
            node = ox.BlankNode() if p == SH.nodeKind else ox.NamedNode(f"{focus.value}-99")
            for cls in types:
                self.store.add(ox.Quad(node, RDF_TYPE, cls))  # type: ignore[arg-type]


def ill_typed_comparable(check: Check) -> bool:
    """Whether pyshacl judges an ill-typed literal here as SHACL does. Not for xsd:boolean (rdflib rewrites an
    ill-typed boolean to "false") nor next to range constraints (rdflib orders an ill-typed decimal below any
    number, where SPARQL, and SHACL, find it not comparable): there the reports would differ by design."""
    ranges = (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
    if check.constraint.value == XSD.boolean:
        return False
    return not any(c.parameter in ranges for c in check.source.constraints)


def variant(value: OxTerm, i: int) -> OxTerm:
    """Another value of the same kind (same language, same datatype)."""
    if isinstance(value, ox.Literal):
        if value.language:
            return ox.Literal(f"{value.value} ({i})", language=value.language)
        return ox.Literal(f"{value.value} ({i})", datatype=value.datatype)
    return ox.NamedNode(f"{value.value}-{i}")


def out_of_bounds(bound: Literal, parameter: URIRef, example: OxTerm | None) -> ox.Literal:
    try:
        number = Decimal(str(bound))
    except InvalidOperation:
        return ox.Literal("zzz")
    below = parameter in (SH.minInclusive, SH.minExclusive)
    value = number - 1 if below else number + 1
    datatype = example.datatype if isinstance(example, ox.Literal) else ox.NamedNode(str(XSD.decimal))
    if datatype.value == str(XSD.integer):
        return ox.Literal(str(int(value)), datatype=datatype)
    return ox.Literal(f"{value:f}", datatype=datatype)


def focus_nodes(store: ox.Store, query: Query) -> list[OxTerm]:
    text = f"SELECT ?this WHERE {{ {all_focus_nodes(query.root.targets, query.chain)} }}"
    return sorted((row["this"] for row in store.query(text)), key=str)  # type: ignore[union-attr]


def inject(store: ox.Store, shapes: Graph, seed: int, per_check: int = 2) -> None:
    """Edit ``store`` so that each check of each targeted shape fails on up to ``per_check`` focus nodes."""
    validator = FastValidator(shapes)
    injector = Injector(store, validator, seed)
    focus_by_root: dict[int, list[OxTerm]] = {}
    for query in validator.queries:
        if query.chain:
            continue
        key = id(query.root)
        if key not in focus_by_root:
            focus_by_root[key] = focus_nodes(store, query)
        candidates = focus_by_root[key]
        for check in query.checks:
            for focus in injector.rng.sample(candidates, min(per_check, len(candidates))):
                injector.violate(check, focus)
