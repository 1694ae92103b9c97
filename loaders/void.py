"""A VoID / DCAT description of the built graph: counts, partitions, vocabularies, dumps, endpoint."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from loaders.mapping import text_slug
from loaders.namespaces import ONTOLOGY_IRI, PREFIXES

DUMP_FORMATS = {
    "graph.ttl": "text/turtle",
    "graph.nt": "application/n-triples",
    "graph.jsonld": "application/ld+json",
}


@dataclass(frozen=True)
class GraphStats:
    triples: int
    distinct_subjects: int
    classes: dict[URIRef, int]
    properties: dict[URIRef, int]


def stats_of(graph: Graph) -> GraphStats:
    classes = Counter(o for _s, o in graph.subject_objects(RDF.type) if isinstance(o, URIRef))
    properties = Counter(p for _s, p, _o in graph)
    return GraphStats(len(graph), len(set(graph.subjects())), dict(classes), dict(properties))


def describe(stats: GraphStats, base_iri: str, dataset: URIRef) -> Graph:
    void = Graph()
    void.bind("void", VOID)
    void.bind("dcat", DCAT)
    void.bind("dct", DCTERMS)
    void.add((dataset, RDF.type, VOID.Dataset))
    void.add((dataset, RDF.type, DCAT.Dataset))
    void.add((dataset, DCTERMS.title, Literal("City Migration Knowledge Graph", lang="en")))
    void.add((dataset, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    void.add((dataset, VOID.sparqlEndpoint, URIRef(f"{base_iri}sparql")))
    void.add((dataset, VOID.uriSpace, Literal(base_iri)))
    void.add((dataset, DCTERMS.conformsTo, ONTOLOGY_IRI))
    for ns in sorted(str(n) for n in PREFIXES.values()):
        void.add((dataset, VOID.vocabulary, URIRef(ns)))
    void.add((dataset, VOID.distinctSubjects, Literal(stats.distinct_subjects, datatype=XSD.integer)))
    for cls, count in sorted(stats.classes.items()):
        part = URIRef(f"{dataset}/class/{_slug(cls)}")
        void.add((dataset, VOID.classPartition, part))
        void.add((part, VOID["class"], cls))
        void.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in sorted(stats.properties.items()):
        part = URIRef(f"{dataset}/property/{_slug(prop)}")
        void.add((dataset, VOID.propertyPartition, part))
        void.add((part, VOID.property, prop))
        void.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    for name, media_type in DUMP_FORMATS.items():
        for suffix, mt in (("", media_type), (".gz", "application/gzip")):
            url = URIRef(f"{base_iri}dumps/{name}{suffix}")
            void.add((dataset, VOID.dataDump, url))
            dist = URIRef(f"{dataset}/distribution/{name}{suffix}")
            void.add((dataset, DCAT.distribution, dist))
            void.add((dist, RDF.type, DCAT.Distribution))
            void.add((dist, DCAT.downloadURL, url))
            void.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{mt}")))
            if suffix:
                void.add((dist, DCAT.compressFormat, URIRef(f"https://www.iana.org/assignments/media-types/{mt}")))
                void.add((dist, DCAT.packageFormat, Literal(media_type)))
    return void


def _slug(iri: URIRef) -> str:
    """A readable, stable slug for a partition IRI, e.g. cmkg-city for cmkg:City."""
    text = str(iri)
    for prefix, ns in sorted(PREFIXES.items()):
        if text.startswith(str(ns)):
            return text_slug(f"{prefix} {text[len(str(ns)) :]}", words=12)
    return text_slug(text, words=12)
