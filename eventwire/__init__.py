"""eventwire: political event data from news reports, with evidence for every event."""

from eventwire.records import Actor, Article, CodedArticle, Discard, Event, Location, Mention, Page

__version__ = "0.1.0"


def code(text_or_html, published=None, url=None):
    """Code one report (raw text or HTML) into events; see eventwire.pipeline.Coder.code."""
    from eventwire.pipeline import default_coder

    return default_coder().code(text_or_html, published=published, url=url)


__all__ = ["Actor", "Article", "CodedArticle", "Discard", "Event", "Location", "Mention", "Page", "code"]
