"""`eventwire ingest`, `query`, `export`: a corpus into the DuckDB store, and data back out."""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from eventwire.cli.app import app, fail
from eventwire.errors import EventwireError
from eventwire.export import ExportFormat
from eventwire.store import DEFAULT_PATH

DB_OPTION = typer.Option("--db", help="store file (DuckDB)")


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command("ingest")
def ingest_command(
    inputs: Annotated[list[str], typer.Argument(help="folders, .txt/.html/.html.gz files, .jsonl, .warc(.gz), URL lists or URLs")],
    db: Annotated[Path, DB_OPTION] = Path(DEFAULT_PATH),
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="documents per committed batch")] = 32,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar and no summary (for scripts)")] = False,
) -> None:
    """Code a corpus into the event store; rerun the same command to finish an interrupted run."""
    from eventwire.ingest import ingest
    from eventwire.ingest.progress import IngestProgress, summary_table
    from eventwire.pipeline import default_coder
    from eventwire.store import EventStore

    try:
        with EventStore(db) as store, IngestProgress(quiet=quiet) as progress:
            summary = ingest(inputs, store, default_coder(), batch_size=batch_size, progress=progress)
    except EventwireError as error:
        fail(error)
    if not quiet:
        progress.console.print(summary_table(summary.result, skipped=summary.skipped, seconds=summary.seconds))


@app.command("query")
def query_command(
    sql: Annotated[str, typer.Argument(help='SQL over tables documents, events, mentions, actors, discards, runs')],
    db: Annotated[Path, DB_OPTION] = Path(DEFAULT_PATH),
    output: Annotated[QueryFormat, typer.Option("--format", "-f", help="table (people), csv or json (programs)")] = QueryFormat.table,
) -> None:
    """Run SQL against the store (read-only)."""
    from eventwire.store import EventStore

    try:
        with EventStore(db, read_only=True) as store:
            result = store.query(sql)
    except EventwireError as error:
        fail(error, as_json=output is QueryFormat.json)
    rows = result.to_pylist()
    if output is QueryFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.column_names)
        writer.writerows([_cell(row[c]) for c in result.column_names] for row in rows)
    elif output is QueryFormat.json:
        print(json.dumps(rows, default=str, ensure_ascii=False))
    else:
        table = Table(*result.column_names)
        for row in rows:
            table.add_row(*(_cell(row[c]) for c in result.column_names))
        Console().print(table)


@app.command("export")
def export_command(
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="parquet, csv, jsonl (nested) or gdelt (GDELT 2.0 event table)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")],
    db: Annotated[Path, DB_OPTION] = Path(DEFAULT_PATH),
) -> None:
    """Export every event of the store."""
    from eventwire.export import export
    from eventwire.store import EventStore

    try:
        with EventStore(db, read_only=True) as store:
            n = export(store, output_format, output)
    except EventwireError as error:
        fail(error)
    print(f"wrote {n} events to {output}", file=sys.stderr)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)
