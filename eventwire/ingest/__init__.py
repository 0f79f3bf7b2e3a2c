"""Corpus ingest: input sources, the local batch runner and its progress display."""

from eventwire.ingest.runner import DEFAULT_BATCH, RunSummary, code_batch, ingest
from eventwire.ingest.sources import InputMeta, SourceItem, count_documents, iter_inputs

__all__ = ["DEFAULT_BATCH", "InputMeta", "RunSummary", "SourceItem", "code_batch", "count_documents", "ingest", "iter_inputs"]
