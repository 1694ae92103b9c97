"""Revalidation after an edit: only the focus nodes whose results the changed triples can touch.

A focus node's results depend on triples it reaches along *dependency paths*: its ``rdf:type`` (targets), the
steps of each property path (values), and, from a value, what nested constraints read (``rdf:type`` for
``sh:class``, the paths of ``sh:or``/``sh:node``/... member shapes). These are derived from the shapes. A changed
triple ``(s, p, o)`` can affect focus node F only if some dependency path reads ``p`` at step i (forward from ``s``
or backward from ``o``) and F reaches that node along the first i steps. So we walk the first i steps backwards
from ``s`` (or ``o``), before and after the edit, rerun the queries of the shapes targeting the nodes found
(restricted to them), and replace their results in the previous report.

This follows the shapes, it does not guess. A few cases fall back to a full validation: a change to
``rdfs:subClassOf`` (it can retype everything) or to a predicate under ``sh:zeroOrMorePath``/``sh:oneOrMorePath``,
shapes whose focus nodes are values of a property shape (``sh:property`` or ``sh:node`` under a property shape),
blank focus nodes (SPARQL ``VALUES`` cannot name them), or a fan-out past ``MAX_FOCUS`` nodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SH, NamespaceManager

from loaders.shacl_fast.model import Shape, Targets
from loaders.shacl_fast.paths import Step
from loaders.shacl_fast.terms import OxTerm, text
from loaders.shacl_fast.validator import FastValidator, report_of
from loaders.validate import ValidationReport

TYPE_STEP: Step = (RDF.type, True)
MAX_FOCUS = 50_000  # past this many affected focus nodes, one full validation is cheaper
Dependency = tuple[Step, ...]


def _shape_dependencies(shape: Shape, prefix: Dependency, found: set[Dependency]) -> None:
    if shape.deactivated:
        return
    if shape.path is not None:
        for sequence in shape.path.sequences:
            at = prefix + sequence
            found.add(at)
            _constraint_dependencies(shape, at, found)
            for child in shape.properties:
                _shape_dependencies(child, at, found)
    else:
        _constraint_dependencies(shape, prefix, found)
        for child in shape.properties:
            _shape_dependencies(child, prefix, found)


def _constraint_dependencies(shape: Shape, at: Dependency, found: set[Dependency]) -> None:
    """What the constraints of ``shape`` read from the node(s) reached along ``at``."""
    for c in shape.constraints:
        if c.parameter == SH["class"]:
            found.add((*at, TYPE_STEP))
        for nested in (*c.shapes, *c.siblings):
            # a nested property shape reads from the same node: its path starts there
            _shape_dependencies(nested, at, found)


def _target_dependencies(targets: Targets) -> set[Dependency]:
    found: set[Dependency] = set()
    if targets.classes:
        found.add((TYPE_STEP,))
    found.update(((p, True),) for p in targets.subjects_of)
    found.update(((p, False),) for p in targets.objects_of)
    return found


def _ox_node(term: OxTerm) -> bool:
    return not isinstance(term, ox.Literal)


class Dependencies:
    """The dependency paths of a set of shapes, indexed by predicate."""

    def __init__(self, roots: list[Shape]):
        paths: set[Dependency] = set()
        for root in roots:
            paths |= _target_dependencies(root.targets)
            _shape_dependencies(root, (), paths)
        self.by_predicate: dict[str, list[tuple[Dependency, int]]] = defaultdict(list)
        for dependency in sorted(paths):
            for i, (predicate, _forward) in enumerate(dependency):
                self.by_predicate[str(predicate)].append((dependency, i))
        self.unbounded = {str(p) for root in roots for p in _unbounded(root)}

    def focus_nodes(self, store: ox.Store, triples: Iterable[ox.Quad]) -> set[OxTerm] | None:
        """Every focus node whose results may depend on one of ``triples`` in the store as it is now, or None
        if that cannot be bounded (then everything must be revalidated)."""
        found: set[OxTerm] = set()
        for quad in triples:
            predicate = quad.predicate.value
            if predicate == str(RDFS.subClassOf) or predicate in self.unbounded:
                return None
            for dependency, i in self.by_predicate.get(predicate, ()):
                forward = dependency[i][1]
                start = quad.subject if forward else quad.object
                found |= _walk_back(store, start, dependency[:i])
                if len(found) > MAX_FOCUS:
                    return None
        return found


def _unbounded(shape: Shape, seen: set[int] | None = None) -> set:
    seen = seen if seen is not None else set()
    if id(shape) in seen:
        return set()
    seen.add(id(shape))
    found = set(shape.path.unbounded) if shape.path is not None else set()
    for child in shape.properties:
        found |= _unbounded(child, seen)
    for c in shape.constraints:
        for nested in (*c.shapes, *c.siblings):
            found |= _unbounded(nested, seen)
    return found


def _walk_back(store: ox.Store, start: OxTerm, steps: Dependency) -> set[OxTerm]:
    """The nodes from which ``steps`` lead to ``start``."""
    nodes = {start}
    for predicate, forward in reversed(steps):
        p = ox.NamedNode(str(predicate))
        before: set[OxTerm] = set()
        for node in nodes:
            if forward:  # (x p node): x is one step before
                before.update(q.subject for q in store.quads_for_pattern(None, p, node))
            elif _ox_node(node):  # (node p x): x is one step before along an inverse step
                before.update(q.object for q in store.quads_for_pattern(node, p, None))  # type: ignore[arg-type]
        nodes = before
    return nodes


def _quad(triple: ox.Quad | ox.Triple) -> ox.Quad:
    return ox.Quad(triple.subject, triple.predicate, triple.object)


class LiveValidator:
    """A store and its current report, kept up to date edit by edit.

    ``apply(removed, added)`` changes the store and revalidates what the change can affect;
    ``with live.editing(subjects) as store:`` lets any code edit the triples of those subjects, then does the same.
    """

    def __init__(
        self,
        validator: FastValidator,
        store: ox.Store,
        namespaces: NamespaceManager | None = None,
        report: ValidationReport | None = None,
    ):
        self.validator = validator
        self.store = store
        self.namespaces = namespaces
        self.dependencies = Dependencies(validator.roots)
        self.exact = not any(q.chain for q in validator.queries)
        self.report = report if report is not None else validator.validate(store, namespaces)
        self.last_focus: set[OxTerm] | None = None  # what the last edit revalidated (None: everything)

    def apply(
        self, removed: Iterable[ox.Quad | ox.Triple] = (), added: Iterable[ox.Quad | ox.Triple] = ()
    ) -> ValidationReport:
        removed = [_quad(t) for t in removed]
        added = [_quad(t) for t in added]
        changed = removed + added
        before = self.dependencies.focus_nodes(self.store, changed) if self.exact else None
        for quad in removed:
            self.store.remove(quad)
        for quad in added:
            self.store.add(quad)
        after = self.dependencies.focus_nodes(self.store, changed) if before is not None else None
        if after is None or any(isinstance(n, ox.BlankNode) for n in before | after):  # type: ignore[operator]
            self.last_focus = None
            self.report = self.validator.validate(self.store, self.namespaces)
            return self.report
        focus = before | after  # type: ignore[operator]
        self.last_focus = focus
        self.report = self._revalidate(focus)
        return self.report

    def _revalidate(self, focus: set[OxTerm]) -> ValidationReport:
        by_root = self._targets_among(focus)
        work = [(q, sorted(by_root[id(q.root)], key=str)) for q in self.validator.queries if id(q.root) in by_root]
        fresh = self.validator.violations(self.store, work, self.namespaces)
        names = {text(n) for n in focus}
        kept = [v for v in self.report.violations if v.focus not in names]
        return report_of(kept + fresh)

    def _targets_among(self, focus: set[OxTerm]) -> dict[int, list[OxTerm]]:
        """For each targeted shape, the nodes of ``focus`` that are its targets now (by id of the shape)."""
        type_p, sub_p = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.subClassOf))
        classes_of: dict[OxTerm, set[str]] = {}
        for node in focus:
            todo = [q.object for q in self.store.quads_for_pattern(node, type_p, None)] if _ox_node(node) else []
            seen: set[str] = set()
            while todo:  # the types of the node and all their superclasses
                cls = todo.pop()
                if cls.value in seen:
                    continue
                seen.add(cls.value)
                if _ox_node(cls):
                    todo.extend(q.object for q in self.store.quads_for_pattern(cls, sub_p, None))  # type: ignore[arg-type]
            classes_of[node] = seen
        by_root: dict[int, list[OxTerm]] = {}
        for root in self.validator.roots:
            t = root.targets
            nodes = [
                node
                for node in focus
                if classes_of[node] & {str(c) for c in t.classes}
                or any(text(node) == str(n) for n in t.nodes)
                or any(_has(self.store, node, p, True) for p in t.subjects_of)
                or any(_has(self.store, node, p, False) for p in t.objects_of)
            ]
            if nodes:
                by_root[id(root)] = nodes
        return by_root

    @contextmanager
    def editing(self, subjects: Iterable[ox.NamedNode]) -> Iterator[ox.Store]:
        """Edit the triples whose subject is one of ``subjects`` (add or remove any of them) inside the block;
        on leaving it, the report is brought up to date. Triples of other subjects must not change."""
        subjects = list(subjects)
        before = {q for s in subjects for q in self.store.quads_for_pattern(s, None, None)}
        yield self.store
        after = {q for s in subjects for q in self.store.quads_for_pattern(s, None, None)}
        removed, added = before - after, after - before
        # put the store back as it was, so that apply() sees the graph before the edit too
        for quad in added:
            self.store.remove(quad)
        for quad in removed:
            self.store.add(quad)
        self.apply(removed, added)


def _has(store: ox.Store, node: OxTerm, predicate, as_subject: bool) -> bool:
    p = ox.NamedNode(str(predicate))
    if as_subject:
        return _ox_node(node) and next(iter(store.quads_for_pattern(node, p, None)), None) is not None  # type: ignore[arg-type]
    return next(iter(store.quads_for_pattern(None, p, node)), None) is not None
