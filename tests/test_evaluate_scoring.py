"""Scoring rules of EVENTS.md 4-5 on hand-made cases whose right score is worked out by hand."""

from __future__ import annotations

import pytest

from eventwire.evaluate.gold import GoldEvent, GsrItem, PlvItem
from eventwire.evaluate.results import evaluate_gsr, evaluate_plv
from eventwire.evaluate.scoring import (
    NONE, QUADS, PredictedEvent, actors_match, align_document, codes_meet, evidence_overlap, primary_type,
    score_documents, score_gsr, score_labels,
)
from eventwire.records import EVENT_TYPES, Actor, Event, Location, Mention


def gold(type_, source=(), target=(), **kw) -> GoldEvent:
    kw.setdefault("alt_sources", ())
    kw["alt_sources"] = tuple(frozenset(s) for s in kw["alt_sources"])
    kw["alt_targets"] = tuple(frozenset(t) for t in kw.get("alt_targets", ()))
    return GoldEvent(type=type_, source=frozenset(source), target=frozenset(target), **kw)


def pred(type_, source=(), target=(), **kw) -> PredictedEvent:
    return PredictedEvent(type=type_, source=frozenset(source), target=frozenset(target), **kw)


def doc_score(preds, golds, main_only=False):
    score, alignments = score_documents([preds], [golds], main_only=main_only)
    return score, alignments[0]


def test_exact_match_scores_one():
    score, _ = doc_score([pred("CONSULT", ["USA"], ["KOR"])], [gold("CONSULT", ["USA"], ["KOR"])])
    assert (score.matched, score.predicted, score.gold) == (1, 1, 1)
    assert score.labels.micro.f1 == 1.0


def test_alt_types_accept_and_other_types_do_not():
    g = gold("AGREE", ["USA"], ["PRK"], alt_types=("AID",))
    assert doc_score([pred("AID", ["USA"], ["PRK"])], [g])[0].matched == 1
    score, alignment = doc_score([pred("COOPERATE", ["USA"], ["PRK"])], [g])
    assert score.matched == 0
    assert alignment.wrong_type == ((0, 0),)  # right actors, wrong type: a confusion, not a match
    confusion = score.labels.confusion
    assert confusion.rows[confusion.labels.index("AGREE")][confusion.labels.index("COOPERATE")] == 1


def test_reciprocal_gold_matches_only_on_the_set_of_all_actors():
    g = gold("CONSULT", ["KOR", "USA"], [], reciprocal=True)
    assert actors_match(pred("CONSULT", ["KOR", "USA"], reciprocal=True), g)
    assert actors_match(pred("CONSULT", ["USA"], ["KOR"]), g)  # "A met B" for a joint meeting
    assert not actors_match(pred("CONSULT", ["USA"], []), g)
    assert not actors_match(pred("CONSULT", ["USA"], ["KOR", "JPN"]), g)


def test_reciprocal_prediction_matches_directed_gold_but_direction_still_counts_otherwise():
    g = gold("CONSULT", ["USA"], ["KOR"])
    assert actors_match(pred("CONSULT", ["KOR", "USA"], reciprocal=True), g)
    assert not actors_match(pred("CONSULT", ["KOR"], ["USA"]), g)  # reversed, neither side reciprocal
    assert not actors_match(pred("CONSULT", ["KOR", "USA", "JPN"], reciprocal=True), g)


def test_duplicate_of_a_matched_event_is_a_false_positive():
    g = gold("CONSULT", ["KOR", "USA"], [], reciprocal=True)
    score, alignment = doc_score(
        [pred("CONSULT", ["KOR", "USA"], reciprocal=True, confidence=0.9),
         pred("CONSULT", ["KOR", "USA"], reciprocal=True, confidence=0.6)], [g])
    assert alignment.matched == ((0, 0),)
    assert alignment.false_alarms == (1,)
    assert score.labels.micro.precision == pytest.approx(0.5)
    assert score.labels.micro.recall == 1.0


def test_right_type_wrong_actors_is_paired_for_reading_but_counts_as_miss_and_false_alarm():
    score, alignment = doc_score([pred("REQUEST", ["PRK"], ["USA"])], [gold("REQUEST", ["PRK"], [])])
    assert alignment.wrong_actors == ((0, 0),) and alignment.wrong_type == ()
    assert (score.matched, score.predicted, score.gold) == (0, 1, 1)
    confusion = score.labels.confusion
    assert confusion.rows[confusion.labels.index("REQUEST")][confusion.labels.index("REQUEST")] == 0


def test_empty_gold_target_needs_empty_predicted_target():
    g = gold("REQUEST", ["PRK"], [])
    assert actors_match(pred("REQUEST", ["PRK"], []), g)
    assert not actors_match(pred("REQUEST", ["PRK"], ["USA"]), g)


def test_alt_target_empty_list_accepts_an_empty_target():
    g = gold("REQUEST", ["PRK"], ["USA"], alt_targets=[[]])
    assert actors_match(pred("REQUEST", ["PRK"], []), g)
    assert actors_match(pred("REQUEST", ["PRK"], ["USA"]), g)
    assert not actors_match(pred("REQUEST", ["PRK"], ["CHN"]), g)


def test_alt_source_is_accepted():
    g = gold("ACCUSE", ["USA"], ["CHN"], alt_sources=[["USA", "JPN"]])
    assert actors_match(pred("ACCUSE", ["USA", "JPN"], ["CHN"]), g)
    assert not actors_match(pred("ACCUSE", ["JPN"], ["CHN"]), g)


def test_main_events_variant_excuses_background_matches():
    golds = [gold("CONSULT", ["KOR", "USA"], [], reciprocal=True),
             gold("COOPERATE", ["KOR", "USA"], [], reciprocal=True, background=True)]
    preds = [pred("CONSULT", ["KOR", "USA"], reciprocal=True),
             pred("COOPERATE", ["KOR", "USA"], reciprocal=True),
             pred("ASSAULT", ["PRK"], ["KOR"])]
    everything, _ = doc_score(preds, golds)
    assert (everything.matched, everything.predicted, everything.gold) == (2, 3, 2)
    assert everything.labels.micro.precision == pytest.approx(2 / 3)
    main, alignment = doc_score(preds, golds, main_only=True)
    assert alignment.excused == (1,)
    assert (main.matched, main.predicted, main.gold, main.excused) == (1, 2, 1, 1)
    assert main.labels.micro.precision == pytest.approx(0.5)
    assert main.labels.micro.recall == 1.0


def test_missing_background_event_is_no_miss_in_main_variant():
    golds = [gold("CONSULT", ["KOR"], ["USA"]), gold("AID", ["USA"], ["PRK"], background=True)]
    preds = [pred("CONSULT", ["KOR"], ["USA"])]
    assert doc_score(preds, golds)[0].labels.micro.recall == pytest.approx(0.5)
    assert doc_score(preds, golds, main_only=True)[0].labels.micro.recall == 1.0


def test_statement_and_appeal_predictions_are_ignored():
    preds = [pred("STATEMENT", ["USA"], []), pred("APPEAL", ["KOR"], ["PRK"]), pred("CONSULT", ["USA"], ["KOR"])]
    score, alignment = doc_score(preds, [gold("CONSULT", ["USA"], ["KOR"])])
    assert alignment.ignored == (0, 1)
    assert (score.predicted, score.ignored) == (1, 2)
    assert score.labels.micro.precision == 1.0


def test_greedy_prefers_exact_type_and_surest_prediction():
    golds = [gold("AGREE", ["USA"], ["PRK"], alt_types=("AID",)), gold("AID", ["USA"], ["PRK"])]
    alignment = align_document([pred("AID", ["USA"], ["PRK"])], golds)
    assert alignment.matched == ((0, 1),)  # the exact-type gold, leaving AGREE for another record


def test_generic_gold_code_matches_any_one_org():
    g = gold("AGREE", ["*IGO"], ["JPN"])
    assert actors_match(pred("AGREE", ["APEC"], ["JPN"], orgs=frozenset({"APEC"})), g)
    assert not actors_match(pred("AGREE", ["FRA"], ["JPN"]), g)  # a country is not an org
    assert not actors_match(pred("AGREE", [], ["JPN"]), g)
    assert codes_meet(frozenset({"UN", "USA"}), frozenset({"UN"}), frozenset({"*IGO", "USA"}))


def test_attribute_accuracy_over_matched_pairs():
    golds = [gold("CONSULT", ["USA"], ["KOR"], date="2018-12-19", location_country="KOR"),
             gold("AGREE", ["KOR"], ["PRK"], modality="intended", date="2018-12-21"),
             gold("COOPERATE", ["KOR", "USA"], [], reciprocal=True, date="2018-11")]
    preds = [pred("CONSULT", ["USA"], ["KOR"], date="2018-12-21", location_country="KOR"),
             pred("AGREE", ["KOR"], ["PRK"], modality="intended", date="2018-12-21"),
             pred("COOPERATE", ["KOR", "USA"], reciprocal=True, date="2018-11-01", modality="intended")]
    score, _ = doc_score(preds, golds)
    # dates: only asserted events with a day-precision gold date (the first) -> wrong day
    assert (score.date_accuracy.correct, score.date_accuracy.total) == (0, 1)
    assert (score.location_accuracy.correct, score.location_accuracy.total) == (1, 1)
    assert (score.modality_accuracy.correct, score.modality_accuracy.total) == (2, 3)


def test_micro_pools_documents():
    golds = [[gold("CONSULT", ["USA"], ["KOR"])], [gold("ASSAULT", ["RUS"], ["UKR"]), gold("PROTEST", ["UKR"], ["RUS"])]]
    preds = [[pred("CONSULT", ["USA"], ["KOR"]), pred("AID", ["USA"], ["KOR"])], [pred("ASSAULT", ["RUS"], ["UKR"])]]
    score, _ = score_documents(preds, golds)
    assert score.labels.micro.precision == pytest.approx(2 / 3)
    assert score.labels.micro.recall == pytest.approx(2 / 3)
    per_type = {row.label: row for row in score.labels.per_type}
    assert per_type["PROTEST"].recall == 0.0 and per_type["AID"].precision == 0.0
    assert per_type["CONSULT"].f1 == 1.0


def test_label_scores_by_hand():
    gold_labels = ["ACCUSE", "ACCUSE", "REJECT", "YIELD"]
    predicted = ["ACCUSE", "REJECT", "REJECT", "YIELD"]
    scores = score_labels(gold_labels, predicted)
    assert scores.accuracy.value == pytest.approx(0.75)
    rows = {row.label: row for row in scores.per_type}
    assert (rows["ACCUSE"].precision, rows["ACCUSE"].recall) == (1.0, 0.5)
    assert (rows["REJECT"].precision, rows["REJECT"].recall) == (0.5, 1.0)
    assert scores.macro.f1 == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert scores.weighted.f1 == pytest.approx((2 * 2 / 3 + 2 / 3 + 1) / 4)
    assert scores.micro.f1 == pytest.approx(0.75)  # single-label: micro F1 is accuracy
    assert scores.quad_accuracy.value == 1.0  # ACCUSE and REJECT are both verbal conflict
    assert scores.confusion.rows[scores.confusion.labels.index("ACCUSE")][scores.confusion.labels.index("REJECT")] == 1


def test_quad_uses_gold_quad_column_when_given():
    scores = score_labels(["AID", "SUPPORT"], ["AID", "SUPPORT"], [1, 1])
    assert scores.accuracy.value == 1.0
    assert scores.quad_accuracy.value == 0.5  # the data set says this AID sentence is verbal cooperation


def test_quad_mapping_follows_cameo_roots():
    assert set(QUADS) >= set(EVENT_TYPES)
    assert QUADS["CONCEDE"] == QUADS["RETREAT"] == QUADS["YIELD"] == 2  # both halves of CAMEO 08
    assert {t for t, q in QUADS.items() if q == 1} == {"AGREE", "CONSULT", "SUPPORT"}
    assert {t for t, q in QUADS.items() if q == 3} == {"ACCUSE", "REQUEST", "REJECT", "THREATEN"}


def test_gsr_primary_type_and_full_accuracy():
    golds = [gold("ACCUSE", ["USA"], ["CHN"]), gold("ASSAULT", ["RUS"], ["UKR"]), gold("AID", ["USA"], ["UKR"])]
    preds = [
        [pred("STATEMENT", ["USA"], []), pred("ACCUSE", ["USA"], ["RUS"], confidence=0.4)],  # type right, target wrong
        [pred("ASSAULT", ["RUS"], ["UKR"]), pred("THREATEN", ["RUS"], ["UKR"])],  # full match plus an extra
        [],  # nothing found
    ]
    score, _ = score_gsr(preds, golds)
    assert (score.type_accuracy.correct, score.full_accuracy.correct, score.records) == (2, 1, 3)
    assert score.events.labels.micro.precision == pytest.approx(1 / 3)
    assert primary_type(preds[2], "AID") == NONE
    assert {row.type: (row.type_correct, row.full_correct) for row in score.per_type}["ACCUSE"] == (1, 0)


def test_predicted_event_from_event_record():
    event = Event(
        event_id="e1", doc_id="d1", event_type="CONSULT", cameo="046", reciprocal=True,
        source=(Actor(text="South Korea", name="South Korea", country="KOR"),
                Actor(text="the UN", name="United Nations", org="UN"),
                Actor(text="officials", name="officials")),
        date="2018-12-21", location=Location(name="Seoul", country="KOR"),
        mentions=(Mention(sentence=0, start=0, end=12, text="held talks", trigger="talks"),),
    )
    p = PredictedEvent.from_event(event)
    assert p.source == {"KOR", "UN"} and p.orgs == {"UN"} and p.target == frozenset()
    assert (p.location_country, p.evidence, p.reciprocal) == ("KOR", "held talks", True)


def test_error_records_explain_each_miss_and_false_alarm():
    item = GsrItem("r1", "Poland demanded that Moscow admit the killings.", None,
                   gold("REQUEST", ["POL"], ["RUS"], where="gsr:3 r1"), "", "gsr:3")
    evaluation = evaluate_gsr("gsr", [item], [[pred("REQUEST", ["POL"], []), pred("ACCUSE", ["RUS"], ["POL"])]])
    kinds = sorted(record.kind for record in evaluation.errors)
    assert kinds == ["false_alarm", "wrong_actors"]
    assert all(record.text == item.text for record in evaluation.errors)
    paired = next(r for r in evaluation.errors if r.kind == "wrong_actors")
    assert "POL -> RUS" in paired.gold and "POL -> -" in paired.predicted


def test_plv_evaluation_folds_concede_and_retreat_into_yield():
    items = [PlvItem("A freed B.", "<s>A</s> freed <t>B</t>.", "A", "B", "YIELD", 2, "plv:2"),
             PlvItem("A hit B.", "<s>A</s> hit <t>B</t>.", "A", "B", "ASSAULT", 4, "plv:3")]
    evaluation = evaluate_plv("plv", items, ["RETREAT", "COERCE"], [0.9, 0.6])
    assert evaluation.scores.accuracy.value == 0.5 and evaluation.scores.quad_accuracy.value == 1.0
    (error,) = evaluation.errors
    assert (error.kind, error.where, error.gold, error.predicted) == ("wrong_type", "plv:3", "ASSAULT", "COERCE (0.60)")


def test_averages_agree_with_scikit_learn():
    from sklearn.metrics import f1_score, precision_score, recall_score

    gold_labels = ["AGREE", "ACCUSE", "ASSAULT", "AGREE", "ACCUSE", "ASSAULT", "AGREE", "REJECT"] * 3
    predicted = ["AGREE", "REJECT", "ASSAULT", "ACCUSE", "ACCUSE", "STATEMENT", "AGREE", "REJECT"] * 3
    scores = score_labels(gold_labels, predicted)
    assert scores.macro.f1 == pytest.approx(f1_score(gold_labels, predicted, average="macro", zero_division=0))
    assert scores.macro.precision == pytest.approx(precision_score(gold_labels, predicted, average="macro", zero_division=0))
    assert scores.weighted.f1 == pytest.approx(f1_score(gold_labels, predicted, average="weighted", zero_division=0))
    assert scores.weighted.recall == pytest.approx(recall_score(gold_labels, predicted, average="weighted", zero_division=0))


def test_greedy_matching_prefers_the_gold_event_of_the_same_date():
    # A joint channel launched in November and a visit in December share their actor set; the
    # surer November prediction must take the November gold, leaving the visit to its own match.
    golds = [gold("CONSULT", ["USA"], ["KOR"], date="2018-12-19"),
             gold("COOPERATE", ["KOR", "USA"], [], reciprocal=True, alt_types=("CONSULT",), date="2018-11")]
    preds = [pred("CONSULT", ["KOR", "USA"], reciprocal=True, date="2018-11", confidence=0.9),
             pred("CONSULT", ["USA"], ["KOR"], date="2018-12-19", confidence=0.6)]
    score, alignment = doc_score(preds, golds)
    assert score.matched == 2
    assert sorted(alignment.matched) == [(0, 1), (1, 0)]
    assert score.date_accuracy.value == 1.0


def test_greedy_matching_prefers_the_gold_event_its_evidence_shares():
    # Two plans of the same day whose actor sets both fit either gold event (one reciprocal):
    # the evidence decides, so attribute accuracy compares the right pairs.
    golds = [gold("AGREE", ["KOR"], ["PRK"], date="2018-12-21", location_country=None,
                  evidence="pushing for the shipment of humanitarian aid"),
             gold("AGREE", ["KOR", "PRK"], [], reciprocal=True, date="2018-12-21", location_country="PRK",
                  evidence="plan to hold a groundbreaking ceremony next week")]
    preds = [pred("AGREE", ["KOR", "PRK"], reciprocal=True, date="2018-12-21", location_country="PRK",
                  evidence="hold a groundbreaking ceremony", confidence=0.9),
             pred("AGREE", ["KOR"], ["PRK"], date="2018-12-21", location_country="KOR",
                  evidence="pushing for the shipment of US$8 million worth of humanitarian aid", confidence=0.6)]
    score, alignment = doc_score(preds, golds)
    assert sorted(alignment.matched) == [(0, 1), (1, 0)]
    assert score.location_accuracy.value == 1.0
    assert evidence_overlap("hold a ceremony", "") == 0.0
