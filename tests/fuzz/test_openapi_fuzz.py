"""Fuzzing every operation of the OpenAPI schema with schemathesis against a live server.

CI runs a fixed example budget per operation (CMKG_FUZZ_EXAMPLES, default 15) with a fixed seed. For the
longer run maintainers do before a release:
    CMKG_FUZZ_EXAMPLES=300 .venv/bin/pytest tests/fuzz -q
Checks: no server error, every response conforms to the documented schema and status codes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.app import create_app
from cmkg.config import Settings
from cmkg.store import OxigraphStore
from tests.live import live_server

EXAMPLES = int(os.environ.get("CMKG_FUZZ_EXAMPLES", "15"))


@pytest.fixture(scope="module")
def fuzz_url(settings: Settings, store: OxigraphStore) -> Iterator[str]:
    # timeouts short and more workers, so fuzzed queries neither stall the run nor hit 429
    fuzz_settings = settings.model_copy(update={"query_timeout": 2.0, "query_workers": 4})
    with live_server(create_app(fuzz_settings, store)) as url:
        yield url


def test_every_operation_survives_fuzzing(fuzz_url: str, tmp_path: Path) -> None:
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    command = [
        cli, "run", f"{fuzz_url}/openapi.json",
        "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance",
        "--max-examples", str(EXAMPLES), "--seed", "20261127", "--generation-deterministic",
        "--request-timeout", "30", "--report", "junit", "--report-dir", str(tmp_path),
        "--no-color",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=1500, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
