"""Every broken data file fails the build with a message naming file, record and field."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from cmkg.config import Settings
from cmkg.pipeline import build_from_settings
from loaders.errors import BuildError

CASES = yaml.safe_load((Path(__file__).parent / "corpus.yaml").read_text(encoding="utf-8"))["cases"]


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


def test_corpus_covers_the_issue() -> None:
    ids = {c["id"] for c in CASES}
    for needed in ("malformed-yaml", "malformed-turtle", "duplicate-id", "dangling-city",
                   "sdg-target-that-does-not-exist", "wrong-type-number", "recommendation-spelled-a-new-way",
                   "empty-file"):  # fmt: skip
        assert needed in ids


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_broken_data_fails_with_a_located_message(case: dict[str, Any], settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data)
    break_data(data, case)
    with pytest.raises(BuildError) as info:
        build_from_settings(settings.model_copy(update={"data_dir": data}))
    message = str(info.value)
    for fragment in case["expect"]:
        assert fragment in message, message
