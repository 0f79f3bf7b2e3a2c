"""Gold loaders on the real data files and on broken files that must fail naming file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import GoldFileError, KnowledgeError
from eventwire.evaluate.gold import detect_format, load_code_table, load_documents, load_gsr, load_plv

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED_GOLD = DATA / "seed" / "gold.jsonl"
PLV = DATA / "plv" / "PLV_train.tsv"
GSR = DATA / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"


def test_formats_are_detected_from_content():
    assert (detect_format(SEED_GOLD), detect_format(PLV), detect_format(GSR)) == ("doc", "plv", "gsr")


def test_seed_gold_document():
    (doc,) = load_documents(SEED_GOLD)
    assert doc.doc_id == "seed-yonhap-2018-12-21" and str(doc.published) == "2018-12-21"
    assert "working group" in doc.text  # text_file resolved against the gold file's parent folder
    assert len(doc.events) == 8
    request = next(e for e in doc.events if e.type == "REQUEST")
    assert request.alt_targets == (frozenset(),) and request.target == {"USA"}
    assert [e.background for e in doc.events].count(True) == 1
    joint = doc.events[0]
    assert joint.reciprocal and joint.source == {"KOR", "USA"} and joint.location_country == "KOR"


def test_plv_rows_labels_and_quads():
    items = load_plv(PLV)
    assert len(items) == 1050
    labels = {item.label for item in items}
    assert "YIELD" in labels and "CONCEDE" not in labels and len(labels) == 15
    assert all(item.quad == 2 for item in items if item.label == "YIELD")
    assert items[0].marked.startswith("<s>") and items[0].where == "PLV_train.tsv:2"


def test_gsr_labels_and_codes_are_mapped():
    items = load_gsr(GSR)
    assert len(items) == 322  # the DOCUMENT record is skipped
    types = {item.event.type for item in items}
    assert not types & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "DOCUMENT"}
    by_id = {item.record_id: item for item in items}
    apec = by_id["PLOVER-GSR01-AGREE-0002"].event
    assert apec.source == {"*IGO"} and apec.target == {"JPN"}  # IGO generic, JAP -> JPN
    assert by_id["PLOVER-GSR01-AGREE-0032"].event.reciprocal  # "Bosnia and Slovenia agreed"
    assert by_id["PLOVER-GSR01-SANCTION-0001"].event.source == {"ITA"}  # ITL -> ITA
    fights = [item for item in items if item.record_id.startswith("PLOVER-GSR01-FIGHT")]
    assert fights and all(item.event.type == "ASSAULT" for item in fights)


def test_code_table_can_be_extended_by_a_user_file(tmp_path):
    extra = tmp_path / "codes.tsv"
    extra.write_text("cameo\tcode\tkind\tname\nBVA\tDEU\tcountry\tBavaria (as its state)\nJAP\tJPN\tcountry\tJapan\n")
    table = load_code_table(extra)
    assert table.normalise("bva") == "DEU" and table.normalise("GMY") == "DEU" and table.normalise("USA") == "USA"
    assert load_code_table().normalise("IGO") == "*IGO"


def test_bad_code_table_row_names_its_line(tmp_path):
    extra = tmp_path / "codes.tsv"
    extra.write_text("# my codes\ncameo\tcode\tkind\tname\nBVA\tDEU\tstate\tBavaria\n")
    with pytest.raises(KnowledgeError, match=r"codes\.tsv:3: "):
        load_code_table(extra)


def write_doc_gold(folder: Path, lines: list[str]) -> Path:
    (folder / "a.txt").write_text("Seoul, Dec. 21 -- South Korea and the United States held talks on Friday.\n")
    path = folder / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


GOOD_LINE = json.dumps({"doc_id": "a", "text_file": "a.txt", "published": "2018-12-21", "events": [
    {"type": "CONSULT", "source": ["KOR", "USA"], "target": [], "reciprocal": True}]})


def test_text_file_resolves_beside_the_gold_file(tmp_path):
    (doc,) = load_documents(write_doc_gold(tmp_path, [GOOD_LINE]))
    assert doc.events[0].reciprocal and "held talks" in doc.text


@pytest.mark.parametrize("bad_line, problem", [
    ('{"doc_id": "b", "events": [', "not valid JSON"),
    (json.dumps({"doc_id": "b", "text_file": "a.txt", "events": [{"type": "MEET", "source": [], "target": []}]}), "not a PLOVER type"),
    (json.dumps({"doc_id": "b", "text_file": "missing.txt", "events": []}), "not found"),
    (json.dumps({"doc_id": "b", "text_file": "a.txt", "events": [{"type": "AID", "source": "USA"}]}), "list of country or org codes"),
    (json.dumps({"doc_id": "b", "text_file": "a.txt", "published": "21/12/2018", "events": []}), "not an ISO date"),
])
def test_bad_document_gold_names_file_and_line(tmp_path, bad_line, problem):
    path = write_doc_gold(tmp_path, [GOOD_LINE, bad_line])
    with pytest.raises(GoldFileError) as caught:
        load_documents(path)
    assert caught.value.code == "E500"
    assert caught.value.source == f"{path}:2"
    assert problem in caught.value.problem


def test_bad_plv_label_names_line(tmp_path):
    path = tmp_path / "plv.tsv"
    path.write_text("sentence\tsource\ttarget\tgold_root\nA hit B.\tA\tB\tASSAULT\nA met B.\tA\tB\tMEET\n")
    with pytest.raises(GoldFileError, match=r"plv\.tsv:3: .*MEET"):
        load_plv(path)


def test_plv_without_label_column_fails(tmp_path):
    path = tmp_path / "plv.tsv"
    path.write_text("sentence\tsource\ttarget\nA hit B.\tA\tB\n")
    with pytest.raises(GoldFileError, match="gold_root"):
        load_plv(path)


def test_bad_gsr_record_names_line(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text('[\n {"id": "x1", "event": "AGREE", "text": "A agreed.", "source": [{"code": "USA"}]},\n'
                    ' {"id": "x2", "event": "HUG", "text": "A hugged B."}\n]\n')
    with pytest.raises(GoldFileError, match=r"gsr\.json:3: .*HUG"):
        load_gsr(path)


def test_unrecognised_file_and_missing_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    with pytest.raises(GoldFileError, match="not a gold file"):
        detect_format(path)
    with pytest.raises(GoldFileError, match="file not found"):
        detect_format(tmp_path / "nope.jsonl")
    with pytest.raises(GoldFileError, match="file not found"):
        load_plv(tmp_path / "nope.tsv")
