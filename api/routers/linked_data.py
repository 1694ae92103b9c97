"""Dereferenceable URIs: every IRI minted under the base resolves here, by content negotiation.

We use direct content negotiation (200 with ``Vary: Accept`` and ``Content-Location`` naming the
format-specific document, e.g. ``/city/tetouan.ttl``) rather than 303 See Other: one round trip for
every client, caches key on Accept, and each document still has its own URL to cite or bookmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from api.conneg import negotiate
from api.deps import StateDep
from api.errors import error_body
from api.executor import run_query
from api.results import graph_bytes
from api.state import GraphState
from loaders.namespaces import PREFIXES, SEGMENTS

router = APIRouter(tags=["Linked data"])
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

EXTENSIONS = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".html": "text/html",
}
EXTENSION_OF = {v: k for k, v in EXTENSIONS.items()}
OFFER = ["text/turtle", "text/html", "application/ld+json", "application/n-triples", "application/rdf+xml"]
TOP_SEGMENTS = sorted({*SEGMENTS.values(), "scheme"})
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None = None
    lang: str | None = None


def curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    return iri


class Page:
    """An HTML view of a resource's triples: labels picked in English, local IRIs made local links."""

    def __init__(self, iri: str, triples: list[ox.Triple], base_iri: str):
        self.iri = iri
        self.base = base_iri
        self.triples = triples
        self.labels: dict[str, str] = {}
        for t in triples:
            if t.predicate.value in LABELS and isinstance(t.object, ox.Literal):
                current = self.labels.get(t.subject.value)
                if current is None or t.object.language == "en":
                    self.labels[t.subject.value] = t.object.value

    def href(self, iri: str) -> str:
        return "/" + iri[len(self.base) :] if iri.startswith(self.base) else iri

    def link(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Link:
        if isinstance(term, ox.NamedNode):
            return Link(self.labels.get(term.value) or curie(term.value), self.href(term.value))
        if isinstance(term, ox.Literal):
            return Link(term.value, lang=term.language)
        return Link(f"_:{term.value}")

    def sections(self) -> list[dict]:
        outgoing: dict[str, list[Link]] = {}
        incoming: dict[str, list[Link]] = {}
        for t in self.triples:
            if t.subject.value == self.iri and t.predicate.value != RDF_TYPE:
                outgoing.setdefault(t.predicate.value, []).append(self.link(t.object))
            elif isinstance(t.object, ox.NamedNode) and t.object.value == self.iri and t.subject.value != self.iri:
                incoming.setdefault(t.predicate.value, []).append(self.link(t.subject))
        sections = [{"title": "Properties", "rows": self._rows(outgoing)}]
        if incoming:
            sections.append({"title": "Referenced by", "rows": self._rows(incoming)})
        return sections

    def _rows(self, grouped: dict[str, list[Link]]) -> list[dict]:
        rows = []
        for predicate in sorted(grouped, key=curie):
            values = sorted(set(grouped[predicate]), key=lambda link: (link.lang or "", link.text))
            rows.append({"name": curie(predicate), "href": self.href(predicate), "links": values})
        return rows

    def types(self) -> list[Link]:
        return [
            self.link(t.object) for t in self.triples if t.subject.value == self.iri and t.predicate.value == RDF_TYPE
        ]


async def describe(state: GraphState, iri: str) -> list[ox.Triple]:
    query = state.api_queries["describe"]
    outcome = await run_query(
        state.store,
        query.text,
        bindings={"resource": ox.NamedNode(iri)},
        timeout=state.settings.query_timeout,
        max_rows=state.settings.max_result_rows,
    )
    return outcome.triples


def _not_found(request: Request, iri: str, media_type: str) -> Response:
    detail = f"no resource <{iri}> in the graph"
    if media_type == "text/html":
        return templates.TemplateResponse(request, "not_found.html", {"iri": iri}, status_code=404)
    if media_type in ("text/turtle", "application/n-triples"):
        return Response(f"# {detail}\n".encode(), status_code=404, media_type=media_type)
    return JSONResponse(error_body("not_found", detail), status_code=404)


async def resolve(request: Request, state: StateDep, path: str) -> Response:
    extension = next((ext for ext in EXTENSIONS if path.endswith(ext)), None)
    if extension:
        media_type = EXTENSIONS[extension]
        path = path[: -len(extension)]
    else:
        media_type = negotiate(request.headers.get("accept"), OFFER) or "text/turtle"
    iri = state.settings.base_iri + path
    headers = {"Vary": "Accept", "Content-Location": f"/{path}{EXTENSION_OF[media_type]}"}
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # not an IRI at all (control characters, spaces, ...): nothing of ours
        return _not_found(request, iri, media_type)
    triples = await describe(state, iri) if state.store.contains(node) else []
    if not triples:
        return _not_found(request, iri, media_type)
    if media_type == "text/html":
        page = Page(iri, triples, state.settings.base_iri)
        alternates = [
            {"name": name, "media_type": mt, "href": f"/{path}{EXTENSION_OF[mt]}"}
            for name, mt in (
                ("Turtle", "text/turtle"),
                ("JSON-LD", "application/ld+json"),
                ("N-Triples", "application/n-triples"),
                ("RDF/XML", "application/rdf+xml"),
            )
        ]
        context = {
            "iri": iri,
            "title": page.labels.get(iri, curie(iri)),
            "types": page.types(),
            "sections": page.sections(),
            "alternates": alternates,
        }
        response = templates.TemplateResponse(request, "resource.html", context)
        response.headers.update(headers)
        return response
    body = graph_bytes(triples, media_type)
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return Response(body, media_type=content_type, headers=headers)


def _register(segment: str) -> None:
    async def endpoint(rest: str, request: Request, state: StateDep) -> Response:
        return await resolve(request, state, f"{segment}/{rest}")

    endpoint.__name__ = f"resolve_{segment.replace('-', '_')}"
    router.add_api_route(
        f"/{segment}/{{rest:path}}",
        endpoint,
        methods=["GET"],
        summary=f"Resolve a /{segment}/ IRI (HTML, Turtle, N-Triples, JSON-LD, RDF/XML)",
        response_class=Response,
    )


for _segment in TOP_SEGMENTS:
    _register(_segment)


ONTOLOGY_NS = "https://w3id.org/cmkg/ontology#"
GROUPS = [
    ("Classes", "http://www.w3.org/2002/07/owl#Class"),
    ("Object properties", "http://www.w3.org/2002/07/owl#ObjectProperty"),
    ("Datatype properties", "http://www.w3.org/2002/07/owl#DatatypeProperty"),
]


def _ontology_groups(triples: list[ox.Triple]) -> tuple[dict[str, str], list[dict]]:
    by_subject: dict[str, dict[str, list[str]]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object.value)
    head = by_subject.get(ONTOLOGY_NS[:-1], {})
    meta = {
        "title": (head.get("http://www.w3.org/2000/01/rdf-schema#label") or ["Ontology"])[0],
        "description": (head.get("http://purl.org/dc/terms/description") or [""])[0],
    }
    groups = []
    for title, owl_type in GROUPS:
        terms = []
        for subject, props in sorted(by_subject.items()):
            if not subject.startswith(ONTOLOGY_NS) or owl_type not in props.get(RDF_TYPE, []):
                continue
            facts = [(name, ", ".join(curie(v) for v in props[key]))
                     for name, key in (("subclass of", "http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                                       ("subproperty of", "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"),
                                       ("domain", "http://www.w3.org/2000/01/rdf-schema#domain"),
                                       ("range", "http://www.w3.org/2000/01/rdf-schema#range"))
                     if key in props]  # fmt: skip
            terms.append({
                "local": subject[len(ONTOLOGY_NS):],
                "label": (props.get(LABELS[0]) or [subject[len(ONTOLOGY_NS):]])[0],
                "comment": (props.get("http://www.w3.org/2000/01/rdf-schema#comment") or [""])[0],
                "facts": facts,
            })  # fmt: skip
        groups.append({"title": title, "terms": terms})
    return meta, groups


@router.get("/ontology", summary="The ontology (HTML documentation, Turtle, JSON-LD, ...)", response_class=Response)
async def ontology(request: Request, state: StateDep) -> Response:
    return await _ontology(request, state, None)


@router.get("/ontology.{ext}", summary="The ontology as a document", response_class=Response)
async def ontology_document(ext: str, request: Request, state: StateDep) -> Response:
    media_type = EXTENSIONS.get(f".{ext}")
    if media_type is None:
        return _not_found(request, f"{ONTOLOGY_NS[:-1]}.{ext}", "application/json")
    return await _ontology(request, state, media_type)


async def _ontology(request: Request, state: StateDep, media_type: str | None) -> Response:
    media_type = media_type or negotiate(request.headers.get("accept"), OFFER) or "text/turtle"
    outcome = await run_query(
        state.store, state.api_queries["ontology"].text,
        timeout=state.settings.query_timeout, max_rows=state.settings.max_result_rows,
    )  # fmt: skip
    headers = {"Vary": "Accept", "Content-Location": f"/ontology{EXTENSION_OF[media_type]}"}
    if media_type == "text/html":
        meta, groups = _ontology_groups(outcome.triples)
        context = {"iri": ONTOLOGY_NS[:-1], "groups": groups, **meta}
        response = templates.TemplateResponse(request, "ontology.html", context)
        response.headers.update(headers)
        return response
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return Response(graph_bytes(outcome.triples, media_type), media_type=content_type, headers=headers)


@router.get("/dataset", summary="The dataset resource", response_class=Response)
async def dataset(request: Request, state: StateDep) -> Response:
    return await resolve(request, state, "dataset")
