"""``sitrep batch``: the same report as ``sitrep analyze`` on every engine,
Parquet tables that hold the report, idempotent re-runs, PostgreSQL
loading, and one-line errors. The Spark cases need PySpark and Java
(``make test`` installs both; skipped without them, failed with CI set)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"


def _ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _need_spark() -> None:
    problems = []
    try:
        import pyspark  # noqa: F401
    except ImportError:
        problems.append("PySpark is not installed (pip install 'sitrep[spark]')")
    if not shutil.which("java") and not (os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").exists()):
        problems.append("no Java runtime (tools/ensure-java.sh installs one)")
    if problems:
        message = "; ".join(problems)
        if _ci():
            pytest.fail(f"{message} (CI is set, so the Spark tests must run)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    """The sample corpus through ``sitrep analyze`` and through ``sitrep
    batch`` (local engine, one worker)."""
    import subprocess
    import sys

    base = tmp_path_factory.mktemp("batch")
    cmd = [sys.executable, "-m", "sitrep"]
    a = subprocess.run([*cmd, "analyze", str(CORPUS), "--db", str(base / "a.db"), "--json", str(base / "a.json"), "-q"],
                       capture_output=True, text=True)
    assert a.returncode == 0, a.stderr
    b = subprocess.run([*cmd, "batch", str(CORPUS), "--out", str(base / "one"), "-q"], capture_output=True, text=True)
    assert b.returncode == 0, b.stderr
    return base


def _report(folder: Path) -> dict:
    return json.loads((folder / "report.json").read_text(encoding="utf-8"))


def test_local_batch_report_is_the_analyze_report(local_run):
    analyzed = json.loads((local_run / "a.json").read_text(encoding="utf-8"))
    batched = _report(local_run / "one")
    assert batched["documents"] and batched["events"] and batched["lineage"]
    assert batched == analyzed


def test_pool_of_two_gives_the_same_report(local_run, sitrep):
    r = sitrep("batch", str(CORPUS), "--out", str(local_run / "two"), "--workers", "2", "-q")
    assert r.code == 0, r.err
    assert "local, 2 workers" in r.err
    assert _report(local_run / "two") == _report(local_run / "one")


def test_parquet_tables_hold_the_report(local_run):
    import pyarrow.parquet as pq

    rep = _report(local_run / "one")
    folder = local_run / "one" / "parquet"
    for name in ("documents", "lineage", "stories", "entities", "places", "quotes", "events", "discrepancies"):
        table = pq.read_table(folder / f"{name}.parquet")
        assert table.num_rows == len(rep[name]), name
        json_cols = set(json.loads(table.schema.metadata[b"sitrep.json_columns"]))
        rows = table.to_pylist()
        for row, entry in zip(rows, rep[name]):
            back = {k: (json.loads(v) if k in json_cols and v is not None else v) for k, v in row.items()}
            assert set(entry) <= set(back), name
            for k, v in back.items():
                assert v == entry.get(k), (name, k)
    events = pq.read_table(folder / "events.parquet")
    assert str(events.schema.field("id").type) == "string"
    assert "mentions" in json.loads(events.schema.metadata[b"sitrep.json_columns"])


def test_rerun_is_a_no_op(local_run, sitrep):
    out = local_run / "one"
    db = out / "sitrep.db"

    def counts():
        with sqlite3.connect(db) as conn:
            return {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
                    for t in ("documents", "annotations", "lineage", "stories", "events", "discrepancies")}

    before, report_before = counts(), _report(out)
    r = sitrep("batch", str(CORPUS), "--out", str(out), "-q")
    assert r.code == 0, r.err
    assert f"duplicates {len(report_before['documents'])}" in r.err and "ingested 0" in r.err
    assert counts() == before
    assert _report(out) == report_before


def test_batch_loads_postgres(local_run, pg_server, sitrep):
    from sitrep.store import Store
    from sitrep.store.pgtemp import create_database

    url = create_database(pg_server, "batch_load")
    r = sitrep("batch", str(CORPUS), "--out", str(local_run / "pg"), "--db", url, "-q")
    assert r.code == 0, r.err
    assert not (local_run / "pg" / "sitrep.db").exists()
    assert _report(local_run / "pg") == _report(local_run / "one")
    with Store(url) as store:
        assert len(store.documents(latest_only=True)) == len(_report(local_run / "one")["documents"])
        assert len(store.events()) == len(_report(local_run / "one")["events"])


@pytest.mark.parametrize("args, message", [
    (["--engine", "hadoop"], "--engine: unknown engine 'hadoop'"),
    (["--master", "local[2]"], "--master and --conf are Spark settings"),
    (["--engine", "spark", "--conf", "novalue"], "--conf novalue: expected KEY=VALUE"),
])
def test_bad_options_are_one_line_errors(tmp_path, sitrep, args, message):
    r = sitrep("batch", str(CORPUS), "--out", str(tmp_path / "o"), *args)
    assert r.code == 2
    lines = [ln for ln in r.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0], r.err
    assert not (tmp_path / "o" / "sitrep.db").exists()


def test_out_that_is_a_file_is_refused(tmp_path, sitrep):
    target = tmp_path / "taken"
    target.write_text("keep me")
    r = sitrep("batch", str(CORPUS), "--out", str(target))
    assert r.code == 2 and r.err.strip() == f"sitrep: --out {target}: exists and is not a folder"
    assert target.read_text() == "keep me"


def test_bad_inputs_are_rejected_and_the_rest_processed(tmp_path, sitrep, article):
    good = tmp_path / "in"
    good.mkdir()
    for i in range(3):
        (good / f"r{i}.txt").write_text(article(i))
    (good / "empty.txt").write_text("")
    r = sitrep("batch", str(good), str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"), "--workers", "2")
    assert r.code == 0, r.err
    assert "missing.jsonl" in r.err and "empty.txt" in r.err
    assert len(_report(tmp_path / "o")["documents"]) == 3


# ---------------------------------------------------------------- Spark


@pytest.mark.spark
def test_spark_gives_the_local_report(local_run, sitrep):
    _need_spark()
    r = sitrep("batch", str(CORPUS), "--out", str(local_run / "spark"), "--engine", "spark", "--master", "local[2]",
               "--conf", "spark.driver.memory=1g", "-q")
    assert r.code == 0, r.err
    assert "spark, master local[2]" in r.err
    assert _report(local_run / "spark") == _report(local_run / "one")
    import pyarrow.parquet as pq

    assert pq.read_table(local_run / "spark" / "parquet" / "events.parquet").num_rows == len(_report(local_run / "one")["events"])


@pytest.mark.spark
def test_spark_that_cannot_start_is_a_one_line_error(tmp_path, sitrep):
    _need_spark()
    r = sitrep("batch", str(CORPUS), "--out", str(tmp_path / "o"), "--engine", "spark", "--master", "nonsense://x")
    assert r.code == 2
    lines = [ln for ln in r.err.splitlines() if ln.strip() and not ln.startswith(("WARNING", "Using", "Setting"))]
    assert lines and lines[-1].startswith("sitrep: --engine spark: could not start Spark (nonsense://x)"), r.err


@pytest.fixture(scope="module")
def spark_engine():
    _need_spark()
    from sitrep.batch.engines import SparkEngine

    engine = SparkEngine("local[2]")
    yield engine
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    engine.close()
    if gateway is not None:  # the JVM would otherwise idle (and hold its memory) until pytest exits
        gateway.shutdown()
        proc = getattr(gateway, "proc", None)
        if proc is not None:
            proc.stdin.close()  # the gateway JVM exits when its stdin closes
            proc.wait(timeout=60)
        SparkContext._gateway = SparkContext._jvm = None


def _corpus_for_candidates(seed: int = 7):
    """Documents that exercise every bucket rule: an LSH bucket over
    MAX_BUCKET (exact copies), a passage posted by over MAX_DF documents,
    one outlet's boilerplate, light edits, one-paragraph excerpts, empty
    bodies and unrelated texts."""
    import random

    from sitrep.lineage import LineageDoc
    from sitrep.lineage import candidates as cand

    syl = "ka ro mi tel var os un dri pel sa ha zen lo bru kit am".split()
    words = [a + b + c for a in syl for b in syl for c in syl]
    rng = random.Random(seed)

    def para(n=40):
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    docs, outlets = [], []

    def add(body, outlet=None):
        docs.append(LineageDoc(f"d-{len(docs):04d}", body, outlet=outlet))
        outlets.append(outlet)

    agency = [para() for _ in range(8)]
    for i in range(cand.MAX_BUCKET + 12):  # exact copies: one LSH bucket per band over the cap
        add("\n\n".join(agency), f"outlet {i}")
    stock = para(30)
    for i in range(cand.MAX_DF + 15):  # one passage in over MAX_DF documents
        add("\n\n".join([para(), stock, para()]), f"network {i % 40}")
    box = para(35)
    for i in range(5):  # the same outlet's newsletter box
        add("\n\n".join([para(), box, para()]), "Harbour Ledger")
    for i in range(6):  # light edits and excerpts of the agency story
        edited = [p.replace(p.split()[3], "altered", 1) if k % 2 else p for k, p in enumerate(agency)]
        add("\n\n".join(edited if i % 2 else [para(), agency[i], para()]), None)
    for _ in range(40):
        add("\n\n".join(para() for _ in range(5)), rng.choice([None, "Coast Post", "Valley Times"]))
    add("", None)
    add("Short.", "Coast Post")
    return docs, outlets


@pytest.mark.spark
def test_spark_candidates_equal_the_numpy_search(spark_engine):
    import numpy as np

    from sitrep.lineage import candidates as cand
    from sitrep.lineage import fingerprint

    docs, outlets = _corpus_for_candidates()
    fps = [fingerprint(d) for d in docs]
    want = cand.find_candidates(fps, outlets)
    got = spark_engine.candidates(fps, outlets)
    assert len(want) > 3 * len(docs) // 2 and want.lsh.any() and (~want.lsh).any() and want.boilerplate
    for field in ("left", "right", "shared", "lsh"):
        assert np.array_equal(getattr(got, field), getattr(want, field)), field
    assert got.boilerplate == want.boilerplate


@pytest.mark.spark
def test_spark_map_keeps_task_order(spark_engine):
    from sitrep.pipeline import clean_batch  # noqa: F401  (the stage functions travel by name)

    got = list(spark_engine.map(len, [[0] * n for n in (5, 0, 3, 8, 1, 2, 7)]))
    assert got == [5, 0, 3, 8, 1, 2, 7]


def test_adding_documents_updates_like_analyze(tmp_path, sitrep):
    """A batch over part of the corpus, then over all of it (the same store):
    the report equals ``sitrep analyze`` doing the same two runs, and the
    second run's change log names what the new reports changed."""
    part = tmp_path / "part"
    part.mkdir()
    files = sorted(CORPUS.iterdir())
    for f in files[: len(files) // 2]:
        shutil.copy(f, part / f.name)
    db = tmp_path / "a.db"
    for inputs, extra in (([str(part)], []), ([str(CORPUS)], ["--json", str(tmp_path / "a.json")])):
        r = sitrep("analyze", *inputs, "--db", str(db), "-q", *extra)
        assert r.code == 0, r.err
    for inputs in ([str(part)], [str(CORPUS)]):
        r = sitrep("batch", *inputs, "--out", str(tmp_path / "b"), "--workers", "2", "-q")
        assert r.code == 0, r.err
    assert _report(tmp_path / "b") == json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    r = sitrep("changes", "--db", str(tmp_path / "b" / "sitrep.db"), "--json")
    assert r.code == 0, r.err
    kinds = {c["kind"] for c in json.loads(r.out)}
    assert kinds & {"new_story", "story_grew", "new_event"}, kinds
