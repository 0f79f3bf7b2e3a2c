"""Exports of a real store: Parquet, CSV, nested JSON Lines and the GDELT 2.0 event table."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pyarrow.parquet as pq
import pytest
from test_dedupe import OTHER_ABDUCTION, SAME_ABDUCTION, STUDENTS, report
from test_store import actor, make_article, make_event

from eventwire.errors import StoreError
from eventwire.export import GDELT_COLUMNS, export
from eventwire.records import CodedArticle, Location
from eventwire.store import EventStore, rows_for


@pytest.fixture
def store(tmp_path):
    corpus = [report(*r) for r in SAME_ABDUCTION] + [report(*OTHER_ABDUCTION, target=STUDENTS)]
    art = make_article("Seoul and Washington held talks in Seoul on Friday. Seoul said it wants more talks.",
                       source="yonhap.txt", url="https://en.yna.co.kr/view/1", published=dt.date(2018, 12, 21))
    talks = make_event(art, "Seoul and Washington held talks", event_type="CONSULT", cameo="036",
                       source=(actor("Seoul", "KOR", "GOV"), actor("Washington", "USA", "GOV")),
                       date="2018-12-21", country="KOR", reciprocal=True)
    talks = talks.model_copy(update={"location": Location(name="Seoul", country="KOR", lat=37.56654, lon=126.97796)})
    corpus.append(CodedArticle(article=art, events=(talks,)))
    with EventStore(tmp_path / "s.duckdb") as s:
        s.write([rows_for(c) for c in corpus], run_id=s.start_run([]))
        yield s


def test_gdelt_layout(store, tmp_path):
    out = tmp_path / "events.gdelt.csv"
    assert export(store, "gdelt", out) == 3
    lines = out.read_text().splitlines()
    rows = [line.split("\t") for line in lines]
    assert len(GDELT_COLUMNS) == 61 and all(len(r) == 61 for r in rows)
    assert not lines[0].startswith("GLOBALEVENTID")
    by = [dict(zip(GDELT_COLUMNS, r)) for r in rows]
    talks, priest, students = by
    assert (talks["SQLDATE"], talks["MonthYear"], talks["Year"]) == ("20181221", "201812", "2018")
    assert (talks["EventCode"], talks["EventBaseCode"], talks["EventRootCode"]) == ("036", "036", "03")
    assert (talks["Actor1CountryCode"], talks["Actor2CountryCode"], talks["Actor1Code"]) == ("KOR", "USA", "KORGOV")
    assert talks["SOURCEURL"] == "https://en.yna.co.kr/view/1" and talks["IsRootEvent"] == "1"
    assert (talks["ActionGeo_CountryCode"], talks["ActionGeo_Type"], talks["ActionGeo_FullName"]) == ("KOR", "4", "Seoul")
    assert (talks["ActionGeo_Lat"], talks["ActionGeo_Long"]) == ("37.5665", "126.978")
    assert priest["ActionGeo_Type"] == "1" and priest["ActionGeo_Lat"] == ""
    assert (priest["NumArticles"], priest["NumSources"], priest["NumMentions"]) == ("5", "5", "5")
    assert priest["EventCode"] == "181" and priest["QuadClass"] == "4" and priest["GoldsteinScale"] == "-9.0"
    assert students["SQLDATE"] == "20240509" and students["NumArticles"] == "1"
    assert len(talks["DATEADDED"]) == 14 and int(talks["GLOBALEVENTID"]) > 0
    assert len({r["GLOBALEVENTID"] for r in by}) == 3
    assert float(talks["FractionDate"]) == pytest.approx(2018.9699, abs=1e-3)


def test_parquet_and_csv_are_flat_event_tables(store, tmp_path):
    export(store, "parquet", tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 3 and table.column("cameo").to_pylist()[0] == "036"
    assert sorted(table.column("num_articles").to_pylist()) == [1, 1, 5]
    export(store, "csv", tmp_path / "e.csv")
    with (tmp_path / "e.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 and rows[0]["cameo"] == "036" and rows[0]["source"] == "KOR,USA"
    assert rows[1]["evidence"] == "Gunmen abducted Father Joseph Ede"


def test_jsonl_nests_actors_and_every_mention(store, tmp_path):
    export(store, "jsonl", tmp_path / "e.jsonl")
    events = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    priest = events[1]
    assert len(priest["mentions"]) == 5 and {m["publisher"] for m in priest["mentions"]} >= {"Reuters", "Punch"}
    assert [a["sector"] for a in priest["source"]] == ["CRM"] and priest["target"][0]["name"] == "Father Joseph Ede"
    m = priest["mentions"][0]
    assert m["end"] - m["start"] == len(m["text"])
    assert events[0]["source"][1]["country"] == "USA" and events[0]["location"]["country"] == "KOR"


def test_export_to_missing_folder_is_a_store_error(store, tmp_path):
    with pytest.raises(StoreError, match="output folder"):
        export(store, "csv", tmp_path / "nope" / "e.csv")
