"""Namespaces and the IRIs we mint. The base IRI of our resources comes from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

CMKG = Namespace("https://w3id.org/cmkg/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/cmkg/ontology")
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
SDG_SCHEME = URIRef("http://metadata.un.org/sdg")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
# GeoNames features as linked data: http://sws.geonames.org/{id}/ (the trailing slash is part of the IRI).
GEONAMES_BASE = "http://sws.geonames.org/"

PREFIXES: dict[str, Namespace | str] = {
    "cmkg": CMKG,
    "sdg": SDG,
    "sdgo": SDGO,
    "skos": SKOS,
    "dct": DCTERMS,
    "prov": PROV,
    "schema": SDO,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "void": VOID,
    "dcat": DCAT,
    "wgs": WGS,
}

# The path segment of each kind of resource under the base IRI.
SEGMENTS = {
    "sources": "source",
    "countries": "country",
    "cities": "city",
    "districts": "district",
    "recommendations": "recommendation",
    "focus_areas": "focus-area",
    "outcome_statements": "outcome-statement",
    "organisations": "organisation",
    "projects": "project",
    "meetings": "meeting",
    "publications": "publication",
    "actions": "action",
}

SCHEMES = {
    "recommendations": "mc2cm-policy-recommendations",
    "focus_areas": "focus-areas",
    "outcome_statements": "outcome-statements",
    "action_kinds": "action-kinds",
    "role_kinds": "role-kinds",
    "publication_kinds": "publication-kinds",
}


def goal_iri(number: int) -> URIRef:
    return SDG[str(number)]


def target_iri(code: str) -> URIRef:
    return SDG[code]


def geonames_iri(geonames_id: int) -> URIRef:
    return URIRef(f"{GEONAMES_BASE}{geonames_id}/")


@dataclass(frozen=True)
class Minter:
    """Mints the IRIs of our resources from the one base IRI."""

    base: str

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            raise ValueError(f"base IRI must end with '/': {self.base}")

    def ns(self) -> Namespace:
        return Namespace(self.base)

    def of(self, kind: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}{SEGMENTS[kind]}/{slug}")

    def scheme(self, name: str) -> URIRef:
        return URIRef(f"{self.base}scheme/{SCHEMES[name]}")

    def in_scheme(self, name: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}scheme/{SCHEMES[name]}/{slug}")

    def dataset(self) -> URIRef:
        return URIRef(f"{self.base}dataset")
