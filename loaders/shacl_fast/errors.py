"""The one error of the fast validator: a shapes graph it cannot compile faithfully.

Raised while compiling, never while validating, and never swallowed: a constraint we cannot translate must not
silently pass. Use pyshacl (``loaders.validate``) for such shapes.
"""

from __future__ import annotations

from rdflib.term import Node


class UnsupportedShapeError(ValueError):
    def __init__(self, shape: Node, reason: str):
        self.shape = shape
        self.reason = reason
        super().__init__(f"shape {shape.n3() if hasattr(shape, 'n3') else shape}: {reason}")
