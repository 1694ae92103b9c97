"""The cmkg command line, run in-process through typer's runner on the real data."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from cmkg.cli import app
from cmkg.config import get_settings
from cmkg.pipeline import Built

runner = CliRunner()


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_build_writes_dumps_that_parse_back(tmp_path: Path, built: Built) -> None:
    result = runner.invoke(app, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {"graph.ttl", "graph.nt", "graph.jsonld", "void.ttl", "graph.ttl.gz", "graph.nt.gz"} <= names
    assert (tmp_path / "graph.nt").read_bytes() == built.ntriples
    for name, fmt in (("graph.ttl", "turtle"), ("graph.jsonld", "json-ld"), ("graph.nt", "nt")):
        parsed = Graph().parse(tmp_path / name, format=fmt)
        assert isomorphic(parsed, built.graph), name
    assert gzip.decompress((tmp_path / "graph.nt.gz").read_bytes()) == built.ntriples
    void = Graph().parse(tmp_path / "void.ttl")
    assert f'"{len(built.graph)}"' in void.serialize(format="nt")


def test_validate_and_stats(built: Built) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0 and "conforms" in result.output
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    assert f"Triples: {len(built.graph)}" in result.output
    assert "Targeted city action" in result.output


def test_query_prints_json_rows() -> None:
    result = runner.invoke(
        app,
        ["query", "cities-addressing-recommendation", "-p", "recommendation=access-to-health", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output[result.output.index("[") :])
    assert {r["cityLabel"] for r in rows} == {"Raoued", "La Marsa"}


def test_query_rejects_bad_parameter() -> None:
    result = runner.invoke(app, ["query", "actions-for-target", "-p", "target=16.16.16"])
    assert result.exit_code == 2
    assert "not an SDG target code" in result.output


def test_unknown_query_name() -> None:
    result = runner.invoke(app, ["query", "no-such-query"])
    assert result.exit_code == 2 and "unknown query" in result.output


def test_broken_record_fails_the_build_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(get_settings().data_dir, data)
    action = data / "actions" / "tangeraccueil.yaml"
    action.write_text(action.read_text().replace('["10.2",', '["10.22",'), encoding="utf-8")
    monkeypatch.setenv("CMKG_DATA_DIR", str(data))
    get_settings.cache_clear()
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--out", str(out)])
    assert result.exit_code == 1
    assert "record 'tangeraccueil' field 'sdg_targets[0]'" in result.output
    assert "'10.22' is not a target in the UN SDG list" in result.output
    assert not out.exists()
