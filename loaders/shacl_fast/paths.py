"""SHACL property paths: as SPARQL 1.1 property paths, as report text, and as the triples a value depends on.

A path is parsed once from the shapes graph. Besides its SPARQL form it keeps every *step sequence* that can
reach a value (alternatives expanded, inverses flipped): incremental revalidation walks these backwards from
a changed triple to the focus nodes that could have read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import BNode, Node

from loaders.shacl_fast.errors import UnsupportedShapeError
from loaders.validate import _path_text

# One hop of a path: (predicate, True) from subject to object, (predicate, False) from object to subject.
Step = tuple[URIRef, bool]


@dataclass(frozen=True)
class Path:
    node: Node
    sparql: str
    text: str
    sequences: frozenset[tuple[Step, ...]]
    # Predicates under sh:zeroOrMorePath / sh:oneOrMorePath: a change to them can reach arbitrarily far.
    unbounded: frozenset[URIRef]


@dataclass(frozen=True)
class _Parsed:
    sparql: str
    sequences: frozenset[tuple[Step, ...]]
    unbounded: frozenset[URIRef]


def _reverse(sequence: tuple[Step, ...]) -> tuple[Step, ...]:
    return tuple((predicate, not forward) for predicate, forward in reversed(sequence))


def _members(graph: Graph, node: Node, shape: Node) -> list[Node]:
    members = list(Collection(graph, node))
    if len(members) < 2:
        raise UnsupportedShapeError(shape, "a sequence or alternative path needs a list of at least two paths")
    return members


def _parse(graph: Graph, node: Node, shape: Node) -> _Parsed:
    if isinstance(node, URIRef):
        return _Parsed(f"<{node}>", frozenset({((node, True),)}), frozenset())
    if not isinstance(node, BNode):
        raise UnsupportedShapeError(shape, f"sh:path must be an IRI or a blank node, not {node!r}")
    if (node, RDF.first, None) in graph:
        parts = [_parse(graph, member, shape) for member in _members(graph, node, shape)]
        sequences = frozenset(sum(combo, ()) for combo in product(*(sorted(p.sequences) for p in parts)))
        return _Parsed(
            "(" + " / ".join(p.sparql for p in parts) + ")",
            sequences,
            frozenset().union(*(p.unbounded for p in parts)),
        )
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        inner = _parse(graph, inverse, shape)
        return _Parsed(f"^{inner.sparql}", frozenset(_reverse(s) for s in inner.sequences), inner.unbounded)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        parts = [_parse(graph, member, shape) for member in _members(graph, alternatives, shape)]
        return _Parsed(
            "(" + " | ".join(p.sparql for p in parts) + ")",
            frozenset().union(*(p.sequences for p in parts)),
            frozenset().union(*(p.unbounded for p in parts)),
        )
    for predicate, suffix, unbounded in (
        (SH.zeroOrMorePath, "*", True),
        (SH.oneOrMorePath, "+", True),
        (SH.zeroOrOnePath, "?", False),
    ):
        inner_node = graph.value(node, predicate)
        if inner_node is not None:
            inner = _parse(graph, inner_node, shape)
            predicates = frozenset(p for s in inner.sequences for p, _ in s)
            return _Parsed(
                f"({inner.sparql}){suffix}",
                inner.sequences | {()},
                inner.unbounded | (predicates if unbounded else frozenset()),
            )
    raise UnsupportedShapeError(shape, f"unknown kind of sh:path {node!r}")


def parse_path(graph: Graph, node: Node, shape: Node) -> Path:
    parsed = _parse(graph, node, shape)
    return Path(node, parsed.sparql, _path_text(graph, node), parsed.sequences, parsed.unbounded)
