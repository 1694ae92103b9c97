"""Labels, alternative labels and descriptions of resources, by language (query ``rest-texts``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from api.rest.models import LangText
from api.rest.rows import by_item, select
from api.state import GraphState


@dataclass
class Texts:
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: list[LangText] = field(default_factory=list)
    descriptions: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)

    @property
    def description(self) -> str | None:
        return _english(self.descriptions)

    @property
    def definition(self) -> str | None:
        return _english(self.definitions)


def _english(texts: dict[str, str]) -> str | None:
    return texts.get("en") or texts.get("") or next(iter(texts.values()), None)


async def texts_of(state: GraphState, items: list[ox.NamedNode]) -> dict[str, Texts]:
    """The texts of each item (first one per language where a resource has several)."""
    found: dict[str, Texts] = {item.value: Texts() for item in items}
    rows = await select(state, "rest-texts", {"item": items})
    for iri, item_rows in by_item(rows).items():
        texts = found[iri]
        for row in item_rows:
            term = row["text"]
            lang = getattr(term, "language", None) or ""
            kind = row["field"].value
            if kind == "alt":
                texts.alt_labels.append(LangText(lang=lang, text=term.value))
            else:
                target = {"label": texts.labels, "description": texts.descriptions}.get(kind, texts.definitions)
                target.setdefault(lang, term.value)
    return found
