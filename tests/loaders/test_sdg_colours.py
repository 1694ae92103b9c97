"""SDG goals and targets: the UN titles in English, French and Spanish, and the official goal colours."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from cmkg.config import Settings
from cmkg.pipeline import Built
from loaders import sdg_colours
from loaders.errors import BuildError
from loaders.namespaces import CMKG, SDG, SDGO, goal_iri


def test_every_goal_has_its_official_colour(built: Built) -> None:
    g = built.graph
    colours = {
        int(str(goal).rsplit("/", 1)[1]): str(g.value(goal, CMKG.colour)) for goal in g.subjects(RDF.type, SDGO.Goal)
    }
    assert sorted(colours) == list(range(1, 18))
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours.values())
    # from the UN guidelines for the SDG logo and icons: a few we know by heart
    assert (colours[1], colours[10], colours[11], colours[16], colours[17]) == (
        "#E5243B",
        "#DD1367",
        "#FD9D24",
        "#00689D",
        "#19486A",
    )
    assert len(set(colours.values())) == 17


def test_the_colour_cites_the_un_guidelines(built: Built) -> None:
    g = built.graph
    assert g.value(CMKG.colour, DCTERMS.source) == URIRef(
        "https://www.un.org/sustainabledevelopment/news/communications-material/"
    )
    citation = str(g.value(CMKG.colour, DCTERMS.bibliographicCitation))
    assert "United Nations Department of Global Communications" in citation and "colour wheel" in citation


def test_goals_and_targets_carry_un_titles_in_three_languages(built: Built) -> None:
    g = built.graph
    for cls in (SDGO.Goal, SDGO.Target):
        for node in g.subjects(RDF.type, cls):
            languages = {label.language for label in g.objects(node, SKOS.prefLabel) if isinstance(label, Literal)}
            assert {"en", "fr", "es"} <= languages, node
    titles = set(g.objects(goal_iri(10), SKOS.prefLabel))
    assert Literal("Réduire les inégalités dans les pays et d\u2019un pays à l\u2019autre", lang="fr") in titles
    assert Literal("Reducir la desigualdad en los países y entre ellos", lang="es") in titles
    assert any(label.language == "fr" for label in g.objects(SDG["10.7"], SKOS.prefLabel))


def write_colours(settings: Settings, folder: Path, change: Callable[[dict], None]) -> Path:
    content = yaml.safe_load((settings.data_dir / "sdg" / sdg_colours.COLOURS_FILE).read_text(encoding="utf-8"))
    change(content)
    folder.mkdir(exist_ok=True)
    (folder / sdg_colours.COLOURS_FILE).write_text(yaml.safe_dump(content), encoding="utf-8")
    return folder


def test_a_missing_or_malformed_goal_colour_fails_the_build(tmp_path: Path, settings: Settings) -> None:
    missing = write_colours(settings, tmp_path / "a", lambda c: c["colours"].pop(7))
    with pytest.raises(BuildError, match=r"data/sdg/goal-colours.yaml.*no colour for goal\(s\) 7"):
        sdg_colours.read(missing)
    lower = write_colours(settings, tmp_path / "b", lambda c: c["colours"].update({8: "#a21942"}))
    with pytest.raises(BuildError, match=r"field 'colours\[8\]': String should match pattern"):
        sdg_colours.read(lower)
