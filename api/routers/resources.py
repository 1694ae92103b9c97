"""REST JSON resources: cities, actions, policy recommendations, SDG goals and targets, organisations and
source documents. Lists are filtered and paged (X-Total-Count, RFC 8288 Link); items link to each other
by REST URL (``href``) and linked-data page (``html``). The SPARQL lives in ``queries/api/rest-*.rq``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.cache import cached_response
from api.deps import StateDep
from api.rest import actions, cities, organisations, recommendations, sdg, sources
from api.rest.models import (
    ActionDetail,
    ActionPage,
    CityDetail,
    CityPage,
    GoalDetail,
    GoalPage,
    OrganisationDetail,
    OrganisationPage,
    RecommendationDetail,
    RecommendationPage,
    SourceDetail,
    SourcePage,
    TargetDetail,
    TargetPage,
)
from api.rest.paging import Window, page_headers, window
from api.rest.params import (
    ActionParameters,
    CityParameters,
    GoalParameters,
    NoParameters,
    OrganisationParameters,
    Paging,
    RecommendationParameters,
    SourceParameters,
    TargetParameters,
    bind_filters,
    no_repeated_parameters,
)
from api.state import GraphState
from cmkg.bindings import Binding
from loaders.records import SLUG_PATTERN, TARGET_PATTERN

router = APIRouter(tags=["Resources"], dependencies=[Depends(no_repeated_parameters)])

Search = Callable[[GraphState, dict[str, Binding], Window], Awaitable[tuple[int, list]]]
NOT_FOUND = {404: {"description": "No such resource, or a filter names a resource that is not in the graph"}}
PAGED = {
    200: {
        "headers": {
            "X-Total-Count": {"description": "Number of matching items", "schema": {"type": "integer"}},
            "Link": {
                "description": "RFC 8288 links to the first, prev, next and last pages",
                "schema": {"type": "string"},
            },
        }
    },
    **NOT_FOUND,
}
NoQuery = Annotated[NoParameters, Query()]


def _slug(kind: str, example: str) -> object:
    return Path(pattern=SLUG_PATTERN, max_length=200, description=f"id (slug) of the {kind}", examples=[example])


async def _respond(request: Request, state: GraphState, render: Callable[[], Awaitable[Response]]) -> Response:
    """From the response cache of this graph version when there (ETag, 304); the key is the whole URL."""
    return await cached_response(request, state.cache, state.version, ("rest", str(request.url)), render)


async def _one(request: Request, state: GraphState, produce: Callable[[], Awaitable[BaseModel]]) -> Response:
    async def render() -> Response:
        return JSONResponse((await produce()).model_dump(mode="json"))

    return await _respond(request, state, render)


async def _page(
    request: Request, state: GraphState, params: Paging, search: Search, page_model: type[BaseModel]
) -> Response:
    """One page of a list, with X-Total-Count and Link headers (the limit is checked before the cache)."""
    page = window(params, state.settings)

    async def render() -> Response:
        total, items = await search(state, bind_filters(params, state), page)
        body = page_model(total=total, limit=page.limit, offset=page.offset, items=items)
        return JSONResponse(body.model_dump(mode="json"), headers=page_headers(request, total, page))

    return await _respond(request, state, render)


@router.get("/cities", response_model=CityPage, responses=PAGED, summary="List cities")
async def list_cities(request: Request, state: StateDep, params: Annotated[CityParameters, Query()]) -> Response:
    """Cities by English name, with their country and number of actions; filters combine with AND."""
    return await _page(request, state, params, cities.search, CityPage)


@router.get("/cities/{id}", response_model=CityDetail, responses=NOT_FOUND, summary="One city")
async def get_city(
    id: Annotated[str, _slug("city", "irbid")], request: Request, state: StateDep, _: NoQuery
) -> Response:
    """A city with its country, migrant shares, actions, recommendations addressed there, meetings hosted,
    publications about it, and the sources it was transcribed from."""
    return await _one(request, state, lambda: cities.detail(state, id))


@router.get("/actions", response_model=ActionPage, responses=PAGED, summary="List actions")
async def list_actions(request: Request, state: StateDep, params: Annotated[ActionParameters, Query()]) -> Response:
    """Actions by English title, with their cities, countries, recommendations, goals and targets; filters
    combine with AND."""
    return await _page(request, state, params, actions.search, ActionPage)


@router.get("/actions/{id}", response_model=ActionDetail, responses=NOT_FOUND, summary="One action")
async def get_action(
    id: Annotated[str, _slug("action", "tangeraccueil")], request: Request, state: StateDep, _: NoQuery
) -> Response:
    """An action in full: kind, titles, description, places, objectives, activities and outcomes in source
    order, recommendations, SDG goals and targets, project, organisations with their roles, sources with
    passages and curation notes."""
    return await _one(request, state, lambda: actions.detail(state, id))


@router.get("/recommendations", response_model=RecommendationPage, responses=PAGED, summary="List recommendations")
async def list_recommendations(
    request: Request, state: StateDep, params: Annotated[RecommendationParameters, Query()]
) -> Response:
    """The MC2CM policy recommendations, with the number of actions and cities addressing each."""
    return await _page(request, state, params, recommendations.search, RecommendationPage)


@router.get(
    "/recommendations/{id}", response_model=RecommendationDetail, responses=NOT_FOUND, summary="One recommendation"
)
async def get_recommendation(
    id: Annotated[str, _slug("recommendation", "protection-against-discrimination")],
    request: Request,
    state: StateDep,
    _: NoQuery,
) -> Response:
    """A policy recommendation with every wording found in the sources, and the actions and cities addressing it."""
    return await _one(request, state, lambda: recommendations.detail(state, id))


@router.get("/sdg/goals", response_model=GoalPage, responses=PAGED, summary="List SDG goals")
async def list_goals(request: Request, state: StateDep, params: Annotated[GoalParameters, Query()]) -> Response:
    """The 17 UN Sustainable Development Goals, with the number of targets and of actions linked to each."""
    return await _page(request, state, params, sdg.search_goals, GoalPage)


@router.get("/sdg/goals/{number}", response_model=GoalDetail, responses=NOT_FOUND, summary="One SDG goal")
async def get_goal(
    number: Annotated[int, Path(ge=1, le=17, description="SDG goal number, 1 to 17", examples=[16])],
    request: Request,
    state: StateDep,
    _: NoQuery,
) -> Response:
    """An SDG goal with its targets and the actions linked to it, directly or through one of its targets."""
    return await _one(request, state, lambda: sdg.goal_detail(state, number))


@router.get("/sdg/targets", response_model=TargetPage, responses=PAGED, summary="List SDG targets")
async def list_targets(request: Request, state: StateDep, params: Annotated[TargetParameters, Query()]) -> Response:
    """The UN SDG targets in the UN's order, with their goal and the number of actions contributing."""
    return await _page(request, state, params, sdg.search_targets, TargetPage)


@router.get("/sdg/targets/{code}", response_model=TargetDetail, responses=NOT_FOUND, summary="One SDG target")
async def get_target(
    code: Annotated[str, Path(pattern=TARGET_PATTERN, description="SDG target code, e.g. 16.b", examples=["16.b"])],
    request: Request,
    state: StateDep,
    _: NoQuery,
) -> Response:
    """An SDG target with its goal and the actions contributing to it."""
    return await _one(request, state, lambda: sdg.target_detail(state, code))


@router.get("/organisations", response_model=OrganisationPage, responses=PAGED, summary="List organisations")
async def list_organisations(
    request: Request, state: StateDep, params: Annotated[OrganisationParameters, Query()]
) -> Response:
    """Organisations named by the sources, with acronym, kind and country."""
    return await _page(request, state, params, organisations.search, OrganisationPage)


@router.get("/organisations/{id}", response_model=OrganisationDetail, responses=NOT_FOUND, summary="One organisation")
async def get_organisation(
    id: Annotated[str, _slug("organisation", "icmpd")], request: Request, state: StateDep, _: NoQuery
) -> Response:
    """An organisation with the roles it plays in projects and actions."""
    return await _one(request, state, lambda: organisations.detail(state, id))


@router.get("/sources", response_model=SourcePage, responses=PAGED, summary="List source documents")
async def list_sources(request: Request, state: StateDep, params: Annotated[SourceParameters, Query()]) -> Response:
    """The documents the graph is transcribed from."""
    return await _page(request, state, params, sources.search, SourcePage)


@router.get("/sources/{id}", response_model=SourceDetail, responses=NOT_FOUND, summary="One source document")
async def get_source(
    id: Annotated[str, _slug("source document", "targeted-city-actions")], request: Request, state: StateDep, _: NoQuery
) -> Response:
    """A source document with its file, description and the number of records transcribed from it, per kind."""
    return await _one(request, state, lambda: sources.detail(state, id))
