"""Curation commands set one line of one record and leave every other byte of the file alone."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from loaders.yaml_lines import YamlEditError, flow, set_field, set_fields

TEXT = """# Cities (a comment the editors wrote)
cities:
  - id: tangier
    name: {en: "Tangier"}
    alt_names:
      - {fr: "Tanger"}
    country: morocco
    sources:
      - {source: seed, passage: "Tangier"}
  - id: rabat
    name: {en: 'Rabat'}
    country: morocco
    geo: {geonames: 1}
    sources: [{source: seed, passage: "Rabat"}]
    notes:
      - field: geo
        source: seed
        source_says: "Rabat"
        we_store: "2538475"
        why: >-
          Morocco, not Malta.
"""


def test_flow_writes_one_yaml_line() -> None:
    line = flow({"geonames": None, "lat": Decimal("-5.79975"), "name": 'Dar "el" Beïda', "population": 3})
    assert line == '{geonames: null, lat: -5.79975, name: "Dar \\"el\\" Beïda", population: 3}'
    assert yaml.safe_load(line) == {"geonames": None, "lat": -5.79975, "name": 'Dar "el" Beïda', "population": 3}


def test_a_new_field_goes_before_sources_and_nothing_else_moves() -> None:
    out = set_field(TEXT, "tangier", "geo", {"geonames": 2530335})
    assert out.splitlines()[6:8] == ["    country: morocco", "    geo: {geonames: 2530335}"]
    assert out.replace("    geo: {geonames: 2530335}\n", "") == TEXT


def test_an_existing_field_is_replaced_in_place() -> None:
    out = set_field(TEXT, "rabat", "geo", {"geonames": 2538475})
    assert out == TEXT.replace("geo: {geonames: 1}", "geo: {geonames: 2538475}")
    assert set_field(out, "rabat", "geo", {"geonames": 2538475}) == out  # idempotent


def test_set_fields_checks_that_only_those_fields_changed() -> None:
    out = set_fields(TEXT, "cities", {"tangier": {"geo": {"geonames": 2530335}}, "rabat": {"geo": {"geonames": 7}}})
    data = yaml.safe_load(out)
    assert [c["geo"] for c in data["cities"]] == [{"geonames": 2530335}, {"geonames": 7}]
    assert data["cities"][1]["notes"][0]["why"] == "Morocco, not Malta."
    assert out.startswith("# Cities (a comment the editors wrote)\n")


def test_unknown_record_is_an_error() -> None:
    with pytest.raises(YamlEditError, match="no record"):
        set_field(TEXT, "tanger", "geo", {"geonames": 1})
