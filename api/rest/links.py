"""Links to resources: id, English label, IRI, REST URL and linked-data page, from query rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from api.rest.iris import href_of, html_of, locate
from api.rest.models import Link, RoleLink, TargetLink
from api.rest.rows import Row, text

L = TypeVar("L", bound=Link)


@dataclass(frozen=True)
class Linker:
    base: str

    def fields(self, iri: str) -> dict[str, Any]:
        """id, iri, href and html of a resource."""
        _, id = locate(iri, self.base)
        return {"id": id, "iri": iri, "href": href_of(iri, self.base), "html": html_of(iri, self.base)}

    def link(self, iri: str, label: str | None) -> Link:
        return Link(label=label, **self.fields(iri))

    def extended(self, model: type[L], iri: str, label: str | None, **extra: Any) -> L:
        """A link with more fields (a passage, a role, dates...)."""
        return model(label=label, **self.fields(iri), **extra)

    def from_row(self, row: Row, iri: str = "target", label: str = "label") -> Link | None:
        value = text(row, iri)
        return None if value is None else self.link(value, text(row, label))

    def links(self, rows: list[Row], iri: str = "target", label: str = "label") -> list[Link]:
        """Links from rows, once each, in row order."""
        seen: dict[str, Link] = {}
        for row in rows:
            link = self.from_row(row, iri, label)
            if link is not None and link.iri not in seen:
                seen[link.iri] = link
        return list(seen.values())

    def role(self, row: Row) -> RoleLink:
        """The resource of the row with the role (?role, ?roleLabel) played there."""
        role = (text(row, "role") or "").rsplit("/", 1)[-1]
        return self.extended(
            RoleLink, row["target"].value, text(row, "label"), role=role, role_label=text(row, "roleLabel") or role
        )

    def target(self, row: Row) -> TargetLink:
        """An SDG target (?target, ?label) with its goal (?goal, ?goalLabel)."""
        goal = self.link(row["goal"].value, text(row, "goalLabel"))
        return self.extended(TargetLink, row["target"].value, text(row, "label"), goal=goal)
