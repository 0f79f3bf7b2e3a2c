"""Training examples: PLV (Hu et al. 2024), the PLOVER gold standard records, and our own.

Every source is reduced to one `Example` (marked text, 15-way training label, finer PLOVER label)
so training and cross-validation never see the source formats.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from eventwire.classifier.features import MarkedText, mark, mark_tagged
from eventwire.errors import ModelError

# The PLV label space: PLOVER's 16 types with CONCEDE and RETREAT merged into YIELD.
LABELS: tuple[str, ...] = (
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE",
    "PROTEST", "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN", "YIELD",
)
YIELD_PARTS = ("CONCEDE", "RETREAT")

# PLOVER v0.5 gold-standard labels -> current PLOVER types (DOCUMENT records are skipped).
_GSR_RENAME = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

OWN_EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "models" / "training_examples.tsv"


@dataclass(frozen=True)
class Example:
    marked: MarkedText
    label: str  # one of LABELS
    plover: str  # the finest PLOVER type known (CONCEDE/RETREAT where the source tells, else = label)


def _merge(plover: str) -> str:
    return "YIELD" if plover in YIELD_PARTS else plover


def load_plv(data_dir: Path) -> list[Example]:
    """PLV_train.tsv: tagged sentences with a gold root among LABELS."""
    path = data_dir / "plv" / "PLV_train.tsv"
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
    except OSError as exc:
        raise ModelError(str(path), f"cannot read PLV training data: {exc}") from exc
    return [Example(mark_tagged(r["marked_sentence"]), r["gold_root"], r["gold_root"]) for r in rows]


def _first_actor(actors: object) -> str:
    if isinstance(actors, list) and actors and isinstance(actors[0], dict):
        return str(actors[0].get("actorText", ""))
    return ""


def load_gsr(data_dir: Path) -> list[Example]:
    """PLOVER_GSR_CAMEO.txt: CAMEO-manual sentences with v0.5 labels, first source/target actor."""
    path = data_dir / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(str(path), f"cannot read PLOVER gold records: {exc}") from exc
    out = []
    for r in records:
        plover = _GSR_RENAME.get(r.get("event", ""), r.get("event", ""))
        if _merge(plover) not in LABELS or "text" not in r:
            continue
        marked = mark(r["text"], _first_actor(r.get("source")), _first_actor(r.get("target")))
        out.append(Example(marked, _merge(plover), plover))
    return out


def load_own(path: Path = OWN_EXAMPLES) -> list[Example]:
    """Our own tagged sentences (columns: plover, tagged_sentence) for types PLV has few of."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t")]
    bad = [r["plover"] for r in rows if _merge(r["plover"]) not in LABELS]
    if bad:
        raise ModelError(str(path), f"unknown PLOVER types {sorted(set(bad))}")
    return [Example(mark_tagged(r["tagged_sentence"]), _merge(r["plover"]), r["plover"]) for r in rows]
