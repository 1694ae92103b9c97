"""Query text a remote backend adapts for its engine: dataset (FROM) and parameter binding.

Only validated pyoxigraph terms are ever written into a query (their N-Triples form, escaped by
pyoxigraph). Nothing here parses SPARQL fully: a small tokenizer skips comments, strings and IRIs so that
keywords are only found where they are keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import pyoxigraph as ox

from cmkg.bindings import VAR_RE, apply_bindings, where_offset

Binding = ox.NamedNode | ox.Literal | list | tuple

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    "|".join(
        (
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings first
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",
        )
    ),
    re.S,
)
_WORD = re.compile(r"[?$]?[A-Za-z_][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*|[0-9][\w.]*")
FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
# what may follow the dataset clauses of a query: its pattern, or straight away its solution modifiers
AFTER_DATASET = {"WHERE", "ORDER", "GROUP", "HAVING", "LIMIT", "OFFSET", "VALUES"}


def tokens(query: str) -> Iterator[tuple[int, str]]:
    """(offset, token) for the words and brackets of a query; comments, strings and IRIs are skipped."""
    at, end = 0, len(query)
    while at < end:
        char = query[at]
        if char.isspace():
            at += 1
        elif char == "#":
            newline = query.find("\n", at)
            at = end if newline < 0 else newline + 1
        elif char in "\"'":
            match = _STRING.match(query, at)
            at = match.end() if match else at + 1
        elif char == "<" and (match := _IRI.match(query, at)):
            at = match.end()
        elif char in "{}()":
            yield at, char
            at += 1
        elif match := _WORD.match(query, at):
            yield at, match.group()
            at = match.end()
        else:
            at += 1


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the form of a query (None if it is none of them)."""
    return next((token.upper() for _, token in tokens(query) if token.upper() in FORMS), None)


def with_from(query: str, graph: str, named: str | None = None) -> str:
    """The query with ``FROM <graph>`` (and ``FROM NAMED <named>``) among its dataset clauses, for engines
    that ignore default-graph-uri.

    The clauses go after the query form (and a CONSTRUCT template), before the first of WHERE, the
    pattern's ``{``, or a solution modifier; a DESCRIBE with none of them gets them at the end."""
    iri = str(ox.NamedNode(graph)) + (f" FROM NAMED {ox.NamedNode(named)}" if named else "")
    stream = tokens(query)
    for _, token in stream:
        if token.upper() in FORMS:
            form = token.upper()
            break
    else:
        raise ValueError("not a query (no SELECT, CONSTRUCT, DESCRIBE or ASK)")
    braces = parens = 0
    template_done = form != "CONSTRUCT"
    for offset, token in stream:
        if not template_done:
            if token == "{":
                braces += 1
            elif token == "}":
                braces -= 1
                template_done = braces == 0
            elif braces == 0 and token.upper() in AFTER_DATASET | {"FROM"}:
                template_done = True  # the short form, CONSTRUCT WHERE { ... }
                if token.upper() != "FROM":
                    return f"{query[:offset]}FROM {iri} {query[offset:]}"
            continue
        if token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif parens == 0 and (token == "{" or token.upper() in AFTER_DATASET):
            return f"{query[:offset]}FROM {iri} {query[offset:]}"
    return f"{query.rstrip()}\nFROM {iri}\n"


def bind_with_bind(query: str, bindings: Mapping[str, Binding]) -> str:
    """Like :func:`cmkg.bindings.apply_bindings`, but a single term becomes ``BIND(term AS ?name)``.

    For engines that lose a VALUES-bound variable as the start of a property path (Virtuoso 7 answers
    ``?x (p|q)? ?y`` with the whole graph, or "transitive start not given"). Lists stay VALUES."""
    singles = {k: v for k, v in bindings.items() if not isinstance(v, list | tuple)}
    lists = {k: v for k, v in bindings.items() if isinstance(v, list | tuple)}
    query = apply_bindings(query, lists)
    if not singles:
        return query
    at = where_offset(query)
    if at is None:
        raise ValueError("a parameterised query needs an explicit 'WHERE {'")
    clauses = []
    for name, term in sorted(singles.items()):
        if not VAR_RE.match(name) or not isinstance(term, ox.NamedNode | ox.Literal):
            raise ValueError(f"cannot bind {name!r}")
        clauses.append(f" BIND ({term} AS ?{name})")
    return query[:at] + "".join(clauses) + "\n" + query[at:]
