"""Near-duplicate articles and cross-article event merging, through a real store file."""

from __future__ import annotations

import datetime as dt

from test_store import actor, make_article, make_event

from eventwire.dedupe import MergeKey, same_event, signature, similarity
from eventwire.records import CodedArticle
from eventwire.store import EventStore, rows_for
from eventwire.store.rows import event_row

GUNMEN = (actor("gunmen", "NGA", "CRM"),)
PRIEST = (actor("Father Joseph Ede", "NGA", "REL"),)
STUDENTS = (actor("students", "NGA", "EDU"),)

# Five outlets, five wordings, one abduction on Sunday 2024-05-05 in Kaduna; one report dates it
# the next day (filed after midnight), one has an extra event (police rescue plan) of its own.
SAME_ABDUCTION = [
    ("dailytrust.txt", "Daily Trust", "https://dailytrust.com/priest",
     "Gunmen abducted Father Joseph Ede from his parish house in Kaduna on Sunday night, the diocese said.",
     "Gunmen abducted Father Joseph Ede", "2024-05-05"),
    ("punch.txt", "Punch", "https://punchng.com/kaduna-priest",
     "A Catholic priest, Joseph Ede, has been kidnapped by armed men in Kaduna State, police confirmed on Monday.",
     "has been kidnapped by armed men", "2024-05-05"),
    ("reuters.txt", "Reuters", "https://www.reuters.com/world/africa/nigeria-priest",
     "KADUNA, Nigeria (Reuters) - Armed kidnappers seized a Roman Catholic priest in northern Nigeria, church officials said.",
     "Armed kidnappers seized a Roman Catholic priest", "2024-05-06"),
    ("vanguard.txt", "Vanguard", "https://www.vanguardngr.com/priest-abducted",
     "Bandits have taken away a priest in Kaduna. The abduction of the cleric happened late on Sunday.",
     "Bandits have taken away a priest", "2024-05-05"),
    ("channels.txt", "Channels TV", "https://www.channelstv.com/priest",
     "Police in Kaduna are searching for a priest who was kidnapped from his residence by gunmen on Sunday.",
     "was kidnapped from his residence by gunmen", "2024-05-05"),
]
OTHER_ABDUCTION = ("premium.txt", "Premium Times", "https://premiumtimesng.com/students",
                   "Gunmen kidnapped 20 students from a school in Kaduna on Thursday, residents said.",
                   "Gunmen kidnapped 20 students", "2024-05-09")


def report(source, publisher, url, text, evidence, date, target=PRIEST, cameo="181", event_type="ASSAULT"):
    art = make_article(text, source=source, publisher=publisher, url=url, published=dt.date(2024, 5, 6))
    return CodedArticle(article=art, events=(make_event(art, evidence, source=GUNMEN, target=target, date=date,
                                                        cameo=cameo, event_type=event_type),))


def test_five_reports_of_one_abduction_become_one_event(tmp_path):
    corpus = [report(*r) for r in SAME_ABDUCTION]
    # one outlet codes the same abduction as COERCE (CAMEO 18 root kept): still the same event
    corpus[3] = report(*SAME_ABDUCTION[3], cameo="1813", event_type="COERCE")
    corpus.append(report(*OTHER_ABDUCTION, target=STUDENTS))
    with EventStore(tmp_path / "s.duckdb") as store:
        run = store.start_run([])
        first = store.write([rows_for(c) for c in corpus[:2]], run_id=run)
        rest = store.write([rows_for(c) for c in corpus[2:]], run_id=run)
        assert first.new_events + rest.new_events == 2
        assert first.merged_events + rest.merged_events == 4
        events = store.events_df().sort_values("day")
        assert list(events["num_articles"]) == [5, 1]
        assert list(events["num_sources"]) == [5, 1]
        assert list(events["num_mentions"]) == [5, 1]
        # every report's mention is kept and points at the merged event
        mentions = store.query("SELECT event_id, count(DISTINCT article_event_id) AS n FROM mentions GROUP BY event_id ORDER BY n DESC")
        assert mentions.column("n").to_pylist() == [5, 1]
        assert mentions.column("event_id").to_pylist()[0] == events.iloc[0]["event_id"]
        # actors are those of the first report, not five copies
        assert store.query("SELECT count(*) FROM actors WHERE event_id = ?", [events.iloc[0]["event_id"]]).column(0).to_pylist() == [2]
        # reingesting the corpus changes nothing
        again = store.write([rows_for(c) for c in corpus], run_id=run)
        assert (again.documents, again.new_events) == (0, 0)
        assert list(store.events_df()["num_articles"]) == [5, 1]


def test_headline_and_body_events_of_one_article_merge(tmp_path):
    art = make_article("Gunmen kidnap priest in Kaduna\n\nGunmen kidnapped a priest in Kaduna on Sunday night.",
                       source="x.txt", publisher="Daily Trust")
    coded = CodedArticle(article=art, events=(
        make_event(art, "Gunmen kidnap priest", source=GUNMEN, target=PRIEST, date="2024-05-06"),
        make_event(art, "Gunmen kidnapped a priest", source=GUNMEN, target=PRIEST, date="2024-05-05"),
        make_event(art, "in Kaduna on Sunday night", source=GUNMEN, target=(actor("traders", "NER", "BUS"),),
                   date="2024-05-05"),
    ))
    with EventStore(tmp_path / "s.duckdb") as store:
        result = store.write([rows_for(coded), rows_for(report(*SAME_ABDUCTION[1]))], run_id=store.start_run([]))
        assert (result.new_events, result.merged_events) == (2, 2)
        events = store.events_df().sort_values("num_mentions")
        assert list(events["num_mentions"]) == [1, 3] and list(events["num_articles"]) == [1, 2]


def _key(**kw) -> MergeKey:
    base = dict(event_type="ASSAULT", cameo_root="18", modality="asserted", reciprocal=False, source_codes="NGA",
                target_codes="NGA", actor_set="NGA", date="2024-05-05", day=dt.date(2024, 5, 5), location_country="NGA")
    base.update(kw)
    return MergeKey(**base)


def test_merge_rules():
    a = _key()
    assert same_event(a, _key(day=dt.date(2024, 5, 6), date="2024-05-06"))
    assert not same_event(a, _key(day=dt.date(2024, 5, 7), date="2024-05-07"))
    assert same_event(a, _key(event_type="COERCE"))
    assert not same_event(a, _key(event_type="PROTEST", cameo_root="14"))
    assert not same_event(a, _key(modality="intended"))
    assert not same_event(a, _key(location_country="NER"))
    assert same_event(a, _key(location_country=None))
    assert not same_event(a, _key(source_codes="NER", actor_set="NER,NGA"))
    assert not same_event(_key(actor_set="", source_codes="", target_codes=""), _key(actor_set="", source_codes="", target_codes=""))
    meet = _key(event_type="CONSULT", cameo_root="04", source_codes="KOR", target_codes="USA", actor_set="KOR,USA")
    joint = _key(event_type="CONSULT", cameo_root="04", reciprocal=True, source_codes="KOR,USA", target_codes="", actor_set="KOR,USA")
    assert same_event(meet, joint)
    assert not same_event(meet, _key(event_type="CONSULT", cameo_root="04", source_codes="USA", target_codes="KOR", actor_set="KOR,USA"))
    month = _key(day=None, date="2024-05")
    assert same_event(month, _key(day=None, date="2024-05")) and not same_event(month, _key(day=None, date=None))


def test_event_row_keys_use_codes_only():
    art = make_article("Unidentified attackers struck a Nigerian army convoy.", source="x.txt")
    ev = make_event(art, "Unidentified attackers struck", source=(actor("attackers", None, "REB"),),
                    target=(actor("Nigerian army", "NGA", "MIL"), actor("UN convoy", None, org="UN")))
    row = event_row(ev, art.doc_id, 0)
    assert (row.source_codes, row.target_codes, row.actor_set) == ("", "NGA,UN", "NGA,UN")


WIRE = ("SEOUL, Dec. 21 (Yonhap) -- South Korea and the United States opened their second working group meeting "
        "on North Korea on Friday, with the top nuclear envoys discussing ways to keep up the momentum for "
        "denuclearization talks and inter-Korean cooperation projects, officials said. Lee Do-hoon, Seoul's special "
        "representative for Korean Peninsula peace and security affairs, and U.S. envoy Stephen Biegun led the talks "
        "at the foreign ministry. The two sides also discussed a joint survey of railways linking the two Koreas and "
        "humanitarian aid for the North, the ministry said in a statement after the meeting.")


def test_syndicated_copies_link_to_the_original(tmp_path):
    copy = "Korea Herald staff report. " + WIRE.replace("officials said", "according to officials") + " (END)"
    rewrite = ("Nuclear envoys from Seoul and Washington met again on Friday to talk about North Korea, in the second "
               "session of a bilateral working group; rail surveys and aid were on the agenda.")
    assert similarity(signature(WIRE), signature(copy)) > 0.7 > similarity(signature(WIRE), signature(rewrite))
    with EventStore(tmp_path / "s.duckdb") as store:
        run = store.start_run([])
        docs = [make_article(t, source=s, publisher=p) for t, s, p in
                ((WIRE, "yonhap.txt", "Yonhap"), (copy, "herald.txt", "Korea Herald"), (rewrite, "other.txt", "KBS"))]
        store.write([rows_for(CodedArticle(article=docs[0]))], run_id=run)
        result = store.write([rows_for(CodedArticle(article=d)) for d in docs[1:]], run_id=run)
        third = make_article(WIRE + " Reporting by Yonhap.", source="third.txt", publisher="Korea Times")
        in_batch = store.write([rows_for(CodedArticle(article=third))], run_id=run)
        assert result.near_duplicates == 1 and in_batch.near_duplicates == 1
        links = {r["source"]: r["duplicate_of"] for r in store.query("SELECT source, duplicate_of FROM documents").to_pylist()}
        assert links == {"yonhap.txt": None, "herald.txt": docs[0].doc_id, "other.txt": None,
                         "third.txt": docs[0].doc_id}


def test_copies_within_one_batch_link_to_the_first(tmp_path):
    a = make_article(WIRE, source="a.txt")
    b = make_article(WIRE + " More to follow.", source="b.txt")
    with EventStore(tmp_path / "s.duckdb") as store:
        result = store.write([rows_for(CodedArticle(article=a)), rows_for(CodedArticle(article=b))], run_id=store.start_run([]))
        assert result.near_duplicates == 1
        assert store.query("SELECT duplicate_of FROM documents WHERE source = 'b.txt'").column(0).to_pylist() == [a.doc_id]
