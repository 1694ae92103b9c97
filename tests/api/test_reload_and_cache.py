"""Reload without downtime (atomic swap after validation) and the response cache with ETags / 304."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from cmkg.config import Settings
from cmkg.pipeline import build_from_settings, store_from_built

TOKEN = "test-token-123"
CITIES_URL = "/queries/cities-addressing-recommendation?recommendation=access-to-health"


@pytest.fixture
def reloadable(tmp_path: Path, settings: Settings) -> Iterator[tuple[TestClient, Path]]:
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data)
    local = settings.model_copy(update={"data_dir": data, "admin_token": TOKEN})
    with TestClient(create_app(local, store_from_built(build_from_settings(local)))) as client:
        yield client, data


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_canned_query_cache_and_304(client: TestClient) -> None:
    first = client.get(CITIES_URL)
    etag = first.headers["etag"]
    second = client.get(CITIES_URL)
    assert second.headers["x-cache"] == "hit" and second.content == first.content
    assert client.get(CITIES_URL, headers={"If-None-Match": etag}).status_code == 304
    csv = client.get(CITIES_URL + "&format=csv")
    assert csv.headers["etag"] != etag  # the format is part of the key
    other = client.get("/queries/cities-addressing-recommendation?recommendation=access-to-education")
    assert other.headers["etag"] != etag


def test_reload_swaps_the_graph_and_changes_etags(reloadable: tuple[TestClient, Path]) -> None:
    client, data = reloadable
    before = client.get(CITIES_URL)
    assert {r["cityLabel"] for r in before.json()["rows"]} == {"Raoued", "La Marsa"}
    version = client.get("/health").json()["graph_version"]
    old_state = client.app.state.graph

    action = data / "actions" / "tangeraccueil.yaml"
    text = action.read_text(encoding="utf-8")
    action.write_text(text.replace("recommendations: [", "recommendations: [access-to-health, ", 1), encoding="utf-8")
    assert "access-to-health" in action.read_text(encoding="utf-8")

    r = client.post("/admin/reload", headers=auth())
    assert r.status_code == 200, r.text
    assert r.json()["previous_version"] == version != r.json()["graph_version"]
    after = client.get(CITIES_URL, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200  # the old ETag no longer matches
    assert "Tangier" in {r["cityLabel"] for r in after.json()["rows"]}
    # a request that started before the swap holds the old state and finishes on the old graph
    assert old_state.store.version == version
    assert len(old_state.store.select(old_state.catalog["meetings"].text).rows) == 15


def test_bad_data_reload_leaves_the_served_graph_exactly_as_it_was(reloadable: tuple[TestClient, Path]) -> None:
    client, data = reloadable
    dump_before = hashlib.sha256(client.get("/dumps/graph.nt").content).hexdigest()
    version = client.get("/health").json()["graph_version"]
    action = data / "actions" / "tangeraccueil.yaml"
    action.write_text(action.read_text(encoding="utf-8").replace('"10.2"', '"10.22"', 1), encoding="utf-8")
    r = client.post("/admin/reload", headers=auth())
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "build_failed"
    assert any("record 'tangeraccueil' field 'sdg_targets[0]'" in p for p in body["detail"])
    assert client.get("/health").json()["graph_version"] == version
    assert hashlib.sha256(client.get("/dumps/graph.nt").content).hexdigest() == dump_before


def test_reload_needs_the_token(reloadable: tuple[TestClient, Path], client: TestClient) -> None:
    protected, _ = reloadable
    assert protected.post("/admin/reload").status_code == 403
    assert protected.post("/admin/reload", headers=auth("wrong")).json()["error"] == "forbidden"
    disabled = client.post("/admin/reload", headers=auth())
    assert disabled.status_code == 404 and disabled.json()["error"] == "reload_disabled"
