"""Result messages exactly as pyshacl words them, so a fast report and a pyshacl report compare equal.

A shape's own ``sh:message`` wins; otherwise the generic text of the constraint component, with nodes written
by pyshacl's own ``stringify_node`` (shapes-graph nodes with the shapes graph's prefixes, data nodes with the
data graph's). Multi-valued parameters (two ``sh:class``) share one text listing every value, as in pyshacl.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from pyshacl.rdfutil.stringify import stringify_node
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import SH, NamespaceManager
from rdflib.term import Node

from loaders.shacl_fast.checks import Check
from loaders.shacl_fast.terms import OxTerm, to_ox, to_rdflib


class DataView:
    """What pyshacl's stringify needs of the data graph: its prefixes, and the triples below a blank node."""

    def __init__(self, store: ox.Store, namespaces: NamespaceManager | None):
        self.store = store
        self.graph = Graph()
        if namespaces is not None:
            self.graph.namespace_manager = namespaces
        self.loaded: set[BNode] = set()

    def text(self, term: OxTerm) -> str:
        return self.node_text(to_rdflib(term))

    def node_text(self, node: Node) -> str:
        if isinstance(node, BNode):
            self._load(node)
        try:
            return stringify_node(self.graph, node)
        except (LookupError, ValueError):
            return str(node)

    def _load(self, bnode: BNode) -> None:
        todo = [bnode]
        while todo:
            node = todo.pop()
            if node in self.loaded:
                continue
            self.loaded.add(node)
            for quad in self.store.quads_for_pattern(to_ox(node), None, None):  # type: ignore[arg-type]
                o = to_rdflib(quad.object)
                self.graph.add((node, to_rdflib(quad.predicate), o))
                if isinstance(o, BNode):
                    todo.append(o)


class Messages:
    def __init__(self, shapes: Graph, data: DataView):
        self.sg = shapes
        self.data = data

    def shape_text(self, node: Node) -> str:
        return stringify_node(self.sg, node)

    def values(self, check: Check, parameter: Node) -> list[Node]:
        return list(self.sg.objects(check.source.node, parameter))

    def message(self, check: Check, focus: OxTerm, value: OxTerm | None) -> str:
        own = check.source.messages
        if own:
            return str(min(own, key=str))
        return GENERIC[check.constraint.parameter](self, check, focus, value)

    # -- the generic texts, component by component ----------------------------------------------------------
    def count(self, check: Check, focus: OxTerm, _value: OxTerm | None) -> str:
        word = "Less" if check.constraint.parameter == SH.minCount else "More"
        assert check.source.path is not None
        path = self.shape_text(check.source.path.node)
        return f"{word} than {check.constraint.count} values on {self.data.text(focus)}->{path}"

    def rules(self, check: Check, one: str, many: str, joiner: str = ", ") -> str:
        rules = [self.shape_text(r) for r in self.values(check, check.constraint.parameter)]
        return one.format(rules[0]) if len(rules) < 2 else many.format(joiner.join(rules))

    def class_(self, check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        return self.rules(check, "Value does not have class {}", "Value class is not in classes ({})")

    def datatype(self, check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        return f"Value is not Literal with datatype {self.shape_text(check.constraint.value)}"

    def node_kind(self, check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        return f"Value is not of Node Kind {self.shape_text(check.constraint.value)}"

    def in_(self, check: Check, _focus: OxTerm, value: OxTerm | None) -> str:
        # pyshacl iterates a set of the list members, built in list order: the same set here, the same order
        members: set[Node] = set()
        for item in Collection(self.sg, check.constraint.value):
            members.add(item)
        listed = [self.shape_text(m) for m in members]
        assert value is not None
        return f"Value {self.data.text(value)} not in list {listed}"

    def pattern(self, check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        rules = [str(r) for r in self.values(check, SH.pattern)]
        if len(rules) < 2:
            return f"Value does not match pattern '{rules[0]}'"
        return "Value does not match every pattern in ('{}')".format("', '".join(rules))

    def bound(self, check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        op = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
        symbol = op[check.constraint.parameter]  # type: ignore[index]
        return self.rules(check, f"Value is not {symbol} {{}}", f"Value is not {symbol} in ({{}})")

    def length(self, check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        symbol = ">=" if check.constraint.parameter == SH.minLength else "<="
        first = self.values(check, check.constraint.parameter)[0]
        return f"String length not {symbol} {self.data.node_text(first)}"

    def language_in(self, check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        return f"String language is not in {self.shape_text(check.constraint.value)}"

    def unique_lang(self, _check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        return "More than one String shares the same Language"

    def has_value(self, check: Check, focus: OxTerm, _value: OxTerm | None) -> str:
        members: set[Node] = set()
        for item in self.values(check, SH.hasValue):
            members.add(item)
        listed = [self.shape_text(m) for m in members]
        if check.source.path is not None:
            path = self.shape_text(check.source.path.node)
            return f"Node {self.data.text(focus)}->{path} does not contain a value in the set: {listed}"
        return f"Node {self.data.text(focus)} value is not a in the set of values: {listed}"

    def logical(self, check: Check, _focus: OxTerm, value: OxTerm | None) -> str:
        parameter = check.constraint.parameter
        lists = self.values(check, parameter)
        if len(lists) < 2:
            listed = " , ".join(self.shape_text(m) for m in Collection(self.sg, lists[0]))
        else:
            listed = " and ".join(
                "(" + " , ".join(self.shape_text(m) for m in Collection(self.sg, node)) + ")" for node in lists
            )
        verb = {SH["or"]: "one or more", SH["and"]: "all", SH.xone: "exactly one"}[parameter]  # type: ignore[index]
        shapes = "shape" if parameter == SH.xone else "shapes"
        assert value is not None
        return f"Node {self.data.text(value)} must conform to {verb} {shapes} in {listed}"

    def not_(self, check: Check, _focus: OxTerm, value: OxTerm | None) -> str:
        nots = self.values(check, SH["not"])
        assert value is not None
        if len(nots) == 1:
            return f"Node {self.data.text(value)} must not conform to shape {self.shape_text(nots[0])}"
        listed = " , ".join(self.shape_text(n) for n in nots)
        return f"Node {self.data.text(value)} must not conform to any shapes in {listed}"

    def node(self, check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        shapes = self.values(check, SH.node)
        if len(shapes) < 2:
            text = f"Value does not conform to Shape {self.shape_text(shapes[0])}."
        else:
            text = "Value must conform to every Shape in ('{}').".format(
                "', '".join(self.shape_text(s) for s in shapes)
            )
        return text + " See details for more information."

    def qualified(self, check: Check, _focus: OxTerm, _value: OxTerm | None) -> str:
        g, node = self.sg, check.source.node
        value_shapes = set(g.objects(node, SH.qualifiedValueShape))
        listed = ",".join(self.shape_text(s) for s in value_shapes)
        counts = ""
        for word, predicate in (("MinCount", SH.qualifiedMinCount), ("MaxCount", SH.qualifiedMaxCount)):
            count = g.value(node, predicate)
            if isinstance(count, Literal):
                counts += f" {word} {count.value}"
        if len(value_shapes) > 1:
            return f"Focus node does not conform to shapes{counts}: ({listed})"
        return f"Focus node does not conform to shape{counts}: {listed}"


Generic = Callable[[Messages, Check, OxTerm, "OxTerm | None"], str]
GENERIC: dict[Node, Generic] = {
    SH.minCount: Messages.count,
    SH.maxCount: Messages.count,
    SH["class"]: Messages.class_,
    SH.datatype: Messages.datatype,
    SH.nodeKind: Messages.node_kind,
    SH["in"]: Messages.in_,
    SH.pattern: Messages.pattern,
    SH.minInclusive: Messages.bound,
    SH.maxInclusive: Messages.bound,
    SH.minExclusive: Messages.bound,
    SH.maxExclusive: Messages.bound,
    SH.minLength: Messages.length,
    SH.maxLength: Messages.length,
    SH.languageIn: Messages.language_in,
    SH.uniqueLang: Messages.unique_lang,
    SH.hasValue: Messages.has_value,
    SH["or"]: Messages.logical,
    SH["and"]: Messages.logical,
    SH.xone: Messages.logical,
    SH["not"]: Messages.not_,
    SH.node: Messages.node,
    SH.qualifiedValueShape: Messages.qualified,
}
