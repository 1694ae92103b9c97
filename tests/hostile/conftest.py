"""The hostile tests reuse the API suite's client on the real graph."""

from tests.api.conftest import client

__all__ = ["client"]
