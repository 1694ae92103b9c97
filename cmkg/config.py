"""All configuration, in one place, read from the environment (prefix ``CMKG_``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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


@lru_cache
def get_settings() -> Settings:
    return Settings()
