"""The queries of a shapes graph: for each targeted shape, a few SPARQL SELECTs that find all its violations.

Every constraint becomes a *check*: a boolean SPARQL expression over the focus node (``?this``) or over one
value node (``?value``) that is false exactly when SHACL reports a result. The checks of one shape are
gathered into few queries, so oxigraph visits each focus node once per shape rather than once per constraint:

* one *focus query* per shape: the tests on the focus node itself (node-level constraints, and the counts,
  ``sh:uniqueLang``, ``sh:hasValue``, qualified counts of its property shapes);
* one *values query* per property shape: the tests on each value node (``sh:class``, ``sh:datatype``, ...).

Each test is bound to ``?ok0``, ``?ok1``, ...; a row comes back when one is false. Where the focus nodes come
from is a hole (``#FOCUS#``) filled by :meth:`Query.text`: all the targets of the shape (a full validation) or
some given nodes that are targets (revalidating what an edit may have affected). The queries are generated
from the shapes graph, never written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path as FilePath
from string import Template

from rdflib import URIRef
from rdflib.namespace import SH

from loaders.shacl_fast.conditions import (
    MAX_COUNTED,
    TYPE_PATH,
    Names,
    qualified_test,
    set_test,
    value_test,
)
from loaders.shacl_fast.model import Constraint, Shape, Targets
from loaders.shacl_fast.paths import Path
from loaders.shacl_fast.terms import sparql

FOCUS = "#FOCUS#"
TEMPLATES = FilePath(__file__).resolve().parents[2] / "queries" / "shacl"


@cache
def template(name: str) -> Template:
    """The skeleton queries/shacl/{name}.rq (its ``#`` header dropped); the compiler fills its ``$`` slots with
    patterns and expressions generated from the shapes graph."""
    text = (TEMPLATES / f"{name}.rq").read_text(encoding="utf-8")
    return Template(" ".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, applied to the focus nodes of a targeted shape."""

    source: Shape  # the shape the constraint belongs to (pyshacl's sh:sourceShape)
    constraint: Constraint
    value: str  # what the result reports as sh:value: "value" (the value node), "focus" or "" (nothing)
    test: str  # SPARQL expression, false iff there is a result

    @property
    def component(self) -> URIRef:
        return self.constraint.component


@dataclass(frozen=True)
class Query:
    root: Shape  # the targeted shape whose targets are the focus nodes
    chain: tuple[Path, ...]  # for sh:property on a property shape: focus nodes are the values along these paths
    checks: tuple[Check, ...]
    body: str  # SELECT ?this [?value] ?ok0 ... WHERE { #FOCUS# ... }

    def text(self, focus: list[str] | None = None) -> str:
        """The query over every focus node, or over those of ``focus`` (SPARQL terms) that are targets."""
        if focus is None:
            return self.body.replace(FOCUS, all_focus_nodes(self.root.targets, self.chain))
        if self.chain:
            raise ValueError("focus nodes of nested property shapes cannot be given")
        block = f"VALUES ?this {{ {' '.join(focus)} }} FILTER({is_target(self.root.targets, '?this')})"
        return self.body.replace(FOCUS, block)


def target_patterns(targets: Targets, x: str) -> list[str]:
    patterns = [f"{x} {TYPE_PATH} {sparql(c)}" for c in targets.classes]
    if targets.nodes:
        patterns.append(f"VALUES {x} {{ {' '.join(sparql(n) for n in targets.nodes)} }}")
    patterns += [f"{x} {sparql(p)} []" for p in targets.subjects_of]
    patterns += [f"[] {sparql(p)} {x}" for p in targets.objects_of]
    return patterns


def all_focus_nodes(targets: Targets, chain: tuple[Path, ...]) -> str:
    start = "?this" if not chain else "?focus0"
    union = " UNION ".join(f"{{ {p} }}" for p in target_patterns(targets, start))
    steps = []
    for i, path in enumerate(chain):
        to = "?this" if i == len(chain) - 1 else f"?focus{i + 1}"
        steps.append(f"?focus{i} {path.sparql} {to} .")
    return template("focus-nodes").substitute(targets=union, steps=" ".join(steps))


def is_target(targets: Targets, x: str) -> str:
    tests = [f"EXISTS {{ {x} {TYPE_PATH} {sparql(c)} }}" for c in targets.classes]
    tests += [f"sameTerm({x}, {sparql(n)})" for n in targets.nodes]
    tests += [f"EXISTS {{ {x} {sparql(p)} [] }}" for p in targets.subjects_of]
    tests += [f"EXISTS {{ [] {sparql(p)} {x} }}" for p in targets.objects_of]
    return " || ".join(tests)


def _select(projection: str, pattern: str, checks: list[Check]) -> str:
    binds = " ".join(f"BIND({c.test} AS ?ok{i})" for i, c in enumerate(checks))
    flags = " ".join(f"?ok{i}" for i in range(len(checks)))
    # COALESCE: should a test ever be a SPARQL error, its row still comes back (and the validator complains)
    failed = " || ".join(f"!COALESCE(?ok{i}, false)" for i in range(len(checks)))
    return template("checks").substitute(
        projection=projection, flags=flags, focus=FOCUS, pattern=pattern, binds=binds, failed=failed
    )


def _large_count(c: Constraint, path: str) -> str:
    """Counts beyond what a test spells out with distinct variables: an aggregate query of its own."""
    value_filter = ""
    if c.parameter == SH.qualifiedValueShape:
        value_filter = f" FILTER({qualified_test(c, '?value', Names())})"
    if c.component in (SH.MinCountConstraintComponent, SH.QualifiedMinCountConstraintComponent):
        pattern, op = f"OPTIONAL {{ ?this {path} ?value{value_filter} }}", "<"
    else:
        pattern, op = f"?this {path} ?value{value_filter}", ">"
    return template("large-count").substitute(focus=FOCUS, pattern=pattern, op=op, count=c.count)


def _is_large(c: Constraint) -> bool:
    counted = (SH.minCount, SH.maxCount, SH.qualifiedValueShape)
    return c.parameter in counted and c.count + 1 > MAX_COUNTED


def _queries_of(root: Shape, chain: tuple[Path, ...], shape: Shape, focus_checks: list[Check]) -> list[Query]:
    """The checks of ``shape`` (the root or one of its property shapes): focus-level ones are added to
    ``focus_checks``, value-level ones get a values query per property shape, nested ones their own queries."""
    if shape.deactivated:
        return []
    queries = []
    names = Names()
    value_checks = []
    values_chain = chain if shape.path is None else (*chain, shape.path)
    for c in shape.constraints:
        if shape.path is None:
            # pyshacl reports the focus node as the value, except for sh:hasValue
            value = "" if c.parameter == SH.hasValue else "focus"
            focus_checks.append(Check(shape, c, value, value_test(c, "?this", names)))
        elif _is_large(c):
            check = Check(shape, c, "", "false")
            queries.append(Query(root, chain, (check,), _large_count(c, shape.path.sparql)))
        elif c.on_values:
            value_checks.append(Check(shape, c, "value", value_test(c, "?value", names)))
        else:
            test = set_test(c, "?this", shape.path.sparql, names)
            if test != "true":
                focus_checks.append(Check(shape, c, "", test))
        if c.parameter == SH.node:
            # pyshacl attaches the results of the sh:node shape as sh:detail, and loaders.validate reads every
            # sh:ValidationResult of the report graph: they are part of the report, on the value nodes.
            queries.extend(_shape_queries(root, values_chain, c.shapes[0]))
    if value_checks:
        assert shape.path is not None
        body = _select("?this ?value", f"?this {shape.path.sparql} ?value .", value_checks)
        queries.append(Query(root, chain, tuple(value_checks), body))
    for child in shape.properties:
        if shape.path is None:  # a node shape's property shapes share its focus nodes
            queries.extend(_queries_of(root, chain, child, focus_checks))
        else:  # a property shape's property shapes apply to its values
            queries.extend(_shape_queries(root, values_chain, child))
    return queries


def _shape_queries(root: Shape, chain: tuple[Path, ...], shape: Shape) -> list[Query]:
    """All the queries of ``shape`` on the focus nodes of ``root`` (or the values along ``chain`` from them)."""
    focus_checks: list[Check] = []
    queries = _queries_of(root, chain, shape, focus_checks)
    if focus_checks:
        queries.insert(0, Query(root, chain, tuple(focus_checks), _select("?this", "", focus_checks)))
    return queries


def compile_queries(roots: list[Shape]) -> list[Query]:
    """Every query of every targeted shape, in the order of the shapes."""
    return [query for root in roots for query in _shape_queries(root, (), root)]
