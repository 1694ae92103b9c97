"""What a remote backend does to query text: FROM injection, BIND binding, repair of Virtuoso's XML."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cmkg.stores.remote import repair_virtuoso_xml
from cmkg.stores.sparql_text import bind_with_bind, query_form, tokens, with_from

G = "https://w3id.org/cmkg/graph/abc"
FROM = f"FROM <{G}>"
DATA = ox.Store()
DATA.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("x"), ox.NamedNode(G)))
DATA.add(ox.Quad(ox.NamedNode("http://b"), ox.NamedNode("http://p"), ox.Literal("y"), ox.NamedNode("http://other")))


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s ?p ?o }",
        "SELECT * { ?s ?p ?o }",
        "PREFIX ex: <http://ex/#where> SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s",
        "select (count(*) as ?n) where { ?s ?p ?o . filter(exists { ?s ?p 'WHERE {' } = false) }",
        "SELECT (EXISTS { ?s ?p ?o } AS ?x) WHERE { ?s ?p ?o }",
        "ASK { ?s ?p ?o }",
        "ASK WHERE { ?s ?p 'x' }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
        "DESCRIBE <http://a>",
        "DESCRIBE <http://a> # a comment at the end",
        "DESCRIBE ?s WHERE { ?s ?p ?o }",
        'SELECT ?s WHERE { ?s ?p """a } WHERE { b""" } LIMIT 3',
        "# SELECT WHERE {\nSELECT ?s WHERE { ?s ?p ?o . FILTER(?s < <http://z>) }",
        "SELECT ?s WHERE { VALUES ?s { <http://a> } ?s ?p ?o }",
    ],
)
def test_from_makes_the_graph_the_default_graph(query: str) -> None:
    injected = with_from(query, G)
    assert FROM in injected
    result = DATA.query(injected)  # parses, and sees the named graph as its default graph
    if isinstance(result, ox.QueryBoolean):
        assert bool(result) is ("'x'" in query or "?o }" in query)
    else:
        values = {str(term) for row in result for term in row}
        assert "<http://b>" not in values


def test_from_goes_after_the_construct_template() -> None:
    injected = with_from("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", G)
    assert injected.index("}") < injected.index("FROM") < injected.index("WHERE")


def test_from_named_hides_the_other_graphs() -> None:
    # (by the standard, FROM alone already leaves no named graphs; Virtuoso shows them all: FROM NAMED hides them)
    query = with_from("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", G, "urn:x-none")
    assert "FROM NAMED <urn:x-none>" in query and not list(DATA.query(query))


def test_from_needs_a_query() -> None:
    with pytest.raises(ValueError, match="not a query"):
        with_from("INSERT DATA { <http://a> <http://b> <http://c> }", G)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX d: <http://d/> # DESCRIBE\nSELECT * { ?s ?p 'ASK' }", "SELECT"),
        ("describe <http://a>", "DESCRIBE"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("ASK {}", "ASK"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", None),
    ],
)
def test_query_form(query: str, form: str | None) -> None:
    assert query_form(query) == form


def test_tokens_skip_strings_iris_and_comments() -> None:
    words = [t for _, t in tokens('SELECT ?x # WHERE {\n WHERE { ?x <http://x/WHERE> "WHERE {" }')]
    assert words == ["SELECT", "?x", "WHERE", "{", "?x", "}"]


def test_bind_with_bind_binds_single_terms_with_bind_and_lists_with_values() -> None:
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    bound = bind_with_bind(query, {"s": ox.NamedNode("http://a"), "o": [ox.Literal("x"), ox.Literal("y")]})
    assert "BIND (<http://a> AS ?s)" in bound and 'VALUES ?o { "x" "y" }' in bound
    assert [str(r["s"]) for r in DATA.query(bound, use_default_graph_as_union=True)] == ["<http://a>"]
    with pytest.raises(ValueError):
        bind_with_bind(query, {"bad name": ox.Literal("x")})
    with pytest.raises(ValueError):
        bind_with_bind("ASK { ?s ?p ?o }", {"s": ox.NamedNode("http://a")})


def test_virtuoso_xml_repair() -> None:
    xml = (
        b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/></head><results>'
        b"<result><binding name='x'><uri>http://a</uri></binding></result>"
        b"<result><binding name='x'><uri>s</uri></binding></result>"
        b"<result><binding name='x'><literal datatype=\"http://www.w3.org/2001/XMLSchema#int\">3</literal>"
        b"</binding></result></results></sparql>"
    )
    rows = [r["x"] for r in ox.parse_query_results(repair_virtuoso_xml(xml), format=ox.QueryResultsFormat.XML)]
    assert rows == [
        ox.NamedNode("http://a"),
        ox.Literal("s"),
        ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ]
