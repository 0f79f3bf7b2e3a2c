"""`eventwire evaluate`: run eventwire on a gold file and print how well it did."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import Progress

from eventwire.cli.app import app, fail
from eventwire.errors import EventwireError


class GoldFormatOption(str, Enum):
    auto = "auto"
    doc = "doc"
    plv = "plv"
    gsr = "gsr"


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="gold file: document JSON Lines, PLV TSV, or PLOVER GSR JSON array")],
    gold_format: Annotated[GoldFormatOption, typer.Option("--format", help="auto detects it from the file's content")] = GoldFormatOption.auto,
    json_out: Annotated[Optional[str], typer.Option("--json", help="also write every number as JSON to FILE; '-' writes JSON alone to stdout")] = None,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="write each miss, false alarm and wrong type as JSON Lines to FILE")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="score only the first N documents, sentences or records")] = None,
) -> None:
    """Score eventwire against a gold file (EVENTS.md sections 4-5)."""
    from eventwire.evaluate.report import render, write_errors, write_json
    from eventwire.evaluate.runs import count_items, evaluate_file

    json_to_stdout = json_out == "-"
    console = Console(stderr=json_to_stdout)
    try:
        total = count_items(gold, gold_format.value, limit)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"coding {gold.name}", total=total)
            evaluation = evaluate_file(
                gold, gold_format.value, limit=limit, progress=lambda n: progress.advance(task, n)
            )
    except EventwireError as error:
        fail(error, as_json=json_to_stdout)
    if json_to_stdout:
        write_json(evaluation, sys.stdout)
    else:
        render(evaluation, console)
        if json_out:
            with Path(json_out).open("w", encoding="utf-8") as handle:
                write_json(evaluation, handle)
    if errors:
        count = write_errors(evaluation.errors, errors)
        console.print(f"wrote {count} error records to {errors}")
