"""The error catalogue: every failure eventwire reports has a class and a stable code.

The library raises these; the edges (CLI, HTTP API, batch ingest) translate them into a one-line
message, a JSON error body or a Discard row. Codes never change meaning once released.
"""

from __future__ import annotations

from eventwire.records import Discard


class EventwireError(Exception):
    """Base class. `source` names the input at fault (path, URL, '-', gold file...)."""

    code = "E000"
    stage = "pipeline"

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem} [{self.code}]")

    def to_discard(self, source: str | None = None) -> Discard:
        """The data row a batch run keeps for an input it had to drop."""
        return Discard(source=source or self.source, stage=self.stage, code=self.code, reason=self.problem)

    def to_dict(self) -> dict[str, str]:
        """The one JSON error shape used by the CLI (--format json) and the HTTP API."""
        return {"code": self.code, "source": self.source, "stage": self.stage, "error": self.problem}


class InputError(EventwireError):
    code = "E100"
    stage = "read"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class UndecodableInput(InputError):
    code = "E103"


class NotEnglish(InputError):
    code = "E104"
    stage = "clean"


class NoArticleText(InputError):
    code = "E105"
    stage = "clean"


class MissingDate(InputError):
    code = "E106"
    stage = "clean"


class FetchError(InputError):
    code = "E110"


class NotHTMLResponse(FetchError):
    code = "E111"


class KnowledgeError(EventwireError):
    code = "E200"
    stage = "knowledge"


class ModelError(EventwireError):
    code = "E300"
    stage = "code"


class StoreError(EventwireError):
    code = "E400"
    stage = "store"


class MigrationError(StoreError):
    code = "E401"


class GoldFileError(EventwireError):
    code = "E500"
    stage = "evaluate"


class UnreadableInput(InputError):
    """A path that does not exist, is a directory, or cannot be opened."""

    code = "E107"


class InternalError(EventwireError):
    """A bug met while coding one input; batch runs record it as a discard and go on."""

    code = "E900"
    stage = "code"
