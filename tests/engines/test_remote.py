"""The remote backend against real engines (Oxigraph server, Virtuoso 7): load, switch, read, fail clearly.

Every test works under a base IRI of its own, so its pointer graph and named graphs never meet those of
another test, nor the graph the API suite serves from the same engine. The graphs are small and made
here, with the literals engines are known to bend (decimals, language tags, booleans, dates, escapes).
"""

from __future__ import annotations

import threading
import time
import uuid

import pyoxigraph as ox
import pytest

from cmkg.config import Settings
from cmkg.stores import NotLoaded, RemoteStore, StoreError, StoreTimeout, StoreUnavailable, graph_version
from cmkg.stores.remote import VIRTUOSO
from tests.engines.fixtures import Engine, free_port, start_engine

XSD = "http://www.w3.org/2001/XMLSchema#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
EX = "https://example.org/thing/"


def graph(tag: str, size: int = 40) -> bytes:
    """A small graph in sorted N-Triples, as the build writes it; `tag` makes versions differ."""
    lines = []
    for i in range(size):
        s = f"<{EX}{i}>"
        lines += [
            f'{s} <{LABEL}> "{tag} {i}"@en .',
            f'{s} <{LABEL}> "{tag} n\\u00B0{i} \\"quoted\\"\\nline"@fr .',
            f'{s} <{EX}share> "0.{i % 9 + 1}5"^^<{XSD}decimal> .',
            f'{s} <{EX}count> "{i}"^^<{XSD}integer> .',
            f'{s} <{EX}flag> "{"true" if i % 2 else "false"}"^^<{XSD}boolean> .',
            f'{s} <{EX}date> "2021-03-{i % 28 + 1:02d}"^^<{XSD}date> .',
            f"{s} <{EX}next> <{EX}{(i + 1) % size}> .",
        ]
    return ("\n".join(sorted(lines)) + "\n").encode()


def triples(ntriples: bytes) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)}


@pytest.fixture
def base() -> str:
    return f"https://example.org/test-{uuid.uuid4().hex[:12]}/"


@pytest.fixture
def remote(engine: Engine, settings: Settings, base: str) -> RemoteStore:
    return engine.store(settings, base_iri=base)


def test_load_then_read_like_an_embedded_store(remote: RemoteStore) -> None:
    data = graph("v1")
    report = remote.load(data)
    assert report.version == graph_version(data) and report.triples == 7 * 40 and report.previous is None
    assert report.graph == remote.graph_prefix + report.version
    assert remote.version == report.version and len(remote) == 280
    assert remote.contains(ox.NamedNode(EX + "3"))
    assert remote.contains(ox.NamedNode(EX + "3"), ox.NamedNode(LABEL), ox.Literal("v1 3", language="en"))
    assert not remote.contains(ox.NamedNode(EX + "nothing"))
    # pyoxigraph objects, as from the embedded store
    solutions = remote.query(f"SELECT ?o WHERE {{ <{EX}3> <{EX}share> ?o }}")
    assert isinstance(solutions, ox.QuerySolutions)
    assert [s["o"] for s in solutions] == [ox.Literal("0.45", datatype=ox.NamedNode(XSD + "decimal"))]
    assert isinstance(remote.query("ASK { ?s ?p ?o }"), ox.QueryBoolean)
    construct = remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{EX}3>) }}")
    assert all(isinstance(t, ox.Triple) for t in construct) and len(construct) == 7
    count = remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    assert count == ox.Literal("280", datatype=ox.NamedNode(XSD + "integer"))
    # bound parameters, a single term and a list
    rows = remote.select(
        f"SELECT ?s ?l WHERE {{ ?s <{LABEL}> ?l FILTER(LANG(?l) = 'en') }} ORDER BY ?s",
        {"s": [ox.NamedNode(EX + "1"), ox.NamedNode(EX + "2")]},
    ).rows
    assert [r["l"].value for r in rows] == ["v1 1", "v1 2"]
    # the dump is the graph that was loaded: lexical forms, language tags, escapes all kept
    assert triples(remote.dump(ox.RdfFormat.N_TRIPLES)) == triples(data)
    turtle = remote.dump_with_prefixes(ox.RdfFormat.TURTLE, {"ex": EX})
    assert b"@prefix ex:" in turtle


def test_readers_only_see_our_graph(remote: RemoteStore) -> None:
    remote.load(graph("v1", 5))
    assert not remote.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert not bool(remote.query("ASK { ?s <https://w3id.org/cmkg/store#currentGraph> ?g }"))
    assert len(remote) == 35


def test_same_version_is_a_no_op_and_force_reloads_under_a_fresh_name(remote: RemoteStore) -> None:
    data = graph("v1", 5)
    first = remote.load(data)
    again = remote.load(data)
    assert again.unchanged and again.graph == first.graph
    forced = remote.load(data, force=True)
    assert not forced.unchanged and forced.graph != first.graph and forced.dropped == [first.graph]
    assert remote.registered() == [(forced.graph, first.version)]
    assert triples(remote.dump(ox.RdfFormat.N_TRIPLES)) == triples(data)


def test_a_new_version_replaces_the_old_one_atomically_for_readers(
    engine: Engine, settings: Settings, base: str
) -> None:
    writer = engine.store(settings, base_iri=base)
    reader = engine.store(settings, base_iri=base)
    reader.pointer_ttl = 0  # resolve the pointer for every query: the hardest reader there is
    old, new = graph("old", 30), graph("new", 60)
    first = writer.load(old)
    seen: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                version = reader.version
                size = int(reader.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"].value)
                seen.append((version, size))
            except BaseException as exc:  # any failure of a reader is what this test looks for
                errors.append(exc)
                return

    thread = threading.Thread(target=read)
    thread.start()
    try:
        time.sleep(0.2)
        second = writer.load(new, grace=0.5)
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors, errors
    assert second.previous == first.graph and second.dropped == [first.graph]
    sizes = {size for _, size in seen}
    assert sizes <= {210, 420}, f"a reader saw a graph that was neither the old one nor the new one: {sizes}"
    assert (first.version, 210) in seen and (second.version, 420) == seen[-1]
    assert reader.version == second.version and len(reader) == 420
    assert writer.registered() == [(second.graph, second.version)]


def test_another_store_follows_the_pointer(engine: Engine, settings: Settings, base: str) -> None:
    serving = engine.store(settings, base_iri=base)
    loader = engine.store(settings, base_iri=base)
    loader.load(graph("v1", 3))
    assert len(serving) == 21
    report = loader.load(graph("v2", 4))
    time.sleep(serving.pointer_ttl + 0.05)
    assert serving.version == report.version
    assert serving.select(f"SELECT ?l WHERE {{ <{EX}0> <{LABEL}> ?l FILTER(LANG(?l) = 'en') }}").rows[0][
        "l"
    ] == ox.Literal("v2 0", language="en")
    assert triples(serving.dump(ox.RdfFormat.N_TRIPLES)) == triples(graph("v2", 4))


def test_default_graph_uri_is_honoured_and_from_works_too(engine: Engine, settings: Settings, base: str) -> None:
    loader = engine.store(settings, base_iri=base)
    loader.load(graph("v1", 4))
    assert loader._dataset_mode() == "protocol"  # learnt by asking the engine
    with_from = engine.store(settings, base_iri=base)
    with_from._dataset = "from"
    queries = [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        f"SELECT ?o WHERE {{ <{EX}1> ?p ?o }} ORDER BY STR(?o)",
        f"DESCRIBE <{EX}1>",
        f"ASK {{ <{EX}1> <{EX}next> <{EX}2> }}",
    ]
    for query in queries:
        a, b = loader.query(query), with_from.query(query)
        if isinstance(a, ox.QuerySolutions):
            assert [list(s) for s in a] == [list(s) for s in b], query
        elif isinstance(a, ox.QueryBoolean):
            assert bool(a) is bool(b) is True
        else:
            assert set(a) == set(b) and len(a) >= 7


def test_syntax_errors_are_found_before_the_engine_is_asked(remote: RemoteStore) -> None:
    remote.load(graph("v1", 2))
    with pytest.raises(SyntaxError, match="1:"):
        remote.query("SELECT * WHERE { ?s ?p }")


def test_nothing_loaded_yet(remote: RemoteStore) -> None:
    with pytest.raises(NotLoaded, match="cmkg load"):
        remote.query("ASK { ?s ?p ?o }")
    with pytest.raises(NotLoaded):
        len(remote)


def test_an_engine_that_is_not_there_is_unavailable(settings: Settings) -> None:
    nowhere = RemoteStore(f"http://127.0.0.1:{free_port()}/sparql", base_iri=settings.base_iri, timeout=2)
    started = time.monotonic()
    for attempt in (lambda: nowhere.version, lambda: nowhere.query("ASK { ?s ?p ?o }"), lambda: len(nowhere)):
        with pytest.raises(StoreUnavailable, match="cannot reach the SPARQL engine"):
            attempt()
    assert time.monotonic() - started < 5


def test_an_engine_that_stops_is_unavailable_and_the_last_version_is_kept(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    engine = start_engine("oxigraph", tmp_path_factory)  # our own: stopping it disturbs no other test
    try:
        store = engine.store(settings)
        report = store.load(graph("v1", 2))
    finally:
        engine.stop()
    store.pointer_ttl = 0
    with pytest.raises(StoreUnavailable):
        store.query("ASK { ?s ?p ?o }")
    assert store.version == report.version  # ETags stay stable while the engine is away


def test_a_query_past_the_time_limit_is_a_timeout(remote: RemoteStore) -> None:
    remote.load(graph("v1", 40))
    remote.timeout = 0.5
    started = time.monotonic()
    # Virtuoso is told our limit and stops there (it answers what it has, flagged S1TAT), but only once
    # there is enough work to check it: 280⁴ rows to count. The Oxigraph server checks its own --timeout-s
    # only now and then: 280³ rows (about 4 s), so that it is not kept busy long after the test.
    patterns = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i" + (" . ?j ?k ?l" if remote.dialect is VIRTUOSO else "")
    with pytest.raises(StoreTimeout):
        remote.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {patterns} }}")
    assert time.monotonic() - started < 2
    assert isinstance(StoreTimeout("x"), TimeoutError)  # the API's executor answers 503 query_timeout


def test_loading_needs_the_write_endpoints(engine: Engine, settings: Settings, base: str) -> None:
    read_only = engine.store(settings, base_iri=base, remote_gsp_url=None)
    with pytest.raises(StoreError, match="CMKG_REMOTE_GSP_URL"):
        read_only.load(graph("v1", 1))


def test_virtuoso_wants_its_credentials(virtuoso_engine: Engine, settings: Settings, base: str) -> None:
    wrong = virtuoso_engine.store(settings, base_iri=base, remote_password="not-dba")
    with pytest.raises(StoreError, match="refused our credentials"):
        wrong.load(graph("v1", 1))
    basic = virtuoso_engine.store(settings, base_iri=base, remote_auth="basic")
    with pytest.raises(StoreError, match="CMKG_REMOTE_AUTH"):
        basic.load(graph("v1", 1))


def test_virtuoso_quirks_are_absorbed(virtuoso_engine: Engine, settings: Settings, base: str) -> None:
    store = virtuoso_engine.store(settings, base_iri=base)
    store.load(graph("v1", 6))
    assert store.dialect.name == "Virtuoso"
    # a VALUES-bound start of a zero-or-one path: Virtuoso alone loses it, so parameters are BIND-bound
    path = f"SELECT ?x WHERE {{ ?start <{EX}next>? ?x }} ORDER BY ?x"
    rows = store.select(path, {"start": ox.NamedNode(EX + "1")}).rows
    assert [r["x"].value for r in rows] == [EX + "1", EX + "2"]
    # DESCRIBE as the embedded store answers it: the resource's own triples, not those pointing at it
    assert {t.subject for t in store.query(f"DESCRIBE <{EX}1>")} == {ox.NamedNode(EX + "1")}
    # a plain string next to IRIs in one column: Virtuoso's XML calls it <uri>
    mixed = store.select('SELECT ?x WHERE { VALUES ?x { 1 <http://a> "s" "t"@fr } }').rows
    assert {r["x"] for r in mixed} == {
        ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
        ox.NamedNode("http://a"),
        ox.Literal("s"),
        ox.Literal("t", language="fr"),
    }
    # stored literals keep their datatype and lexical form; language tags come back as they went
    values = store.select(f"SELECT ?p ?o WHERE {{ <{EX}3> ?p ?o FILTER(isLiteral(?o)) }}").rows
    kinds = {r["p"].value.rsplit("/", 1)[-1]: r["o"] for r in values if r["p"].value != LABEL}
    assert kinds["share"] == ox.Literal("0.45", datatype=ox.NamedNode(XSD + "decimal"))
    assert kinds["flag"] == ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    assert kinds["date"] == ox.Literal("2021-03-04", datatype=ox.NamedNode(XSD + "date"))
    assert {r["o"].language for r in values if r["p"].value == LABEL} == {"en", "fr"}


def test_the_api_answers_503_while_the_engine_is_down(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    engine = start_engine("oxigraph", tmp_path_factory)  # our own: stopping it disturbs no other test
    try:
        store = engine.store(settings)
        store.load(graph("v1", 3))
        with TestClient(create_app(settings, store), raise_server_exceptions=False) as client:
            assert client.get("/health").status_code == 200
            engine.stop()
            store.pointer_ttl = 0
            for r in (client.get("/health"), client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})):
                assert r.status_code == 503 and r.json()["error"] == "store_unavailable", r.text
    finally:
        engine.stop()
