"""`eventwire code`: one report in, coded events out (table for people, JSON Lines for programs)."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from importlib import resources
from typing import Annotated, Optional

import typer

from eventwire.cli.app import app, fail
from eventwire.errors import EventwireError
from eventwire.records import CodedArticle

EXAMPLE = "yonhap-2018-12-21-working-group.txt"


class OutputFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"


@app.command("code")
def code_command(
    source: Annotated[Optional[str], typer.Argument(help="file path, http(s) URL, or - for stdin")] = None,
    date: Annotated[Optional[dt.datetime], typer.Option("--date", formats=["%Y-%m-%d"], help="publication date, when the input lacks one")] = None,
    output: Annotated[OutputFormat, typer.Option("--format", "-f", help="table (people), jsonl or json (programs)")] = OutputFormat.table,
    example: Annotated[bool, typer.Option("--example", help="code the bundled example: a Yonhap report of 2018-12-21")] = False,
) -> None:
    """Code one news report into political events."""
    from eventwire.pipeline import default_coder
    from eventwire.read import load_page, page_from_text

    as_json = output is not OutputFormat.table
    if example == (source is not None):
        raise typer.BadParameter("give exactly one of SOURCE or --example")
    try:
        if example:
            text = (resources.files("eventwire") / "data" / "examples" / EXAMPLE).read_bytes()
            page = page_from_text(text, source=f"example:{EXAMPLE}")
        else:
            page = load_page(source)
        coded = default_coder().code_page(page, published=date.date() if date else None)
    except EventwireError as error:
        fail(error, as_json=as_json)
    if output is OutputFormat.table:
        from eventwire.cli.render import print_events

        print_events(coded)
    elif output is OutputFormat.jsonl:
        for event in coded.events:
            print(event.model_dump_json())
    else:
        print(json.dumps(_document_json(coded), indent=2, ensure_ascii=False))


def _document_json(coded: CodedArticle) -> dict:
    article = coded.article.model_dump(mode="json", exclude={"text"})
    return {"article": article, "text": coded.article.text,
            "events": [event.model_dump(mode="json") for event in coded.events]}
