"""Outcomes of the city map (000): its fixed statements are one SKOS scheme the actions claim
(cmkg:claimsOutcome); any other outcome text stays an Outcome node of its action (cmkg:hasOutcome)."""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from cmkg.pipeline import Built
from loaders.namespaces import CMKG
from tests.conftest import BASE

SCHEME = URIRef(f"{BASE}scheme/outcome-statements")


def res(path: str) -> URIRef:
    return URIRef(BASE + path)


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def outcome_texts(g: Graph, action: URIRef) -> set[str]:
    return {str(g.value(o, RDFS.label)) for o in g.objects(action, CMKG.hasOutcome)}


def test_outcome_statements_are_one_concept_scheme(built: Built) -> None:
    g = built.graph
    statements = set(g.subjects(RDF.type, CMKG.OutcomeStatement))
    assert len(statements) == 4
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in g
    assert set(g.objects(SCHEME, SKOS.hasTopConcept)) == statements
    for statement in statements:
        assert (statement, RDF.type, SKOS.Concept) in g
        assert set(g.objects(statement, SKOS.inScheme)) == {SCHEME}
    claimed = set(g.objects(None, CMKG.claimsOutcome))
    assert claimed == statements  # every claim is one of the four, and each is claimed


def test_free_text_outcomes_stay_outcome_nodes(built: Built) -> None:
    g = built.graph
    statement_texts = {
        squash(str(label))
        for s in g.subjects(RDF.type, CMKG.OutcomeStatement)
        for label in g.objects(s, SKOS.prefLabel)
    }
    outcomes = set(g.subjects(RDF.type, CMKG.Outcome))
    assert outcomes
    for outcome in outcomes:
        assert squash(str(g.value(outcome, RDFS.label))) not in statement_texts, outcome
        (action,) = g.subjects(CMKG.hasOutcome, outcome)
        assert str(outcome).startswith(f"{action}/outcome/")
    # the map's Cádiz entry mixes both: one free-text outcome and one statement of the fixed list
    cadiz = res("action/cadiz-awareness-raising-activities")
    (text,) = outcome_texts(g, cadiz)
    assert text.startswith("At least 80% of citizens")
    assert set(g.objects(cadiz, CMKG.claimsOutcome)) == {res("outcome-statement/culturally-vibrant")}
    # Madrid gives only a free-text outcome, Oujda's "Je suis migrant" only statements
    madrid = res("action/madrid-temporary-emergency-centre")
    assert any(t.startswith("More than 5,000 asylum seekers") for t in outcome_texts(g, madrid))
    assert not list(g.objects(madrid, CMKG.claimsOutcome))
    oujda = res("action/oujda-je-suis-migrant")
    assert not outcome_texts(g, oujda) and len(list(g.objects(oujda, CMKG.claimsOutcome))) == 2
