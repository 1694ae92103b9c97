"""Read ``data/`` into typed records; every problem names its file, record and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from loaders.errors import BuildError, Problem
from loaders.records import (
    Action,
    City,
    Concept,
    Country,
    District,
    Meeting,
    Organisation,
    Project,
    Publication,
    SourceDocument,
)

M = TypeVar("M", bound=BaseModel)


@dataclass
class Dataset:
    """Every curated record, by kind and id."""

    sources: dict[str, SourceDocument] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    cities: dict[str, City] = field(default_factory=dict)
    districts: dict[str, District] = field(default_factory=dict)
    recommendations: dict[str, Concept] = field(default_factory=dict)
    focus_areas: dict[str, Concept] = field(default_factory=dict)
    outcome_statements: dict[str, Concept] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    publications: dict[str, Publication] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    # where each record was read from, for error messages: (kind, id) -> file
    origin: dict[tuple[str, str], str] = field(default_factory=dict)


# file name (in data/) -> (attribute of Dataset, model, top-level key of the YAML mapping)
LIST_FILES: dict[str, tuple[str, type[BaseModel], str]] = {
    "sources.yaml": ("sources", SourceDocument, "sources"),
    "countries.yaml": ("countries", Country, "countries"),
    "cities.yaml": ("cities", City, "cities"),
    "districts.yaml": ("districts", District, "districts"),
    "recommendations.yaml": ("recommendations", Concept, "recommendations"),
    "focus_areas.yaml": ("focus_areas", Concept, "focus_areas"),
    "outcome_statements.yaml": ("outcome_statements", Concept, "outcome_statements"),
    "organisations.yaml": ("organisations", Organisation, "organisations"),
    "projects.yaml": ("projects", Project, "projects"),
    "meetings.yaml": ("meetings", Meeting, "meetings"),
    "publications.yaml": ("publications", Publication, "publications"),
}


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml_file(path: Path, rel: str, problems: list[Problem]) -> Any:
    """The parsed YAML of a data file, or None with the problem (not UTF-8, malformed, empty) appended."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(rel, None, None, f"malformed YAML{where}: {problem}"))
        return None
    if content is None:
        problems.append(Problem(rel, None, None, "the file is empty"))
    return content


def _record(model: type[M], raw: Any, rel: str, label: str, problems: list[Problem]) -> M | None:
    if not isinstance(raw, dict):
        problems.append(Problem(rel, label, None, f"expected a mapping of fields, got {type(raw).__name__}"))
        return None
    record_id = raw.get("id") if isinstance(raw.get("id"), str) else label
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, rel, record_id))
        return None


def validation_problems(exc: ValidationError, rel: str, record_id: str | None) -> list[Problem]:
    """One problem per pydantic error, naming file, record and field."""
    problems = []
    for err in exc.errors():
        msg = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
        problems.append(Problem(rel, record_id, _field_path(err["loc"]) or None, msg))
    return problems


def _add(ds: Dataset, kind: str, record: Any, rel: str, problems: list[Problem]) -> None:
    table: dict[str, Any] = getattr(ds, kind)
    if record.id in table:
        first = ds.origin[(kind, record.id)]
        problems.append(Problem(rel, record.id, "id", f"duplicate id (already defined in {first})"))
        return
    table[record.id] = record
    ds.origin[(kind, record.id)] = rel


def read_dataset(data_dir: Path) -> Dataset:
    """Read every file of ``data_dir``; raise :class:`BuildError` listing all problems found."""
    problems: list[Problem] = []
    ds = Dataset()
    for name, (kind, model, key) in LIST_FILES.items():
        path = data_dir / name
        rel = f"data/{name}"
        if not path.exists():
            problems.append(Problem(rel, None, None, "file is missing"))
            continue
        content = load_yaml_file(path, rel, problems)
        if content is None:
            continue
        if not isinstance(content, dict) or not isinstance(content.get(key), list):
            problems.append(Problem(rel, None, key, f"expected a top-level '{key}:' list"))
            continue
        for index, raw in enumerate(content[key]):
            record = _record(model, raw, rel, f"#{index + 1}", problems)
            if record is not None:
                _add(ds, kind, record, rel, problems)
    action_dir = data_dir / "actions"
    for path in sorted(action_dir.glob("*.yaml")):
        rel = f"data/actions/{path.name}"
        content = load_yaml_file(path, rel, problems)
        if content is None:
            continue
        action = _record(Action, content, rel, path.stem, problems)
        if action is None:
            continue
        if action.id != path.stem:
            problems.append(Problem(rel, action.id, "id", f"must equal the file name '{path.stem}'"))
            continue
        _add(ds, "actions", action, rel, problems)
    if problems:
        raise BuildError(problems)
    return ds
