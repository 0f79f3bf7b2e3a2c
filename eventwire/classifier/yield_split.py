"""Split the classifier's YIELD into PLOVER's CONCEDE or RETREAT.

PLV (the main training set) merges the two, so the network cannot tell them apart; the difference
is mostly lexical and temporal (a promise is CONCEDE, a release/withdrawal carried out is RETREAT),
which a short ordered list of regex rules in `data/models/yield_cues.tsv` captures. Users can pass
their own rule file.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eventwire.errors import ModelError

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
    """Read the ordered rule file (type, pattern, why; '#' lines are comments)."""
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            lines = [line for line in fh if not line.startswith("#")]
        rows = list(csv.DictReader(lines, delimiter="\t"))
        rules = tuple(YieldRule(r["type"], re.compile(r["pattern"], re.IGNORECASE)) for r in rows)
    except (OSError, KeyError, re.error) as exc:
        raise ModelError(str(path), f"cannot read CONCEDE/RETREAT rules: {exc}") from exc
    bad = {r.plover for r in rules} - {"CONCEDE", "RETREAT"}
    if bad:
        raise ModelError(str(path), f"rule types must be CONCEDE or RETREAT, not {sorted(bad)}")
    return YieldSplitter(rules)
