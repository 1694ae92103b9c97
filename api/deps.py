"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.errors import NotReady
from api.state import GraphState


def get_state(request: Request) -> GraphState:
    state = getattr(request.app.state, "graph", None)
    if state is None:
        raise NotReady("the graph is not loaded yet")
    if state.stale:
        # a remote store switched graphs under us: fresh dumps, VoID and response cache for the new version
        state = GraphState.open(state.store, state.settings)
        request.app.state.graph = state
    return state


StateDep = Annotated[GraphState, Depends(get_state)]
