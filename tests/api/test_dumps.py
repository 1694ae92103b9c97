"""Dumps for harvesters: whole graph in three formats (+gzip), validators, 304s, HEAD; VoID."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, VOID

from cmkg.pipeline import Built


def test_listing(client: TestClient) -> None:
    body = client.get("/dumps/").json()
    names = {d["name"] for d in body["dumps"]}
    assert names == {"graph.ttl", "graph.nt", "graph.jsonld", "graph.ttl.gz", "graph.nt.gz", "graph.jsonld.gz"}


@pytest.mark.parametrize(("name", "fmt"), [("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")])
def test_dumps_are_the_built_graph(client: TestClient, built: Built, name: str, fmt: str) -> None:
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"] and name in r.headers["content-disposition"]
    assert isomorphic(Graph().parse(data=r.content, format=fmt), built.graph)
    gz = client.get(f"/dumps/{name}.gz")
    assert gz.headers["content-type"] == "application/gzip"
    assert gzip.decompress(gz.content) == r.content


def test_conditional_requests(client: TestClient) -> None:
    first = client.get("/dumps/graph.nt")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get("/dumps/graph.nt", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/dumps/graph.nt", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/dumps/graph.nt", headers={"If-None-Match": '"other"'}).status_code == 200
    assert (
        client.get("/dumps/graph.nt", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200
    )
    # each variant has its own validator
    assert client.get("/dumps/graph.ttl").headers["etag"] != etag


def test_serialised_once_per_version(client: TestClient) -> None:
    state = client.app.state.graph
    first = state.dump("graph.ttl")
    client.get("/dumps/graph.ttl")
    assert state.dump("graph.ttl") is first


def test_head_has_headers_without_body(client: TestClient) -> None:
    get = client.get("/dumps/graph.ttl")
    head = client.head("/dumps/graph.ttl")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == get.headers["content-length"]


def test_plain_dumps_are_gzip_encoded_for_clients_that_accept_it(client: TestClient) -> None:
    identity = client.get("/dumps/graph.nt", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in identity.headers and "Accept-Encoding" in identity.headers["vary"]
    raw = client.get("/dumps/graph.nt.gz").content
    for accept in ("gzip", "br;q=1.0, gzip;q=0.8", "*", "deflate, x-gzip"):
        encoded = client.get("/dumps/graph.nt", headers={"Accept-Encoding": accept})
        assert encoded.headers["content-encoding"] == "gzip", accept
        assert encoded.headers["content-type"].startswith("application/n-triples")
        assert encoded.content == identity.content  # httpx decodes the content-coding
        assert int(encoded.headers["content-length"]) == len(raw)  # the pre-compressed copy, as is
    for accept in ("gzip;q=0", "identity", "br", "gzip;q=x", ""):
        plain = client.get("/dumps/graph.nt", headers={"Accept-Encoding": accept})
        assert "content-encoding" not in plain.headers, accept
    # the two encodings are two representations: their validators differ, each revalidates on its own
    gz_etag = client.get("/dumps/graph.nt", headers={"Accept-Encoding": "gzip"}).headers["etag"]
    assert gz_etag != identity.headers["etag"]
    assert (
        client.get("/dumps/graph.nt", headers={"Accept-Encoding": "gzip", "If-None-Match": gz_etag}).status_code == 304
    )
    assert (
        client.get("/dumps/graph.nt", headers={"Accept-Encoding": "identity", "If-None-Match": gz_etag}).status_code
        == 200
    )
    # a .gz file is a gzip file, never encoded a second time
    assert "content-encoding" not in client.get("/dumps/graph.nt.gz", headers={"Accept-Encoding": "gzip"}).headers


def test_unknown_dump(client: TestClient) -> None:
    r = client.get("/dumps/graph.xml")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_void(client: TestClient, built: Built) -> None:
    r = client.get("/.well-known/void")
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    dataset = next(g.subjects(RDF.type, VOID.Dataset))
    assert g.value(dataset, VOID.triples) == Literal(len(built.graph))
    assert g.value(dataset, VOID.sparqlEndpoint) is not None
    assert len(set(g.objects(dataset, VOID.dataDump))) == 6
    assert len(set(g.objects(dataset, DCAT.distribution))) == 6
    assert URIRef("http://www.w3.org/2004/02/skos/core#") in set(g.objects(dataset, VOID.vocabulary))
    partitions = {g.value(p, VOID["class"]): g.value(p, VOID.entities) for p in g.objects(dataset, VOID.classPartition)}
    assert partitions[URIRef("https://w3id.org/cmkg/ontology#City")].toPython() >= 30
    jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
