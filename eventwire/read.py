"""Stage 1: get the raw bytes of one input (file, URL or stdin) and decode them to text.

Reading is kept apart from cleaning so a batch engine can fetch pages in one place and clean them
in another. Every failure is a named error from `eventwire.errors` that names the input, so the
edges can print one line instead of a traceback.
"""

from __future__ import annotations

import codecs
import re
import sys
import time
import zlib
from pathlib import Path

import charset_normalizer
import httpx

from eventwire.errors import (
    BinaryInput,
    EmptyInput,
    FetchError,
    NotHTMLResponse,
    UndecodableInput,
    UnreadableInput,
)
from eventwire.records import Page

MAX_PAGE_BYTES = 10 * 1024 * 1024
"""Inputs are read up to this many bytes (after gunzip); the rest is ignored, so a huge file or
an endless HTTP response cannot exhaust memory. News pages are far smaller."""

USER_AGENT = "eventwire/0.1 (+https://github.com/eventwire)"

_TEXT_TYPES = ("application/xhtml+xml", "application/xml")
"""Besides text/*, the media types a news page may be served as."""
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (docx/xlsx/epub?)"),
    (b"\xd0\xcf\x11\xe0", "an MS Office document"),
    (b"\x7fELF", "an executable"),
)
_SAMPLE = 8192
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_MAX_NON_ASCII_FOR_CP1252 = 0.15


def load_page(source: str, *, timeout: float = 20.0) -> Page:
    """Read a path, an http(s) URL, or '-' (stdin) into a Page; raises E101/E102/E107/E110/E111."""
    if source == "-":
        page = Page(source="-", content=_gunzip(sys.stdin.buffer.read(MAX_PAGE_BYTES), "-"))
    elif re.match(r"(?i)https?://", source):
        page = _fetch(source, timeout)
    else:
        page = Page(source=source, content=_read_file(source))
    check_bytes(page)
    return page


def page_from_text(content: str | bytes, *, source: str = "<text>", url: str | None = None) -> Page:
    """Wrap text or HTML the caller already holds (library use, HTTP API) as a Page."""
    data = content.encode("utf-8") if isinstance(content, str) else _gunzip(content, source)
    return Page(source=source, content=data, url=url)


def check_bytes(page: Page) -> None:
    """Reject empty and binary inputs before anything tries to parse them (E101, E102)."""
    data = page.content
    if not data.strip():
        raise EmptyInput(page.source, "input is empty")
    if _bom_encoding(data) or _utf16_without_bom(data):
        return
    head = data[:_SAMPLE]
    for signature, what in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise BinaryInput(page.source, f"input is binary ({what}), not text or HTML")
    if b"\x00" in head:
        raise BinaryInput(page.source, "input is binary (contains NUL bytes), not text or HTML")
    controls = sum(head.count(bytes((b,))) for b in _CONTROL_BYTES)
    if controls > 0.05 * len(head):
        raise BinaryInput(page.source, f"input is binary ({controls} control bytes in the first {len(head)}), not text or HTML")


def decode(page: Page) -> str:
    """Bytes to text: BOM, UTF-8, declared charset, cp1252, charset detection; E103 if none fits.

    Order matters: bytes that are valid UTF-8 almost never are by accident (pages often declare
    latin-1 and send UTF-8); a declared charset (HTTP header, <meta>) beats guessing; cp1252 goes
    before the statistical detector because short Western texts fool the detector (it reads
    'Café' as cp1250 or cp775) while cp1252 is what non-UTF-8 English pages almost always use.
    """
    check_bytes(page)
    data = page.content
    bom = _bom_encoding(data)
    if bom:
        return _decode_as(data, bom, page.source)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_as(data, utf16, page.source)
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    declared = _declared_charset(page)
    if declared:
        text = _strict(data, declared)
        if text is not None:
            return text
    non_ascii = sum(1 for b in data[: _SAMPLE * 8] if b > 127) / min(len(data), _SAMPLE * 8)
    if non_ascii <= _MAX_NON_ASCII_FOR_CP1252:
        text = _strict(data, "cp1252")
        if text is not None:
            return text
    best = charset_normalizer.from_bytes(data[: MAX_PAGE_BYTES]).best()
    if best is None:
        raise UndecodableInput(page.source, "input is not valid UTF-8 and no other text encoding fits it")
    return str(best)


def _read_file(path_str: str) -> bytes:
    path = Path(path_str)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PAGE_BYTES)
    except FileNotFoundError:
        raise UnreadableInput(path_str, "no such file") from None
    except IsADirectoryError:
        raise UnreadableInput(path_str, "is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableInput(path_str, f"cannot read file ({exc.strerror or exc})") from None
    return _gunzip(data, path_str)


def _gunzip(data: bytes, source: str) -> bytes:
    """Gunzip by magic number (not extension), never inflating past MAX_PAGE_BYTES; a stream that
    ends early (a truncated download) is an error, not a silently shortened page."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_PAGE_BYTES)
    except zlib.error as exc:
        raise UndecodableInput(source, f"corrupt gzip data ({exc})") from None
    if not inflater.eof and len(out) < MAX_PAGE_BYTES:
        raise UndecodableInput(source, f"truncated gzip file: the compressed stream ends early (after {len(out)} bytes of text)")
    return out


def _fetch(url: str, timeout: float) -> Page:
    """GET with redirects, per-operation timeouts, an overall deadline and a size cap."""
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"}
    chunks: list[bytes] = []
    size = 0
    try:
        with httpx.Client(follow_redirects=True, timeout=timeout, headers=headers, max_redirects=10) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                content_type = response.headers.get("content-type")
                mime = (content_type or "").split(";")[0].strip().lower()
                if mime and not mime.startswith("text/") and mime not in _TEXT_TYPES:
                    raise NotHTMLResponse(url, f"response is {mime}, not HTML or text")
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size >= MAX_PAGE_BYTES:
                        break
                    if time.monotonic() > deadline:
                        raise FetchError(url, f"download took longer than {timeout:g} s")
                final_url = str(response.url)
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {timeout:g} s") from None
    except httpx.ConnectError as exc:
        raise FetchError(url, f"cannot connect ({exc})") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(url, f"fetch failed ({type(exc).__name__}: {exc})") from None
    data = _gunzip(b"".join(chunks)[:MAX_PAGE_BYTES], url)
    return Page(source=url, content=data, url=final_url, content_type=content_type)


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM shows as ASCII letters interleaved with NULs."""
    head = data[: _SAMPLE - _SAMPLE % 2]
    if len(head) < 8:
        return None
    if head[1::2].count(0) > 0.9 * (len(head) // 2) and head[0::2].count(0) < 0.1 * (len(head) // 2):
        return "utf-16-le"
    if head[0::2].count(0) > 0.9 * (len(head) // 2) and head[1::2].count(0) < 0.1 * (len(head) // 2):
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    """Decode strictly, tolerating only a multi-byte character cut off by the size cap."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end"):
            return data[: exc.start].decode(encoding)
        return None
    except LookupError:
        return None


def _decode_as(data: bytes, encoding: str, source: str) -> str:
    text = _strict(data, encoding)
    if text is None:
        raise UndecodableInput(source, f"input claims {encoding} but does not decode as it")
    return text


def _declared_charset(page: Page) -> str | None:
    """The charset named by the HTTP header or an HTML <meta> tag near the top."""
    for blob in ((page.content_type or "").encode("ascii", "ignore"), page.content[:4096]):
        match = _CHARSET_RE.search(blob)
        if match:
            return match.group(1).decode("ascii")
    return None
