"""Where the batch job's parallel work runs: a local process pool or Spark.

An engine runs sitrep's own stage functions; it never has a version of
them. It offers four things:

``map(fn, tasks)``
    ``fn`` (a module-level function, so it travels by name) applied to each
    task, results in task order. The stages call it with
    :func:`sitrep.pipeline.clean_batch` (a batch of 256 raw pages),
    :func:`~sitrep.pipeline.annotate_task` (``task_size`` documents; the
    spaCy model is loaded once per worker process),
    :func:`~sitrep.pipeline.fingerprint_task`, the lineage pair alignment
    and :func:`~sitrep.pipeline.story_events` (a group of whole stories).
``candidates(fps, outlets)``
    lineage candidate pairs, the same as
    :func:`sitrep.lineage.find_candidates`.
``workers`` / ``task_size`` / ``inflight``
    how many tasks run at once, documents per NLP task, and how many
    ingest batches are cleaned together.

:class:`LocalEngine` forks a pool of ``workers`` processes for each map
(after the model is loaded, so the workers share it), or runs in this
process with one worker. :class:`SparkEngine` runs each task as one
partition of an RDD (``mapPartitions``), in waves of jobs that keep every
core busy, and hands the results back in task order; its lineage candidates come from two shuffles
(MinHash LSH bands, and the passage-hash index) that reproduce the numpy
search bucket by bucket, so both engines find the same pairs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import add

import numpy as np

from ..errors import ConfigError
from ..lineage import candidates as cand

ENGINES = ("local", "spark")


class LocalEngine:
    """A pool of forked processes (none with one worker)."""

    name = "local"

    def __init__(self, workers: int = 1):
        if workers < 1:
            raise ConfigError(f"--workers: must be at least 1, got {workers}")
        self.workers = workers
        self.task_size = 16
        self.inflight = 1 if workers == 1 else 2 * workers

    def map(self, fn: Callable, tasks: Iterable) -> Iterator:
        tasks = list(tasks)
        if self.workers == 1 or len(tasks) < 2:
            for t in tasks:
                yield fn(t)
            return
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(self.workers, len(tasks))) as pool:
            yield from pool.imap(fn, tasks)

    def candidates(self, fps, outlets) -> cand.Candidates:
        return cand.find_candidates(fps, outlets)

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return f"local, {self.workers} worker{'s' if self.workers != 1 else ''}"


class _Each:
    """``fn`` over every task of a partition (picklable: ``fn`` goes by name)."""

    def __init__(self, fn: Callable):
        self.fn = fn

    def __call__(self, it):
        for t in it:
            yield self.fn(t)


class SparkEngine:
    """PySpark (``pip install 'sitrep[spark]'``, Java 17). ``master`` is any
    Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``);
    ``conf`` extra ``spark.*`` settings. Under ``spark-submit`` the session
    it was given is used."""

    name = "spark"

    def __init__(self, master: str | None = "local[2]", conf: dict[str, str] | None = None):
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise ConfigError("--engine spark needs PySpark: pip install 'sitrep[spark]'") from None
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = SparkSession.builder.appName("sitrep batch")
        if master:
            builder = builder.master(master)
        settings = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                    "spark.python.worker.reuse": "true"}
        if (master or "").startswith("local"):
            settings.update({"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"})
        settings.update(conf or {})
        for k, v in settings.items():
            builder = builder.config(k, v)
        try:
            self.spark = builder.getOrCreate()
        except Exception as exc:  # no Java, a bad master URL: one line, not a JVM trace
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ConfigError(f"--engine spark: could not start Spark ({master}): {first}") from None
        self.sc = self.spark.sparkContext
        self.sc.setLogLevel("ERROR")
        self.workers = max(1, self.sc.defaultParallelism)
        self.task_size = 32
        self.inflight = 4 * self.workers
        self.master = self.sc.master

    def map(self, fn: Callable, tasks: Iterable) -> Iterator:
        """Tasks in waves of ``8 × parallelism`` partitions, one Spark job
        each, so every core of the cluster works while the driver holds at
        most one wave's results (``toLocalIterator`` would run one
        partition at a time)."""
        tasks = list(tasks)
        wave = 8 * self.workers
        for i in range(0, len(tasks), wave):
            part = tasks[i : i + wave]
            yield from self.sc.parallelize(part, len(part)).mapPartitions(_Each(fn)).collect()

    def candidates(self, fps: Sequence, outlets: Sequence[str | None]) -> cand.Candidates:
        return spark_candidates(self.sc, fps, outlets)

    def close(self) -> None:
        self.spark.stop()

    def describe(self) -> str:
        return f"spark, master {self.master}, parallelism {self.workers}"


def make_engine(name: str, *, workers: int = 1, master: str | None = None,
                conf: dict[str, str] | None = None):
    if name == "local":
        return LocalEngine(workers)
    if name == "spark":
        return SparkEngine(master or (None if under_spark_submit() else "local[2]"), conf)
    raise ConfigError(f"--engine: unknown engine {name!r} (choose from {', '.join(ENGINES)})")


def under_spark_submit() -> bool:
    """Whether ``spark-submit`` started this process (it hands Python its
    gateway); its master and settings then apply unless ``--master`` is given."""
    return bool(os.environ.get("PYSPARK_GATEWAY_PORT"))


# ---------------------------------------------------------------- lineage candidates on Spark


def _band_records(row):
    i, keys = row
    return (((b, k), i) for b, k in enumerate(keys))


def _lsh_bucket(kv):
    members = list(kv[1])
    if len(members) < 2:
        return []
    return cand.bucket_pairs(members, cand.MAX_BUCKET).tolist()


def _passage_records(row):
    i, hashes, code = row
    return ((h, (i, code)) for h in hashes)


def _passage_bucket(kv):
    """``("b", hash)`` for an outlet's boilerplate, else ``("p", pair key)``
    per pair the bucket gives (repeats kept: they are the shared counts)."""
    h, posts = kv
    posts = list(posts)
    if cand.is_boilerplate([c for _, c in posts]):
        return [("b", h)]
    if len(posts) < 2:
        return []
    return [("p", k) for k in cand.bucket_pairs([i for i, _ in posts], cand.MAX_DF).tolist()]


def spark_candidates(sc, fps: Sequence, outlets: Sequence[str | None]) -> cand.Candidates:
    """:func:`sitrep.lineage.find_candidates` as two Spark shuffles.

    LSH: every document emits ``((band, bucket key), document)`` for its 42
    bands; grouping by key gives the buckets, and each bucket's pairs come
    from the same rule as the numpy search (all pairs, or a star and a chain
    over more than ``MAX_BUCKET``). Passages: every document emits
    ``(passage hash, (document, outlet))``; a bucket is an outlet's
    boilerplate or gives its pairs (star and chain over ``MAX_DF``), and a
    ``reduceByKey`` counts each pair's shared hashes. The pairs (a bounded
    number per document) come back here for the top-``TOP_K`` cut and the
    union, by the same code as the numpy search."""
    n = len(fps)
    if len(outlets) != n:
        raise ValueError(f"{n} fingerprints but {len(outlets)} outlets")
    if n < 2:
        return cand.find_candidates(fps, outlets)
    parts = max(2, sc.defaultParallelism * 2, n // 5000)
    valid = [i for i, f in enumerate(fps) if not f.empty]
    if len(valid) >= 2:
        keys = cand.band_keys(np.stack([fps[i].minhash for i in valid]))
        rows = sc.parallelize(list(zip(valid, keys.tolist())), parts)
        lkeys = np.unique(np.array(rows.flatMap(_band_records).groupByKey(parts).flatMap(_lsh_bucket)
                                   .distinct(parts).collect(), dtype=np.int64))
    else:
        lkeys = np.zeros(0, dtype=np.int64)
    codes = cand.outlet_codes(outlets).tolist()
    prow = [(i, f.passages.astype(np.int64).tolist(), codes[i]) for i, f in enumerate(fps) if len(f.passages)]
    if not prow:
        return cand.combine(lkeys, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), frozenset())
    buckets = sc.parallelize(prow, parts).flatMap(_passage_records).groupByKey(parts).flatMap(_passage_bucket).cache()
    try:
        boiler = frozenset(buckets.filter(lambda r: r[0] == "b").map(lambda r: r[1]).collect())
        counted = (buckets.filter(lambda r: r[0] == "p").map(lambda r: (r[1], 1)).reduceByKey(add, parts)
                   .filter(lambda kv: kv[1] >= cand.MIN_SHARED).collect())
    finally:
        buckets.unpersist()
    counted.sort()
    pkeys = np.array([k for k, _ in counted], dtype=np.int64)
    pcounts = np.array([c for _, c in counted], dtype=np.int64)
    return cand.combine(lkeys, pkeys, pcounts, boiler)
