"""Produce predictions by running eventwire itself on a gold file, then score them.

The only module of eventwire.evaluate that touches the pipeline or the classifier; both are
imported when needed, so scoring stays usable (and testable) without them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, Protocol

from eventwire.errors import InputError, ModelError
from eventwire.evaluate.gold import GoldFormat, detect_format, load_documents, load_gold, load_gsr, load_plv
from eventwire.evaluate.results import ErrorRecord, Evaluation, evaluate_documents, evaluate_gsr, evaluate_plv
from eventwire.evaluate.scoring import PredictedEvent
from eventwire.records import Event

Progress = Callable[[int], None]
"""Called with the number of items just finished, so an edge can draw a progress bar."""


class EventCoder(Protocol):
    def code(self, text: str, published: dt.date | None = None, url: str | None = None) -> Sequence[Event]: ...


class TypePredictionLike(Protocol):
    event_type: str
    confidence: float


class SentenceClassifier(Protocol):
    def predict(self, sentences: list[str], sources: list[str], targets: list[str]) -> Sequence[TypePredictionLike]: ...


def default_coder() -> EventCoder:
    """The process-wide Coder of eventwire.pipeline (loaded once, shared with `eventwire code`)."""
    try:
        from eventwire.pipeline import default_coder as pipeline_coder
    except ImportError as exc:
        raise ModelError("eventwire.pipeline", f"the event coder is not available ({exc})") from None
    return pipeline_coder()


def default_classifier() -> SentenceClassifier:
    try:
        from eventwire.classifier import TypeClassifier
    except ImportError as exc:
        raise ModelError("eventwire.classifier", f"the type classifier is not available ({exc})") from None
    return TypeClassifier.load()


def code_texts(
    coder: EventCoder, texts: Sequence[tuple[str, str, dt.date | None]], progress: Progress | None = None
) -> tuple[tuple[tuple[PredictedEvent, ...], ...], tuple[ErrorRecord, ...]]:
    """Code each (where, text, published); an input the pipeline rejects yields no events and a
    'failed' record, so one bad article costs its own recall rather than the whole evaluation."""
    predictions, failures = [], []
    for where, text, published in texts:
        try:
            events = coder.code(text, published=published)
        except InputError as exc:
            events = []
            failures.append(ErrorRecord("failed", where, text[:300], predicted=str(exc)))
        predictions.append(tuple(PredictedEvent.from_event(event) for event in events))
        if progress:
            progress(1)
    return tuple(predictions), tuple(failures)


def evaluate_file(
    path: Path,
    fmt: GoldFormat | Literal["auto"] = "auto",
    *,
    limit: int | None = None,
    coder: EventCoder | None = None,
    classifier: SentenceClassifier | None = None,
    progress: Progress | None = None,
) -> Evaluation:
    """Load a gold file (first `limit` items), run the system on it and score the output."""
    fmt = detect_format(path) if fmt == "auto" else fmt
    name = str(path)
    if fmt == "plv":
        items = load_plv(path)[:limit]
        classifier = classifier or default_classifier()
        predictions = classifier.predict(
            [item.sentence for item in items], [item.source for item in items], [item.target for item in items]
        )
        if progress:
            progress(len(items))
        return evaluate_plv(name, items, [p.event_type for p in predictions], [p.confidence for p in predictions])
    coder = coder or default_coder()
    if fmt == "doc":
        documents = load_documents(path)[:limit]
        predicted, failures = code_texts(coder, [(d.where, d.text, d.published) for d in documents], progress)
        evaluation = evaluate_documents(name, documents, predicted)
    else:
        records = load_gsr(path)[:limit]
        predicted, failures = code_texts(coder, [(r.where, r.text, r.published) for r in records], progress)
        evaluation = evaluate_gsr(name, records, predicted)
    return dataclasses.replace(evaluation, errors=failures + evaluation.errors)


def count_items(path: Path, fmt: GoldFormat | Literal["auto"] = "auto", limit: int | None = None) -> int:
    """How many items evaluate_file will run, for a progress bar's total."""
    return len(load_gold(path, detect_format(path) if fmt == "auto" else fmt)[:limit])
