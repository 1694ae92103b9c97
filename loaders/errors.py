"""Errors of the build, each naming where the problem is (file, record, field)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f" record '{self.record}'"
        if self.field:
            where += f" field '{self.field}'"
        return f"{where}: {self.message}"


class BuildError(Exception):
    """The data cannot be turned into a graph. Holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
