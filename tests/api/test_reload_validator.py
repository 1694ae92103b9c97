"""POST /admin/reload validates with the SHACL engine of the settings; both refuse the same data alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from cmkg.config import Settings
from cmkg.pipeline import build_from_settings, store_from_built
from loaders.shacl_engine import VALIDATORS

STORE_BACKENDS = ("embedded",)
TOKEN = "test-token-123"


@pytest.mark.parametrize("validator", VALIDATORS)
def test_reload_refuses_a_shacl_violation_under_each_engine(validator: str, settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data)
    local = settings.model_copy(update={"data_dir": data, "admin_token": TOKEN, "validator": validator})
    with TestClient(create_app(local, store_from_built(build_from_settings(local)))) as client:
        version = client.get("/health").json()["graph_version"]
        action = data / "actions" / "tangeraccueil.yaml"
        text = action.read_text(encoding="utf-8")
        action.write_text(text.replace("project: mc2cm", "project: null", 1), encoding="utf-8")
        r = client.post("/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 422, r.text
        assert r.json()["detail"] == [
            "data/actions/tangeraccueil.yaml record 'tangeraccueil' field 'cmkg:partOfProject': "
            "https://w3id.org/cmkg/action/tangeraccueil: Less than 1 values on "
            "<https://w3id.org/cmkg/action/tangeraccueil>->cmkg:partOfProject [sh:MinCountConstraintComponent]"
        ]
        assert client.get("/health").json()["graph_version"] == version
