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


def test_validator_option_overrides_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMKG_VALIDATOR", "pyshacl")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "(SHACL engine: pyshacl)" in result.output
    result = runner.invoke(app, ["validate", "--validator", "fast"])
    assert result.exit_code == 0, result.output
    assert "(SHACL engine: fast)" in result.output
    monkeypatch.delenv("CMKG_VALIDATOR")
    get_settings.cache_clear()
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "out"), "--validator", "pyshacl"])
    assert result.exit_code == 0, result.output
    assert "(SHACL engine: pyshacl)" in result.output and (tmp_path / "out" / "graph.nt").exists()
    nquads = tmp_path / "graph.nq"
    result = runner.invoke(app, ["load", "--nquads", str(nquads), "--validator", "pyshacl"])
    assert result.exit_code == 0, result.output
    assert "(SHACL engine: pyshacl)" in result.output and nquads.exists()


def test_build_falls_back_to_pyshacl_for_shapes_fast_cannot_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "closed.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<http://example.org/S> a sh:NodeShape ; sh:targetNode <http://example.org/x> ; sh:closed true .\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CMKG_SHAPES_DIR", str(shapes))
    result = runner.invoke(app, ["validate", "--validator", "fast"])
    assert result.exit_code == 0, result.output
    assert "(SHACL engine: pyshacl)" in result.output


def test_an_unknown_validator_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["validate", "--validator", "shaclex"])
    assert result.exit_code == 2
    said = " ".join(result.output.replace("│", " ").split())  # typer's error box wraps at the terminal's width
    assert "Invalid value for '--validator'" in said and "'shaclex' is not one of 'fast', 'pyshacl'" in said
    monkeypatch.setenv("CMKG_VALIDATOR", "shaclex")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
    assert "invalid setting CMKG_VALIDATOR: Input should be 'fast' or 'pyshacl'" in result.output
