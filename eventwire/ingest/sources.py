"""Input sources: turn folders, JSON Lines, WARC archives and URL lists into a stream of documents.

Everything is a generator, so a corpus of any size is read one document at a time. Each document
gets a stable input name (`path`, `path:LINE`, `path@OFFSET`, or the URL): the store records it
once committed, which is how a rerun after a crash skips what is done. A broken input becomes a
`Discard` in the stream instead of an exception, so one bad file never stops a run. Reading a
document is deferred (`SourceItem.read`) so that a rerun does not even open or fetch what the
store already holds. For a cluster, `plan_shards` cuts the inputs into runs of documents known
only by position, and `iter_shard` reads one run back with the same names and discards.

Input kinds, by name:
- a directory: every non-hidden file below it, sorted, each read by its own kind;
- `*.jsonl`, `*.ndjson` (optionally `.gz`): one document per line, fields `text` or `html`, and
  optionally `url`, `published` (ISO date), `publisher`, `title`;
- `*.warc`, `*.warc.gz`: HTML `response` records, read with warcio;
- `*.urls`, or any file whose non-blank lines are all http(s) URLs: one URL per line, fetched;
- an http(s) URL: fetched;
- any other file (`.txt`, `.html`, `.html.gz`, ...): one document.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import itertools
import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from eventwire.errors import EmptyInput, EventwireError, UndecodableInput, UnreadableInput
from eventwire.read import MAX_PAGE_BYTES, check_bytes, load_page, page_from_text
from eventwire.records import Discard, Page

_URL = re.compile(r"(?i)^https?://\S+$")
_JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_WARC = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SNIFF = 64 * 1024
_SINGLE = ("document", "url", "missing")
"""Input kinds that are one document each."""


@dataclass(frozen=True)
class InputMeta:
    """Metadata an input gives beside the content (JSON Lines fields, WARC target URI)."""

    url: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class SourceItem:
    """One document to be coded: its input name, how to read it, and what the input says of it."""

    source: str
    read: Callable[[], Page] = field(compare=False)
    meta: InputMeta = InputMeta()


Item = SourceItem | Discard


@dataclass(frozen=True)
class Position:
    """Where to start reading a multi-document file: a line (JSON Lines, URL lists) and the byte
    offset it starts at (for WARC the offset of a record)."""

    line: int = 1
    offset: int = 0


def iter_inputs(inputs: Iterable[str | Path]) -> Iterator[Item]:
    """Every document (or discard) of every input, in a stable order."""
    for name, kind in _entries(inputs):
        yield from _iter_entry(name, kind)


def count_documents(inputs: Iterable[str | Path]) -> int | None:
    """The number of documents when it is cheap to know (folders and plain files), else None.

    JSON Lines, WARC files and URL lists would have to be read to count them, so their
    presence makes the total unknown and the progress bar shows no ETA.
    """
    total = 0
    for _, kind in _entries(inputs):
        if kind not in _SINGLE:
            return None
        total += 1
    return total


@dataclass(frozen=True)
class Shard:
    """A run of inputs described without their content: single-document inputs, or a stretch of
    `count` documents of one multi-document file from `start` (None: to its end)."""

    entries: tuple[tuple[str, str], ...]
    start: Position = Position()
    count: int | None = None

    @property
    def key(self) -> str:
        """A name for this shard that a rerun with the same plan gives it again."""
        return hashlib.sha1(repr((self.entries, self.start, self.count)).encode()).hexdigest()[:16]


def plan_shards(inputs: Iterable[str | Path], size: int) -> Iterator[Shard]:
    """The inputs cut into shards of about `size` documents, for workers that read them (`iter_shard`).

    Why: a cluster driver must not hold the corpus. Planning reads each multi-document file once
    and keeps only where every run of `size` documents starts (line and byte offset, WARC record
    offset). The same inputs and size always give the same shards.
    """
    singles: list[tuple[str, str]] = []
    for name, kind in _entries(inputs):
        if kind not in _SINGLE:
            yield from _file_shards(name, kind, size)
            continue
        singles.append((name, kind))
        if len(singles) == size:
            yield Shard(tuple(singles))
            singles = []
    if singles:
        yield Shard(tuple(singles))


def iter_shard(shard: Shard) -> Iterator[Item]:
    """The documents (and discards) of one shard, named as `iter_inputs` names them."""
    for name, kind in shard.entries:
        yield from itertools.islice(_iter_entry(name, kind, shard.start), shard.count)


def _file_shards(name: str, kind: str, size: int) -> Iterator[Shard]:
    starts = [Position()]
    for n, position in enumerate(_document_positions(Path(name), kind)):
        if n and n % size == 0:
            starts.append(position)
    for i, start in enumerate(starts):
        yield Shard(((name, kind),), start, size if i < len(starts) - 1 else None)


def _document_positions(path: Path, kind: str) -> Iterator[Position]:
    """Where each document of a multi-document file starts. A read error ends the list: the last
    shard reads to the end of the file, so the worker meets the error and records the discard."""
    if kind == "warc":
        for item in _iter_warc(path):
            if isinstance(item, SourceItem):
                yield Position(offset=int(item.source.rsplit("@", 1)[1]))
        return
    try:
        for line, offset, text in _lines(path, Position()):
            if text.strip() and not (kind == "urls" and text.lstrip().startswith("#")):
                yield Position(line, offset)
    except (EOFError, OSError, zlib.error):
        return


def _entries(inputs: Iterable[str | Path]) -> Iterator[tuple[str, str]]:
    """(name, kind) of every input, folders walked in sorted order."""
    for given in inputs:
        name = str(given)
        if _URL.match(name):
            yield name, "url"
            continue
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                yield str(file), _kind(file, explicit=False)
        elif path.exists():
            yield name, _kind(path, explicit=True)
        else:
            yield name, "missing"


def _iter_entry(name: str, kind: str, start: Position = Position()) -> Iterator[Item]:
    if kind == "url":
        yield SourceItem(name, partial(load_page, name), InputMeta(url=name))
    elif kind == "missing":
        yield UnreadableInput(name, "no such file or directory").to_discard()
    elif kind == "jsonl":
        yield from _iter_jsonl(Path(name), start)
    elif kind == "warc":
        yield from _iter_warc(Path(name), start)
    elif kind == "urls":
        yield from _iter_urls(Path(name), start)
    else:
        yield SourceItem(name, partial(read_document, Path(name)))


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder) / name


def _kind(path: Path, *, explicit: bool) -> str:
    name = path.name.lower()
    if name.endswith(_JSONL):
        return "jsonl"
    if name.endswith(_WARC):
        return "warc"
    if name.endswith(".urls") or (explicit and path.exists() and _is_url_list(path)):
        return "urls"
    return "document"


def _is_url_list(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
    except OSError:
        return False
    try:
        lines = [ln.strip() for ln in head.decode("utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    except UnicodeDecodeError:
        return False
    return bool(lines) and all(_URL.match(ln) for ln in lines)


def read_document(path: Path) -> Page:
    """One file as a Page (gzip inflated, a truncated archive caught as E103)."""
    return load_page(str(path))


def _lines(path: Path, start: Position) -> Iterator[tuple[int, int, str]]:
    """(line number, byte offset, text) of every line from `start` on.

    Lines end at "\n" only, and offsets count bytes of the inflated text, so a plan made by one
    reading (`plan_shards`) points at the same lines for another; gzip files seek by inflating.
    """
    with path.open("rb") as raw:
        gz = raw.read(2) == b"\x1f\x8b"
    with (gzip.open(path, "rb") if gz else path.open("rb")) as handle:
        handle.seek(start.offset)
        line, offset = start.line, start.offset
        for raw_line in handle:
            yield line, offset, raw_line.decode("utf-8", "replace")
            line, offset = line + 1, offset + len(raw_line)


def _iter_jsonl(path: Path, start: Position = Position()) -> Iterator[Item]:
    line = start.line - 1
    try:
        for line, _, text in _lines(path, start):
            if text.strip():
                yield _jsonl_item(f"{path}:{line}", text)
    except (EOFError, OSError, zlib.error) as exc:
        yield UndecodableInput(f"{path}:{line + 1}", f"cannot read past line {line} ({exc})").to_discard()


def _jsonl_item(source: str, line: str) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return UndecodableInput(source, f"not a JSON object ({exc.msg})").to_discard()
    if not isinstance(record, dict):
        return UndecodableInput(source, "not a JSON object").to_discard()
    body = record.get("html") or record.get("text")
    if not isinstance(body, str) or not body.strip():
        return EmptyInput(source, "record has no 'text' or 'html' field").to_discard()
    meta = InputMeta(url=_str(record.get("url")), published=_date(record.get("published")),
                     publisher=_str(record.get("publisher")), title=_str(record.get("title")))
    if "html" not in record and meta.title and not body.lstrip().startswith(meta.title):
        body = f"{meta.title}\n\n{body}"
    return SourceItem(source, partial(_page_of, body, source, meta.url), meta)


def _page_of(content: str | bytes, source: str, url: str | None) -> Page:
    page = page_from_text(content, source=source, url=url)
    check_bytes(page)
    return page


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(value: object) -> dt.date | None:
    """An ISO date or date-time; anything else is left for the cleaner to find in the page."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


class _BrokenRecord(ValueError):
    """A WARC record warcio reads without complaint but that cannot be right."""


def _iter_warc(path: Path, start: Position = Position()) -> Iterator[Item]:
    """HTML responses of a WARC; at the first broken record the rest of the file is discarded.

    warcio tolerates a lot silently, so two checks are added: a record without a WARC-Type is
    garbage, and a record whose block ends before its Content-Length is truncated. Digests are
    verified where the archive has them.
    """
    offset = start.offset
    try:
        with path.open("rb") as stream:
            stream.seek(start.offset)  # record offsets are file positions (gzip members in a .warc.gz)
            records = ArchiveIterator(stream, check_digests="raise")
            for record in records:
                if record.rec_type is None:
                    raise _BrokenRecord("record has no WARC-Type header")
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if not ctype.startswith(_HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                content = record.content_stream().read(MAX_PAGE_BYTES)
                if len(content) < MAX_PAGE_BYTES and getattr(record.raw_stream, "limit", 0) > 0:
                    raise _BrokenRecord(f"record for {url} ends {record.raw_stream.limit} bytes short of its Content-Length")
                offset = records.get_record_offset()  # only valid once the record is read
                source = f"{path}@{offset}"
                yield SourceItem(source, partial(_page_of, content, source, url), InputMeta(url=url))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error, AttributeError) as exc:
        # AttributeError: warcio 1.8 fails so on a record header cut short (no status line)
        yield UndecodableInput(f"{path}@{offset}:rest", f"broken WARC record after offset {offset}; rest of the file skipped ({exc})").to_discard()


def _iter_urls(path: Path, start: Position = Position()) -> Iterator[Item]:
    for _, _, text in _lines(path, start):
        url = text.strip()
        if not url or url.startswith("#"):
            continue
        if _URL.match(url):
            yield SourceItem(url, partial(load_page, url), InputMeta(url=url))
        else:
            yield UnreadableInput(url, f"not an http(s) URL (in {path})").to_discard()
