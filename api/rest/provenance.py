"""Where records come from: source documents with passages, and curation notes (queries ``rest-provenance``,
``rest-notes``)."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from api.rest.links import Linker
from api.rest.models import CurationNote, SourcePassage
from api.rest.rows import select, text
from api.state import GraphState


async def sources_of(state: GraphState, items: list[ox.NamedNode]) -> dict[str, list[SourcePassage]]:
    linker = Linker(state.settings.base_iri)
    found: dict[str, list[SourcePassage]] = defaultdict(list)
    for row in await select(state, "rest-provenance", {"item": items}):
        source = linker.extended(SourcePassage, row["source"].value, text(row, "label"), passage=row["passage"].value)
        found[row["item"].value].append(source)
    return found


async def notes_of(state: GraphState, items: list[ox.NamedNode]) -> dict[str, list[CurationNote]]:
    linker = Linker(state.settings.base_iri)
    found: dict[str, list[CurationNote]] = defaultdict(list)
    for row in await select(state, "rest-notes", {"item": items}):
        found[row["item"].value].append(
            CurationNote(
                field=row["field"].value,
                source_says=row["sourceSays"].value,
                we_store=row["weStore"].value,
                why=row["reason"].value,
                source=linker.link(row["source"].value, text(row, "sourceLabel")),
            )
        )
    return found
