"""Every broken data file fails the build with a message naming file, record and field."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from cmkg.config import Settings
from cmkg.pipeline import build_from_settings
from loaders.errors import BuildError, Problem
from loaders.shacl_engine import VALIDATORS

CASES = yaml.safe_load((Path(__file__).parent / "corpus.yaml").read_text(encoding="utf-8"))["cases"]
SHACL_CASES = [c for c in CASES if c.get("stage") == "shacl"]


def break_data(data: Path, case: dict[str, Any]) -> None:
    target = data / case["file"]
    if case.get("delete"):
        target.unlink()
    elif "content_hex" in case:
        target.write_bytes(bytes.fromhex(case["content_hex"]))
    elif "content" in case:
        target.write_text(case["content"], encoding="utf-8")
    elif "append" in case:
        target.write_text(target.read_text(encoding="utf-8") + case["append"], encoding="utf-8")
    else:
        text = target.read_text(encoding="utf-8")
        old, new = case["replace"]["old"], case["replace"]["new"]
        assert old in text, f"{case['id']}: '{old}' is not in {case['file']} any more; update the case"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(settings: Settings) -> list[Problem]:
    with pytest.raises(BuildError) as info:
        build_from_settings(settings)
    return info.value.problems


def from_shapes(problem: Problem) -> bool:
    """A problem of the SHACL step: it ends with the constraint component (the record checks name none)."""
    return problem.message.endswith("ConstraintComponent]")


def test_corpus_covers_the_issue() -> None:
    ids = {c["id"] for c in CASES}
    for needed in ("malformed-yaml", "malformed-turtle", "duplicate-id", "dangling-city",
                   "sdg-target-that-does-not-exist", "wrong-type-number", "recommendation-spelled-a-new-way",
                   "empty-file"):  # fmt: skip
        assert needed in ids
    assert len(SHACL_CASES) >= 3


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_broken_data_fails_with_a_located_message(case: dict[str, Any], settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data)
    break_data(data, case)
    problems = problems_of(settings.model_copy(update={"data_dir": data}))
    message = "\n".join(str(p) for p in problems)
    for fragment in case["expect"]:
        assert fragment in message, message
    stage = "shacl" if case.get("stage") == "shacl" else "records"
    assert {"shacl" if from_shapes(p) else "records" for p in problems} == {stage}, f"not a {stage} failure"


@pytest.fixture(scope="module")
def problems_under(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Callable[[dict, str], list]:
    """The problems of a broken copy of data/ under an engine, each built once for the module."""
    found: dict[tuple[str, str], list[Problem]] = {}

    def problems(case: dict[str, Any], validator: str) -> list[Problem]:
        if (case["id"], validator) not in found:
            data = tmp_path_factory.mktemp(case["id"]) / "data"
            shutil.copytree(settings.data_dir, data)
            break_data(data, case)
            local = settings.model_copy(update={"data_dir": data, "validator": validator})
            found[case["id"], validator] = problems_of(local)
        return found[case["id"], validator]

    return problems


@pytest.mark.parametrize("validator", VALIDATORS)
@pytest.mark.parametrize("case", SHACL_CASES, ids=[c["id"] for c in SHACL_CASES])
def test_shacl_failure_is_the_same_under_each_engine(
    case: dict[str, Any], validator: str, problems_under: Callable[[dict, str], list[Problem]]
) -> None:
    problems = problems_under(case, validator)
    message = "\n".join(str(p) for p in problems)
    for fragment in case["expect"]:
        assert fragment in message, message
    assert problems == problems_under(case, "pyshacl")  # the reference
