"""Speed of the events stage: extraction per document, resolution and
reconciliation per story.

    .venv/bin/python bench/events.py [DATA_DIR] [--sizes 100,1000]

DATA_DIR (default: examples/corpus) holds the template reports (any input
sitrep reads). Each is ingested and parsed once; extraction is timed per
document on the parsed texts (the spaCy parse itself is bench/nlp.py's
business). For each size N, a story of N documents is made by repeating the
templates' mentions under new document ids, each template copy its own
independence group and publication shifted by up to three days, and the
corpus stage (coreference, event values, independent sources, discrepancy
ledger) is timed on it. Prints ms/document for extraction and seconds per
story (with mentions/s) for resolution + reconciliation.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(ROOT / "examples" / "corpus"))
    ap.add_argument("--sizes", default="100,1000", help="documents per story (comma-separated)")
    ap.add_argument("--repeat", type=int, default=3, help="extraction passes over the templates (best is kept)")
    args = ap.parse_args(argv)

    import tempfile

    from sitrep.config import Settings
    from sitrep.events import VERSION, extract_mentions
    from sitrep.events.reconcile import discrepancies
    from sitrep.events.resolve import Mention, build_events
    from sitrep.nlp import annotate, load_pipeline
    from sitrep.pipeline import ingest
    from sitrep.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        ingest([args.data], store, Settings())
        docs = store.documents(latest_only=True)
        store.close()
    if not docs:
        print(f"{args.data}: no documents", file=sys.stderr)
        return 2
    nlp = load_pipeline()
    parsed = list(nlp.pipe(d.body for d in docs))
    anns = [annotate(p, d.published, d.dateline) for p, d in zip(parsed, docs)]
    words = sum(len(d.body.split()) for d in docs)
    best = float("inf")
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        found = [extract_mentions(p, a, d.published) for p, a, d in zip(parsed, anns, docs)]
        best = min(best, time.perf_counter() - t0)
    n_mentions = sum(len(f) for f in found)
    print(f"events stage version {VERSION}; templates: {len(docs)} documents, {words} words, {n_mentions} mentions")
    print(f"extraction: {1000 * best / len(docs):.2f} ms/document ({words / best:,.0f} words/s, parse excluded)")
    for size in [int(x) for x in args.sizes.split(",") if x.strip()]:
        mentions = []
        for i in range(size):
            d, ms = docs[i % len(docs)], found[i % len(docs)]
            doc_id = f"d-{i:012d}"
            published = d.published + timedelta(days=i % 4) if d.published else None
            for m in ms:
                s0, s1 = m["sentence"]
                mentions.append(Mention(key=f"{doc_id}:{m['n']}", doc=doc_id, story="s-bench", data=copy.deepcopy(m),
                                        sentence=d.body[s0:s1], published=published, group=i,
                                        agents=list(m.get("agents", []))))
        tracemalloc.start()
        t0 = time.perf_counter()
        events = build_events(mentions)
        t1 = time.perf_counter()
        ledger = discrepancies(events)
        t2 = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"story of {size} documents: {len(mentions)} mentions -> {len(events)} events, {len(ledger)} discrepancies; "
              f"resolution {t1 - t0:.2f} s, reconciliation {t2 - t1:.2f} s "
              f"({len(mentions) / max(t2 - t0, 1e-9):,.0f} mentions/s, peak +{peak / 2**20:.0f} MB traced)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
