"""The local ingest engine: inputs -> pages -> coded articles -> store, one batch at a time.

Memory stays bounded whatever the corpus size: inputs are generators and only one batch of
documents is held at once. Each batch is committed in one transaction together with the names of
the inputs it consumed, so a run killed at any point is finished by running it again: committed
inputs are skipped before they are even read, and content-hash document ids keep anything from
being stored twice.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.errors import EventwireError, InternalError
from eventwire.annotate import SPACY_BATCH
from eventwire.ingest.progress import IngestProgress
from eventwire.ingest.sources import InputMeta, Item, count_documents, iter_inputs
from eventwire.records import CodedArticle, Discard, Page
from eventwire.store.rows import ArticleRows, rows_for
from eventwire.store.store import EventStore, RunTotals

if TYPE_CHECKING:
    import datetime as dt

    from eventwire.pipeline import Coder

DEFAULT_BATCH = 32


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    result: RunTotals
    skipped: int
    seconds: float


def batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def with_meta(coded: CodedArticle, meta: InputMeta | None) -> CodedArticle:
    """Apply what the input states (JSON Lines publisher, title, url) over what cleaning guessed.

    A feed's own `publisher` field is better than a name guessed from the host, and the
    counts of distinct sources per event depend on it.
    """
    if meta is None:
        return coded
    art = coded.article
    update = {name: getattr(meta, name) for name in ("publisher", "title", "url")
              if getattr(meta, name) is not None and getattr(meta, name) != getattr(art, name)}
    return coded.model_copy(update={"article": art.model_copy(update=update)}) if update else coded


def code_batch(items: Sequence[Item], coder: Coder, *, nlp_batch: int = SPACY_BATCH) -> tuple[list[ArticleRows], list[tuple[str, str | None]]]:
    """Read and code one batch; returns its rows and (input, doc_id or None) for every input consumed.

    This is the unit both engines share: the local runner stores the rows, the Ray engine
    writes them as Parquet.
    """
    rows: list[ArticleRows] = []
    consumed: list[tuple[str, str | None]] = []
    pages: list[tuple[Page, dt.date | None]] = []
    metas: dict[str, InputMeta] = {}
    for item in items:
        if isinstance(item, Discard):
            rows.append(rows_for(item))
            consumed.append((item.source, None))
            continue
        try:
            page = item.read()
        except EventwireError as error:
            rows.append(rows_for(error.to_discard(item.source)))
            consumed.append((item.source, None))
            continue
        pages.append((page, item.meta.published))
        metas[item.source] = item.meta
    for out in _process(coder, pages, nlp_batch):
        if isinstance(out, CodedArticle):
            out = with_meta(out, metas.get(out.article.source))
            consumed.append((out.article.source, out.article.doc_id))
        else:
            consumed.append((out.source, None))
        rows.append(rows_for(out))
    return rows, consumed


def _process(coder: Coder, pages: list[tuple[Page, dt.date | None]], nlp_batch: int) -> list[CodedArticle | Discard]:
    """Code a batch; if an unexpected error escapes the batch, redo it page by page.

    `Coder.process_pages` turns named errors into discards, but a bug hit while cleaning or
    parsing one page ends the whole generator. Retrying page by page pins it on that page, which
    becomes an E900 discard; otherwise every rerun would stop on the same page.
    """
    try:
        return list(coder.process_pages(pages, batch_size=nlp_batch))
    except Exception:  # noqa: BLE001 - located and recorded below
        out: list[CodedArticle | Discard] = []
        for page, published in pages:
            try:
                out.extend(coder.process_pages([(page, published)], batch_size=1))
            except Exception as error:  # noqa: BLE001 - one bad page must not stop a corpus run
                out.append(InternalError(page.source, f"{type(error).__name__}: {error}").to_discard())
        return out


def ingest(inputs: Sequence[str | Path], store: EventStore, coder: Coder, *, batch_size: int = DEFAULT_BATCH,
           progress: IngestProgress | None = None) -> RunSummary:
    """Ingest every document of `inputs` into `store`; safe to rerun after a crash."""
    started = time.monotonic()
    names = [str(i) for i in inputs]
    run_id = store.start_run(names)
    if progress is not None:
        progress.start(count_documents(names))
    total, skipped = RunTotals(), 0
    for chunk in batched(iter_inputs(names), batch_size):
        done = store.done_inputs([item.source for item in chunk])
        todo = [item for item in chunk if item.source not in done]
        skipped += len(chunk) - len(todo)
        rows, consumed = code_batch(todo, coder)
        result = store.write(rows, run_id=run_id, inputs=consumed)
        total = total.add(result)
        if progress is not None:
            progress.advance(len(chunk), result)
    store.finish_run(run_id, total)
    return RunSummary(run_id, total, skipped, time.monotonic() - started)


