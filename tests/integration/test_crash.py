"""Crash safety: `sitrep analyze` killed with SIGKILL at random moments,
restarted each time on the same input, ends with the store a clean run
gives: the same documents once each, the same lineage, stories, events and
discrepancy ledger, every story's events computed (none half-written), on
SQLite and on PostgreSQL. The corpus is ~200 reports made from the sample
corpus (each report in several variants, so lineage, stories and events all
have work to do).

The number of kills per backend is ``SITREP_CRASH_KILLS`` (default 6); the
seed is ``SITREP_CRASH_SEED`` (default 7) and is printed on failure."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "corpus"
KILLS = int(os.environ.get("SITREP_CRASH_KILLS", "6"))
SEED = int(os.environ.get("SITREP_CRASH_SEED", "7"))
SITREP = [sys.executable, "-m", "sitrep.cli"]

pytest.importorskip("spacy")


def _corpus(folder: Path) -> Path:
    """~200 JSON Lines records: every sample report in variants (a dateline
    line, a dropped or repeated paragraph, another outlet)."""
    from sitrep.config import Settings, sqlite_url
    from sitrep.pipeline import ingest

    db = folder / "templates.db"
    with Store(sqlite_url(db)) as store:
        ingest([str(EXAMPLES)], store, Settings(db_url=sqlite_url(db)))
        templates = [d for d in store.documents() if d.body]
    rng = random.Random(SEED)
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for k in range(200):
            d = templates[k % len(templates)]
            paras = d.body.split("\n\n")
            variant = k // len(templates)
            if variant % 3 == 1 and len(paras) > 3:
                paras = paras[:-1]
            elif variant % 3 == 2:
                paras = paras + [paras[rng.randrange(len(paras))]]
            f.write(json.dumps({"title": d.title, "outlet": f"{d.outlet or 'Desk'} {variant % 4}",
                                "published": d.published.isoformat() if d.published else None,
                                "url": f"https://crash.example/{variant}/{d.id}",
                                "text": f"Desk {variant}.\n\n" + "\n\n".join(paras)}) + "\n")
    return path


def _run(corpus: Path, url: str, kill_after: float | None = None) -> int | None:
    """Run `sitrep analyze`; with ``kill_after``, SIGKILL it after that many
    seconds (None: it finished first). Returns the exit code."""
    p = subprocess.Popen([*SITREP, "analyze", str(corpus), "--db", url, "-q"], cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is None:
        _, err = p.communicate(timeout=900)
        assert p.returncode == 0, err.decode(errors="replace")[-2000:]
        return p.returncode
    try:
        p.wait(timeout=kill_after)
        p.communicate()
        return p.returncode
    except subprocess.TimeoutExpired:
        os.kill(p.pid, signal.SIGKILL)
        p.communicate()
        return None


def _state(url: str) -> dict:
    with Store(url) as store:
        docs = store.documents(latest_only=False)
        stories = store.stories()
        events = store.events()
        state = store.story_state()
        return {
            "documents": sorted((d.id, d.content_hash, d.source) for d in docs),
            "lineage": sorted((l.document, l.source, l.kind) for l in store.lineage_links()),
            "wire": sorted((k, c.agency) for k, c in store.wire_credits().items()),
            "stories": sorted((s.id, tuple(sorted(s.documents))) for s in stories),
            "events": sorted(json.dumps({k: v for k, v in e.items() if k != "id"}, sort_keys=True) for e in events),
            "ledger": sorted(json.dumps({k: v for k, v in x.items() if k not in ("id", "event")}, sort_keys=True)
                             for x in store.discrepancies()),
            "state": sorted(state), "story_ids": sorted(s.id for s in stories),
            "events_of_stories": sorted({e["story"] for e in events}),
        }


def _crash_and_compare(tmp_path: Path, url: str, clean_url: str) -> None:
    corpus = _corpus(tmp_path)
    t0 = time.monotonic()
    _run(corpus, clean_url)
    clean_time = time.monotonic() - t0
    clean = _state(clean_url)
    assert len(clean["documents"]) >= 150 and clean["events"] and clean["stories"]
    rng = random.Random(SEED)
    killed = 0
    for _ in range(KILLS):
        if _run(corpus, url, kill_after=rng.uniform(0.5, clean_time)) is None:
            killed += 1
        got = _state(url)  # whatever a reader sees between runs is whole
        assert len(set(got["documents"])) == len(got["documents"])
        assert set(got["state"]) <= set(got["story_ids"])
        assert set(got["events_of_stories"]) <= set(got["story_ids"])
    _run(corpus, url)
    final = _state(url)
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were killed before finishing (seed {SEED})"
    for key in clean:
        assert final[key] == clean[key], f"{key} differs from a clean run after {killed} kills (seed {SEED})"
    assert final["state"] == final["story_ids"], "a story was left without its events"


def test_sqlite_survives_kills(tmp_path):
    _crash_and_compare(tmp_path, f"sqlite:///{tmp_path / 'crash.db'}", f"sqlite:///{tmp_path / 'clean.db'}")


def test_postgres_survives_kills(tmp_path, pg_server):
    from sitrep.store.pgtemp import create_database

    _crash_and_compare(tmp_path, create_database(pg_server, "crash"), create_database(pg_server, "clean"))
