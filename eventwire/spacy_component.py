"""`nlp.add_pipe("eventwire")`: code events inside an existing spaCy pipeline.

The component reads the publication date from `doc._.published` (a date or ISO string; set it
before calling the pipeline, or give `published` in the config) and sets `doc._.events`.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.pipeline import Coder
from eventwire.records import Article

for _name in ("events", "published", "dateline"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class EventwireComponent:
    def __init__(self, nlp: Language, published: str | None, dateline: str | None) -> None:
        self.coder = Coder(nlp=nlp)
        self.published = dt.date.fromisoformat(published) if published else None
        self.dateline = dateline

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published or self.published
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        article = Article(
            doc_id=hashlib.sha1(doc.text.encode()).hexdigest()[:16],
            source="<spacy>",
            text=doc.text,
            kind="text",
            published=published,
            published_from="given" if published else "missing",
            dateline=doc._.dateline or self.dateline,
        )
        doc._.events = list(self.coder.events_of(doc, article).events)
        return doc


@Language.factory("eventwire", default_config={"published": None, "dateline": None})
def make_eventwire(nlp: Language, name: str, published: str | None, dateline: str | None) -> EventwireComponent:
    return EventwireComponent(nlp, published, dateline)
