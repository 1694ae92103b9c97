"""Dereferenceable URIs: every IRI minted under the base resolves here, by content negotiation.

We use direct content negotiation (200 with ``Vary: Accept`` and ``Content-Location`` naming the
format-specific document, e.g. ``/city/tetouan.ttl``) rather than 303 See Other: one round trip for
every client, caches key on Accept, and each document still has its own URL to cite or bookmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
TITLE = "http://purl.org/dc/terms/title"
SDG_NS = "http://metadata.un.org/sdg/"


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None = None
    lang: str | None = None


def local_href(iri: str, base: str) -> str:
    """Where a browser sees an IRI here: our IRIs at their path, the UN's SDG goals and targets at their local
    pages (/sdg/goal/16, /sdg/target/16.b), anything else at the IRI itself."""
    if iri.startswith(base):
        return "/" + iri[len(base) :]
    code = iri[len(SDG_NS) :] if iri.startswith(SDG_NS) else ""
    if code.isdigit():
        return f"/sdg/goal/{code}"
    if code and "." in code and "/" not in code:
        return f"/sdg/target/{code}"
    return iri


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
            if t.predicate.value in (*LABELS, TITLE) and isinstance(t.object, ox.Literal):
                current = self.labels.get(t.subject.value)
                if current is None or t.object.language == "en":
                    self.labels[t.subject.value] = t.object.value

    def href(self, iri: str) -> str:
        return local_href(iri, self.base)

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
        context = {"iri": iri, "title": "Not found"}
        return templates.TemplateResponse(request, "not_found.html", context, status_code=404)
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
        from api.routers.ui import resource_page  # the human pages build on this module

        response = await resource_page(request, state, iri, path, triples)
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


VOCABULARIES = {
    "sdgo": "UN SDG KOS ontology",
    "sdg": "UN SDG KOS (goals and targets)",
    "skos": "SKOS",
    "dct": "DCMI Metadata Terms",
    "prov": "PROV-O",
    "schema": "schema.org",
    "owl": "OWL 2",
    "rdf": "RDF",
    "rdfs": "RDF Schema",
    "xsd": "XML Schema datatypes",
    "void": "VoID",
    "dcat": "DCAT",
    "wgs": "W3C WGS84 Geo Positioning",
    "vann": "VANN",
}
FACTS = (
    ("subclass of", "http://www.w3.org/2000/01/rdf-schema#subClassOf"),
    ("subproperty of", "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"),
    ("domain", "http://www.w3.org/2000/01/rdf-schema#domain"),
    ("range", "http://www.w3.org/2000/01/rdf-schema#range"),
    ("inverse of", "http://www.w3.org/2002/07/owl#inverseOf"),
)
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


def _ontology_link(iri: str, labels: dict[str, str]) -> Link:
    """A term of ours links to its entry on this page; a reused term to its own IRI."""
    if iri.startswith(ONTOLOGY_NS):
        local = iri[len(ONTOLOGY_NS) :]
        return Link(labels.get(iri) or local, f"#{local}")
    return Link(curie(iri), iri)


def _english(values: list[ox.Literal | ox.NamedNode | ox.BlankNode]) -> str:
    literals = [v for v in values if isinstance(v, ox.Literal)]
    english = [v.value for v in literals if v.language in ("en", "")] or [v.value for v in literals]
    return english[0] if english else ""


def _ontology_groups(triples: list[ox.Triple]) -> tuple[dict[str, Any], list[dict]]:
    """Classes and properties with label, comment and axioms (each a link), and the vocabularies reused."""
    by_subject: dict[str, dict[str, list]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    labels = {s: _english(p.get(LABELS[0], [])) for s, p in by_subject.items() if p.get(LABELS[0])}
    head = by_subject.get(ONTOLOGY_NS[:-1], {})
    used: dict[str, int] = {}
    for t in triples:
        for term in (t.predicate, t.object):
            if isinstance(term, ox.NamedNode) and not term.value.startswith(ONTOLOGY_NS[:-1]):
                prefix = curie(term.value).partition(":")[0]
                if prefix in VOCABULARIES:
                    used[prefix] = used.get(prefix, 0) + 1
    vocabularies = [
        {"prefix": p, "name": VOCABULARIES[p], "namespace": str(PREFIXES.get(p, "")), "uses": n}
        for p, n in sorted(used.items(), key=lambda item: -item[1])
        if p in PREFIXES
    ]
    meta = {
        "title": _english(head.get(LABELS[0], [])) or "Ontology",
        "description": _english(head.get("http://purl.org/dc/terms/description", [])),
        "comment": _english(head.get(COMMENT, [])),
        "version": _english(head.get("http://www.w3.org/2002/07/owl#versionInfo", [])),
        "vocabularies": vocabularies,
    }
    groups = []
    for title, owl_type in GROUPS:
        terms = []
        for subject, props in sorted(by_subject.items(), key=lambda item: item[0].lower()):
            types = [o.value for o in props.get(RDF_TYPE, [])]
            if not subject.startswith(ONTOLOGY_NS) or owl_type not in types:
                continue
            local = subject[len(ONTOLOGY_NS) :]
            facts = [
                (name, [_ontology_link(o.value, labels) for o in props[key] if isinstance(o, ox.NamedNode)])
                for name, key in FACTS
                if key in props
            ]
            used_by = sorted(
                {s for s, p in by_subject.items() for key in (FACTS[2][1], FACTS[3][1]) if any(
                    o.value == subject for o in p.get(key, []))},
            ) if owl_type.endswith("Class") else []  # fmt: skip
            if used_by:
                facts.append(("properties about it", [_ontology_link(s, labels) for s in used_by]))
            terms.append({
                "local": local, "iri": subject, "label": labels.get(subject) or local,
                "comment": _english(props.get(COMMENT, [])), "facts": facts,
            })  # fmt: skip
        groups.append({"title": title, "id": title.lower().replace(" ", "-"), "terms": terms})
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
        alternates = [{"name": n, "media_type": mt, "href": f"/ontology{EXTENSION_OF[mt]}"} for n, mt in (
            ("Turtle", "text/turtle"), ("JSON-LD", "application/ld+json"), ("N-Triples", "application/n-triples"),
            ("RDF/XML", "application/rdf+xml"))]  # fmt: skip
        context = {"iri": ONTOLOGY_NS[:-1], "groups": groups, "alternates": alternates, **meta}
        response = templates.TemplateResponse(request, "ontology.html", context)
        response.headers.update(headers)
        return response
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return Response(graph_bytes(outcome.triples, media_type), media_type=content_type, headers=headers)


@router.get("/dataset", summary="The dataset resource", response_class=Response)
async def dataset(request: Request, state: StateDep) -> Response:
    return await resolve(request, state, "dataset")
