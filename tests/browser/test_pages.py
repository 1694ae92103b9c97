"""The human pages without JavaScript (plain HTTP, TestClient): every page shows its data as HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.namespace import OWL, RDF

from cmkg.config import PROJECT_ROOT

HTML = {"Accept": "text/html"}
CMKG = "https://w3id.org/cmkg/ontology#"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.meta_viewport = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "meta" and a.get("name") == "viewport":
            self.meta_viewport = True


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def get(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == status, (path, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_home_page(pages_client: TestClient) -> None:
    html = get(pages_client, "/")
    links = parse(html)
    assert links.meta_viewport and '<html lang="en"' in html
    assert len({h for h in links.hrefs if h.startswith("/recommendation/")}) == 8
    assert {f"/sdg/goal/{n}" for n in range(1, 18)} <= set(links.hrefs)
    assert {"/query", "/docs", "/dumps/", "/.well-known/void", "/charts", "/map", "/ontology"} <= set(links.hrefs)
    assert len({h for h in links.hrefs if h.startswith("/source/")}) == 5
    assert re.search(r"<strong>\d+</strong> cities", html)


def test_city_page(pages_client: TestClient) -> None:
    response = pages_client.get("/city/tetouan", headers=HTML)
    assert response.headers["content-location"] == "/city/tetouan.html"
    links = parse(response.text)
    assert any(h.startswith("/action/") for h in links.hrefs)
    assert "/country/morocco" in links.hrefs
    assert {"/city/tetouan.ttl", "/city/tetouan.jsonld"} <= set(links.hrefs)
    assert any(h.startswith("/source/") for h in links.hrefs)
    assert "<h1>Tetouan</h1>" in response.text
    assert any(h.startswith("http://sws.geonames.org/") for h in links.hrefs)  # its GeoNames feature
    assert 'id="place-map" data-lat="35.' in response.text  # the small map, with WGS84 coordinates


def test_city_page_with_migrant_share_names_its_source(pages_client: TestClient) -> None:
    html = get(pages_client, "/city/irbid")
    assert "21 %" in html and "(2017)" in html
    section = html.split("Migrant share", 1)[1].split("</dd>", 1)[0]
    assert 'href="/source/' in section


def test_action_page(pages_client: TestClient) -> None:
    html = get(pages_client, "/action/tangeraccueil")
    links = parse(html)
    for heading in ("Objectives", "Activities", "Outcomes", "MC2CM policy recommendations"):
        assert heading in html
    assert any(h.startswith("/recommendation/") for h in links.hrefs)
    assert any(h.startswith("/sdg/target/") or h.startswith("/sdg/goal/") for h in links.hrefs)
    assert "<blockquote>" in html  # the passage each source gave
    assert {"/action/tangeraccueil.ttl", "/action/tangeraccueil.jsonld"} <= set(links.hrefs)
    assert not any(h.startswith("http://metadata.un.org/sdg/1") for h in links.hrefs if "ontology" not in h)


def test_recommendation_page(pages_client: TestClient) -> None:
    links = parse(get(pages_client, "/recommendation/protection-against-discrimination"))
    assert len({h for h in links.hrefs if h.startswith("/city/")}) >= 6
    assert any(h.startswith("/action/") for h in links.hrefs)


@pytest.mark.parametrize("path", ["/organisation/icmpd", "/source/targeted-city-actions", "/country/morocco"])
def test_other_resource_pages(pages_client: TestClient, path: str) -> None:
    links = parse(get(pages_client, path))
    assert {f"{path}.ttl", f"{path}.jsonld"} <= set(links.hrefs)


def test_source_page_lists_its_records(pages_client: TestClient) -> None:
    links = parse(get(pages_client, "/source/targeted-city-actions"))
    assert len({h for h in links.hrefs if h.startswith("/action/")}) >= 10


def test_sdg_goal_page(pages_client: TestClient) -> None:
    response = pages_client.get("/sdg/goal/16", headers=HTML)
    assert response.status_code == 200 and response.headers["content-location"] == "/sdg/goal/16.html"
    html = response.text
    assert "Promote peaceful and inclusive societies" in html  # the UN's official title
    links = parse(html)
    assert any(h.startswith("/action/") for h in links.hrefs)
    assert "/sdg/target/16.b" in links.hrefs
    assert {"/sdg/goal/16.ttl", "/sdg/goal/16.jsonld"} <= set(links.hrefs)


def test_sdg_target_page(pages_client: TestClient) -> None:
    links = parse(get(pages_client, "/sdg/target/16.b"))
    assert any(h.startswith("/action/") for h in links.hrefs) and "/sdg/goal/16" in links.hrefs


@pytest.mark.parametrize(
    ("path", "accept", "media_type"),
    [
        ("/sdg/goal/16", "text/turtle", "text/turtle"),
        ("/sdg/goal/16.ttl", "text/html", "text/turtle"),
        ("/sdg/goal/16.jsonld", "*/*", "application/ld+json"),
        ("/sdg/target/16.b", "application/ld+json", "application/ld+json"),
        ("/sdg/target/16.b.nt", "*/*", "application/n-triples"),
    ],
)
def test_sdg_pages_negotiate(pages_client: TestClient, path: str, accept: str, media_type: str) -> None:
    response = pages_client.get(path, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    formats = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
    graph = rdflib.Graph().parse(data=response.text, format=formats[media_type])
    code = path.split("/")[-1].removesuffix(".ttl").removesuffix(".jsonld").removesuffix(".nt")
    assert (rdflib.URIRef(f"http://metadata.un.org/sdg/{code}"), None, None) in graph


@pytest.mark.parametrize("path", ["/sdg/goal/18", "/sdg/goal/0", "/sdg/target/16.zz", "/sdg/target/x", "/sdg/goal/1.5"])
def test_sdg_pages_unknown(pages_client: TestClient, path: str) -> None:
    assert pages_client.get(path, headers=HTML).status_code == 404


def test_every_link_from_the_pages_resolves(pages_client: TestClient) -> None:
    """Crawl the pages from the home page: every local link answers (bounded: 400 pages)."""
    seen: set[str] = set()
    queue = ["/"]
    while queue and len(seen) < 400:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = pages_client.get(path, headers=HTML)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        if not response.headers["content-type"].startswith("text/html"):
            continue
        for href in parse(response.text).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(("/docs", "/sparql", "/dumps", "/queries", "/static", "/.well-known")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    assert len(seen) > 100


def test_query_forms_for_every_canned_query(pages_client: TestClient) -> None:
    catalog = pages_client.get("/queries").json()["queries"]
    for query in catalog:
        html = get(pages_client, f"/query/{query['name']}")
        assert 'method="get"' in html and f'action="/query/{query["name"]}"' in html
        for p in query["parameters"]:
            assert f'name="{p["name"]}"' in html
        params = {p["name"]: p["example"] for p in query["parameters"]} | {"run": "1"}
        result = pages_client.get(f"/query/{query['name']}", params=params, headers=HTML)
        assert result.status_code == 200, (query["name"], result.text[:500])
        assert "Results" in result.text and "format=csv" in result.text


def test_query_form_results_link_to_pages(pages_client: TestClient) -> None:
    html = get(pages_client, "/query/cities-addressing-recommendation?recommendation=access-to-health&run=1")
    links = parse(html)
    assert any(h.startswith("/city/") for h in links.hrefs)
    assert "/queries/cities-addressing-recommendation?recommendation=access-to-health&format=csv" in html.replace(
        "&amp;", "&"
    )


def test_query_form_select_offers_what_exists(pages_client: TestClient) -> None:
    html = get(pages_client, "/query/recommendations-in-city")
    assert '<select id="f-city" name="city"' in html and '<option value="tetouan"' in html


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("/query/cities-addressing-recommendation?recommendation=Bad%20Value&run=1", 422, "not a valid"),
        ("/query/cities-addressing-recommendation?recommendation=no-such-thing&run=1", 404, "no recommendation"),
        ("/query/actions-for-goal?goal=99&run=1", 422, "not an sdg goal"),
    ],
)
def test_query_form_errors(pages_client: TestClient, query: str, status: int, message: str) -> None:
    html = get(pages_client, query, status)
    assert 'role="alert"' in html and message in html.lower()


def test_unknown_query_form(pages_client: TestClient) -> None:
    get(pages_client, "/query/no-such-query", 404)


def test_editor_page(pages_client: TestClient) -> None:
    html = get(pages_client, "/query")
    assert "PREFIX cmkg: &lt;https://w3id.org/cmkg/ontology#&gt;" in html  # prefilled, also in the plain form
    assert 'action="/sparql"' in html  # the no-JavaScript form
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
        assert src.startswith("/"), f"{src} is not served from this server"
    catalog = pages_client.get("/queries").json()["queries"]
    for query in catalog:
        assert f'data-query="{query["name"]}"' in html


def test_charts_page_has_tables_without_javascript(pages_client: TestClient) -> None:
    html = get(pages_client, "/charts")
    rows = re.findall(r"<tr><td><span class=\"swatch\"", html)
    assert len(rows) == 17
    assert "<noscript>" in html
    assert len(re.findall(r'<th scope="row"><a href="/city/', html)) >= 10


def test_map_page_has_a_table_without_javascript(pages_client: TestClient) -> None:
    html = get(pages_client, "/map")
    cities = {r["city"] for r in pages_client.get("/queries/city-map").json()["rows"]}
    assert len(re.findall(r'<th scope="row"><a href="/city/', html)) == len(cities)


def test_ontology_page_documents_every_term(pages_client: TestClient) -> None:
    graph = rdflib.Graph().parse(PROJECT_ROOT / "ontology" / "cmkg.ttl")
    terms = {
        str(s)[len(CMKG) :]
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in graph.subjects(RDF.type, t)
        if str(s).startswith(CMKG)
    }
    response = pages_client.get("/ontology", headers=HTML)
    links = parse(response.text)
    assert terms <= links.ids
    assert {"/ontology.ttl", "/ontology.jsonld"} <= set(links.hrefs)
    assert "Vocabularies reused" in response.text and "schema.org" in response.text and "PROV-O" in response.text
    turtle = pages_client.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    jsonld = pages_client.get("/ontology", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")


@pytest.mark.parametrize(
    "path", ["/", "/query", "/query/meetings", "/charts", "/map", "/ontology", "/city/tetouan", "/sdg/goal/5"]
)
def test_every_page_is_accessible_html(pages_client: TestClient, path: str) -> None:
    html = get(pages_client, path)
    links = parse(html)
    assert links.meta_viewport and '<html lang="en"' in html
    assert '<main id="main"' in html and 'href="#main"' in html  # skip link
    assert html.count("<h1") == 1
    for img in re.findall(r"<img[^>]*>", html):
        assert "alt=" in img


def test_pages_stay_out_of_the_api_schema(pages_client: TestClient) -> None:
    paths = pages_client.get("/openapi.json").json()["paths"]
    assert not {"/", "/query", "/charts", "/map"} & set(paths)
    assert not any(p.startswith(("/query/", "/sdg/goal/", "/sdg/target/")) for p in paths)
