"""The records that flow between pipeline stages.

page -> article -> (spaCy Doc) -> events -> store. Every record is a frozen pydantic model, so a
stage cannot mutate what an earlier stage produced, and every record serialises to JSON the same
way in the CLI, the HTTP API and the store.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
"""PLOVER types that are scored. STATEMENT (CAMEO 01) and APPEAL (CAMEO 02) may also be emitted."""

Modality = Literal["asserted", "intended", "negated", "hypothetical"]
Precision = Literal["day", "month", "year"]
InputKind = Literal["html", "text"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(Record):
    """Raw input as the user has it: bytes plus where they came from."""

    source: str = Field(description="path, URL or '-' for stdin; names the input in errors")
    content: bytes
    url: str | None = None
    content_type: str | None = Field(default=None, description="HTTP Content-Type when fetched")


class Article(Record):
    """A cleaned news report: the text that evidence offsets point into, and its metadata."""

    doc_id: str = Field(description="content hash of the cleaned text (sha1 hex, first 16 chars)")
    source: str
    text: str = Field(description="cleaned article body; title first when known, paragraphs split by blank lines")
    kind: InputKind
    title: str | None = None
    published: dt.date | None = None
    published_from: Literal["input", "given", "missing"] = "missing"
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    section: str | None = None
    dateline: str | None = Field(default=None, description="dateline place, e.g. 'Seoul'")
    language: str = "en"
    removed_lines: tuple[str, ...] = Field(default=(), description="boilerplate lines dropped while cleaning")


class Actor(Record):
    """One coded actor: as written, canonical name, country or org, sector."""

    text: str
    name: str
    country: str | None = Field(default=None, description="ISO 3166 alpha-3 code")
    org: str | None = Field(default=None, description="code of a body that belongs to no one state: UN, EU, NATO, ...")
    sector: str | None = Field(default=None, description="GOV, MIL, COP, JUD, LEG, PTY, OPP, REB, ...")

    @property
    def code(self) -> str | None:
        """The code scoring compares: country when the actor has one, else org."""
        return self.country or self.org


class Location(Record):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    from_dateline: bool = False


class Mention(Record):
    """One place in the cleaned text where the event is reported."""

    sentence: int = Field(description="sentence index in the cleaned text, 0-based")
    start: int = Field(description="character offset of the evidence span into Article.text")
    end: int
    text: str = Field(description="the evidence span, Article.text[start:end]")
    trigger: str = Field(description="the words that signal the event")


class Event(Record):
    """One real-world action as the report states it (see EVENTS.md)."""

    event_id: str
    doc_id: str
    event_type: str = Field(description="PLOVER type, or STATEMENT / APPEAL for CAMEO 01 / 02")
    cameo: str = Field(description="most specific CAMEO code, leading zeros kept")
    mode: str = ""
    modality: Modality = "asserted"
    source: tuple[Actor, ...] = ()
    target: tuple[Actor, ...] = ()
    reciprocal: bool = False
    date: str | None = Field(default=None, description="ISO date, or YYYY-MM / YYYY at coarser precision")
    date_precision: Precision | None = None
    planned_date: str | None = None
    location: Location | None = None
    contexts: tuple[str, ...] = ()
    goldstein: float | None = None
    quad_class: int | None = None
    mentions: tuple[Mention, ...] = ()
    confidence: float = 0.5

    @property
    def evidence(self) -> str:
        return self.mentions[0].text if self.mentions else ""


class Discard(Record):
    """An input that could not be coded, kept as data so a batch run loses nothing silently."""

    source: str
    stage: str = Field(description="read, clean, annotate, code, store")
    code: str = Field(description="error code from eventwire.errors, e.g. E101")
    reason: str


class CodedArticle(Record):
    """The result of coding one article: the article and its events."""

    article: Article
    events: tuple[Event, ...] = ()
