"""The code of a query worker process: opens the store read-only and runs queries sent to it.

Kept tiny (it imports only pyoxigraph) so a replacement worker starts fast after one is killed.
Terms cross the process boundary as tuples: ("u", iri) | ("b", id) | ("l", value, datatype, language).
"""

from __future__ import annotations

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


def serve(conn: Connection, store_dir: str, memory_limit_bytes: int) -> None:
    """Worker main loop: one query at a time; errors are answered, never raised."""
    if memory_limit_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit_bytes, memory_limit_bytes))
    try:
        store = ox.Store.read_only(store_dir)
    except OSError as exc:  # the graph version was retired while this worker started
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
        query, max_rows = message
        try:
            conn.send(("ok", execute(store, query, max_rows)))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except MemoryError:
            conn.send(("memory", "the query needed more memory than a worker may use"))
        except OSError as exc:
            conn.send(("error", str(exc)))
