"""The trigger lexicon: which words in a parsed sentence can name an event, and its CAMEO code.

Patterns are keyed on a lemma (a verb such as "meet", or a noun such as "summit") and may ask
for particles/prepositions attached to it and for an object phrase ("hold talk", "call for
ceasefire", "humanitarian assistance"). They live in tab-separated files under
`eventwire/data/triggers/` (format in eventwire/data/README.md); a user adds their own with
`Lexicon.load(extra_files=...)`. A later file overrides an identical pattern of an earlier one,
and the code `---` marks a pattern that is *not* an event ("meet expectation"), which silences
the patterns as or less specific on the same word.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Mapping, Sequence

from spacy.tokens import Span, Token

from eventwire.datafile import data_rows
from eventwire.errors import KnowledgeError
from eventwire.ontology import Ontology, default_ontology

TRIGGER_DIR = Path(__file__).resolve().parent / "data" / "triggers"
BUILTIN_FILES = (TRIGGER_DIR / "petrarch2.tsv", TRIGGER_DIR / "core.tsv")
NOT_AN_EVENT = "---"
KINDS = ("verb", "noun")

FUNCTION_WORDS = frozenset(
    "about above across after against along alongside amid among around as at away back before behind "
    "below beneath beside besides between beyond by down during for forth forward from in inside into "
    "of off on onto out outside over past through throughout to together toward towards under until up "
    "upon via with within without that".split()
)
"""Words that fill the particle/preposition slot of a pattern rather than its object phrase.
"to" also matches an infinitive complement ("plan to hold"), "that" a clausal one."""

_FUNCTION_DEPS = frozenset({"prt", "prep", "advmod", "agent", "dative", "compound:prt"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "nsubjpass", "dative", "acomp"})
_NOMINAL_POS = frozenset({"NOUN", "PROPN"})
_OF_DEPTH = 3


@dataclass(frozen=True)
class Trigger:
    """One match of a pattern in a sentence; token indices are positions in the Doc."""

    head: int
    tokens: tuple[int, ...]
    cameo: str
    pattern: str
    kind: str


@dataclass(frozen=True)
class Pattern:
    """A parsed pattern line. Each slot is a tuple of accepted lemmas (alternatives)."""

    cameo: str
    kind: str
    text: str
    head: tuple[str, ...]
    head_mods: tuple[tuple[str, ...], ...]
    functions: tuple[tuple[str, ...], ...]
    obj_mods: tuple[tuple[str, ...], ...]
    obj: tuple[str, ...]
    order: int

    @property
    def specificity(self) -> int:
        return 1 + len(self.head_mods) + len(self.functions) + len(self.obj_mods) + bool(self.obj)

    @property
    def key(self) -> tuple[str, str]:
        """Identity for overriding: kind plus the words, alternatives in any order."""
        return (self.kind, " ".join("|".join(sorted(set(w.split("|")))) for w in self.text.lower().split()))


def parse_pattern(cameo: str, kind: str, text: str, order: int = 0) -> Pattern:
    """Split 'MODS HEAD FUNCTIONS OBJ-MODS OBJ' (nouns) or 'HEAD FUNCTIONS OBJ-MODS OBJ' (verbs)."""
    words = [tuple(w for w in word.lower().split("|") if w) for word in text.split()]
    if not words or any(not w for w in words):
        raise ValueError(f"empty word in pattern {text!r}")

    def is_function(word: tuple[str, ...]) -> bool:
        return all(w in FUNCTION_WORDS for w in word)

    if kind == "noun":
        split = next((i for i, w in enumerate(words) if i > 0 and is_function(w)), len(words))
        head_mods, head, rest = words[: split - 1], words[split - 1], words[split:]
    else:
        head_mods, head, rest = [], words[0], words[1:]
    n_functions = next((i for i, w in enumerate(rest) if not is_function(w)), len(rest))
    functions, phrase = rest[:n_functions], rest[n_functions:]
    if any(is_function(w) for w in phrase):
        raise ValueError(f"function word after the object phrase in {text!r}")
    return Pattern(
        cameo=cameo, kind=kind, text=text, head=head, head_mods=tuple(head_mods), functions=tuple(functions),
        obj_mods=tuple(phrase[:-1]), obj=phrase[-1] if phrase else (), order=order,
    )


def read_patterns(path: Path, ontology: Ontology) -> list[Pattern]:
    """Read one trigger file; every problem is a KnowledgeError naming file and line."""
    patterns = []
    for n, fields in data_rows(path, "trigger"):
        if fields[:3] == ["cameo", "kind", "pattern"]:
            continue
        if len(fields) < 3:
            raise KnowledgeError(f"{path}:{n}", "expected 'cameo<TAB>kind<TAB>pattern[<TAB>note]'")
        cameo, kind, text = fields[:3]
        if cameo != NOT_AN_EVENT and cameo not in ontology:
            raise KnowledgeError(f"{path}:{n}", f"unknown CAMEO code {cameo!r}")
        if kind not in KINDS:
            raise KnowledgeError(f"{path}:{n}", f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        try:
            patterns.append(parse_pattern(cameo, kind, text))
        except ValueError as exc:
            raise KnowledgeError(f"{path}:{n}", str(exc)) from exc
    return patterns


def _lemmas(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _find_mods(token: Token, mods: tuple[tuple[str, ...], ...]) -> list[int] | None:
    """Each modifier must be a word of the phrase headed by `token`, before it."""
    left = [t for child in token.lefts for t in child.subtree]
    found = []
    for alternatives in mods:
        match = next((t.i for t in left if _lemmas(t) & set(alternatives) and t.i not in found), None)
        if match is None:
            return None
        found.append(match)
    return found


def _function_child(head: Token, alternatives: tuple[str, ...]) -> Token | None:
    for child in head.children:
        if child.dep_ in _FUNCTION_DEPS and _lemmas(child) & set(alternatives):
            return child
        if child.dep_ in ("xcomp", "acl") and "to" in alternatives:
            aux = next((c for c in child.children if c.dep_ == "aux" and c.lower_ == "to"), None)
            if aux is not None:
                return aux
        if child.dep_ == "ccomp" and "that" in alternatives:
            return next((c for c in child.children if c.dep_ == "mark" and c.lower_ == "that"), child)
    return None


def _object_candidates(head: Token, functions: list[Token]) -> Iterator[Token]:
    """Objects of a verb (or complements of a noun): direct objects, infinitive complements
    ('agree to resign'), objects of its matched prepositions, the noun a participle modifies
    ('the talks held in Seoul'), plus their conjuncts, compound parts ('sanctions relief' offers
    'sanctions') and of-complements ('a state of emergency' offers 'emergency')."""
    direct = [c for c in head.children if c.dep_ in _OBJECT_DEPS or c.dep_ == "xcomp"]
    direct += [g for f in functions for g in f.children if g.dep_ in ("pobj", "pcomp", "dobj")]
    if head.dep_ == "acl" and head.tag_ == "VBN" and head.head.pos_ in _NOMINAL_POS:
        direct.append(head.head)
    for obj in direct:
        for candidate in (obj, *_of_complements(obj, _OF_DEPTH)):
            yield candidate
            yield from (c for c in candidate.children if c.dep_ in ("conj", "compound"))


def _of_complements(token: Token, depth: int) -> Iterator[Token]:
    """'the shipment of $8 million worth of aid' -> worth, aid (down `depth` of-phrases)."""
    for prep in token.children:
        if depth and prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    yield pobj
                    yield from _of_complements(pobj, depth - 1)


@dataclass(frozen=True)
class Lexicon:
    index: Mapping[tuple[str, str], tuple[Pattern, ...]]

    @classmethod
    def load(cls, extra_files: Sequence[Path] = (), ontology: Ontology | None = None) -> "Lexicon":
        """The built-in triggers plus the user's files, later files overriding earlier ones."""
        ontology = ontology or default_ontology()
        by_key: dict[tuple, Pattern] = {}
        for path in (*BUILTIN_FILES, *map(Path, extra_files)):
            for pattern in read_patterns(path, ontology):
                by_key.pop(pattern.key, None)
                by_key[pattern.key] = pattern
        index: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        for order, pattern in enumerate(by_key.values()):
            ordered = replace(pattern, order=order)
            for lemma in pattern.head:
                index[(pattern.kind, lemma)].append(ordered)
        return cls(MappingProxyType({k: tuple(sorted(v, key=lambda p: (-p.specificity, -p.order)))
                                     for k, v in index.items()}))

    def __len__(self) -> int:
        return len({p.order for patterns in self.index.values() for p in patterns})

    def _match(self, token: Token, pattern: Pattern) -> Trigger | None:
        tokens = [token.i]
        if pattern.head_mods:
            mods = _find_mods(token, pattern.head_mods)
            if mods is None:
                return None
            tokens += mods
        functions = []
        for alternatives in pattern.functions:
            child = _function_child(token, alternatives)
            if child is None:
                return None
            functions.append(child)
            tokens.append(child.i)
        if pattern.obj:
            obj_tokens = None
            for candidate in _object_candidates(token, functions):
                if _lemmas(candidate) & set(pattern.obj):
                    mods = _find_mods(candidate, pattern.obj_mods)
                    if mods is not None:
                        obj_tokens = [candidate.i, *mods]
                        break
            if obj_tokens is None:
                return None
            tokens += obj_tokens
        return Trigger(token.i, tuple(dict.fromkeys(tokens)), pattern.cameo, pattern.text, pattern.kind)

    def triggers(self, sent: Span) -> list[Trigger]:
        """All trigger matches in a sentence, the most specific (longest pattern) first per head.
        A matching `---` pattern removes itself and every match as or less specific on its head."""
        found: list[Trigger] = []
        for token in sent:
            kind = "verb" if token.pos_ == "VERB" else "noun" if token.pos_ in _NOMINAL_POS else None
            if kind is None:
                continue
            candidates: dict[int, Pattern] = {}
            for lemma in _lemmas(token):
                for pattern in self.index.get((kind, lemma), ()):
                    candidates[pattern.order] = pattern
            block = 0
            for pattern in sorted(candidates.values(), key=lambda p: (-p.specificity, -p.order)):
                if pattern.specificity <= block:
                    break
                trigger = self._match(token, pattern)
                if trigger is None:
                    continue
                if pattern.cameo == NOT_AN_EVENT:
                    block = pattern.specificity
                else:
                    found.append(trigger)
        return found


@functools.cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded and indexed once per process."""
    return Lexicon.load()
