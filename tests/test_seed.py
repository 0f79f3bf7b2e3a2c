"""The flagship golden test: the raw Yonhap page, coded end to end, scored with the project's
scorer against the shared gold file (not against a stored copy of our own output)."""

from __future__ import annotations

import pytest

from eventwire.evaluate.runs import evaluate_file
from eventwire.pipeline import default_coder
from eventwire.read import load_page

BOILERPLATE = ("Go to Contents", "Send Feedback", "How can we improve?", "Thanks for your feedback!",
               "This combined image shows")


@pytest.fixture(scope="module")
def seed_evaluation(shared_data):
    return evaluate_file(shared_data / "seed" / "gold.jsonl", "doc", coder=default_coder())


@pytest.fixture(scope="module")
def seed_coded(shared_data):
    return default_coder().code_page(load_page(str(shared_data / "seed" / "yonhap-2018-12-21-working-group.txt")))


def test_all_eight_gold_events_matched(seed_evaluation):
    score = seed_evaluation.all_events
    assert score.gold == 8
    assert score.matched == 8


def test_at_most_one_extra_plover_event(seed_evaluation):
    score = seed_evaluation.all_events
    assert score.predicted - score.ignored - score.matched <= 1


def test_dates_and_modality_of_matched_events(seed_evaluation):
    score = seed_evaluation.all_events
    assert score.date_accuracy.value == 1.0
    assert score.modality_accuracy.value == 1.0


def test_cleaned_text_has_no_boilerplate(seed_coded):
    text = seed_coded.article.text
    for line in BOILERPLATE:
        assert line not in text
    assert text.startswith("S. Korea, U.S. hold second 'working group' meeting")
    assert seed_coded.article.published.isoformat() == "2018-12-21"
    assert seed_coded.article.dateline == "Seoul"


def test_meeting_is_one_event_with_its_mentions(seed_coded):
    meetings = [e for e in seed_coded.events if e.event_type == "CONSULT" and e.date == "2018-12-21"]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert meeting.reciprocal and {a.country for a in meeting.source} == {"KOR", "USA"}
    assert len(meeting.mentions) >= 3
    text = seed_coded.article.text
    for mention in meeting.mentions:
        assert text[mention.start:mention.end] == mention.text
        assert mention.trigger.split()[0] in mention.text


def test_biegun_visit_is_resolved_despite_misspelling(seed_coded):
    visit = next(e for e in seed_coded.events if e.cameo == "042")
    assert visit.source[0].name == "Stephen Biegun"
    assert (visit.source[0].country, visit.source[0].sector) == ("USA", "GOV")
    assert visit.date == "2018-12-19"
    assert [a.country for a in visit.target] == ["KOR"]
