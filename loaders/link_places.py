"""One run of ``cmkg link-places``: match, then the new text of the data files and of the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loaders import link_report
from loaders.places import Gazetteer, LinkResult, iso_countries, link_all
from loaders.read import read_dataset
from loaders.records import PlaceLink
from loaders.yaml_lines import set_fields

REPORT_FILE = "link-report.md"


@dataclass(frozen=True)
class LinkPlan:
    result: LinkResult
    files: dict[Path, str]  # every file the run writes, with its new content

    def out_of_date(self) -> list[Path]:
        """The files whose content differs from what the run would write."""
        return [p for p, text in self.files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]

    def write(self) -> list[Path]:
        changed = self.out_of_date()
        for path in changed:
            path.write_text(self.files[path], encoding="utf-8")
        return changed


def link_fields(link: PlaceLink) -> dict[str, Any]:
    """The ``geo:`` mapping as it is written in the data (``geonames: null`` kept, other empty keys left out)."""
    fields = link.model_dump(exclude_none=True)
    return fields if "geonames" in fields else {"geonames": None, **fields}


def plan(data_dir: Path, gazetteer: Gazetteer | None = None) -> LinkPlan:
    """Match every country, city and district of ``data_dir`` and compute the files to write."""
    ds = read_dataset(data_dir)
    iso, iso_source = iso_countries()
    result = link_all(ds, gazetteer or Gazetteer.load(), iso, iso_source)
    country_updates: dict[str, dict[str, Any]] = {}
    for m in result.countries:
        fields: dict[str, Any] = {}
        if m.codes:
            fields["codes"] = m.codes.model_dump()
        if m.geonames is not None:
            fields["geonames"] = m.geonames
        if fields:
            country_updates[m.id] = fields
    place_updates: dict[str, dict[str, dict[str, Any]]] = {"city": {}, "district": {}}
    for p in result.places:
        if p.link is not None:
            place_updates[p.kind][p.id] = {"geo": link_fields(p.link)}
    files = {}
    for name, list_key, updates in (
        ("countries.yaml", "countries", country_updates),
        ("cities.yaml", "cities", place_updates["city"]),
        ("districts.yaml", "districts", place_updates["district"]),
    ):
        path = data_dir / name
        files[path] = set_fields(path.read_text(encoding="utf-8"), list_key, updates)
    files[data_dir / REPORT_FILE] = link_report.render(result)
    return LinkPlan(result, files)
