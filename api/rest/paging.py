"""Pagination of REST lists: the page window, X-Total-Count and an RFC 8288 Link header."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from api.rest.params import Paging
from cmkg.config import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Window:
    limit: int
    offset: int

    def cut(self, items: list[T]) -> list[T]:
        return items[self.offset : self.offset + self.limit]


def window(params: Paging, settings: Settings) -> Window:
    limit = settings.page_size if params.limit is None else params.limit
    if limit > settings.max_page_size:
        message = f"Input should be less than or equal to {settings.max_page_size} (setting CMKG_MAX_PAGE_SIZE)"
        raise RequestValidationError([{"type": "less_than_equal", "loc": ("query", "limit"), "msg": message}])
    return Window(limit, params.offset)


def link_header(request: Request, total: int, page: Window) -> str:
    """first, prev, next and last pages as absolute URLs keeping the other query parameters."""
    last = max(total - 1, 0) // page.limit * page.limit
    offsets = {"first": 0, "last": last}
    if page.offset > 0:
        offsets["prev"] = max(min(page.offset - page.limit, last), 0)
    if page.offset + page.limit < total:
        offsets["next"] = page.offset + page.limit
    links = []
    for rel in ("first", "prev", "next", "last"):
        if rel in offsets:
            url = request.url.include_query_params(limit=page.limit, offset=offsets[rel])
            links.append(f'<{url}>; rel="{rel}"')
    return ", ".join(links)


def page_headers(request: Request, total: int, page: Window) -> dict[str, str]:
    return {"X-Total-Count": str(total), "Link": link_header(request, total, page)}
