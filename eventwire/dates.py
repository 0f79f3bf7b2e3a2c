"""When an event happened: date expressions resolved against the report's publication date.

News rarely writes full dates. "Wednesday" in a Friday report is two days earlier when the verb
is past ("met on Wednesday") and five days later when it is future ("will meet on Wednesday");
"in March" in a December report is last March or next March by the same rule. So every
expression is resolved with the tense of the clause it modifies.

Resolution model: an expression denotes an interval of days; its precision is the smallest
calendar unit (day, month, year) holding the whole interval. A week is not a precision level:
"next week" is month precision when its seven days lie in one month, else (a week straddling two
months) year precision, and a week straddling New Year takes the month of its middle day (the
ISO rule that a week belongs to its Thursday). "next week ... on Wednesday" together is that
Wednesday. Year ranges ("the 1950-53 Korean War"), decades and durations ("months of quiet")
are not dates of an action and resolve to None. Seasons are northern and meteorological.

dateparser reads the explicit calendar forms that carry their own year ("12/19/2018",
"2018-12-19", "19th of December 2018"); the relative forms news needs are rules here, because
their answer depends on tense, which dateparser does not know.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

from eventwire.records import Precision

Tense = Literal["past", "present", "future"]


@dataclass(frozen=True)
class ResolvedDate:
    value: str  # "2018-12-19", "2018-11" or "2019"
    precision: Precision
    text: str  # the expression resolved; "" for the publication day taken when none is written


# ---------------------------------------------------------------------------------------------
# Resolving one expression
# ---------------------------------------------------------------------------------------------

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d\d)"
_WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMBER = r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"
_UNIT = r"(day|week|month|year)s?"
_PART = r"(early|mid|late|earlier|later|the end of|end of|the beginning of|the start of|the first half of|the second half of|the middle of)"
_WHICH = r"(this|next|last|past|coming|the coming|the following|the previous|the|current)"

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_NOT_A_DATE = re.compile(
    r"\b(?:19|20)\d\d ?(?:-|to|and|through|until) ?(?:(?:19|20)\d\d|\d\d)\b"  # 1950-53, 2010 to 2015
    r"|\b\d{4}s\b|\b(?:decades?|centuries|century)\b"  # the 1990s, decades
)
_NUMERIC_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH} {_DAY}(?: ?- ?(\d{{1,2}}))? (?:of )?{_YEAR}\b")
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}(?: ?- ?(\d{{1,2}}))? (?:of )?{_MONTH} (?:of )?{_YEAR}\b")
_MONTH_YEAR = re.compile(rf"\b(?:{_PART} )?{_MONTH} (?:of )?{_YEAR}\b")
_YEAR_ONLY = re.compile(rf"\b(?:{_PART} )?(?:fiscal |the year )?{_YEAR}\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH} {_DAY}(?: ?- ?(\d{{1,2}}))?\b")
_DAY_MONTH = re.compile(rf"\b{_DAY}(?: ?- ?(\d{{1,2}}))? (?:of )?{_MONTH}\b")
_DAY_WORDS = (
    (re.compile(r"\bthe day before yesterday\b"), -2),
    (re.compile(r"\bthe day after tomorrow\b"), 2),
    (re.compile(r"\b(?:yesterday|last night)\b"), -1),
    (re.compile(r"\btomorrow\b"), 1),
    (re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b"), 0),
)
_AGO = re.compile(rf"\b{_NUMBER} {_UNIT} ago\b")
_AHEAD = re.compile(rf"\bin {_NUMBER} {_UNIT}\b|\b{_NUMBER} {_UNIT} from (?:now|today)\b")
_WEEKDAY_IN_WEEK = re.compile(
    rf"\b{_WEEKDAY}\b.*?\b{_WHICH} week\b|\b{_WHICH} week\b.*?\b{_WEEKDAY}\b"
)
_WEEKDAY_ONLY = re.compile(rf"\b(?:(this coming|this|next|last|coming|past) )?{_WEEKDAY}\b")
_WEEKEND = re.compile(rf"\b(?:{_WHICH} )?weekend\b")
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_SEASON = re.compile(r"\b(?:(this|next|last|past|coming) )?(spring|summer|fall|autumn|winter)\b")
_FIRST_OF = re.compile(r"\b(?:the )?(?:first|1st) of (?:the )?(year|month)\b|\bnew year'?s? day\b")
_UNIT_REF = re.compile(rf"\b(?:{_PART} (?:in )?)?{_WHICH} (day|week|month|year)\b")
_MONTH_REF = re.compile(
    rf"\b(?:{_PART} )?(?:(this|next|last|the coming|coming|the previous) )?{_MONTH}\b"
    r"(?: (?:of )?(this|next|last) year)?"
)


@dataclass(frozen=True)
class _Interval:
    start: dt.date
    end: dt.date


def resolve_date(expression: str, published: dt.date, tense: Tense) -> ResolvedDate | None:
    """The date an expression denotes in a report published on `published`, read in `tense`.

    None when the expression names no date of an action (a duration, a decade, a year range).
    """
    interval = _interval_of(expression, _as_date(published), tense)
    return _to_resolved(interval, expression.strip()) if interval else None


@functools.lru_cache(maxsize=8192)
def _interval_of(expression: str, published: dt.date | None, tense: Tense) -> _Interval | None:
    """Cached: a document repeats its expressions and a batch repeats its publication dates.
    Without a publication date only expressions that carry their own year resolve."""
    text = _normalise(expression)
    if not text:
        return None
    interval = _absolute(text)
    if interval is None and published is not None and not _NOT_A_DATE.search(text):
        interval = _relative(text, published, tense)
    return interval


def _as_date(value: dt.date | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def _normalise(expression: str) -> str:
    text = expression.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"(?<=[a-z])\.", "", text)  # Dec. -> dec, a.m. -> am
    text = re.sub(r"\b(mid|early|late)-(?=[a-z0-9])", r"\1 ", text)
    text = re.sub(r"[,;()\"]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _to_resolved(interval: _Interval, text: str) -> ResolvedDate | None:
    start, end = interval.start, interval.end
    if start == end:
        return ResolvedDate(start.isoformat(), "day", text)
    if (start.year, start.month) == (end.year, end.month):
        return ResolvedDate(f"{start:%Y-%m}", "month", text)
    if start.year == end.year:
        return ResolvedDate(f"{start:%Y}", "year", text)
    if (end - start).days <= 31:  # a week or month-long span across New Year: its middle day's month
        middle = start + (end - start) / 2
        return ResolvedDate(f"{middle:%Y-%m}", "month", text)
    return None


@functools.cache
def _calendar_parser() -> DateDataParser:
    """One dateparser instance: building settings per call is what makes dateparser slow."""
    return DateDataParser(
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["custom-formats", "absolute-time"],
                  "DATE_ORDER": "MDY"},
    )


def _absolute(text: str) -> _Interval | None:
    """Forms that carry their own year: no publication date needed."""
    if m := _NUMERIC_DATE.search(text):
        parsed = _calendar_parser().get_date_data(m.group(0))
        return _day(parsed.date_obj.date()) if parsed.date_obj else None
    if m := _MONTH_DAY_YEAR.search(text):
        return _days(int(m.group(4)), _month_number(m.group(1)), int(m.group(2)), m.group(3))
    if m := _DAY_MONTH_YEAR.search(text):
        return _days(int(m.group(4)), _month_number(m.group(3)), int(m.group(1)), m.group(2))
    if _NOT_A_DATE.search(text):
        return None
    if m := _MONTH_YEAR.search(text):
        return _part(m.group(1), _month_interval(int(m.group(3)), _month_number(m.group(2))))
    if m := _YEAR_ONLY.search(text):
        return _part(m.group(1), _year_interval(int(m.group(2))))
    return None


def _relative(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    """Forms anchored on the publication date, most specific first."""
    for rule in _RELATIVE_RULES:
        interval = rule(text, published, tense)
        if interval is not None:
            return interval
    return None


def _month_day(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    m = _MONTH_DAY.search(text)
    if m:
        month, day, last = _month_number(m.group(1)), int(m.group(2)), m.group(3)
    elif m := _DAY_MONTH.search(text):
        month, day, last = _month_number(m.group(3)), int(m.group(1)), m.group(2)
    else:
        return None
    options = [_days(published.year + k, month, day, last) for k in (-1, 0, 1)]
    return _by_tense([o for o in options if o], published, tense)


def _day_word(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    for pattern, offset in _DAY_WORDS:
        if pattern.search(text):
            return _day(published + dt.timedelta(days=offset))
    return None


def _ago(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    if m := _AGO.search(text):
        return _unit_around(published, -_count(m.group(1)), m.group(2))
    if tense == "future" and (m := _AHEAD.search(text)):
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return _unit_around(published, _count(number), unit)
    return None


def _weekday_in_week(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    m = _WEEKDAY_IN_WEEK.search(text)
    if not m:
        return None
    weekday, which = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    week = _shifted(published, "week", _which(which) or "this")
    return _day(week.start + dt.timedelta(days=_WEEKDAYS.index(weekday))) if week else None


def _weekday(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    m = _WEEKDAY_ONLY.search(text)
    if not m:
        return None
    which, target = m.group(1), _WEEKDAYS.index(m.group(2))
    if which == "this":
        monday = published - dt.timedelta(days=published.weekday())
        return _day(monday + dt.timedelta(days=target))
    offsets = [d for d in range(-7, 8) if (published.weekday() + d) % 7 == target]
    if which in ("next", "coming", "this coming"):
        return _day(published + dt.timedelta(days=min(d for d in offsets if d > 0)))
    if which in ("last", "past"):
        return _day(published + dt.timedelta(days=max(d for d in offsets if d < 0)))
    return _by_tense([_day(published + dt.timedelta(days=d)) for d in offsets], published, tense)


def _weekend(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    m = _WEEKEND.search(text)
    if not m:
        return None
    saturday = published + dt.timedelta(days=5 - published.weekday())
    weekends = [_Interval(saturday + dt.timedelta(days=7 * k), saturday + dt.timedelta(days=7 * k + 1))
                for k in (-1, 0, 1)]
    which = _which(m.group(1))
    if which in ("this", "current"):
        return weekends[1]
    if which in ("next", "coming", "following"):
        return weekends[2]
    if which in ("last", "past", "previous"):
        return weekends[0]
    return _by_tense(weekends, published, tense)


def _first_of(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    m = _FIRST_OF.search(text)
    if not m:
        return None
    if m.group(1) == "month":
        options = [_add_months(published.replace(day=1), k) for k in (-1, 0, 1)]
    else:
        options = [dt.date(published.year + k, 1, 1) for k in (-1, 0, 1)]
    return _by_tense([_day(d) for d in options], published, tense)


def _unit_ref(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    m = _UNIT_REF.search(text)
    if not m:
        return None
    part, which, unit = m.group(1), _which(m.group(2)), m.group(3)
    if which is None:  # "the year" only with a part: "the end of the year", "earlier in the week"
        if part is None:
            return None
        which = "this"
    if which == "past" and not part:  # "the past week": the last seven days, not the calendar week
        span = {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
        return _Interval(published - dt.timedelta(days=span), published - dt.timedelta(days=1))
    whole = _shifted(published, unit, which)
    if whole is None:
        return None
    if part == "earlier" and which == "this":
        return _Interval(whole.start, max(whole.start, published - dt.timedelta(days=1)))
    if part == "later" and which == "this":
        return _Interval(min(whole.end, published + dt.timedelta(days=1)), whole.end)
    return _part(part, whole)


def _month_ref(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    m = _MONTH_REF.search(text)
    if not m:
        return None
    part, which, month, year_ref = m.group(1), m.group(2), _month_number(m.group(3)), m.group(4)
    this_month = (published.year, published.month)
    options = [_month_interval(published.year + k, month) for k in (-1, 0, 1)]
    if year_ref:
        chosen = _month_interval(published.year + {"last": -1, "this": 0, "next": 1}[year_ref], month)
    elif which == "this":
        chosen = options[1]
    elif which in ("next", "coming", "the coming"):
        chosen = next(o for o in options if (o.start.year, o.start.month) > this_month)
    elif which in ("last", "the previous"):
        chosen = [o for o in options if (o.start.year, o.start.month) < this_month][-1]
    else:
        chosen = _by_tense(options, published, tense)
    return _part(part, chosen)


def _season(text: str, published: dt.date, tense: Tense) -> _Interval | None:
    """Northern seasons by meteorological months; winter straddles New Year and so resolves to
    nothing finer than two years, which is no date."""
    m = _SEASON.search(text)
    if not m:
        return None
    which, first_month = m.group(1), _SEASONS[m.group(2)]
    options = [_Interval(dt.date(y, first_month, 1), _add_months(dt.date(y, first_month, 1), 3) - dt.timedelta(days=1))
               for y in range(published.year - 2, published.year + 2)]
    if which == "this":
        return next(o for o in options if o.start.year == published.year)
    if which in ("next", "coming"):
        return next(o for o in options if o.start > published)
    if which in ("last", "past"):
        return [o for o in options if o.end < published][-1]
    return _by_tense(options, published, tense)


_RELATIVE_RULES: tuple[Callable[[str, dt.date, Tense], _Interval | None], ...] = (
    _month_day, _day_word, _ago, _weekday_in_week, _weekday, _weekend, _first_of, _unit_ref, _month_ref,
    _season,
)


def _by_tense(options: list[_Interval], published: dt.date, tense: Tense) -> _Interval | None:
    """Past: the latest occurrence not after publication; future: the earliest not before it;
    present: the nearest (ties go to the past, as news reports mostly done things)."""
    options = sorted(options, key=lambda o: o.start)
    if tense == "past":
        before = [o for o in options if o.start <= published]
        return before[-1] if before else None
    if tense == "future":
        after = [o for o in options if o.end >= published]
        return after[0] if after else None

    def distance(o: _Interval) -> tuple[int, int]:
        if o.start <= published <= o.end:
            return (0, 0)
        return (min(abs((o.start - published).days), abs((o.end - published).days)), o.start > published)

    return min(options, key=distance) if options else None


def _shifted(published: dt.date, unit: str, which: str) -> _Interval | None:
    """The calendar day, week, month or year that `which` (this/next/last...) points at."""
    step = {"this": 0, "current": 0, "next": 1, "coming": 1, "following": 1,
            "last": -1, "past": -1, "previous": -1}.get(which)
    if step is None:
        return None
    if unit == "day":
        return _day(published + dt.timedelta(days=step))
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
        return _Interval(monday, monday + dt.timedelta(days=6))
    if unit == "month":
        first = _add_months(published.replace(day=1), step)
        return _month_interval(first.year, first.month)
    return _year_interval(published.year + step)


def _which(word: str | None) -> str | None:
    """"the coming" -> "coming"; a bare "the" points nowhere by itself."""
    if word in (None, "the"):
        return None
    return word.removeprefix("the ")


def _part(part: str | None, whole: _Interval) -> _Interval:
    """early/mid/late are thirds; beginning/end are the first/last month of a year, the first/last
    week of a month, the first/last two days of a week."""
    length = (whole.end - whole.start).days + 1
    if not part or length == 1:  # "the end of the day" is the day
        return whole
    third = length // 3
    edge = 31 if length > 300 else 7 if length > 20 else 2
    start, end = whole.start, whole.end
    if part in ("early", "earlier"):
        return _Interval(start, start + dt.timedelta(days=third - 1))
    if part in ("mid", "the middle of"):
        return _Interval(start + dt.timedelta(days=third), end - dt.timedelta(days=third))
    if part in ("late", "later"):
        return _Interval(end - dt.timedelta(days=third - 1), end)
    if part in ("the beginning of", "the start of"):
        return _Interval(start, start + dt.timedelta(days=edge - 1))
    if part in ("the end of", "end of"):
        return _Interval(end - dt.timedelta(days=edge - 1), end)
    half = length // 2
    if part == "the first half of":
        return _Interval(start, start + dt.timedelta(days=half - 1))
    return _Interval(start + dt.timedelta(days=half), end)  # the second half of


def _unit_around(published: dt.date, count: int, unit: str) -> _Interval:
    """The calendar unit `count` units away: "two weeks ago" is the week that day falls in."""
    if unit == "day":
        return _day(published + dt.timedelta(days=count))
    if unit == "week":
        day = published + dt.timedelta(weeks=count)
        monday = day - dt.timedelta(days=day.weekday())
        return _Interval(monday, monday + dt.timedelta(days=6))
    if unit == "month":
        first = _add_months(published.replace(day=1), count)
        return _month_interval(first.year, first.month)
    return _year_interval(published.year + count)


def _count(word: str) -> int:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word, 3)  # "several", "a few"


def _month_number(name: str) -> int:
    return {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
            "oct": 10, "nov": 11, "dec": 12}[name[:3]]


def _day(day: dt.date) -> _Interval:
    return _Interval(day, day)


def _days(year: int, month: int, day: int, last: str | None) -> _Interval | None:
    """A day, or a range of days in one month ("Dec. 19-21"); None for an impossible date."""
    try:
        return _Interval(dt.date(year, month, day), dt.date(year, month, int(last) if last else day))
    except ValueError:
        return None


def _month_interval(year: int, month: int) -> _Interval:
    return _Interval(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


def _year_interval(year: int) -> _Interval:
    return _Interval(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# ---------------------------------------------------------------------------------------------
# Tense of an event's trigger
# ---------------------------------------------------------------------------------------------

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})
_PROSPECTIVE_MODALS = frozenset({"can", "ca", "could", "may", "might", "should", "must", "ought"})
_PLAN_HEADS = frozenset({
    "plan", "intend", "aim", "expect", "schedule", "set", "slate", "due", "be", "go", "prepare",
    "hope", "want", "wish", "seek", "look", "eye", "likely", "poised", "ready", "about",
    "bid", "effort", "proposal", "intention", "decision",
})
"""Heads whose infinitive complement is still to come: "plan to", "is to", "is set to"."""
_SAME_TIME_HEADS = frozenset({
    "try", "manage", "fail", "begin", "start", "continue", "refuse", "decline", "help", "use",
    "appear", "seem", "happen", "stop", "cease", "dare", "attempt",
    "march", "gather", "rally", "meet", "convene", "travel", "fly", "arrive", "come", "take", "return",
})
"""Heads whose infinitive complement shares their own time: "tried to enter", "refused to meet",
and purpose after movement or assembly ("marched to protest", "met to discuss")."""
_FUTURE_MODIFIERS = frozenset({
    "planned", "proposed", "upcoming", "scheduled", "forthcoming", "expected", "coming", "future",
    "next", "prospective", "impending", "envisaged",
})
_FUTURE_DATE_WORDS = re.compile(r"\b(?:next|tomorrow|coming|upcoming|later this|later today)\b", re.I)
_CLAUSE_DEPS = frozenset({
    "ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "csubj", "csubjpass", "parataxis", "pcomp",
})
_SAME_TIME_LINKS = frozenset({"advcl", "xcomp", "conj", "pcomp", "acl"})
"""Clause links that keep the time frame when both clauses have one tense; ccomp, relcl and
parataxis always open a time frame of their own ("said Monday that it attacked Sunday")."""
_TEMPORAL_MARKS = frozenset({"after", "before", "since", "until", "till", "once", "following", "ahead"})
_NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nummod", "nmod", "appos", "quantmod"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_DURATION_PREPS = frozenset({"since", "until", "till", "from", "through", "between"})


def tense_of(trigger: Token) -> Tense:
    """past ("met", "has met", "was held"), present, or future ("will", "plan to", "is to",
    "is expected to", "is set to", "scheduled", a "next ..." date) of the trigger's event.
    A noun trigger takes "planned"/"upcoming" or "plan to" from itself, else its verb's tense."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        if any(c.lower_ in _FUTURE_MODIFIERS for c in trigger.children if c.dep_ in ("amod", "compound")):
            return "future"
        if trigger.lemma_ in _PLAN_HEADS and _infinitive_child(trigger):
            return "future"
        verb = _governing_verb(trigger)
        return tense_of(verb) if verb is not None else "present"
    if _is_plan(trigger):
        return "future"
    surface = _surface_tense(trigger)
    if surface == "present" and any(
        _FUTURE_DATE_WORDS.search(span.text) for span in _date_spans(trigger.sent) if _governor(span.root) == trigger
    ):
        return "future"
    return surface


def _surface_tense(verb: Token) -> Tense:
    """The tense the verb group itself carries, without the plan-to reading of its head."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in aux}
    if words & _FUTURE_AUX or any(a.lemma_ == "will" for a in aux):
        return "future"
    if words & _PROSPECTIVE_MODALS:
        perfect = any(a.lemma_ == "have" for a in aux) and verb.tag_ == "VBN"
        return "past" if perfect else "future"
    if _has_to(verb):  # purpose clauses ("marched to protest") share their head's time
        head = verb.head
        if head.pos_ in ("VERB", "AUX") and (head.lemma_ in _SAME_TIME_HEADS or verb.dep_ == "advcl"):
            return _surface_tense(head)
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if not aux and verb.dep_ != "ROOT" and (
        verb.tag_ in ("VBG", "VBN") or (verb.tag_ == "VB" and verb.dep_ in ("advcl", "conj", "xcomp", "acl"))
    ):  # a participle ("Starting his visit ...", "Following the meeting ...") or bare conjunct
        head = _governing_verb(verb)
        if head is not None:
            return _surface_tense(head)
    if verb.tag_ == "VBN" and (not aux or any(a.lemma_ == "have" for a in aux)):
        return "past"
    return "present"


def _is_plan(verb: Token) -> bool:
    """"plan to hold", "is to visit", "is expected to meet", "is set to", "scheduled for"."""
    if verb.lemma_ in _PLAN_HEADS and _infinitive_child(verb):
        return True
    if verb.lemma_ == "schedule" and verb.tag_ == "VBN":
        return True
    return verb.dep_ in ("xcomp", "acl") and verb.head.lemma_ in _PLAN_HEADS and _has_to(verb)


def _infinitive_child(token: Token) -> bool:
    return any(c.dep_ in ("xcomp", "acl", "ccomp") and _has_to(c) for c in token.children)


def _has_to(verb: Token) -> bool:
    return any(c.tag_ == "TO" and c.dep_ == "aux" for c in verb.children)


def _governing_verb(token: Token) -> Token | None:
    return next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)


# ---------------------------------------------------------------------------------------------
# Dates of an event in a parsed sentence
# ---------------------------------------------------------------------------------------------

_EXTRA_EXPRESSIONS = re.compile(
    r"\b(?:the )?(?:first|start|beginning|end) of (?:the |next |this )?(?:year|month)\b", re.I
)
"""Expressions the small spaCy model does not tag as DATE but news uses for event times."""


@dataclass(frozen=True)
class _Candidate:
    span: Span
    governor: Token  # the verb whose clause the expression modifies
    interval: _Interval
    resolved: ResolvedDate


def event_date(trigger: Token, published: dt.date | None) -> tuple[ResolvedDate | None, ResolvedDate | None]:
    """(date, planned_date) for the event whose trigger is given.

    Dates attach to the trigger's clause: its subtree, through links that keep the time frame
    (a participle clause, "plan to", a conjoined verb of the same tense), or the whole sentence
    when it has a single clause. For a future event the expression becomes planned_date and date
    is the day the intention was stated: the date of the clause reporting it ("signaled on
    Wednesday that it will ..."), else the publication day. With no expression the date is the
    publication day; with no publication date only dates that carry their year are returned.
    """
    published = _as_date(published)
    candidates = _candidates(trigger.sent, published)
    own = _own(trigger, candidates)
    if not own and _single_clause(trigger.sent):
        own = [c for c in candidates if _reaches(c.span.root, trigger.sent.root)]
    today = ResolvedDate(published.isoformat(), "day", "") if published else None
    if tense_of(trigger) != "future":
        return (_best(own, published) or _inherited(trigger, candidates, published) or today), None
    stated = [c for c in own if _surface_tense(c.governor) == "past" or (published and c.interval.end < published)]
    planned = [c for c in own if c not in stated]
    return (_best(stated, published) or _inherited(trigger, candidates, published) or today), _best(planned, published)


def _own(trigger: Token, candidates: list[_Candidate]) -> list[_Candidate]:
    """Expressions in the trigger's clause; for a noun trigger without any ("talks" in "held talks
    on Friday" often gets the date on the verb), those of its verb's clause."""
    own = [c for c in candidates if _reaches(c.span.root, trigger)]
    if not own and trigger.pos_ in ("NOUN", "PROPN"):
        verb = _governing_verb(trigger)
        if verb is not None:
            own = [c for c in candidates if _reaches(c.span.root, verb)]
    return own


def _candidates(sentence: Span, published: dt.date | None) -> list[_Candidate]:
    """Date expressions of the sentence that resolve, each read in the tense of its own clause."""
    found = []
    for span in _date_spans(sentence):
        governor = _governor(span.root) or span.root
        interval = _interval_of(span.text, published, _entity_tense(governor))
        resolved = _to_resolved(interval, span.text.strip()) if interval else None
        if resolved is not None:
            found.append(_Candidate(span, governor, interval, resolved))
    return found


def _date_spans(sentence: Span) -> list[Span]:
    """DATE and TIME entities, adjacent ones joined ("Saturday" + "morning"), plus the few
    expressions the model misses; a dateline's date is left out."""
    doc = sentence.doc
    spans: list[Span] = []
    for entity in (e for e in sentence.ents if e.label_ in ("DATE", "TIME")):
        if spans and spans[-1].end == entity.start:
            spans[-1] = doc[spans[-1].start : entity.end]
        else:
            spans.append(entity)
    taken = {t.i for s in spans for t in s}
    for m in _EXTRA_EXPRESSIONS.finditer(sentence.text):
        span = doc.char_span(sentence.start_char + m.start(), sentence.start_char + m.end(), alignment_mode="expand")
        if span is not None and not taken & {t.i for t in span}:
            spans.append(span)
    return [s for s in spans if not _in_dateline(s)]


def _in_dateline(span: Span) -> bool:
    """ "SEOUL, Dec. 21 (Yonhap) --": the dateline's date is the report's, not an event's."""
    for token in span.doc[span.end : span.end + 6]:
        if token.text in ("--", "\u2014", "\u2013"):
            return True
        if token.pos_ in ("VERB", "AUX"):
            return False
    return False


def _entity_tense(governor: Token) -> Tense:
    """A clause in the past reads its dates in the past even when it states a plan
    ("vowed on Monday to retaliate"); otherwise the clause's event tense decides."""
    if governor.pos_ in ("VERB", "AUX") and _surface_tense(governor) == "past":
        return "past"
    return tense_of(governor)


def _describes_noun(token: Token, anchor: Token | None = None) -> bool:
    """ "the 1950-53 Korean War", "the Nov. 6 election": a date inside a name or description,
    not the time of the clause; unless the noun is the trigger itself or its subject, an event
    that did the action ("The March 17 explosion killed ...")."""
    if token.dep_ not in _NOUN_MODIFIER_DEPS or token.head.pos_ not in ("NOUN", "PROPN"):
        return False
    noun = token.head
    return noun != anchor and not (anchor is not None and noun.head == anchor and noun.dep_ in _SUBJECT_DEPS)


def _governor(token: Token) -> Token | None:
    """The verb whose clause a date expression modifies; None for a date describing a noun."""
    return None if _describes_noun(token) else _governing_verb(token)


def _reaches(token: Token, anchor: Token) -> bool:
    """Whether a date expression rooted at `token` belongs to the anchor's clause."""
    if anchor not in token.ancestors or _describes_noun(token, anchor):
        return False
    node, path = token, []
    while node != anchor:
        path.append(node)
        if node.dep_ == "appos":  # "Cipollone, White House counsel since late 2018, has led ..."
            return False
        if node.dep_ in _SUBJECT_DEPS and any(t.lower_ in _DURATION_PREPS for t in path):
            return False  # "Cipollone, counsel since late 2018, has led": describes the subject
        if node.dep_ in _CLAUSE_DEPS and node.pos_ in ("VERB", "AUX"):
            if node.dep_ not in _SAME_TIME_LINKS or _temporal_mark(node) or tense_of(node) != tense_of(anchor):
                return False
            if node.dep_ == "pcomp" and any(c.dep_ in _SUBJECT_DEPS for c in node.children):
                return False  # "captured the mosque from where IS proclaimed its caliphate in 2014"
        node = node.head
    return True


def _temporal_mark(clause: Token) -> bool:
    """ "after meeting on Monday, they signed ...": the clause is another event's time."""
    return any(c.dep_ in ("mark", "prep") and c.lower_ in _TEMPORAL_MARKS for c in clause.children) or (
        clause.dep_ == "pcomp" and clause.head.lower_ in _TEMPORAL_MARKS
    )


def _inherited(trigger: Token, candidates: list[_Candidate], published: dt.date | None) -> ResolvedDate | None:
    """The date of the clause above: a reported or conjoined event without a date of its own
    took place when the clause reporting it did, at the latest; a stated plan was stated then."""
    node = trigger
    while node.head != node and node.dep_ in _CLAUSE_DEPS | {"prep", "pobj", "dobj", "nsubj", "nsubjpass"}:
        node = node.head
        if node.pos_ in ("VERB", "AUX") and tense_of(node) != "future":
            return _best([c for c in candidates if _reaches(c.span.root, node)], published)
    return None


def _best(candidates: list[_Candidate], published: dt.date | None) -> ResolvedDate | None:
    """The expression nearest the clause (then the finest); a bare weekday is placed in a week
    named beside it ("next week ... on Wednesday")."""
    if not candidates:
        return None
    rank = {"day": 0, "month": 1, "year": 2}
    best = min(candidates, key=lambda c: (_depth(c.span.root), rank[c.resolved.precision], c.span.start))
    weekdays = [c for c in candidates if _WEEKDAY_ONLY.fullmatch(_normalise(c.span.text))]
    weeks = [c for c in candidates if _UNIT_REF.fullmatch(_normalise(c.span.text)) and "week" in c.span.text.lower()]
    if published is not None and weekdays and weeks and best in weekdays + weeks:
        day, week = weekdays[0], weeks[0]
        interval = _interval_of(f"{day.span.text} {week.span.text}", published, _entity_tense(day.governor))
        if interval is not None:
            return _to_resolved(interval, f"{week.span.text} ... {day.span.text}")
    return best.resolved


def _depth(token: Token) -> int:
    return sum(1 for _ in token.ancestors)


def _single_clause(sentence: Span) -> bool:
    verbs = [t for t in sentence if t.pos_ in ("VERB", "AUX") and (t.dep_ == "ROOT" or t.dep_ in _CLAUSE_DEPS)]
    return len(verbs) <= 1
