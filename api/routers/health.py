"""Readiness: 200 only once the graph is loaded and validated."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.errors import error_body

router = APIRouter(tags=["Operations"])


@router.get("/health", summary="Readiness of the service")
async def health(request: Request) -> JSONResponse:
    state = getattr(request.app.state, "graph", None)
    if state is None:
        return JSONResponse(error_body("not_ready", "the graph is not loaded yet"), status_code=503)
    return JSONResponse(
        {
            "status": "ready",
            "graph_version": state.version,
            "triples": len(state.store),
            "loaded_at": state.last_modified,
        }
    )
