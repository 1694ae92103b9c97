"""SHACL Core validation at scale: the shapes compiled to SPARQL, run by pyoxigraph, reported like pyshacl.

pyshacl (``loaders.validate``) stays the reference implementation. This package gives the same report (every
``Violation`` field, generic messages included; tests/shapes/test_fast_shacl.py proves it on every case of
tests/shapes/cases/ and on synthetic graphs with seeded violations) many times faster on large graphs, and
revalidates only the focus nodes an edit can affect (:class:`LiveValidator`).

    validator = FastValidator(load_shapes(shapes_dir))   # UnsupportedShapeError if a constraint cannot be compiled
    report = validator.validate(store)                     # a pyoxigraph Store
    live = LiveValidator(validator, store)                 # then live.apply(removed, added) / live.editing(...)

Supported: targets (class, node, subjectsOf, objectsOf, implicit class); property paths (predicate, inverse,
sequence, alternative, zeroOrOne, zeroOrMore, oneOrMore); sh:class, datatype, nodeKind, pattern (+flags), in,
languageIn, min/maxInclusive, min/maxExclusive, min/maxLength, minCount, maxCount, uniqueLang, hasValue, or,
and, xone, not, node, property, qualifiedValueShape with qualifiedMin/MaxCount (and ...Disjoint), severity,
message, deactivated. Refused with UnsupportedShapeError: sh:closed, equals, disjoint, lessThan(OrEquals),
SPARQL constraints and targets, recursive shapes, blank nodes in sh:in/sh:hasValue, and every other sh: term.

Where the two can differ, by design (the reports are equal on everything our data and tests contain):

* oxigraph stores well-typed numbers, booleans and dates in canonical form, so a reported value is spelled
  canonically ("1.5" where rdflib keeps "1.50");
* ill-typed literals: well-formedness follows XSD (oxigraph), not Python's converters (rdflib accepts
  "1_000"^^xsd:integer); rdflib rewrites an ill-typed xsd:boolean to "false"; SPARQL finds an ill-typed number
  not comparable (a min/maxInclusive result, as SHACL says) where rdflib orders it below any number;
* sh:pattern uses oxigraph's regular expressions (Rust ``regex``: no look-around or back-references).
"""

from loaders.shacl_fast.errors import UnsupportedShapeError
from loaders.shacl_fast.incremental import LiveValidator
from loaders.shacl_fast.validator import FastValidator, validate_graph_fast

__all__ = ["FastValidator", "LiveValidator", "UnsupportedShapeError", "validate_graph_fast"]
