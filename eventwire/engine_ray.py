"""The Ray engine: the local ingest pipeline spread over a Ray cluster, writing Parquet.

Why a second engine: one process codes a few articles a second, so big corpora need many cores
or machines. The work unit is the local engine's own (`eventwire.ingest.code_batch`), so both
engines read, clean, code and discard inputs identically. Ray Data runs it in a pool of actors
(`map_batches` with a callable class, `ActorPoolStrategy(size=workers)`, one CPU each), each
loading one `Coder` once, and every actor writes its batches straight into a Parquet dataset
with the columns of `eventwire.store.rows`:
documents partitioned by published date, events by event day (hive folders such as
`events/day=2024-03-04/`), the other tables unpartitioned. DuckDB reads it as it is
(`read_parquet('<out>/events/**/*.parquet', hive_partitioning = true)`) and
`EventStore.load_parquet` merges it into a store, which is how small runs end up in one.

The driver only lists the inputs: files are opened by the workers, while JSON Lines and WARC
records travel from the driver to the workers, so split huge archives into several files. On a
multi-machine cluster the output must be a place every node reaches (shared folder or a
pyarrow-supported URI such as s3://bucket/run).
"""

from __future__ import annotations

import math
import pickle
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from eventwire.annotate import SPACY_BATCH
from eventwire.errors import StoreError
from eventwire.ingest.runner import DEFAULT_BATCH, code_batch
from eventwire.ingest.sources import iter_inputs
from eventwire.store.rows import ArticleRows, DiscardRow, batch_to_arrow
from eventwire.store.store import EventStore, WriteResult

if TYPE_CHECKING:
    from eventwire.ingest.progress import IngestProgress

PARTITIONS = {"documents": "published", "events": "day"}
"""Table -> the date column its Parquet folders are split by (hive style)."""

_CONSUMED = pa.schema([("source", pa.string()), ("doc_id", pa.string()), ("events", pa.int32()),
                       ("stage", pa.string()), ("code", pa.string()), ("reason", pa.string())])


@dataclass(frozen=True)
class RayRunSummary:
    """What a Ray run wrote: `result` counts per-article rows (no cross-article merging yet)."""

    output: str
    workers: int
    result: WriteResult
    seconds: float


@dataclass(frozen=True)
class KnowledgeFiles:
    """A user's extra actor and trigger files, loaded by every worker's Coder."""

    actors: tuple[Path, ...] = ()
    triggers: tuple[Path, ...] = ()


def write_parquet_batch(rows: Sequence[ArticleRows], output: str) -> None:
    """Append one batch of rows to the dataset at `output` (folder or URI), each table in its folder.

    File names are random, so any number of writers can add to one dataset at once.
    """
    filesystem, root = pafs.FileSystem.from_uri(_uri(output))
    name = uuid.uuid4().hex
    for table, data in batch_to_arrow(rows).items():
        if data.num_rows == 0:
            continue
        folder = f"{root}/{table}"
        if table in PARTITIONS:
            pq.write_to_dataset(data, folder, partition_cols=[PARTITIONS[table]], filesystem=filesystem,
                                basename_template=f"{name}-{{i}}.parquet",
                                existing_data_behavior="overwrite_or_ignore")
        else:
            filesystem.create_dir(folder, recursive=True)
            pq.write_table(data, f"{folder}/{name}.parquet", filesystem=filesystem)


class CodeWorker:
    """One Ray actor: builds its Coder once, then codes batch after batch into the dataset."""

    def __init__(self, output: str, knowledge: KnowledgeFiles, nlp_batch: int) -> None:
        from eventwire.pipeline import Coder

        self.coder = (Coder.with_extra_knowledge(knowledge.actors, knowledge.triggers)
                      if knowledge.actors or knowledge.triggers else Coder())
        self.output = output
        self.nlp_batch = nlp_batch

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Code the inputs of `batch`, write their rows, return one summary row per input."""
        items = [pickle.loads(blob) for blob in batch.column("item").to_pylist()]
        rows, consumed = code_batch(items, self.coder, nlp_batch=self.nlp_batch)
        write_parquet_batch(rows, self.output)
        discards = [item.discards[0] if item.discards else None for item in rows]
        return pa.table({
            "source": [source for source, _ in consumed],
            "doc_id": [doc_id for _, doc_id in consumed],
            "events": [len(item.events) for item in rows],
            "stage": [d.stage if d else None for d in discards],
            "code": [d.code if d else None for d in discards],
            "reason": [d.reason if d else None for d in discards],
        }, schema=_CONSUMED)


@contextmanager
def ray_session(address: str | None = None) -> Iterator[None]:
    """Connected to Ray for the block: an existing connection as it is, else `address`.

    Without an address `ray.init` follows RAY_ADDRESS, else a running local cluster, else
    starts one for this process (shut down again at the end).
    """
    import ray

    if ray.is_initialized():
        yield
        return
    ray.init(address=address, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


def ingest_ray(inputs: Sequence[str | Path], output: str | Path, *, workers: int = 2,
               batch_size: int = DEFAULT_BATCH, nlp_batch: int = SPACY_BATCH, address: str | None = None,
               knowledge: KnowledgeFiles = KnowledgeFiles(),
               progress: IngestProgress | None = None) -> RayRunSummary:
    """Code every document of `inputs` on Ray with `workers` actors into a new Parquet dataset."""
    started = time.monotonic()
    target = _uri(output)
    _check_empty(target)
    items = list(iter_inputs([str(i) for i in inputs]))
    if progress is not None:
        progress.start(len(items))
    if not items:
        return RayRunSummary(target, workers, WriteResult(), time.monotonic() - started)
    with ray_session(address):
        import ray.data

        ray.data.DataContext.get_current().enable_progress_bars = False
        rows = [{"source": item.source, "item": pickle.dumps(item)} for item in items]
        # a small run is cut into at least one batch per worker, so that every worker gets some
        per_batch = max(1, min(batch_size, math.ceil(len(rows) / workers)))
        dataset = ray.data.from_items(rows, override_num_blocks=math.ceil(len(rows) / per_batch))
        coded = dataset.map_batches(
            CodeWorker, fn_constructor_kwargs={"output": target, "knowledge": knowledge, "nlp_batch": nlp_batch},
            batch_size=per_batch, batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
        )
        total = WriteResult()
        for consumed in coded.iter_batches(batch_format="pyarrow", batch_size=None):
            result = _batch_result(consumed)
            total += result
            if progress is not None:
                progress.advance(consumed.num_rows, result)
    return RayRunSummary(target, workers, total, time.monotonic() - started)


def ingest_ray_into_store(inputs: Sequence[str | Path], store: EventStore, *, workers: int = 2,
                          batch_size: int = DEFAULT_BATCH, address: str | None = None,
                          knowledge: KnowledgeFiles = KnowledgeFiles(),
                          progress: IngestProgress | None = None) -> RayRunSummary:
    """A small Ray run loaded into `store`: code into a temporary dataset, then merge it.

    The temporary folder is on this machine, so the workers must see it: a local cluster or a
    shared filesystem. The returned result is the store's (documents added, events merged).
    """
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="eventwire-ray-") as folder:
        run = ingest_ray(inputs, Path(folder) / "dataset", workers=workers, batch_size=batch_size,
                         address=address, knowledge=knowledge, progress=progress)
        if not run.result.documents and not run.result.discards:
            return run
        loaded = store.load_parquet(run.output)
    return RayRunSummary(store.path, workers, loaded, time.monotonic() - started)


def _batch_result(batch: pa.Table) -> WriteResult:
    records = batch.to_pylist()
    events = sum(r["events"] for r in records)
    return WriteResult(
        documents=sum(1 for r in records if r["doc_id"] is not None), article_events=events, new_events=events,
        discards=tuple(DiscardRow(r["source"], r["stage"], r["code"], r["reason"]) for r in records if r["code"]),
    )


def _uri(output: str | Path) -> str:
    """Local paths made absolute (the workers run elsewhere); URIs (s3://, gs://...) as given."""
    text = str(output)
    return text if "://" in text else str(Path(text).expanduser().resolve())


def _check_empty(output: str) -> None:
    """A run writes a fresh dataset: adding to an old one would store its documents twice."""
    try:
        filesystem, root = pafs.FileSystem.from_uri(output)
        info = filesystem.get_file_info(root)
        if info.type == pafs.FileType.File:
            raise StoreError(output, "the Parquet output must be a folder, this is a file")
        if info.type == pafs.FileType.Directory and filesystem.get_file_info(pafs.FileSelector(root)):
            raise StoreError(output, "the Parquet output folder is not empty; give a new folder for each run")
    except (OSError, pa.ArrowInvalid) as exc:
        raise StoreError(output, f"cannot use this as the Parquet output ({exc})") from None
