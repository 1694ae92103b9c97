"""Reload without downtime: rebuild and validate from data/, then swap the served graph atomically."""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.errors import CmkgError, error_body
from api.state import GraphState
from loaders.errors import BuildError

router = APIRouter(tags=["Operations"])
log = logging.getLogger("cmkg.admin")


class Forbidden(CmkgError):
    status, code = 403, "forbidden"


class ReloadDisabled(CmkgError):
    status, code = 404, "reload_disabled"


def _check_token(request: Request, authorization: str | None) -> None:
    token = request.app.state.settings.admin_token
    if not token:
        raise ReloadDisabled("reload is disabled: set CMKG_ADMIN_TOKEN to enable POST /admin/reload")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise Forbidden("a valid 'Authorization: Bearer <token>' header is required")


def _retire(retired: list[GraphState], state: GraphState) -> None:
    if state in retired:
        retired.remove(state)
        threading.Thread(target=state.close, daemon=True).start()


@router.post("/admin/reload", summary="Rebuild, validate and swap the graph (token protected)")
async def reload(request: Request, authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
    """Build from data/ and validate; on success swap the graph atomically. Queries already running keep
    the graph they started with; new requests see the new one; ETags change with the version. On failure
    the served graph is left exactly as it was and the report is returned."""
    _check_token(request, authorization)
    lock: asyncio.Lock = request.app.state.reload_lock
    async with lock:
        old: GraphState = request.app.state.graph
        try:
            new_store = await run_in_threadpool(request.app.state.rebuild)
        except BuildError as exc:
            problems = [str(p) for p in exc.problems]
            log.warning("reload refused: %d problem(s)", len(problems))
            return JSONResponse(error_body("build_failed", problems), status_code=422)
        new_state = await run_in_threadpool(GraphState.open, new_store, old.settings)
        request.app.state.graph = new_state
        # requests that started on the old version keep it; its workers are closed once they are done
        request.app.state.retired.append(old)
        asyncio.get_running_loop().call_later(
            2 * old.settings.query_timeout + 1, lambda: _retire(request.app.state.retired, old)
        )
    log.info("reloaded: %s -> %s", old.version, new_store.version)
    return JSONResponse({"status": "reloaded", "previous_version": old.version, "graph_version": new_store.version})
