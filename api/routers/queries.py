"""Canned queries: GET /queries lists them; each is also its own typed operation in OpenAPI."""

from __future__ import annotations

import inspect
from typing import Annotated, Any, Literal

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from api.cache import cached_response
from api.conneg import negotiate
from api.deps import StateDep
from api.errors import InvalidParameter, NotAcceptable, UnknownResource
from api.executor import run_query
from api.results import FORMAT_ALIASES
from api.routers.sparql import render
from api.state import GraphState
from cmkg.catalog import RESOURCE_TYPES, CannedQuery, Parameter, ParameterError, load_catalog
from cmkg.config import Settings
from loaders.namespaces import CMKG, SDGO
from loaders.records import SLUG_PATTERN, TARGET_PATTERN

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CLASS_OF = {
    "recommendation": CMKG.PolicyRecommendation,
    "city": CMKG.City,
    "action": CMKG.Action,
    "country": CMKG.Country,
    "organisation": CMKG.Organisation,
    "source": CMKG.SourceDocument,
    "sdg-target": SDGO.Target,
    "sdg-goal": SDGO.Goal,
}
ROW_TYPES = (
    "application/json",
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
Format = Literal["rows", "json", "xml", "csv", "tsv"]


class ParameterInfo(BaseModel):
    name: str
    type: str
    description: str
    example: str


class QueryInfo(BaseModel):
    name: str
    title: str
    description: str
    parameters: list[ParameterInfo]
    url: str
    example_url: str
    sparql: str


class QueryList(BaseModel):
    queries: list[QueryInfo]


class QueryRows(BaseModel):
    query: str
    parameters: dict[str, str]
    columns: list[str]
    rows: list[dict[str, Any]]
    count: int
    truncated: bool


def _python_value(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Any:
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        try:
            if datatype in ("integer", "int", "long", "nonNegativeInteger"):
                return int(term.value)
            if datatype in ("decimal", "double", "float"):
                return float(term.value)
            if datatype == "boolean":
                return term.value == "true"
        except ValueError:
            return term.value
    return term.value


def info(query: CannedQuery, base_url: str) -> QueryInfo:
    url = f"{base_url}/queries/{query.name}"
    example = "&".join(f"{p.name}={p.example}" for p in query.parameters)
    params = [
        ParameterInfo(name=p.name, type=p.type, description=p.describe(), example=p.example) for p in query.parameters
    ]
    return QueryInfo(
        name=query.name,
        title=query.title,
        description=query.description,
        parameters=params,
        url=url,
        example_url=f"{url}?{example}" if example else url,
        sparql=query.text,
    )


def _annotation(param: Parameter) -> Any:
    description = param.describe()
    if param.type == "sdg-goal":
        return Annotated[int, Query(ge=1, le=17, description=description, examples=[int(param.example)])]
    if param.type == "sdg-target":
        return Annotated[str, Query(pattern=TARGET_PATTERN, description=description, examples=[param.example])]
    if param.type in RESOURCE_TYPES:
        return Annotated[
            str, Query(pattern=SLUG_PATTERN, max_length=200, description=description, examples=[param.example])
        ]
    if param.type == "integer":
        return Annotated[int, Query(description=description, examples=[int(param.example)])]
    return Annotated[str, Query(max_length=2000, description=description, examples=[param.example])]


async def run_canned(
    query: CannedQuery, raw: dict[str, str], fmt: str | None, request: Request, state: StateDep
) -> Response:
    try:
        bindings = query.bind(raw, state.settings.base_iri)
    except ParameterError as exc:
        raise InvalidParameter(str(exc)) from None
    if fmt and fmt != "rows":
        media_type = FORMAT_ALIASES.get(fmt)
    else:
        media_type = "application/json" if fmt == "rows" else negotiate(request.headers.get("accept"), list(ROW_TYPES))
    if media_type is None:
        raise NotAcceptable(f"offered: rows (application/json), {', '.join(ROW_TYPES[1:])}")
    key = ("query", query.name, tuple(sorted(raw.items())), media_type)
    return await cached_response(
        request, state.cache, state.version, key, lambda: _execute(query, raw, bindings, media_type, state)
    )


async def _execute(
    query: CannedQuery, raw: dict[str, str], bindings: dict, media_type: str, state: GraphState
) -> Response:
    """Check that bound resources exist (only on a cache miss), run the query, render it."""
    for param in query.parameters:
        cls = CLASS_OF.get(param.type)
        term = bindings[param.name]
        if cls is not None and not state.store.contains(term, RDF_TYPE, ox.NamedNode(str(cls))):
            kind = param.type.replace("-", " ")
            raise UnknownResource(f"no {kind} '{raw[param.name]}' in the graph (see /{_list_hint(param.type)})")
    outcome = await run_query(
        state.store,
        query.text,
        bindings=bindings,
        timeout=state.settings.query_timeout,
        max_rows=state.settings.max_result_rows,
    )
    if media_type == "application/json":
        rows = [{k: _python_value(v) for k, v in row.items()} for row in outcome.rows]
        body = QueryRows(
            query=query.name,
            parameters=raw,
            columns=outcome.variables,
            rows=rows,
            count=len(rows),
            truncated=outcome.truncated,
        )
        return JSONResponse(body.model_dump(), headers={"Vary": "Accept"})
    return render(outcome, media_type)


def _list_hint(param_type: str) -> str:
    return {
        "recommendation": "recommendations",
        "city": "cities",
        "action": "actions",
        "country": "cities",
        "organisation": "organisations",
        "source": "sources",
        "sdg-target": "sdg/goals",
        "sdg-goal": "sdg/goals",
    }.get(param_type, "")


def _endpoint(query: CannedQuery):
    async def endpoint(request: Request, state: StateDep, **kwargs: Any) -> Response:
        fmt = kwargs.pop("format", None)
        raw = {name: str(value) for name, value in kwargs.items()}
        unknown = sorted(set(request.query_params) - set(raw) - {"format"})
        if unknown:
            raise InvalidParameter(f"unknown parameter(s): {', '.join(unknown)}")
        return await run_canned(query, raw, fmt, request, state)

    params = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter("state", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=StateDep),
    ]
    for param in query.parameters:
        params.append(inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, annotation=_annotation(param)))
    fmt_doc = "rows (plain JSON for apps; default), json (SPARQL JSON), xml, csv, tsv; or use Accept"
    params.append(
        inspect.Parameter(
            "format",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[Format | None, Query(description=fmt_doc)],
        )
    )
    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    endpoint.__name__ = "query_" + query.name.replace("-", "_")
    return endpoint


def build_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["Canned queries"])
    catalog = load_catalog(settings.queries_dir)

    @router.get("/queries", response_model=QueryList, summary="List the canned queries")
    async def list_queries(request: Request) -> QueryList:
        base = str(request.base_url).rstrip("/")
        return QueryList(queries=[info(q, base) for q in catalog.values()])

    for query in catalog.values():
        router.add_api_route(
            f"/queries/{query.name}",
            _endpoint(query),
            methods=["GET"],
            summary=query.title,
            description=query.description,
            response_model=None,
            responses={200: {"model": QueryRows, "description": "Rows (format=rows); other formats by Accept"}},
        )

    @router.get("/queries/{name}", include_in_schema=False)
    async def unknown_query(name: str) -> Response:
        raise UnknownResource(f"no canned query '{name}'; see /queries")

    return router
