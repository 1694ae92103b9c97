"""The store interface and its embedded pyoxigraph backend (kept here for existing imports).

The backends live in :mod:`cmkg.stores`: embedded (memory or disk) and remote (any SPARQL 1.1 engine).
"""

from __future__ import annotations

from cmkg.stores.base import SelectResult, Store, StoreError, StoreTimeout, StoreUnavailable, Term
from cmkg.stores.embedded import OxigraphStore

__all__ = ["OxigraphStore", "SelectResult", "Store", "StoreError", "StoreTimeout", "StoreUnavailable", "Term"]
