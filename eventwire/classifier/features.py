"""Turn (sentence, source, target) into the marked text the encoder reads.

The classifier decides what the *source* did to the *target*, so both are wrapped in marker
punctuation the tokenizer already knows ("<< source >>", "[[ target ]]"); the encoder's vectors at
the first marker of each actor feed the classifier head next to the sentence mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SOURCE_OPEN, SOURCE_CLOSE = "<< ", " >>"
TARGET_OPEN, TARGET_CLOSE = "[[ ", " ]]"

_TAG = re.compile(r"<(/?)([st])>")


@dataclass(frozen=True)
class MarkedText:
    """A sentence with its actors wrapped in markers, and where the first marker of each starts."""

    text: str
    source_at: int | None
    target_at: int | None


def _spans(sentence: str, needle: str) -> list[tuple[int, int]]:
    """Every non-overlapping occurrence of `needle` in `sentence` as (start, end)."""
    if not needle.strip():
        return []
    out, start = [], sentence.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = sentence.find(needle, start + len(needle))
    return out


def _wrap(sentence: str, spans: list[tuple[int, int, str]]) -> MarkedText:
    """Insert markers around (start, end, role) spans, role 's' or 't'; spans must not overlap."""
    pieces: list[str] = []
    at = {"s": None, "t": None}
    cursor = 0
    for start, end, role in sorted(spans):
        pieces.append(sentence[cursor:start])
        opener, closer = (SOURCE_OPEN, SOURCE_CLOSE) if role == "s" else (TARGET_OPEN, TARGET_CLOSE)
        if at[role] is None:
            at[role] = sum(len(p) for p in pieces)
        pieces.extend([opener, sentence[start:end], closer])
        cursor = end
    pieces.append(sentence[cursor:])
    return MarkedText("".join(pieces), at["s"], at["t"])


def mark(sentence: str, source: str, target: str) -> MarkedText:
    """Mark every occurrence of the source and target strings (the source wins an overlap)."""
    source_spans = _spans(sentence, source)
    target_spans = [
        (s, e)
        for s, e in _spans(sentence, target)
        if all(e <= s2 or s >= e2 for s2, e2 in source_spans)
    ]
    return _wrap(sentence, [(s, e, "s") for s, e in source_spans] + [(s, e, "t") for s, e in target_spans])


def mark_tagged(tagged: str) -> MarkedText:
    """Mark a sentence written with inline <s>..</s> and <t>..</t> tags (the PLV training format)."""
    plain: list[str] = []
    spans: list[tuple[int, int, str]] = []
    opened: dict[str, int] = {}
    cursor = 0
    for m in _TAG.finditer(tagged):
        plain.append(tagged[cursor : m.start()])
        cursor = m.end()
        offset = sum(len(p) for p in plain)
        if m.group(1):
            spans.append((opened.pop(m.group(2)), offset, m.group(2)))
        else:
            opened[m.group(2)] = offset
    plain.append(tagged[cursor:])
    return _wrap("".join(plain), spans)
