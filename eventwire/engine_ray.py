"""The Ray engine: the local ingest pipeline spread over a Ray cluster, writing Parquet.

Why a second engine: one process codes a few articles a second, so big corpora need many cores
or machines. The work unit is the local engine's own (`eventwire.ingest.code_batch`), so both
engines read, clean, code and discard inputs identically. Ray Data runs it in a pool of actors
(`map_batches` with a callable class, `ActorPoolStrategy(size=workers)`, one CPU each), each
loading one `Coder` once. The driver holds no documents: it plans shards (`plan_shards`: file
names, line and byte offsets, WARC record offsets) and the workers read them.

Every shard's rows go straight into a Parquet dataset with the columns of `eventwire.store.rows`:
documents partitioned by published date, events by event day (hive folders such as
`events/day=2024-03-04/`), the other tables unpartitioned. Its data files are named after the
shard and attempt (`<shard key>-<attempt>...`), and a commit file `inputs/<shard key>-<attempt>.parquet`
(one row per consumed input) is written last, atomically. Readers (`ParquetDataset`,
`EventStore.load_parquet`) see only committed attempts, so a killed run leaves nothing half
written, and rerunning the same command into the same folder codes only the shards not yet
committed. `eventwire query --parquet` and DuckDB read the dataset where it is; `load_parquet`
merges it into a store, which is how small runs end up in one.

On a multi-machine cluster the output must be a place every node reaches (shared folder or a
pyarrow-supported URI such as s3://bucket/run).
"""

from __future__ import annotations

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
from eventwire.ingest.sources import Shard, count_documents, iter_shard, plan_shards
from eventwire.store.dataset import COMMIT_FOLDER, batch_key
from eventwire.store.rows import TABLES, ArticleRows, DiscardRow, batch_to_arrow
from eventwire.store.store import EventStore, RunTotals, WriteResult

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
    result: RunTotals
    skipped: int
    seconds: float


@dataclass(frozen=True)
class KnowledgeFiles:
    """A user's extra actor and trigger files, loaded by every worker's Coder."""

    actors: tuple[Path, ...] = ()
    triggers: tuple[Path, ...] = ()


def write_parquet_batch(rows: Sequence[ArticleRows], output: str, batch: str) -> None:
    """Write one batch of rows into the dataset at `output` (folder or URI), each table in its
    folder, every file name starting with `batch` (unique per attempt, so writers never collide)."""
    filesystem, root = pafs.FileSystem.from_uri(_uri(output))
    for table, data in batch_to_arrow(rows).items():
        if data.num_rows == 0:
            continue
        folder = f"{root}/{table}"
        if table in PARTITIONS:
            pq.write_to_dataset(data, folder, partition_cols=[PARTITIONS[table]], filesystem=filesystem,
                                basename_template=f"{batch}-{{i}}.parquet",
                                existing_data_behavior="overwrite_or_ignore")
        else:
            filesystem.create_dir(folder, recursive=True)
            pq.write_table(data, f"{folder}/{batch}.parquet", filesystem=filesystem)


def commit_batch(consumed: pa.Table, output: str, batch: str) -> None:
    """Record the batch's inputs as done: written under a temporary name, then renamed, so the
    commit file is either whole or absent."""
    filesystem, root = pafs.FileSystem.from_uri(_uri(output))
    folder = f"{root}/{COMMIT_FOLDER}"
    filesystem.create_dir(folder, recursive=True)
    pq.write_table(consumed, f"{folder}/{batch}.parquet.partial", filesystem=filesystem)
    filesystem.move(f"{folder}/{batch}.parquet.partial", f"{folder}/{batch}.parquet")


class CodeWorker:
    """One Ray actor: builds its Coder once, then codes shard after shard into the dataset."""

    def __init__(self, output: str, knowledge: KnowledgeFiles, nlp_batch: int) -> None:
        from eventwire.pipeline import Coder

        self.coder = (Coder.with_extra_knowledge(knowledge.actors, knowledge.triggers)
                      if knowledge.actors or knowledge.triggers else Coder())
        self.output = output
        self.nlp_batch = nlp_batch

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Read and code the shards of `batch`, write and commit their rows, return one row per input."""
        summaries = [self._code_shard(pickle.loads(blob)) for blob in batch.column("shard").to_pylist()]
        return pa.concat_tables(summaries)

    def _code_shard(self, shard: Shard) -> pa.Table:
        rows, consumed = code_batch(list(iter_shard(shard)), self.coder, nlp_batch=self.nlp_batch)
        batch = f"{shard.key}-{uuid.uuid4().hex[:12]}"
        write_parquet_batch(rows, self.output, batch)
        discards = [item.discards[0] if item.discards else None for item in rows]
        summary = pa.table({
            "source": [source for source, _ in consumed],
            "doc_id": [doc_id for _, doc_id in consumed],
            "events": [len(item.events) for item in rows],
            "stage": [d.stage if d else None for d in discards],
            "code": [d.code if d else None for d in discards],
            "reason": [d.reason if d else None for d in discards],
        }, schema=_CONSUMED)
        commit_batch(summary, self.output, batch)
        return summary


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
    """Code every document of `inputs` on Ray with `workers` actors into the Parquet dataset at
    `output`; run it again with the same inputs and batch size to finish an interrupted run."""
    started = time.monotonic()
    target = _uri(output)
    names = [str(i) for i in inputs]
    shards = list(dict.fromkeys(plan_shards(names, batch_size)))  # an input given twice is coded once
    done, skipped = _committed(target, {shard.key for shard in shards})
    todo = [shard for shard in shards if shard.key not in done]
    if progress is not None:
        progress.start(count_documents(names))
        if skipped:
            progress.advance(skipped, WriteResult())
    total = RunTotals()
    if todo:
        with ray_session(address):
            import ray.data

            ray.data.DataContext.get_current().enable_progress_bars = False
            dataset = ray.data.from_items([{"shard": pickle.dumps(shard)} for shard in todo], override_num_blocks=len(todo))
            coded = dataset.map_batches(
                CodeWorker, fn_constructor_kwargs={"output": target, "knowledge": knowledge, "nlp_batch": nlp_batch},
                batch_size=1, batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1,
            )
            for consumed in coded.iter_batches(batch_format="pyarrow", batch_size=None):
                result = _batch_result(consumed)
                total = total.add(result)
                if progress is not None:
                    progress.advance(consumed.num_rows, result)
    return RayRunSummary(target, workers, total, skipped, time.monotonic() - started)


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
        if not run.result.documents and not run.result.discard_count:
            return run
        loaded = store.load_parquet(run.output)
    return RayRunSummary(store.path, workers, loaded, 0, time.monotonic() - started)


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


def _committed(output: str, planned: set[str]) -> tuple[set[str], int]:
    """Keys of the planned shards an earlier run into `output` committed, and how many inputs
    they consumed (for the summary and the progress bar).

    A folder that is neither new, empty, nor an earlier run of the same plan is refused: adding
    other inputs or another batch size to it would store documents twice.
    """
    try:
        filesystem, root = pafs.FileSystem.from_uri(output)
        info = filesystem.get_file_info(root)
        if info.type == pafs.FileType.File:
            raise StoreError(output, "the Parquet output must be a folder, this is a file")
        if info.type != pafs.FileType.Directory:
            return set(), 0
        entries = {Path(e.path).name for e in filesystem.get_file_info(pafs.FileSelector(root))}
        commits = [c for c in filesystem.get_file_info(pafs.FileSelector(f"{root}/{COMMIT_FOLDER}", allow_not_found=True))
                   if c.path.endswith(".parquet")]
    except (OSError, pa.ArrowInvalid) as exc:
        raise StoreError(output, f"cannot use this as the Parquet output ({exc})") from None
    keys = {batch_key(Path(c.path).name) for c in commits}
    if not entries <= {*TABLES, COMMIT_FOLDER} or not keys <= planned:
        raise StoreError(output, "the Parquet output folder holds other data; give a new folder for a new run "
                                 "(the same inputs and --batch-size resume an interrupted one)")
    return keys, sum(pq.read_metadata(c.path, filesystem=filesystem).num_rows for c in commits)
