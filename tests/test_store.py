"""EventStore against real DuckDB files: schema, migrations, idempotent batches, Parquet loading."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pyarrow.dataset as ds
import pytest

from eventwire.errors import MigrationError, StoreError
from eventwire.records import Actor, Article, CodedArticle, Discard, Event, Location, Mention
from eventwire.store import EventStore, ParquetDataset, RunTotals, rows_for
from eventwire.store.rows import ARROW_SCHEMAS, TABLES, article_rows, batch_to_arrow, from_arrow
from eventwire.store.schema import LATEST, migrate


def make_article(text: str, *, source: str, publisher: str | None = None, url: str | None = None,
                 published: dt.date | None = dt.date(2024, 5, 6), title: str | None = None) -> Article:
    return Article(doc_id=hashlib.sha1(text.encode()).hexdigest()[:16], source=source, text=text, kind="text",
                   title=title, published=published, published_from="input" if published else "missing",
                   publisher=publisher, url=url)


def actor(text: str, country: str | None, sector: str | None = None, org: str | None = None) -> Actor:
    return Actor(text=text, name=text.title(), country=country, org=org, sector=sector)


def make_event(art: Article, evidence: str, *, event_type: str = "ASSAULT", cameo: str = "181",
               source: tuple[Actor, ...] = (), target: tuple[Actor, ...] = (), date: str | None = "2024-05-05",
               country: str | None = "NGA", reciprocal: bool = False, modality: str = "asserted") -> Event:
    start = art.text.index(evidence)
    trigger = evidence.split()[1] if len(evidence.split()) > 1 else evidence
    return Event(
        event_id=hashlib.sha1(f"{art.doc_id}:{start}:{cameo}".encode()).hexdigest()[:16], doc_id=art.doc_id,
        event_type=event_type, cameo=cameo, modality=modality, source=source, target=target,
        reciprocal=reciprocal, date=date, date_precision="day" if date and len(date) == 10 else None,
        location=Location(name="Kaduna", country=country) if country else None,
        goldstein=-9.0, quad_class=4, confidence=0.8,
        mentions=(Mention(sentence=art.text[:start].count(". "), start=start, end=start + len(evidence),
                          text=evidence, trigger=trigger),),
    )


GUNMEN = (actor("gunmen", "NGA", "CRM"),)
PRIEST = (actor("priest", "NGA", "REL"),)


def test_rows_round_trip_through_arrow():
    art = make_article("Gunmen kidnapped a priest in Kaduna on Sunday.", source="a.txt", publisher="Daily Trust")
    ca = CodedArticle(article=art, events=(make_event(art, "Gunmen kidnapped a priest", source=GUNMEN, target=PRIEST),))
    rows = article_rows(ca)
    assert rows.documents[0].doc_id == art.doc_id and len(rows.documents[0].minhash) == 128
    assert rows.events[0].source_codes == "NGA" and rows.events[0].actor_set == "NGA"
    assert rows.events[0].day == dt.date(2024, 5, 5) and rows.events[0].cameo_root == "18"
    assert [a.role for a in rows.actors] == ["source", "target"]
    tables = batch_to_arrow([rows, rows_for(Discard(source="x.bin", stage="read", code="E102", reason="binary"))])
    assert set(tables) == set(TABLES)
    for name in TABLES:
        assert tables[name].schema == ARROW_SCHEMAS[name]
    assert from_arrow("events", tables["events"]) == list(rows.events)
    assert from_arrow("documents", tables["documents"]) == list(rows.documents)
    assert from_arrow("discards", tables["discards"])[0].code == "E102"


def _kidnap(source: str, text: str, evidence: str, publisher: str, date: str = "2024-05-05", url: str | None = None) -> CodedArticle:
    art = make_article(text, source=source, publisher=publisher, url=url)
    return CodedArticle(article=art, events=(make_event(art, evidence, source=GUNMEN, target=PRIEST, date=date),))


def test_write_is_idempotent_and_counts_survive_reopen(tmp_path):
    db = tmp_path / "s.duckdb"
    a = _kidnap("a.txt", "Gunmen kidnapped a priest in Kaduna on Sunday.", "Gunmen kidnapped a priest", "Daily Trust")
    with EventStore(db) as store:
        assert store.schema_version == LATEST
        run = store.start_run(["a.txt"])
        first = store.write([rows_for(a)], run_id=run, inputs=[("a.txt", a.article.doc_id)])
        again = store.write([rows_for(a), rows_for(a)], run_id=run)
        store.finish_run(run, RunTotals().add(first).add(again))
        assert (first.documents, first.new_events) == (1, 1)
        assert (again.documents, again.exact_duplicates, again.new_events) == (0, 2, 0)
        assert store.done_inputs(["a.txt", "b.txt"]) == {"a.txt"}
    with EventStore(db) as store:
        counts = store.counts()
        assert (counts["documents"], counts["events"], counts["mentions"], counts["actors"]) == (1, 1, 1, 2)
        (finished, docs) = store.query("SELECT finished, documents FROM runs").to_pylist()[0].values()
        assert finished is not None and docs == 1


def test_discards_are_kept_once_per_input_and_code(tmp_path):
    with EventStore(tmp_path / "s.duckdb") as store:
        run = store.start_run(["x"])
        d = Discard(source="x.bin", stage="read", code="E102", reason="input is binary")
        assert len(store.write([rows_for(d)], run_id=run).discards) == 1
        assert store.write([rows_for(d)], run_id=run).discards == ()
        assert store.discard_reasons() == {"E102": 1}


def test_failed_batch_rolls_back_whole(tmp_path):
    a = _kidnap("a.txt", "Gunmen kidnapped a priest in Kaduna on Sunday.", "Gunmen kidnapped a priest", "Daily Trust")
    with EventStore(tmp_path / "s.duckdb") as store:
        store.connection().execute("ALTER TABLE actors ADD COLUMN must_not_be_null VARCHAR NOT NULL DEFAULT 'x'")
        store.connection().execute("ALTER TABLE actors ALTER COLUMN must_not_be_null DROP DEFAULT")
        with pytest.raises(duckdb.Error):
            store.write([rows_for(a)], run_id=store.start_run([]), inputs=[("a.txt", a.article.doc_id)])
        assert store.counts()["documents"] == 0 and store.done_inputs(["a.txt"]) == set()


def test_opening_a_version_1_file_migrates_it(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    assert migrate(con, str(db), target=1) == 1
    text = "Gunmen kidnapped a priest in Kaduna on Sunday, police said."
    con.execute("INSERT INTO documents (doc_id, source, text, published) VALUES ('d1', 'old.txt', ?, DATE '2024-05-06')", [text])
    con.close()
    with EventStore(db) as store:
        assert store.schema_version == LATEST == 2
        rows = store.query("SELECT version FROM schema_version ORDER BY version").column("version").to_pylist()
        assert rows == [1, 2]
        old = store.query("SELECT doc_id, minhash, duplicate_of FROM documents").to_pylist()[0]
        assert old["doc_id"] == "d1" and len(old["minhash"]) == 128 and old["duplicate_of"] is None
        # the migrated document is found as the original of a later copy
        copy = make_article(text + " Reporting by A. Musa.", source="copy.txt")
        store.write([rows_for(CodedArticle(article=copy))], run_id=store.start_run([]))
        assert store.query("SELECT duplicate_of FROM documents WHERE source = 'copy.txt'").column(0).to_pylist() == ["d1"]


def test_newer_file_is_refused(tmp_path):
    db = tmp_path / "new.duckdb"
    EventStore(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (99, now(), 'from the future')")
    con.close()
    with pytest.raises(MigrationError, match="newer"):
        EventStore(db)
    with pytest.raises(MigrationError, match="newer"):
        EventStore(db, read_only=True)


def test_read_only_open_of_an_old_file_asks_for_migration(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    migrate(con, str(db), target=1)
    con.close()
    with pytest.raises(MigrationError, match="version 1"):
        EventStore(db, read_only=True)
    EventStore(db).close()
    with EventStore(db, read_only=True) as store:
        assert store.schema_version == LATEST


def test_read_only_open_of_missing_file_names_it(tmp_path):
    with pytest.raises(StoreError, match="no store file"):
        EventStore(tmp_path / "none.duckdb", read_only=True)


def test_query_errors_are_store_errors(tmp_path):
    with EventStore(tmp_path / "s.duckdb") as store:
        with pytest.raises(StoreError, match="query failed"):
            store.query("SELECT nope FROM events")
        assert store.query("SELECT count(*) AS n FROM events").column("n").to_pylist() == [0]


def _write_dataset(root) -> None:
    """Two reports of one kidnapping, an undated article and a discard, as the Ray engine writes them."""
    corpus = [
        _kidnap("a.txt", "Gunmen kidnapped a priest in Kaduna on Sunday.", "Gunmen kidnapped a priest", "Daily Trust"),
        _kidnap("b.txt", "A Catholic priest was abducted by gunmen in Kaduna, officials said.", "priest was abducted", "Punch"),
    ]
    undated = make_article("Troops shelled a village near Maiduguri, residents said.", source="c.txt", published=None)
    discard = Discard(source="bad.html", stage="clean", code="E105", reason="no article text")
    tables = batch_to_arrow([rows_for(c) for c in (*corpus, CodedArticle(article=undated), discard)])
    for name, table in tables.items():  # hive partitions by date
        by = {"documents": ["published"], "events": ["day"]}.get(name)
        ds.write_dataset(table, root / name, format="parquet", partitioning=by, partitioning_flavor="hive" if by else None)


def test_load_parquet_written_like_the_ray_engine(tmp_path):
    root = tmp_path / "parquet"
    _write_dataset(root)
    assert (root / "documents" / "published=__HIVE_DEFAULT_PARTITION__").is_dir()
    with EventStore(tmp_path / "s.duckdb") as store:
        result = store.load_parquet(root)
        assert (result.documents, result.new_events, result.merged_events, result.discard_codes) == (3, 1, 1, (('E105', 1),))
        assert store.load_parquet(root).documents == 0
        ev = store.events_df()
        assert len(ev) == 1 and ev.loc[0, "num_articles"] == 2 and ev.loc[0, "num_sources"] == 2
        assert store.done_inputs(["a.txt", "b.txt", "c.txt", "bad.html"]) == {"a.txt", "b.txt", "c.txt", "bad.html"}
        assert store.query("SELECT published FROM documents WHERE source = 'c.txt'").column(0).to_pylist() == [None]
    with pytest.raises(StoreError, match="not an eventwire Parquet"):
        EventStore(tmp_path / "t.duckdb").load_parquet(tmp_path / "empty")


def test_parquet_dataset_answers_store_sql_in_place(tmp_path):
    root = tmp_path / "parquet"
    _write_dataset(root)
    with ParquetDataset(root) as dataset, EventStore(tmp_path / "s.duckdb") as store:
        store.load_parquet(root)
        for table in TABLES:  # the dataset's columns have the store's types
            ours = dataset.query(f"SELECT * FROM {table} LIMIT 0").schema
            theirs = store.query(f"SELECT * FROM {table} LIMIT 0").schema
            assert ours.names == ARROW_SCHEMAS[table].names
            shared = [name for name in ours.names if name in theirs.names]
            assert len(shared) >= len(ours.names) - 1
            assert [ours.field(n).type for n in shared] == [theirs.field(n).type for n in shared]
        # per-article rows: both reports of the kidnapping are there, unmerged, on their partition day
        events = dataset.query("SELECT doc_id, cameo, day FROM events ORDER BY doc_id").to_pylist()
        assert [(e["cameo"], e["day"]) for e in events] == [("181", dt.date(2024, 5, 5))] * 2
        assert {e["doc_id"] for e in events} == set(store.query("SELECT doc_id FROM mentions").column(0).to_pylist())
        assert dataset.query("SELECT source FROM documents WHERE published IS NULL").column(0).to_pylist() == ["c.txt"]
        assert dataset.query("SELECT code FROM discards").column(0).to_pylist() == ["E105"]
        assert dataset.query("SELECT count(*) FROM actors").column(0).to_pylist() == [4]
        with pytest.raises(StoreError, match="query failed"):
            dataset.query("SELECT nope FROM events")
    with pytest.raises(StoreError, match="not an eventwire Parquet"):
        ParquetDataset(tmp_path / "empty")


def test_parquet_dataset_with_only_discards_has_empty_tables(tmp_path):
    root = tmp_path / "parquet"
    for name, table in batch_to_arrow([rows_for(Discard(source="z.bin", stage="read", code="E102", reason="binary"))]).items():
        if table.num_rows:
            ds.write_dataset(table, root / name, format="parquet")
    with ParquetDataset(root) as dataset:
        assert dataset.query("SELECT count(*) FROM events").column(0).to_pylist() == [0]
        assert dataset.query("SELECT input, code FROM discards").to_pylist() == [{"input": "z.bin", "code": "E102"}]


def test_duckdb_memory_is_capped(tmp_path):
    with EventStore(tmp_path / "s.duckdb") as store:
        assert store.query("SELECT current_setting('memory_limit') AS m").column(0).to_pylist() == ["488.2 MiB"]
    with EventStore(tmp_path / "s.duckdb", memory_limit="64MB") as store:
        assert store.query("SELECT current_setting('memory_limit') AS m").column(0).to_pylist() == ["61.0 MiB"]
