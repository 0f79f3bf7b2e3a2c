"""Issue contexts from sentence words."""

from __future__ import annotations

import pytest

from eventwire.contexts import Contexts, contexts_for, default_contexts
from eventwire.errors import KnowledgeError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moon is pushing for the shipment of humanitarian assistance to the North.", "humanitarian"),
        ("Lee co-chaired a session on denuclearization.", "nuclear"),
        ("The North demands sanctions relief and political rewards.", "sanctions"),
        ("The two sides will also discuss inter-Korean relations.", "inter_korean"),
        ("The two Koreas will reconnect cross-border roads and railway tracks.", "economic"),
        ("Voters went to the polls on Sunday.", "election"),
        ("Thousands of refugees fled across the border.", "refugees"),
        ("The Security Council condemned the terrorist attack.", "terrorism"),
    ],
)
def test_phrases_tag_sentences(text, expected):
    assert expected in contexts_for(text)


def test_no_tag_without_issue_words_and_order_follows_the_file():
    assert contexts_for("He said it was a fine day.") == ()
    assert contexts_for("") == ()
    tags = default_contexts().tags
    found = contexts_for("Sanctions on the nuclear programme and inter-Korean talks.")
    assert list(found) == sorted(found, key=tags.index)
    assert {"nuclear", "sanctions", "inter_korean"} <= set(found)


def test_words_must_match_whole_and_in_sequence():
    assert "nuclear" not in contexts_for("The new clear rules apply.")
    assert "humanitarian" not in contexts_for("The cross was red; the crescent moon rose.")
    assert "humanitarian" in contexts_for("The Red Cross delivered supplies.")


def test_user_file_adds_contexts(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("# my issues\nfisheries\tfishing right\nfisheries\ttrawler*\n")
    contexts = Contexts.load(extra_files=[extra])
    assert contexts.for_text("A dispute over fishing rights.") == ("fisheries",)
    assert "fisheries" in contexts.for_text("Coast guards seized two trawlers and the nuclear plant.")
    assert "fisheries" in contexts.tags and "fisheries" not in default_contexts().tags


def test_bad_file_names_the_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("fisheries fishing\n")
    with pytest.raises(KnowledgeError, match="bad.tsv:1"):
        Contexts.load(extra_files=[bad])
    bad.write_text("fisheries\tfi*\n")
    with pytest.raises(KnowledgeError, match="prefix"):
        Contexts.load(extra_files=[bad])
