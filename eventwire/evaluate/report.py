"""Show an evaluation: Rich tables for a person, a JSON document for scripts, JSON Lines of errors.

The JSON holds exactly the numbers the tables show, so a script never has to parse a table.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from eventwire.evaluate.results import DocumentEvaluation, ErrorRecord, Evaluation, GsrEvaluation, PlvEvaluation
from eventwire.evaluate.scoring import QUADS, Confusion, DocumentScore, LabelScores, Ratio

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """Every number of the evaluation as plain JSON data (errors are written separately)."""
    data = dataclasses.asdict(evaluation)
    data.pop("errors")
    data["error_count"] = len(evaluation.errors)
    data["quad_classes"] = {"mapping": dict(QUADS), "names": QUAD_NAMES}
    return data


def write_json(evaluation: Evaluation, stream: TextIO) -> None:
    json.dump(to_dict(evaluation), stream, indent=2)
    stream.write("\n")


def write_errors(errors: Iterable[ErrorRecord], path: Path) -> int:
    """One JSON object per line: kind, where, text (sentence or evidence), gold, predicted."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in errors:
            handle.write(json.dumps(dataclasses.asdict(record), ensure_ascii=False) + "\n")
            count += 1
    return count


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _ratio(r: Ratio) -> str:
    return f"{_num(r.value)} ({r.correct}/{r.total})"


def _per_type_table(scores: LabelScores, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("type", "precision", "recall", "F1", "gold", "predicted", "correct"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for row in scores.per_type:
        table.add_row(row.label, _num(row.precision), _num(row.recall), _num(row.f1), str(row.support), str(row.predicted), str(row.tp))
    table.add_section()
    for row in (scores.micro, scores.macro, scores.weighted):
        table.add_row(f"[bold]{row.label}[/]", _num(row.precision), _num(row.recall), _num(row.f1), str(row.support), str(row.predicted), str(row.tp))
    return table


def _confusion_table(confusion: Confusion, title: str) -> Table:
    table = Table(
        title=title, title_justify="left", caption="rows: gold, columns: predicted; NONE = no event",
        caption_justify="left", box=box.SIMPLE_HEAD, padding=(0, 0, 0, 1),
    )
    table.add_column("gold", no_wrap=True, min_width=max((len(label) for label in confusion.labels), default=4))
    for label in confusion.labels:
        table.add_column(label[:4], justify="right", no_wrap=True, min_width=4)
    for label, row in zip(confusion.labels, confusion.rows):
        cells = []
        for column, count in zip(confusion.labels, row):
            cells.append("[dim]·[/]" if not count else f"[bold green]{count}[/]" if column == label else str(count))
        table.add_row(label, *cells)
    return table


def _render_labels(console: Console, scores: LabelScores, name: str, *, documents: bool = False) -> None:
    console.print(_per_type_table(scores, f"{name}: per-type precision, recall, F1"))
    labels = scores.confusion.labels
    # Never crop the matrix: a 16-type matrix is ~110 columns, wider than a default 80-column pipe.
    needed = max((len(label) for label in labels), default=4) + 5 * len(labels) + 4
    console.print(_confusion_table(scores.confusion, f"{name}: confusion matrix"), width=max(console.width, needed))
    if documents:
        console.print(f"4-way quad accuracy over events whose actors match gold {_ratio(scores.quad_accuracy)}")
    else:
        console.print(f"accuracy {_ratio(scores.accuracy)}   4-way quad accuracy {_ratio(scores.quad_accuracy)}")


def _render_documents(console: Console, score: DocumentScore, name: str) -> None:
    micro = score.labels.micro
    console.print(
        f"[bold]{name}[/]: {score.documents} documents, {score.gold} gold, {score.predicted} predicted, "
        f"{score.matched} matched, {score.excused} excused (background), {score.ignored} ignored (STATEMENT/APPEAL)\n"
        f"micro precision {_num(micro.precision)}  recall {_num(micro.recall)}  F1 {_num(micro.f1)}"
    )
    _render_labels(console, score.labels, name, documents=True)
    console.print(
        f"over matched events: date {_ratio(score.date_accuracy)}   location country {_ratio(score.location_accuracy)}   "
        f"modality {_ratio(score.modality_accuracy)}\n"
    )


def render(evaluation: Evaluation, console: Console) -> None:
    console.print(f"[bold]eventwire evaluate[/] {evaluation.gold_file} (format {evaluation.format})")
    if isinstance(evaluation, DocumentEvaluation):
        _render_documents(console, evaluation.all_events, "all events")
        _render_documents(console, evaluation.main_events, "main events (background left out)")
    elif isinstance(evaluation, PlvEvaluation):
        console.print(f"{evaluation.sentences} sentences, actors given; CONCEDE and RETREAT predictions count as YIELD")
        _render_labels(console, evaluation.scores, "PLV")
    elif isinstance(evaluation, GsrEvaluation):
        _render_gsr(console, evaluation)
    if evaluation.errors:
        kinds = Counter(record.kind for record in evaluation.errors)
        console.print("errors: " + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())))


def _render_gsr(console: Console, evaluation: GsrEvaluation) -> None:
    score = evaluation.score
    console.print(
        f"{score.records} PLOVER gold records, actors not given\n"
        f"type accuracy {_ratio(score.type_accuracy)}   (type, source, target) accuracy {_ratio(score.full_accuracy)}"
    )
    table = Table(title="GSR per gold type", title_justify="left")
    for column in ("type", "records", "type correct", "type acc", "full correct", "full acc"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for row in score.per_type:
        table.add_row(
            row.type, str(row.records), str(row.type_correct), _num(row.type_correct / row.records),
            str(row.full_correct), _num(row.full_correct / row.records),
        )
    console.print(table)
    _render_labels(console, score.labels, "GSR type (primary prediction per sentence)")
    events = score.events.labels.micro
    console.print(
        f"events pooled (type + actors, extra predictions are false alarms): precision {_num(events.precision)}  "
        f"recall {_num(events.recall)}  F1 {_num(events.f1)}  ({score.events.predicted} predicted, "
        f"{score.events.ignored} STATEMENT/APPEAL ignored)"
    )

