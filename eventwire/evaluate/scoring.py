"""Pure scoring functions: predicted records against gold records, by the rules of EVENTS.md 4-5.

Nothing here runs the system, reads files or prints, so every rule (alt types, reciprocal actors,
duplicates, background events) is tested on hand-made cases whose right score is known by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from eventwire.evaluate.gold import GENERIC, PLV_YIELD, GoldEvent
from eventwire.records import EVENT_TYPES, Event

_WORD = re.compile(r"\w+")

NONE = "NONE"
"""Confusion-matrix row/column for 'no event' (a miss or a false alarm)."""

QUADS: Mapping[str, int] = MappingProxyType({
    # GDELT quad classes of the CAMEO roots each PLOVER type comes from (CAMEO2PLOVER-2021.txt):
    # 1 verbal cooperation (CAMEO 03-05), 2 material cooperation (06-08),
    # 3 verbal conflict (09-13), 4 material conflict (14-20).
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2, PLV_YIELD: 2,
    "ACCUSE": 3, "REQUEST": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4,
})
"""CONCEDE sits in material cooperation because it is half of CAMEO 08 'Yield'; PLV's gold quad
column agrees (all 141 YIELD sentences are class 2), although PLOVER's prose lists it as verbal."""

LABEL_ORDER = (*EVENT_TYPES[:4], PLV_YIELD, *EVENT_TYPES[4:])


@dataclass(frozen=True)
class PredictedEvent:
    """A system event reduced to what scoring compares; `orgs` are the codes that came from orgs."""

    type: str
    source: frozenset[str] = frozenset()
    target: frozenset[str] = frozenset()
    orgs: frozenset[str] = frozenset()
    reciprocal: bool = False
    modality: str = "asserted"
    date: str | None = None
    location_country: str | None = None
    evidence: str = ""
    confidence: float = 0.5

    @classmethod
    def from_event(cls, event: Event) -> PredictedEvent:
        actors = (*event.source, *event.target)
        return cls(
            type=event.event_type.upper(),
            source=frozenset(a.code.upper() for a in event.source if a.code),
            target=frozenset(a.code.upper() for a in event.target if a.code),
            orgs=frozenset(a.org.upper() for a in actors if a.org and not a.country),
            reciprocal=event.reciprocal,
            modality=event.modality,
            date=event.date,
            location_country=event.location.country.upper() if event.location and event.location.country else None,
            evidence=event.evidence,
            confidence=event.confidence,
        )


@dataclass(frozen=True)
class Ratio:
    correct: int
    total: int
    value: float | None


def ratio(correct: int, total: int) -> Ratio:
    return Ratio(correct, total, correct / total if total else None)


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one label (or an average): support is the gold count."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int
    tp: int


@dataclass(frozen=True)
class Confusion:
    """rows[i][j] = how often gold labels[i] was predicted as labels[j]."""

    labels: tuple[str, ...]
    rows: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class LabelScores:
    per_type: tuple[PRF, ...]
    micro: PRF
    macro: PRF
    weighted: PRF
    accuracy: Ratio
    quad_accuracy: Ratio
    confusion: Confusion


@dataclass(frozen=True)
class DocumentAlignment:
    """How one document's predictions line up with its gold events (indices into each list)."""

    matched: tuple[tuple[int, int], ...]
    excused: tuple[int, ...]
    false_alarms: tuple[int, ...]
    misses: tuple[int, ...]
    ignored: tuple[int, ...]
    wrong_type: tuple[tuple[int, int], ...]
    wrong_actors: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class DocumentScore:
    variant: Literal["all", "main"]
    documents: int
    gold: int
    predicted: int
    matched: int
    excused: int
    ignored: int
    labels: LabelScores
    date_accuracy: Ratio
    location_accuracy: Ratio
    modality_accuracy: Ratio


@dataclass(frozen=True)
class GsrTypeRow:
    type: str
    records: int
    type_correct: int
    full_correct: int


@dataclass(frozen=True)
class GsrScore:
    records: int
    type_accuracy: Ratio
    full_accuracy: Ratio
    per_type: tuple[GsrTypeRow, ...]
    labels: LabelScores
    events: DocumentScore


def is_scored(event_type: str) -> bool:
    """STATEMENT, APPEAL and anything else outside PLOVER's 16 types is ignored by scoring."""
    return event_type in EVENT_TYPES


def plv_label(event_type: str) -> str:
    """PLV folds CONCEDE and RETREAT into YIELD, so predictions are folded the same way."""
    return PLV_YIELD if event_type in ("CONCEDE", "RETREAT") else event_type


def codes_meet(predicted: frozenset[str], orgs: frozenset[str], gold: frozenset[str]) -> bool:
    """Set equality, where a generic gold code ("*IGO") stands for any one predicted org."""
    generic = {code for code in gold if code.startswith(GENERIC)}
    concrete = gold - generic
    if not concrete <= predicted:
        return False
    rest = predicted - concrete
    if not generic:
        return not rest
    return 0 < len(rest) <= len(generic) and rest <= orgs


def type_matches(predicted: PredictedEvent, gold: GoldEvent) -> bool:
    return predicted.type == gold.type or predicted.type in gold.alt_types


def actors_match(predicted: PredictedEvent, gold: GoldEvent) -> bool:
    """EVENTS.md 4.2: a reciprocal side compares all actors; otherwise source and target apart."""
    if predicted.reciprocal or gold.reciprocal:
        everyone = predicted.source | predicted.target
        gold_sets = {s | t for s in (gold.source, *gold.alt_sources) for t in (gold.target, *gold.alt_targets)}
        if any(codes_meet(everyone, predicted.orgs, option) for option in gold_sets):
            return True
        if gold.reciprocal:
            return False
    return any(codes_meet(predicted.source, predicted.orgs, s) for s in (gold.source, *gold.alt_sources)) and any(
        codes_meet(predicted.target, predicted.orgs, t) for t in (gold.target, *gold.alt_targets)
    )


def _by_confidence(predicted: Sequence[PredictedEvent], indices: Sequence[int]) -> list[int]:
    return sorted(indices, key=lambda i: -predicted[i].confidence)


def align_document(
    predicted: Sequence[PredictedEvent], gold: Sequence[GoldEvent], *, main_only: bool = False
) -> DocumentAlignment:
    """Greedy one-to-one matching, surest prediction first, preferring the same date (two meetings
    of the same parties a month apart are two events), then the gold event whose evidence shares
    most words with the prediction's (two plans of the same parties on one day), exact types and
    main events.

    A second, duplicate record of a matched event finds its gold taken and is a false alarm.
    With main_only, a prediction that takes a background event is excused (counts neither way).
    Leftover misses and false alarms whose actors agree are paired as wrong-type confusions, then
    those whose type agrees as wrong-actor pairs; pairs explain errors, they never change counts.
    """
    ignored = tuple(i for i, p in enumerate(predicted) if not is_scored(p.type))
    taken: dict[int, int] = {}
    matched, excused, unmatched = [], [], []
    for p_index in _by_confidence(predicted, [i for i, p in enumerate(predicted) if is_scored(p.type)]):
        p = predicted[p_index]
        candidates = [
            g_index for g_index, g in enumerate(gold)
            if g_index not in taken and type_matches(p, g) and actors_match(p, g)
        ]
        if not candidates:
            unmatched.append(p_index)
            continue
        g_index = min(candidates, key=lambda i: (gold[i].date != p.date, -evidence_overlap(p.evidence, gold[i].evidence),
                                                 gold[i].type != p.type, gold[i].background, i))
        taken[g_index] = p_index
        if main_only and gold[g_index].background:
            excused.append(p_index)
        else:
            matched.append((p_index, g_index))
    misses = [i for i, g in enumerate(gold) if i not in taken and not (main_only and g.background)]
    wrong_type = _pair(unmatched, misses, lambda p, g: actors_match(predicted[p], gold[g]))
    leftover_p = [p for p in unmatched if p not in {pair[0] for pair in wrong_type}]
    leftover_g = [g for g in misses if g not in {pair[1] for pair in wrong_type}]
    wrong_actors = _pair(leftover_p, leftover_g, lambda p, g: type_matches(predicted[p], gold[g]))
    return DocumentAlignment(
        matched=tuple(sorted(matched, key=lambda pair: pair[1])),
        excused=tuple(sorted(excused)),
        false_alarms=tuple(sorted(unmatched)),
        misses=tuple(misses),
        ignored=ignored,
        wrong_type=wrong_type,
        wrong_actors=wrong_actors,
    )


def evidence_overlap(predicted: str, gold: str) -> float:
    """Share of the gold evidence's words that the predicted evidence also has (0 without evidence)."""
    gold_words = set(_WORD.findall(gold.lower()))
    return len(gold_words & set(_WORD.findall(predicted.lower()))) / len(gold_words) if gold_words else 0.0


def _pair(predicted: Sequence[int], gold: Sequence[int], fits: Callable[[int, int], bool]) -> tuple[tuple[int, int], ...]:
    """Greedy one-to-one pairs of leftover predictions and misses that `fits`."""
    pairs, used = [], set()
    for p_index in predicted:
        g_index = next((g for g in gold if g not in used and fits(p_index, g)), None)
        if g_index is not None:
            pairs.append((p_index, g_index))
            used.add(g_index)
    return tuple(pairs)


def _prf(label: str, tp: int, predicted: int, support: int) -> PRF:
    precision = tp / predicted if predicted else 0.0
    recall = tp / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(label, precision, recall, f1, support, predicted, tp)


def _ordered(labels: set[str]) -> tuple[str, ...]:
    known = [label for label in LABEL_ORDER if label in labels]
    return (*known, *sorted(labels - set(known) - {NONE}), *([NONE] if NONE in labels else []))


def label_scores(
    tp: Counter[str], predicted: Counter[str], support: Counter[str],
    confusion_pairs: Sequence[tuple[str, str]], quad: Ratio,
) -> LabelScores:
    """Per-type P/R/F1 from counts, with micro (pooled), macro (unweighted mean over every label
    seen in gold or predictions) and weighted (by gold support) averages."""
    labels = _ordered((set(predicted) | set(support)) - {NONE})
    per_type = tuple(_prf(label, tp[label], predicted[label], support[label]) for label in labels)
    total_support = sum(support[label] for label in labels)
    micro = _prf("micro", sum(tp.values()), sum(predicted[label] for label in labels), total_support)
    n = len(per_type) or 1

    def average(name: str, weights: Sequence[float]) -> PRF:
        scale = sum(weights) or 1.0
        return PRF(
            name,
            sum(w * row.precision for w, row in zip(weights, per_type)) / scale,
            sum(w * row.recall for w, row in zip(weights, per_type)) / scale,
            sum(w * row.f1 for w, row in zip(weights, per_type)) / scale,
            total_support, micro.predicted, micro.tp,
        )

    cells = Counter(confusion_pairs)
    matrix_labels = _ordered({label for pair in confusion_pairs for label in pair})
    confusion = Confusion(
        matrix_labels, tuple(tuple(cells[(g, p)] for p in matrix_labels) for g in matrix_labels)
    )
    correct = sum(count for (g, p), count in cells.items() if g == p and g != NONE)
    gold_rows = sum(count for (g, _), count in cells.items() if g != NONE)
    return LabelScores(
        per_type=per_type,
        micro=micro,
        macro=average("macro", [1.0] * n),
        weighted=average("weighted", [float(row.support) for row in per_type]),
        accuracy=ratio(correct, gold_rows),
        quad_accuracy=quad,
        confusion=confusion,
    )


def score_labels(gold: Sequence[str], predicted: Sequence[str], gold_quads: Sequence[int | None] | None = None) -> LabelScores:
    """Single-label classification (PLV, actors given): one gold and one predicted type per item.

    The gold quad is the data set's own quad column when it has one, else the gold type's quad,
    so the 4-way number is comparable with Hu et al. (their quad predictions are QUADS of the type).
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    quads = gold_quads or [None] * len(gold)
    tp, pred_counts, support = Counter(), Counter(), Counter()
    quad_correct = 0
    for g, p, q in zip(gold, predicted, quads):
        support[g] += 1
        pred_counts[p] += 1
        tp[g] += g == p
        quad_correct += QUADS.get(p) is not None and QUADS.get(p) == (q or QUADS.get(g))
    return label_scores(tp, pred_counts, support, list(zip(gold, predicted)), ratio(quad_correct, len(gold)))


def score_documents(
    predicted: Sequence[Sequence[PredictedEvent]],
    gold: Sequence[Sequence[GoldEvent]],
    *,
    main_only: bool = False,
) -> tuple[DocumentScore, tuple[DocumentAlignment, ...]]:
    """Micro P/R/F1 pooled over documents (EVENTS.md 4), plus attribute accuracy over matched pairs."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} prediction lists")
    alignments = tuple(align_document(p, g, main_only=main_only) for p, g in zip(predicted, gold))
    tp, pred_counts, support = Counter(), Counter(), Counter()
    confusion: list[tuple[str, str]] = []
    quad_correct = quad_total = 0
    dates, locations, modalities = [0, 0], [0, 0], [0, 0]
    for preds, golds, alignment in zip(predicted, gold, alignments):
        paired_p = {p for p, _ in alignment.wrong_type}
        paired_g = {g for _, g in alignment.wrong_type}
        for p_index, g_index in alignment.matched:
            p, g = preds[p_index], golds[g_index]
            tp[g.type] += 1
            pred_counts[g.type] += 1
            support[g.type] += 1
            confusion.append((g.type, g.type))
            quad_correct += 1
            quad_total += 1
            modalities[0] += p.modality == g.modality
            modalities[1] += 1
            if g.modality == "asserted" and g.date and len(g.date) == 10:
                dates[0] += p.date == g.date
                dates[1] += 1
            if g.location_country:
                locations[0] += p.location_country == g.location_country
                locations[1] += 1
        for p_index in alignment.false_alarms:
            pred_counts[preds[p_index].type] += 1
            if p_index not in paired_p:
                confusion.append((NONE, preds[p_index].type))
        for g_index in alignment.misses:
            support[golds[g_index].type] += 1
            if g_index not in paired_g:
                confusion.append((golds[g_index].type, NONE))
        for p_index, g_index in alignment.wrong_type:
            p_type, g_type = preds[p_index].type, golds[g_index].type
            confusion.append((g_type, p_type))
            quad_correct += QUADS.get(p_type) == QUADS.get(g_type)
            quad_total += 1
    labels = label_scores(tp, pred_counts, support, confusion, ratio(quad_correct, quad_total))
    score = DocumentScore(
        variant="main" if main_only else "all",
        documents=len(gold),
        gold=sum(support.values()),
        predicted=sum(pred_counts.values()),
        matched=sum(tp.values()),
        excused=sum(len(a.excused) for a in alignments),
        ignored=sum(len(a.ignored) for a in alignments),
        labels=labels,
        date_accuracy=ratio(*dates),
        location_accuracy=ratio(*locations),
        modality_accuracy=ratio(*modalities),
    )
    return score, alignments


def primary_type(predicted: Sequence[PredictedEvent], gold_type: str) -> str:
    """The type a one-event sentence was given: the gold type if any prediction has it, else the surest."""
    scored = [p for p in predicted if is_scored(p.type)]
    if any(p.type == gold_type for p in scored):
        return gold_type
    return max(scored, key=lambda p: p.confidence).type if scored else NONE


def score_gsr(predicted: Sequence[Sequence[PredictedEvent]], gold: Sequence[GoldEvent]) -> tuple[GsrScore, tuple[DocumentAlignment, ...]]:
    """End-to-end sentences, actors not given: type accuracy, full (type, source, target) accuracy,
    per-type rows, and the pooled event P/R/F1 that also charges extra predictions."""
    events, alignments = score_documents(predicted, [(g,) for g in gold])
    primaries = [primary_type(p, g.type) for p, g in zip(predicted, gold)]
    full = [bool(a.matched) for a in alignments]
    rows = []
    for event_type in _ordered({g.type for g in gold}):
        indices = [i for i, g in enumerate(gold) if g.type == event_type]
        rows.append(GsrTypeRow(
            event_type, len(indices),
            sum(primaries[i] == event_type for i in indices), sum(full[i] for i in indices),
        ))
    labels = score_labels([g.type for g in gold], primaries)
    return GsrScore(
        records=len(gold),
        type_accuracy=labels.accuracy,
        full_accuracy=ratio(sum(full), len(gold)),
        per_type=tuple(rows),
        labels=labels,
        events=events,
    ), alignments
