"""`eventwire code` end to end, as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

EVENTWIRE = [sys.executable, "-m", "eventwire"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*EVENTWIRE, *args], input=stdin, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def example_jsonl() -> list[dict]:
    result = run("code", "--example", "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_example_prints_coded_events_as_jsonl(example_jsonl):
    assert len(example_jsonl) >= 8
    for event in example_jsonl:
        assert event["mentions"], "every event carries its evidence"
        assert event["cameo"].isdigit() and event["cameo"] == event["cameo"].strip()
        assert event["source"]


def test_example_table_is_for_people():
    result = run("code", "--example")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "CONSULT" in out and "KOR" in out and "USA" in out


def test_stdin_with_given_date(tmp_path):
    text = b"Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, Ukrainian officials said."
    result = run("code", "-", "--date", "2022-03-02", "--format", "json", stdin=text)
    assert result.returncode == 0, result.stderr.decode()
    document = json.loads(result.stdout)
    assert document["article"]["published"] == "2022-03-02"
    assert document["article"]["published_from"] == "given"
    assault = [e for e in document["events"] if e["event_type"] == "ASSAULT"]
    assert assault and assault[0]["date"] == "2022-03-01"
    assert {a["country"] for a in assault[0]["source"]} == {"RUS"}


@pytest.mark.parametrize(
    "content, code",
    [(b"", "E101"), (b"\x00\x01\x02\x03binary\x00\xff" * 50, "E102")],
)
def test_bad_input_is_one_line_error_without_traceback(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("code", str(path))
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "Traceback" not in err
    assert code in err and str(path) in err
    assert len(err.strip().splitlines()) == 1


def test_json_error_shape(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run("code", str(path), "--format", "jsonl")
    error = json.loads(result.stderr)
    assert error["code"] == "E101" and error["source"] == str(path) and error["error"]


def test_missing_file_names_it(tmp_path):
    result = run("code", str(tmp_path / "nope.txt"))
    assert result.returncode == 1 and "nope.txt" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
