"""Store backends behind one interface (:class:`Store`), chosen by the settings (:func:`open_store`).

* ``embedded``: pyoxigraph in this process, in memory (default) or on disk (reused across restarts);
* ``remote``: any SPARQL 1.1 Query + Graph Store Protocol engine (Oxigraph server, Virtuoso, Fuseki, ...),
  loaded by ``cmkg load`` and followed through a pointer graph.
"""

from cmkg.stores.base import (
    NotLoaded,
    SelectResult,
    Store,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
    Term,
    graph_version,
)
from cmkg.stores.embedded import OxigraphStore
from cmkg.stores.factory import backend_of, open_store
from cmkg.stores.remote import LoadReport, RemoteStore

__all__ = [
    "LoadReport",
    "NotLoaded",
    "OxigraphStore",
    "RemoteStore",
    "SelectResult",
    "Store",
    "StoreError",
    "StoreTimeout",
    "StoreUnavailable",
    "Term",
    "backend_of",
    "graph_version",
    "open_store",
]
