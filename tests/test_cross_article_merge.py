"""Several outlets, several wordings, one real-world event: coded by the real Coder, stored in a
real DuckDB file, merged into one event that counts its articles and sources."""

from __future__ import annotations

import json

from eventwire.ingest import ingest
from eventwire.pipeline import default_coder
from eventwire.store import EventStore

SAME_TALKS = [
    ("Reuters", "https://www.reuters.com/world/china-russia-talks",
     "BEIJING (Reuters) - China and Russia held talks on energy cooperation in Beijing on Tuesday, the foreign ministry said."),
    ("AP", "https://apnews.com/china-russia",
     "BEIJING (AP) — Chinese and Russian officials met in Beijing on Tuesday to discuss energy cooperation."),
    ("Xinhua", "https://english.news.cn/china-russia",
     "BEIJING, May 14 (Xinhua) -- China and Russia held consultations on energy cooperation in Beijing on Tuesday."),
    ("TASS", "https://tass.com/politics/russia-china",
     "MOSCOW, May 14 (TASS) - Russian and Chinese diplomats held talks in Beijing on Tuesday, focusing on energy."),
]
OTHER_EVENT = ("The Hindu", "https://www.thehindu.com/india-japan",
               "NEW DELHI (PTI) - India and Japan held talks on maritime security in New Delhi on Wednesday.")


def write_corpus(path, reports):
    with path.open("w", encoding="utf-8") as out:
        for publisher, url, text in reports:
            out.write(json.dumps({"text": text, "url": url, "publisher": publisher, "published": "2024-05-14"}) + "\n")


def test_rewritten_reports_of_one_meeting_become_one_event(tmp_path):
    corpus = tmp_path / "news.jsonl"
    write_corpus(corpus, [*SAME_TALKS, OTHER_EVENT])
    with EventStore(tmp_path / "events.duckdb") as store:
        ingest([str(corpus)], store, default_coder())
        rows = store.query(
            "SELECT actor_set, date, num_articles, num_sources, num_mentions FROM events "
            "WHERE event_type = 'CONSULT' ORDER BY num_articles DESC").to_pylist()
    china_russia = [r for r in rows if set(r["actor_set"].split(",")) == {"CHN", "RUS"}]
    assert len(china_russia) == 1, rows
    assert china_russia[0]["num_articles"] == 4 and china_russia[0]["num_sources"] == 4
    assert china_russia[0]["num_mentions"] >= 4
    india_japan = [r for r in rows if set(r["actor_set"].split(",")) == {"IND", "JPN"}]
    assert len(india_japan) == 1 and india_japan[0]["num_articles"] == 1
