"""Stage: event candidates (one per mention) -> events (one per real-world action).

A report names its main event in the headline, the lead and several later sentences. Those
mentions agree on the action type, on who took part and on the day; they become one event that
lists every mention, so a duplicate never counts twice downstream.
"""

from __future__ import annotations

import hashlib

from eventwire.coding import Candidate
from eventwire.ontology import Ontology
from eventwire.records import Actor, Article, Event


def merge_candidates(candidates: list[Candidate], article: Article, ontology: Ontology) -> tuple[Event, ...]:
    """Join candidates that report the same action, in order of first mention."""
    groups: list[list[Candidate]] = []
    for candidate in candidates:
        group = next((g for g in groups if all(_same_event(m, candidate) for m in g)), None)
        if group is None:
            groups.append([candidate])
        else:
            group.append(candidate)
    return tuple(_to_event(group, article, ontology) for group in groups)


def _codes(actors: tuple[Actor, ...]) -> frozenset[str]:
    return frozenset(a.code or a.name for a in actors)


def _same_event(a: Candidate, b: Candidate) -> bool:
    if a.event_type != b.event_type or _modality_class(a) != _modality_class(b):
        return False
    if not _compatible_codes(a.cameo, b.cameo):
        return False
    if not _compatible_dates(a, b):
        return False
    if a.reciprocal or b.reciprocal:
        return _codes(a.source + a.target) == _codes(b.source + b.target)
    if _codes(a.source) != _codes(b.source):
        return False
    return not a.target or not b.target or _codes(a.target) == _codes(b.target)


def _compatible_codes(a: str, b: str) -> bool:
    """Same action at CAMEO's third digit, or one of them the generic code of the root ("040").

    Intents to give aid (033x) and to cooperate economically (031x) are different plans."""
    if a[:3] == b[:3]:
        return True
    return a[:2] == b[:2] and (a[2:3] in ("", "0") or b[2:3] in ("", "0"))


def _modality_class(candidate: Candidate) -> str:
    return "asserted" if candidate.modality in ("asserted", "negated") else candidate.modality


def _compatible_dates(a: Candidate, b: Candidate) -> bool:
    """Same day, or one date only coarser than the other ("in November" vs "Nov. 5")."""
    if a.date is None or b.date is None:
        return True
    shorter, longer = sorted((a.date.value, b.date.value), key=len)
    return longer.startswith(shorter)


def _to_event(members: list[Candidate], article: Article, ontology: Ontology) -> Event:
    best = max(members, key=lambda c: (bool(c.target), len(c.cameo), c.confidence))
    located = next((c.location for c in members if c.location is not None and not c.location.from_dateline), None)
    location = located or next((c.location for c in members if c.location is not None), None)
    dated = next((c for c in members if c.date is not None and c.date.precision == "day"), None) or best
    planned = next((c.planned for c in members if c.planned is not None), None)
    entry = ontology.get(best.cameo)
    first = members[0].mention
    event_id = hashlib.sha1(f"{article.doc_id}:{first.start}:{first.end}:{best.cameo}".encode()).hexdigest()[:16]
    confidence = min(0.99, max(c.confidence for c in members) + 0.05 * (len(members) - 1))
    return Event(
        event_id=event_id,
        doc_id=article.doc_id,
        event_type=best.event_type,
        cameo=best.cameo,
        mode=best.mode,
        modality=best.modality,
        source=best.source,
        target=best.target,
        reciprocal=best.reciprocal,
        date=dated.date.value if dated.date else None,
        date_precision=dated.date.precision if dated.date else None,
        planned_date=planned.value if planned else None,
        location=location,
        contexts=tuple(sorted({tag for c in members for tag in c.contexts})),
        goldstein=entry.goldstein,
        quad_class=entry.quad_class,
        mentions=tuple(c.mention for c in members),
        confidence=round(confidence, 2),
    )
