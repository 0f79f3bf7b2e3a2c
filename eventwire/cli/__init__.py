"""Command-line edge: thin Typer commands over the library. Each module registers its commands."""

from eventwire.cli.app import app
from eventwire.cli import code  # noqa: F401  (registers `eventwire code`)
from eventwire.cli import evaluate  # noqa: F401
from eventwire.cli import ingest  # noqa: F401

__all__ = ["app"]
