"""Injection: every parameter of every canned query and REST list, tried with SPARQL fragments, IRIs with
'>' and spaces, language tags, quotes and newlines. None may change the query's meaning: the answer is a
422 (malformed), a 404 (no such resource) or a 200 that matches nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

PAYLOADS = [
    "x> } ; DROP ALL ; #",
    '" } UNION { ?s ?p ?o } #',
    "' ) } UNION { ?s ?p ?o } #",
    "http://example.org/a b>",
    "<https://w3id.org/cmkg/city/tangier>",
    "tangier> . ?s ?p ?o",
    '"tangier"@en',
    "tangier\n} ?s ?p ?o {",
    "16.b } UNION { ?a ?b ?c",
    "?city",
    "$recommendation",
    "}}}}}}",
    "\\u003e",
]
SKIP = {"limit", "offset", "format"}


def operations(client: TestClient) -> list[tuple[str, dict[str, Any]]]:
    paths = client.get("/openapi.json").json()["paths"]
    found = []
    for path, item in paths.items():
        op = item.get("get")
        if not op or "{" in path:
            continue
        if path.startswith("/queries/") or path in ("/cities", "/actions", "/recommendations", "/sdg/goals",
                                                    "/sdg/targets", "/organisations", "/sources"):  # fmt: skip
            params = [p for p in op.get("parameters", []) if p["in"] == "query" and p["name"] not in SKIP]
            if params:
                found.append((path, {p["name"]: p for p in params}))
    return found


def example(param: dict[str, Any]) -> str | None:
    schema = param.get("schema", {})
    examples = param.get("examples") or schema.get("examples")
    if isinstance(examples, dict):
        examples = [v.get("value") for v in examples.values()]
    if examples:
        return str(examples[0])
    return None


def test_injection_everywhere(client: TestClient) -> None:
    ops = operations(client)
    assert len(ops) >= 10
    tried = 0
    for path, params in ops:
        required = {n: example(p) for n, p in params.items() if p.get("required")}
        for name in params:
            for payload in PAYLOADS:
                query = {k: v for k, v in required.items() if v is not None}
                query[name] = payload
                r = client.get(path, params=query)
                tried += 1
                assert r.status_code in (200, 404, 422), f"{path}?{name}={payload!r}: {r.status_code} {r.text[:200]}"
                body = r.json()
                if r.status_code == 200:
                    total = body.get("total", body.get("count"))
                    assert total == 0, f"{path}?{name}={payload!r} matched {total} rows"
                else:
                    assert set(body) == {"error", "detail"}
    assert tried >= 300


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sparql_string_parameter_stays_a_literal(client: TestClient, payload: str) -> None:
    r = client.get("/actions", params={"q": payload})
    assert r.status_code == 200 and r.json()["total"] == 0
