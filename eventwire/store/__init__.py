"""The event store: an embedded DuckDB file with versioned schema, written in crash-safe batches."""

from eventwire.store.dataset import ParquetDataset
from eventwire.store.rows import ArticleRows, article_rows, rows_for
from eventwire.store.store import DEFAULT_PATH, EventStore, RunTotals, WriteResult

__all__ = ["DEFAULT_PATH", "ArticleRows", "EventStore", "ParquetDataset", "RunTotals", "WriteResult", "article_rows", "rows_for"]
