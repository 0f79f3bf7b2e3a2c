"""`nlp.add_pipe("eventwire")` inside a user's own spaCy pipeline."""

from __future__ import annotations

import spacy

import eventwire.spacy_component  # noqa: F401  (registers the factory)
from eventwire.annotate import SPACY_MODEL


def test_component_sets_doc_events():
    nlp = spacy.load(SPACY_MODEL)
    nlp.add_pipe("eventwire", config={"published": "2018-12-21", "dateline": "Seoul"})
    doc = nlp("South Korea and the United States held talks on North Korea in Seoul on Friday.")
    [event] = doc._.events
    assert event.event_type == "CONSULT" and event.reciprocal
    assert {a.country for a in event.source} == {"KOR", "USA"}
    assert event.date == "2018-12-21"


def test_published_date_per_doc_overrides_config():
    nlp = spacy.load(SPACY_MODEL)
    nlp.add_pipe("eventwire")
    doc = nlp.make_doc("Turkish jets bombed Kurdish militant positions in northern Iraq on Monday.")
    doc._.published = "2023-10-05"
    doc = nlp(doc)
    assault = next(e for e in doc._.events if e.event_type == "ASSAULT")
    assert assault.date == "2023-10-02"
    assert {a.country for a in assault.source} == {"TUR"}
