"""SHACL constraints as SPARQL boolean expressions: "does this term pass / conform?".

Each function returns an expression that is true or false and never a SPARQL error (an error inside ``||`` or
``!`` would silently drop a row, i.e. hide a violation): type tests come first so ``&&`` short-circuits, and
comparisons that may fail are wrapped in ``COALESCE(..., false)``.

The semantics follow pyshacl, our reference, where it differs from the letter of the spec:

* ``sh:languageIn`` matches a tag or its first subtag, case-insensitively (not ``langMatches``);
* a nested shape whose severity is sh:Warning or sh:Info conforms even when it fails (pyshacl with
  ``allow_warnings=True``, as ``loaders.validate`` runs it), except under ``sh:node``, which fails as soon as
  the nested shape produces any result ("clean" below).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from loaders.shacl_fast.errors import UnsupportedShapeError
from loaders.shacl_fast.model import Constraint, Shape
from loaders.shacl_fast.terms import sparql

TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
# Literals of these datatypes are well-formed iff SPARQL sees a number (oxigraph keeps ill-typed ones as text).
NUMERIC = {
    XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.int, XSD.long, XSD.short, XSD.byte,
    XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger,
    XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte,
}  # fmt: skip
# ... and these iff casting their lexical form back gives the same term.
CASTABLE = {XSD.boolean, XSD.date, XSD.dateTime, XSD.time, XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration}
NODE_KINDS = {
    SH.IRI: "isIRI({x})",
    SH.BlankNode: "isBlank({x})",
    SH.Literal: "isLiteral({x})",
    SH.BlankNodeOrIRI: "(isIRI({x}) || isBlank({x}))",
    SH.BlankNodeOrLiteral: "(isBlank({x}) || isLiteral({x}))",
    SH.IRIOrLiteral: "(isIRI({x}) || isLiteral({x}))",
}
COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
ALLOWED_SEVERITIES = {SH.Warning, SH.Info}
MAX_COUNTED = 8  # cardinalities inside nested shapes are spelled out as n distinct variables


class Names:
    """Fresh SPARQL variable names, so nested tests never capture each other's variables."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, stem: str = "v") -> str:
        self.n += 1
        return f"?{stem}{self.n}"


def all_of(parts: list[str]) -> str:
    parts = [p for p in parts if p != "true"]
    if "false" in parts:
        return "false"
    return "true" if not parts else parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"


def any_of(parts: list[str]) -> str:
    parts = [p for p in parts if p != "false"]
    if "true" in parts:
        return "true"
    return "false" if not parts else parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def datatype_test(datatype: URIRef, x: str) -> str:
    if datatype == RDFS.Literal:
        return f"isLiteral({x})"
    if datatype == RDF.langString:
        return f'(isLiteral({x}) && lang({x}) != "")'
    test = f"isLiteral({x}) && datatype({x}) = <{datatype}>"
    if datatype in NUMERIC:
        return f"({test} && isNumeric({x}))"
    if datatype in CASTABLE:
        return f"({test} && COALESCE(sameTerm(<{datatype}>(STR({x})), {x}), false))"
    return f"({test})"


def language_test(tags: tuple, x: str) -> str:
    wanted = sorted({str(t).lower() for t in tags})
    if "*" in wanted:
        return f'(isLiteral({x}) && lang({x}) != "")'
    listed = ", ".join(sparql(Literal(t)) for t in wanted)
    first = f'STRBEFORE(CONCAT(LCASE(lang({x})), "-"), "-")'
    return f'(isLiteral({x}) && lang({x}) != "" && (LCASE(lang({x})) IN ({listed}) || {first} IN ({listed})))'


def value_test(c: Constraint, x: str, names: Names) -> str:
    """True iff the single term ``x`` passes the value constraint ``c``."""
    p, v = c.parameter, c.value
    if p == SH["class"]:
        return f"EXISTS {{ {x} {TYPE_PATH} {sparql(v)} }}"
    if p == SH.datatype:
        return datatype_test(v, x)  # type: ignore[arg-type]
    if p == SH.nodeKind:
        if v not in NODE_KINDS:
            raise UnsupportedShapeError(v, "unknown sh:nodeKind")
        return NODE_KINDS[v].format(x=x)  # type: ignore[index]
    if p == SH.pattern:
        flags = f", {sparql(Literal(c.flags))}" if c.flags else ""
        return f"(!isBlank({x}) && COALESCE(REGEX(STR({x}), {sparql(v)}{flags}), false))"
    if p in (SH.minLength, SH.maxLength):
        op = ">=" if p == SH.minLength else "<="
        return f"(!isBlank({x}) && STRLEN(STR({x})) {op} {c.count})"
    if p in COMPARISONS:
        return f"COALESCE(isLiteral({x}) && {x} {COMPARISONS[p]} {sparql(v)}, false)"
    if p == SH["in"]:
        return any_of([f"sameTerm({x}, {sparql(m)})" for m in c.members])
    if p == SH.hasValue:
        return f"sameTerm({x}, {sparql(v)})"
    if p == SH.languageIn:
        return language_test(c.members, x)
    if p == SH["or"]:
        return any_of([shape_test(s, x, names) for s in c.shapes])
    if p == SH["and"]:
        return all_of([shape_test(s, x, names) for s in c.shapes])
    if p == SH.xone:
        ones = " + ".join(f"IF({shape_test(s, x, names)}, 1, 0)" for s in c.shapes)
        return f"(({ones}) = 1)"
    if p == SH["not"]:
        return f"!({shape_test(c.shapes[0], x, names)})"
    if p == SH.node:
        return shape_test(c.shapes[0], x, names, clean=True)
    raise UnsupportedShapeError(v, f"no value test for {p}")


def qualified_test(c: Constraint, x: str, names: Names) -> str:
    """Conforms to the qualified value shape and to none of its siblings (sh:qualifiedValueShapesDisjoint)."""
    return all_of([shape_test(c.shapes[0], x, names), *(f"!({shape_test(s, x, names)})" for s in c.siblings)])


def distinct_values(x: str, path: str, n: int, names: Names, test: Callable[[str], str] | None = None) -> str:
    """A graph pattern binding ``n`` pairwise distinct values of ``x`` (each passing ``test``, if given)."""
    if n > MAX_COUNTED:
        raise UnsupportedShapeError(path, f"cardinality {n} inside a nested shape")  # type: ignore[arg-type]
    values = [names() for _ in range(n)]
    filters = [f"!sameTerm({a}, {b})" for a, b in combinations(values, 2)]
    if test:
        filters += [test(v) for v in values]
    triples = " . ".join(f"{x} {path} {v}" for v in values)
    return triples + (f" . FILTER({' && '.join(filters)})" if filters else "")


def set_test(c: Constraint, x: str, path: str, names: Names) -> str:
    """True iff the values of ``x`` along ``path`` pass the set constraint ``c`` (counts, uniqueLang, ...)."""
    p = c.parameter
    if p == SH.minCount:
        return "true" if c.count <= 0 else f"EXISTS {{ {distinct_values(x, path, c.count, names)} }}"
    if p == SH.maxCount:
        return f"NOT EXISTS {{ {distinct_values(x, path, c.count + 1, names)} }}"
    if p == SH.uniqueLang:
        a, b = names(), names()
        return f"NOT EXISTS {{ {x} {path} {a} . {x} {path} {b} . FILTER({unique_lang_clash(a, b)}) }}"
    if p == SH.hasValue:
        return f"EXISTS {{ {x} {path} {sparql(c.value)} }}"
    if p == SH.qualifiedValueShape:

        def test(v: str) -> str:
            return qualified_test(c, v, names)

        if c.component == SH.QualifiedMinCountConstraintComponent:
            if c.count <= 0:
                return "true"
            return f"EXISTS {{ {distinct_values(x, path, c.count, names, test)} }}"
        return f"NOT EXISTS {{ {distinct_values(x, path, c.count + 1, names, test)} }}"
    raise UnsupportedShapeError(c.value, f"no set test for {p}")


def unique_lang_clash(a: str, b: str) -> str:
    return (
        f'isLiteral({a}) && isLiteral({b}) && lang({a}) != "" && !sameTerm({a}, {b}) '
        f"&& LCASE(lang({a})) = LCASE(lang({b}))"
    )


def property_test(ps: Shape, x: str, names: Names, clean: bool) -> str:
    """True iff ``x`` passes every constraint of the property shape ``ps`` (its values along ``ps.path``)."""
    assert ps.path is not None
    path = ps.path.sparql
    parts = []
    for c in ps.constraints:
        if c.on_values:
            v = names()
            parts.append(f"NOT EXISTS {{ {x} {path} {v} . FILTER(!({value_test(c, v, names)})) }}")
        else:
            parts.append(set_test(c, x, path, names))
    for child in ps.properties:
        v = names()
        parts.append(f"NOT EXISTS {{ {x} {path} {v} . FILTER(!({shape_test(child, v, names, clean)})) }}")
    return all_of(parts)


def shape_test(shape: Shape, x: str, names: Names, clean: bool = False) -> str:
    """True iff ``x`` conforms to ``shape`` as pyshacl decides it for sh:or/and/xone/not/qualifiedValueShape
    (``clean=False``) or produces no result at all, as sh:node requires (``clean=True``)."""
    if shape.deactivated:
        return "true"
    if not clean and shape.severity in ALLOWED_SEVERITIES:
        return "true"
    if shape.is_property_shape:
        return property_test(shape, x, names, clean)
    parts = [value_test(c, x, names) for c in shape.constraints]
    parts += [shape_test(ps, x, names, clean) for ps in shape.properties]
    return all_of(parts)
