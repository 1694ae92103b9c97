"""The code of a query worker process: opens the store read-only and runs queries sent to it.

Kept tiny (it imports only pyoxigraph) so a replacement worker starts fast after one is killed.
Terms cross the process boundary as tuples: ("u", iri) | ("b", id) | ("l", value, datatype, language).
"""

from __future__ import annotations

import itertools
import resource
import time
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

Encoded = tuple[str, ...]


def encode(term: Any) -> Encoded:
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if isinstance(term, ox.Literal):
        return ("l", term.value, term.datatype.value, term.language or "")
    raise TypeError(f"cannot encode {type(term).__name__}")


def decode(encoded: Encoded) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind = encoded[0]
    if kind == "u":
        return ox.NamedNode(encoded[1])
    if kind == "b":
        return ox.BlankNode(encoded[1])
    if encoded[3]:
        return ox.Literal(encoded[1], language=encoded[3])
    return ox.Literal(encoded[1], datatype=ox.NamedNode(encoded[2]))


def execute(store: ox.Store, query: str, max_rows: int) -> dict[str, Any]:
    result = store.query(query)
    if isinstance(result, ox.QueryBoolean):
        return {"kind": "ask", "boolean": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows, truncated = [], False
        for count, solution in enumerate(result):
            if count >= max_rows:
                truncated = True
                break
            rows.append({v: encode(solution[v]) for v in variables if solution[v] is not None})
        return {"kind": "select", "variables": variables, "rows": rows, "truncated": truncated}
    triples, truncated = [], False
    for count, triple in enumerate(result):
        if count >= max_rows:
            truncated = True
            break
        triples.append((encode(triple.subject), encode(triple.predicate), encode(triple.object)))
    return {"kind": "graph", "triples": triples, "truncated": truncated}


# Where a row of each SPARQL results serialisation necessarily leaves a mark: counting the marks bounds the
# number of rows from above (a literal may add marks, never remove one), without parsing the document.
ROW_MARKS: dict[str, tuple[bytes, int]] = {
    "application/sparql-results+json": (b"},{", 1),  # between two rows; plus the first row
    "application/json": (b"},{", 1),
    "application/sparql-results+xml": (b"<result>", 0),
    "text/csv": (b"\n", -1),  # one line per row, minus the header
    "text/tab-separated-values": (b"\n", -1),
}


def rows_at_most(body: bytes, media_type: str) -> int:
    mark, extra = ROW_MARKS[media_type]
    return body.count(mark) + extra


def execute_serialised(store: ox.Store, query: str, max_rows: int, formats: dict[str, Any]) -> dict[str, Any]:
    """Run a query and serialise its result in Rust, in the media type chosen for its kind.

    ``formats``: {"select": media type | None, "graph": media type | None, "prefixes": {...}}; None means the
    client accepts no serialisation of that kind (the caller answers 406). A SELECT result that may be
    longer than ``max_rows`` is run again through :func:`execute`, which stops at the cap exactly; ASK
    results are tiny and go back as a boolean.
    """
    result = store.query(query)
    if isinstance(result, ox.QueryBoolean):
        return {"kind": "ask", "boolean": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        media_type = formats.get("select")
        if media_type is None:
            return {"kind": "select", "unacceptable": True}
        body = result.serialize(format=ox.QueryResultsFormat.from_media_type(media_type))
        if rows_at_most(body, media_type) <= max_rows:
            return {"kind": "select", "body": body, "truncated": False}
        return execute(store, query, max_rows)
    media_type = formats.get("graph")
    if media_type is None:
        return {"kind": "graph", "unacceptable": True}
    triples = list(itertools.islice(result, max_rows + 1))
    fmt = ox.RdfFormat.from_media_type(media_type)
    body = ox.serialize(triples[:max_rows], format=fmt, prefixes=formats.get("prefixes"))
    return {"kind": "graph", "body": body, "truncated": len(triples) > max_rows}


def open_store(source: tuple[str, str]) -> ox.Store:
    """("memory", N-Triples file): an in-memory copy of its own; ("disk", folder): the shared copy, read-only."""
    kind, path = source
    if kind == "disk":
        return ox.Store.read_only(path)
    store = ox.Store()
    # the file is oxigraph's own serialisation of the served store: well-formed, no need to check it again
    store.load(path=path, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


def serve(conn: Connection, source: tuple[str, str], memory_limit_bytes: int) -> None:
    """Worker main loop: one query at a time; errors are answered, never raised."""
    if memory_limit_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit_bytes, memory_limit_bytes))
    try:
        store = open_store(source)
    except (OSError, MemoryError) as exc:  # the graph version was retired while this worker started
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", time.monotonic()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        query, max_rows, formats = message
        try:
            if formats is None:
                conn.send(("ok", execute(store, query, max_rows)))
            else:
                conn.send(("ok", execute_serialised(store, query, max_rows, formats)))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except MemoryError:
            conn.send(("memory", "the query needed more memory than a worker may use"))
        except OSError as exc:
            conn.send(("error", str(exc)))
