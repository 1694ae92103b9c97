"""The SHACL engine of the build: fast and pyshacl give the same result, the choice is honoured, and shapes the
fast validator cannot compile are still validated (by pyshacl, with a warning)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError
from rdflib import BNode, Graph, Literal, URIRef

from cmkg.config import Settings
from cmkg.pipeline import Built, build_from_settings
from loaders.build import build
from loaders.errors import BuildError
from loaders.shacl_engine import VALIDATORS, oxigraph_store, validate_with
from loaders.validate import load_shapes

PREFIXES = """
@prefix cmkg: <https://w3id.org/cmkg/ontology#> .
@prefix ex: <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""
# sh:closed: a constraint the fast validator refuses (UnsupportedShapeError)
CLOSED_COUNTRY = """
ex:ClosedCountry a sh:NodeShape ; sh:targetClass cmkg:Country ; sh:closed true ; sh:ignoredProperties ( rdf:type ) .
"""
CLOSED_NOTHING = """
ex:ClosedNothing a sh:NodeShape ; sh:targetNode ex:nothing ; sh:closed true .
"""


def shapes_dir(tmp_path: Path, shapes: str) -> Path:
    folder = tmp_path / "shapes"
    folder.mkdir()
    (folder / "tiny.ttl").write_text(PREFIXES + shapes, encoding="utf-8")
    return folder


def build_with(settings: Settings, shapes: Path, validator: str) -> Built:
    return build_from_settings(settings.model_copy(update={"shapes_dir": shapes, "validator": validator}))


def fallback_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "cmkg.build" and r.levelno == logging.WARNING]


def test_settings_and_engine_names_agree() -> None:
    assert get_args(Settings.model_fields["validator"].annotation) == VALIDATORS == ("fast", "pyshacl")
    assert Settings().validator == "fast"


@pytest.fixture(scope="module")
def under_pyshacl(settings: Settings) -> Built:
    return build_from_settings(settings.model_copy(update={"validator": "pyshacl"}))


def test_real_data_conforms_alike_under_both_engines(built: Built, under_pyshacl: Built) -> None:
    assert built.result.validator == "fast"  # the default, and our shapes compile: no fallback
    assert under_pyshacl.result.validator == "pyshacl"
    assert built.result.report.conforms and under_pyshacl.result.report.conforms
    assert built.result.report == under_pyshacl.result.report
    assert built.ntriples == under_pyshacl.ntriples


def test_real_data_reports_alike_with_violations(built: Built, settings: Settings) -> None:
    """The real graph with violations seeded (a generic message among them): both engines report the same."""
    graph = Graph()
    graph += built.graph
    action = URIRef(settings.base_iri + "action/tangeraccueil")
    cmkg = "https://w3id.org/cmkg/ontology#"
    graph.remove((action, URIRef(cmkg + "addressesRecommendation"), None))
    graph.remove((action, URIRef(cmkg + "hasObjective"), None))
    graph.add((action, URIRef(cmkg + "globalScope"), Literal("maybe")))
    shapes = load_shapes(settings.shapes_dir)
    fast, used = validate_with(graph, shapes, "fast")
    assert used == "fast"
    reference, used = validate_with(graph, shapes, "pyshacl")
    assert used == "pyshacl"
    assert not reference.conforms and len(reference.violations) >= 3
    assert fast == reference


def test_environment_chooses_the_engine(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setenv("CMKG_VALIDATOR", "pyshacl")
    assert Settings().validator == "pyshacl"
    built = build_from_settings(Settings(base_iri=settings.base_iri))
    assert built.result.validator == "pyshacl"


def test_an_unknown_engine_is_refused(settings: Settings) -> None:
    with pytest.raises(ValidationError, match="Input should be 'fast' or 'pyshacl'"):
        Settings(validator="shaclex")
    with pytest.raises(ValueError, match="unknown SHACL validator 'shaclex': choose one of fast, pyshacl"):
        build(settings.data_dir, settings.ontology_dir, settings.shapes_dir, settings.base_iri, "shaclex")


def test_shapes_fast_cannot_compile_are_validated_by_pyshacl(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shapes = shapes_dir(tmp_path, CLOSED_COUNTRY)
    with caplog.at_level(logging.WARNING, logger="cmkg.build"), pytest.raises(BuildError) as info:
        build_with(settings, shapes, "fast")
    (warning,) = fallback_warnings(caplog)
    assert "cannot compile the shapes" in warning and "sh:closed" in warning and "pyshacl" in warning
    # pyshacl did validate: every country has properties the closed shape does not allow
    problems = info.value.problems
    assert problems and all(p.message.endswith("[sh:ClosedConstraintComponent]") for p in problems)
    assert "data/countries.yaml record 'jordan'" in "\n".join(str(p) for p in problems)
    with pytest.raises(BuildError) as reference:
        build_with(settings, shapes, "pyshacl")
    assert reference.value.problems == problems


def test_fallback_build_records_pyshacl(settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="cmkg.build"):
        built = build_with(settings, shapes_dir(tmp_path, CLOSED_NOTHING), "fast")
    assert built.result.validator == "pyshacl" and built.result.report.conforms
    assert len(fallback_warnings(caplog)) == 1


def test_a_graph_oxigraph_refuses_is_validated_by_pyshacl(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    shapes = load_shapes(shapes_dir(tmp_path, "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:nodeKind sh:IRI ."))
    graph = Graph()
    graph.add((URIRef("relative/iri"), URIRef("http://example.org/p"), Literal(1)))
    with caplog.at_level(logging.WARNING, logger="cmkg.build"):
        report, used = validate_with(graph, shapes, "fast")
    assert used == "pyshacl" and report.conforms
    (warning,) = fallback_warnings(caplog)
    assert "pyoxigraph refuses the graph" in warning


def test_blank_nodes_keep_their_ids(tmp_path: Path) -> None:
    """The graph reaches pyoxigraph as N-Triples; a violation on a blank node names the node pyshacl names."""
    shapes = load_shapes(shapes_dir(tmp_path, "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:nodeKind sh:IRI ."))
    graph = Graph()
    node = BNode("b0123")
    graph.add((node, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef("http://example.org/C")))
    assert {str(q.subject.value) for q in oxigraph_store(graph)} == {"b0123"}
    fast, used = validate_with(graph, shapes, "fast")
    assert used == "fast"
    reference, _ = validate_with(graph, shapes, "pyshacl")
    assert fast == reference and [v.focus for v in fast.violations] == ["b0123"]
