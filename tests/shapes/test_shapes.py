"""Every constraint of shapes/ has cases: a valid base graph, and changes to it that must violate.

A case file in cases/invalid/ is Turtle added to ``base.ttl`` after the triples of its ``# delete:``
lines (N-Triples, IRIs may use the prefixes of base.ttl written out in full) are removed. Its
``# expect:`` lines list every (constraint component, path) the SHACL report must contain, and nothing
else. Cases in cases/valid/ must conform.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from cmkg.config import Settings
from loaders.validate import load_shapes, validate_graph

HERE = Path(__file__).parent
CASES = HERE / "cases"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(Settings().shapes_dir)


def parse_case(path: Path) -> tuple[Graph, set[tuple[str, str]]]:
    text = path.read_text(encoding="utf-8")
    expected: set[tuple[str, str]] = set()
    deletes = []
    for line in text.splitlines():
        if line.startswith("# expect:"):
            component, _, prop = line.removeprefix("# expect:").strip().partition(" ")
            expected.add((component, prop.strip()))
        elif line.startswith("# delete:"):
            deletes.append(line.removeprefix("# delete:").strip())
    graph = Graph().parse(HERE / "base.ttl", format="turtle")
    if deletes:
        doomed = Graph().parse(data="\n".join(deletes), format="nt")
        assert len(doomed) == len(deletes), f"{path.name}: a # delete: line did not parse"
        for triple in doomed:
            assert triple in graph, f"{path.name}: deleted triple not in base.ttl: {triple}"
            graph.remove(triple)
    graph.parse(data=text, format="turtle")
    return graph, expected


def test_base_graph_conforms(shapes: Graph) -> None:
    report = validate_graph(Graph().parse(HERE / "base.ttl"), shapes)
    assert report.conforms, [v.describe() for v in report.violations]


@pytest.mark.parametrize("path", sorted((CASES / "valid").glob("*.ttl")), ids=lambda p: p.stem)
def test_valid_case(path: Path, shapes: Graph) -> None:
    graph, _ = parse_case(path)
    report = validate_graph(graph, shapes)
    assert report.conforms, [v.describe() for v in report.violations]


@pytest.mark.parametrize("path", sorted((CASES / "invalid").glob("*.ttl")), ids=lambda p: p.stem)
def test_invalid_case(path: Path, shapes: Graph) -> None:
    graph, expected = parse_case(path)
    assert expected, f"{path.name} has no '# expect:' line"
    report = validate_graph(graph, shapes)
    assert not report.conforms
    found = {(v.component, v.path) for v in report.violations}
    assert found == expected, [v.describe() for v in report.violations]


def test_every_constraint_component_has_an_invalid_case() -> None:
    """The shapes use these SHACL components; each must be exercised by at least one invalid case."""
    shapes_text = "".join(p.read_text() for p in Settings().shapes_dir.glob("*.ttl"))
    used = {
        "sh:MinCountConstraintComponent": "sh:minCount",
        "sh:MaxCountConstraintComponent": "sh:maxCount",
        "sh:DatatypeConstraintComponent": "sh:datatype",
        "sh:ClassConstraintComponent": "sh:class",
        "sh:PatternConstraintComponent": "sh:pattern",
        "sh:NodeKindConstraintComponent": "sh:nodeKind",
        "sh:InConstraintComponent": "sh:in",
        "sh:MinInclusiveConstraintComponent": "sh:minInclusive",
        "sh:MaxInclusiveConstraintComponent": "sh:maxInclusive",
        "sh:MinLengthConstraintComponent": "sh:minLength",
        "sh:UniqueLangConstraintComponent": "sh:uniqueLang",
        "sh:QualifiedMinCountConstraintComponent": "sh:qualifiedMinCount",
        "sh:QualifiedMaxCountConstraintComponent": "sh:qualifiedMaxCount",
        "sh:OrConstraintComponent": "sh:or",
        "sh:XoneConstraintComponent": "sh:xone",
    }
    covered = set()
    for path in (CASES / "invalid").glob("*.ttl"):
        for line in path.read_text().splitlines():
            if line.startswith("# expect:"):
                covered.add(line.split()[2])
    missing = [c for c, keyword in used.items() if keyword in shapes_text and c not in covered]
    assert not missing, f"constraint components without an invalid case: {missing}"
