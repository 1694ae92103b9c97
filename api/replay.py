"""Replay of cached responses before routing: an exact repeat of a cacheable GET costs no routing, parameter
validation or rendering.

The application decides what is cacheable (``api.cache.cached_response`` marks its answers with ``X-Cache``);
this middleware only remembers such a 200, keyed by everything of the request it can depend on (graph
version, scheme, host, path, raw query string, ``Accept``), and answers the very same request again with it,
or with a 304 when ``If-None-Match`` names its ETag. Anything else (another spelling of the parameters,
another Accept, an error, a new graph version) goes through the application as before, so a replay is always
a response the application itself gave to an identical request on the same graph.
"""

from __future__ import annotations

from collections.abc import Hashable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.cache import Cached, ResponseCache

VALIDATOR_HEADERS = (b"etag", b"cache-control", b"last-modified", b"vary")


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers") or ():
        if key == name:
            return value
    return b""


def _matches(if_none_match: bytes, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.decode("latin-1").split(",")}
    return "*" in tags or etag in tags


class ReplayCache:
    def __init__(self, app: ASGIApp):
        self.app = app

    def _cache(self, scope: Scope) -> tuple[ResponseCache, Hashable] | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        state = getattr(scope["app"].state, "graph", None)
        # a remote store's version may only be known by asking the engine: no replay there
        if state is None or getattr(state.store, "version_may_block", False):
            return None
        key = (
            state.version,
            scope.get("scheme"),
            _header(scope, b"host"),
            scope.get("root_path", ""),
            scope["path"],
            scope.get("query_string", b""),
            _header(scope, b"accept"),
        )
        return state.replay, key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = self._cache(scope)
        if found is None:
            await self.app(scope, receive, send)
            return
        cache, key = found
        entry = cache.get(key)
        if entry is not None:
            await self._replay(entry, _header(scope, b"if-none-match"), send)
            return
        await self.app(scope, receive, self._recorder(cache, key, send))

    @staticmethod
    async def _replay(entry: Cached, if_none_match: bytes, send: Send) -> None:
        etag = dict(entry.headers).get("etag", "")
        if if_none_match and etag and _matches(if_none_match, etag):
            headers = [(k.encode(), v.encode()) for k, v in entry.headers if k.encode() in VALIDATOR_HEADERS]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [(k.encode(), v.encode()) for k, v in entry.headers if k != "x-cache"]
        headers += [(b"x-cache", b"hit"), (b"content-length", str(len(entry.body)).encode())]
        await send({"type": "http.response.start", "status": entry.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": entry.body})

    @staticmethod
    def _recorder(cache: ResponseCache, key: Hashable, send: Send) -> Send:
        # the response's headers as the application gave them: copied now, because the middlewares outside
        # (CORS) edit the same message on its way out
        start: list[tuple[bytes, bytes]] | None = None
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                if message["status"] == 200 and b"x-cache" in names and b"etag" in names:
                    start = list(message.get("headers", []))
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    headers = tuple(
                        (k.decode("latin-1").lower(), v.decode("latin-1"))
                        for k, v in start
                        if k.lower() != b"content-length"
                    )
                    body = b"".join(chunks)
                    media_type = dict(headers).get("content-type", "application/octet-stream")
                    cache.put(key, Cached(body, media_type, headers))
            await send(message)

        return record
