"""Rich rendering of coded events for people reading a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from eventwire.records import Actor, CodedArticle


PIPE_WIDTH = 200
"""Output piped to a file or pager is not cut to 80 columns: the evidence column needs room."""


def _actors(actors: tuple[Actor, ...]) -> str:
    return "\n".join(f"{a.name} [{' '.join(p for p in (a.code, a.sector) if p)}]" for a in actors) or "-"


def print_events(coded: CodedArticle, console: Console | None = None) -> None:
    console = console or Console()
    if not console.is_terminal:
        console.width = max(console.width, PIPE_WIDTH)
    article = coded.article
    published = article.published.isoformat() if article.published else "date missing"
    console.print(f"[bold]{article.title or article.source}[/bold]")
    console.print(f"{article.publisher or ''} {published} {article.dateline or ''}  "
                  f"doc {article.doc_id}, {len(coded.events)} events", style="dim")
    table = Table(show_lines=True)
    for column in ("type", "cameo", "modality", "source", "target", "date", "where", "contexts", "evidence"):
        table.add_column(column)
    for event in coded.events:
        date = event.date or "-"
        if event.planned_date:
            date += f"\nplanned {event.planned_date}"
        where = f"{event.location.name} ({event.location.country or '?'})" if event.location else "-"
        evidence = "\n".join(f"s{m.sentence}: {m.text}" for m in event.mentions)
        source = _actors(event.source) + (" (jointly)" if event.reciprocal else "")
        table.add_row(event.event_type, event.cameo, event.modality, source, _actors(event.target),
                      date, where, ", ".join(event.contexts), evidence)
    console.print(table)
