"""The SPARQL 1.1 Service Description returned by GET /sparql without a query."""

from __future__ import annotations

from fastapi.responses import Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID, XSD

from api.conneg import negotiate
from api.state import GraphState
from loaders.namespaces import Minter

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def service_description(state: GraphState, accept: str | None) -> Response:
    base = state.settings.base_iri
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    service = URIRef(f"{base}sparql")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for result_format in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        g.add((service, SD.resultFormat, FORMATS[result_format]))
    if state.settings.allow_service:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    dataset = BNode("dataset")
    default_graph = BNode("default")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    g.add((default_graph, RDF.type, VOID.Dataset))
    g.add((default_graph, VOID.triples, Literal(len(state.store), datatype=XSD.integer)))
    g.add((dataset, VOID.inDataset, Minter(base).dataset()))
    media_type = negotiate(accept, list(RDFLIB_FORMATS)) or "text/turtle"
    body = g.serialize(format=RDFLIB_FORMATS[media_type], encoding="utf-8")
    headers = {"Vary": "Accept"}
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return Response(body, media_type=content_type, headers=headers)
