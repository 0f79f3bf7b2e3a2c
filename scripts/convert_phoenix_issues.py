"""Append PETRARCH2's issue phrases to eventwire/data/contexts.tsv under eventwire's context names.

Run from the repo root: python scripts/convert_phoenix_issues.py [--source .../Phoenix.IssueCoding.txt]
Everything after the MARKER line of contexts.tsv is regenerated; the hand-written part above it
is kept. Source: openeventdata/petrarch2@676801c Phoenix.IssueCoding.txt, MIT, Copyright (c)
2015 Open Event Data Alliance. Skipped: exclusion lines (~...), the TERROR and ID_EXTREMISM
categories (their group lists label many political movements as terrorist, which a context tag
should not assert), categories with no eventwire context, and one-word phrases under four
letters (too ambiguous once lower-cased: "who", "bse").
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = "# ---- converted from PETRARCH2 Phoenix.IssueCoding.txt by scripts/convert_phoenix_issues.py"
CATEGORIES = {
    "ENERGY": "energy", "INT_FINANCIAL_INST": "economic", "ECONOMIC": "economic", "CRIME": "crime",
    "CORRUPTION": "crime", "ID_PROLIFERATION": "nuclear", "WMD": "military", "ID_ARMS_DEAL": "military",
    "AIRSTRIKE": "military", "DRONE": "military", "PEACEKEEPERS": "peacekeeping", "ID_IMMIGRATION": "refugees",
    "REFUGEES": "refugees", "HUMAN_RIGHTS": "human_rights", "CENSORSHIP": "human_rights", "SANCTIONS": "sanctions",
    "ELECTION": "election", "ELECTIONS": "election", "CYBER_ATTACK": "cyber", "HUMANITARIAN_CRISIS": "humanitarian",
    "ENVIRONMENT": "environment", "HEALTH": "health",
}


def convert(source: Path) -> list[tuple[str, str]]:
    category, rows = None, []
    for raw in source.read_text(encoding="utf-8", errors="replace").splitlines():
        found = re.search(r'CATEGORY="([^"]+)"', raw)
        if found:
            category = found.group(1)
            continue
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith(("<", "~")) or category not in CATEGORIES:
            continue
        phrase = re.sub(r"\[[^\]]*\]", "", line).replace("n:", "").replace("+", " ").lower()
        phrase = " ".join(phrase.split())
        if re.fullmatch(r"[a-z0-9 '-]+", phrase) and (" " in phrase or len(phrase) >= 4):
            rows.append((CATEGORIES[category], phrase))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path,
                    default=ROOT.parent / "shared/data/dictionaries/petrarch2/Phoenix.IssueCoding.txt")
    ap.add_argument("--out", type=Path, default=ROOT / "eventwire/data/contexts.tsv")
    args = ap.parse_args()
    own = args.out.read_text(encoding="utf-8").split(MARKER)[0].rstrip("\n")
    have = {tuple(line.split("\t")) for line in own.splitlines() if "\t" in line}
    rows = [r for r in dict.fromkeys(convert(args.source)) if r not in have]
    args.out.write_text(own + "\n" + MARKER + "\n" + "".join(f"{c}\t{p}\n" for c, p in rows), encoding="utf-8")
    print(f"appended {len(rows)} phrases to {args.out}")


if __name__ == "__main__":
    main()
