"""Stage: event candidates -> candidates whose type the trained classifier has checked.

The lexicon knows thousands of verb patterns but reads one word at a time; the classifier
(`eventwire.classifier`) reads the whole sentence with the source and target marked. Where they
agree the event is surer; where a bare one-word trigger ("hit", "return") disagrees with a
confident classifier, the classifier's type wins. Intents (CAMEO 03), statements and appeals
keep the lexicon's reading: they come from modality and framing, which the classifier does not see.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from eventwire.classifier import TypeClassifier
from eventwire.coding import Candidate
from eventwire.ontology import Ontology

OVERRIDE_CONFIDENCE = 0.9
"""Classifier probability above which it overrules a one-word trigger."""
AGREEMENT_BONUS = 0.15
DISAGREEMENT_PENALTY = 0.1
KEPT_TYPES = frozenset({"STATEMENT", "APPEAL"})


@dataclass(frozen=True)
class TypeArbiter:
    classifier: TypeClassifier
    ontology: Ontology

    def arbitrate(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """The candidates with types checked against the classifier, in the same order."""
        if not candidates:
            return []
        predictions = self.classifier.predict(
            [c.sentence_text for c in candidates],
            [c.source[0].text for c in candidates],
            [c.target[0].text if c.target else "" for c in candidates],
        )
        return [self._settle(c, p.event_type, p.confidence) for c, p in zip(candidates, predictions)]

    def _settle(self, candidate: Candidate, predicted: str, probability: float) -> Candidate:
        if predicted == candidate.event_type:
            return dataclasses.replace(candidate, confidence=round(min(0.99, candidate.confidence + AGREEMENT_BONUS * probability), 2))
        fixed = candidate.event_type in KEPT_TYPES or candidate.cameo.startswith(("03", "10"))
        if fixed or candidate.pattern_words > 1 or probability < OVERRIDE_CONFIDENCE:
            return dataclasses.replace(candidate, confidence=round(max(0.05, candidate.confidence - DISAGREEMENT_PENALTY), 2))
        entry = self.ontology.get(self.ontology.default_code(predicted))
        return dataclasses.replace(candidate, event_type=predicted, cameo=entry.code, mode=entry.mode,
                                   confidence=round(0.8 * probability, 2))
