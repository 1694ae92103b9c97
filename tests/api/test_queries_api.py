"""Canned queries over HTTP: listing, typed operations in OpenAPI, answers, formats, validation."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from cmkg.catalog import CannedQuery

RECOMMENDATIONS = [
    "welcome-instruments", "social-and-political-participation", "protection-against-discrimination",
    "multilevel-governance", "access-to-education", "access-to-health", "labour-market-access",
    "urban-planning-and-housing",
]  # fmt: skip


def test_listing(client: TestClient, catalog: dict[str, CannedQuery]) -> None:
    body = client.get("/queries").json()
    names = {q["name"] for q in body["queries"]}
    assert names == set(catalog)
    rec = next(q for q in body["queries"] if q["name"] == "cities-addressing-recommendation")
    assert rec["parameters"][0]["name"] == "recommendation" and rec["parameters"][0]["type"] == "recommendation"
    assert rec["example_url"].endswith("?recommendation=protection-against-discrimination")
    assert client.get(rec["example_url"]).status_code == 200


def test_each_query_is_a_typed_operation(client: TestClient, catalog: dict[str, CannedQuery]) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for name, query in catalog.items():
        op = paths[f"/queries/{name}"]["get"]
        assert op["summary"] == query.title
        declared = {p["name"]: p for p in op["parameters"]}
        for param in query.parameters:
            assert declared[param.name]["required"] is True
            assert declared[param.name]["schema"]  # typed (pattern / integer range)
    goal = {p["name"]: p for p in paths["/queries/actions-for-goal"]["get"]["parameters"]}["goal"]
    assert goal["schema"]["type"] == "integer" and goal["schema"]["maximum"] == 17


@pytest.mark.parametrize("recommendation", RECOMMENDATIONS)
def test_cities_for_each_recommendation(client: TestClient, recommendation: str) -> None:
    r = client.get("/queries/cities-addressing-recommendation", params={"recommendation": recommendation})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(body["rows"]) >= 1
    assert all(row["city"].startswith("https://w3id.org/cmkg/city/") for row in body["rows"])


def test_protection_against_discrimination(client: TestClient) -> None:
    body = client.get(
        "/queries/cities-addressing-recommendation", params={"recommendation": "protection-against-discrimination"}
    ).json()
    assert {r["cityLabel"] for r in body["rows"]} >= {"Beirut", "Ramallah", "Tetouan", "Nador", "Rabat", "La Marsa"}
    assert body["count"] == 11


def test_formats(client: TestClient) -> None:
    url = "/queries/actions-per-goal"
    rows = client.get(url).json()["rows"]
    assert len(rows) == 17 and isinstance(rows[0]["actions"], int)
    srj = client.get(url, headers={"Accept": "application/sparql-results+json"}).json()
    assert len(srj["results"]["bindings"]) == 17
    table = list(csv.reader(io.StringIO(client.get(url, params={"format": "csv"}).text)))
    assert table[0] == ["goal", "number", "goalName", "actions"] and len(table) == 18
    assert client.get(url, params={"format": "tsv"}).text.startswith("?goal\t")
    assert (
        client.get(url, params={"format": "xml"}).headers["content-type"].startswith("application/sparql-results+xml")
    )


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/queries/cities-addressing-recommendation?recommendation=no-such-thing", 404),
        ("/queries/cities-addressing-recommendation?recommendation=Bad%20Value", 422),
        ("/queries/cities-addressing-recommendation", 422),
        ("/queries/actions-for-target?target=16.16", 404),
        ("/queries/actions-for-target?target=16.b%3E%20%7D", 422),
        ("/queries/actions-for-goal?goal=18", 422),
        ("/queries/actions-for-goal?goal=1%20%7D%20UNION", 422),
        ("/queries/recommendations-in-city?city=tangier&extra=1", 422),
        ("/queries/outcomes-of-action?action=x%22%29%20%7D", 422),
        ("/queries/sources-of-resource?resource=http://a%20b", 422),
        ("/queries/no-such-query", 404),
    ],
)
def test_bad_parameters(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error", "detail"}
