from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from cmkg.config import Settings
from cmkg.store import OxigraphStore


@pytest.fixture(scope="session")
def client(settings: Settings, store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client
