"""The canned queries: every ``queries/*.rq`` file, its header (title, description, typed parameters)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cmkg.bindings import where_offset
from loaders.namespaces import SEGMENTS, goal_iri, target_iri
from loaders.records import SLUG_PATTERN, TARGET_PATTERN

HEADER_RE = re.compile(r"^#\s*(title|description|param):\s*(.*?)\s*$")
IRI_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")

# parameter type -> (kind of resource under our base IRI, or None), description for users
RESOURCE_TYPES = {
    "recommendation": "recommendations",
    "city": "cities",
    "action": "actions",
    "country": "countries",
    "organisation": "organisations",
    "source": "sources",
}
PARAM_TYPES = {*RESOURCE_TYPES, "sdg-goal", "sdg-target", "iri", "string", "integer"}


class CatalogError(Exception):
    """A query file is malformed (fails at startup, never at request time)."""


class ParameterError(ValueError):
    """A parameter value is not valid for its type."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    example: str

    def describe(self) -> str:
        return {
            "sdg-goal": "an SDG goal number, 1 to 17",
            "sdg-target": "an SDG target code such as 16.b or 10.7",
            "iri": "an absolute IRI",
            "string": "a text",
            "integer": "an integer",
        }.get(self.type, f"the id (slug) of a {self.type}, e.g. {self.example}")

    def to_term(self, value: str, base_iri: str) -> ox.NamedNode | ox.Literal:
        """Validate a raw value and turn it into an RDF term (never pasted into query text)."""
        value = value.strip()
        if self.type in RESOURCE_TYPES:
            if not re.match(SLUG_PATTERN, value):
                raise ParameterError(f"'{value}' is not a valid {self.type} id (lower-case letters, digits, '-')")
            return ox.NamedNode(f"{base_iri}{SEGMENTS[RESOURCE_TYPES[self.type]]}/{value}")
        if self.type == "sdg-goal":
            if not value.isdigit() or not 1 <= int(value) <= 17:
                raise ParameterError(f"'{value}' is not an SDG goal number (1 to 17)")
            return ox.NamedNode(str(goal_iri(int(value))))
        if self.type == "sdg-target":
            if not re.match(TARGET_PATTERN, value):
                raise ParameterError(f"'{value}' is not an SDG target code (e.g. 16.b, 10.7)")
            return ox.NamedNode(str(target_iri(value)))
        if self.type == "iri":
            if not IRI_RE.match(value):
                raise ParameterError(f"'{value}' is not an absolute IRI")
            return ox.NamedNode(value)
        if self.type == "integer":
            if not re.fullmatch(r"-?\d{1,18}", value):
                raise ParameterError(f"'{value}' is not an integer")
            return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        return ox.Literal(value)


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path

    def bind(self, raw: dict[str, str], base_iri: str) -> dict[str, ox.NamedNode | ox.Literal]:
        """Validated RDF terms for every declared parameter; unknown or missing ones are errors."""
        declared = {p.name: p for p in self.parameters}
        unknown = sorted(set(raw) - set(declared))
        if unknown:
            raise ParameterError(f"unknown parameter(s): {', '.join(unknown)}; expected: {', '.join(declared)}")
        missing = [name for name in declared if name not in raw]
        if missing:
            raise ParameterError(f"missing parameter(s): {', '.join(missing)}")
        return {name: declared[name].to_term(raw[name], base_iri) for name in declared}


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = HEADER_RE.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            parts = value.split()
            if len(parts) != 3 or parts[1] not in PARAM_TYPES:
                raise CatalogError(f"{path.name}: '# param:' needs 'name type example' with type in {PARAM_TYPES}")
            params.append(Parameter(*parts))
        else:
            fields[key] = value
    for key in ("title", "description"):
        if key not in fields:
            raise CatalogError(f"{path.name}: the header needs a '# {key}:' line")
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise CatalogError(f"{path.name}: {exc}") from exc
    if params and where_offset(text) is None:
        raise CatalogError(f"{path.name}: a query with parameters needs an explicit 'WHERE {{'")
    for param in params:
        if f"?{param.name}" not in text and f"${param.name}" not in text:
            raise CatalogError(f"{path.name}: parameter '{param.name}' is not a variable of the query")
    return CannedQuery(path.stem, fields["title"], fields["description"], tuple(params), text, path)


def load_catalog(queries_dir: Path) -> dict[str, CannedQuery]:
    """Every query of the folder, parsed once; a malformed file fails here, at startup."""
    return {path.stem: parse_query_file(path) for path in sorted(queries_dir.glob("*.rq"))}
