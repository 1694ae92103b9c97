"""City Migration Knowledge Graph: command line, settings and shared paths."""

__version__ = "0.1.0"
