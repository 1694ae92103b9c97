"""Response models of the REST resources (documented in OpenAPI)."""

from __future__ import annotations

from pydantic import BaseModel, Field

HREF = "REST URL of the resource on this server (e.g. /cities/tetouan); null where the API has no endpoint for it"
HTML = "Path of the linked-data page of the IRI on this server (e.g. /city/tetouan); null for IRIs outside our base"


class Link(BaseModel):
    """A related resource."""

    id: str = Field(description="Its id: a slug, an SDG goal number or an SDG target code")
    label: str | None = Field(description="Its English label or title")
    iri: str
    href: str | None = Field(description=HREF)
    html: str | None = Field(description=HTML)


class LangText(BaseModel):
    lang: str = Field(description="BCP 47 language tag; empty for a text without language")
    text: str


class SourcePassage(Link):
    """A source document with the passage a record was transcribed from."""

    passage: str


class RoleLink(Link):
    """A resource with the role an organisation plays there (or the organisation playing it)."""

    role: str = Field(description="Role id: partner, funder, co-funder, implementer, coordinator, host")
    role_label: str


class TargetLink(Link):
    """An SDG target with its goal."""

    goal: Link


class MeetingLink(Link):
    start: str = Field(description="Start date with the precision the source gives (YYYY, YYYY-MM or YYYY-MM-DD)")
    end: str | None = None


class GoalAction(Link):
    """An action linked to an SDG goal, and how: "goal" (directly) or the code of one of the goal's targets."""

    via: list[str]


class CurationNote(BaseModel):
    field: str = Field(description="The field of the record the decision is about")
    source_says: str
    we_store: str
    why: str
    source: Link


class MigrantShare(BaseModel):
    value: float = Field(description="Share of migrants in the population, a decimal fraction (0.21 for 21 %)")
    year: int | None = Field(description="Reference year, where the source gives one")
    source: Link
    passage: str | None
    note: str | None


class Resource(BaseModel):
    id: str
    iri: str
    href: str | None = Field(description=HREF)
    html: str | None = Field(description=HTML)


class Page(BaseModel):
    total: int = Field(description="Number of items matching the filters (also in the X-Total-Count header)")
    limit: int
    offset: int


# --- cities -------------------------------------------------------------------------------------------


class CitySummary(Resource):
    label: str
    country: Link | None
    action_count: int


class CityDetail(CitySummary):
    labels: dict[str, str] = Field(description="Name by language")
    alt_labels: list[LangText] = Field(description="Other spellings found in the sources and local forms")
    migrant_shares: list[MigrantShare]
    actions: list[Link]
    recommendations: list[Link] = Field(description="Recommendations addressed by an action in the city")
    districts: list[Link]
    meetings: list[MeetingLink] = Field(description="Peer-to-peer meetings hosted by the city")
    publications: list[Link] = Field(description="Publications about the city")
    sources: list[SourcePassage]
    notes: list[CurationNote]


class CityPage(Page):
    items: list[CitySummary]


# --- actions ------------------------------------------------------------------------------------------


class ActionSummary(Resource):
    kind: str = Field(description="initiative, targeted-city-action or practice")
    title: str
    cities: list[Link]
    countries: list[Link] = Field(description="Countries the action covers without a city (country scope)")
    recommendations: list[Link]
    goals: list[Link] = Field(description="SDG goals the source links directly (goals of targets: see targets)")
    targets: list[TargetLink]


class ActionDetail(ActionSummary):
    titles: dict[str, str] = Field(description="Title by language")
    alt_titles: list[LangText]
    description: str | None
    districts: list[Link]
    global_scope: bool = Field(description="True for an action tied to no city and no country")
    objectives: list[str] = Field(description="In source order")
    activities: list[str] = Field(description="In source order")
    outcomes: list[str] = Field(description="In source order")
    outcome_statements: list[Link] = Field(description="Outcome statements of the city map's fixed list")
    focus_areas: list[Link]
    project: Link | None
    organisations: list[RoleLink]
    homepage: str | None
    start: str | None
    end: str | None
    sources: list[SourcePassage]
    notes: list[CurationNote]


class ActionPage(Page):
    items: list[ActionSummary]


# --- recommendations ----------------------------------------------------------------------------------


class RecommendationSummary(Resource):
    label: str
    action_count: int
    city_count: int


class RecommendationDetail(RecommendationSummary):
    labels: dict[str, str] = Field(description="Preferred label by language")
    alt_labels: list[LangText] = Field(description="Every other wording found in the sources")
    definition: str | None
    actions: list[Link] = Field(description="Actions addressing the recommendation")
    cities: list[Link] = Field(description="Cities with an action addressing the recommendation")
    sources: list[SourcePassage]
    notes: list[CurationNote]


class RecommendationPage(Page):
    items: list[RecommendationSummary]


# --- SDG goals and targets ----------------------------------------------------------------------------


class GoalSummary(Resource):
    number: int
    title: str
    short_name: str | None
    target_count: int
    action_count: int = Field(description="Actions linked to the goal directly or through one of its targets")


class GoalDetail(GoalSummary):
    titles: dict[str, str] = Field(description="Title by language (UN SDG KOS)")
    targets: list[Link]
    actions: list[GoalAction]


class GoalPage(Page):
    items: list[GoalSummary]


class TargetSummary(Resource):
    code: str
    title: str
    goal: Link
    action_count: int


class TargetDetail(TargetSummary):
    titles: dict[str, str] = Field(description="Title by language (UN SDG KOS)")
    actions: list[Link]


class TargetPage(Page):
    items: list[TargetSummary]


# --- organisations ------------------------------------------------------------------------------------


class OrganisationSummary(Resource):
    label: str
    acronym: str | None
    kind: str | None = Field(description="international-organisation, city-network, government, ...")
    country: Link | None
    homepage: str | None


class OrganisationDetail(OrganisationSummary):
    labels: dict[str, str] = Field(description="Name by language")
    alt_labels: list[LangText]
    roles: list[RoleLink] = Field(description="Projects and actions the organisation plays a role in, with the role")
    meetings: list[Link] = Field(description="Meetings the organisation organised")
    sources: list[SourcePassage]
    notes: list[CurationNote]


class OrganisationPage(Page):
    items: list[OrganisationSummary]


# --- source documents ---------------------------------------------------------------------------------


class SourceSummary(Resource):
    title: str
    file: str
    kind: str | None
    publisher: str | None


class SourceDetail(SourceSummary):
    titles: dict[str, str] = Field(description="Title by language")
    description: str | None
    records: dict[str, int] = Field(description="Records transcribed from the document, per kind (actions, cities...)")


class SourcePage(Page):
    items: list[SourceSummary]
