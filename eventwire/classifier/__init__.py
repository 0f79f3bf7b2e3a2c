"""Event-type classifier: what PLOVER type of action does the source take towards the target?

A fine-tuned MiniLM-L6 encoder reads the sentence with both actors marked and scores the 15 PLV
types (YIELD = CONCEDE + RETREAT); YIELD is then split by the rules in `yield_split`. See
`eventwire/data/models/MODEL_CARD.md` for data, method, scores, speed and size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.classifier.data import LABELS
from eventwire.classifier.features import mark
from eventwire.classifier.yield_split import YieldSplitter, load_yield_splitter
from eventwire.errors import ModelError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

    from eventwire.classifier.model import EventTypeNet

SHIPPED_MODEL = Path(__file__).resolve().parents[1] / "data" / "models" / "plover_type"


@dataclass(frozen=True)
class TypePrediction:
    event_type: str  # PLOVER type; YIELD is reported as CONCEDE or RETREAT
    confidence: float
    scores: tuple[tuple[str, float], ...]  # top-3 (type, probability), best first


@dataclass(frozen=True)
class TypeClassifier:
    net: "EventTypeNet"
    tokenizer: "Tokenizer"
    labels: tuple[str, ...]
    splitter: YieldSplitter
    batch_size: int = 32

    @classmethod
    def load(cls, path: Path | None = None) -> "TypeClassifier":
        """Load a model directory (the shipped one by default); ModelError if missing or corrupt."""
        from eventwire.classifier.model import load

        model_dir = Path(path) if path is not None else SHIPPED_MODEL
        if not model_dir.is_dir():
            raise ModelError(str(model_dir), "event-type model directory not found")
        net, tokenizer, meta = load(model_dir)
        unknown = set(meta.labels) - set(LABELS)
        if unknown:
            raise ModelError(str(model_dir), f"model has labels outside PLOVER/PLV: {sorted(unknown)}")
        return cls(net, tokenizer, meta.labels, load_yield_splitter())

    def predict(self, sentences: Sequence[str], sources: Sequence[str], targets: Sequence[str]) -> list[TypePrediction]:
        """One prediction per (sentence, source, target); actors are strings as written ("" = none)."""
        from eventwire.classifier.model import predict_proba

        if not len(sentences) == len(sources) == len(targets):
            raise ModelError("predict", f"got {len(sentences)} sentences, {len(sources)} sources, {len(targets)} targets")
        marked = [mark(s, src or "", tgt or "") for s, src, tgt in zip(sentences, sources, targets)]
        probs = predict_proba(self.net, self.tokenizer, marked, self.batch_size)
        out = []
        for sentence, row in zip(sentences, probs):
            ranked = sorted(zip(self.labels, (float(p) for p in row)), key=lambda kv: -kv[1])
            named = tuple((self._name(label, sentence), p) for label, p in ranked[:3])
            out.append(TypePrediction(named[0][0], named[0][1], named))
        return out

    def _name(self, label: str, sentence: str) -> str:
        return self.splitter.split(sentence) if label == "YIELD" else label


__all__ = ["TypeClassifier", "TypePrediction"]
