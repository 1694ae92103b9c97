"""The real graph: it conforms, it is deterministic, and the known traps of the seeds are handled."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from cmkg.config import Settings
from cmkg.pipeline import Built, build_from_settings
from loaders.build import sorted_ntriples
from loaders.namespaces import CMKG, SDG, SDGO
from tests.conftest import BASE


def res(path: str) -> URIRef:
    return URIRef(BASE + path)


def titles(graph: Graph, action: URIRef) -> set[str]:
    return {str(t) for t in graph.objects(action, RDFS.label)}


def test_real_graph_conforms(built: Built) -> None:
    assert built.result.report.conforms
    assert not [v for v in built.result.report.violations if v.severity == "sh:Violation"]


def test_build_is_deterministic(built: Built, settings: Settings) -> None:
    again = build_from_settings(settings)
    assert again.ntriples == built.ntriples
    assert sorted_ntriples(again.graph) == built.ntriples
    assert b"_:" not in built.ntriples, "blank nodes would make the output unstable"


def test_base_iri_comes_from_settings(settings: Settings) -> None:
    other = build_from_settings(settings.model_copy(update={"base_iri": "http://example.org/kg/"}))
    assert (URIRef("http://example.org/kg/city/tetouan"), RDF.type, CMKG.City) in other.graph
    assert b"https://w3id.org/cmkg/city/" not in other.ntriples


def test_all_goals_and_targets(built: Built) -> None:
    g = built.graph
    assert len(set(g.subjects(RDF.type, SDGO.Goal))) == 17
    assert len(set(g.subjects(RDF.type, SDGO.Target))) == 169
    assert (SDG["16.b"], SKOS.broader, SDG["16"]) in g


def test_trap_16_16_is_stored_as_16_6_with_a_note(built: Built) -> None:
    g = built.graph
    action = res("action/governance-interculturality")
    assert (action, CMKG.contributesToTarget, SDG["16.6"]) in g
    assert (action, CMKG.contributesToTarget, SDG["16.16"]) not in g
    assert (SDG["16.16"], None, None) not in g
    notes = [n for n in g.objects(action, CMKG.curationNote) if "16.16" in str(g.value(n, CMKG.sourceSays))]
    assert notes and str(g.value(notes[0], CMKG.weStore)).startswith("16.6")


def test_trap_17_19_with_the_title_of_17_9(built: Built) -> None:
    g = built.graph
    action = res("action/governance-interculturality")
    assert (action, CMKG.contributesToTarget, SDG["17.9"]) in g
    assert (action, CMKG.contributesToTarget, SDG["17.19"]) not in g
    says = [str(g.value(n, CMKG.sourceSays)) for n in g.objects(action, CMKG.curationNote)]
    assert any("17.19" in s for s in says)


def test_recommendation_spellings_are_one_concept(built: Built) -> None:
    g = built.graph
    recs = set(g.subjects(RDF.type, CMKG.PolicyRecommendation))
    assert len(recs) == 8
    multilevel = res("recommendation/multilevel-governance")
    alts = {str(a) for a in g.objects(multilevel, SKOS.altLabel)}
    assert {"Multilevel governance and cooperation", "Governance and cooperation at multiple levels"} <= alts
    welcome = res("recommendation/welcome-instruments")
    assert Literal("Implementation of welcome instruments", lang="en") in set(g.objects(welcome, SKOS.altLabel))
    # ACMALS prints "Implementation of welcome instruments": it addresses the one concept
    assert (res("action/acmals-sfax"), CMKG.addressesRecommendation, welcome) in g


def test_city_spellings(built: Built) -> None:
    g = built.graph
    tetouan = res("city/tetouan")
    assert Literal("Tétouan", lang="fr") in set(g.objects(tetouan, SKOS.altLabel))
    ksar = res("city/ksar-el-kebir")
    assert Literal("Alcazar-Quivir", lang="en") in set(g.objects(ksar, SKOS.altLabel))
    living = res("action/living-together-tetouan")
    assert {tetouan, ksar, res("city/larache")} <= set(g.objects(living, CMKG.city))
    assert not list(g.subjects(RDFS.label, Literal("Tétouan", lang="en")))


def test_implied_city_is_recorded(built: Built) -> None:
    g = built.graph
    action = res("action/lisbon-portuguese-for-foreigners")
    assert set(g.objects(action, CMKG.city)) == {res("city/lisbon")}
    assert any(str(g.value(n, CMKG.aboutField)) == "cities" for n in g.objects(action, CMKG.curationNote))
    g_and_i = res("action/governance-interculturality")
    assert set(g.objects(g_and_i, CMKG.city)) == {res(f"city/{c}") for c in ("oujda", "al-hoceima", "fnideq")}


def test_actions_in_000_and_001_are_one_resource(built: Built) -> None:
    g = built.graph
    map_doc, factsheets = res("source/city-initiatives-map"), res("source/targeted-city-actions")
    for slug in (
        "beirut-social-protective",
        "tangeraccueil",
        "ramallah-inclusion-policy",
        "migration-in-casablanca",
    ):
        action = res(f"action/{slug}")
        assert {map_doc, factsheets} <= set(g.objects(action, PROV.wasDerivedFrom)), slug
    beirut_actions = [a for a in g.subjects(CMKG.city, res("city/beirut")) if (a, RDF.type, CMKG.Action) in g]
    assert beirut_actions == [res("action/beirut-social-protective")]
    # the map gives goals, the factsheet targets: both kept on the one action
    tangier = res("action/tangeraccueil")
    assert (tangier, CMKG.contributesToGoal, SDG["16"]) in g
    assert (tangier, CMKG.contributesToTarget, SDG["10.7"]) in g


def test_every_record_has_provenance(built: Built) -> None:
    g = built.graph
    for cls in (CMKG.Action, CMKG.City, CMKG.Outcome, CMKG.Activity, CMKG.Objective, CMKG.Meeting):
        nodes = set(g.subjects(RDF.type, cls))
        assert nodes
        for node in nodes:
            sources = set(g.objects(node, PROV.wasDerivedFrom))
            assert sources, node
            assert all((s, RDF.type, CMKG.SourceDocument) in g for s in sources)


def test_actions_per_source_document(built: Built) -> None:
    g = built.graph
    counts = {}
    for doc in g.subjects(RDF.type, CMKG.SourceDocument):
        actions = {a for a in g.subjects(PROV.wasDerivedFrom, doc) if (a, RDF.type, CMKG.Action) in g}
        counts[str(g.value(doc, CMKG.fileName))[:3]] = len(actions)
    # 000: 14 initiatives of the map + the 4 it shares with the factsheets; 001: 15 factsheets;
    # 002 lists 12 targeted city actions; 003: 4 practices; 004: 8 practices
    assert counts == {"000": 18, "001": 15, "002": 12, "003": 4, "004": 8}
    assert len(set(g.subjects(RDF.type, CMKG.Action))) == 18 + 15 - 4 + 4 + 8


def test_migrant_share_is_a_decimal_fraction_with_year(built: Built) -> None:
    g = built.graph
    (share,) = g.objects(res("city/irbid"), CMKG.migrantShare)
    assert g.value(share, CMKG.shareValue) == Literal("0.21", datatype=XSD.decimal)
    assert str(g.value(share, CMKG.referenceYear)) == "2017"
    assert g.value(share, PROV.wasDerivedFrom) == res("source/city-initiatives-map")


def test_meetings_have_host_city_and_date(built: Built) -> None:
    g = built.graph
    meetings = set(g.subjects(RDF.type, CMKG.Meeting))
    assert len(meetings) == 15
    hosts = {str(g.value(m, CMKG.hostCity)).rsplit("/", 1)[1] for m in meetings}
    assert {"lisbon", "madrid", "tangier", "vienna", "amman", "turin", "lyon", "tunis", "sfax"} <= hosts
    assert {"casablanca", "seville", "rabat", "grenoble", "dortmund"} <= hosts
