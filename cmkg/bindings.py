"""Bind validated RDF terms into a query as a VALUES block (portable to every SPARQL 1.1 engine).

pyoxigraph's own substitutions only accept projected variables, and remote engines have none, so a
parameter becomes ``VALUES ?name { <term> }`` at the start of the outermost WHERE group. The terms are
pyoxigraph terms built from validated input; their N-Triples form is escaped by pyoxigraph, never by us.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

WHERE_RE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

Term = ox.NamedNode | ox.Literal
Binding = Term | list[Term] | tuple[Term, ...]


def where_offset(query: str) -> int | None:
    """Offset just after the '{' of the first WHERE outside a comment line, or None."""
    offset = 0
    for line in query.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            match = WHERE_RE.search(line)
            if match:
                return offset + match.end()
        offset += len(line)
    return None


def apply_bindings(query: str, bindings: Mapping[str, Binding]) -> str:
    """The query with ``VALUES ?name { term ... }`` for each binding (a term, or a list of terms)."""
    if not bindings:
        return query
    at = where_offset(query)
    if at is None:
        raise ValueError("a parameterised query needs an explicit 'WHERE {'")
    clauses = []
    for name, value in sorted(bindings.items()):
        terms = list(value) if isinstance(value, list | tuple) else [value]
        if not VAR_RE.match(name) or not all(isinstance(t, ox.NamedNode | ox.Literal) for t in terms):
            raise ValueError(f"cannot bind {name!r}")
        clauses.append(f" VALUES ?{name} {{ {' '.join(str(t) for t in terms)} }}")
    return query[:at] + "".join(clauses) + "\n" + query[at:]
