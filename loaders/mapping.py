"""Records -> triples, in one place. Every IRI is minted here from the base IRI; no blank nodes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from loaders.namespaces import CMKG, ONTOLOGY_IRI, PREFIXES, WGS, Minter, geonames_iri, goal_iri, target_iri
from loaders.read import Dataset
from loaders.records import Action, Concept, Note, PlaceLink, Record, SourceRef

ACTION_CLASSES = {
    "initiative": CMKG.Initiative,
    "targeted-city-action": CMKG.TargetedCityAction,
    "practice": CMKG.Practice,
}
PUBLICATION_CLASSES = {
    "city-migration-profile": CMKG.CityMigrationProfile,
    "case-study": CMKG.CaseStudy,
    "report": CMKG.Report,
    "presentation": CMKG.Presentation,
}
ROLE_LABELS = {
    "partner": "partner",
    "funder": "funder",
    "co-funder": "co-funder",
    "implementer": "implementing organisation",
    "coordinator": "coordinator",
    "host": "host",
}
CONCEPT_SCHEMES = {
    "recommendations": (CMKG.PolicyRecommendation, "MC2CM policy recommendations"),
    "focus_areas": (CMKG.FocusArea, "Focus areas of city actions on migration"),
    "outcome_statements": (CMKG.OutcomeStatement, "Outcome statements of the city initiatives map"),
}


def text_slug(text: str, words: int = 8) -> str:
    """A readable, stable slug from the first words of a text (for activities, outcomes, ...)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", ascii_text)[:words]
    return "-".join(parts) or "item"


def partial_date(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return Literal(value, datatype=datatype)


class Mapper:
    def __init__(self, ds: Dataset, minter: Minter):
        self.ds = ds
        self.m = minter
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.g.bind("res", minter.ns())

    # -- helpers ---------------------------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    def lang_texts(self, s: URIRef, p: URIRef, texts: dict[str, str]) -> None:
        for lang, text in texts.items():
            self.add(s, p, Literal(text.strip(), lang=lang))

    def alt_texts(self, s: URIRef, items: Iterable[dict[str, str]]) -> None:
        for item in items:
            self.lang_texts(s, SKOS.altLabel, item)

    def provenance(self, s: URIRef, refs: list[SourceRef]) -> None:
        for ref in refs:
            source = self.m.of("sources", ref.source)
            self.add(s, PROV.wasDerivedFrom, source)
            derivation = URIRef(f"{s}/derivation/{ref.source}")
            self.add(s, PROV.qualifiedDerivation, derivation)
            self.add(derivation, RDF.type, PROV.Derivation)
            self.add(derivation, PROV.entity, source)
            self.add(derivation, CMKG.passage, Literal(ref.passage.strip(), lang=ref.lang))

    def notes(self, s: URIRef, notes: list[Note]) -> None:
        used: set[str] = set()
        for note in notes:
            slug = base = text_slug(f"{note.field} {note.source_says}", words=6)
            n = 2
            while slug in used:
                slug, n = f"{base}-{n}", n + 1
            used.add(slug)
            node = URIRef(f"{s}/note/{slug}")
            self.add(s, CMKG.curationNote, node)
            self.add(node, RDF.type, CMKG.CurationNote)
            self.add(node, CMKG.aboutField, Literal(note.field))
            self.add(node, CMKG.sourceSays, Literal(note.source_says))
            self.add(node, CMKG.weStore, Literal(note.we_store))
            self.add(node, CMKG.reason, Literal(note.why, lang="en"))
            self.add(node, PROV.wasDerivedFrom, self.m.of("sources", note.source))

    def record(self, kind: str, rec: Record, cls: URIRef, extra: Iterable[URIRef] = ()) -> URIRef:
        s = self.m.of(kind, rec.id)
        self.add(s, RDF.type, cls)
        for other in extra:
            self.add(s, RDF.type, other)
        self.add(s, DCTERMS.identifier, Literal(rec.id))
        self.provenance(s, rec.sources)
        self.notes(s, rec.notes)
        return s

    def parts(
        self,
        action: URIRef,
        prop: URIRef,
        cls: URIRef,
        segment: str,
        texts: list[str],
        sources: list[SourceRef],
    ) -> None:
        used: set[str] = set()
        for position, text in enumerate(texts, start=1):
            slug = base = text_slug(text)
            n = 2
            while slug in used:
                slug, n = f"{base}-{n}", n + 1
            used.add(slug)
            node = URIRef(f"{action}/{segment}/{slug}")
            self.add(action, prop, node)
            self.add(node, RDF.type, cls)
            self.add(node, RDFS.label, Literal(text.strip(), lang="en"))
            self.add(node, SDO.position, Literal(position))
            for ref in sources:
                self.add(node, PROV.wasDerivedFrom, self.m.of("sources", ref.source))

    def place_link(self, s: URIRef, geo: PlaceLink | None) -> None:
        """GeoNames link (schema:sameAs), WGS84 coordinates and population figure, or the reason for no link."""
        if geo is None:
            return
        if geo.geonames is not None:
            self.add(s, SDO.sameAs, geonames_iri(geo.geonames))
        if geo.lat is not None and geo.long is not None:
            self.add(s, WGS.lat, Literal(f"{geo.lat:f}", datatype=XSD.decimal))
            self.add(s, WGS.long, Literal(f"{geo.long:f}", datatype=XSD.decimal))
        if geo.no_link_reason:
            self.add(s, CMKG.noPlaceLinkReason, Literal(geo.no_link_reason.strip(), lang="en"))
        if geo.population is not None and geo.source and geo.date:
            node = URIRef(f"{s}/population")
            self.add(s, CMKG.population, node)
            self.add(node, RDF.type, CMKG.PopulationFigure)
            self.add(node, CMKG.populationCount, Literal(geo.population, datatype=XSD.integer))
            self.add(node, DCTERMS.date, partial_date(geo.date))
            self.add(node, DCTERMS.bibliographicCitation, Literal(geo.source))
            if geo.geonames is not None:
                self.add(node, PROV.wasDerivedFrom, geonames_iri(geo.geonames))

    def participations(self, owner: URIRef, roles: list) -> None:
        for role in roles:
            node = URIRef(f"{owner}/role/{role.org}-{role.role}")
            org = self.m.of("organisations", role.org)
            self.add(owner, CMKG.hasParticipation, node)
            self.add(node, RDF.type, CMKG.Participation)
            self.add(node, CMKG.participant, org)
            self.add(node, CMKG.roleKind, self.m.in_scheme("role_kinds", role.role))

    # -- record kinds ----------------------------------------------------------------------------
    def sources(self) -> None:
        for src in self.ds.sources.values():
            s = self.m.of("sources", src.id)
            self.add(s, RDF.type, CMKG.SourceDocument)
            self.add(s, DCTERMS.identifier, Literal(src.id))
            self.lang_texts(s, RDFS.label, src.title)
            self.lang_texts(s, DCTERMS.title, src.title)
            self.add(s, DCTERMS.description, Literal(src.description.strip(), lang="en"))
            self.add(s, CMKG.fileName, Literal(src.file))
            self.add(s, CMKG.documentKind, Literal(src.kind))
            if src.publisher:
                self.add(s, DCTERMS.publisher, Literal(src.publisher))
            self.add(s, DCTERMS.isPartOf, self.m.dataset())

    def places(self) -> None:
        for country in self.ds.countries.values():
            s = self.record("countries", country, CMKG.Country)
            self.lang_texts(s, RDFS.label, country.name)
            self.alt_texts(s, country.alt_names)
            if country.codes:
                self.add(s, CMKG.isoAlpha2Code, Literal(country.codes.alpha2))
                self.add(s, CMKG.isoAlpha3Code, Literal(country.codes.alpha3))
                self.add(s, CMKG.m49Code, Literal(country.codes.m49))
            if country.geonames is not None:
                self.add(s, SDO.sameAs, geonames_iri(country.geonames))
        for city in self.ds.cities.values():
            s = self.record("cities", city, CMKG.City)
            self.lang_texts(s, RDFS.label, city.name)
            self.alt_texts(s, city.alt_names)
            self.add(s, CMKG.inCountry, self.m.of("countries", city.country))
            self.place_link(s, city.geo)
            for share in city.migrant_shares:
                suffix = str(share.year) if share.year else share.source
                node = URIRef(f"{s}/migrant-share/{suffix}")
                self.add(s, CMKG.migrantShare, node)
                self.add(node, RDF.type, CMKG.MigrantShare)
                fraction = (Decimal(str(share.percent)) / 100).normalize()
                self.add(node, CMKG.shareValue, Literal(f"{fraction:f}", datatype=XSD.decimal))
                if share.year:
                    self.add(node, CMKG.referenceYear, Literal(str(share.year), datatype=XSD.gYear))
                self.add(node, PROV.wasDerivedFrom, self.m.of("sources", share.source))
                self.add(node, CMKG.passage, Literal(share.passage.strip(), lang="en"))
                if share.note:
                    self.add(node, RDFS.comment, Literal(share.note.strip(), lang="en"))
        for district in self.ds.districts.values():
            s = self.record("districts", district, CMKG.District)
            self.lang_texts(s, RDFS.label, district.name)
            self.alt_texts(s, district.alt_names)
            self.add(s, CMKG.partOfCity, self.m.of("cities", district.city))
            self.place_link(s, district.geo)

    def concepts(self) -> None:
        for kind, (cls, title) in CONCEPT_SCHEMES.items():
            scheme = self.m.scheme(kind)
            self.add(scheme, RDF.type, SKOS.ConceptScheme)
            self.add(scheme, RDFS.label, Literal(title, lang="en"))
            self.add(scheme, SKOS.prefLabel, Literal(title, lang="en"))
            concept: Concept
            for concept in getattr(self.ds, kind).values():
                s = self.record(kind, concept, cls, extra=[SKOS.Concept])
                self.lang_texts(s, SKOS.prefLabel, concept.label)
                self.lang_texts(s, RDFS.label, concept.label)
                self.alt_texts(s, concept.alt_labels)
                self.add(s, SKOS.inScheme, scheme)
                self.add(s, SKOS.topConceptOf, scheme)
                self.add(scheme, SKOS.hasTopConcept, s)
                if concept.definition:
                    self.add(s, SKOS.definition, Literal(concept.definition.strip(), lang="en"))
        roles = self.m.scheme("role_kinds")
        self.add(roles, RDF.type, SKOS.ConceptScheme)
        self.add(roles, RDFS.label, Literal("Roles of organisations in projects and actions", lang="en"))
        self.add(roles, SKOS.prefLabel, Literal("Roles of organisations in projects and actions", lang="en"))
        for slug, label in ROLE_LABELS.items():
            s = self.m.in_scheme("role_kinds", slug)
            self.add(s, RDF.type, SKOS.Concept)
            self.add(s, RDF.type, CMKG.RoleKind)
            self.add(s, SKOS.prefLabel, Literal(label, lang="en"))
            self.add(s, RDFS.label, Literal(label, lang="en"))
            self.add(s, SKOS.inScheme, roles)
            self.add(s, SKOS.topConceptOf, roles)
            self.add(roles, SKOS.hasTopConcept, s)

    def agents(self) -> None:
        for org in self.ds.organisations.values():
            s = self.record("organisations", org, CMKG.Organisation)
            self.lang_texts(s, RDFS.label, org.name)
            self.alt_texts(s, org.alt_names)
            if org.acronym:
                self.add(s, CMKG.acronym, Literal(org.acronym))
            self.add(s, CMKG.organisationKind, Literal(org.kind))
            if org.country:
                self.add(s, CMKG.basedIn, self.m.of("countries", org.country))
            if org.homepage:
                self.add(s, SDO.url, URIRef(str(org.homepage)))
        for project in self.ds.projects.values():
            s = self.record("projects", project, CMKG.Project)
            self.lang_texts(s, RDFS.label, project.name)
            self.alt_texts(s, project.alt_names)
            if project.description:
                self.add(s, DCTERMS.description, Literal(project.description.strip(), lang="en"))
            if project.start:
                self.add(s, SDO.startDate, partial_date(project.start))
            if project.end:
                self.add(s, SDO.endDate, partial_date(project.end))
            self.participations(s, project.roles)

    def events_and_documents(self) -> None:
        for meeting in self.ds.meetings.values():
            s = self.record("meetings", meeting, CMKG.Meeting)
            self.lang_texts(s, RDFS.label, meeting.theme)
            self.lang_texts(s, CMKG.theme, meeting.theme)
            self.add(s, CMKG.hostCity, self.m.of("cities", meeting.host_city))
            self.add(s, SDO.startDate, partial_date(meeting.start))
            if meeting.end:
                self.add(s, SDO.endDate, partial_date(meeting.end))
            mode = SDO.OnlineEventAttendanceMode if meeting.format == "digital" else SDO.OfflineEventAttendanceMode
            self.add(s, SDO.eventAttendanceMode, mode)
            if meeting.project:
                self.add(s, CMKG.partOfProject, self.m.of("projects", meeting.project))
            for host in meeting.hosts:
                self.add(s, SDO.organizer, self.m.of("organisations", host))
        for pub in self.ds.publications.values():
            s = self.record("publications", pub, CMKG.Publication, extra=[PUBLICATION_CLASSES[pub.kind]])
            self.lang_texts(s, RDFS.label, pub.title)
            self.lang_texts(s, DCTERMS.title, pub.title)
            for city in pub.about_cities:
                self.add(s, CMKG.aboutCity, self.m.of("cities", city))
            for lang in pub.languages:
                self.add(s, DCTERMS.language, Literal(lang))
            if pub.project:
                self.add(s, CMKG.partOfProject, self.m.of("projects", pub.project))

    def action(self, action: Action) -> None:
        s = self.record("actions", action, CMKG.Action, extra=[ACTION_CLASSES[action.kind]])
        self.lang_texts(s, RDFS.label, action.title)
        self.lang_texts(s, DCTERMS.title, action.title)
        self.alt_texts(s, action.alt_titles)
        if action.description:
            self.add(s, DCTERMS.description, Literal(action.description.strip(), lang="en"))
        for city in action.cities:
            self.add(s, CMKG.city, self.m.of("cities", city))
        for district in action.districts:
            self.add(s, CMKG.district, self.m.of("districts", district))
        for country in action.countries:
            self.add(s, CMKG.countryScope, self.m.of("countries", country))
        if action.scope == "global":
            self.add(s, CMKG.globalScope, Literal(True))
        if action.project:
            self.add(s, CMKG.partOfProject, self.m.of("projects", action.project))
        self.parts(s, CMKG.hasObjective, CMKG.Objective, "objective", action.objectives, action.sources)
        self.parts(s, CMKG.hasActivity, CMKG.Activity, "activity", action.activities, action.sources)
        self.parts(s, CMKG.hasOutcome, CMKG.Outcome, "outcome", action.outcomes, action.sources)
        for slug in action.outcome_statements:
            self.add(s, CMKG.claimsOutcome, self.m.of("outcome_statements", slug))
        for slug in action.focus_areas:
            self.add(s, CMKG.focusArea, self.m.of("focus_areas", slug))
        for slug in action.recommendations:
            self.add(s, CMKG.addressesRecommendation, self.m.of("recommendations", slug))
        for goal in action.sdg_goals:
            self.add(s, CMKG.contributesToGoal, goal_iri(goal))
        for code in action.sdg_targets:
            self.add(s, CMKG.contributesToTarget, target_iri(code))
        self.participations(s, action.organisations)
        if action.homepage:
            self.add(s, SDO.url, URIRef(str(action.homepage)))
        if action.start:
            self.add(s, SDO.startDate, partial_date(action.start))
        if action.end:
            self.add(s, SDO.endDate, partial_date(action.end))

    def dataset_description(self) -> None:
        d = self.m.dataset()
        self.add(d, RDF.type, VOID.Dataset)
        self.add(d, RDF.type, DCAT.Dataset)
        self.add(d, RDFS.label, Literal("City Migration Knowledge Graph", lang="en"))
        self.add(d, DCTERMS.title, Literal("City Migration Knowledge Graph", lang="en"))
        self.add(d, DCTERMS.conformsTo, ONTOLOGY_IRI)
        for src in sorted(self.ds.sources):
            self.add(d, PROV.wasDerivedFrom, self.m.of("sources", src))

    def map_all(self) -> Graph:
        self.dataset_description()
        self.sources()
        self.places()
        self.concepts()
        self.agents()
        self.events_and_documents()
        for action in self.ds.actions.values():
            self.action(action)
        return self.g


def to_graph(ds: Dataset, minter: Minter) -> Graph:
    """Our own triples (without the SDG vocabulary and the ontology, which the build adds)."""
    return Mapper(ds, minter).map_all()
