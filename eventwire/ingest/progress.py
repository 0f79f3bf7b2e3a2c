"""Progress of an ingest run: a Rich bar with documents/s, events/s and ETA, and the closing summary.

The runner reports each committed batch; this module only displays. With `quiet` nothing is
drawn, so scripts and logs stay clean.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from eventwire import errors
from eventwire.store.store import RunTotals, WriteResult


def _error_names() -> dict[str, str]:
    names: dict[str, str] = {}
    pending = [errors.EventwireError]
    while pending:
        cls = pending.pop()
        names.setdefault(cls.code, cls.__name__)
        pending.extend(cls.__subclasses__())
    return names


def discard_labels(codes: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Discard counts by error code, labelled with the error's name ("E104 NotEnglish")."""
    names = _error_names()
    return [(f"{code} {names.get(code, 'unknown error')}", n) for code, n in sorted(codes)]


class IngestProgress:
    """The live bar. Use as a context manager around a run."""

    def __init__(self, *, quiet: bool = False, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._progress = Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[docs_rate]:.1f} docs/s"), TextColumn("{task.fields[events_rate]:.1f} events/s"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=self.console, disable=quiet, transient=False,
        )
        self._task = self._progress.add_task("ingest", total=None, docs_rate=0.0, events_rate=0.0, start=False)
        self._started = time.monotonic()
        self._inputs = 0
        self._events = 0

    def __enter__(self) -> IngestProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def start(self, total: int | None) -> None:
        """Begin timing; `total` is the number of inputs when known cheaply (gives the ETA)."""
        self._started = time.monotonic()
        self._progress.update(self._task, total=total)
        self._progress.start_task(self._task)

    def advance(self, inputs: int, result: WriteResult) -> None:
        """One batch committed: `inputs` consumed (including skipped), `result` what it added."""
        self._inputs += inputs
        self._events += result.article_events
        elapsed = max(time.monotonic() - self._started, 1e-6)
        self._progress.update(self._task, completed=self._inputs, docs_rate=self._inputs / elapsed,
                              events_rate=self._events / elapsed)


def summary_table(result: RunTotals, *, skipped: int, seconds: float) -> Table:
    """The closing summary: documents, events, duplicates, discards by reason."""
    table = Table(title="ingest summary", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("documents added", result.documents),
        ("events (new)", result.new_events),
        ("article events merged into existing events", result.merged_events),
        ("exact duplicates (already stored)", result.exact_duplicates),
        ("near-duplicates (linked to original)", result.near_duplicates),
        ("inputs skipped (done by an earlier run)", skipped),
        ("discards", result.discard_count),
    ]
    rows += [(f"  {label}", n) for label, n in discard_labels(result.discard_codes)]
    for label, n in rows:
        table.add_row(label, str(n))
    table.add_row("seconds", f"{seconds:.1f}")
    return table
