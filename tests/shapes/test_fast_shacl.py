"""The fast validator (loaders.shacl_fast) gives exactly pyshacl's report, and keeps it exact edit by edit.

pyshacl (loaders.validate) is the reference. Reports are compared whole: every Violation field, the generic
messages included. On the hand-written cases of cases/, and on synthetic graphs of 10k and 100k triples with
seeded violations of every constraint component the shapes use.
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from bench.synth import generate
from bench.violations import inject
from cmkg.config import Settings
from loaders.shacl_fast import FastValidator, UnsupportedShapeError
from loaders.shacl_fast.incremental import LiveValidator
from loaders.shacl_fast.terms import store_from_graph
from loaders.validate import ValidationReport, load_shapes, validate_graph
from tests.shapes.test_shapes import CASES, HERE, parse_case

CASE_FILES = sorted((CASES / "invalid").glob("*.ttl")) + sorted((CASES / "valid").glob("*.ttl"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(Settings().shapes_dir)


@pytest.fixture(scope="module")
def fast(shapes: Graph) -> FastValidator:
    return FastValidator(shapes)


def fast_report(fast: FastValidator, graph: Graph) -> ValidationReport:
    return fast.validate(store_from_graph(graph), graph.namespace_manager)


def differences(expected: ValidationReport, got: ValidationReport) -> list[str]:
    missing = sorted(set(expected.violations) - set(got.violations))
    extra = sorted(set(got.violations) - set(expected.violations))
    return [f"missing: {v}" for v in missing] + [f"extra: {v}" for v in extra]


def test_base_graph(shapes: Graph, fast: FastValidator) -> None:
    graph = Graph().parse(HERE / "base.ttl")
    assert fast_report(fast, graph) == validate_graph(graph, shapes)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case_gives_pyshacl_report(path: Path, shapes: Graph, fast: FastValidator) -> None:
    graph, _ = parse_case(path)
    expected = validate_graph(graph, shapes)
    got = fast_report(fast, graph)
    assert got == expected, differences(expected, got)


def used_components(fast: FastValidator) -> set[str]:
    """Every component a targeted shape can report (nested ones, e.g. sh:languageIn in a qualified value
    shape, never appear in a report themselves)."""
    return {f"sh:{check.component.split('#')[1]}" for q in fast.queries for check in q.checks}


@pytest.fixture(scope="module", params=[10_000, 100_000], ids=["10k", "100k"])
def broken_graph(request: pytest.FixtureRequest, shapes: Graph) -> Graph:
    """A synthetic graph with seeded violations of every check, as pyshacl and the fast validator both read it."""
    store = ox.Store()
    store.load(generate(request.param, seed=3), format=ox.RdfFormat.N_TRIPLES)
    inject(store, shapes, seed=11)
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib warns about each ill-typed literal we injected
        return Graph().parse(data=data.decode(), format="nt")


def test_synthetic_graph_with_violations_gives_pyshacl_report(
    broken_graph: Graph, shapes: Graph, fast: FastValidator
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = validate_graph(broken_graph, shapes)
        got = fast_report(fast, broken_graph)
    reported = {v.component for v in expected.violations}
    assert used_components(fast) <= reported, "the injector missed a component"
    assert got == expected, differences(expected, got)[:20]


# -- SHACL Core beyond what our shapes use ----------------------------------------------------------------
# Paths of every kind, targets of every kind, the components our shapes do not use, nested severities,
# sh:node (whose nested results pyshacl reports too), multi-valued parameters and their generic messages.

GENERIC_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:PersonShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:property [ sh:path ( ex:knows ex:name ) ; sh:minCount 1 ; sh:maxLength 5 ] ;
    sh:property [ sh:path [ sh:zeroOrMorePath ex:parent ] ; sh:class ex:Person ] ;
    sh:property [ sh:path [ sh:oneOrMorePath ex:parent ] ; sh:maxCount 2 ] ;
    sh:property [ sh:path [ sh:zeroOrOnePath ex:nick ] ; sh:nodeKind sh:IRIOrLiteral ; sh:minLength 2 ] ;
    sh:property [ sh:path ex:age ; sh:minExclusive 0 ; sh:maxExclusive 150 ; sh:datatype xsd:integer ] ;
    sh:property [ sh:path ex:label ; sh:languageIn ( "en" "FR" ) ; sh:uniqueLang true ; sh:severity sh:Warning ] ;
    sh:property [ sh:path ex:status ; sh:hasValue ex:Active ] ;
    sh:property [ sh:path ex:friend ; sh:node ex:NamedThing ] ;
    sh:property [
        sh:path ex:pet ; sh:not [ sh:class ex:Cat ] ; sh:and ( [ sh:nodeKind sh:IRI ] [ sh:class ex:Animal ] )
    ] ;
    sh:property [
        sh:path ex:tag ; sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMinCount 1 ;
        sh:qualifiedValueShapesDisjoint true
    ] ;
    sh:property [
        sh:path ex:tag ; sh:qualifiedValueShape [ sh:datatype xsd:integer ] ; sh:qualifiedMaxCount 1 ;
        sh:qualifiedValueShapesDisjoint true
    ] ;
    sh:property [ sh:path ex:address ; sh:property [ sh:path ex:city ; sh:minCount 1 ; sh:maxCount 1 ] ] ;
    sh:property [ sh:path [ sh:inversePath ex:owner ] ; sh:xone ( [ sh:class ex:Car ] [ sh:class ex:Boat ] ) ] .

ex:NamedThing a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ] .

ex:EmailShape a sh:NodeShape ; sh:targetSubjectsOf ex:email ;
    sh:property [ sh:path ex:email ; sh:pattern "^[a-z]+@" ; sh:flags "i" ; sh:maxCount 1 ] .

ex:FriendShape a sh:NodeShape ; sh:targetObjectsOf ex:friend ; sh:nodeKind sh:IRI ;
    sh:or ( [ sh:class ex:Person ] [ sh:class ex:Robot ] ex:NamedThing ) ;
    sh:or ( [ sh:class ex:Person ] [ sh:class ex:Robot ] ) .

ex:ListedShape a sh:NodeShape ; sh:targetNode ex:alice, ex:zed, "a literal" ; sh:class ex:Person ;
    sh:in ( ex:alice ex:bob ) ; sh:hasValue ex:alice .

ex:Animal a sh:NodeShape, rdfs:Class ;
    sh:property [ sh:path ex:name ; sh:maxCount 1 ; sh:severity sh:Info ; sh:message "one name"@en ] ;
    sh:property [ sh:path ex:legs ; sh:minInclusive 0 ; sh:maxInclusive 8 ; sh:datatype xsd:decimal ] .
"""

GENERIC_DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:Student rdfs:subClassOf ex:Person .
ex:Cat rdfs:subClassOf ex:Animal .
ex:alice a ex:Person ; ex:knows ex:bob ; ex:status ex:Active ; ex:age 30 ; ex:label "Alice"@en , "Alix"@fr-CA ;
    ex:tag "a", 1 ; ex:nick "al" ; ex:friend ex:bob ; ex:pet ex:rex ; ex:email "Alice@example.org" ;
    ex:address [ ex:city "Paris" ] .
ex:bob a ex:Student ; ex:name "Bob" ; ex:knows ex:carol ; ex:parent ex:alice ; ex:age 0 ;
    ex:label "Bob"@en , "Bobby"@EN , "Bobo"@de ; ex:tag 1, 2 ; ex:nick ex:bobby , "b" ;
    ex:friend ex:dan , "not a node" ; ex:pet ex:tom , _:p ; ex:email "bob@x", "9@y" ;
    ex:address [ ex:city "A", "B" ] , [ ex:zip "1" ] .
ex:carol a ex:Person ; ex:name "Caroline" ; ex:parent ex:bob, ex:thing ; ex:age "old" ; ex:status ex:Active ;
    ex:tag "x" ; ex:friend ex:robo .
ex:thing ex:parent ex:alice .
ex:dan ex:name "Dan" .
ex:robo a ex:Robot .
ex:rex a ex:Animal ; ex:name "Rex" , "T-Rex" ; ex:legs 4.5 .
ex:tom a ex:Cat ; ex:legs 9 .
ex:car1 a ex:Car ; ex:owner ex:alice .
ex:boat1 a ex:Boat, ex:Car ; ex:owner ex:bob .
ex:zed a ex:Thing .
"""


def test_core_features_our_shapes_do_not_use_give_pyshacl_report() -> None:
    shapes = Graph().parse(data=GENERIC_SHAPES, format="turtle")
    data = Graph().parse(data=GENERIC_DATA, format="turtle")
    expected = validate_graph(data, shapes)
    got = fast_report(FastValidator(shapes), data)
    assert len({v.component for v in expected.violations}) >= 20
    assert got == expected, differences(expected, got)


# -- revalidation after edits ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_10k() -> bytes:
    return generate(10_000, seed=5)


def live_on(data: bytes, fast: FastValidator) -> LiveValidator:
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_TRIPLES)
    return LiveValidator(fast, store)


def random_edit(store: ox.Store, rng: random.Random) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """Remove some triples of a random subject and add some triples that reuse terms of the graph."""
    quads = list(store.quads_for_pattern(None, None, None))
    subject = rng.choice(quads).subject
    own = sorted(store.quads_for_pattern(subject, None, None), key=str)
    removed = rng.sample(own, k=min(len(own), rng.randint(0, 3)))
    added = []
    for _ in range(rng.randint(0, 3)):
        template = rng.choice(quads)
        other = rng.choice(quads)
        obj = rng.choice([template.object, other.subject, other.object])
        added.append(ox.Quad(subject, template.predicate, obj))
    return removed, added


def test_revalidation_equals_full_validation_after_each_edit(synthetic_10k: bytes, fast: FastValidator) -> None:
    live = live_on(synthetic_10k, fast)
    rng = random.Random(2)
    for _ in range(30):
        removed, added = random_edit(live.store, rng)
        report = live.apply(removed, added)
        assert report == fast.validate(live.store), (removed, added)
    assert not live.report.conforms
    assert live.last_focus is not None and len(live.last_focus) < 1000


def test_editing_a_record(synthetic_10k: bytes, fast: FastValidator, shapes: Graph) -> None:
    live = live_on(synthetic_10k, fast)
    assert live.report.conforms
    action = ox.NamedNode("https://w3id.org/cmkg/action/action-1")
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    city = ox.NamedNode("https://w3id.org/cmkg/ontology#city")
    with live.editing([action]) as store:
        for quad in list(store.quads_for_pattern(action, title, None)):
            store.remove(quad)
        for quad in list(store.quads_for_pattern(action, city, None)):
            store.remove(quad)
        store.add(ox.Quad(action, title, ox.Literal("A title without a language")))
    assert live.last_focus is not None and action in live.last_focus
    assert live.report == fast.validate(live.store)
    assert {v.component for v in live.report.violations} >= {
        "sh:DatatypeConstraintComponent",
        "sh:QualifiedMinCountConstraintComponent",
    }
    # and pyshacl agrees on the edited graph
    graph = Graph().parse(
        data=live.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt"
    )
    assert live.report == validate_graph(graph, shapes)
    with live.editing([action]) as store:  # undo: the report is clean again
        store.remove(ox.Quad(action, title, ox.Literal("A title without a language")))
        for quad in ox.parse(synthetic_10k, format=ox.RdfFormat.N_TRIPLES):
            if quad.subject == action and quad.predicate in (title, city):
                store.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    assert live.report.conforms


def test_subclass_change_revalidates_everything(synthetic_10k: bytes, fast: FastValidator) -> None:
    live = live_on(synthetic_10k, fast)
    sub = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    quad = ox.Quad(
        ox.NamedNode("https://w3id.org/cmkg/ontology#Meeting"), sub, ox.NamedNode("https://w3id.org/cmkg/ontology#City")
    )
    report = live.apply(added=[quad])
    assert live.last_focus is None
    assert report == fast.validate(live.store)
    assert not report.conforms  # meetings are now cities without a country


# -- what the compiler refuses -----------------------------------------------------------------------------

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
"""


@pytest.mark.parametrize(
    "shape",
    [
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:equals ex:q ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:lessThan ex:q ] .",
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE {}" ] .',
        'ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE {}" ] .',
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:S .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:minCount 1 .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:in ( [ ex:p 1 ] ) .",
    ],
    ids=["closed", "equals", "lessThan", "sparql", "sparql-target", "recursive", "minCount-on-node", "bnode-in-in"],
)
def test_unsupported_constraints_are_refused(shape: str) -> None:
    with pytest.raises(UnsupportedShapeError):
        FastValidator(Graph().parse(data=PREFIXES + shape, format="turtle"))
