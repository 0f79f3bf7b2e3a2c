"""Event dates resolved against the publication date, with real spaCy parses (the `nlp`
fixture in conftest loads the model once per session)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from eventwire.dates import ResolvedDate, event_date, resolve_date, tense_of

FRI = dt.date(2018, 12, 21)  # the seed article: Friday 2018-12-21
MON = dt.date(2018, 12, 17)
FEB = dt.date(2019, 2, 14)  # a Thursday
JAN2 = dt.date(2019, 1, 2)  # a Wednesday
WED = dt.date(2019, 3, 6)


def trigger(doc, word: str, nth: int = 0):
    matches = [t for t in doc if t.text == word]
    assert len(matches) > nth, f"{word!r} not in {doc.text!r}"
    return matches[nth]


def value(resolved: ResolvedDate | None) -> tuple[str, str] | None:
    return (resolved.value, resolved.precision) if resolved else None


# --- resolve_date: one expression, a publication date, a tense -------------------------------

@pytest.mark.parametrize(
    ("expression", "published", "tense", "expected"),
    [
        # weekdays by tense; the report's own weekday is that day whatever the tense
        ("Friday", FRI, "past", ("2018-12-21", "day")),
        ("Friday", FRI, "future", ("2018-12-21", "day")),
        ("Wednesday", FRI, "past", ("2018-12-19", "day")),
        ("Wednesday", FRI, "future", ("2018-12-26", "day")),
        ("Wednesday", FRI, "present", ("2018-12-19", "day")),  # present: the nearest
        ("Monday", FRI, "present", ("2018-12-24", "day")),
        ("Tuesday night", FRI, "past", ("2018-12-18", "day")),
        ("last Wednesday", FRI, "future", ("2018-12-19", "day")),
        ("next Wednesday", FRI, "past", ("2018-12-26", "day")),
        ("Wednesday next week", MON, "future", ("2018-12-26", "day")),
        ("last week on Thursday", FRI, "past", ("2018-12-13", "day")),
        # day words
        ("today", FRI, "past", ("2018-12-21", "day")),
        ("this morning", FRI, "past", ("2018-12-21", "day")),
        ("yesterday", FRI, "past", ("2018-12-20", "day")),
        ("last night", FRI, "past", ("2018-12-20", "day")),
        ("tomorrow", FRI, "future", ("2018-12-22", "day")),
        ("the day before yesterday", FRI, "past", ("2018-12-19", "day")),
        ("two days ago", FRI, "past", ("2018-12-19", "day")),
        ("a year ago", FRI, "past", ("2017", "year")),
        # weeks: month precision when the week lies in one month
        ("this week", FRI, "past", ("2018-12", "month")),
        ("next week", FRI, "future", ("2018-12", "month")),
        ("next week", dt.date(2018, 12, 28), "future", ("2019-01", "month")),  # Dec 31 - Jan 6: its Thursday's month
        ("last week", JAN2, "past", ("2018-12", "month")),
        ("next week", dt.date(2019, 1, 23), "future", ("2019", "year")),  # Jan 28 - Feb 3
        ("earlier this week", FRI, "past", ("2018-12", "month")),
        ("the past week", FRI, "past", ("2018-12", "month")),
        # months and years
        ("in November", FRI, "past", ("2018-11", "month")),
        ("in March", FRI, "future", ("2019-03", "month")),
        ("in March", FRI, "past", ("2018-03", "month")),
        ("December", FRI, "future", ("2018-12", "month")),
        ("mid-November", FRI, "past", ("2018-11", "month")),
        ("last December", FRI, "past", ("2017-12", "month")),
        ("next March", FRI, "past", ("2019-03", "month")),
        ("earlier this month", FRI, "past", ("2018-12", "month")),
        ("later this month", FRI, "future", ("2018-12", "month")),
        ("next month", FRI, "future", ("2019-01", "month")),
        ("early next month", WED, "future", ("2019-04", "month")),
        ("the end of the year", FRI, "future", ("2018-12", "month")),
        ("early next year", FRI, "future", ("2019", "year")),
        ("late last year", FRI, "past", ("2017", "year")),
        ("last year", FRI, "past", ("2017", "year")),
        ("earlier this year", FRI, "past", ("2018", "year")),
        ("in 2019", FRI, "future", ("2019", "year")),
        ("mid-2016", FRI, "past", ("2016", "year")),
        ("November 2018", FRI, "past", ("2018-11", "month")),
        # month and day: the year comes from the tense
        ("on Dec. 19", FRI, "past", ("2018-12-19", "day")),
        ("19 December", FRI, "past", ("2018-12-19", "day")),
        ("Monday, Dec. 17", FRI, "past", ("2018-12-17", "day")),
        ("on March 3", FEB, "past", ("2018-03-03", "day")),  # later than publication: last year's
        ("on March 3", FEB, "future", ("2019-03-03", "day")),
        ("Sept. 11", FRI, "past", ("2018-09-11", "day")),
        ("Feb. 27-28", FEB, "future", ("2019-02", "month")),  # a span of days in one month
        # written in full: tense does not matter
        ("December 19, 2018", FRI, "future", ("2018-12-19", "day")),
        ("the 19th of December 2018", FRI, "future", ("2018-12-19", "day")),
        ("12/19/2018", FRI, "future", ("2018-12-19", "day")),
        ("2018-12-19", FRI, "future", ("2018-12-19", "day")),
        # seasons are year precision; "the end of the day" is the day
        ("last summer", dt.date(2019, 6, 14), "past", ("2018", "year")),
        ("next spring", FRI, "future", ("2019", "year")),
        ("the end of the day", FRI, "past", ("2018-12-21", "day")),
        # the first of the year
        ("the first of the year", FRI, "future", ("2019-01-01", "day")),
        ("the first of the year", FRI, "present", ("2019-01-01", "day")),
        ("the first of the year", FEB, "past", ("2019-01-01", "day")),
        ("New Year's Day", FRI, "future", ("2019-01-01", "day")),
    ],
)
def test_resolve_date(expression, published, tense, expected):
    resolved = resolve_date(expression, published, tense)
    assert value(resolved) == expected
    assert resolved.text == expression


@pytest.mark.parametrize(
    "expression",
    ["1950-53", "2010 to 2015", "the 1990s", "months", "decades", "recent days", "the coming weeks",
     "the past two years", "10 a.m.", "the same day", "winter", "a day earlier", ""],
)
def test_not_a_date_of_an_action(expression):
    """Durations, decades, year ranges and times of day give no date."""
    assert resolve_date(expression, FRI, "past") is None


def test_accepts_a_datetime_as_publication_date():
    assert value(resolve_date("yesterday", dt.datetime(2018, 12, 21, 11, 15), "past")) == ("2018-12-20", "day")


# --- tense_of ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Police arrested dozens of protesters.", "arrested", "past"),
        ("The North claims it has done enough.", "done", "past"),
        ("The army had withdrawn from the town.", "withdrawn", "past"),
        ("The government did not respond.", "respond", "past"),
        ("Troops were deployed to the border.", "deployed", "past"),
        ("Troops tried to enter the compound.", "enter", "past"),
        ("Thousands marched to protest against the bill.", "protest", "past"),
        ("The army may have violated the truce.", "violated", "past"),
        ("The administration is pushing for the shipment of aid.", "pushing", "present"),
        ("The ministers meet in Brussels.", "meet", "present"),
        ("The two sides will discuss sanctions.", "discuss", "future"),
        ("The minister said the country would retaliate.", "retaliate", "future"),
        ("The two Koreas plan to hold a groundbreaking ceremony.", "plan", "future"),
        ("The two Koreas plan to hold a groundbreaking ceremony.", "hold", "future"),
        ("The two Koreas are to open a liaison office.", "open", "future"),
        ("The president is expected to visit Moscow.", "visit", "future"),
        ("The president is set to visit Moscow.", "visit", "future"),
        ("The talks are scheduled for Monday.", "scheduled", "future"),
        ("The ministers meet next week in Brussels.", "meet", "future"),
        ("China could impose tariffs.", "impose", "future"),
        ("The planned summit in Hanoi was cancelled.", "summit", "future"),
        ("The talks will resume in Geneva.", "talks", "future"),
        ("Wednesday's attack killed five soldiers.", "attack", "past"),
    ],
)
def test_tense_of(nlp, sentence, word, expected):
    assert tense_of(trigger(nlp(sentence), word)) == expected


# --- event_date: the seed article (Yonhap, Friday 2018-12-21) ---------------------------------

SEED = [
    # (sentence, trigger, date, planned)
    ('SEOUL, Dec. 21 (Yonhap) -- South Korea and the United States opened their second "working group" '
     "meeting on North Korea here Friday, with Secretary of State Mike Pompeo voicing optimism about another "
     "summit with the communist nation.", "opened", ("2018-12-21", "day"), None),
    ("Starting his visit to Seoul on Wednesday, Beigun, Washington's special representative for North Korea, "
     "signaled that his government will resume large-scale humanitarian assistance for the North.",
     "Starting", ("2018-12-19", "day"), None),
    ("Starting his visit to Seoul on Wednesday, Beigun, Washington's special representative for North Korea, "
     "signaled that his government will resume large-scale humanitarian assistance for the North.",
     "signaled", ("2018-12-19", "day"), None),
    # the intention was stated on Wednesday; no date is given for the resumption itself
    ("Starting his visit to Seoul on Wednesday, Beigun, Washington's special representative for North Korea, "
     "signaled that his government will resume large-scale humanitarian assistance for the North.",
     "resume", ("2018-12-19", "day"), None),
    ("South Korea and the U.S. launched the working group consultation channel in November.",
     "launched", ("2018-11", "month"), None),
    ("The top U.S. diplomat, meanwhile, struck an upbeat note on a plan to arrange a second meeting between "
     "President Donald Trump and the North's leader early next year.", "arrange", ("2018-12-21", "day"), ("2019", "year")),
    ("The top U.S. diplomat, meanwhile, struck an upbeat note on a plan to arrange a second meeting between "
     "President Donald Trump and the North's leader early next year.", "plan", ("2018-12-21", "day"), ("2019", "year")),
    # the plan's year is not the date of striking an upbeat note
    ("The top U.S. diplomat, meanwhile, struck an upbeat note on a plan to arrange a second meeting between "
     "President Donald Trump and the North's leader early next year.", "struck", ("2018-12-21", "day"), None),
    ("It will be held at Panmun Station in the North's border town of Kaesong on Wednesday.",
     "held", ("2018-12-21", "day"), ("2018-12-26", "day")),
    ("The two Koreas plan to hold a groundbreaking ceremony next week for their joint project to modernize "
     "and reconnect cross-border roads and railway tracks.", "plan", ("2018-12-21", "day"), ("2018-12", "month")),
    # "the 1950-53 Korean War" names a war, it does not date the demand
    ("The North claims it has done enough in terms of initial denuclearization steps and demands sanctions "
     "relief and political rewards, including the declaration of a formal end to the 1950-53 Korean War.",
     "demands", ("2018-12-21", "day"), None),
    ("Seoul's top nuclear envoy, Lee Do-hoon, and his American counterpart, Stephen Biegun, co-chaired a "
     "session on denuclearization amid months of quiet in related dialogue.", "chaired", ("2018-12-21", "day"), None),
    ('"I am hopeful that not too long after the first of the year we can get the two of them together."',
     "get", ("2018-12-21", "day"), ("2019-01-01", "day")),
]


@pytest.mark.parametrize(("sentence", "word", "date", "planned"), SEED)
def test_event_date_seed_sentences(nlp, sentence, word, date, planned):
    got_date, got_planned = event_date(trigger(nlp(sentence), word), FRI)
    assert (value(got_date), value(got_planned)) == (date, planned)


def test_next_week_and_wednesday_together(nlp):
    """Both in one clause: the Wednesday of next week, even from a Monday report."""
    doc = nlp("The two Koreas will hold a groundbreaking ceremony next week on Wednesday.")
    date, planned = event_date(trigger(doc, "hold"), MON)
    assert value(date) == ("2018-12-17", "day")
    assert value(planned) == ("2018-12-26", "day")
    assert "next week" in planned.text and "Wednesday" in planned.text


def test_seed_gold_dates_in_the_whole_article(nlp, shared_data):
    """Every gold event of the seed article gets its gold date from its trigger in the full parse."""
    text = (shared_data / "seed" / "yonhap-2018-12-21-working-group.txt").read_text()
    gold = json.loads((shared_data / "seed" / "gold.jsonl").read_text().splitlines()[0])
    doc = nlp(text)
    published = dt.date.fromisoformat(gold["published"])
    triggers = {"opened": "opened", "Starting": "Starting", "signaled": "signaled", "pushing": "pushing",
                "plan": "plan", "demands": "demands", "a": "arrange", "launched": "launched"}
    for event in gold["events"]:
        start = text.index(event["evidence"])
        word = triggers[event["evidence"].split()[0]]
        token = next(t for t in doc if t.idx >= start and t.text == word)
        date, _ = event_date(token, published)
        assert date.value == event["date"], event["evidence"]


# --- event_date: other news -------------------------------------------------------------------

NEWS = [
    # (sentence, trigger, published, date, planned)
    ("Police said on Monday that a bomb exploded last night in the market.", "exploded", WED, ("2019-03-05", "day"), None),
    # a reported event without its own date: at the latest when it was reported
    ("Police said on Monday that a bomb exploded in the market.", "exploded", WED, ("2019-03-04", "day"), None),
    ("Israeli jets struck targets in Gaza on Sunday, the army said Tuesday.", "struck", WED, ("2019-03-03", "day"), None),
    ("Israeli jets struck targets in Gaza on Sunday, the army said Tuesday.", "said", WED, ("2019-03-05", "day"), None),
    ("Japan's prime minister met Chinese President Xi Jinping on March 3.", "met", WED, ("2019-03-03", "day"), None),
    ("Japan's prime minister met Chinese President Xi Jinping on March 13.", "met", WED, ("2018-03-13", "day"), None),
    ("The president is to visit Tokyo early next month.", "visit", WED, ("2019-03-06", "day"), ("2019-04", "month")),
    ("The foreign ministers agreed to hold talks next week.", "agreed", WED, ("2019-03-06", "day"), None),
    ("The foreign ministers agreed to hold talks next week.", "hold", WED, ("2019-03-06", "day"), ("2019-03", "month")),
    ("Iran vowed on Monday to retaliate next week.", "vowed", WED, ("2019-03-04", "day"), None),
    ("Iran vowed on Monday to retaliate next week.", "retaliate", WED, ("2019-03-04", "day"), ("2019-03", "month")),
    ("The two leaders met on Monday and will meet again on Friday.", "met", WED, ("2019-03-04", "day"), None),
    ("The two leaders met on Monday and will meet again on Friday.", "meet", WED, ("2019-03-04", "day"), ("2019-03-08", "day")),
    ("The two leaders met on Monday and signed a trade agreement.", "signed", WED, ("2019-03-04", "day"), None),
    ("Protesters clashed with police in Caracas two days ago.", "clashed", WED, ("2019-03-04", "day"), None),
    ("The summit is scheduled for Friday.", "scheduled", WED, ("2019-03-06", "day"), ("2019-03-08", "day")),
    ("The talks will resume next Tuesday in Geneva.", "talks", WED, ("2019-03-06", "day"), ("2019-03-12", "day")),
    ("Officials held talks in Seoul on Friday.", "talks", WED, ("2019-03-01", "day"), None),
    ("Wednesday's attack killed five soldiers.", "attack", WED, ("2019-03-06", "day"), None),
    ("The leaders welcomed the Dec. 19 agreement on trade.", "agreement", WED, ("2018-12-19", "day"), None),
    ("The leaders welcomed the Dec. 19 agreement on trade.", "welcomed", WED, ("2019-03-06", "day"), None),
    ("Lawmakers voted on Jan. 8, 2019, to impeach the governor.", "voted", WED, ("2019-01-08", "day"), None),
    ("The UN Security Council will vote later this month on a new resolution.", "vote", WED, ("2019-03-06", "day"), ("2019-03", "month")),
    ("Thousands marched in Hong Kong on Sunday to protest against the extradition bill.", "protest", WED, ("2019-03-03", "day"), None),
    ("The ceasefire, which took effect on Saturday, has largely held.", "held", WED, ("2019-03-06", "day"), None),
    ("The ceasefire, which took effect on Saturday, has largely held.", "took", WED, ("2019-03-02", "day"), None),
    ("After meeting on Monday, the ministers signed an accord on Tuesday.", "signed", WED, ("2019-03-05", "day"), None),
    ("North Korea fired two short-range missiles earlier this week, the Pentagon said.", "fired", WED, ("2019-03", "month"), None),
    ("The EU imposed sanctions on Russia last year over the 2014 annexation of Crimea.", "imposed", WED, ("2018", "year"), None),
    ("The election was held in 2016.", "held", WED, ("2016", "year"), None),
    ("Russia has deployed troops to the border since January.", "deployed", WED, ("2019-01", "month"), None),
    ("Rebels shelled the city late Tuesday, killing three civilians.", "killing", WED, ("2019-03-05", "day"), None),
    ("The talks on Monday ended without agreement.", "ended", WED, ("2019-03-04", "day"), None),
    # "since late 2018" describes the subject, not when it led
    ("Cipollone, White House counsel since late 2018, has led the White House attack on the impeachment "
     "proceedings.", "led", WED, ("2019-03-06", "day"), None),
    # adjacent DATE and TIME entities make one expression
    ("A suicide bomber killed at least six people near the presidential palace on Saturday morning.",
     "killed", WED, ("2019-03-02", "day"), None),
    # the date of another clause's event, not of the capture
    ("Iraqi troops have captured the mosque in Mosul from where Islamic State proclaimed its caliphate "
     "three years ago.", "captured", WED, ("2019-03-06", "day"), None),
    # the subject event's own date dates what it did
    ("The March 17 explosion that leveled the building killed more than 100 people.", "killed", WED,
     ("2018-03-17", "day"), None),
    ("Following an emergency meeting of the council in Jeddah on Sunday, the ministers expressed support "
     "for the plan.", "expressed", WED, ("2019-03-03", "day"), None),
    ("The vote will take place in the first half of next year.", "take", WED, ("2019-03-06", "day"), ("2020", "year")),
]


@pytest.mark.parametrize(("sentence", "word", "published", "date", "planned"), NEWS)
def test_event_date_news(nlp, sentence, word, published, date, planned):
    got_date, got_planned = event_date(trigger(nlp(sentence), word), published)
    assert (value(got_date), value(got_planned)) == (date, planned)


def test_dateline_date_is_not_an_event_date(nlp):
    doc = nlp("WASHINGTON, March 5 (Reuters) \u2014 The Senate voted on Monday to end the shutdown.")
    date, _ = event_date(trigger(doc, "voted"), dt.date(2019, 3, 5))
    assert (date.value, date.text) == ("2019-03-04", "Monday")


def test_no_expression_gives_the_publication_day(nlp):
    date, planned = event_date(trigger(nlp("Police arrested dozens of protesters."), "arrested"), WED)
    assert date == ResolvedDate("2019-03-06", "day", "")
    assert planned is None


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Police arrested dozens of protesters.", "arrested", (None, None)),
        ("Lawmakers voted on Tuesday to impeach the governor.", "voted", (None, None)),
        ("Lawmakers voted on Jan. 8, 2019, to impeach the governor.", "voted", (("2019-01-08", "day"), None)),
        ("The vote will be held in March 2020.", "held", (None, ("2020-03", "month"))),
    ],
)
def test_without_publication_date_only_written_years_resolve(nlp, sentence, word, expected):
    date, planned = event_date(trigger(nlp(sentence), word), None)
    assert (value(date), value(planned)) == expected
