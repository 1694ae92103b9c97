"""Conditional requests: ETag / Last-Modified from the graph version, 304 on revalidation."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response

from api.state import GraphState


def validators(state: GraphState, variant: str = "") -> dict[str, str]:
    etag = f'"{state.version}{"-" + variant if variant else ""}"'
    return {
        "ETag": etag,
        "Last-Modified": state.last_modified,
        "Cache-Control": "public, max-age=0, must-revalidate",
    }


def not_modified(request: Request, headers: dict[str, str]) -> Response | None:
    """A 304 if the client's copy is current (If-None-Match wins over If-Modified-Since)."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        if "*" in tags or headers["ETag"] in tags:
            return Response(status_code=304, headers=headers)
        return None
    since = request.headers.get("if-modified-since")
    if since:
        try:
            client = parsedate_to_datetime(since)
            ours = parsedate_to_datetime(headers["Last-Modified"])
        except (TypeError, ValueError):
            return None
        if client.tzinfo is not None and ours <= client:
            return Response(status_code=304, headers=headers)
    return None
