"""The embedded backend on disk, and the choice of backend by the settings (open_store)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cmkg.config import Settings
from cmkg.pipeline import Built, store_from_built
from cmkg.store import OxigraphStore as ReExported
from cmkg.stores import OxigraphStore, RemoteStore, StoreError, backend_of, graph_version, open_store

TETOUAN = ox.NamedNode("https://w3id.org/cmkg/city/tetouan")
SMALL = b'<http://example.org/a> <http://example.org/p> "one" .\n'
OTHER = b'<http://example.org/a> <http://example.org/p> "two" .\n'


def test_the_old_import_is_the_same_class() -> None:
    assert ReExported is OxigraphStore


def test_disk_store_is_reused_when_it_holds_the_same_version(tmp_path: Path) -> None:
    first, reused = OxigraphStore.open_or_load(SMALL, tmp_path / "store")
    assert not reused and first.version == graph_version(SMALL) and len(first) == 1
    del first  # a restart: the folder is opened again
    again, reused = OxigraphStore.open_or_load(SMALL, tmp_path / "store")
    assert reused and again.version == graph_version(SMALL)
    assert again.select("SELECT ?o WHERE { ?s ?p ?o }").rows[0]["o"] == ox.Literal("one")
    del again
    changed, reused = OxigraphStore.open_or_load(OTHER, tmp_path / "store")
    assert not reused and changed.version == graph_version(OTHER) and len(changed) == 1
    assert changed.select("SELECT ?o WHERE { ?s ?p ?o }").rows[0]["o"] == ox.Literal("two")


def test_the_version_record_is_invisible_to_queries_and_counts(tmp_path: Path) -> None:
    store = OxigraphStore.from_ntriples(SMALL, tmp_path / "store")
    assert len(store) == 1
    assert store.dump(ox.RdfFormat.N_TRIPLES).count(b"\n") == 1
    assert not store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert not bool(store.query("ASK { ?s <http://www.w3.org/2002/07/owl#versionInfo> ?v }"))
    assert not store.contains(ox.NamedNode("https://w3id.org/cmkg/graph/store"))


def test_a_store_without_a_record_is_not_reused(tmp_path: Path) -> None:
    raw = ox.Store(str(tmp_path / "store"))
    raw.load(SMALL, format=ox.RdfFormat.N_TRIPLES)  # data, but no version record: a load that did not finish
    del raw
    store, reused = OxigraphStore.open_or_load(SMALL, tmp_path / "store")
    assert not reused and store.version == graph_version(SMALL)


def test_store_from_built_on_disk_reuses(tmp_path: Path, built: Built) -> None:
    first = store_from_built(built, tmp_path / "graph")
    version, size = first.version, len(first)
    del first
    second = store_from_built(built, tmp_path / "graph")
    assert (second.version, len(second)) == (version, size)
    assert second.contains(TETOUAN)


@pytest.mark.parametrize(
    ("updates", "expected"),
    [
        ({}, "memory"),
        ({"store_path": Path("/tmp/x")}, "disk"),
        ({"store_backend": "disk", "store_path": Path("/tmp/x")}, "disk"),
        ({"store_backend": "remote"}, "remote"),
    ],
)
def test_backend_of(settings: Settings, updates: dict, expected: str) -> None:
    assert backend_of(settings.model_copy(update=updates)) == expected


def test_open_store(settings: Settings, built: Built, tmp_path: Path) -> None:
    memory = open_store(settings, built)
    assert isinstance(memory, OxigraphStore) and memory.path is None and memory.contains(TETOUAN)
    disk = open_store(settings.model_copy(update={"store_backend": "disk", "store_path": tmp_path / "s"}), built)
    assert isinstance(disk, OxigraphStore) and disk.path == tmp_path / "s" and disk.version == memory.version
    with pytest.raises(StoreError, match="CMKG_STORE_PATH"):
        open_store(settings.model_copy(update={"store_backend": "disk"}), built)
    with pytest.raises(StoreError, match="CMKG_REMOTE_QUERY_URL"):
        open_store(settings.model_copy(update={"store_backend": "remote"}))
    remote = open_store(
        settings.model_copy(update={"store_backend": "remote", "remote_query_url": "http://127.0.0.1:9/sparql"})
    )
    assert isinstance(remote, RemoteStore)  # nothing is built, nothing is asked until it is used


def test_only_a_graph_oxigraph_already_parsed_strictly_is_loaded_leniently(built: Built, settings: Settings) -> None:
    """The fast SHACL engine parses the build strictly, so the store may skip the checks; pyshacl does not."""
    bad_iri = b'<http://example.org/a b> <http://example.org/p> "x" .\n'
    with pytest.raises(SyntaxError):
        OxigraphStore.from_ntriples(bad_iri)
    assert len(OxigraphStore.from_ntriples(bad_iri, checked=True)) == 1  # what `checked` promises is skipped
    assert built.result.validator == "fast" and built.parsed_strictly
    lenient, strict = store_from_built(built), OxigraphStore.from_ntriples(built.ntriples)
    assert lenient.dump(ox.RdfFormat.N_TRIPLES) == strict.dump(ox.RdfFormat.N_TRIPLES)
    assert lenient.version == strict.version
    from cmkg.pipeline import build_from_settings

    reference = build_from_settings(settings.model_copy(update={"validator": "pyshacl"}))
    assert not reference.parsed_strictly
