"""Our data against the outside world: every passage is in its seed; SDG codes and titles are the UN's."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from cmkg.config import Settings
from cmkg.pipeline import Built
from loaders.namespaces import SDGO
from loaders.read import read_dataset
from tests.conftest import REFERENCE, SEEDS, need


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def all_passages(settings: Settings) -> list[tuple[str, str, str, str]]:
    """(record, field, source id, passage) for every passage in data/."""
    ds = read_dataset(settings.data_dir)
    out = []
    for kind in (
        "countries",
        "cities",
        "districts",
        "recommendations",
        "focus_areas",
        "outcome_statements",
        "organisations",
        "projects",
        "meetings",
        "publications",
        "actions",
    ):
        for rec in getattr(ds, kind).values():
            for ref in rec.sources:
                out.append((f"{kind}/{rec.id}", "sources", ref.source, ref.passage))
    for city in ds.cities.values():
        for share in city.migrant_shares:
            out.append((f"cities/{city.id}", "migrant_shares", share.source, share.passage))
    return out


def test_every_passage_is_found_in_its_seed(settings: Settings) -> None:
    need(SEEDS)
    ds = read_dataset(settings.data_dir)
    seeds = {sid: squash((SEEDS / src.file).read_text(encoding="utf-8")) for sid, src in ds.sources.items()}
    missing = [
        f"{rec} {field}: {passage!r} not in {source}"
        for rec, field, source, passage in all_passages(settings)
        if squash(passage) not in seeds[source]
    ]
    assert not missing, "\n".join(missing)


def test_source_files_exist(settings: Settings) -> None:
    need(SEEDS)
    ds = read_dataset(settings.data_dir)
    seed_files = {p.name for p in SEEDS.glob("*.txt")}
    assert {s.file for s in ds.sources.values()} == seed_files


@pytest.fixture(scope="module")
def reference() -> Graph:
    return Graph().parse(need(REFERENCE), format="turtle")


def codes(graph: Graph, cls) -> set[str]:
    return {str(s).rsplit("/", 1)[1] for s in graph.subjects(RDF.type, cls)}


def test_sdg_code_sets_match_the_un_list(built: Built, reference: Graph) -> None:
    assert codes(built.graph, SDGO.Goal) == codes(reference, SDGO.Goal)
    assert codes(built.graph, SDGO.Target) == codes(reference, SDGO.Target)
    assert len(codes(built.graph, SDGO.Target)) == 169


def test_sdg_english_titles_are_the_un_titles(built: Built, reference: Graph) -> None:
    g = built.graph
    for cls in (SDGO.Goal, SDGO.Target):
        for node in g.subjects(RDF.type, cls):
            ours = [o for o in g.objects(node, SKOS.prefLabel) if o.language == "en"]
            theirs = {str(o) for o in reference.objects(node, SKOS.prefLabel) if o.language == "en"}
            assert len(ours) == 1, node
            assert str(ours[0]) in theirs, node


def test_targets_used_by_actions_exist_in_the_un_list(built: Built, reference: Graph) -> None:
    from loaders.namespaces import CMKG

    used = set(built.graph.objects(None, CMKG.contributesToTarget))
    assert used
    for target in used:
        assert (target, RDF.type, SDGO.Target) in reference, target
