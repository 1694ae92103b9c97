"""`cmkg load` and `cmkg serve`'s choice of store, with a real Oxigraph server of their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from cmkg import cli, reporting, serve
from cmkg.bindings import apply_bindings
from cmkg.config import Settings, get_settings
from cmkg.pipeline import Built
from cmkg.stores import OxigraphStore, RemoteStore
from cmkg.stores.base import store_query
from tests.engines.fixtures import Engine, start_engine

runner = CliRunner()
TETOUAN = ox.NamedNode("https://w3id.org/cmkg/city/tetouan")


@pytest.fixture(scope="module")
def own_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An engine for this module alone: these tests load the real graph under the real base IRI."""
    engine = start_engine("oxigraph", tmp_path_factory)
    yield engine
    engine.stop()


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, built: Built) -> Iterator[pytest.MonkeyPatch]:
    """Settings from the environment, as for a user; the graph already built once for the session."""
    for name in ("CMKG_STORE_BACKEND", "CMKG_STORE_PATH", "CMKG_BASE_IRI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(reporting, "build_from_settings", lambda settings: built)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def point_at(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    for name, value in engine.remote_settings().items():
        monkeypatch.setenv(f"CMKG_{name.upper()}", str(value))
    get_settings.cache_clear()


def test_load_into_a_remote_engine_then_serve_it(environment: pytest.MonkeyPatch, own_oxigraph: Engine) -> None:
    point_at(environment, own_oxigraph)
    first = runner.invoke(cli.app, ["load"])
    assert first.exit_code == 0, first.output
    assert "Loaded" in first.output and "readers now see version" in first.output
    again = runner.invoke(cli.app, ["load"])
    assert again.exit_code == 0 and "nothing to do" in again.output
    forced = runner.invoke(cli.app, ["load", "--force", "--grace", "0"])
    assert forced.exit_code == 0 and "dropped https://w3id.org/cmkg/graph/" in forced.output

    store = serve.store_for_serving(get_settings())
    assert isinstance(store, RemoteStore) and store.contains(TETOUAN)
    with TestClient(create_app(get_settings(), store)) as client:
        health = client.get("/health").json()
        assert health["status"] == "ready" and health["graph_version"] == store.version
        assert "Tetouan" in client.get("/city/tetouan", headers={"Accept": "text/turtle"}).text


def test_serving_an_engine_that_holds_nothing_exits(environment: pytest.MonkeyPatch, own_oxigraph: Engine) -> None:
    point_at(environment, own_oxigraph)
    environment.setenv("CMKG_BASE_IRI", "https://example.org/never-loaded/")
    get_settings.cache_clear()
    with pytest.raises(typer.Exit):
        serve.store_for_serving(get_settings())


def test_load_failures_are_reported(environment: pytest.MonkeyPatch, own_oxigraph: Engine) -> None:
    point_at(environment, own_oxigraph)
    environment.delenv("CMKG_REMOTE_GSP_URL")
    get_settings.cache_clear()
    result = runner.invoke(cli.app, ["load"])
    assert result.exit_code == 1 and "CMKG_REMOTE_GSP_URL" in result.output
    environment.setenv("CMKG_STORE_BACKEND", "memory")
    get_settings.cache_clear()
    result = runner.invoke(cli.app, ["load"])
    assert result.exit_code == 2 and "nothing to load into" in result.output


def test_load_and_serve_on_disk(environment: pytest.MonkeyPatch, tmp_path: Path, built: Built) -> None:
    environment.setenv("CMKG_STORE_PATH", str(tmp_path / "store"))
    get_settings.cache_clear()
    result = runner.invoke(cli.app, ["load"])
    assert result.exit_code == 0 and "Loaded" in result.output
    result = runner.invoke(cli.app, ["load"])
    assert result.exit_code == 0 and "already holds version" in result.output
    store = serve.store_for_serving(get_settings())
    assert isinstance(store, OxigraphStore) and store.path == tmp_path / "store" and store.contains(TETOUAN)


def test_nquads_for_bulk_loaders(environment: pytest.MonkeyPatch, tmp_path: Path, settings: Settings) -> None:
    target = tmp_path / "graph.nq"
    result = runner.invoke(cli.app, ["load", "--nquads", str(target)])
    assert result.exit_code == 0, result.output
    local = ox.Store()
    local.load(target.read_bytes(), format=ox.RdfFormat.N_QUADS)
    pointer = ox.NamedNode(f"{settings.base_iri}graph/current")
    (row,) = list(local.query(apply_bindings(store_query("current-graph"), {"pointer": pointer})))
    graph = row["graph"]
    assert graph.value == f"{settings.base_iri}graph/{row['version'].value}"
    assert next(iter(local.quads_for_pattern(TETOUAN, None, None, graph)), None) is not None
    assert next(iter(local.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
