"""SPARQL 1.1 Protocol endpoint: GET ?query=, POST form, POST application/sparql-query."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.conneg import negotiate
from api.deps import StateDep
from api.errors import (
    DatasetUnsupported,
    InvalidParameter,
    NotAcceptable,
    QueryMissing,
    UnsupportedMediaType,
    UpdateForbidden,
)
from api.executor import QueryOutcome, run_query
from api.results import ASK_SERIALISERS, FORMAT_ALIASES, SELECT_SERIALISERS, TABULAR, graph_bytes
from api.service_description import service_description
from loaders.namespaces import PREFIXES

router = APIRouter(tags=["SPARQL"])

TABULAR_OFFER = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
]
GRAPH_OFFER = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
PREFIX_MAP = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
# Clients add their own parameters (SPARQLWrapper sends format=, output=, results=); like Fuseki and
# Virtuoso we ignore parameters we do not know rather than fail their queries.
FORMAT_PARAMS = ("format", "output", "results")


def choose_media_type(outcome_kind: str, accept: str | None, fmt: str | None) -> str:
    offer = GRAPH_OFFER if outcome_kind == "graph" else TABULAR_OFFER
    if fmt:
        media_type = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
        if media_type not in offer:
            kinds = (
                "RDF formats (turtle, ntriples, jsonld, rdfxml)" if outcome_kind == "graph" else "json, xml, csv, tsv"
            )
            raise NotAcceptable(f"format '{fmt}' is not available for this query; use one of {kinds}")
        return media_type
    chosen = negotiate(accept, offer)
    if chosen is None:
        raise NotAcceptable(f"none of the accepted types ({accept}) is available; offered: {', '.join(offer)}")
    return chosen


def _acceptable(outcome_kind: str, accept: str | None, fmt: str | None) -> str | None:
    try:
        return choose_media_type(outcome_kind, accept, fmt)
    except NotAcceptable:
        return None


def wire_formats(accept: str | None, fmt: str | None) -> dict:
    """What a query worker should serialise each kind of result into, before the kind is known."""
    return {
        "select": _acceptable("select", accept, fmt),
        "graph": _acceptable("graph", accept, fmt),
        "prefixes": PREFIX_MAP,
    }


def render(outcome: QueryOutcome, media_type: str) -> Response:
    headers = {"Vary": "Accept"}
    if outcome.truncated:
        headers["CMKG-Result-Truncated"] = "true"
    if outcome.body is not None:
        body = outcome.body
    elif outcome.kind == "graph":
        body = graph_bytes(outcome.triples, media_type)
    elif outcome.kind == "ask":
        body = ASK_SERIALISERS[TABULAR[media_type]](bool(outcome.boolean))
    else:
        body = SELECT_SERIALISERS[TABULAR[media_type]](outcome.variables, outcome.rows)
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return Response(body, media_type=content_type, headers=headers)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise InvalidParameter(f"give '{name}' once, not {len(values)} times")
    return values[0] if values else None


async def answer(state: StateDep, request: Request, params: dict[str, list[str]], query: str | None) -> Response:
    if params.get("update"):
        raise UpdateForbidden("this endpoint is read-only: SPARQL Update is refused")
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        raise DatasetUnsupported(
            "this endpoint serves one default graph; default-graph-uri and named-graph-uri are not supported"
        )
    fmt = next((value for name in FORMAT_PARAMS if (value := _one(params, name))), None)
    if query is None:
        raise QueryMissing("no query given: pass ?query=... (GET, form POST) or a application/sparql-query body")
    if not query.strip():
        raise QueryMissing("the query is empty")
    settings = state.settings
    accept = request.headers.get("accept")
    outcome = await run_query(
        state.store,
        query,
        timeout=settings.query_timeout,
        max_rows=settings.max_result_rows,
        allow_service=settings.allow_service,
        formats=wire_formats(accept, fmt),
    )
    # raises the 406 when nothing acceptable exists for the result's kind
    return render(outcome, choose_media_type(outcome.kind, accept, fmt))


QUERY_DOC = (
    "SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE). Results by `Accept` (with q-values) or `format`: "
    "json, xml, csv, tsv for SELECT/ASK; turtle, ntriples, jsonld, rdfxml for graphs. Without `query`, "
    "returns the SPARQL service description (Turtle). Updates and SERVICE are refused."
)


@router.get("/sparql", summary="SPARQL query (GET)", description=QUERY_DOC)
async def sparql_get(request: Request, state: StateDep) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    query = _one(params, "query")
    if query is None and not params.get("update"):
        accept = request.headers.get("accept")
        return service_description(state, accept)
    return await answer(state, request, params, query)


@router.post("/sparql", summary="SPARQL query (POST form or application/sparql-query)", description=QUERY_DOC)
async def sparql_post(request: Request, state: StateDep) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = parse_qs(request.url.query, keep_blank_values=True)
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidParameter(f"the request body is not UTF-8 (byte {exc.start})") from None
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
        query = _one(params, "query")
    elif content_type == "application/sparql-query":
        if params.get("query"):
            raise InvalidParameter("give the query either in the body or as ?query=, not both")
        query = text
    elif content_type == "application/sparql-update":
        raise UpdateForbidden("this endpoint is read-only: SPARQL Update is refused")
    else:
        raise UnsupportedMediaType(
            "POST a form (application/x-www-form-urlencoded) or a query (application/sparql-query)"
        )
    return await answer(state, request, params, query)
