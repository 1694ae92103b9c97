"""Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) against a live uvicorn on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from api.app import create_app
from cmkg.config import Settings
from cmkg.store import OxigraphStore
from tests.live import live_server

CITIES_FOR_DISCRIMINATION = """
PREFIX cmkg: <https://w3id.org/cmkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label WHERE {
  ?a cmkg:addressesRecommendation <https://w3id.org/cmkg/recommendation/protection-against-discrimination> ;
     cmkg:city ?c . ?c rdfs:label ?label . FILTER(LANG(?label) = "en")
} ORDER BY ?label
"""


@pytest.fixture(scope="module")
def live_url(settings: Settings, store: OxigraphStore) -> Iterator[str]:
    with live_server(create_app(settings, store)) as url:
        yield url


def wrapper(url: str, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{url}/sparql")
    sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(live_url: str, method: str) -> None:
    sparql = wrapper(live_url, method)
    sparql.setQuery(CITIES_FOR_DISCRIMINATION)
    sparql.setReturnFormat(JSON)
    result = sparql.query().convert()
    labels = [b["label"]["value"] for b in result["results"]["bindings"]]
    assert "Ramallah" in labels and "Tetouan" in labels and len(labels) == 11


def test_sparqlwrapper_xml_csv_and_construct(live_url: str) -> None:
    sparql = wrapper(live_url)
    sparql.setQuery(CITIES_FOR_DISCRIMINATION)
    sparql.setReturnFormat(XML)
    xml = sparql.query().convert()
    assert len(xml.getElementsByTagName("result")) == 11
    sparql.setReturnFormat(CSV)
    assert b"Beirut" in sparql.query().convert()
    sparql.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER(?s = <https://w3id.org/cmkg/city/tetouan>) }")
    sparql.setReturnFormat(TURTLE)
    graph = Graph().parse(data=sparql.query().convert(), format="turtle")
    assert (URIRef("https://w3id.org/cmkg/city/tetouan"), None, Literal("Tétouan", lang="fr")) in graph


def test_sparqlwrapper_ask_and_bad_query(live_url: str) -> None:
    sparql = wrapper(live_url)
    sparql.setQuery("ASK { <https://w3id.org/cmkg/city/tetouan> ?p ?o }")
    sparql.setReturnFormat(JSON)
    assert sparql.query().convert()["boolean"] is True
    sparql.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed):
        sparql.query()


def test_rdflib_sparqlstore(live_url: str) -> None:
    graph = Graph(store=SPARQLStore(f"{live_url}/sparql", returnFormat="json"))
    rows = list(graph.query(CITIES_FOR_DISCRIMINATION))
    assert len(rows) == 11
    tetouan = URIRef("https://w3id.org/cmkg/city/tetouan")
    assert Literal("Tetouan", lang="en") in set(
        graph.objects(tetouan, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    )
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
