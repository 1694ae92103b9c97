"""Query parameters of the REST resources, validated before any query runs, and the filters they bind.

Each model forbids parameters it does not declare (422). A filter value naming a resource becomes its IRI
and must exist (404 otherwise); free text becomes a literal. Either way it reaches SPARQL only as an RDF
term bound with VALUES, never as query text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import pyoxigraph as ox
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.errors import UnknownResource
from api.rest.iris import KINDS, RDF_TYPE, iri_of
from api.state import GraphState
from cmkg.bindings import Binding
from loaders.records import SLUG_PATTERN, TARGET_PATTERN

ActionKind = Literal["initiative", "targeted-city-action", "practice"]


@dataclass(frozen=True)
class Filter:
    variable: str  # the SPARQL variable the value is bound to (unbound when the filter is absent)
    kind: str | None = None  # the kind of resource the value names; None for a plain literal


def _slug(kind: str, example: str, extra: str = "") -> Any:
    return Field(None, pattern=SLUG_PATTERN, max_length=200, description=f"id of a {kind}{extra}", examples=[example])


def _text(where: str) -> Any:
    return Field(None, max_length=200, description=f"Case-insensitive text search in {where}")


def _goal(extra: str = "") -> Any:
    return Field(None, ge=1, le=17, description=f"SDG goal number, 1 to 17{extra}", examples=[16])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoParameters(Strict):
    """A single resource takes no query parameters."""


class Paging(Strict):
    FILTERS: ClassVar[dict[str, Filter]] = {}

    limit: int | None = Field(
        None, ge=1, description="Items per page: default CMKG_PAGE_SIZE (50), at most CMKG_MAX_PAGE_SIZE (500)"
    )
    offset: int = Field(0, ge=0, description="Number of items to skip")


class Searchable(Paging):
    FILTERS: ClassVar[dict[str, Filter]] = {"q": Filter("textFilter")}

    q: str | None = _text("labels")

    @field_validator("q")
    @classmethod
    def _blank_is_absent(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return value.strip()


class CityParameters(Searchable):
    FILTERS: ClassVar[dict[str, Filter]] = {
        "country": Filter("countryFilter", "country"),
        "recommendation": Filter("recommendationFilter", "recommendation"),
        "q": Filter("textFilter"),
    }

    country: str | None = _slug("country", "morocco")
    recommendation: str | None = _slug(
        "policy recommendation", "protection-against-discrimination", ": cities with an action addressing it"
    )
    q: str | None = _text("city names and alternative names")


class ActionParameters(Searchable):
    FILTERS: ClassVar[dict[str, Filter]] = {
        "city": Filter("cityFilter", "city"),
        "country": Filter("countryFilter", "country"),
        "recommendation": Filter("recommendationFilter", "recommendation"),
        "goal": Filter("goalFilter", "goal"),
        "target": Filter("targetFilter", "target"),
        "focus_area": Filter("focusAreaFilter", "focus area"),
        "source": Filter("sourceFilter", "source"),
        "kind": Filter("kindFilter"),
        "q": Filter("textFilter"),
    }

    city: str | None = _slug("city", "tangier")
    country: str | None = _slug("country", "lebanon", ": actions in its cities or with that country scope")
    recommendation: str | None = _slug("policy recommendation", "protection-against-discrimination")
    goal: int | None = _goal(": actions linked directly or through one of its targets")
    target: str | None = Field(
        None, pattern=TARGET_PATTERN, description="SDG target code such as 16.b or 10.7", examples=["16.b"]
    )
    focus_area: str | None = _slug("focus area", "culture")
    source: str | None = _slug("source document", "targeted-city-actions")
    kind: ActionKind | None = Field(None, description="Kind of action")
    q: str | None = _text("titles, alternative titles and description")


class RecommendationParameters(Searchable):
    q: str | None = _text("labels, alternative labels and definition")


class GoalParameters(Searchable):
    q: str | None = _text("titles and short names, in every language")


class TargetParameters(Searchable):
    FILTERS: ClassVar[dict[str, Filter]] = {"goal": Filter("goalFilter", "goal"), "q": Filter("textFilter")}

    goal: int | None = _goal(": its targets")
    q: str | None = _text("titles, in every language")


class OrganisationParameters(Searchable):
    q: str | None = _text("names, alternative names and acronym")


class SourceParameters(Searchable):
    q: str | None = _text("title, description and file name")


def bind_filters(params: Paging, state: GraphState) -> dict[str, Binding]:
    """RDF terms for the filters given; a resource named by a filter must be in the graph (else 404)."""
    bindings: dict[str, Binding] = {}
    for name, spec in params.FILTERS.items():
        value = getattr(params, name)
        if value is None:
            continue
        if spec.kind is None:
            bindings[spec.variable] = ox.Literal(str(value))
            continue
        kind = KINDS[spec.kind]
        term = iri_of(spec.kind, str(value), state.settings.base_iri)
        if not state.store.contains(term, RDF_TYPE, ox.NamedNode(kind.cls)):
            see = f"; see {kind.collection}" if kind.collection else ""
            raise UnknownResource(f"filter '{name}': no {kind.name} '{value}' in the graph{see}")
        bindings[spec.variable] = term
    return bindings


async def no_repeated_parameters(request: Request) -> None:
    """Each parameter at most once: a second value would otherwise be dropped without a word."""
    names = [name for name, _ in request.query_params.multi_items()]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise RequestValidationError(
            [
                {"type": "repeated", "loc": ("query", name), "msg": "given more than once; give it once"}
                for name in repeated
            ]
        )
