"""Labels keep the languages of the sources: English beside the French, Spanish and Arabic forms."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from cmkg.pipeline import Built
from loaders.namespaces import CMKG
from loaders.records import LANG_RE
from tests.conftest import BASE


def res(path: str) -> URIRef:
    return URIRef(BASE + path)


@pytest.mark.parametrize(
    ("resource", "prop", "label"),
    [
        ("action/oujda-je-suis-migrant", RDFS.label, Literal("Je suis Migrant", lang="fr")),
        ("action/oujda-je-suis-migrant", RDFS.label, Literal("I am a Migrant", lang="en")),
        ("action/tangeraccueil", SKOS.altLabel, Literal("Tangeraccueil", lang="fr")),
        ("action/sousse-solidaire", RDFS.label, Literal("Sousse solidaire", lang="fr")),
        ("action/grenoble-maison-de-l-hospitalite", RDFS.label, Literal("La maison de l'hospitalité", lang="fr")),
        ("city/tetouan", SKOS.altLabel, Literal("Tétouan", lang="fr")),
        ("city/tangier", SKOS.altLabel, Literal("Tanger", lang="fr")),
        ("city/ksar-el-kebir", SKOS.altLabel, Literal("Alcazarquivir", lang="es")),
        ("city/casablanca", SKOS.altLabel, Literal("ville de Casablanca", lang="fr")),
        ("city/casablanca", SKOS.altLabel, Literal("مدينة الدار البيضاء", lang="ar")),
        ("city/casablanca", RDFS.label, Literal("Casablanca", lang="en")),
    ],
)
def test_source_language_forms_are_tagged_labels(built: Built, resource: str, prop: URIRef, label: Literal) -> None:
    assert label in set(built.graph.objects(res(resource), prop))


def test_other_language_forms_are_never_english(built: Built) -> None:
    g = built.graph
    for text in ("Je suis Migrant", "Tétouan", "Tangeraccueil", "ville de Casablanca", "Sousse solidaire"):
        assert not list(g.subjects(None, Literal(text, lang="en"))), text
    # a passage quoted from a source in another language carries that language
    passages = {str(p): p.language for p in g.objects(None, CMKG.passage)}
    assert passages["ville de Casablanca"] == "fr"


def test_every_language_tag_is_well_formed_bcp47(built: Built) -> None:
    tags = {o.language for o in built.graph.objects() if isinstance(o, Literal) and o.language}
    assert {"en", "fr", "es", "ar"} <= tags
    assert all(LANG_RE.match(tag) for tag in tags), sorted(tags)
