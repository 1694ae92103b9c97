"""Lexical checks on SPARQL text made before anything runs: is it an update, does it use SERVICE?"""

from __future__ import annotations

import re

# Strings (long and short), IRIs and comments, in the order the SPARQL grammar reads them.
_TOKEN_RE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
# after code_only(), IRIs read as "": a prologue is PREFIX p: "" and BASE ""
_PROLOGUE_RE = re.compile(r'^\s*((PREFIX\s+[^\s:]*:\s*""|BASE\s*"")\s*)+', re.IGNORECASE)


def code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked out, so keywords can be searched safely."""
    return _TOKEN_RE.sub(lambda m: " " if m.group(0).startswith("#") else '""', query)


def uses_service(query: str) -> bool:
    return re.search(r"\bSERVICE\b", code_only(query), re.IGNORECASE) is not None


def looks_like_update(query: str) -> bool:
    body = _PROLOGUE_RE.sub("", code_only(query)).lstrip()
    first = re.match(r"[A-Za-z]+", body)
    return bool(first) and first.group(0).upper() in UPDATE_KEYWORDS


MAX_NESTING = 128


def nesting_depth(query: str) -> int:
    """Deepest nesting of {} and () outside strings, IRIs and comments."""
    depth = deepest = 0
    for char in code_only(query):
        if char in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})":
            depth = max(0, depth - 1)
    return deepest
