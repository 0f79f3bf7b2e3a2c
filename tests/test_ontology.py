"""The CAMEO table: complete, consistent with the shared sources, and strict about unknown codes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eventwire.errors import KnowledgeError
from eventwire.ontology import CAMEO_TABLE, Ontology, default_ontology
from eventwire.records import EVENT_TYPES

REPO = Path(__file__).resolve().parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location("build_cameo_table", REPO / "scripts" / "build_cameo_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_packaged_table_is_the_generated_one(shared_data):
    rows = _builder().build(shared_data)
    packaged = [line.split("\t") for line in CAMEO_TABLE.read_text().splitlines()[3:]]
    assert packaged == rows


def test_every_cameo_code_is_present_with_a_known_type(shared_data):
    ontology = default_ontology()
    codes = [line.split(":")[0] for line in (shared_data / "cameo/cameo_codes.txt").read_text().splitlines() if line.strip()]
    assert codes and all(code in ontology for code in codes)
    for code in ("186", "190", "195", "2042"):  # beyond the end of cameo_codes.txt
        assert code in ontology
    allowed = set(EVENT_TYPES) | {"STATEMENT", "APPEAL"}
    assert {entry.plover for entry in ontology.codes.values()} <= allowed


def test_plover_mapping_follows_the_conversion_table():
    ontology = default_ontology()
    assert ontology.get("013").plover == "STATEMENT" and not ontology.get("013").scored
    assert ontology.get("0233").plover == "APPEAL"
    assert ontology.get("0233").context == "humanitarian"  # from its intent twin 0333
    assert ontology.get("0333").plover == "AGREE" and ontology.get("0333").context == "humanitarian"
    assert ontology.get("042").mode == "visit"
    assert ontology.get("046").plover == "CONSULT"
    assert ontology.get("1054").plover == "REQUEST"
    assert ontology.get("163").plover == "COERCE"  # listed under 16, typed COERCE
    assert ontology.get("191").plover == "COERCE" and ontology.get("175").plover == "ASSAULT"
    assert ontology.get("080").plover == "CONCEDE" and ontology.get("0871").plover == "RETREAT"
    assert ontology.get("155").plover == "MOBILIZE"  # missing from the table: parent's type


def test_goldstein_and_quad_class(shared_data):
    ontology = default_ontology()
    table = {}
    for line in (shared_data / "cameo/goldstein.tsv").read_text().splitlines()[1:]:
        code, score = line.split("\t")
        table[code] = float(score)
    for code, entry in ontology.codes.items():
        expected = table.get(code, table.get(code[:3] if len(code) == 4 else code[:2]))
        assert entry.goldstein == expected, code
        root = int(code[:2])
        assert entry.quad_class == (1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4)
    assert ontology.get("155").goldstein == ontology.get("15").goldstein


def test_default_codes_cover_every_type():
    ontology = default_ontology()
    assert ontology.default_code("CONSULT") == "040"
    assert ontology.default_code("AID") == "070"
    for plover in (*EVENT_TYPES, "STATEMENT", "APPEAL"):
        assert ontology.get(ontology.default_code(plover)).plover == plover


def test_unknown_code_and_type_are_knowledge_errors():
    ontology = default_ontology()
    with pytest.raises(KnowledgeError, match="'999'"):
        ontology.get("999")
    with pytest.raises(KnowledgeError, match="FIGHT"):
        ontology.default_code("FIGHT")


def test_bad_table_names_the_line(tmp_path):
    header = "code\tname\tplover\tmode\tcontext\tgoldstein\tquad_class\tdefault\n"
    path = tmp_path / "cameo.tsv"
    path.write_text(header + "040\tConsult\tCONSULT\t\t\tone\t1\t\n")
    with pytest.raises(KnowledgeError, match="cameo.tsv:2"):
        Ontology.load(path)
    path.write_text("code\tname\n")
    with pytest.raises(KnowledgeError, match="header"):
        Ontology.load(path)
    with pytest.raises(KnowledgeError, match="cannot read"):
        Ontology.load(tmp_path / "missing.tsv")
