"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from api.errors import NotReady
from api.state import GraphState


async def get_state(request: Request) -> GraphState:
    """The served graph. Async, so FastAPI does not hand every request to a thread for it; only a store whose
    version lives elsewhere (a remote engine) is asked from a thread."""
    state = getattr(request.app.state, "graph", None)
    if state is None:
        raise NotReady("the graph is not loaded yet")
    if getattr(state.store, "version_may_block", False):
        return await run_in_threadpool(_current, request, state)
    return _current(request, state)


def _current(request: Request, state: GraphState) -> GraphState:
    if state.stale:
        # a remote store switched graphs under us: fresh dumps, VoID and response cache for the new version
        state = GraphState.open(state.store, state.settings)
        request.app.state.graph = state
    return state


StateDep = Annotated[GraphState, Depends(get_state)]
