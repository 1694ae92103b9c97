"""A small LRU cache of rendered responses, one per graph version, with ETags and 304 revalidation.

Keys are (what was asked, bound parameters, media type); the graph version is part of the ETag and the
cache lives in the GraphState of that version, so a reload starts a fresh cache and changes every ETag.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response


@dataclass(frozen=True)
class Cached:
    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...]
    status_code: int = 200


class ResponseCache:
    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Cached | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Hashable, entry: Cached) -> None:
        if self.max_entries <= 0:
            return
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def etag_for(version: str, key: Hashable) -> str:
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
    return f'"{version}-{digest}"'


def _matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


async def cached_response(
    request: Request,
    cache: ResponseCache,
    version: str,
    key: Hashable,
    produce: Callable[[], Awaitable[Response]],
) -> Response:
    """Serve from the cache (or 304) when possible; otherwise produce, cache a 200, and add the ETag."""
    etag = etag_for(version, key)
    validators = {"ETag": etag, "Cache-Control": "public, max-age=0, must-revalidate"}
    if _matches(request, etag):
        return Response(status_code=304, headers=validators)
    entry = cache.get(key)
    hit = entry is not None
    if entry is None:
        response = await produce()
        if response.status_code != 200:
            return response
        headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in ("content-length", "etag"))
        entry = Cached(bytes(response.body), response.media_type or "application/octet-stream", headers)
        cache.put(key, entry)
    response = Response(entry.body, status_code=entry.status_code, headers=dict(entry.headers))
    response.headers.update(validators)
    response.headers["X-Cache"] = "hit" if hit else "miss"
    return response
