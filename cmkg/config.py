"""All configuration, in one place, read from the environment (prefix ``CMKG_``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CMKG_", env_file=".env", extra="ignore")

    base_iri: str = Field(
        "https://w3id.org/cmkg/",
        description="Base IRI of every resource we mint (city/, action/, ...). Must end with '/'.",
    )
    data_dir: Path = PROJECT_ROOT / "data"
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    shapes_dir: Path = PROJECT_ROOT / "shapes"
    queries_dir: Path = PROJECT_ROOT / "queries"
    output_dir: Path = Field(PROJECT_ROOT / "dist", description="Where `cmkg build` writes dumps.")
    validator: Literal["fast", "pyshacl"] = Field(
        "fast",
        description="SHACL engine of the build and reload: fast = shapes compiled to SPARQL on pyoxigraph (same "
        "report as pyshacl); pyshacl = the reference implementation.",
    )

    # serving
    host: str = Field("127.0.0.1", description="Interface `cmkg serve` listens on.")
    port: int = Field(8000, ge=1, le=65535)
    store_path: Path | None = Field(
        None, description="On-disk pyoxigraph store folder; default: in memory, rebuilt at start."
    )
    query_timeout: float = Field(10.0, gt=0, description="Seconds a SPARQL query may run before a 503.")
    max_result_rows: int = Field(10_000, ge=1, description="Rows (or triples) returned at most per query.")
    max_body_bytes: int = Field(1_000_000, ge=1024, description="Largest request body accepted (413 above).")
    allow_service: bool = Field(
        False, description="Allow SPARQL SERVICE (federation). Off: it makes the server fetch URLs."
    )
    # stores: "memory" (embedded pyoxigraph, default), "disk" (embedded, at store_path), "remote" (SPARQL 1.1
    # Query + Graph Store Protocol endpoints of another engine: Oxigraph server, Virtuoso, Fuseki, ...)
    store_backend: Literal["memory", "disk", "remote"] = "memory"
    remote_query_url: str | None = Field(None, description="SPARQL query endpoint of the remote store.")
    remote_update_url: str | None = Field(None, description="SPARQL update endpoint of the remote store.")
    remote_gsp_url: str | None = Field(None, description="Graph Store Protocol endpoint of the remote store.")
    remote_user: str | None = None
    remote_password: str | None = None
    remote_auth: Literal["basic", "digest"] = "basic"
    # isolation of embedded queries (see api/workers.py)
    query_workers: int = Field(
        2, ge=0, le=64, description="Worker processes running embedded queries (0: threads, no hard stop)."
    )
    worker_memory_mb: int = Field(2048, ge=0, description="Address-space limit of a query worker (0: none).")
    worker_store: Literal["memory", "disk"] = Field(
        "memory",
        description="Where each query worker keeps its copy of the graph: memory (fastest queries, one copy per "
        "worker) or a shared read-only disk copy (less memory, queries several times slower).",
    )
    queue_timeout: float = Field(
        1.0, ge=0, description="Seconds a query may wait for a free worker before it gets 429 (Retry-After)."
    )
    retry_after: int = Field(1, ge=1, description="Retry-After seconds sent with 429 when all workers are busy.")
    # operations
    admin_token: str | None = Field(None, description="Bearer token for POST /admin/reload; unset: reload disabled.")
    cache_entries: int = Field(2048, ge=0, description="Cached canned-query and REST responses (0: no cache).")
    page_size: int = Field(50, ge=1, le=1000, description="Default page size of REST lists.")
    max_page_size: int = Field(500, ge=1, description="Largest `limit` of REST lists.")


@lru_cache
def get_settings() -> Settings:
    return Settings()
