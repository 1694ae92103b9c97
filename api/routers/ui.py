"""The human face of the graph: home page, SPARQL editor, a form per canned query, charts, map, local pages
for the UN's SDG goals and targets, and the HTML pages of our own resources (``linked_data.resolve`` hands
them here). Every page shows its data without JavaScript; the editor, the charts and the maps add to it.
Pages are not API operations: they stay out of the OpenAPI document."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.cache import cached_response
from api.conneg import negotiate
from api.deps import StateDep
from api.errors import UnknownResource
from api.executor import QueryOutcome, run_query
from api.rest import actions, cities, organisations, recommendations, sdg, sources
from api.rest.iris import SDG_BASE, locate
from api.rest.paging import Window
from api.results import graph_bytes
from api.routers.linked_data import (
    EXTENSION_OF,
    EXTENSIONS,
    OFFER,
    Page,
    curie,
    describe,
    local_href,
    templates,
)
from api.routers.linked_data import _not_found as not_found
from api.routers.queries import CLASS_OF
from api.routers.queries import RDF_TYPE as TYPE_NODE
from api.state import GraphState
from cmkg.catalog import RESOURCE_TYPES, CannedQuery, ParameterError
from loaders.namespaces import PREFIXES
from loaders.records import SLUG_PATTERN, TARGET_PATTERN

router = APIRouter(include_in_schema=False)
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
ALL = Window(10_000, 0)
WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"
SAME_AS = "https://schema.org/sameAs"
COLOUR = "https://w3id.org/cmkg/ontology#colour"
ONTOLOGY_NS = "https://w3id.org/cmkg/ontology#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ALTERNATES = (
    ("Turtle", "text/turtle"),
    ("JSON-LD", "application/ld+json"),
    ("N-Triples", "application/n-triples"),
    ("RDF/XML", "application/rdf+xml"),
)


def vendor_ready(library: str) -> bool:
    """Whether `make ui` has installed a front-end library (yasgui, leaflet) into api/static/vendor/."""
    return (VENDOR_DIR / library).is_dir()


def page_of(link: Any) -> str:
    """Where a REST link (id, iri, html) is shown on this server: our page, an SDG page, or the IRI itself."""
    if getattr(link, "html", None):
        return link.html
    return sdg_page(link.iri) or link.iri


def sdg_page(iri: str) -> str | None:
    """The local page of a UN SDG goal (/sdg/goal/16) or target (/sdg/target/16.b); None for other IRIs."""
    href = local_href(iri, "urn:x-none:")
    return None if href == iri else href


templates.env.globals.update(page_of=page_of, vendor_ready=vendor_ready)
templates.env.filters["pct"] = lambda value: f"{value * 100:.0f} %" if value is not None else ""


def alternates_of(path: str) -> list[dict[str, str]]:
    return [{"name": n, "media_type": mt, "href": f"/{path}{EXTENSION_OF[mt]}"} for n, mt in ALTERNATES]


async def _cached(request: Request, state: GraphState, render: Callable[[], Awaitable[Response]]) -> Response:
    """HTML pages built from queries are cached per graph version, like the API (ETag, 304)."""
    return await cached_response(request, state.cache, state.version, ("ui", str(request.url)), render)


async def run_canned(state: GraphState, name: str, raw: dict[str, str] | None = None) -> QueryOutcome:
    query = state.catalog[name]
    return await run_query(
        state.store,
        query.text,
        bindings=query.bind(raw or {}, state.settings.base_iri),
        timeout=state.settings.query_timeout,
        max_rows=state.settings.max_result_rows,
    )


def value(row: dict[str, Any], key: str) -> str | None:
    term = row.get(key)
    return None if term is None else term.value


# --- result tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    lang: str | None = None
    numeric: bool = False


NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger"}


def result_table(outcome: QueryOutcome, base: str) -> tuple[list[str], list[list[Cell]]]:
    """Columns and cells for people: a column ``xLabel``/``xTitle`` becomes the link text of the IRI column
    ``x`` (which is then not shown); other IRIs link to their page here, labelled by their CURIE."""
    columns = list(outcome.variables)
    link_of: dict[str, str] = {}
    for var in outcome.variables:
        for suffix in ("Label", "Title"):
            if var.endswith(suffix) and var[: -len(suffix)] in columns and var[: -len(suffix)] not in link_of.values():
                link_of[var] = var[: -len(suffix)]
    shown = [c for c in columns if c not in link_of.values()]
    rows = []
    for row in outcome.rows:
        cells = []
        for column in shown:
            term = row.get(column)
            target = row.get(link_of[column]) if column in link_of else None
            cells.append(_cell(term, target, base))
        rows.append(cells)
    return [link_of.get(c, c) for c in shown], rows


def _cell(term: Any, target: Any, base: str) -> Cell:
    href = local_href(target.value, base) if isinstance(target, ox.NamedNode) else None
    if term is None:
        return Cell("", href)
    if isinstance(term, ox.NamedNode):
        return Cell(curie(term.value), local_href(term.value, base))
    if isinstance(term, ox.Literal):
        numeric = term.datatype.value.rsplit("#", 1)[-1] in NUMERIC
        lang = term.language if term.language and term.language != "en" else None  # English is the default
        return Cell(term.value, href, lang, numeric)
    return Cell(f"_:{term.value}", href)


# --- home ---------------------------------------------------------------------------------------------


@router.get("/")
async def home(request: Request, state: StateDep) -> Response:
    async def render() -> Response:
        counts_rows = (await run_canned(state, "class-counts")).rows
        counts = {(value(r, "class") or "").rsplit("#", 1)[-1]: int(value(r, "count") or 0) for r in counts_rows}
        _, recs = await recommendations.search(state, {}, ALL)
        _, goals = await sdg.search_goals(state, {}, ALL)
        _, docs = await sources.search(state, {}, ALL)
        _, city_list = await cities.search(state, {}, ALL)
        colours = await goal_colours(state)
        context = {
            "title": "City Migration Knowledge Graph",
            "triples": len(state.store),
            "counts": counts,
            "recommendations": recs,
            "goals": goals,
            "colours": colours,
            "sources": docs,
            "cities": city_list,
            "queries": list(state.catalog.values()),
        }
        return templates.TemplateResponse(request, "home.html", context)

    return await _cached(request, state, render)


async def goal_colours(state: GraphState) -> dict[int, str]:
    rows = (await run_canned(state, "sdg-goals")).rows
    return {int(value(r, "number") or 0): value(r, "colour") or "#555555" for r in rows}


# --- SPARQL editor and canned-query forms -------------------------------------------------------------


def prefix_block() -> str:
    return "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


DEFAULT_QUERY = """
SELECT ?city ?name (COUNT(?action) AS ?actions)
WHERE {
  ?city a cmkg:City ;
        rdfs:label ?name .
  FILTER (LANG(?name) = "en")
  OPTIONAL { ?action cmkg:city ?city }
}
GROUP BY ?city ?name
ORDER BY DESC(?actions) ?name
LIMIT 50
"""


async def ontology_terms(state: GraphState) -> dict[str, list[str]]:
    """Our classes and properties, for the editor's local completion (no call to any outside service)."""
    outcome = await run_query(
        state.store, state.api_queries["ontology"].text,
        timeout=state.settings.query_timeout, max_rows=state.settings.max_result_rows,
    )  # fmt: skip
    terms: dict[str, set[str]] = {"classes": set(), "properties": set()}
    for t in outcome.triples:
        if t.predicate.value != RDF_TYPE or not t.subject.value.startswith(ONTOLOGY_NS):
            continue
        if t.object.value == OWL + "Class":
            terms["classes"].add(t.subject.value)
        elif t.object.value in (OWL + "ObjectProperty", OWL + "DatatypeProperty"):
            terms["properties"].add(t.subject.value)
    return {k: sorted(v) for k, v in terms.items()}


@router.get("/query")
async def editor(request: Request, state: StateDep) -> Response:
    base = str(request.base_url).rstrip("/")
    catalog = [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "sparql": q.text,
            "parameters": [{"name": p.name, "type": p.type, "example": p.example} for p in q.parameters],
        }
        for q in state.catalog.values()
    ]
    config = {
        "endpoint": f"{base}/sparql",
        "base": state.settings.base_iri,
        "query": prefix_block() + "\n" + DEFAULT_QUERY,
        "prefixes": {p: str(ns) for p, ns in PREFIXES.items()},
        "terms": await ontology_terms(state),
        "queries": catalog,
    }
    context = {
        "title": "SPARQL query editor",
        "queries": list(state.catalog.values()),
        "config": json.dumps(config).replace("</", "<\\/"),
        "default_query": config["query"],
    }
    return templates.TemplateResponse(request, "query.html", context)


async def choices(state: GraphState, kind: str) -> list[tuple[str, str]]:
    """(value, label) of every resource a form parameter of this type can name, for a <select>."""
    if kind == "sdg-goal":
        _, goals = await sdg.search_goals(state, {}, ALL)
        return [(str(g.number), f"{g.number}. {g.short_name or g.title}") for g in goals]
    search = {
        "city": cities.search,
        "action": actions.search,
        "recommendation": recommendations.search,
        "organisation": organisations.search,
        "source": sources.search,
    }.get(kind)
    if search is None:
        return []
    _, items = await search(state, {}, ALL)
    return [(i.id, getattr(i, "label", None) or getattr(i, "title", None) or i.id) for i in items]


def field_of(param: Any, current: str | None, options: list[tuple[str, str]]) -> dict[str, Any]:
    """How a typed parameter is asked for: a <select> of what exists, or an input with its pattern."""
    field = {
        "name": param.name,
        "type": param.type,
        "label": param.name.replace("_", " "),
        "help": param.describe(),
        "value": current if current is not None else param.example,
        "options": options,
        "input": "text",
        "pattern": None,
    }
    if param.type == "sdg-target":
        field["pattern"] = TARGET_PATTERN.strip("^$")
    elif param.type in RESOURCE_TYPES and not options:
        field["pattern"] = SLUG_PATTERN.strip("^$")
    elif param.type == "iri":
        field["input"] = "url"
    elif param.type == "integer":
        field["input"] = "number"
    return field


@router.get("/query/{name}")
async def query_form(name: str, request: Request, state: StateDep) -> Response:
    query = state.catalog.get(name)
    if query is None:
        context = {"iri": f"/query/{name}", "what": "canned query"}
        return templates.TemplateResponse(request, "not_found.html", context, status_code=404)
    submitted = "run" in request.query_params or any(p.name in request.query_params for p in query.parameters)
    raw = {p.name: request.query_params.get(p.name, "") for p in query.parameters}
    fields = [field_of(p, request.query_params.get(p.name), await choices(state, p.type)) for p in query.parameters]
    context: dict[str, Any] = {"title": query.title, "query": query, "fields": fields, "submitted": submitted}
    status = 200
    if submitted:
        error, status = await _check(state, query, raw)
        if error:
            context["error"] = error
        else:
            outcome = await run_canned(state, name, raw)
            columns, rows = result_table(outcome, state.settings.base_iri)
            encoded = urllib.parse.urlencode(raw)
            api = f"/queries/{name}" + (f"?{encoded}&" if encoded else "?")
            context.update(
                columns=columns,
                rows=rows,
                truncated=outcome.truncated,
                downloads=[
                    ("CSV", api + "format=csv", f"{name}.csv"),
                    ("JSON rows", api + "format=rows", f"{name}.json"),
                    ("SPARQL JSON", api + "format=json", f"{name}.srj"),
                ],
            )
    return templates.TemplateResponse(request, "query_form.html", context, status_code=status)


async def _check(state: GraphState, query: CannedQuery, raw: dict[str, str]) -> tuple[str | None, int]:
    """A message and status for values that are malformed (422) or name nothing in the graph (404)."""
    try:
        bindings = query.bind(raw, state.settings.base_iri)
    except ParameterError as exc:
        return str(exc), 422
    for param in query.parameters:
        cls = CLASS_OF.get(param.type)
        if cls is not None and not state.store.contains(bindings[param.name], TYPE_NODE, ox.NamedNode(str(cls))):
            return f"There is no {param.type.replace('-', ' ')} '{raw[param.name]}' in the graph.", 404
    return None, 200


# --- charts and map -----------------------------------------------------------------------------------


@router.get("/charts")
async def charts(request: Request, state: StateDep) -> Response:
    async def render() -> Response:
        per_goal = (await run_canned(state, "actions-per-goal")).rows
        colours = await goal_colours(state)
        goals = [
            {
                "number": int(value(r, "number") or 0),
                "name": value(r, "goalName") or "",
                "actions": int(value(r, "actions") or 0),
                "href": sdg_page(value(r, "goal") or ""),
            }
            for r in per_goal
        ]
        matrix = (await run_canned(state, "city-recommendation-matrix")).rows
        _, recs = await recommendations.search(state, {}, ALL)
        city_names: dict[str, str] = {}
        cells: dict[tuple[str, str], int] = {}
        for r in matrix:
            city = value(r, "city") or ""
            city_names[city] = value(r, "cityLabel") or city
            cells[(city, value(r, "recommendation") or "")] = int(value(r, "actions") or 0)
        base = state.settings.base_iri
        city_rows = [
            {"name": city_names[c], "href": local_href(c, base), "counts": [cells.get((c, rec.iri), 0) for rec in recs]}
            for c in sorted(city_names, key=lambda c: city_names[c])
        ]
        context = {
            "title": "Charts",
            "goals": goals,
            "colours": colours,
            "recommendations": recs,
            "city_rows": city_rows,
            "max_cell": max(cells.values(), default=1),
        }
        return templates.TemplateResponse(request, "charts.html", context)

    return await _cached(request, state, render)


@router.get("/map")
async def city_map(request: Request, state: StateDep) -> Response:
    async def render() -> Response:
        rows = (await run_canned(state, "city-map")).rows
        base = state.settings.base_iri
        places: dict[str, dict[str, Any]] = {}
        for r in rows:
            city = value(r, "city") or ""
            place = places.setdefault(
                city,
                {
                    "name": value(r, "cityLabel"),
                    "href": local_href(city, base),
                    "country": value(r, "countryLabel"),
                    "lat": float(value(r, "lat") or 0),
                    "long": float(value(r, "long") or 0),
                    "actions": [],
                },
            )
            if r.get("action") is not None:
                place["actions"].append({"title": value(r, "actionTitle"), "href": local_href(r["action"].value, base)})
        context = {"title": "Map of the cities", "places": list(places.values())}
        return templates.TemplateResponse(request, "map.html", context)

    return await _cached(request, state, render)


# --- SDG goals and targets: local pages for the UN's IRIs ---------------------------------------------


def _split_extension(ref: str) -> tuple[str, str | None]:
    for ext, media_type in EXTENSIONS.items():
        if ref.endswith(ext):
            return ref[: -len(ext)], media_type
    return ref, None


async def _sdg_response(
    request: Request, state: GraphState, kind: str, ref: str, html: Callable[[str], Awaitable[Response]]
) -> Response:
    code, media_type = _split_extension(ref)
    valid = code.isdigit() and 1 <= int(code) <= 17 if kind == "goal" else bool(_target_code(code))
    iri = f"{SDG_BASE}{code}"
    media_type = media_type or negotiate(request.headers.get("accept"), OFFER) or "text/turtle"
    path = f"sdg/{kind}/{code}"
    headers = {"Vary": "Accept", "Content-Location": f"/{path}{EXTENSION_OF[media_type]}"}
    triples = await describe(state, iri) if valid else []
    if not triples:
        return not_found(request, iri, media_type)
    if media_type == "text/html":
        response = await html(code)
    else:
        content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
        response = Response(graph_bytes(triples, media_type), media_type=content_type)
    response.headers.update(headers)
    return response


def _target_code(code: str) -> bool:
    return re.fullmatch(TARGET_PATTERN.strip("^$"), code) is not None


@router.get("/sdg/goal/{ref}")
async def goal_page(ref: str, request: Request, state: StateDep) -> Response:
    async def html(code: str) -> Response:
        goal = await sdg.goal_detail(state, int(code))
        colours = await goal_colours(state)
        triples = await describe(state, goal.iri)
        context = {
            "title": f"SDG {goal.number}: {goal.short_name or goal.title}",
            "goal": goal,
            "colour": colours.get(goal.number, "#555555"),
            **_generic(goal.iri, triples, state, f"sdg/goal/{code}"),
        }
        return templates.TemplateResponse(request, "goal.html", context)

    return await _sdg_response(request, state, "goal", ref, html)


@router.get("/sdg/target/{ref}")
async def target_page(ref: str, request: Request, state: StateDep) -> Response:
    async def html(code: str) -> Response:
        target = await sdg.target_detail(state, code)
        colours = await goal_colours(state)
        triples = await describe(state, target.iri)
        context = {
            "title": f"SDG target {target.code}",
            "target": target,
            "colour": colours.get(int(target.goal.id), "#555555"),
            **_generic(target.iri, triples, state, f"sdg/target/{code}"),
        }
        return templates.TemplateResponse(request, "target.html", context)

    return await _sdg_response(request, state, "target", ref, html)


# --- pages of our resources (from linked_data.resolve) ------------------------------------------------


def _generic(iri: str, triples: list[ox.Triple], state: GraphState, path: str) -> dict[str, Any]:
    """The context every resource page has: title, types, all statements, alternate formats."""
    page = Page(iri, triples, state.settings.base_iri)
    return {
        "iri": iri,
        "title": page.labels.get(iri, curie(iri)),
        "types": page.types(),
        "sections": page.sections(),
        "alternates": alternates_of(path),
    }


def _coordinates(iri: str, triples: list[ox.Triple]) -> dict[str, float] | None:
    found = {
        t.predicate.value[len(WGS) :]: float(t.object.value)
        for t in triples
        if t.subject.value == iri and t.predicate.value in (WGS + "lat", WGS + "long")
    }
    return found if len(found) == 2 else None


DETAILS: dict[str, tuple[str, Callable[[GraphState, str], Awaitable[BaseModel]]]] = {
    "city": ("city.html", cities.detail),
    "action": ("action.html", actions.detail),
    "recommendation": ("recommendation.html", recommendations.detail),
    "organisation": ("organisation.html", organisations.detail),
    "source": ("source.html", sources.detail),
}


async def resource_page(request: Request, state: GraphState, iri: str, path: str, triples: list[ox.Triple]) -> Response:
    """The HTML page of one of our IRIs: a page made for its kind where there is one, and always every
    statement about it, each related resource a link, with its other formats linked."""
    context = _generic(iri, triples, state, path)
    kind, id = locate(iri, state.settings.base_iri)
    template = "resource.html"
    if kind is not None and kind.name in DETAILS:
        name, detail = DETAILS[kind.name]
        try:
            context["item"] = await detail(state, id)
            template = name
        except UnknownResource:  # typed, but lacking what its REST view needs: the generic page shows it
            pass
    context["coordinates"] = _coordinates(iri, triples)
    context["same_as"] = sorted(
        t.object.value for t in triples if t.subject.value == iri and t.predicate.value == SAME_AS
    )
    if kind is not None and kind.name == "source":
        context["records"] = _derived_records(iri, triples, state.settings.base_iri)
    return templates.TemplateResponse(request, template, context)


def _derived_records(iri: str, triples: list[ox.Triple], base: str) -> list[dict[str, str]]:
    """The records transcribed from a source document (prov:wasDerivedFrom it), labelled, by kind."""
    page = Page(iri, triples, base)
    derived = "http://www.w3.org/ns/prov#wasDerivedFrom"
    records = {
        t.subject.value
        for t in triples
        if t.predicate.value == derived and t.object.value == iri and isinstance(t.subject, ox.NamedNode)
    }
    out = []
    for record in records:
        kind, _ = locate(record, base)
        if kind is None:  # parts of records (a migrant share, a note) are shown on their record's page
            continue
        out.append(
            {
                "kind": kind.name,
                "label": page.labels.get(record) or curie(record),
                "href": local_href(record, base),
            }
        )
    return sorted(out, key=lambda r: (r["kind"], r["label"].lower()))
