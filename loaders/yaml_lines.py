"""Set one field of one record in our hand-edited YAML list files, keeping every other byte as it is.

Curation commands (``cmkg link-places``) record what they found as a one-line field of a record, e.g.
``    geo: {geonames: 2530335, lat: 35.76727, ...}``. Rewriting the whole file with a YAML library would lose
the comments, quoting and layout the editors chose, so the field's line is replaced (or inserted before the
record's ``sources:``) in the text, and the result is checked: it must parse to the old content with only
those fields changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import yaml

RECORD_START = re.compile(r"^  - id: *(?P<id>[\"']?[a-z0-9-]+[\"']?) *$")
FIELD_INDENT = "    "


class YamlEditError(ValueError):
    """The file does not have the layout this module edits (or the edit would change something else)."""


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")


def flow(value: Any) -> str:
    """A scalar or a flat mapping as one line of YAML, e.g. ``{geonames: 2530335, name: "Tangier"}``."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}: {scalar(item)}" for key, item in value.items()) + "}"
    return scalar(value)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _record_span(lines: list[str], record_id: str) -> tuple[int, int]:
    start = None
    for index, line in enumerate(lines):
        match = RECORD_START.match(line)
        if match and match["id"].strip("\"'") == record_id:
            start = index
            break
    if start is None:
        raise YamlEditError(f"no record '  - id: {record_id}'")
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and (_indent(line) < len(FIELD_INDENT) or RECORD_START.match(line)):
            break
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


def set_field(text: str, record_id: str, key: str, value: Any) -> str:
    """``text`` with the field ``key`` of record ``record_id`` set to ``value`` (one line)."""
    lines = text.split("\n")
    start, end = _record_span(lines, record_id)
    new_line = f"{FIELD_INDENT}{key}: {flow(value)}"
    prefix = f"{FIELD_INDENT}{key}:"
    for index in range(start + 1, end):
        if lines[index].startswith(prefix) and _indent(lines[index]) == len(FIELD_INDENT):
            stop = index + 1
            while stop < end and lines[stop].strip() and _indent(lines[stop]) > len(FIELD_INDENT):
                stop += 1
            lines[index:stop] = [new_line]
            return "\n".join(lines)
    position = end
    for index in range(start + 1, end):
        if lines[index].startswith(f"{FIELD_INDENT}sources:"):
            position = index
            break
    lines.insert(position, new_line)
    return "\n".join(lines)


def set_fields(text: str, list_key: str, updates: Mapping[str, Mapping[str, Any]]) -> str:
    """Set several fields (``{record id: {key: value}}``) and check that nothing else changed."""
    before = yaml.safe_load(text)
    out = text
    for record_id, fields in updates.items():
        for key, value in fields.items():
            out = set_field(out, record_id, key, value)
    after = yaml.safe_load(out)
    expected = yaml.safe_load(text)
    for record in expected[list_key]:
        for key, value in updates.get(record.get("id"), {}).items():
            record[key] = yaml.safe_load(flow(value))
    if after != expected or len(after[list_key]) != len(before[list_key]):
        raise YamlEditError(f"editing '{list_key}' would change more than the fields set")
    return out
