"""Issue contexts (nuclear, sanctions, humanitarian, ...) for an event, from its sentence's words.

The phrases live in `eventwire/data/contexts.tsv` (format in eventwire/data/README.md); a user
adds their own with `Contexts.load(extra_files=...)`. Matching needs no parser: words are
lower-cased, split at non-letters ("inter-Korean" -> inter, korean) and compared with plural
endings removed, so it runs on any text and costs a dictionary lookup per word.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Sequence

from eventwire.datafile import data_rows
from eventwire.errors import KnowledgeError

CONTEXTS_FILE = Path(__file__).resolve().parent / "data" / "contexts.tsv"
_WORD = re.compile(r"[a-z0-9]+")


def _forms(word: str) -> tuple[str, ...]:
    """The word and its singular guesses: 'sanctions' -> sanction, 'famil' stays, 'parties' -> party."""
    forms = [word]
    if len(word) > 3 and word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith("es"):
        forms.append(word[:-2])
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return tuple(forms)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class Phrase:
    context: str
    words: tuple[str, ...]

    def matches_at(self, tokens: list[tuple[str, ...]], start: int) -> bool:
        if start + len(self.words) > len(tokens):
            return False
        for pattern, forms in zip(self.words, tokens[start:]):
            if pattern.endswith("*"):
                if not forms[0].startswith(pattern[:-1]):
                    return False
            elif pattern not in forms:
                return False
        return True


@dataclass(frozen=True)
class Contexts:
    """Phrases indexed by their first word (exact words) or first four letters (prefixes);
    `tags` lists every context name in file order."""

    exact: Mapping[str, tuple[Phrase, ...]]
    prefix: Mapping[str, tuple[Phrase, ...]]
    tags: tuple[str, ...]

    @classmethod
    def load(cls, extra_files: Sequence[Path] = ()) -> "Contexts":
        exact: dict[str, list[Phrase]] = {}
        prefix: dict[str, list[Phrase]] = {}
        order: dict[str, None] = {}
        for path in (CONTEXTS_FILE, *map(Path, extra_files)):
            for phrase in _read(path):
                order.setdefault(phrase.context)
                first = phrase.words[0]
                if first.endswith("*"):
                    prefix.setdefault(first[:4], []).append(phrase)
                else:
                    exact.setdefault(first, []).append(phrase)
        freeze = lambda d: MappingProxyType({k: tuple(v) for k, v in d.items()})  # noqa: E731
        return cls(freeze(exact), freeze(prefix), tuple(order))

    def for_text(self, sentence_text: str) -> tuple[str, ...]:
        """The contexts whose phrases occur in the text, in the order the data file lists them."""
        tokens = [_forms(w) for w in words(sentence_text)]
        found: set[str] = set()
        for i, forms in enumerate(tokens):
            candidates = [p for f in forms for p in self.exact.get(f, ())] + list(self.prefix.get(forms[0][:4], ()))
            found.update(p.context for p in candidates if p.context not in found and p.matches_at(tokens, i))
        return tuple(c for c in self.tags if c in found)


def _read(path: Path) -> list[Phrase]:
    phrases = []
    for n, fields in data_rows(path, "contexts"):
        if fields == ["context", "phrase"]:
            continue
        if len(fields) != 2 or not fields[0].strip() or not words(fields[1]):
            raise KnowledgeError(f"{path}:{n}", "expected 'context<TAB>phrase'")
        tokens: list[str] = []
        for word in fields[1].lower().split():
            if word.endswith("*"):
                if not _WORD.fullmatch(word[:-1]) or len(word) < 5:
                    raise KnowledgeError(f"{path}:{n}", f"a prefix needs four or more letters before '*': {word!r}")
                tokens.append(word)
            else:
                tokens.extend(words(word))
        phrases.append(Phrase(fields[0].strip(), tuple(tokens)))
    return phrases


@functools.cache
def default_contexts() -> Contexts:
    """The packaged contexts, loaded once per process."""
    return Contexts.load()


def contexts_for(sentence_text: str) -> tuple[str, ...]:
    """Issue tags for a sentence using the packaged contexts ("humanitarian assistance" -> humanitarian)."""
    return default_contexts().for_text(sentence_text)
