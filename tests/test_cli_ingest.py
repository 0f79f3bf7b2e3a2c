"""`eventwire ingest`, `query`, `export` as a user runs them: a real subprocess, real files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from test_ingest import write_bad_inputs, write_corpus
from typer.testing import CliRunner

from eventwire.cli import app

EVENTWIRE = [sys.executable, "-m", "eventwire"]


def run(*args: str) -> subprocess.CompletedProcess:
    """`ingest` runs as a real process (progress bar, exit code, model loading as users see it)."""
    return subprocess.run([*EVENTWIRE, *args], capture_output=True, text=True, timeout=300)


def invoke(*args: str):
    """`query` and `export` run in-process through the same Typer app, to keep the file fast."""
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    write_corpus(root / "corpus", 6)
    write_bad_inputs(root / "corpus")
    db = root / "s.duckdb"
    result = run("ingest", str(root / "corpus"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return root, db, result


def test_ingest_shows_progress_and_summary(ingested):
    _, _, result = ingested
    out = result.stderr + result.stdout
    for words in ("docs/s", "events/s", "documents added", "discards", "E104 NotEnglish", "E103 UndecodableInput"):
        assert words in out, words


def test_rerun_quiet_prints_nothing_and_adds_nothing(ingested):
    root, db, _ = ingested
    before = invoke("query", "SELECT count(*) AS n FROM documents", "--db", str(db), "--format", "json")
    again = run("ingest", str(root / "corpus"), "--db", str(db), "--quiet")
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""
    after = invoke("query", "SELECT count(*) AS n FROM documents", "--db", str(db), "--format", "json")
    assert json.loads(before.stdout) == json.loads(after.stdout) == [{"n": 6}]


def test_query_formats(ingested):
    _, db, _ = ingested
    sql = "SELECT event_type, count(*) AS n FROM events GROUP BY event_type ORDER BY event_type"
    as_json = json.loads(invoke("query", sql, "--db", str(db), "--format", "json").stdout)
    as_csv = list(csv.DictReader(io.StringIO(invoke("query", sql, "--db", str(db), "--format", "csv").stdout)))
    assert as_json and [r["event_type"] for r in as_json] == [r["event_type"] for r in as_csv]
    assert [str(r["n"]) for r in as_json] == [r["n"] for r in as_csv]
    table = invoke("query", sql, "--db", str(db))
    assert table.exit_code == 0 and as_json[0]["event_type"] in table.stdout


def test_query_errors_are_one_line(ingested, tmp_path):
    _, db, _ = ingested
    bad = invoke("query", "SELECT nope FROM events", "--db", str(db))
    assert bad.exit_code == 1 and "Traceback" not in bad.stderr and "[E400]" in bad.stderr
    missing = invoke("query", "SELECT 1", "--db", str(tmp_path / "none.duckdb"))
    assert missing.exit_code == 1 and "no store file" in missing.stderr
    as_json = invoke("query", "SELECT nope", "--db", str(db), "--format", "json")
    assert json.loads(as_json.stderr)["code"] == "E400"


def test_export_every_format(ingested, tmp_path):
    _, db, _ = ingested
    n = int(invoke("query", "SELECT count(*) AS n FROM events", "--db", str(db), "--format", "csv").stdout.split()[1])
    for fmt in ("parquet", "csv", "jsonl", "gdelt"):
        out = tmp_path / f"events.{fmt}"
        result = invoke("export", "--format", fmt, "--output", str(out), "--db", str(db))
        assert result.exit_code == 0, result.stderr
        assert f"wrote {n} events" in result.stderr and out.stat().st_size > 0
    lines = (tmp_path / "events.gdelt").read_text().splitlines()
    assert len(lines) == n and all(line.count("\t") == 60 for line in lines)
    assert len((tmp_path / "events.jsonl").read_text().splitlines()) == n


@pytest.mark.ray
def test_ray_engine_writes_a_date_partitioned_dataset_from_the_cli(tmp_path):
    pytest.importorskip("ray")
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("Israeli aircraft struck targets in southern Lebanon on Sunday, the army said.")
    (news / "empty.txt").write_text("")
    out = tmp_path / "dataset"
    result = subprocess.run([sys.executable, "-m", "eventwire", "ingest", str(news), "--engine", "ray",
                             "--workers", "1", "--output", str(out), "--quiet"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert list((out / "events").glob("day=*/*.parquet"))
    import duckdb

    discards = duckdb.sql(f"SELECT code FROM read_parquet('{out}/discards/**/*.parquet')").fetchall()
    assert discards == [("E101",)]
    events = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/events/**/*.parquet')").fetchall()[0][0]
    query = subprocess.run([sys.executable, "-m", "eventwire", "query", "SELECT count(*) AS n FROM events",
                            "--parquet", str(out), "--format", "json"], capture_output=True, text=True, timeout=120)
    assert query.returncode == 0, query.stderr
    assert events >= 1 and json.loads(query.stdout) == [{"n": events}]
