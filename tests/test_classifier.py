"""The event-type classifier: the shipped model loads, predicts sensible PLOVER types, and matches
its model card; marking, the YIELD split and the data loaders work on real inputs."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from eventwire.classifier import SHIPPED_MODEL, TypeClassifier, TypePrediction
from eventwire.classifier.data import LABELS, load_gsr, load_own, load_plv
from eventwire.classifier.features import mark, mark_tagged
from eventwire.classifier.model import LENGTH_STEP, ROW_STEP, encode, fixed_shape, predict_proba
from eventwire.classifier.yield_split import load_yield_splitter
from eventwire.errors import KnowledgeError, ModelError

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
MODEL_CARD = SHIPPED_MODEL.parent / "MODEL_CARD.md"


@pytest.fixture(scope="module")
def classifier() -> TypeClassifier:
    return TypeClassifier.load()


def test_shipped_model_predicts_clear_cases(classifier: TypeClassifier) -> None:
    cases = [
        ("Government troops shelled rebel positions near the city on Sunday.", "Government troops", "rebel positions", "ASSAULT"),
        ("The Japanese prime minister met the Indian prime minister in Tokyo for talks on trade.",
         "The Japanese prime minister", "the Indian prime minister", "CONSULT"),
        ("Police arrested dozens of opposition activists in the capital overnight.", "Police", "opposition activists", "COERCE"),
        ("The rebels freed 20 hostages on Saturday.", "The rebels", "20 hostages", "RETREAT"),
    ]
    preds = classifier.predict([c[0] for c in cases], [c[1] for c in cases], [c[2] for c in cases])
    assert [p.event_type for p in preds] == [c[3] for c in cases]
    for p in preds:
        assert isinstance(p, TypePrediction)
        assert 0.0 < p.confidence <= 1.0
        assert len(p.scores) == 3 and p.scores[0] == (p.event_type, p.confidence)
        assert [s for _, s in p.scores] == sorted((s for _, s in p.scores), reverse=True)
        assert {t for t, _ in p.scores} <= PLOVER_TYPES


def test_predict_handles_missing_target_and_unfound_actor(classifier: TypeClassifier) -> None:
    preds = classifier.predict(
        ["Thousands marched through the capital to protest against fuel prices.", "Troops were sent to the border."],
        ["Thousands", "the army"],  # the second source does not occur in its sentence
        ["", ""],
    )
    assert len(preds) == 2 and all(p.event_type in PLOVER_TYPES for p in preds)
    assert preds[0].event_type == "PROTEST"


def test_inference_batches_take_few_shapes_and_padding_changes_nothing(classifier: TypeClassifier) -> None:
    sentences = [
        "Police arrested dozens of opposition activists in the capital overnight.",
        "The rebels freed 20 hostages on Saturday after weeks of talks mediated by the church.",
        "Seoul and Washington agreed to hold a ceremony for the railway project.",
    ]
    texts = [mark(s, s.split()[0], "") for s in sentences]
    batch = fixed_shape(encode(classifier.tokenizer, texts))
    assert batch.ids.shape[0] == ROW_STEP and batch.ids.shape[1] % LENGTH_STEP == 0
    assert batch.mask.shape == batch.ids.shape and batch.source_at.shape == (ROW_STEP,)
    together = predict_proba(classifier.net, classifier.tokenizer, texts)
    alone = np.vstack([predict_proba(classifier.net, classifier.tokenizer, [t]) for t in texts])
    assert together.shape == (3, len(LABELS)) and not np.isnan(together).any()
    assert (together.argmax(1) == alone.argmax(1)).all()
    assert np.allclose(together, alone, atol=0.03)  # bfloat16 rounding differs between shapes


def test_predict_rejects_mismatched_lengths(classifier: TypeClassifier) -> None:
    with pytest.raises(ModelError):
        classifier.predict(["a sentence"], ["a", "b"], [""])


def test_model_card_matches_shipped_model() -> None:
    card = MODEL_CARD.read_text(encoding="utf-8")
    recorded = dict(re.findall(r"sha256 of ([\w.]+): `([0-9a-f]{64})`", card))
    shipped = {p.name for p in SHIPPED_MODEL.iterdir() if p.is_file()}
    assert set(recorded) == shipped
    for name, digest in recorded.items():
        assert hashlib.sha256((SHIPPED_MODEL / name).read_bytes()).hexdigest() == digest, name
    labels = re.search(r"Label set \(model output order\): `([A-Z, ]+)`", card)
    assert labels and tuple(labels.group(1).split(", ")) == TypeClassifier.load().labels == LABELS


def test_load_missing_or_corrupt_model_raises(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        TypeClassifier.load(tmp_path / "nowhere")
    broken = tmp_path / "broken"
    shutil.copytree(SHIPPED_MODEL, broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelError, match="cannot load"):
        TypeClassifier.load(broken)


def test_mark_wraps_every_occurrence_and_records_first_positions() -> None:
    m = mark("Seoul said Seoul would talk to Tokyo.", "Seoul", "Tokyo")
    assert m.text == "<< Seoul >> said << Seoul >> would talk to [[ Tokyo ]]."
    assert m.text[m.source_at :].startswith("<< Seoul") and m.text[m.target_at :].startswith("[[ Tokyo")
    assert mark("Nobody here.", "Seoul", "").source_at is None
    tagged = mark_tagged("<s>Seoul</s> said <s>Seoul</s> would talk to <t>Tokyo</t>.")
    assert tagged == m


def test_yield_split_rules(tmp_path: Path) -> None:
    splitter = load_yield_splitter()
    assert splitter.split("The rebels freed 20 hostages on Saturday.") == "RETREAT"
    assert splitter.split("Israel pulled its troops out of the town.") == "RETREAT"
    assert splitter.split("The army said it will withdraw from the villages next month.") == "CONCEDE"
    bad = tmp_path / "cues.tsv"
    bad.write_text("type\tpattern\twhy\nASSAULT\tfoo\tno\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="CONCEDE or RETREAT"):
        load_yield_splitter(bad)


def test_own_examples_are_well_formed() -> None:
    own = load_own()
    assert {e.label for e in own} <= set(LABELS)
    assert all(e.marked.source_at is not None for e in own)


def test_training_data_loads(shared_data: Path) -> None:
    plv, gsr = load_plv(shared_data), load_gsr(shared_data)
    assert {e.label for e in plv} == set(LABELS)
    assert len(plv) > 1000 and len(gsr) > 300
    assert {e.plover for e in gsr if e.label == "YIELD"} == {"CONCEDE", "RETREAT"}

