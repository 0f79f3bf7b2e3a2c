"""eventwire.clean: raw page text and HTML into an Article with metadata, and every bad-input case."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from eventwire.clean import MAX_ARTICLE_CHARS, clean, is_html, load_boilerplate, require_date
from eventwire.errors import EmptyInput, KnowledgeError, MissingDate, NoArticleText, NotEnglish
from eventwire.read import load_page, page_from_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED = DATA / "seed" / "yonhap-2018-12-21-working-group.txt"
EXTRACTION = DATA / "article_extraction"

BODY = (
    "The foreign ministers of both countries met for three hours on Tuesday and agreed to reopen "
    "their embassies, officials said after the talks ended.\n\n"
    "The agreement follows months of quiet contacts brokered by neighbouring states, according to "
    "diplomats familiar with the negotiations."
)


def text_page(text: str, source: str = "report.txt"):
    return page_from_text(text, source=source)


@pytest.fixture(scope="module")
def seed():
    return clean(load_page(str(SEED)))


def test_seed_metadata(seed):
    assert seed.kind == "text"
    assert seed.title == "S. Korea, U.S. hold second 'working group' meeting on N. Korea"
    assert seed.published == dt.date(2018, 12, 21)
    assert seed.published_from == "input"
    assert seed.section == "North Korea"
    assert seed.dateline == "Seoul"
    assert seed.publisher == "Yonhap"
    assert seed.language == "en"


def test_seed_text_keeps_headline_and_dateline_drops_furniture(seed):
    paragraphs = seed.text.split("\n\n")
    assert paragraphs[0] == seed.title
    assert paragraphs[1].startswith("SEOUL, Dec. 21 (Yonhap) -- South Korea and the United States opened")
    assert paragraphs[-1].endswith("implementation of U.N. Security Council resolutions.")
    for furniture in ("Go to Contents", "Send Feedback", "How can we improve?", "Thanks for your feedback", "combined image", "11:15"):
        assert furniture not in seed.text
    assert "\n\n\n" not in seed.text and all(p == p.strip() and p for p in paragraphs)
    removed = Counter(seed.removed_lines)
    assert removed["Go to Contents Go to Navigation"] == 1
    assert removed["North Korea 11:15 December 21, 2018"] == 1
    assert sum(n for line, n in removed.items() if line.startswith("This combined image shows")) == 2
    assert {"Send Feedback", "How can we improve?", "Thanks for your feedback!"} <= set(removed)


def test_seed_offsets_point_into_text_and_doc_id_is_its_hash(seed):
    evidence = [json.loads(line) for line in (DATA / "seed" / "gold.jsonl").read_text().splitlines()][0]
    for event in evidence["events"]:
        assert event["evidence"] in seed.text
    assert seed.doc_id == hashlib.sha1(seed.text.encode("utf-8")).hexdigest()[:16]


def test_given_date_wins_over_found_date():
    article = clean(load_page(str(SEED)), published=dt.date(2018, 12, 22))
    assert article.published == dt.date(2018, 12, 22)
    assert article.published_from == "given"


def test_missing_date_and_require_date():
    article = clean(text_page(BODY))
    assert article.published is None and article.published_from == "missing"
    with pytest.raises(MissingDate) as info:
        require_date(article)
    assert info.value.code == "E106" and "report.txt" in str(info.value)
    dated = clean(text_page(BODY), published=dt.date(2024, 5, 1))
    assert require_date(dated) == dt.date(2024, 5, 1)


@pytest.mark.parametrize(
    "first, dateline, publisher, published",
    [
        ("WASHINGTON (Reuters) - The United States imposed new sanctions on Friday.", "Washington", "Reuters", None),
        ("KYIV, Ukraine (AP) — Russian drones struck the capital overnight.", "Kyiv, Ukraine", "AP", None),
        ("BEIJING, March 3 (Xinhua) -- China and Brazil signed a trade pact.", "Beijing", "Xinhua", None),
        ("BEIJING, March 3, 2024 (Xinhua) -- China and Brazil signed a trade pact.", "Beijing", "Xinhua", dt.date(2024, 3, 3)),
        ("NEW YORK — The Security Council met in an emergency session.", "New York", None, None),
        ("WASHINGTON, D.C. (CNN) -- Lawmakers passed the aid bill.", "Washington, D.C.", "CNN", None),
    ],
)
def test_datelines(first, dateline, publisher, published):
    article = clean(text_page(f"{first}\n\n{BODY}"))
    assert article.dateline == dateline
    assert article.publisher == publisher
    assert article.published == published
    assert article.text.startswith(first)


def test_no_dateline_in_an_ordinary_sentence():
    article = clean(text_page("NATO allies met in Brussels - and agreed on nothing.\n\n" + BODY))
    assert article.dateline is None


@pytest.mark.parametrize(
    "stamp, section, date",
    [
        ("World 09:30 March 5, 2024", "World", dt.date(2024, 3, 5)),
        ("Politics | Published 5 March 2024 14:30 GMT", "Politics", dt.date(2024, 3, 5)),
        ("2024-03-05T14:30:00+09:00", None, dt.date(2024, 3, 5)),
        ("Updated: Tue, Mar. 5, 2024, 2:30 p.m.", None, dt.date(2024, 3, 5)),
    ],
)
def test_time_stamp_lines(stamp, section, date):
    article = clean(text_page(f"Ministers agree to reopen embassies\n\n{stamp}\n\n{BODY}"))
    assert article.published == date and article.published_from == "input"
    assert article.section == section
    assert stamp in article.removed_lines and stamp not in article.text


def test_a_sentence_with_a_date_is_not_a_time_stamp():
    sentence = "On March 5, 2024, talks began."
    article = clean(text_page(f"{sentence}\n\n{BODY}"))
    assert article.text.startswith(sentence)
    assert article.published is None


def test_byline_gives_author():
    article = clean(text_page(f"Ministers agree to reopen embassies\n\nBy Jane Doe and John Roe, Reuters\n\n{BODY}"))
    assert article.author == "Jane Doe and John Roe"
    assert "By Jane Doe" not in article.text
    assert article.title == "Ministers agree to reopen embassies"


def test_whitespace_is_normalised_inside_lines_only():
    raw = "Ministers\tagree  to reopen\u00a0embassies\r\n\r\nThe  talks\u200b  ended   late.\r\nBoth sides  signed."
    article = clean(text_page(raw))
    assert article.text == "Ministers agree to reopen embassies\n\nThe talks ended late.\n\nBoth sides signed."


def test_hard_wrapped_text_is_joined_into_paragraphs():
    wrapped = (
        "The foreign ministers of both countries met for three hours on\n"
        "Tuesday and agreed to reopen their embassies, officials said after\n"
        "the talks ended in the capital late in the evening.\n\n"
        "The agreement follows months of quiet contacts brokered by\n"
        "neighbouring states, according to diplomats familiar with the\n"
        "negotiations who asked not to be named.\n"
    )
    paragraphs = clean(text_page(wrapped)).text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("The foreign ministers") and paragraphs[0].endswith("late in the evening.")


def test_repeated_lines_are_boilerplate_but_a_repeated_headline_stays_once():
    raw = "Ministers agree to reopen embassies\n\nMinisters agree to reopen embassies\n\nOur partners' picks\n\n" + BODY + "\n\nOur partners' picks"
    article = clean(text_page(raw))
    assert article.title == "Ministers agree to reopen embassies"
    assert article.text.count("Ministers agree to reopen embassies") == 1
    assert "Our partners' picks" not in article.text
    assert article.removed_lines.count("Our partners' picks") == 2


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.",
        "Sign up for our daily newsletter to get the news in your inbox",
        "Advertisement",
        "Share on Facebook",
        "Facebook Twitter Email",
        "Copyright 2024 Example News. All rights reserved.",
        "A protester waves a flag outside parliament. (AP Photo/Jane Doe)",
        "Photo: Reuters",
        "(END)",
    ],
)
def test_general_boilerplate_lines_are_dropped(line):
    article = clean(text_page(f"{line}\n\n{BODY}"))
    assert line not in article.text
    assert line in article.removed_lines


def test_user_boilerplate_file_extends_the_shipped_one(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("line\tPromoted stories from our partners\tadvertising\nregex\tlisten to this story \\d+ min\tshare\n")
    raw = f"Promoted stories from our partners\n\nListen to this story 4 min\n\n{BODY}"
    assert "Promoted stories" in clean(text_page(raw)).text
    article = clean(text_page(raw), boilerplate=load_boilerplate(extra))
    assert "Promoted stories" not in article.text and "Listen to this story" not in article.text


def test_bad_boilerplate_file_is_a_knowledge_error(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("regex\t(unclosed\tshare\n")
    with pytest.raises(KnowledgeError, match="line 1"):
        load_boilerplate(bad)


def test_html_detected_by_content_not_name(tmp_path):
    html = (
        "<html><head><title>Ministers agree to reopen embassies</title></head><body>"
        + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
        + "</body></html>"
    )
    path = tmp_path / "saved.txt"
    path.write_text(html)
    article = clean(load_page(str(path)))
    assert article.kind == "html"
    assert "<p>" not in article.text and "reopen their embassies" in article.text
    assert is_html("<p>Short fragment</p><p>second</p>")
    assert not is_html("Use the <b> tag for bold, the manual said, and the <i> tag for italics in a sentence.")


NEWS_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ministers agree to reopen embassies | Example Times</title>
<meta property="og:title" content="Ministers agree to reopen embassies">
<meta property="og:site_name" content="Example Times">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<script>var tracking = "December 1, 1999";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Ministers agree to reopen embassies</h1>
<p>GENEVA (Reuters) - The foreign ministers of both countries met for three hours on Tuesday and agreed to reopen their embassies, officials said after the talks ended.</p>
<p>The agreement follows months of quiet contacts brokered by neighbouring states, according to diplomats familiar with the negotiations.</p>
<p>Both governments are expected to name ambassadors within weeks, a spokesman for the host government told reporters in Geneva on Tuesday evening.</p>
</article>
<footer><p>Copyright 2024 Example Times. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def test_html_article_body_and_metadata():
    article = clean(page_from_text(NEWS_HTML, source="page.html", url="https://example.org/world/embassies"))
    assert article.kind == "html"
    assert article.title == "Ministers agree to reopen embassies"
    assert article.text.split("\n\n")[0] == article.title
    assert article.text.split("\n\n")[1].startswith("GENEVA (Reuters) - The foreign ministers")
    assert article.published == dt.date(2024, 3, 5) and article.published_from == "input"
    assert article.author == "Jane Doe"
    assert article.publisher == "Example Times"
    assert article.dateline == "Geneva"
    assert article.url == "https://example.org/world/embassies"
    assert "Privacy policy" not in article.text and "Sport" not in article.text and "tracking" not in article.text


def test_real_gzipped_page_matches_gold_body():
    gold = json.loads((EXTRACTION / "ground-truth.json").read_text(encoding="utf-8"))
    page_id = "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856"
    article = clean(load_page(str(EXTRACTION / "html" / f"{page_id}.html.gz")))
    assert article.published == dt.date(2019, 11, 19)
    assert article.author and article.publisher
    assert article.url.startswith("https://www.wsj.com/")  # the page's canonical URL
    words = re.findall(r"\w+", article.text.lower())
    gold_words = re.findall(r"\w+", gold[page_id]["articleBody"].lower())
    ours = {tuple(words[i : i + 4]) for i in range(len(words) - 3)}
    theirs = {tuple(gold_words[i : i + 4]) for i in range(len(gold_words) - 3)}
    assert len(ours & theirs) / len(theirs) > 0.9


def test_malformed_html_still_gives_text():
    broken = "<html><body><div><p>" + BODY.replace("\n\n", "<p>") + "<div><span>unclosed <b>tags</i></table>"
    article = clean(page_from_text(broken))
    assert "agreed to reopen their embassies" in article.text


def test_html_without_article_text_is_E105():
    with pytest.raises(NoArticleText) as info:
        clean(page_from_text("<html><head><script>var a = 1;</script></head><body><nav></nav></body></html>", source="x.html"))
    assert info.value.code == "E105" and "x.html" in str(info.value)


def test_text_that_is_all_furniture_is_E105():
    with pytest.raises(NoArticleText):
        clean(text_page("Skip to main content\nAdvertisement\nSend Feedback\nThanks for your feedback!"))


def test_empty_text_is_E101():
    with pytest.raises(EmptyInput):
        clean(text_page("   \n  "))


def test_non_english_is_E104_naming_the_language():
    german = (
        "Die Aussenminister beider Länder trafen sich am Dienstag drei Stunden lang und vereinbarten, "
        "ihre Botschaften wieder zu öffnen, wie Beamte nach dem Ende der Gespräche mitteilten. Die "
        "Einigung folgt auf monatelange stille Kontakte, die von Nachbarstaaten vermittelt wurden."
    )
    with pytest.raises(NotEnglish, match="'de'") as info:
        clean(text_page(german, source="bericht.txt"))
    assert info.value.code == "E104" and "bericht.txt" in str(info.value)


def test_short_text_is_not_judged_for_language():
    article = clean(text_page("Lee Do-hoon met Kim Jong-un in Pyongyang."))
    assert article.text == "Lee Do-hoon met Kim Jong-un in Pyongyang."


def test_cp1252_text_is_decoded_before_cleaning():
    raw = "The minister\u2019s caf\u00e9 talks \u2014 \u201cconstructive\u201d, he said.\n\n" + BODY
    article = clean(page_from_text(raw.encode("cp1252")))
    assert article.text.startswith("The minister\u2019s caf\u00e9 talks \u2014 \u201cconstructive\u201d")


def test_huge_text_is_bounded_in_time_and_size(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("w") as handle:
        for number in range(210_000):
            handle.write(f"Paragraph {number}: the ministers met again on Tuesday and agreed to keep talking, officials said.\n\n")
    assert path.stat().st_size > 20_000_000
    start = time.monotonic()
    article = clean(load_page(str(path)))
    assert time.monotonic() - start < 10
    assert len(article.text) <= MAX_ARTICLE_CHARS
    assert article.text.endswith("officials said.")


def test_a_sentence_starting_with_by_is_not_a_byline():
    sentence = "By Friday, the talks had collapsed."
    article = clean(text_page(f"{sentence}\n\n{BODY}"))
    assert article.author is None and article.text.startswith(sentence)


def test_given_datetime_is_taken_as_its_date():
    article = clean(text_page(BODY), published=dt.datetime(2024, 5, 1, 13, 30))
    assert article.published == dt.date(2024, 5, 1) and article.published_from == "given"


def test_pathological_html_does_not_hang():
    start = time.monotonic()
    with pytest.raises(NoArticleText):
        clean(page_from_text("<html><body>" + "<script>" * 100_000 + "<div" * 50_000))
    assert time.monotonic() - start < 20


WIRE_COPY = """Skip to main content
World
Business

Iran rejects U.S. call for new nuclear talks, foreign ministry says
By Parisa Hafezi
3 minute read
March 5, 2024 10:42 AM GMT+1 Updated 2 hours ago

DUBAI, March 5 (Reuters) - Iran on Tuesday rejected a U.S. call for new talks over its nuclear programme, a foreign ministry spokesman said, adding that Washington must first lift sanctions.

Advertisement · Scroll to continue

The United States has said it is open to diplomacy but that all options remain on the table.

Reporting by Parisa Hafezi; Editing by Alex Richardson
"""

BROADCASTER_COPY = """Ukraine war: Drone attack hits Kyiv apartment block

5 hours ago

Share

Image source, Getty Images
Image caption, Firefighters at the scene in Kyiv

By Paul Kirby
BBC News

Russia launched a wave of drones at the Ukrainian capital overnight, killing at least three people in a residential building, officials said on Sunday morning.

Ukraine's air force said it shot down most of the drones.
"""


def test_copied_wire_page():
    article = clean(text_page(WIRE_COPY))
    assert article.title == "Iran rejects U.S. call for new nuclear talks, foreign ministry says"
    assert (article.published, article.author, article.publisher, article.dateline) == (
        dt.date(2024, 3, 5), "Parisa Hafezi", "Reuters", "Dubai",
    )
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == article.title and paragraphs[1].startswith("DUBAI, March 5 (Reuters) - Iran")
    assert len(paragraphs) == 3 and paragraphs[2].startswith("The United States")


def test_copied_broadcaster_page():
    article = clean(text_page(BROADCASTER_COPY))
    assert article.title == "Ukraine war: Drone attack hits Kyiv apartment block"
    assert article.author == "Paul Kirby"
    assert article.text.split("\n\n")[1].startswith("Russia launched a wave of drones")
    assert {"Share", "Image source, Getty Images", "BBC News", "5 hours ago"} <= set(article.removed_lines)
