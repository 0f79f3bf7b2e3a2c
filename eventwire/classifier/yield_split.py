"""Split the classifier's YIELD into PLOVER's CONCEDE or RETREAT.

PLV (the main training set) merges the two, so the network cannot tell them apart; the difference
is mostly lexical and temporal (a promise is CONCEDE, a release/withdrawal carried out is RETREAT),
which a short ordered list of regex rules in `data/models/yield_cues.tsv` captures. Users can pass
their own rule file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eventwire.datafile import data_rows
from eventwire.errors import KnowledgeError

YIELD_CUES = Path(__file__).resolve().parents[1] / "data" / "models" / "yield_cues.tsv"


@dataclass(frozen=True)
class YieldRule:
    plover: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class YieldSplitter:
    rules: tuple[YieldRule, ...]
    default: str = "CONCEDE"

    def split(self, sentence: str) -> str:
        """CONCEDE or RETREAT for a sentence already classified as YIELD."""
        for rule in self.rules:
            if rule.pattern.search(sentence):
                return rule.plover
        return self.default


@cache
def load_yield_splitter(path: Path = YIELD_CUES) -> YieldSplitter:
    """Read the ordered rule file (header `type pattern why`; '#' lines are comments)."""
    rules = []
    for number, fields in data_rows(path, "CONCEDE/RETREAT rule"):
        if fields[0] == "type":
            continue
        if len(fields) < 2 or fields[0] not in ("CONCEDE", "RETREAT"):
            raise KnowledgeError(str(path), f"line {number}: want `CONCEDE or RETREAT<TAB>regex`, got {fields[:2]}")
        try:
            rules.append(YieldRule(fields[0], re.compile(fields[1], re.IGNORECASE)))
        except re.error as exc:
            raise KnowledgeError(str(path), f"line {number}: bad regex: {exc}") from exc
    return YieldSplitter(tuple(rules))
