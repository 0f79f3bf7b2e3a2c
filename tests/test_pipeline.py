"""The Coder over streams: batches, discards that keep the run going, user knowledge files."""

from __future__ import annotations

import datetime as dt

from eventwire.pipeline import Coder, default_coder
from eventwire.read import page_from_text
from eventwire.records import CodedArticle, Discard

STORIES = [
    "Israeli aircraft struck targets in southern Lebanon on Sunday, the army said.",
    "Germany and France signed a defence cooperation agreement in Berlin on Monday.",
]


def test_process_pages_codes_good_pages_and_records_bad_ones():
    pages = [
        (page_from_text(STORIES[0], source="a.txt"), dt.date(2024, 1, 8)),
        (page_from_text(b"", source="empty.txt"), None),
        (page_from_text(b"\x00\x01\x02" * 100, source="binary.bin"), None),
        (page_from_text(STORIES[1], source="b.txt"), dt.date(2024, 1, 9)),
    ]
    results = list(default_coder().process_pages(pages))
    coded = [r for r in results if isinstance(r, CodedArticle)]
    discards = {r.source: r for r in results if isinstance(r, Discard)}
    assert [c.article.source for c in coded] == ["a.txt", "b.txt"]
    assert discards["empty.txt"].code == "E101" and discards["empty.txt"].stage == "read"
    assert discards["binary.bin"].code == "E102"
    assert all(c.events for c in coded)


def test_batched_coding_equals_one_by_one():
    coder = default_coder()
    from eventwire.clean import clean

    articles = [clean(page_from_text(text, source=f"s{i}"), published=dt.date(2024, 1, 8)) for i, text in enumerate(STORIES)]
    batched = list(coder.code_articles(articles, batch_size=2))
    single = [coder.code_article(article) for article in articles]
    assert batched == single


def test_user_actor_file_extends_knowledge(tmp_path):
    sentence = "Zorbland troops attacked the Ukrainian town of Sumy on Tuesday."
    before = default_coder().code(sentence, published="2024-01-12")
    assert not any(a.country == "ZZZ" for e in before for a in e.source)
    countries = tmp_path / "my_countries.tsv"
    countries.write_text("code\tname\taliases\tadjectives\tseats\tcontext_names\n"
                         "ZZZ\tZorbland\t\tZorbland|Zorblandian\tZorbtown\t\n", encoding="utf-8")
    events = Coder.with_extra_knowledge(actor_files=[countries]).code(sentence, published="2024-01-12")
    assault = next(e for e in events if e.event_type == "ASSAULT")
    assert [(a.country, a.sector) for a in assault.source] == [("ZZZ", "MIL")]
    assert [a.country for a in assault.target] == ["UKR"]
