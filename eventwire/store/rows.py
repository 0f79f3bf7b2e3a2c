"""Flat table rows for coded articles, shared by the local store and the Ray engine.

A `CodedArticle` is a tree (article -> events -> actors, mentions); the store and Parquet want
flat rows. These pure functions do that flattening once, so every engine writes the same columns,
and `ARROW_SCHEMAS` gives each table's pyarrow schema for Parquet writers. Rows here are
per-article: merging one real-world event across articles happens in the store
(`eventwire.dedupe`), because it needs everything ingested before.

Parquet layout `EventStore.load_parquet` reads: `<root>/<table>/**/*.parquet` for each table
in `TABLES` (hive partition directories such as `published=2024-05-01/` are allowed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Union

import pyarrow as pa

from eventwire.dedupe import signature
from eventwire.records import Actor, CodedArticle, Discard, Event

TABLES = ("documents", "events", "mentions", "actors", "discards")


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    source: str
    url: str | None
    title: str | None
    publisher: str | None
    published: dt.date | None
    published_from: str
    language: str
    kind: str
    dateline: str | None
    text: str
    minhash: tuple[int, ...]


@dataclass(frozen=True)
class EventRow:
    event_id: str
    doc_id: str
    event_type: str
    cameo: str
    cameo_root: str
    mode: str
    modality: str
    reciprocal: bool
    date: str | None
    date_precision: str | None
    day: dt.date | None
    planned_date: str | None
    location_name: str | None
    location_country: str | None
    lat: float | None
    lon: float | None
    location_from_dateline: bool
    contexts: tuple[str, ...]
    goldstein: float | None
    quad_class: int | None
    confidence: float
    source_codes: str
    target_codes: str
    actor_set: str
    seq: int


@dataclass(frozen=True)
class MentionRow:
    event_id: str
    doc_id: str
    seq: int
    sentence: int
    char_start: int
    char_end: int
    text: str
    trigger: str


@dataclass(frozen=True)
class ActorRow:
    event_id: str
    doc_id: str
    role: str
    seq: int
    text: str
    name: str
    code: str | None
    country: str | None
    org: str | None
    sector: str | None


@dataclass(frozen=True)
class DiscardRow:
    input: str
    stage: str
    code: str
    reason: str


Row = Union[DocumentRow, EventRow, MentionRow, ActorRow, DiscardRow]

_STR = pa.string()
ARROW_SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", _STR), ("source", _STR), ("url", _STR), ("title", _STR), ("publisher", _STR),
        ("published", pa.date32()), ("published_from", _STR), ("language", _STR), ("kind", _STR),
        ("dateline", _STR), ("text", _STR), ("minhash", pa.list_(pa.uint32())),
    ]),
    "events": pa.schema([
        ("event_id", _STR), ("doc_id", _STR), ("event_type", _STR), ("cameo", _STR),
        ("cameo_root", _STR), ("mode", _STR), ("modality", _STR), ("reciprocal", pa.bool_()),
        ("date", _STR), ("date_precision", _STR), ("day", pa.date32()), ("planned_date", _STR),
        ("location_name", _STR), ("location_country", _STR), ("lat", pa.float64()),
        ("lon", pa.float64()), ("location_from_dateline", pa.bool_()),
        ("contexts", pa.list_(_STR)), ("goldstein", pa.float64()), ("quad_class", pa.int8()),
        ("confidence", pa.float64()), ("source_codes", _STR), ("target_codes", _STR),
        ("actor_set", _STR), ("seq", pa.int32()),
    ]),
    "mentions": pa.schema([
        ("event_id", _STR), ("doc_id", _STR), ("seq", pa.int32()), ("sentence", pa.int32()),
        ("char_start", pa.int32()), ("char_end", pa.int32()), ("text", _STR), ("trigger", _STR),
    ]),
    "actors": pa.schema([
        ("event_id", _STR), ("doc_id", _STR), ("role", _STR), ("seq", pa.int32()), ("text", _STR),
        ("name", _STR), ("code", _STR), ("country", _STR), ("org", _STR), ("sector", _STR),
    ]),
    "discards": pa.schema([("input", _STR), ("stage", _STR), ("code", _STR), ("reason", _STR)]),
}
ROW_TYPES: dict[str, type] = {
    "documents": DocumentRow, "events": EventRow, "mentions": MentionRow,
    "actors": ActorRow, "discards": DiscardRow,
}


@dataclass(frozen=True)
class ArticleRows:
    """All rows of one coded article (or of one discard): the unit a batch is built from."""

    documents: tuple[DocumentRow, ...] = ()
    events: tuple[EventRow, ...] = ()
    mentions: tuple[MentionRow, ...] = ()
    actors: tuple[ActorRow, ...] = ()
    discards: tuple[DiscardRow, ...] = ()


def _codes(actors: Sequence[Actor]) -> list[str]:
    return sorted({a.code for a in actors if a.code})


def _day(event: Event) -> dt.date | None:
    if event.date_precision not in (None, "day") or not event.date:
        return None
    try:
        return dt.date.fromisoformat(event.date)
    except ValueError:
        return None


def event_row(event: Event, doc_id: str, seq: int) -> EventRow:
    """One event as a row; actor codes are flattened to sorted, comma-joined keys for merging.

    An actor without a country or org adds no code, as a blank actor code in GDELT: one outlet's
    "gunmen" and another's "armed men" are then the same unknown actor. Names vary far more
    between reports than codes do.
    """
    source, target = _codes(event.source), _codes(event.target)
    loc = event.location
    return EventRow(
        event_id=event.event_id, doc_id=doc_id, event_type=event.event_type, cameo=event.cameo,
        cameo_root=event.cameo[:2], mode=event.mode, modality=event.modality,
        reciprocal=event.reciprocal, date=event.date, date_precision=event.date_precision,
        day=_day(event), planned_date=event.planned_date,
        location_name=loc.name if loc else None, location_country=loc.country if loc else None,
        lat=loc.lat if loc else None, lon=loc.lon if loc else None,
        location_from_dateline=loc.from_dateline if loc else False,
        contexts=tuple(event.contexts), goldstein=event.goldstein, quad_class=event.quad_class,
        confidence=event.confidence, source_codes=",".join(source), target_codes=",".join(target),
        actor_set=",".join(sorted(set(source) | set(target))), seq=seq,
    )


def article_rows(coded: CodedArticle) -> ArticleRows:
    """Flatten one coded article into rows for every table."""
    art = coded.article
    doc = DocumentRow(
        doc_id=art.doc_id, source=art.source, url=art.url, title=art.title,
        publisher=art.publisher, published=art.published, published_from=art.published_from,
        language=art.language, kind=art.kind, dateline=art.dateline, text=art.text,
        minhash=signature(art.text),
    )
    events, mentions, actors = [], [], []
    for i, ev in enumerate(coded.events):
        events.append(event_row(ev, art.doc_id, i))
        mentions.extend(
            MentionRow(ev.event_id, art.doc_id, j, m.sentence, m.start, m.end, m.text, m.trigger)
            for j, m in enumerate(ev.mentions)
        )
        for role, group in (("source", ev.source), ("target", ev.target)):
            actors.extend(
                ActorRow(ev.event_id, art.doc_id, role, j, a.text, a.name, a.code, a.country,
                         a.org, a.sector)
                for j, a in enumerate(group)
            )
    return ArticleRows((doc,), tuple(events), tuple(mentions), tuple(actors))


def discard_rows(discard: Discard) -> ArticleRows:
    return ArticleRows(discards=(DiscardRow(discard.source, discard.stage, discard.code, discard.reason),))


def rows_for(item: CodedArticle | Discard) -> ArticleRows:
    """Rows for whatever `Coder.process_pages` yields."""
    return article_rows(item) if isinstance(item, CodedArticle) else discard_rows(item)


def to_arrow(table: str, rows: Iterable[Row]) -> pa.Table:
    """Rows of one table as a pyarrow Table with that table's schema (for Parquet or DuckDB)."""
    schema = ARROW_SCHEMAS[table]
    columns: dict[str, list] = {name: [] for name in schema.names}
    for row in rows:
        for name in schema.names:
            columns[name].append(getattr(row, name))
    return pa.table(columns, schema=schema)


def batch_to_arrow(batch: Iterable[ArticleRows]) -> dict[str, pa.Table]:
    """Concatenate many articles' rows into one pyarrow Table per table."""
    items = list(batch)
    return {t: to_arrow(t, (r for item in items for r in getattr(item, t))) for t in TABLES}


def from_arrow(table: str, data: pa.Table) -> list[Row]:
    """The inverse of `to_arrow`: rows back from a Table that has (at least) the schema's columns."""
    cls = ROW_TYPES[table]
    names = [f.name for f in dataclasses.fields(cls)]
    cols = [data.column(n).to_pylist() for n in names]
    out = []
    for values in zip(*cols):
        kw = dict(zip(names, values))
        for key in ("minhash", "contexts"):
            if key in kw:
                kw[key] = tuple(kw[key] or ())
        out.append(cls(**kw))
    return out
