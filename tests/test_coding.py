"""Event coding on single sentences with the real model, knowledge and lexicon."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.pipeline import default_coder

PUBLISHED = dt.date(2024, 3, 8)  # a Friday


def code(sentence: str, published: dt.date = PUBLISHED):
    return [e for e in default_coder().code(sentence, published=published) if e.event_type not in ("STATEMENT", "APPEAL")]


def codes(actors) -> set[str]:
    return {a.code for a in actors}


def test_verbal_event_with_source_target_and_past_weekday():
    [event] = code("Russian forces shelled the Ukrainian city of Kharkiv on Tuesday.")
    assert event.event_type == "ASSAULT"
    assert codes(event.source) == {"RUS"}
    assert event.date == "2024-03-05" and event.date_precision == "day"
    assert event.modality == "asserted"
    assert event.quad_class == 4 and event.goldstein < 0


def test_joint_talks_are_reciprocal():
    [event] = code("China and Japan held talks on maritime security in Beijing on Thursday.")
    assert event.event_type == "CONSULT"
    assert event.reciprocal and codes(event.source) == {"CHN", "JPN"} and event.target == ()
    assert event.location.name == "Beijing" and event.location.country == "CHN"
    assert not event.location.from_dateline


def test_planned_action_is_an_intent_with_planned_date():
    events = code("The European Union will send humanitarian aid to Gaza next month.")
    aid = next(e for e in events if e.cameo.startswith("03"))
    assert aid.event_type == "AGREE" and aid.modality == "intended"
    assert codes(aid.source) == {"EU"} and codes(aid.target) == {"PSE"}
    assert aid.date == "2024-03-08" and aid.planned_date == "2024-04"


def test_negated_event():
    [event] = code("Iran did not attack the tanker, the government said.")
    assert event.modality == "negated"


def test_demand_of_a_yielding_action_is_a_request():
    events = code("Venezuela demanded that the United States lift economic sanctions.")
    request = next(e for e in events if e.event_type == "REQUEST")
    assert codes(request.source) == {"VEN"} and codes(request.target) == {"USA"}


def test_visit_targets_the_host_country():
    [visit] = code("Indian Prime Minister Narendra Modi arrived in Moscow on Monday for a two-day visit.")
    assert visit.event_type == "CONSULT"
    assert codes(visit.source) == {"IND"} and codes(visit.target) == {"RUS"}


def test_evidence_offsets_point_into_the_text():
    text = "Police arrested dozens of protesters in Tbilisi on Saturday."
    coded = default_coder().code_page(__import__("eventwire.read", fromlist=["x"]).page_from_text(text),
                                      published=PUBLISHED)
    for event in coded.events:
        for mention in event.mentions:
            assert coded.article.text[mention.start:mention.end] == mention.text


def test_event_without_any_actor_is_not_reported():
    assert code("Talks were held.") == []


@pytest.mark.parametrize("sentence", ["", "   "])
def test_blank_text_is_an_input_error(sentence):
    from eventwire.errors import EmptyInput

    with pytest.raises(EmptyInput):
        default_coder().code(sentence, published=PUBLISHED)


@pytest.mark.parametrize("follow_up, place, country, planned", [
    ("It will be held at Panmun Station in the North's border town of Kaesong on Wednesday.", "Panmun Station", "PRK", "2024-03-13"),
    ("The talks will take place in Vienna on March 20.", "Vienna", "AUT", "2024-03-20"),
])
def test_next_sentence_says_where_and_when_a_planned_event_happens(follow_up, place, country, planned):
    [event] = code(f"The foreign ministers of Iran and Iraq agreed to hold talks next month. {follow_up}")
    assert event.event_type == "AGREE" and event.modality == "intended"
    assert event.location.name == place and event.location.country == country
    assert event.planned_date == planned and event.date == PUBLISHED.isoformat()
    assert "held" not in event.mentions[0].text and "place" not in event.mentions[0].text


@pytest.mark.parametrize("second", [
    "It is the first such meeting in years.",       # not a verb of taking place
    "Iran will hold elections in Tehran in June.",  # another subject: not about the talks
    "It held a vote in Geneva last year.",          # active "hold": "it" is an actor here
])
def test_unrelated_next_sentence_gives_no_place(second):
    events = [e for e in code(f"The foreign ministers of Iran and Iraq agreed to hold talks next month. {second}")
              if "talks" in e.mentions[0].text]
    assert len(events) == 1 and events[0].location is None


@pytest.mark.parametrize("sentence, event_type, source, target", [
    ("Israeli President Moshe Katsav has refused to meet Jordan's visiting King Abdullah II in Tel Aviv.", "REJECT", "ISR", "JOR"),
    ("The Palestinian prime minister refused to respond to a demand from the US President.", "REJECT", "PSE", "USA"),
    ("Iran threatened to attack Israel.", "THREATEN", "IRN", "ISR"),
])
def test_target_of_the_action_a_trigger_governs(sentence, event_type, source, target):
    [event] = code(sentence)
    assert event.event_type == event_type
    assert codes(event.source) == {source} and codes(event.target) == {target}


def test_governed_action_without_an_actor_adds_no_target():
    assert code("Rebels in Colombia refused to lay down their arms.")[0].target == ()
