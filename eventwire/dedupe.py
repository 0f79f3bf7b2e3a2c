"""Duplicates across articles: near-duplicate reports and one real-world event told many times.

Two problems, two tools. Syndicated copies of one story (a wire report re-run with a new header
or a trimmed last paragraph) are found with MinHash over word shingles; the store keeps the
signature and its LSH band keys so later batches find earlier copies with one SQL join. The same
event written up independently by several outlets shares few words, so it is found by its coded
key instead: type, actors, day and place (`same_event`). GDELT keeps one record per report and
so turns one abduction into hundreds of rows; the store keeps one event and counts its mentions,
articles and sources.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

NUM_PERM = 128
BANDS, BAND_ROWS = 16, 8
"""16 bands of 8 rows: pairs above about 0.71 Jaccard become candidates with high probability."""
SHINGLE_WORDS = 3
NEAR_DUPLICATE = 0.7
"""Estimated Jaccard similarity of word 3-shingles above which a report is a copy of another."""
SEED = 1

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> tuple[int, ...]:
    """MinHash signature of the text's word shingles (NUM_PERM 32-bit values)."""
    from datasketch import MinHash  # imported on first use: it costs a second at CLI start-up

    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch(list(shingles(text)))
    return tuple(int(v) for v in mh.hashvalues)


def band_keys(sig: tuple[int, ...]) -> list[tuple[int, int]]:
    """(band, bucket) pairs: documents sharing any pair are near-duplicate candidates."""
    out = []
    for band in range(BANDS):
        chunk = sig[band * BAND_ROWS:(band + 1) * BAND_ROWS]
        digest = hashlib.blake2b(b"".join(v.to_bytes(4, "little") for v in chunk), digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)


@dataclass(frozen=True)
class MergeKey:
    """What decides whether two coded events are one real-world event."""

    event_type: str
    cameo_root: str
    modality: str
    reciprocal: bool
    source_codes: str
    target_codes: str
    actor_set: str
    date: str | None
    day: dt.date | None
    location_country: str | None


def same_event(a: MergeKey, b: MergeKey) -> bool:
    """True when two reports describe one action (see module docstring for why these rules).

    - type: same PLOVER type, or the same CAMEO root (one outlet's "abducted" is 181 ASSAULT,
      another's "held hostage" may be coded COERCE; root 18 makes them one);
    - same modality (a threat to strike and the strike are two events);
    - actors: same source codes and same target codes; when either is reciprocal, the same set
      of all actors; an event with no actor at all is never merged;
    - date: within one day when both are day-precise (reports resolve "Monday night" differently),
      else the same month/year string; no date, no merge;
    - place: same location country when both know it.
    """
    same_type = a.event_type == b.event_type or (a.cameo_root != "" and a.cameo_root == b.cameo_root)
    if not same_type or a.modality != b.modality or not a.actor_set:
        return False
    if a.reciprocal or b.reciprocal:
        if a.actor_set != b.actor_set:
            return False
    elif (a.source_codes, a.target_codes) != (b.source_codes, b.target_codes):
        return False
    if a.day is not None and b.day is not None:
        if abs((a.day - b.day).days) > 1:
            return False
    elif a.date is None or a.date != b.date:
        return False
    return not (a.location_country and b.location_country and a.location_country != b.location_country)
