"""The synthetic graphs of bench.synth: deterministic, of the size asked for, shaped like ours and valid."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from bench.synth import BASE, generate, main
from cmkg.config import Settings
from loaders.shacl_fast import FastValidator
from loaders.validate import load_shapes, validate_graph


@pytest.fixture(scope="module")
def small() -> bytes:
    return generate(10_000, seed=1)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(Settings().shapes_dir)


def test_same_seed_same_bytes_other_seed_other_graph(small: bytes) -> None:
    assert generate(10_000, seed=1) == small
    assert generate(10_000, seed=2) != small


def test_sorted_ntriples_without_blank_nodes(small: bytes) -> None:
    lines = small.decode("utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert small.endswith(b"\n") and not any(line.startswith("_:") or " _:" in line for line in lines)
    assert len(list(ox.parse(small, format=ox.RdfFormat.N_TRIPLES))) == len(lines)


def test_iris_follow_the_mapping(small: bytes) -> None:
    subjects = {line.split(" ", 1)[0][1:-1] for line in small.decode().splitlines()}
    ours = sorted(s for s in subjects if s.startswith(BASE) and not s.startswith(f"{BASE}ontology"))
    patterns = [
        r"(source|country|city|district|recommendation|focus-area|outcome-statement|organisation|project|meeting"
        r"|publication|action)/[a-z0-9]+(-[a-z0-9]+)*",
        r"[a-z-]+/[a-z0-9-]+/(derivation/[a-z0-9-]+|note/[a-z0-9-]+|role/[a-z0-9-]+|migrant-share/\d{4}|population)",
        r"action/[a-z0-9-]+/(objective|activity|outcome)/[a-z0-9-]+",
        r"scheme/[a-z0-9-]+(/[a-z0-9-]+)?",
        r"dataset",
    ]
    odd = [s for s in ours if not any(re.fullmatch(p, s[len(BASE) :]) for p in patterns)]
    assert not odd, odd[:5]


@pytest.mark.parametrize("target", [10_000, 100_000])
def test_size_within_ten_percent(target: int, small: bytes) -> None:
    data = small if target == 10_000 else generate(target, seed=1)
    assert abs(data.count(b"\n") - target) <= 0.1 * target


def test_10k_conforms_for_pyshacl(small: bytes, shapes: Graph) -> None:
    report = validate_graph(Graph().parse(data=small.decode(), format="nt"), shapes)
    assert report.conforms, [v.describe() for v in report.violations[:10]]


def test_100k_conforms_for_the_fast_validator(shapes: Graph) -> None:
    store = ox.Store()
    store.load(generate(100_000, seed=4), format=ox.RdfFormat.N_TRIPLES)
    report = FastValidator(shapes).validate(store)
    assert report.conforms, [v.describe() for v in report.violations[:10]]


def test_command_line_writes_the_same_graph(tmp_path: Path, small: bytes) -> None:
    out = tmp_path / "synth.nt"
    assert main(["--triples", "10000", "--seed", "1", "--out", str(out)]) == 0
    assert out.read_bytes() == small
