"""RDF terms between rdflib (the shapes graph, pyshacl's world) and pyoxigraph (the data), and in SPARQL text."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def sparql(node: Node) -> str:
    """A constant of the shapes graph (IRI or literal) written into a SPARQL query."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype:
            return f"{text}^^<{node.datatype}>"
        return text
    raise TypeError(f"no SPARQL constant for {node!r}")


def to_ox(node: Node) -> OxTerm:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def to_rdflib(term: OxTerm) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)  # rdflib's plain literal, as a parser gives it
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def text(term: OxTerm) -> str:
    """A term as ``loaders.validate.Violation`` spells it (``str()`` of the rdflib term)."""
    return term.value


def store_from_graph(graph: Graph) -> ox.Store:
    """An in-memory store with the triples of an rdflib graph; blank nodes keep their ids, so reports match."""
    store = ox.Store()
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
    return store
