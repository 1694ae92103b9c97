"""The SPARQL 1.1 protocol endpoint over real HTTP (TestClient), each format read by a real parser."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

COUNT_CITIES = "PREFIX cmkg: <https://w3id.org/cmkg/ontology#> SELECT (COUNT(?c) AS ?n) WHERE { ?c a cmkg:City }"
TETOUAN = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { <https://w3id.org/cmkg/city/tetouan> rdfs:label|skos:altLabel ?label } ORDER BY ?label"""
CONSTRUCT = """PREFIX cmkg: <https://w3id.org/cmkg/ontology#>
CONSTRUCT { ?a cmkg:city ?c } WHERE { ?a cmkg:city ?c }"""
SRX = "{http://www.w3.org/2005/sparql-results#}"


def test_get_select_json(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNT_CITIES})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    body = r.json()
    assert body["head"]["vars"] == ["n"]
    assert int(body["results"]["bindings"][0]["n"]["value"]) >= 30


def test_post_form_and_direct_body_agree(client: TestClient) -> None:
    a = client.post("/sparql", data={"query": TETOUAN}).json()
    b = client.post("/sparql", content=TETOUAN, headers={"Content-Type": "application/sparql-query"}).json()
    c = client.get("/sparql", params={"query": TETOUAN}).json()
    assert a == b == c
    labels = [(x["label"]["value"], x["label"].get("xml:lang")) for x in a["results"]["bindings"]]
    assert ("Tetouan", "en") in labels


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("application/json", "application/json"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_formats_by_accept(client: TestClient, accept: str, expected: str) -> None:
    r = client.get("/sparql", params={"query": TETOUAN}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == expected
    assert "Accept" in r.headers["vary"]


def test_select_xml_csv_tsv_parse(client: TestClient) -> None:
    xml = client.get("/sparql", params={"query": TETOUAN, "format": "xml"}).content
    root = ET.fromstring(xml)
    literals = [(e.text, e.get("{http://www.w3.org/XML/1998/namespace}lang")) for e in root.iter(f"{SRX}literal")]
    assert ("Tetouan", "en") in literals and ("Tétouan", "fr") in literals
    rows = list(csv.reader(io.StringIO(client.get("/sparql", params={"query": TETOUAN, "format": "csv"}).text)))
    assert rows[0] == ["label"] and ["Tétouan"] in rows
    tsv = client.get("/sparql", params={"query": TETOUAN, "format": "tsv"}).text.splitlines()
    assert tsv[0] == "?label" and '"Tétouan"@fr' in tsv


def test_ask_in_every_format(client: TestClient) -> None:
    ask = "ASK { <https://w3id.org/cmkg/city/tetouan> ?p ?o }"
    assert client.get("/sparql", params={"query": ask}).json() == {"head": {}, "boolean": True}
    xml = ET.fromstring(client.get("/sparql", params={"query": ask, "format": "xml"}).content)
    assert xml.find(f"{SRX}boolean").text == "true"
    assert client.get("/sparql", params={"query": ask, "format": "csv"}).text.splitlines()[1] == "true"


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_formats_parse(client: TestClient, accept: str, rdflib_format: str) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=r.content, format=rdflib_format)
    assert len(graph) >= 40


def test_describe(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "DESCRIBE <https://w3id.org/cmkg/city/tetouan>", "format": "nt"})
    assert r.status_code == 200 and "Tetouan" in r.text


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    assert (None, URIRef(sd + "endpoint"), None) in g


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX x: <http://x/> DELETE DATA { x:a x:b x:c }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR DEFAULT",
        "DROP ALL",
        "CREATE GRAPH <http://g>",
        "# comment\nWITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(client: TestClient, update: str) -> None:
    for r in (
        client.get("/sparql", params={"query": update}),
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
    ):
        assert r.status_code == 403, r.text
        assert r.json()["error"] == "update_forbidden"
    assert client.get("/sparql", params={"query": COUNT_CITIES}).status_code == 200


def test_service_is_refused(client: TestClient) -> None:
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 403 and r.json()["error"] == "service_forbidden"
    # the word inside a string or an IRI is not the keyword
    ok = client.get("/sparql", params={"query": 'SELECT ("SERVICE" AS ?x) WHERE { }'})
    assert ok.status_code == 200


def test_syntax_error_has_message_and_position(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "query_syntax" and "1:" in body["detail"]


def test_unknown_parameters_are_ignored_like_fuseki(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNT_CITIES, "results": "json", "timeout": "0"})
    assert r.status_code == 200


def test_dataset_parameters_are_refused_clearly(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNT_CITIES, "default-graph-uri": "http://g"})
    assert r.status_code == 400 and r.json()["error"] == "dataset_unsupported"


def test_errors_are_json_without_traces(client: TestClient) -> None:
    cases = [
        client.get("/sparql", params={"query": ""}),
        client.get("/sparql", params={"query": COUNT_CITIES, "format": "turtle"}),
        client.get("/sparql", params={"query": COUNT_CITIES}, headers={"Accept": "image/png"}),
        client.post("/sparql", content="x", headers={"Content-Type": "text/plain"}),
        client.post("/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}),
        client.get("/sparql", params={"query": COUNT_CITIES, "format": ["csv", "xml"]}),
    ]
    assert [r.status_code for r in cases] == [400, 406, 406, 415, 422, 422]
    for r in cases:
        body = r.json()
        assert set(body) == {"error", "detail"}
        assert "Traceback" not in r.text


def test_body_size_limit(client: TestClient) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2_000_000
    r = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and r.json()["error"] == "body_too_large"


def test_result_cap(settings, store) -> None:
    from api.app import create_app

    capped = settings.model_copy(update={"max_result_rows": 3})
    with TestClient(create_app(capped, store)) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert len(r.json()["results"]["bindings"]) == 3
        assert r.headers["cmkg-result-truncated"] == "true"


# literals that look like row boundaries in every results format (JSON "},{", XML "<result>", line ends)
LOOKALIKES = 'SELECT ?x WHERE { VALUES ?x { "a},{b},{c" "<result>\\n<result>" "x\\r\\ny\\nz" } }'


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_result_cap_in_every_format(settings, store, fmt: str) -> None:
    """The cap holds exactly whichever way the result is serialised; a result of exactly the cap is whole
    (no truncation flag), even when its literals look like extra rows."""
    from api.app import create_app

    with TestClient(create_app(settings.model_copy(update={"max_result_rows": 3}), store)) as c:
        whole = c.get("/sparql", params={"query": LOOKALIKES, "format": fmt})
        capped = c.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }", "format": fmt})
    assert whole.status_code == capped.status_code == 200
    assert "cmkg-result-truncated" not in whole.headers
    assert capped.headers["cmkg-result-truncated"] == "true"

    def values(r) -> list[str]:
        if fmt == "json":
            return [b["x"]["value"] if "x" in b else b["s"]["value"] for b in r.json()["results"]["bindings"]]
        if fmt == "xml":
            return [e.text or "" for e in ET.fromstring(r.content).iter(f"{SRX}result")]
        if fmt == "csv":
            return [row[0] for row in csv.reader(io.StringIO(r.content.decode(), newline=""))][1:]
        return r.text.split("\n")[1:-1]

    assert len(values(capped)) == 3
    got = values(whole)
    assert len(got) == 3
    if fmt in ("json", "csv"):
        assert sorted(got) == sorted(["a},{b},{c", "<result>\n<result>", "x\r\ny\nz"])


def test_construct_cap(settings, store) -> None:
    from api.app import create_app

    with TestClient(create_app(settings.model_copy(update={"max_result_rows": 5}), store)) as c:
        r = c.get("/sparql", params={"query": CONSTRUCT, "format": "nt"})
    assert r.status_code == 200 and r.headers["cmkg-result-truncated"] == "true"
    assert len(Graph().parse(data=r.content, format="nt")) == 5


def test_no_acceptable_format_for_the_kind_is_a_406(client: TestClient) -> None:
    """The format is chosen before the query runs; the 406 still depends on what the query returns."""
    turtle = {"Accept": "text/turtle"}
    assert client.get("/sparql", params={"query": COUNT_CITIES}, headers=turtle).status_code == 406
    assert client.get("/sparql", params={"query": "ASK {}"}, headers=turtle).status_code == 406
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406 and "text/turtle" in r.json()["detail"]
    assert client.get("/sparql", params={"query": CONSTRUCT}, headers=turtle).status_code == 200


def test_timeout_is_a_503(settings, store) -> None:
    from api.app import create_app

    hurried = settings.model_copy(update={"query_timeout": 0.05})
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with TestClient(create_app(hurried, store)) as c:
        r = c.get("/sparql", params={"query": slow})
        assert r.status_code == 503
        assert r.json()["error"] == "query_timeout"
        assert c.get("/health").status_code == 200


def test_cors(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNT_CITIES}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 200


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ready" and body["triples"] > 7000


def test_json_bindings_types(client: TestClient) -> None:
    q = 'SELECT ?x WHERE { VALUES ?x { 1 <http://a> "s" "t"@fr } }'
    bindings = json.loads(client.get("/sparql", params={"query": q}).content)["results"]["bindings"]
    assert {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"} in [
        b["x"] for b in bindings
    ]
    assert {"type": "uri", "value": "http://a"} in [b["x"] for b in bindings]
    assert {"type": "literal", "value": "s"} in [b["x"] for b in bindings]
    assert {"type": "literal", "value": "t", "xml:lang": "fr"} in [b["x"] for b in bindings]
