"""The Typer application and the one way every command reports a library error."""

from __future__ import annotations

import json
import sys
from typing import NoReturn

import typer

from eventwire.errors import EventwireError

app = typer.Typer(
    name="eventwire",
    help="Political event data from news reports: who did what to whom, when, where, with evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def fail(error: EventwireError, *, as_json: bool = False) -> NoReturn:
    """Print a library error as one line (or the JSON error shape) and exit 1, never a traceback."""
    if as_json:
        print(json.dumps(error.to_dict()), file=sys.stderr)
    else:
        print(f"eventwire: error: {error}", file=sys.stderr)
    raise typer.Exit(code=1)
