"""The shapes graph read into plain objects: shapes, their targets, paths and SHACL Core constraints.

Read generically with rdflib from whatever the shapes files say. Every ``sh:`` predicate on a shape is either
understood here or rejected with :class:`UnsupportedShapeError`, so a constraint can never be skipped silently
(other vocabularies on a shape are annotations and are ignored, as SHACL says).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import BNode, Node

from loaders.shacl_fast.errors import UnsupportedShapeError
from loaders.shacl_fast.paths import Path, parse_path

TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

# sh: predicates that say nothing a validator must check (or that a constraint below reads with its parameter).
NOT_CONSTRAINTS = {
    SH.path,
    SH.message,
    SH.severity,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.flags,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.declare,
    SH.prefixes,
    *TARGET_PREDICATES,
}

# Constraints on the value nodes one at a time (on a node shape: on the focus node itself).
VALUE_PARAMETERS = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
}
# Constraints on the set of value nodes of a property shape.
SET_PARAMETERS = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.qualifiedValueShape: None,  # QualifiedMinCount / QualifiedMaxCount, below
}
LIST_PARAMETERS = {SH["in"], SH.languageIn, SH["or"], SH["and"], SH.xone}
SHAPE_LIST_PARAMETERS = {SH["or"], SH["and"], SH.xone}
SINGLE_SHAPE_PARAMETERS = {SH["not"], SH.node, SH.qualifiedValueShape}


@dataclass(frozen=True)
class Targets:
    classes: tuple[URIRef, ...] = ()
    nodes: tuple[Node, ...] = ()
    subjects_of: tuple[URIRef, ...] = ()
    objects_of: tuple[URIRef, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.classes or self.nodes or self.subjects_of or self.objects_of)


@dataclass(eq=False)
class Constraint:
    """One constraint of a shape: a parameter value (``sh:class cmkg:City``) and the component it belongs to."""

    parameter: URIRef
    component: URIRef
    value: Node
    members: tuple[Node, ...] = ()  # the RDF list of sh:in, sh:languageIn, sh:or, sh:and, sh:xone
    shapes: tuple[Shape, ...] = ()  # shapes of sh:or/and/xone/not/node/qualifiedValueShape
    flags: str = ""  # sh:flags of sh:pattern
    count: int = 0  # sh:minCount, sh:maxCount, sh:qualifiedMinCount, sh:qualifiedMaxCount
    siblings: tuple[Shape, ...] = ()  # sh:qualifiedValueShapesDisjoint: the sibling qualified value shapes
    set_level: bool = False  # sh:hasValue on a property shape constrains the set of values, not each value

    @property
    def on_values(self) -> bool:
        """True if the constraint checks each value node on its own (``sh:class``), not the set of them."""
        return self.parameter in VALUE_PARAMETERS or (self.parameter == SH.hasValue and not self.set_level)


@dataclass(eq=False)
class Shape:
    node: Node
    path: Path | None
    severity: URIRef
    messages: tuple[Literal, ...]
    deactivated: bool
    targets: Targets
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)

    @property
    def is_property_shape(self) -> bool:
        return self.path is not None

    def __repr__(self) -> str:
        return f"<Shape {self.node.n3()}>"


def _single(graph: Graph, node: Node, predicate: URIRef) -> Node | None:
    values = list(graph.objects(node, predicate))
    if len(values) > 1:
        raise UnsupportedShapeError(node, f"more than one {predicate.n3(graph.namespace_manager)}")
    return values[0] if values else None


def _count(graph: Graph, node: Node, value: Node, predicate: URIRef) -> int:
    if not isinstance(value, Literal) or not isinstance(value.value, int) or isinstance(value.value, bool):
        raise UnsupportedShapeError(node, f"{predicate.n3(graph.namespace_manager)} must be an integer")
    return value.value


class ShapesReader:
    """Reads shapes on demand (with their nested shapes) and remembers them, so shared shapes are read once."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.shapes: dict[Node, Shape] = {}
        self.reading: set[Node] = set()

    def targeted(self) -> list[Shape]:
        """Every active shape with a target, in a stable order: the shapes whose results form the report."""
        g = self.graph
        candidates: set[Node] = set()
        for predicate in TARGET_PREDICATES:
            candidates.update(g.subjects(predicate, None))
        class_types = {RDFS.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
        for kind in (SH.NodeShape, SH.PropertyShape):
            for node in g.subjects(RDF.type, kind):
                if class_types & set(g.objects(node, RDF.type)):
                    candidates.add(node)  # an implicit class target
        if any(True for _ in g.subjects(SH.target, None)):
            node = next(iter(g.subjects(SH.target, None)))
            raise UnsupportedShapeError(node, "SPARQL-based targets (sh:target) are not supported")
        shapes = [self.read(node) for node in sorted(candidates, key=lambda n: n.n3())]
        return [s for s in shapes if not s.deactivated and s.targets]

    def read(self, node: Node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        if node in self.reading:
            raise UnsupportedShapeError(node, "recursive shapes are not supported")
        self.reading.add(node)
        try:
            shape = self._read(node)
        finally:
            self.reading.discard(node)
        self.shapes[node] = shape
        return shape

    def _read(self, node: Node) -> Shape:
        g = self.graph
        path_node = _single(g, node, SH.path)
        deactivated = _single(g, node, SH.deactivated)
        severity = _single(g, node, SH.severity) or SH.Violation
        if not isinstance(severity, URIRef):
            raise UnsupportedShapeError(node, "sh:severity must be an IRI")
        class_types = {RDFS.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
        implicit = (node,) if class_types & set(g.objects(node, RDF.type)) and isinstance(node, URIRef) else ()
        targets = Targets(
            classes=tuple(sorted({*g.objects(node, SH.targetClass), *implicit})),  # type: ignore[arg-type]
            nodes=tuple(sorted(g.objects(node, SH.targetNode))),
            subjects_of=tuple(sorted(g.objects(node, SH.targetSubjectsOf))),  # type: ignore[arg-type]
            objects_of=tuple(sorted(g.objects(node, SH.targetObjectsOf))),  # type: ignore[arg-type]
        )
        shape = Shape(
            node=node,
            path=parse_path(g, path_node, node) if path_node is not None else None,
            severity=severity,
            messages=tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
            deactivated=isinstance(deactivated, Literal) and bool(deactivated.value),
            targets=targets,
        )
        for predicate in sorted(set(g.predicates(node, None))):
            if predicate in NOT_CONSTRAINTS or not str(predicate).startswith(str(SH)):
                continue
            if predicate == SH.property:
                for child in g.objects(node, SH.property):
                    nested = self.read(child)
                    if not nested.is_property_shape:
                        raise UnsupportedShapeError(child, "a value of sh:property must have a sh:path")
                    shape.properties.append(nested)
            elif predicate in VALUE_PARAMETERS or predicate in SET_PARAMETERS or predicate == SH.hasValue:
                shape.constraints.extend(self._constraints(shape, predicate))
            else:
                raise UnsupportedShapeError(node, f"{predicate.n3(g.namespace_manager)} is not supported")
        return shape

    def _constraints(self, shape: Shape, parameter: URIRef) -> list[Constraint]:
        g, node = self.graph, shape.node
        values = list(g.objects(node, parameter))
        if parameter in SET_PARAMETERS and not shape.is_property_shape:
            raise UnsupportedShapeError(node, f"{parameter.n3(g.namespace_manager)} needs a property shape")
        if parameter == SH.hasValue:
            component = SH.HasValueConstraintComponent
            return [Constraint(parameter, component, v, set_level=shape.is_property_shape) for v in values]
        if parameter in (SH.minCount, SH.maxCount):
            value = _single(g, node, parameter)
            assert value is not None
            return [Constraint(parameter, SET_PARAMETERS[parameter], value, count=_count(g, node, value, parameter))]
        if parameter == SH.uniqueLang:
            value = _single(g, node, parameter)
            if not isinstance(value, Literal) or not isinstance(value.value, bool):
                raise UnsupportedShapeError(node, "sh:uniqueLang must be a boolean")
            return [Constraint(parameter, SH.UniqueLangConstraintComponent, value)] if value.value else []
        if parameter == SH.qualifiedValueShape:
            return self._qualified(shape, values)
        if parameter in (SH.datatype, SH.nodeKind, SH["in"], SH.languageIn) and len(values) > 1:
            raise UnsupportedShapeError(node, f"more than one {parameter.n3(g.namespace_manager)}")
        constraints = []
        for value in values:
            constraint = Constraint(parameter, VALUE_PARAMETERS[parameter], value)
            if parameter in LIST_PARAMETERS:
                constraint.members = tuple(Collection(g, value))
            if parameter in SHAPE_LIST_PARAMETERS:
                constraint.shapes = tuple(self.read(m) for m in constraint.members)
            elif parameter in SINGLE_SHAPE_PARAMETERS:
                constraint.shapes = (self.read(value),)
            if parameter == SH.pattern:
                flags = _single(g, node, SH.flags)
                constraint.flags = str(flags) if flags is not None else ""
            if parameter in (SH.minLength, SH.maxLength):
                constraint.count = _count(g, node, value, parameter)
            self._check_value(shape, constraint)
            constraints.append(constraint)
        return constraints

    def _qualified(self, shape: Shape, values: list[Node]) -> list[Constraint]:
        g, node = self.graph, shape.node
        minimum, maximum = _single(g, node, SH.qualifiedMinCount), _single(g, node, SH.qualifiedMaxCount)
        if minimum is None and maximum is None:
            raise UnsupportedShapeError(node, "sh:qualifiedValueShape without sh:qualifiedMinCount/MaxCount")
        disjoint = _single(g, node, SH.qualifiedValueShapesDisjoint)
        constraints = []
        for value in values:
            siblings: list[Shape] = []
            if isinstance(disjoint, Literal) and disjoint.value is True:
                for parent in g.subjects(SH.property, node):
                    for sibling_property in g.objects(parent, SH.property):
                        for sibling in g.objects(sibling_property, SH.qualifiedValueShape):
                            if sibling != value:
                                siblings.append(self.read(sibling))
            for count, component in (
                (minimum, SH.QualifiedMinCountConstraintComponent),
                (maximum, SH.QualifiedMaxCountConstraintComponent),
            ):
                if count is not None:
                    constraints.append(
                        Constraint(
                            SH.qualifiedValueShape,
                            component,
                            value,
                            shapes=(self.read(value),),
                            count=_count(g, node, count, SH.qualifiedMinCount),
                            siblings=tuple(siblings),
                        )
                    )
        return constraints

    def _check_value(self, shape: Shape, constraint: Constraint) -> None:
        """Reject parameter values SPARQL cannot express faithfully (blank nodes in sh:in, non-literal bounds)."""
        g, p = self.graph, constraint.parameter
        if p in (SH["in"], SH.hasValue) and any(
            isinstance(m, BNode) for m in constraint.members or (constraint.value,)
        ):
            raise UnsupportedShapeError(shape.node, f"blank nodes in {p.n3(g.namespace_manager)} are not supported")
        bounds = (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
        if p in bounds and not isinstance(constraint.value, Literal):
            raise UnsupportedShapeError(shape.node, f"{p.n3(g.namespace_manager)} must be a literal")
        if p == SH.languageIn and not all(isinstance(m, Literal) for m in constraint.members):
            raise UnsupportedShapeError(shape.node, "sh:languageIn must list literals")
        if p == SH.pattern and not isinstance(constraint.value, Literal):
            raise UnsupportedShapeError(shape.node, "sh:pattern must be a literal")
        if p in (SH.datatype, SH["class"], SH.nodeKind) and not isinstance(constraint.value, URIRef):
            raise UnsupportedShapeError(shape.node, f"{p.n3(g.namespace_manager)} must be an IRI")


def read_shapes(graph: Graph) -> list[Shape]:
    """The targeted shapes of a shapes graph, with everything they reference."""
    return ShapesReader(graph).targeted()
