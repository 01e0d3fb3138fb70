"""``sitrep batch``: the whole pipeline over many inputs on an engine.

    inputs ──read (here, streamed)──▶ batches of 256 raw pages
      │  dedupe by content hash (here)
      ▼
    clean_batch ×N  ─────────────── engine.map      shared menu lines + cleaning
      │  outlets refined, documents stored (here, input order)
      ▼
    annotate_task ×N ────────────── engine.map      spaCy + sitrep's NLP + event mentions,
      │  annotations stored                          model loaded once per worker
      ▼
    fingerprint_task ×N ─────────── engine.map
    candidates ──────────────────── engine.candidates   (Spark: LSH-band and passage shuffles)
    pair alignment ×N ───────────── engine.map
      │  links, wire credits, stories (here)
      ▼
    story_events ×N ─────────────── engine.map      coreference + reconciliation per group of stories
      │  events and ledger stored (here)
      ▼
    report.json + parquet/*.parquet (+ the store: out/sitrep.db, or --db)

Every box is the function ``sitrep analyze`` runs; the engine only decides
where. ``--engine local`` with one worker is ``sitrep analyze``, and every
engine gives the same report for the same input (tests/integration).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError

#: the report's lists written as Parquet tables, one file each
TABLES = ("documents", "lineage", "stories", "entities", "places", "quotes", "events", "discrepancies")


@dataclass
class BatchSummary:
    engine: str
    out: Path
    report: Path
    ingest: Any = None
    corpus: Any = None
    tables: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        t = self.seconds
        return (f"batch ({self.engine}): {len(dict.fromkeys(self.ingest.documents))} documents, "
                f"{sum(self.tables.values())} rows in {len(self.tables)} Parquet tables; "
                f"ingest {t.get('ingest', 0):.1f} s, lineage+stories {t.get('corpus', 0):.1f} s, "
                f"nlp {t.get('nlp', 0):.1f} s, events {t.get('events', 0):.1f} s, report {t.get('report', 0):.1f} s")


def run_batch(inputs: list[str], out: str | Path, *, engine: str = "local", workers: int = 1,
              master: str | None = None, conf: dict[str, str] | None = None, db: str | None = None,
              model: str | None = None, max_bytes: int | None = None, on_reject=None, progress=None) -> BatchSummary:
    """Run ingest, the corpus stages and the events stage over ``inputs`` on
    the named engine, then write ``out/report.json`` and
    ``out/parquet/<table>.parquet``. The store is ``out/sitrep.db`` unless
    ``db`` names another (a PostgreSQL URL loads the results there).
    Re-running the same inputs stores nothing new and writes the same
    report."""
    from .. import report as report_mod
    from ..config import Settings, resolve_db_url, sqlite_url
    from ..pipeline import _corpus_context as corpus_context
    from ..pipeline import analyze_corpus, analyze_events, build_report, ingest
    from ..store import Store
    from .engines import make_engine

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    db_url = resolve_db_url(db) if db else sqlite_url((out / "sitrep.db").resolve())
    settings = Settings(db_url=db_url) if max_bytes is None else Settings(db_url=db_url, max_bytes=max_bytes)
    eng = make_engine(engine, workers=workers, master=master, conf=conf)
    result = BatchSummary(engine=eng.describe(), out=out, report=out / "report.json")
    try:
        with Store(db_url) as store:
            t0 = time.perf_counter()
            summary = ingest(list(inputs), store, settings, command=f"batch --engine {engine}", engine=eng,
                             on_reject=on_reject, progress=progress)
            result.ingest = summary
            t1 = time.perf_counter()
            result.seconds["ingest"] = t1 - t0
            context = None
            if summary.documents:
                result.corpus = analyze_corpus(store, engine=eng)
                t2 = time.perf_counter()
                result.seconds["corpus"] = t2 - t1
                context = corpus_context(store, model, engine=eng)
                t3 = time.perf_counter()
                result.seconds["nlp"] = t3 - t2
                result.corpus.events = analyze_events(store, model, context, run_id=summary.run_id, engine=eng)
                result.seconds["events"] = time.perf_counter() - t3
            t3 = time.perf_counter()
            docs = [d for d in (store.get_document(i) for i in dict.fromkeys(summary.documents)) if d is not None]
            rep = build_report(store, docs, context)
            report_mod.write(rep, result.report)
            result.tables = write_tables(rep, out / "parquet")
            result.seconds["report"] = time.perf_counter() - t3
    finally:
        eng.close()
    return result


# ---------------------------------------------------------------- Parquet


def write_tables(report: dict, folder: Path) -> dict[str, int]:
    """One Parquet file per list of the report (:data:`TABLES`), one row per
    entry. A field whose values are all strings, all booleans, all integers
    or all numbers becomes a column of that type (missing values are null);
    any other field (lists, objects, mixed types) is stored as JSON text, and
    the file's metadata names those columns under ``sitrep.json_columns``.
    Each file is written beside its final name and moved into place.
    Returns the row count per table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in TABLES:
        rows = report.get(name) or []
        table = _arrow_table(rows, pa)
        tmp = folder / f".{name}.parquet.tmp"
        pq.write_table(table, tmp)
        tmp.replace(folder / f"{name}.parquet")
        counts[name] = len(rows)
    return counts


def _column_type(values: list, pa):
    present = [v for v in values if v is not None]
    if not present:
        return pa.string(), False
    kinds = {type(v) for v in present}
    if kinds == {str}:
        return pa.string(), False
    if kinds == {bool}:
        return pa.bool_(), False
    if kinds == {int}:
        return pa.int64(), False
    if kinds <= {int, float}:
        return pa.float64(), False
    return pa.string(), True


def _arrow_table(rows: list[dict], pa):
    names: list[str] = []
    for r in rows:
        for k in r:
            if k not in names:
                names.append(k)
    arrays, fields, json_cols = [], [], []
    for k in names:
        values = [r.get(k) for r in rows]
        typ, as_json = _column_type(values, pa)
        if as_json:
            json_cols.append(k)
            values = [None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True) for v in values]
        elif typ == pa.float64():
            values = [None if v is None else float(v) for v in values]
        arrays.append(pa.array(values, type=typ))
        fields.append(pa.field(k, typ))
    schema = pa.schema(fields, metadata={"sitrep.json_columns": json.dumps(json_cols), "sitrep.format": "sitrep/1"})
    return pa.Table.from_arrays(arrays, schema=schema)
