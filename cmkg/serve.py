"""`cmkg serve`: open the store the settings choose, then serve it with uvicorn.

memory (default): build + validate the graph and load it in memory. disk: the same, but the on-disk store
is reused when it already holds this version. remote: nothing is built here; the engine serves what
`cmkg load` put into it (and the service follows each later `cmkg load`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Literal

import typer
import uvicorn
from rich.console import Console

from cmkg.config import Settings, get_settings
from cmkg.reporting import build_or_exit
from cmkg.stores import RemoteStore, Store, StoreError, backend_of, open_store

console = Console(stderr=True)


def store_for_serving(settings: Settings) -> Store:
    """The store to serve, with what it holds said on the console; exits 1 if there is nothing to serve."""
    backend = backend_of(settings)
    if backend == "remote":
        try:
            store = RemoteStore.from_settings(settings)
            current = store.check()
            triples = len(store)
        except StoreError as exc:
            console.print(f"[bold red]Nothing to serve[/]: {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=1) from None
        console.print(
            f"Remote store: {store.engine}, graph {current.graph}, version {current.version}, {triples} triples"
        )
        return store
    built = build_or_exit(settings, console, "Building and validating the graph ...", "Build failed, nothing is served")
    try:
        store = open_store(settings, built)
    except (StoreError, OSError) as exc:
        console.print(f"[bold red]Cannot open the store[/]: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from None
    where = f"on disk at {settings.store_path}" if backend == "disk" else "in memory"
    console.print(f"Embedded store {where}, version {store.version}")
    return store


def serve_command(
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    backend: Annotated[
        Literal["memory", "disk", "remote"] | None,
        typer.Option("--backend", help="Store backend (default: CMKG_STORE_BACKEND, else memory)."),
    ] = None,
    store_path: Annotated[
        Path | None, typer.Option("--store-path", help="On-disk store folder (implies the disk backend).")
    ] = None,
    base_iri: Annotated[str | None, typer.Option("--base-iri", help="Base IRI of our resources.")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Open the store (build + validate, unless remote), then serve SPARQL, REST, linked-data URIs and dumps."""
    options = {"host": host, "port": port, "store_backend": backend, "store_path": store_path, "base_iri": base_iri}
    settings = get_settings().model_copy(update={k: v for k, v in options.items() if v is not None})
    if store_path is not None and backend is None:
        settings = settings.model_copy(update={"store_backend": "disk"})
    store = store_for_serving(settings)
    console.print(f"[green]Serving {len(store)} triples[/] on http://{settings.host}:{settings.port}/ (docs: /docs)")
    from api.app import create_app

    logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("cmkg").setLevel(log_level.upper())
    # our access log (cmkg.access) carries the duration of each request; uvicorn's would repeat it
    uvicorn.run(
        create_app(settings, store), host=settings.host, port=settings.port, log_level=log_level, access_log=False
    )
