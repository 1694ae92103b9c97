"""Everything an item view starts from: its list row, its links grouped by relation, its texts, sources
and curation notes (one place for what the city, action, organisation and recommendation views share)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from api.rest.links import Linker
from api.rest.models import CurationNote, SourcePassage
from api.rest.provenance import notes_of, sources_of
from api.rest.rows import Row, by_rel, find_one, select
from api.rest.texts import Texts, texts_of
from api.state import GraphState


@dataclass(frozen=True)
class Record:
    iri: ox.NamedNode
    row: Row
    link_rows: list[Row]
    rels: dict[str, list[Row]]
    own: Texts
    sources: list[SourcePassage]
    notes: list[CurationNote]
    linker: Linker


async def gather(state: GraphState, kind: str, id: str) -> Record:
    """The item `id` of `kind` (404 if absent), read with queries/api/rest-{kind}-list.rq and -links.rq."""
    iri, row = await find_one(state, f"rest-{kind}-list", kind, id)
    items = [iri]
    link_rows = await select(state, f"rest-{kind}-links", {"item": items})
    texts = await texts_of(state, items)
    sources = await sources_of(state, items)
    notes = await notes_of(state, items)
    return Record(
        iri=iri,
        row=row,
        link_rows=link_rows,
        rels=by_rel(link_rows),
        own=texts[iri.value],
        sources=sources[iri.value],
        notes=notes[iri.value],
        linker=Linker(state.settings.base_iri),
    )
