"""The SHACL engine of the build: the fast validator (shapes compiled to SPARQL on pyoxigraph) or pyshacl.

Both give the same :class:`ValidationReport` (``loaders.shacl_fast`` says where they could differ, and
tests/shapes/test_fast_shacl.py proves they do not on our shapes). pyshacl stays the reference and the fallback:
shapes the fast validator cannot compile, or a graph pyoxigraph refuses, are validated by pyshacl with a warning.
"""

from __future__ import annotations

import logging
from typing import Literal, get_args

import pyoxigraph as ox
from rdflib import Graph

from loaders.shacl_fast import FastValidator, UnsupportedShapeError
from loaders.validate import ValidationReport, validate_graph

Validator = Literal["fast", "pyshacl"]
VALIDATORS: tuple[Validator, ...] = get_args(Validator)

log = logging.getLogger("cmkg.build")


def oxigraph_store(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph store with the triples of ``graph``, passed as N-Triples.

    Parsed with ``ox.parse`` rather than ``Store.load``, which relabels blank nodes: here they keep their ids,
    so a report on a blank node names the node pyshacl names. Raises SyntaxError if oxigraph refuses a term.
    """
    store = ox.Store()
    store.extend(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return store


def checked(validator: str) -> Validator:
    """The engine named ``validator``; ValueError if there is none of that name."""
    for known in VALIDATORS:
        if validator == known:
            return known
    raise ValueError(f"unknown SHACL validator {validator!r}: choose one of {', '.join(VALIDATORS)}")


def validate_with(graph: Graph, shapes: Graph, validator: str = "fast") -> tuple[ValidationReport, Validator]:
    """Validate ``graph`` against ``shapes`` with the chosen engine; return the report and the engine that made it
    ("pyshacl" when "fast" had to fall back). Raises ValueError for an unknown engine."""
    if checked(validator) == "fast":
        try:
            fast = FastValidator(shapes)
            store = oxigraph_store(graph)
        except UnsupportedShapeError as exc:
            log.warning("the fast SHACL validator cannot compile the shapes (%s): validating with pyshacl", exc)
        except SyntaxError as exc:
            log.warning("pyoxigraph refuses the graph (%s): validating with pyshacl", exc)
        else:
            return fast.validate(store, graph.namespace_manager), "fast"
    return validate_graph(graph, shapes), "pyshacl"
