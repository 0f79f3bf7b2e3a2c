"""Input sources: turn folders, JSON Lines, WARC archives and URL lists into a stream of documents.

Everything is a generator, so a corpus of any size is read one document at a time. Each document
gets a stable input name (`path`, `path:LINE`, `path@OFFSET`, or the URL): the store records it
once committed, which is how a rerun after a crash skips what is done. A broken input becomes a
`Discard` in the stream instead of an exception, so one bad file never stops a run. Reading a
document is deferred (`SourceItem.read`) so that a rerun does not even open or fetch what the
store already holds.

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



def iter_inputs(inputs: Iterable[str | Path]) -> Iterator[Item]:
    """Every document (or discard) of every input, in a stable order."""
    for given in inputs:
        name = str(given)
        if _URL.match(name):
            yield SourceItem(name, partial(load_page, name), InputMeta(url=name))
            continue
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                yield from _iter_file(file, explicit=False)
        elif path.exists():
            yield from _iter_file(path, explicit=True)
        else:
            yield UnreadableInput(name, "no such file or directory").to_discard()


def count_documents(inputs: Iterable[str | Path]) -> int | None:
    """The number of documents when it is cheap to know (folders and plain files), else None.

    JSON Lines, WARC files and URL lists would have to be read to count them, so their
    presence makes the total unknown and the progress bar shows no ETA.
    """
    total = 0
    for given in inputs:
        name = str(given)
        if _URL.match(name):
            total += 1
            continue
        path = Path(name)
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            if _kind(file, explicit=not path.is_dir()) != "document":
                return None
            total += 1
    return total


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


def _iter_file(path: Path, *, explicit: bool) -> Iterator[Item]:
    kind = _kind(path, explicit=explicit)
    if kind == "jsonl":
        yield from _iter_jsonl(path)
    elif kind == "warc":
        yield from _iter_warc(path)
    elif kind == "urls":
        yield from _iter_urls(path)
    else:
        yield SourceItem(str(path), partial(read_document, path))


def read_document(path: Path) -> Page:
    """One file as a Page (gzip inflated, a truncated archive caught as E103)."""
    return load_page(str(path))


def _open_text_lines(path: Path) -> Iterator[str]:
    with path.open("rb") as raw:
        gz = raw.read(2) == b"\x1f\x8b"
    opener = gzip.open if gz else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        yield from handle


def _iter_jsonl(path: Path) -> Iterator[Item]:
    lineno = 0
    try:
        for lineno, line in enumerate(_open_text_lines(path), start=1):
            if line.strip():
                yield _jsonl_item(f"{path}:{lineno}", line)
    except (EOFError, OSError, zlib.error) as exc:
        yield UndecodableInput(f"{path}:{lineno + 1}", f"cannot read past line {lineno} ({exc})").to_discard()


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


def _iter_warc(path: Path) -> Iterator[Item]:
    """HTML responses of a WARC; at the first broken record the rest of the file is discarded.

    warcio tolerates a lot silently, so two checks are added: a record without a WARC-Type is
    garbage, and a record whose block ends before its Content-Length is truncated. Digests are
    verified where the archive has them.
    """
    offset = 0
    try:
        with path.open("rb") as stream:
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
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        yield UndecodableInput(f"{path}@{offset}:rest", f"broken WARC record after offset {offset}; rest of the file skipped ({exc})").to_discard()


def _iter_urls(path: Path) -> Iterator[Item]:
    for line in _open_text_lines(path):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if _URL.match(url):
            yield SourceItem(url, partial(load_page, url), InputMeta(url=url))
        else:
            yield UnreadableInput(url, f"not an http(s) URL (in {path})").to_discard()
