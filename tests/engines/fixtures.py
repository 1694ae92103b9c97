"""Real SPARQL engines for the tests: started on 127.0.0.1 by the project's own scripts, stopped at the end.

Each engine runs once per test session, on a free port, with its data in a temporary folder
(scripts/engines/{name}.sh start|stop DIR PORT). An engine that is not installed fails the run in CI
(CI=true: `make test` installs them with scripts/engines/install.sh) and is skipped, with the reason,
elsewhere (e.g. a developer without root cannot install Virtuoso).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cmkg.config import PROJECT_ROOT, Settings
from cmkg.stores import RemoteStore

SCRIPTS = PROJECT_ROOT / "scripts" / "engines"
ENGINE_TIMEOUT = 3  # seconds an engine may spend on one query (tests run deliberately endless ones)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unavailable(reason: str) -> None:
    """A missing engine: a failure in CI, where `make test` installs every engine; a skip elsewhere."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: every engine must run; `make engines` installs them)", pytrace=False)
    pytest.skip(f"{reason}; install it with scripts/engines/install.sh (as root for Virtuoso)")


def missing(name: str) -> str | None:
    if name == "oxigraph":
        venv_bin = PROJECT_ROOT / ".venv" / "bin" / "oxigraph"
        if not venv_bin.exists() and shutil.which("oxigraph") is None:
            return "the Oxigraph server (`oxigraph`, PyPI package oxigraph) is not installed"
    if name == "virtuoso" and shutil.which("virtuoso-t") is None:
        return "Virtuoso 7 (`virtuoso-t`, Debian package virtuoso-opensource) is not installed"
    return None


@dataclass
class Engine:
    name: str
    directory: Path
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def remote_settings(self) -> dict[str, object]:
        """The CMKG_REMOTE_* settings that point the service at this engine."""
        base = self.base_url
        if self.name == "virtuoso":
            return {
                "store_backend": "remote",
                "remote_query_url": f"{base}/sparql",
                "remote_update_url": f"{base}/sparql-auth",
                "remote_gsp_url": f"{base}/sparql-graph-crud-auth",
                "remote_user": "dba",
                "remote_password": "dba",
                "remote_auth": "digest",
            }
        return {
            "store_backend": "remote",
            "remote_query_url": f"{base}/query",
            "remote_update_url": f"{base}/update",
            "remote_gsp_url": f"{base}/store",
        }

    def settings(self, settings: Settings, **updates: object) -> Settings:
        return settings.model_copy(update={**self.remote_settings(), **updates})

    def store(self, settings: Settings, **updates: object) -> RemoteStore:
        return RemoteStore.from_settings(self.settings(settings, query_timeout=ENGINE_TIMEOUT, **updates))

    def script(self, action: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "OXIGRAPH_TIMEOUT": str(ENGINE_TIMEOUT), "VIRTUOSO_TIMEOUT": str(ENGINE_TIMEOUT)}
        command = ["bash", str(SCRIPTS / f"{self.name}.sh"), action, str(self.directory), str(self.port)]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=180, check=False)

    def stop(self) -> None:
        self.script("stop")


def start_engine(name: str, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    reason = missing(name)
    if reason:
        unavailable(reason)
    engine = Engine(name, tmp_path_factory.mktemp(name), free_port())
    started = engine.script("start")
    if started.returncode != 0:
        engine.stop()
        pytest.fail(f"{name} is installed but did not start:\n{started.stdout}\n{started.stderr}", pytrace=False)
    return engine


@pytest.fixture(scope="session")
def oxigraph_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = start_engine("oxigraph", tmp_path_factory)
    yield engine
    engine.stop()


@pytest.fixture(scope="session")
def virtuoso_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = start_engine("virtuoso", tmp_path_factory)
    yield engine
    engine.stop()


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each remote engine in turn (for tests of the remote backend itself)."""
    return request.getfixturevalue(f"{request.param}_engine")
