"""Stage 2: a raw Page into a cleaned Article, the text every evidence offset points into.

HTML goes through trafilatura (body and metadata, dates via htmldate); raw page text goes
through line rules from `data/boilerplate.tsv`. Both paths then read the same metadata lines
(time stamp with section, byline, dateline) so a copied page and its HTML give one Article.
Only whitespace is normalised inside lines; nothing else is rewritten.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from eventwire.errors import KnowledgeError, MissingDate, NoArticleText, NotEnglish
from eventwire.read import decode
from eventwire.records import Article, Page

MAX_SCAN_CHARS = 1_000_000
"""Cleaning of plain text looks at no more than this many characters, which bounds time and
memory for huge inputs (a 20 MB text cleans in well under a second)."""

MAX_ARTICLE_CHARS = 200_000
"""Article.text is cut at the last paragraph that fits in this many characters (a long news
report is 10,000); anything longer is a book or a dump, not one report."""

MAX_HTML_CHARS = 1_000_000
"""HTML is cut to this many characters after scripts, styles and comments are dropped (real
article pages are under 300,000 then); extraction time grows faster than linearly with size."""

MIN_LANGID_CHARS = 200
"""Language is judged only on at least this many letters: shorter texts (a headline, a single
sentence of names) are too short for a reliable call, so they pass as English."""

LANGID_MIN_PROB = 0.9
_BODY_WORDS = 20
_HEADLINE_MAX_WORDS = 30
_HEADLINE_MAX_CHARS = 250
_META_MAX_CHARS = 120

_MONTH_NUMBERS = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_MONTH = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_FORMS = (
    re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH}),?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
)
_TIME = re.compile(
    r"(?:T|\b)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?\s*(?i:[ap]\.?m\.?)?(?:Z|[+-]\d{2}:?\d{2})?\b\.?"
    r"|\b\d+\s*(?i:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+(?i:ago)\b"
    r"|\(?\b(?:[A-Z]{1,4}T|UTC|GMT|KST|JST|CET|CEST|BST|IST)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?",
)
_FILLER = re.compile(
    r"\b(?:published|updated|posted|last|modified|created|first|date|time|on|at)\b"
    r"|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
    r"|[|·•,:/–—-]+",
    re.I,
)
_UPDATE = re.compile(r"\b(?:updated|modified)\b", re.I)
_SECTION_WORD = re.compile(r"(?:[A-Z0-9][\w&'’.-]*|&|and|of|the|in)$")
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|da|del|der|van|von|la|le|al|bin|ibn)){0,4}"
_BYLINE = re.compile(rf"(?:By|BY|by)\s+(?P<name>{_NAME}(?:\s+(?:and|&)\s+{_NAME})*)(?P<rest>(?:\s*[,|·•—–-].*)?)$")
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]*){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,2}))?"
    rf"(?:,\s*(?P<date>(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:,\s*(?P<y>(?:19|20)\d\d))?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w.&'’ /-]{0,40})\))?"
    r"\s*(?P<dash>--|—|–|-|:)\s+",
)
_BULK_OPEN = re.compile(r"<(?P<tag>script|style|svg)\b(?P<attrs>[^<>]{0,2000})>|<!--", re.I)
_BULK_CLOSE = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in ("script", "style", "svg")} | {None: re.compile("-->")}
_TITLE_TAIL = re.compile(r"(?P<head>.+?)\s+[|–—:-]\s+(?P<tail>[^|–—]{1,60})")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SENTENCE_END = tuple(".:;,")
_HTML_HEAD = ("<!doctype html", "<html", "<?xml")
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|/?(?:html|head|body|div|p|span|a|article|section|main|header|footer|nav|meta|title|"
    r"script|style|link|table|tr|td|br|h[1-6]|ul|ol|li|img|figure|time))\b[^<>]*>",
    re.I,
)


@dataclass(frozen=True)
class Boilerplate:
    """Compiled line patterns: exact lines (casefolded) and one alternation of full-line regexes."""

    exact: frozenset[str]
    pattern: re.Pattern[str] | None

    def matches(self, line: str) -> bool:
        if line.casefold() in self.exact:
            return True
        return self.pattern is not None and len(line) <= 1000 and self.pattern.fullmatch(line) is not None


@dataclass(frozen=True)
class _Meta:
    """Metadata read from the text itself, before HTML metadata or the caller override it."""

    title: str | None = None
    published: dt.date | None = None
    section: str | None = None
    author: str | None = None
    dateline: str | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass
class _Lines:
    """Working state of one text while its lines are sorted into body, metadata and boilerplate."""

    paragraphs: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    meta: _Meta = field(default_factory=_Meta)


def load_boilerplate(*files: str | Path) -> Boilerplate:
    """The shipped patterns plus any user files of the same TSV shape (kind, pattern, category)."""
    rows = _read_boilerplate_rows(resources.files("eventwire") / "data" / "boilerplate.tsv", "boilerplate.tsv")
    for extra in files:
        rows.extend(_read_boilerplate_rows(Path(extra), str(extra)))
    exact = frozenset(" ".join(p.split()).casefold() for kind, p in rows if kind == "line")
    regexes = [p for kind, p in rows if kind == "regex"]
    pattern = re.compile("|".join(f"(?:{p})" for p in regexes), re.I) if regexes else None
    return Boilerplate(exact=exact, pattern=pattern)


@functools.cache
def default_boilerplate() -> Boilerplate:
    return load_boilerplate()


def clean(page: Page, *, published: dt.date | None = None, boilerplate: Boilerplate | None = None) -> Article:
    """Clean one page: body text, title, date, publisher, author, section, dateline.

    `published` given by the caller wins over a date found in the input. Raises E101-E105.
    """
    rules = boilerplate or default_boilerplate()
    if isinstance(published, dt.datetime):
        published = published.date()
    text = decode(page)
    if is_html(text):
        kind, lines, found_date = "html", *_from_html(text, page, rules)
    else:
        kind, lines, found_date = "text", _sort_lines(text[:MAX_SCAN_CHARS], rules, raw_text=True), None
    if not lines.paragraphs:
        raise NoArticleText(page.source, "no article text left after removing page furniture")
    body = _truncate(lines.paragraphs)
    _check_english(body, page.source)
    meta = lines.meta
    date_found = found_date or meta.published
    return Article(
        doc_id=hashlib.sha1(body.encode("utf-8")).hexdigest()[:16],
        source=page.source,
        text=body,
        kind=kind,
        title=meta.title,
        published=published or date_found,
        published_from="given" if published else "input" if date_found else "missing",
        publisher=meta.publisher,
        author=meta.author,
        url=page.url or meta.url,
        section=meta.section,
        dateline=meta.dateline,
        removed_lines=tuple(lines.removed),
    )


def require_date(article: Article) -> dt.date:
    """The publication date, for callers that cannot resolve 'Friday' without one (E106)."""
    if article.published is None:
        raise MissingDate(article.source, "no publication date in the input; pass one (e.g. --published 2018-12-21)")
    return article.published


def is_html(text: str) -> bool:
    """HTML by content, not by file name: a leading tag or doctype, or a high density of tags."""
    head = text[:4096].lstrip().lower()
    sample = text[:50_000]
    if head.startswith(_HTML_HEAD):
        return head.startswith(("<!doctype html", "<html")) or "<html" in sample.lower()
    tags = len(_HTML_TAG.findall(sample))
    if head.startswith("<") and tags >= 2:
        return True
    return tags >= 5 and tags * 500 >= len(sample)


def _from_html(html: str, page: Page, rules: Boilerplate) -> tuple[_Lines, dt.date | None]:
    """trafilatura for body and metadata; its baseline extractor when the main one gives up."""
    import trafilatura  # slow to import, and plain text never needs it

    html = _drop_bulk(html)[:MAX_HTML_CHARS]
    dates = {  # htmldate: the original publication date, never a future one
        "extensive_search": True,
        "original_date": True,
        "outputformat": "%Y-%m-%d",
        "max_date": (dt.date.today() + dt.timedelta(days=1)).isoformat(),
    }
    doc = trafilatura.bare_extraction(
        html, url=page.url, with_metadata=True, include_comments=False, include_images=False, date_extraction_params=dates
    )
    if doc is None or not doc.text:
        body = trafilatura.baseline(html)[1]
        doc = doc or trafilatura.extract_metadata(html, default_url=page.url, date_config=dates)
    else:
        body = doc.text
    lines = _sort_lines(body or "", rules, raw_text=False)
    meta = lines.meta
    title = _page_title(_norm(doc.title or ""), lines.paragraphs, doc.sitename, doc.hostname) or meta.title
    if title and lines.paragraphs and lines.paragraphs[0] != title:
        lines.paragraphs.insert(0, title)
    lines.meta = replace(
        meta,
        title=title or None,
        author=_norm(doc.author or "") or meta.author,
        publisher=_norm(doc.sitename or "") or meta.publisher,
        section=meta.section or (_norm(doc.categories[0]) if doc.categories else None),
        url=doc.url,
    )
    return lines, _iso_date(doc.date)


def _drop_bulk(html: str) -> str:
    """Scripts, styles, inline SVG and comments carry no article text but most of a page's size.

    JSON-LD scripts stay because htmldate reads dates there. A linear scan, not one regex, so an
    unclosed <script> cannot make it quadratic.
    """
    parts: list[str] = []
    position = 0
    while match := _BULK_OPEN.search(html, position):
        parts.append(html[position : match.start()])
        tag = match["tag"].lower() if match["tag"] else None
        close = _BULK_CLOSE[tag].search(html, match.end())
        position = close.end() if close else len(html)
        if tag == "script" and "ld+json" in match["attrs"].lower():
            parts.append(html[match.start() : position])
    parts.append(html[position:])
    return " ".join(parts)


def _page_title(title: str, paragraphs: list[str], sitename: str | None, hostname: str | None) -> str:
    """The HTML title without a ' | Site Name' tail; the body's first line when it is the same headline."""
    if not title:
        return ""
    first = paragraphs[0] if paragraphs else ""
    if first and _headline_like(first) and title.casefold().startswith(first.casefold()):
        return first
    match = _TITLE_TAIL.fullmatch(title)
    if match:
        tail = re.sub(r"\W", "", match["tail"].casefold())
        sites = [re.sub(r"\W", "", site.casefold()) for site in (sitename, (hostname or "").rsplit(".", 1)[0]) if site]
        if tail and any(tail in site or site in tail for site in sites):
            return match["head"]
    return title


def _sort_lines(text: str, rules: Boilerplate, *, raw_text: bool) -> _Lines:
    """Drop boilerplate lines, read metadata lines in the head, build paragraphs.

    Raw page text also loses repeated lines (captions, widgets) and gets its headline from the
    first substantive short line; trafilatura's output needs neither (it has the HTML title, and
    legitimately repeated lines such as recipe steps survive its extraction on purpose).
    """
    raw = [_norm(line) for line in text.splitlines()]
    counts = Counter(line for line in raw if line)
    body_start = next((i for i, line in enumerate(raw) if _is_body(line)), len(raw))
    head_only = Counter(line for line in raw[:body_start] if line)
    out = _Lines()
    dates: list[tuple[dt.date, bool]] = []
    kept: list[str | None] = []
    emitted: set[str] = set()
    in_head = True
    after_byline = False
    for line in raw:
        if not line:
            kept.append(None)
            continue
        if rules.matches(line):
            out.removed.append(line)
            continue
        if in_head:
            meta_kind = _read_meta_line(line, out, dates)
            # 'By Jane Doe' is often followed by her desk or agency on a line of its own
            if meta_kind or (after_byline and len(line.split()) <= 4 and not line.endswith((".", "!", "?"))):
                out.removed.append(line)
                after_byline = meta_kind == "byline"
                continue
        after_byline = False
        # a line repeated verbatim is furniture, except a headline printed twice above the body
        headline_copy = head_only[line] == counts[line] and line not in emitted and _headline_like(line)
        if raw_text and counts[line] > 1 and not headline_copy:
            out.removed.append(line)
            continue
        emitted.add(line)
        kept.append(line)
        if _is_body(line):
            in_head = False
    paragraphs = _paragraphs(kept) if raw_text else [line for line in kept if line]
    if dates:
        first = next((d for d, update in dates if not update), dates[0][0])
        out.meta = replace(out.meta, published=first)
    if raw_text:
        paragraphs = _take_headline(paragraphs, out)
    out.paragraphs = paragraphs
    _read_dateline(out)
    return out


def _read_meta_line(line: str, out: _Lines, dates: list[tuple[dt.date, bool]]) -> str | None:
    """A time-stamp line ('North Korea 11:15 December 21, 2018') or a byline: record it, say which."""
    if len(line) > _META_MAX_CHARS:
        return None
    byline = _BYLINE.fullmatch(line)
    if byline and not byline["rest"].endswith(".") and len(byline["rest"].split()) <= 8:
        name = byline["name"]
        out.meta = replace(out.meta, author=out.meta.author or (name.title() if name.isupper() else name))
        found = _find_date(byline["rest"])
        if found:
            dates.append((found[0], bool(_UPDATE.search(line))))
        return "byline"
    found = _find_date(line)
    if not found:
        return None
    date, start, end = found
    before = _FILLER.sub(" ", _TIME.sub(" ", line[:start])).split()
    after = _FILLER.sub(" ", _TIME.sub(" ", line[end:])).split()
    if after or len(before) > 4 or not all(_SECTION_WORD.match(word) for word in before):
        return None
    dates.append((date, bool(_UPDATE.search(line))))
    if before and out.meta.section is None:
        out.meta = replace(out.meta, section=" ".join(before))
    return "stamp"


def _find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first full calendar date written in the text (month names or ISO order)."""
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            month = match["m"]
            number = int(month) if month.isdigit() else _MONTH_NUMBERS.get(month.rstrip(".").lower())
            date = _valid_date(int(match["y"]), number, int(match["d"]))
            if date:
                return date, match.start(), match.end()
    return None


def _valid_date(year: int, month: int | None, day: int) -> dt.date | None:
    try:
        date = dt.date(year, month or 0, day)
    except ValueError:
        return None
    return date if date <= dt.date.today() + dt.timedelta(days=1) else None


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _paragraphs(kept: list[str | None]) -> list[str]:
    """One line is one paragraph, unless the text is hard-wrapped: then blank lines split them."""
    lines = [line for line in kept if line]
    if not _hard_wrapped(lines):
        return lines
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*kept, None]:
        if line:
            block.append(line)
        elif block:
            paragraphs.append(" ".join(block))
            block = []
    return paragraphs


def _hard_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text: many long-ish lines of similar width that stop mid-sentence."""
    long_lines = [line for line in lines if len(line.split()) >= 6]
    if len(long_lines) < 4 or max(map(len, long_lines)) > 100:
        return False
    open_ended = sum(1 for line in long_lines if not line.endswith(('.', '!', '?', '"', "'", "”", "’", ")", ":")))
    return open_ended >= 0.5 * len(long_lines)


def _take_headline(paragraphs: list[str], out: _Lines) -> list[str]:
    """The first substantive short line before the body is the title; lines above it are furniture."""
    head: list[int] = []
    for index, paragraph in enumerate(paragraphs):
        if _is_body(paragraph):
            break
        head.append(index)
    candidates = [i for i in head if _headline_like(paragraphs[i])]
    chosen = next((i for i in candidates if len(paragraphs[i].split()) >= 4), candidates[-1] if candidates else None)
    if chosen is None or not all(_furniture_like(p) for p in paragraphs[:chosen]):
        return paragraphs
    out.removed.extend(paragraphs[:chosen])
    out.meta = replace(out.meta, title=paragraphs[chosen])
    return paragraphs[chosen:]


def _furniture_like(line: str) -> bool:
    """A short label above the headline (section, breadcrumb, 'Breaking'), never a sentence."""
    return len(line.split()) <= 8 and not line.endswith((".", "!", "?"))


def _headline_like(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= _HEADLINE_MAX_WORDS
        and len(line) <= _HEADLINE_MAX_CHARS
        and not line.endswith(_SENTENCE_END)
        and " | " not in line
        and any(len(word) >= 3 and word[0].isalpha() for word in words)
        and not _DATELINE.match(line)
    )


def _is_body(line: str) -> bool:
    return len(line.split()) >= _BODY_WORDS or _dateline_match(line) is not None


def _dateline_match(line: str) -> re.Match[str] | None:
    """'SEOUL, Dec. 21 (Yonhap) --', 'KYIV, Ukraine (AP) —', 'LONDON —': caps place, then a dash."""
    match = _DATELINE.match(line)
    if not match or sum(ch.isalpha() for ch in match["place"]) < 3:
        return None
    if match["region"] and match["region"].rstrip(".").lower() in _MONTH_NUMBERS:
        return None
    if not (match["agency"] or match["date"]) and match["dash"] not in ("--", "—", "–"):
        return None
    return match


def _read_dateline(out: _Lines) -> None:
    """Record the dateline of the first body paragraphs as metadata; the text keeps it."""
    start = 1 if out.meta.title else 0
    for paragraph in out.paragraphs[start : start + 3]:
        match = _dateline_match(paragraph)
        if not match:
            continue
        place = " ".join(_capitalise(word) for word in match["place"].split())
        if match["region"]:
            place = f"{place}, {match['region']}"
        published = out.meta.published
        if published is None and match["y"]:
            published = _valid_date(int(match["y"]), _MONTH_NUMBERS.get(match["m"].rstrip(".").lower()), int(match["d"]))
        out.meta = replace(out.meta, dateline=place, publisher=out.meta.publisher or match["agency"], published=published)
        return


def _capitalise(word: str) -> str:
    """'SEOUL' -> 'Seoul', 'PORT-AU-PRINCE' -> 'Port-Au-Prince', 'ST.' -> 'St.'; 'D.C.' stays."""
    if word.count(".") == 1 and word.endswith("."):
        return word[:-1].capitalize() + "."
    if "." in word:
        return word
    return "-".join(part.capitalize() for part in word.split("-"))


def _truncate(paragraphs: list[str]) -> str:
    """Join paragraphs with blank lines, stopping at MAX_ARTICLE_CHARS on a paragraph boundary."""
    text = "\n\n".join(paragraphs)
    if len(text) <= MAX_ARTICLE_CHARS:
        return text
    cut = text.rfind("\n\n", 0, MAX_ARTICLE_CHARS + 1)
    if cut <= 0:
        cut = text.rfind(" ", 0, MAX_ARTICLE_CHARS + 1)
    return text[: cut if cut > 0 else MAX_ARTICLE_CHARS]


def _check_english(text: str, source: str) -> None:
    """E104 for text that is clearly not English; short texts are not judged."""
    sample = text[:2000]
    if sum(ch.isalpha() for ch in sample) < MIN_LANGID_CHARS:
        return
    language, probability = _language_identifier().classify(sample)
    if language != "en" and probability >= LANGID_MIN_PROB:
        raise NotEnglish(source, f"text is in language '{language}' (p={probability:.2f}), not English")


@functools.cache
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _norm(line: str) -> str:
    return " ".join(line.translate(_ZERO_WIDTH).split())


def _read_boilerplate_rows(path, name: str) -> list[tuple[str, str]]:
    """Rows of one boilerplate TSV; a malformed row or regex is a KnowledgeError naming the line."""
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(name, f"cannot read boilerplate file ({exc})") from None
    rows = []
    for number, row in enumerate(content.splitlines(), 1):
        if not row.strip() or row.startswith("#") or row.startswith("kind\t"):
            continue
        fields = row.split("\t")
        if len(fields) < 2 or fields[0] not in ("line", "regex"):
            raise KnowledgeError(name, f"line {number}: expected 'line' or 'regex', a tab, then a pattern")
        if fields[0] == "regex":
            try:
                re.compile(fields[1])
            except re.error as exc:
                raise KnowledgeError(name, f"line {number}: bad regex ({exc})") from None
        rows.append((fields[0], fields[1]))
    return rows
