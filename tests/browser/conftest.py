"""Fixtures of the browser tests: a live server on 127.0.0.1 and Debian's chromium driven by Playwright.

Playwright cannot download its own browsers here, so it drives /usr/bin/chromium (`make browsers`). Without
it the browser tests skip, except in CI (CI=true), where a missing browser or missing front-end libraries
(`make ui`) are failures. Screenshots go to test-artifacts/ (gitignored)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers.ui import VENDOR_DIR
from cmkg.config import PROJECT_ROOT, Settings
from cmkg.store import OxigraphStore
from tests.live import live_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the browser and libraries must be installed."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing browser or front-end library is a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pages_client(settings: Settings, store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store)) as client:
        yield client


@pytest.fixture(scope="session")
def server(settings: Settings, store: OxigraphStore) -> Iterator[str]:
    with live_server(create_app(settings, store)) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        unavailable(f"no {CHROMIUM} (make browsers)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a new user-data-dir for every run
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        # Nothing leaves the machine: only the live server on 127.0.0.1 answers (the map's tiles fail, as
        # they do offline, and the markers must still show).
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort(),
        )
        yield context
        context.close()


@pytest.fixture
def page(browser_context, server: str):
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.base = server  # type: ignore[attr-defined]
    yield page
    page.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def need_vendor():
    def check(library: str) -> None:
        if not (VENDOR_DIR / library).is_dir():
            unavailable(f"front-end library {library} not installed in {VENDOR_DIR} (make ui)")

    return check


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
