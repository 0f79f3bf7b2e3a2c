"""Reading the tab-separated knowledge files: one place for comments, blanks and read errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from eventwire.errors import KnowledgeError


def data_rows(path: Path, what: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped tab-separated fields) of each data line; blank lines and `#`
    comments are skipped. An unreadable file is a KnowledgeError naming it and `what` it holds."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(str(path), f"cannot read {what} file: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, [field.strip() for field in line.split("\t")]
