"""Cross-record checks the schema of one record cannot make: every reference must resolve."""

from __future__ import annotations

from collections.abc import Iterable

from loaders.errors import BuildError, Problem
from loaders.read import Dataset
from loaders.sdg import SdgCodes

SINGULAR = {
    "sources": "source",
    "countries": "country",
    "cities": "city",
    "districts": "district",
    "recommendations": "recommendation",
    "focus_areas": "focus area",
    "outcome_statements": "outcome statement",
    "organisations": "organisation",
    "projects": "project",
}


def check_references(ds: Dataset, sdg: SdgCodes) -> None:
    """Raise :class:`BuildError` naming every dangling reference (file, record, field)."""
    problems: list[Problem] = []

    def expect(kind: str, rec_kind: str, rec_id: str, fld: str, values: Iterable[str | None]) -> None:
        table = getattr(ds, kind)
        for index, value in enumerate(values):
            if value is not None and value not in table:
                where = ds.origin[(rec_kind, rec_id)]
                known = ", ".join(sorted(table)[:12])
                problems.append(
                    Problem(
                        where,
                        rec_id,
                        f"{fld}[{index}]",
                        f"unknown {SINGULAR[kind]} '{value}' (known: {known})",
                    )
                )

    def sources_of(rec_kind: str, rec: object) -> None:
        rid = rec.id  # type: ignore[attr-defined]
        expect("sources", rec_kind, rid, "sources", [s.source for s in rec.sources])  # type: ignore[attr-defined]
        expect("sources", rec_kind, rid, "notes.source", [n.source for n in rec.notes])  # type: ignore[attr-defined]

    for kind in ("countries", "recommendations", "focus_areas", "outcome_statements", "districts"):
        for rec in getattr(ds, kind).values():
            sources_of(kind, rec)
    for city in ds.cities.values():
        sources_of("cities", city)
        expect("countries", "cities", city.id, "country", [city.country])
        expect("sources", "cities", city.id, "migrant_shares.source", [m.source for m in city.migrant_shares])
    for district in ds.districts.values():
        expect("cities", "districts", district.id, "city", [district.city])
    for org in ds.organisations.values():
        sources_of("organisations", org)
        expect("countries", "organisations", org.id, "country", [org.country])
    for project in ds.projects.values():
        sources_of("projects", project)
        expect("organisations", "projects", project.id, "roles.org", [r.org for r in project.roles])
    for meeting in ds.meetings.values():
        sources_of("meetings", meeting)
        expect("cities", "meetings", meeting.id, "host_city", [meeting.host_city])
        expect("projects", "meetings", meeting.id, "project", [meeting.project])
        expect("organisations", "meetings", meeting.id, "hosts", meeting.hosts)
    for pub in ds.publications.values():
        sources_of("publications", pub)
        expect("cities", "publications", pub.id, "about_cities", pub.about_cities)
        expect("projects", "publications", pub.id, "project", [pub.project])
    for action in ds.actions.values():
        a = action.id
        sources_of("actions", action)
        expect("cities", "actions", a, "cities", action.cities)
        expect("districts", "actions", a, "districts", action.districts)
        expect("countries", "actions", a, "countries", action.countries)
        expect("projects", "actions", a, "project", [action.project])
        expect("outcome_statements", "actions", a, "outcome_statements", action.outcome_statements)
        expect("focus_areas", "actions", a, "focus_areas", action.focus_areas)
        expect("recommendations", "actions", a, "recommendations", action.recommendations)
        expect("organisations", "actions", a, "organisations.org", [r.org for r in action.organisations])
        where = ds.origin[("actions", a)]
        for index, code in enumerate(action.sdg_targets):
            if code not in sdg.targets:
                problems.append(
                    Problem(where, a, f"sdg_targets[{index}]", f"'{code}' is not a target in the UN SDG list")
                )
        if not (action.cities or action.districts or action.countries or action.scope):
            problems.append(
                Problem(where, a, "cities", "an action needs a city, a district, a country or scope: global")
            )
        for fld in ("cities", "recommendations", "sdg_goals", "sdg_targets", "focus_areas"):
            values = getattr(action, fld)
            dupes = sorted({str(v) for v in values if values.count(v) > 1})
            if dupes:
                problems.append(Problem(where, a, fld, f"listed twice: {', '.join(dupes)}"))
    if problems:
        raise BuildError(problems)
