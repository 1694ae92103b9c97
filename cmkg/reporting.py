"""How the command line tells a user that a build failed: one line per problem, never wrapped."""

from __future__ import annotations

import typer
from rich.console import Console

from cmkg.config import Settings
from cmkg.pipeline import Built, build_from_settings
from loaders.errors import BuildError


def build_or_exit(settings: Settings, console: Console, status: str, failed: str) -> Built:
    """Build and validate under a spinner; on failure list every problem and exit 1."""
    with console.status(status):
        try:
            return build_from_settings(settings)
        except BuildError as exc:
            console.print(f"[bold red]{failed}[/]: {len(exc.problems)} problem(s)")
            for problem in exc.problems:
                console.print(f"  - {problem}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(code=1) from None
