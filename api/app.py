"""The application factory: ``create_app(settings, store)``. Nothing happens at import time."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import add_error_handlers, document_errors, error_body
from api.replay import ReplayCache
from api.routers import admin, dumps, health, linked_data, queries, resources, sparql, ui
from api.state import GraphState
from cmkg import __version__
from cmkg.config import Settings, get_settings
from cmkg.store import Store

access_log = logging.getLogger("cmkg.access")

DESCRIPTION = """
Linked open data on how cities govern migration: city actions for migrants and refugees, their
objectives, activities and outcomes, the MC2CM policy recommendations they address and the UN SDG goals
and targets they contribute to. Every fact links to the source document it was transcribed from.

* **SPARQL 1.1** endpoint at `/sparql` (read-only; results by `Accept` or `format`).
* **Canned queries** under `/queries`, each a typed operation below.
* **REST resources**: `/cities`, `/actions`, `/recommendations`, `/sdg/goals`, `/organisations`, `/sources`.
* **Linked data**: every IRI under the base resolves here (HTML, Turtle, N-Triples, JSON-LD).
* **Dumps** under `/dumps/` and a VoID description at `/.well-known/void`.
"""


class BodyLimit:
    """Refuse request bodies above the limit (413), whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        detail = f"the request body is larger than {self.max_bytes} bytes (setting CMKG_MAX_BODY_BYTES)"
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await JSONResponse(error_body("body_too_large", detail), status_code=413)(scope, receive, send)
            return
        received = 0
        too_large = False

        async def limited() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        response_started = False

        async def guarded_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        await self.app(scope, limited, guarded_send)
        if too_large and not response_started:
            await JSONResponse(error_body("body_too_large", detail), status_code=413)(scope, receive, send)


class HeadAsGet:
    """Answer HEAD like GET without the body, for every route (harvesters check dumps with HEAD)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def no_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, no_body)


class AccessLog:
    """One line per request with status and duration (pure ASGI: no per-request task like BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                client = scope.get("client") or ("-", 0)
                took = (time.perf_counter() - started) * 1000
                access_log.info('%s "%s %s" %d %.1fms', client[0], scope["method"], scope["path"], status, took)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or get_settings()

    def rebuild() -> Store:
        """Build + validate from data/ and open the store the settings ask for (raises BuildError; nothing is
        swapped). A reload always builds into a fresh in-memory store: the one being served stays untouched."""
        from cmkg.pipeline import build_from_settings, store_from_built

        return store_from_built(build_from_settings(settings))

    def first_store() -> Store:
        from cmkg.stores.factory import open_store

        return open_store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.graph = GraphState.open(store or first_store(), settings)
        yield
        for state in [app.state.graph, *app.state.retired]:
            state.close()
        app.state.graph = None

    app = FastAPI(
        title="City Migration Knowledge Graph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.graph = None
    app.state.settings = settings
    app.state.rebuild = rebuild
    app.state.reload_lock = asyncio.Lock()
    app.state.retired = []
    add_error_handlers(app)
    app.add_middleware(ReplayCache)  # innermost: CORS, HEAD, body limit and the access log still apply
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "If-None-Match", "If-Modified-Since"],
        expose_headers=["ETag", "Last-Modified", "Link", "Content-Location", "X-Total-Count"],
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeadAsGet)
    app.add_middleware(AccessLog)

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(
                get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.include_router(health.router)
    app.include_router(admin.router)
    app.include_router(sparql.router)
    app.include_router(queries.build_router(settings))
    app.include_router(resources.router)
    app.include_router(dumps.router)
    app.include_router(linked_data.router)
    app.include_router(ui.router)
    app.mount("/static", StaticFiles(directory=ui.STATIC_DIR), name="static")
    return app
