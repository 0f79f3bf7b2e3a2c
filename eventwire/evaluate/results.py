"""One evaluation's result: the scores plus every miss and false alarm, written for a person to read.

Built from gold records and predictions only (no pipeline), so scripts can score predictions they
produced themselves and the CLI can score the live system the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from eventwire.evaluate.gold import GoldDocument, GoldEvent, GsrItem, PlvItem
from eventwire.evaluate.scoring import (
    DocumentAlignment, DocumentScore, GsrScore, LabelScores, PredictedEvent,
    plv_label, score_documents, score_gsr, score_labels,
)

ErrorKind = Literal["miss", "false_alarm", "wrong_type", "wrong_actors", "failed"]


@dataclass(frozen=True)
class ErrorRecord:
    """A gold event the system missed, an event it made up, one it found with the wrong type or
    the wrong actors (a miss and a false alarm shown side by side), or an input it could not code."""

    kind: ErrorKind
    where: str
    text: str
    gold: str = ""
    predicted: str = ""


@dataclass(frozen=True)
class DocumentEvaluation:
    gold_file: str
    all_events: DocumentScore
    main_events: DocumentScore
    errors: tuple[ErrorRecord, ...]
    format: Literal["doc"] = "doc"


@dataclass(frozen=True)
class PlvEvaluation:
    gold_file: str
    sentences: int
    scores: LabelScores
    errors: tuple[ErrorRecord, ...]
    format: Literal["plv"] = "plv"


@dataclass(frozen=True)
class GsrEvaluation:
    gold_file: str
    score: GsrScore
    errors: tuple[ErrorRecord, ...]
    format: Literal["gsr"] = "gsr"


Evaluation = DocumentEvaluation | PlvEvaluation | GsrEvaluation


def _codes(codes: frozenset[str]) -> str:
    return "+".join(sorted(codes)) or "-"


def describe_gold(event: GoldEvent) -> str:
    types = "/".join((event.type, *event.alt_types))
    actors = (
        f"{_codes(event.source | event.target)} jointly" if event.reciprocal
        else f"{_codes(event.source)} -> {_codes(event.target)}"
    )
    background = " background" if event.background else ""
    return f"{types} {actors} {event.modality} {event.date or 'no date'}{background}: \"{event.evidence}\""


def describe_predicted(event: PredictedEvent) -> str:
    actors = (
        f"{_codes(event.source | event.target)} jointly" if event.reciprocal
        else f"{_codes(event.source)} -> {_codes(event.target)}"
    )
    return f"{event.type} {actors} {event.modality} {event.date or 'no date'} ({event.confidence:.2f}): \"{event.evidence}\""


def _document_errors(
    where: str, text: str | None, predicted: Sequence[PredictedEvent], gold: Sequence[GoldEvent], alignment: DocumentAlignment
) -> list[ErrorRecord]:
    """text=None means 'show the evidence of each event' (documents); a sentence otherwise (GSR)."""
    pairs = [("wrong_type", pair) for pair in alignment.wrong_type] + [("wrong_actors", pair) for pair in alignment.wrong_actors]
    paired_p = {p for _, (p, _) in pairs}
    paired_g = {g for _, (_, g) in pairs}
    records = [
        ErrorRecord(kind, gold[g].where or where, text or gold[g].evidence,
                    describe_gold(gold[g]), describe_predicted(predicted[p]))
        for kind, (p, g) in pairs
    ]
    records += [
        ErrorRecord("miss", gold[g].where or where, text or gold[g].evidence, gold=describe_gold(gold[g]))
        for g in alignment.misses if g not in paired_g
    ]
    records += [
        ErrorRecord("false_alarm", where, text or predicted[p].evidence, predicted=describe_predicted(predicted[p]))
        for p in alignment.false_alarms if p not in paired_p
    ]
    return records


def evaluate_documents(gold_file: str, documents: Sequence[GoldDocument], predicted: Sequence[Sequence[PredictedEvent]]) -> DocumentEvaluation:
    golds = [doc.events for doc in documents]
    all_events, alignments = score_documents(predicted, golds)
    main_events, _ = score_documents(predicted, golds, main_only=True)
    errors = [
        record
        for doc, preds, alignment in zip(documents, predicted, alignments)
        for record in _document_errors(f"{doc.where} {doc.doc_id}", None, preds, doc.events, alignment)
    ]
    return DocumentEvaluation(gold_file, all_events, main_events, tuple(errors))


def evaluate_plv(gold_file: str, items: Sequence[PlvItem], types: Sequence[str], confidences: Sequence[float]) -> PlvEvaluation:
    predicted = [plv_label(t.upper()) for t in types]
    scores = score_labels([item.label for item in items], predicted, [item.quad for item in items])
    errors = tuple(
        ErrorRecord("wrong_type", item.where, item.marked, item.label, f"{label} ({confidence:.2f})")
        for item, label, confidence in zip(items, predicted, confidences)
        if label != item.label
    )
    return PlvEvaluation(gold_file, len(items), scores, errors)


def evaluate_gsr(gold_file: str, items: Sequence[GsrItem], predicted: Sequence[Sequence[PredictedEvent]]) -> GsrEvaluation:
    score, alignments = score_gsr(predicted, [item.event for item in items])
    errors = tuple(
        record
        for item, preds, alignment in zip(items, predicted, alignments)
        for record in _document_errors(item.record_id, item.text, preds, (item.event,), alignment)
    )
    return GsrEvaluation(gold_file, score, errors)
