from __future__ import annotations

from pathlib import Path

import pytest

from cmkg.catalog import CannedQuery, load_catalog
from cmkg.config import PROJECT_ROOT, Settings
from cmkg.pipeline import Built, build_from_settings, store_from_built
from cmkg.store import OxigraphStore

SHARED = PROJECT_ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
REFERENCE = SHARED / "reference" / "sdg-kos-goals-targets-indicators.ttl"
BASE = "https://w3id.org/cmkg/"

# real SPARQL engines (Oxigraph server, Virtuoso) as session fixtures, for the remote store backend
pytest_plugins = ["tests.engines.fixtures"]


def need(path: Path) -> Path:
    """The shared folder lies beside the clone (as in CI); without it these checks cannot run."""
    if not path.exists():
        pytest.skip(f"{path} is not there (clone the project next to its shared/ folder)")
    return path


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(base_iri=BASE)


@pytest.fixture(scope="session")
def built(settings: Settings) -> Built:
    return build_from_settings(settings)


@pytest.fixture(scope="session")
def store(built: Built) -> OxigraphStore:
    return store_from_built(built)


@pytest.fixture(scope="session")
def catalog(settings: Settings) -> dict[str, CannedQuery]:
    return load_catalog(settings.queries_dir)
