"""Command-line edge: thin Typer commands over the library. Each module registers its commands."""

from eventwire.cli.app import app
from eventwire.cli import code  # noqa: F401  (registers `eventwire code`)

__all__ = ["app"]
