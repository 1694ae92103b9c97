"""Build the graph from settings and write its dumps: the one path used by the CLI and the server."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from cmkg.config import Settings
from cmkg.store import OxigraphStore
from loaders.build import BuildResult, build, sorted_ntriples
from loaders.namespaces import PREFIXES, Minter
from loaders.void import describe, stats_of


@dataclass
class Built:
    result: BuildResult
    ntriples: bytes
    void: Graph

    @property
    def graph(self) -> Graph:
        return self.result.graph

    @property
    def parsed_strictly(self) -> bool:
        """True when oxigraph's strict parser accepted these triples during validation (the fast engine): a
        store may then load them without checking them again."""
        return self.result.validator == "fast"


def build_from_settings(settings: Settings) -> Built:
    """Read, check, map and validate; raises loaders.errors.BuildError on any problem."""
    result = build(settings.data_dir, settings.ontology_dir, settings.shapes_dir, settings.base_iri, settings.validator)
    void = describe(stats_of(result.graph), settings.base_iri, Minter(settings.base_iri).dataset())
    return Built(result=result, ntriples=sorted_ntriples(result.graph), void=void)


def jsonld_context() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}


def write_outputs(built: Built, out_dir: Path) -> list[Path]:
    """Write Turtle, N-Triples, JSON-LD (each also gzipped) and VoID. Only called on a valid build.

    Files are written to a temporary name and renamed, so a reader never sees a half-written dump.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    contents = {
        "graph.nt": built.ntriples,
        "graph.ttl": built.graph.serialize(format="turtle", encoding="utf-8"),
        "graph.jsonld": built.graph.serialize(
            format="json-ld", context=jsonld_context(), encoding="utf-8", sort_keys=True
        ),
        "void.ttl": built.void.serialize(format="turtle", encoding="utf-8"),
    }
    written = []
    for name, data in contents.items():
        for final, payload in ((name, data), (f"{name}.gz", gzip.compress(data, mtime=0))):
            if final == "void.ttl.gz":
                continue
            target = out_dir / final
            tmp = target.with_suffix(target.suffix + ".tmp")
            tmp.write_bytes(payload)
            tmp.replace(target)
            written.append(target)
    return written


def store_from_built(built: Built, path: Path | None = None) -> OxigraphStore:
    """An embedded store holding the built graph: in memory, or on disk at ``path`` (reused if it already
    holds this very version, so a restart does not reload it)."""
    if path is None:
        return OxigraphStore.from_ntriples(built.ntriples, checked=built.parsed_strictly)
    return OxigraphStore.open_or_load(built.ntriples, path, checked=built.parsed_strictly)[0]
