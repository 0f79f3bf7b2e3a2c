"""`eventwire ingest`, `query`, `export`: a corpus into the DuckDB store, and data back out."""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

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


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@app.command("ingest")
def ingest_command(
    inputs: Annotated[list[str], typer.Argument(help="folders, .txt/.html/.html.gz files, .jsonl, .warc(.gz), URL lists or URLs")],
    db: Annotated[Path, DB_OPTION] = Path(DEFAULT_PATH),
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="documents per committed batch")] = 32,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar and no summary (for scripts)")] = False,
    engine: Annotated[Engine, typer.Option("--engine", help="local (this process) or ray (Ray Data, one model per worker)")] = Engine.local,
    address: Annotated[Optional[str], typer.Option("--address", help="Ray cluster address (default: RAY_ADDRESS, else a new local cluster)")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Ray worker actors")] = 2,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="with --engine ray: write a Parquet dataset partitioned by date here instead of loading --db (rerun into it to resume)")] = None,
) -> None:
    """Code a corpus into the event store; rerun the same command to finish an interrupted run."""
    from eventwire.ingest import ingest
    from eventwire.ingest.progress import IngestProgress, summary_table
    from eventwire.store import EventStore

    try:
        with IngestProgress(quiet=quiet) as progress:
            if engine is Engine.ray:
                from eventwire.engine_ray import ingest_ray, ingest_ray_into_store

                options = dict(workers=workers, batch_size=batch_size, address=address, progress=progress)
                if output:
                    summary = ingest_ray(inputs, output, **options)
                else:
                    with EventStore(db) as store:
                        summary = ingest_ray_into_store(inputs, store, **options)
            else:
                from eventwire.pipeline import default_coder

                with EventStore(db) as store:
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
    parquet: Annotated[Optional[Path], typer.Option("--parquet", help="query a Ray run's Parquet output folder instead of a store")] = None,
) -> None:
    """Run SQL against the store, or a Ray run's Parquet output (read-only)."""
    from eventwire.store import EventStore, ParquetDataset

    try:
        with (ParquetDataset(parquet) if parquet is not None else EventStore(db, read_only=True)) as source:
            result = source.query(sql)
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
