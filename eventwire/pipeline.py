"""The whole path for one report and for streams of reports: page -> article -> doc -> events.

`Coder` holds the loaded parts (spaCy model, knowledge, lexicon, ontology) so a process loads
them once; batch engines (local ingest, Ray workers) keep one Coder each.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from threadpoolctl import threadpool_limits
from spacy.tokens import Doc

from eventwire.annotate import SPACY_BATCH, load_spacy
from eventwire.arbitrate import TypeArbiter
from eventwire.classifier import TypeClassifier
from eventwire.clean import clean
from eventwire.coding import Resources, find_candidates
from eventwire.contexts import default_contexts
from eventwire.errors import EventwireError, InternalError
from eventwire.knowledge import Knowledge, default_knowledge
from eventwire.lexicon import Lexicon, default_lexicon
from eventwire.merge import merge_candidates
from eventwire.modality import default_cues
from eventwire.ontology import default_ontology
from eventwire.read import page_from_text
from eventwire.records import Article, CodedArticle, Discard, Event, Page

ZONE_SIZE = 64
"""Articles parsed per spaCy memory zone in batch runs."""


class Coder:
    """Codes articles into events. Build one per process and reuse it."""

    def __init__(self, nlp: Language | None = None, knowledge: Knowledge | None = None,
                 lexicon: Lexicon | None = None, classify: bool = True, threads: int | None = 1) -> None:
        if threads is not None:
            # One process per core scales better than threads fighting over a busy core
            # (measured: OpenBLAS threads made coding 3x slower on a loaded 2-core machine).
            threadpool_limits(threads)
        self.nlp = nlp or load_spacy()
        self.classify = classify
        self.resources = Resources(
            knowledge=knowledge or default_knowledge(),
            lexicon=lexicon or default_lexicon(),
            ontology=default_ontology(),
            contexts=default_contexts(),
            cues=default_cues(),
        )

    @functools.cached_property
    def arbiter(self) -> TypeArbiter:
        """The trained type classifier, loaded on first use (it costs seconds to load)."""
        return TypeArbiter(TypeClassifier.load(), self.resources.ontology)

    @classmethod
    def with_extra_knowledge(cls, actor_files: Iterable[Path] = (), trigger_files: Iterable[Path] = ()) -> "Coder":
        """A coder that also reads a user's own actor and trigger files."""
        return cls(knowledge=Knowledge.load(extra_files=tuple(actor_files)),
                   lexicon=Lexicon.load(extra_files=tuple(trigger_files)))

    def code(self, text_or_html: str | bytes, *, published: dt.date | str | None = None,
             url: str | None = None, source: str = "<text>") -> list[Event]:
        """Events of one report given as raw text or HTML."""
        page = page_from_text(text_or_html, source=source, url=url)
        return list(self.code_page(page, published=published).events)

    def code_page(self, page: Page, *, published: dt.date | str | None = None) -> CodedArticle:
        return self.code_article(clean(page, published=_as_date(published)))

    def code_article(self, article: Article) -> CodedArticle:
        with self.nlp.memory_zone():
            return self.events_of(self.nlp(article.text), article)

    def events_of(self, doc, article: Article) -> CodedArticle:
        """Events of an article whose text is already parsed (the spaCy component path)."""
        candidates = find_candidates(doc, article, self.resources)
        if self.classify:
            candidates = self.arbiter.arbitrate(candidates)
        events = merge_candidates(candidates, article, self.resources.ontology)
        return CodedArticle(article=article, events=events)

    def code_articles(self, articles: Iterable[Article], batch_size: int = SPACY_BATCH) -> Iterator[CodedArticle]:
        """Stream articles through spaCy in batches, the fast path for corpora."""
        pairs = ((article.text, article) for article in articles)
        for doc, article in self._parse(pairs, batch_size):
            yield self.events_of(doc, article)

    def _parse(self, pairs: Iterable[tuple[str, Article]], batch_size: int) -> Iterator[tuple[Doc, Article]]:
        """Parse in memory zones of ZONE_SIZE articles, so that a corpus run does not keep every
        string it ever saw: each Doc must be used before the next one is asked for."""
        pairs = iter(pairs)
        while chunk := list(itertools.islice(pairs, ZONE_SIZE)):
            with self.nlp.memory_zone():
                yield from self.nlp.pipe(chunk, as_tuples=True, batch_size=batch_size)

    def process_pages(self, pages: Iterable[tuple[Page, dt.date | None]],
                      batch_size: int = SPACY_BATCH) -> Iterator[CodedArticle | Discard]:
        """Clean and code a stream of pages; a page that fails becomes a Discard and the run goes on."""
        discards: list[Discard] = []

        def articles() -> Iterator[tuple[str, Article]]:
            for page, published in pages:
                try:
                    article = clean(page, published=published)
                except EventwireError as error:
                    discards.append(error.to_discard(page.source))
                else:
                    yield article.text, article

        for doc, article in self._parse(articles(), batch_size):
            yield from _drain(discards)
            try:
                yield self.events_of(doc, article)
            except EventwireError as error:
                yield error.to_discard(article.source)
            except Exception as error:  # noqa: BLE001 - one bad article must not stop a corpus run
                yield InternalError(article.source, f"{type(error).__name__}: {error}").to_discard()
        yield from _drain(discards)


def _drain(items: list[Discard]) -> Iterator[Discard]:
    while items:
        yield items.pop(0)


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise EventwireError(str(value), "published date must be YYYY-MM-DD") from None


@functools.cache
def default_coder() -> Coder:
    """The coder behind `eventwire.code`, built on first use."""
    return Coder()
