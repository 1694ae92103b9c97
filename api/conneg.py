"""Content negotiation: parse an Accept header (with q-values) and pick the best of what we offer."""

from __future__ import annotations

import re
from dataclasses import dataclass

MEDIA_RANGE_RE = re.compile(r"^[A-Za-z0-9*][\w.+*-]*/[A-Za-z0-9*][\w.+*-]*$")


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return (self.type in ("*", kind)) and (self.subtype in ("*", sub))

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[MediaRange]:
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        if not MEDIA_RANGE_RE.match(pieces[0]):
            continue  # a malformed range is ignored; if none is left, the client accepts anything
        kind, _, sub = pieces[0].lower().partition("/")
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind.strip(), sub.strip(), q, order))
    return ranges or [MediaRange("*", "*", 1.0, 0)]


def negotiate(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers most (ties: our order); None if nothing acceptable."""
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    choice = None
    for index, media_type in enumerate(offered):
        matching = [r for r in ranges if r.matches(media_type)]
        if not matching:
            continue
        most_specific = max(matching, key=lambda r: (r.specificity, -r.order))
        if most_specific.q <= 0:
            continue
        score = (most_specific.q, most_specific.specificity, -index)
        if best is None or score > best:
            best, choice = score, media_type
    return choice
