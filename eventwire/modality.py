"""Modality of an event (asserted / intended / negated / hypothetical) and its CAMEO intent code.

News states many events only as plans ("plan to hold", "will resume", "pushing for"): CAMEO codes
those as expressions of intent (03x) or threats (13x), not as the action itself. The cue words
and the intent code table are data files (`data/cues.tsv`, `data/intent_codes.tsv`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from eventwire.datafile import data_rows
from eventwire.errors import KnowledgeError
from eventwire.records import Modality

CLAUSE_BOUNDARIES = frozenset({"ccomp", "relcl", "parataxis", "advcl"})
"""Dependencies that start a new clause: cues above them do not reach the event."""


@dataclass(frozen=True)
class Cues:
    future: frozenset[str]
    hypothetical: frozenset[str]
    intent: frozenset[str]
    report: frozenset[str]
    support: frozenset[str]
    intended_codes: tuple[tuple[str, str], ...]
    demanded_codes: tuple[tuple[str, str], ...]

    @classmethod
    def load(cls, data_dir: Path | None = None) -> "Cues":
        folder = data_dir or Path(str(resources.files("eventwire") / "data"))
        words: dict[str, set[str]] = {k: set() for k in ("future", "hypothetical", "intent", "report", "support")}
        for number, kind, lemma in _rows(folder / "cues.tsv", 2):
            if kind not in words:
                raise KnowledgeError(f"{folder / 'cues.tsv'}:{number}", f"unknown cue kind {kind!r}")
            words[kind].add(lemma)
        intended, demanded = [], []
        for _, prefix, *codes in _rows(folder / "intent_codes.tsv", 2):
            intended.append((prefix, codes[0]))
            if len(codes) > 1 and codes[1]:
                demanded.append((prefix, codes[1]))
        by_length = functools.partial(sorted, key=lambda pair: -len(pair[0]))
        return cls(
            **{k: frozenset(v) for k, v in words.items()},
            intended_codes=tuple(by_length(intended)),
            demanded_codes=tuple(by_length(demanded)),
        )

    def intended_code(self, cameo: str) -> str | None:
        """CAMEO code for announcing `cameo` as a plan; None when the action has no intent form."""
        return _longest_prefix(self.intended_codes, cameo)

    def demanded_code(self, cameo: str) -> str | None:
        """CAMEO code for demanding `cameo` from someone (CAMEO 10x)."""
        return _longest_prefix(self.demanded_codes, cameo)

    def modality(self, trigger: Token, clause_verb: Token) -> Modality:
        """Read negation, modal auxiliaries, conditions and intent cues around the trigger."""
        chain = _governing_chain(trigger, clause_verb)
        for token in chain:
            for child in token.children:
                if child.dep_ == "neg":
                    return "negated"
        for token in chain:
            for child in token.children:
                lemma = child.lemma_.lower()
                if child.dep_ in ("aux", "auxpass") and lemma in self.hypothetical:
                    return "hypothetical"
                if child.dep_ == "mark" and lemma in self.hypothetical:
                    return "hypothetical"
        for token in chain:
            if token.lemma_.lower() in self.intent:
                return "intended"
            for child in token.children:
                lemma = child.lemma_.lower()
                if child.dep_ in ("aux", "auxpass") and (lemma in self.future or child.lower_ in self.future):
                    return "intended"
                if child.dep_ == "aux" and child.lower_ == "to" and token.head.lemma_.lower() in self.intent:
                    return "intended"
        return "asserted"


def _governing_chain(trigger: Token, clause_verb: Token) -> list[Token]:
    """Tokens from the trigger up through its governors until a clause boundary."""
    chain = [trigger]
    token = trigger
    while token.head != token and len(chain) < 8:
        if token.dep_ in CLAUSE_BOUNDARIES:
            break
        token = token.head
        chain.append(token)
        if token == clause_verb and token.dep_ in CLAUSE_BOUNDARIES | {"ROOT"}:
            break
    return chain


def _longest_prefix(table: tuple[tuple[str, str], ...], cameo: str) -> str | None:
    for prefix, code in table:
        if cameo.startswith(prefix):
            return code
    return None


def _rows(path: Path, min_fields: int):
    """(line number, *fields) of a cue file with at least `min_fields` fields per line."""
    for number, fields in data_rows(path, "cue"):
        if len(fields) < min_fields:
            raise KnowledgeError(f"{path}:{number}", f"expected {min_fields} tab-separated fields")
        yield (number, *fields)


@functools.cache
def default_cues() -> Cues:
    return Cues.load()
