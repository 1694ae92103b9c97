"""Every IRI we mint resolves on the server, in every format, with content negotiation."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from cmkg.pipeline import Built
from loaders.namespaces import CMKG
from tests.conftest import BASE

FORMATS = [
    ("text/turtle", "turtle", ".ttl"),
    ("application/n-triples", "nt", ".nt"),
    ("application/ld+json", "json-ld", ".jsonld"),
    ("application/rdf+xml", "xml", ".rdf"),
]


@pytest.mark.parametrize(("accept", "rdflib_format", "ext"), FORMATS)
def test_conneg_each_format(client: TestClient, accept: str, rdflib_format: str, ext: str) -> None:
    r = client.get("/city/tetouan", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(accept)
    assert "Accept" in r.headers["vary"]
    assert r.headers["content-location"] == f"/city/tetouan{ext}"
    g = Graph().parse(data=r.content, format=rdflib_format)
    tetouan = URIRef(BASE + "city/tetouan")
    assert (tetouan, RDF.type, CMKG.City) in g
    assert (tetouan, RDFS.label, Literal("Tetouan", lang="en")) in g
    # the document URL gives the same graph
    doc = client.get(f"/city/tetouan{ext}")
    assert doc.status_code == 200 and doc.headers["content-type"].startswith(accept)


def test_html_for_browsers(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get("/action/tangeraccueil", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<h1>Promoting Partnerships for Migrants" in html
    assert 'href="/city/tangier"' in html  # related resources are links
    assert 'href="/action/tangeraccueil.ttl"' in html and 'href="/action/tangeraccueil.jsonld"' in html
    assert "Provision of welcome instruments" in html  # labels of linked resources, not bare IRIs


def test_city_page_lists_incoming_actions(client: TestClient) -> None:
    html = client.get("/city/tetouan.html").text
    assert "Referenced by" in html and 'href="/action/living-together-tetouan"' in html


def test_default_for_any_client_is_turtle(client: TestClient) -> None:
    r = client.get("/recommendation/protection-against-discrimination", headers={"Accept": "*/*"})
    assert r.headers["content-type"].startswith("text/turtle")


def test_every_minted_subject_resolves(client: TestClient, built: Built) -> None:
    subjects = sorted({str(s).split("#")[0] for s in built.graph.subjects() if str(s).startswith(BASE)})
    assert len(subjects) > 500
    for iri in subjects[::7]:  # a spread sample of every kind (the full run takes longer, same code path)
        path = iri[len(BASE) :]
        r = client.get(f"/{path}", headers={"Accept": "application/n-triples"})
        assert r.status_code == 200, iri
        assert f"<{iri}>" in r.text


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [("text/html", "text/html"), ("text/turtle", "text/turtle"), ("application/ld+json", "application/json")],
)
def test_unknown_iri_is_404_in_the_negotiated_format(client: TestClient, accept: str, content_type: str) -> None:
    r = client.get("/city/atlantis", headers={"Accept": accept})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith(content_type)


def test_sub_resources_resolve(client: TestClient) -> None:
    ttl = client.get("/action/tangeraccueil", headers={"Accept": "text/turtle"}).text
    g = Graph().parse(data=ttl, format="turtle")
    outcome = next(g.objects(URIRef(BASE + "action/tangeraccueil"), CMKG.hasOutcome))
    r = client.get("/" + str(outcome)[len(BASE) :], headers={"Accept": "text/turtle"})
    assert r.status_code == 200


def test_ontology_documentation(client: TestClient) -> None:
    html = client.get("/ontology", headers={"Accept": "text/html"}).text
    assert "City Migration Knowledge Graph ontology" in html
    assert 'id="PolicyRecommendation"' in html and 'id="addressesRecommendation"' in html
    g = Graph().parse(data=client.get("/ontology", headers={"Accept": "text/turtle"}).content, format="turtle")
    assert (CMKG.City, RDFS.label, Literal("City", lang="en")) in g
    jsonld = client.get("/ontology.jsonld")
    assert jsonld.status_code == 200 and len(Graph().parse(data=jsonld.content, format="json-ld")) == len(g)


def test_head(client: TestClient) -> None:
    r = client.head("/city/tetouan", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.content == b""
