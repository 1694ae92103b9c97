"""Open the store the settings ask for: embedded in memory (default), embedded on disk, or remote."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from cmkg.config import Settings
from cmkg.stores.base import Store, StoreError
from cmkg.stores.embedded import OxigraphStore
from cmkg.stores.remote import RemoteStore

if TYPE_CHECKING:
    from cmkg.pipeline import Built

log = logging.getLogger("cmkg.stores")


def backend_of(settings: Settings) -> str:
    """The backend in use: CMKG_STORE_BACKEND, except that a store path alone still means disk."""
    if settings.store_backend == "memory" and settings.store_path is not None:
        return "disk"
    return settings.store_backend


def open_store(settings: Settings, built: Built | None = None) -> Store:
    """The store for these settings, holding the validated graph.

    memory: built (now, unless given) and loaded. disk: built, then the folder is reused if it already
    holds this version, else reloaded. remote: nothing is built; the engine serves what `cmkg load` put
    there (the store follows its pointer to the current graph)."""
    backend = backend_of(settings)
    if backend == "remote":
        return RemoteStore.from_settings(settings)
    if built is None:
        from cmkg.pipeline import build_from_settings

        built = build_from_settings(settings)
    if backend == "disk":
        if settings.store_path is None:
            raise StoreError("CMKG_STORE_BACKEND=disk needs CMKG_STORE_PATH (the store's folder)")
        settings.store_path.mkdir(parents=True, exist_ok=True)
        store, reused = OxigraphStore.open_or_load(built.ntriples, settings.store_path, checked=built.parsed_strictly)
        log.info(
            "%s the store at %s (version %s)", "reused" if reused else "loaded", settings.store_path, store.version
        )
        return store
    return OxigraphStore.from_ntriples(built.ntriples, checked=built.parsed_strictly)
