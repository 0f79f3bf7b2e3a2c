"""`eventwire evaluate` end to end: real gold files, the real pipeline, real output files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED_GOLD = DATA / "seed" / "gold.jsonl"
GSR = DATA / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"
PLV = DATA / "plv" / "PLV_train.tsv"

runner = CliRunner()


def test_bad_gold_file_is_one_line_error(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc_id": "a", "text_file": "a.txt", "events": []}\n{"doc_id": \n')
    result = runner.invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("eventwire: error: ") and "[E500]" in lines[0] and "gold.jsonl:1" in lines[0]


def test_bad_gold_file_as_json_error(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text("sentence\tsource\ttarget\tgold_root\nA hit B.\tA\tB\tHUG\n")
    result = runner.invoke(app, ["evaluate", str(path), "--json", "-"])
    assert result.exit_code == 1
    error = json.loads(result.output.strip().splitlines()[-1])
    assert error["code"] == "E500" and error["source"].endswith("gold.tsv:2") and "HUG" in error["error"]


def test_seed_document_scored_with_tables_json_and_errors(tmp_path):
    json_path, errors_path = tmp_path / "score.json", tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["evaluate", str(SEED_GOLD), "--json", str(json_path), "--errors", str(errors_path)])
    assert result.exit_code == 0, result.output
    assert "per-type precision, recall, F1" in result.output and "confusion matrix" in result.output
    assert "main events" in result.output and "4-way quad accuracy" in result.output
    data = json.loads(json_path.read_text())
    assert data["format"] == "doc"
    everything, main = data["all_events"], data["main_events"]
    assert everything["gold"] == 8 and main["gold"] == 7  # one background event left out
    micro = everything["labels"]["micro"]
    assert micro["tp"] == everything["matched"] <= min(everything["gold"], everything["predicted"])
    records = [json.loads(line) for line in errors_path.read_text().splitlines()]
    assert len(records) == data["error_count"]
    misses = sum(r["kind"] in ("miss", "wrong_type", "wrong_actors") for r in records)
    assert misses == everything["gold"] - everything["matched"]
    assert all(r["text"] for r in records)


def test_gsr_limit_json_to_stdout():
    result = runner.invoke(app, ["evaluate", str(GSR), "--limit", "12", "--json", "-"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    score = data["score"]
    assert data["format"] == "gsr" and score["records"] == 12
    assert score["full_accuracy"]["correct"] <= score["type_accuracy"]["correct"] <= 12
    assert sum(row["records"] for row in score["per_type"]) == 12


def test_plv_sentences_scored_with_the_shipped_classifier(tmp_path):
    errors_path = tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["evaluate", str(PLV), "--format", "plv", "--limit", "40", "--json", "-", "--errors", str(errors_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    scores = data["scores"]
    assert data["sentences"] == 40 and scores["accuracy"]["total"] == 40
    assert 0.0 <= scores["macro"]["f1"] <= 1.0 and 0.0 <= scores["quad_accuracy"]["value"] <= 1.0
    wrong = [json.loads(line) for line in errors_path.read_text().splitlines()]
    assert len(wrong) == 40 - scores["accuracy"]["correct"]
    assert all("<s>" in record["text"] and record["gold"] != record["predicted"] for record in wrong)
