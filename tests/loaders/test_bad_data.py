"""Broken data fails the build with a message naming file, record and field; nothing is written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from cmkg.config import Settings
from cmkg.pipeline import build_from_settings
from loaders.errors import BuildError
from loaders.shacl_engine import VALIDATORS


@pytest.fixture
def data_copy(tmp_path: Path, settings: Settings) -> Path:
    target = tmp_path / "data"
    shutil.copytree(settings.data_dir, target)
    return target


def edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build_errors(settings: Settings, data_dir: Path) -> str:
    with pytest.raises(BuildError) as info:
        build_from_settings(settings.model_copy(update={"data_dir": data_dir}))
    return str(info.value)


def test_wrong_sdg_code(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "actions/tangeraccueil.yaml", lambda a: a["sdg_targets"].append("16.16"))
    message = build_errors(settings, data_copy)
    assert "data/actions/tangeraccueil.yaml record 'tangeraccueil' field 'sdg_targets[6]'" in message
    assert "'16.16' is not a target in the UN SDG list" in message


def test_malformed_sdg_code(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "actions/tangeraccueil.yaml", lambda a: a["sdg_targets"].append("16-b"))
    message = build_errors(settings, data_copy)
    assert "field 'sdg_targets[6]'" in message and "should match pattern" in message


def test_missing_city(settings: Settings, data_copy: Path) -> None:
    def drop(action: dict) -> None:
        action["cities"] = []

    edit_yaml(data_copy / "actions/tangeraccueil.yaml", drop)
    message = build_errors(settings, data_copy)
    assert "record 'tangeraccueil' field 'cities': an action needs a city" in message


def test_unknown_city(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "actions/tangeraccueil.yaml", lambda a: a.update(cities=["tanger"]))
    message = build_errors(settings, data_copy)
    assert "record 'tangeraccueil' field 'cities[0]': unknown city 'tanger'" in message


def test_unknown_recommendation(settings: Settings, data_copy: Path) -> None:
    def misspell(action: dict) -> None:
        action["recommendations"][0] = "protection-from-discrimination"

    edit_yaml(data_copy / "actions/ramallah-inclusion-policy.yaml", misspell)
    message = build_errors(settings, data_copy)
    assert "ramallah-inclusion-policy.yaml record 'ramallah-inclusion-policy' field 'recommendations[0]'" in message
    assert "unknown recommendation 'protection-from-discrimination'" in message


def test_unknown_field(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "actions/tangeraccueil.yaml", lambda a: a.update(citys=["tangier"]))
    assert "record 'tangeraccueil' field 'citys': unknown field" in build_errors(settings, data_copy)


def test_wrong_type(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "actions/tangeraccueil.yaml", lambda a: a.update(sdg_goals=["eleven"]))
    message = build_errors(settings, data_copy)
    assert "record 'tangeraccueil' field 'sdg_goals[0]'" in message


def test_duplicate_id(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "cities.yaml", lambda c: c["cities"].append(dict(c["cities"][0])))
    message = build_errors(settings, data_copy)
    assert "data/cities.yaml record 'irbid' field 'id': duplicate id" in message


def test_malformed_yaml(settings: Settings, data_copy: Path) -> None:
    (data_copy / "countries.yaml").write_text("countries:\n  - id: [unclosed\n", encoding="utf-8")
    message = build_errors(settings, data_copy)
    assert "data/countries.yaml: malformed YAML at line" in message


def test_empty_file(settings: Settings, data_copy: Path) -> None:
    (data_copy / "meetings.yaml").write_text("", encoding="utf-8")
    assert "data/meetings.yaml: the file is empty" in build_errors(settings, data_copy)


def test_file_name_must_match_id(settings: Settings, data_copy: Path) -> None:
    shutil.copy(data_copy / "actions/tangeraccueil.yaml", data_copy / "actions/tangier-copy.yaml")
    message = build_errors(settings, data_copy)
    assert "data/actions/tangier-copy.yaml record 'tangeraccueil' field 'id'" in message


@pytest.mark.parametrize("validator", VALIDATORS)
def test_shacl_violation_names_the_record(settings: Settings, data_copy: Path, validator: str) -> None:
    """A record the loader accepts but the shapes refuse: a targeted city action with no recommendation."""
    edit_yaml(data_copy / "actions/tangeraccueil.yaml", lambda a: a.update(recommendations=[]))
    message = build_errors(settings.model_copy(update={"validator": validator}), data_copy)
    assert "data/actions/tangeraccueil.yaml record 'tangeraccueil'" in message
    assert "cmkg:addressesRecommendation" in message
    assert "addresses at least one MC2CM recommendation" in message


def test_every_problem_is_reported_at_once(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "actions/tangeraccueil.yaml", lambda a: a.update(cities=["nowhere"]))
    edit_yaml(data_copy / "actions/acmals-sfax.yaml", lambda a: a["recommendations"].append("housing"))
    message = build_errors(settings, data_copy)
    assert "unknown city 'nowhere'" in message and "unknown recommendation 'housing'" in message


def test_ill_formed_language_tag(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "cities.yaml", lambda c: c["cities"][0]["alt_names"].append({"fr_FR": "Irbid"}))
    message = build_errors(settings, data_copy)
    assert "data/cities.yaml record 'irbid' field 'alt_names[1]'" in message
    assert "'fr_FR' is not a language tag" in message


def test_coordinates_out_of_range(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "cities.yaml", lambda c: c["cities"][0]["geo"].update(lat=95.5, long=-181))
    message = build_errors(settings, data_copy)
    assert "record 'irbid' field 'geo.lat': Input should be less than or equal to 90" in message
    assert "record 'irbid' field 'geo.long': Input should be greater than or equal to -180" in message


def test_unlinked_place_needs_a_reason(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "cities.yaml", lambda c: c["cities"][0].update(geo={"geonames": None}))
    message = build_errors(settings, data_copy)
    assert "record 'irbid' field 'geo'" in message and "geonames: null needs a no_link_reason" in message


@pytest.mark.parametrize("validator", VALIDATORS)
def test_city_without_place_link_fails_the_shapes(settings: Settings, data_copy: Path, validator: str) -> None:
    """A new city nobody has run `cmkg link-places` for: the loader accepts it, the shapes do not."""
    edit_yaml(data_copy / "cities.yaml", lambda c: c["cities"][0].pop("geo"))
    message = build_errors(settings.model_copy(update={"validator": validator}), data_copy)
    assert "data/cities.yaml record 'irbid'" in message
    assert "needs a GeoNames link (schema:sameAs) with WGS84 coordinates" in message
    assert "run `cmkg link-places`" in message


def test_country_code_not_iso_shaped(settings: Settings, data_copy: Path) -> None:
    edit_yaml(data_copy / "countries.yaml", lambda c: c["countries"][0]["codes"].update(m49=400))
    message = build_errors(settings, data_copy)
    assert "data/countries.yaml record 'jordan' field 'codes.m49'" in message
