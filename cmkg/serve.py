"""`cmkg serve`: build and validate the graph, load it into the store, serve it with uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from cmkg.config import get_settings
from cmkg.pipeline import build_from_settings, store_from_built
from loaders.errors import BuildError

console = Console(stderr=True)


def serve_command(
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    store_path: Annotated[
        Path | None, typer.Option("--store-path", help="On-disk store folder (default: in memory).")
    ] = None,
    base_iri: Annotated[str | None, typer.Option("--base-iri", help="Base IRI of our resources.")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Build + validate the graph, then serve SPARQL, REST, linked-data URIs and dumps over HTTP."""
    updates = {k: v for k, v in {"host": host, "port": port, "store_path": store_path, "base_iri": base_iri}.items()
               if v is not None}  # fmt: skip
    settings = get_settings().model_copy(update=updates)
    with console.status("Building and validating the graph ..."):
        try:
            built = build_from_settings(settings)
        except BuildError as exc:
            console.print(f"[bold red]Build failed, nothing is served[/]: {len(exc.problems)} problem(s)")
            for problem in exc.problems:
                console.print(f"  - {problem}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(code=1) from None
    store = store_from_built(built, settings.store_path)
    console.print(f"[green]Serving {len(store)} triples[/] on http://{settings.host}:{settings.port}/ (docs: /docs)")
    from api.app import create_app

    logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("cmkg").setLevel(log_level.upper())
    # our access log (cmkg.access) carries the duration of each request; uvicorn's would repeat it
    uvicorn.run(
        create_app(settings, store), host=settings.host, port=settings.port, log_level=log_level, access_log=False
    )
