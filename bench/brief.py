"""Briefing build time: the sample corpus and a 1,000-document corpus.

    .venv/bin/python bench/brief.py [DATA_DIR] [--sizes 1000] [--repeat 3]

DATA_DIR (default: examples/corpus) is ingested into a temporary SQLite
store and analysed the way `sitrep brief` does (ingest and clean, lineage,
stories, NLP, events and the ledger); then the briefing is built from the
store's `sitrep/1` report: the report itself (`build_report`), what the
briefing says (`brief.build`), the HTML page, the Markdown, and writing the
three files. For each size N in --sizes, a corpus of N documents is made
from DATA_DIR's reports: copy k of a report keeps its text with a dateline
paragraph naming copy k, under outlet "<outlet> k" and the same
publication date (so lineage sees agency copies and the events stage many
mentions of the same events, as with a story syndicated to hundreds of
sites), and is timed the same way. The briefing steps are the
best of --repeat runs; the pipeline runs once. Prints seconds per step, the
HTML size, and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _pipeline(inputs: list[str], folder: Path):
    from sitrep.config import Settings
    from sitrep.pipeline import analyze_corpus, analyze_events, ingest
    from sitrep.store import Store

    store = Store(f"sqlite:///{folder}/bench.db")
    t0 = time.perf_counter()
    ingest(inputs, store, Settings(db_url=f"sqlite:///{folder}/bench.db"))
    t1 = time.perf_counter()
    analyze_corpus(store)
    analyze_events(store)
    t2 = time.perf_counter()
    return store, t1 - t0, t2 - t1


def _briefing_steps(store, out: Path, repeat: int) -> dict[str, float]:
    from sitrep import brief
    from sitrep.pipeline import build_report

    best: dict[str, float] = {}
    html_bytes = 0
    for _ in range(max(1, repeat)):
        times = {}
        t = time.perf_counter()
        docs = list(store.documents())
        report = build_report(store, docs)
        times["report"] = time.perf_counter() - t
        t = time.perf_counter()
        b = brief.build(report)
        times["build"] = time.perf_counter() - t
        t = time.perf_counter()
        html = brief.render_html(report, briefing=b)
        times["html"] = time.perf_counter() - t
        t = time.perf_counter()
        brief.render_markdown(report, briefing=b)
        times["markdown"] = time.perf_counter() - t
        t = time.perf_counter()
        brief.write(report, out, briefing=b)
        times["write"] = time.perf_counter() - t
        html_bytes = len(html.encode("utf-8"))
        for k, v in times.items():
            best[k] = min(best.get(k, v), v)
    best["html_kb"] = html_bytes / 1024
    best["events"] = len(report["events"])
    best["discrepancies"] = len(report["discrepancies"])
    return best


def _make_corpus(store, n: int, path: Path) -> None:
    templates = [d for d in store.documents() if d.body]
    with path.open("w", encoding="utf-8") as f:
        for k in range(n):
            d = templates[k % len(templates)]
            copy = k // len(templates)
            published = d.published
            rec = {"title": d.title, "outlet": f"{d.outlet or 'Outlet'} {copy}",
                   "published": published.isoformat() if published else None,
                   "url": f"https://bench.example/{copy}/{d.id}",
                   "text": f"Filed by desk {copy}.\n\n{d.body}"}
            f.write(json.dumps(rec) + "\n")


def _print(label: str, docs: int, ingest_s: float, analyse_s: float, steps: dict[str, float]) -> None:
    total = sum(steps[k] for k in ("report", "build", "html", "markdown", "write"))
    print(f"{label}: {docs} documents, {steps['events']} events, {steps['discrepancies']} discrepancies")
    print(f"  pipeline (once): ingest+clean {ingest_s:.1f} s, corpus stages {analyse_s:.1f} s")
    print(f"  briefing (best of runs): report {steps['report']:.2f} s, build {steps['build']:.2f} s, "
          f"html {steps['html']:.2f} s, markdown {steps['markdown']:.2f} s, write {steps['write']:.2f} s "
          f"= {total:.2f} s; briefing.html {steps['html_kb']:.0f} KB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(ROOT / "examples" / "corpus"))
    ap.add_argument("--sizes", default="1000", help="generated corpus sizes (comma-separated; empty: none)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if not Path(args.data).exists():
        raise SystemExit(f"{args.data}: no such folder")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "sample"
        base.mkdir()
        store, ing, ana = _pipeline([args.data], base)
        with store:
            n = sum(1 for _ in store.documents())
            _print(f"{args.data}", n, ing, ana, _briefing_steps(store, base / "out", args.repeat))
            for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
                folder = Path(tmp) / f"n{size}"
                folder.mkdir()
                _make_corpus(store, size, folder / "corpus.jsonl")
                big, ing, ana = _pipeline([str(folder / "corpus.jsonl")], folder)
                with big:
                    m = sum(1 for _ in big.documents())
                    _print(f"generated {size}", m, ing, ana, _briefing_steps(big, folder / "out", args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
